//! Lists avatars and voices, creates the tutorial's first video, waits for it and prints its URL.
//!
//! Against the mock: `cargo run -p heygen-mock` in one terminal, then
//! `HEYGEN_API_KEY=any HEYGEN_BASE_URL=http://127.0.0.1:4010 cargo run -p heygen-api --example quickstart`.
//! Against HeyGen: set only `HEYGEN_API_KEY` (the video is created in test mode, free and watermarked).

use heygen_api::{
    auth::ClientBuilder,
    types,
    wait::{WaitOptions, wait_for_video},
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = ClientBuilder::from_env()?.build()?;

    let avatars = client.list_avatars().send().await?;
    println!("{} avatars, e.g.:", avatars.data.avatars.len());
    for avatar in avatars.data.avatars.iter().take(3) {
        println!("  {} ({})", avatar.avatar_id, avatar.avatar_name);
    }
    let voices = client.list_voices().send().await?;
    let english: Vec<_> = voices
        .data
        .voices
        .iter()
        .filter(|v| v.language == "English")
        .collect();
    println!(
        "{} voices, {} in English",
        voices.data.voices.len(),
        english.len()
    );

    // Builders check required fields and value ranges; `?` turns a mistake into an error.
    let avatar: types::AvatarCharacter = types::AvatarCharacter::builder()
        .type_(types::AvatarCharacterType::Avatar)
        .avatar_id("Angela-inTshirt-20220820")
        .avatar_style(Some(types::AvatarStyle::Normal))
        .try_into()?;
    let voice: types::TextVoice = types::TextVoice::builder()
        .type_(types::TextVoiceType::Text)
        .voice_id("1bd001e7e50f421d891986aad5158bc8")
        .input_text("Welcome to the HeyGen API! This is a demonstration of how easy it is to create engaging avatar videos programmatically.")
        .speed(1.1)
        .try_into()?;
    let background: types::ColorBackground = types::ColorBackground::builder()
        .type_(types::ColorBackgroundType::Color)
        .value("#87CEEB")
        .try_into()?;
    let scene = types::VideoInput {
        character: Some(avatar.into()),
        voice: voice.into(),
        background: Some(background.into()),
    };
    let request = types::VideoGenerateRequest::builder()
        .video_inputs(vec![scene])
        .dimension(Some(types::Dimension {
            width: 1280,
            height: 720,
        }))
        .test(true);
    let created = client.generate_video().body(request).send().await?;
    let video_id = created.data.video_id.clone();
    println!("video {video_id} created");

    // Polls with backoff; a failed render comes back as WaitError::Failed with HeyGen's code.
    let done = wait_for_video(&client, &video_id, &WaitOptions::default(), |p| {
        println!("status: {} after {:.0?}", p.status, p.elapsed)
    })
    .await?;
    println!("done: {}", done.video_url.unwrap_or_default());
    Ok(())
}
