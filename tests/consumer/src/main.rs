use heygen_api::prelude::*;
use heygen_api::wait::{WaitOptions, wait_for_video};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // HEYGEN_API_KEY, and HEYGEN_BASE_URL when it is not https://api.heygen.com.
    let client = ClientBuilder::from_env()?.build()?;

    let avatars = client.list_avatars().send().await?;
    println!("{} avatars", avatars.data.avatars.len());

    // One scene: an avatar says one line. Test mode is free (and watermarked) on HeyGen.
    let avatar: types::AvatarCharacter = types::AvatarCharacter::builder()
        .type_(types::AvatarCharacterType::Avatar)
        .avatar_id("Angela-inTshirt-20220820")
        .try_into()?;
    let voice: types::TextVoice = types::TextVoice::builder()
        .type_(types::TextVoiceType::Text)
        .voice_id("1bd001e7e50f421d891986aad5158bc8")
        .input_text("Hello from Rust!")
        .try_into()?;
    let scene = types::VideoInput {
        character: Some(avatar.into()),
        voice: voice.into(),
        background: None,
    };
    let request = types::VideoGenerateRequest::builder()
        .video_inputs(vec![scene])
        .test(true);
    let created = client.generate_video().body(request).send().await?;
    let video_id = &created.data.video_id;

    // Polls with backoff; a failed render is a WaitError::Failed carrying HeyGen's code.
    let video = wait_for_video(&client, video_id, &WaitOptions::default(), |_| {}).await?;
    println!("{video_id}: {}", video.video_url.unwrap_or_default());

    // HeyGen's error code of any failed call (the trait comes with the prelude).
    let lookup = client.get_video_status().video_id("no-such-video");
    match lookup.send().await {
        Err(e) if e.heygen_code() == Some(HeyGenCode::NotFound) => println!("no such video"),
        Err(e) => return Err(e.into()),
        Ok(found) => println!("video {} exists", found.data.id),
    }
    Ok(())
}
