use heygen_api::prelude::*;
use heygen_api::serde_json::json;
use heygen_api::wait::{WaitOptions, wait_for_video_v3};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // HEYGEN_API_KEY, and HEYGEN_BASE_URL when it is not https://api.heygen.com.
    let client = ClientBuilder::from_env()?.build()?;

    let looks = client.list_avatar_looks_v3().limit(50).send().await?;
    println!("{} avatar looks on the first page", looks.data.len());

    // HeyGen's current (v3) API: an avatar says one line. The body is a union on `type`,
    // and JSON is the shortest way to write one.
    let request: types::CreateVideoV3Request = heygen_api::serde_json::from_value(json!({
        "type": "avatar",
        "avatar_id": "Angela-inTshirt-20220820",
        "voice_id": "1bd001e7e50f421d891986aad5158bc8",
        "script": "Hello from Rust!",
    }))?;
    // The client adds an Idempotency-Key, so a retried create never makes two videos.
    let created = client.create_video_v3().body(request).send().await?;
    let video_id = &created.data.video_id;

    // Polls with backoff; a failed render is a WaitError::Failed carrying HeyGen's code.
    let video = wait_for_video_v3(&client, video_id, &WaitOptions::default(), |_| {}).await?;
    println!("{video_id}: {}", video.video_url.unwrap_or_default());

    // HeyGen's error code of any failed call (the trait comes with the prelude).
    let lookup = client.get_video_v3().video_id("no-such-video");
    match lookup.send().await {
        Err(e) if e.heygen_v3_code() == Some(V3ErrorCode::NotFound) => println!("no such video"),
        Err(e) => return Err(e.into()),
        Ok(found) => println!("video {} exists", found.data.id),
    }
    Ok(())
}
