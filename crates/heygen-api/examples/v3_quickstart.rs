//! HeyGen's current (v3) API end to end: upload an image, make a talking video of it, page
//! through your videos, wait for the new one and download it.
//!
//! Against the mock: `cargo run -p heygen-mock` in one terminal, then
//! `HEYGEN_API_KEY=any HEYGEN_BASE_URL=http://127.0.0.1:4010 cargo run -p heygen-api --example v3_quickstart -- face.jpg`.
//! Against HeyGen: set only `HEYGEN_API_KEY` (this spends credits).

use futures::TryStreamExt;
use heygen_api::{
    assets::upload_file,
    auth::ClientBuilder,
    download::{Media, download_video},
    paginate::{PageToken, paginate},
    types,
    wait::{WaitOptions, wait_for_video_v3},
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let image = std::env::args()
        .nth(1)
        .ok_or("give the path of a JPEG or PNG image to animate")?;
    let client = ClientBuilder::from_env()?.build()?;

    let me = client.get_current_user_v3().send().await?;
    println!("signed in as {}", me.data.username);

    let asset = upload_file(&client, image.as_ref(), |sent, total| {
        eprint!("\ruploading {sent}/{total} bytes");
    })
    .await?;
    eprintln!();
    println!("uploaded {} ({})", asset.asset_id, asset.mime_type);

    // The body is a union on `type`; JSON is the shortest way to write one.
    let request: types::CreateVideoV3Request = serde_json::from_value(serde_json::json!({
        "type": "image",
        "image": {"type": "asset_id", "asset_id": asset.asset_id},
        "script": "Hello! I was a still image a moment ago.",
        "voice_id": "1bd001e7e50f421d891986aad5158bc8",
        "title": "v3 quickstart",
    }))?;
    // The client adds an Idempotency-Key, so a retried create never makes two videos.
    let created = client.create_video_v3().body(request).send().await?;
    let video_id = created.into_inner().data.video_id;
    println!("created video {video_id}");

    let videos: Vec<types::VideoV3> =
        paginate(|token| client.list_videos_v3().limit(100).page_token(token).send())
            .try_collect()
            .await?;
    println!("{} videos in the account", videos.len());

    let done = wait_for_video_v3(&client, &video_id, &WaitOptions::default(), |p| {
        eprintln!("{} is {} after {:?}", p.id, p.status, p.elapsed);
    })
    .await?;
    let file = format!("{video_id}.mp4");
    let bytes = download_video(
        &client,
        &video_id,
        Media::Video,
        done.video_url.as_deref(),
        file.as_ref(),
        |_, _| {},
    )
    .await?;
    println!("saved {file} ({bytes} bytes)");
    Ok(())
}
