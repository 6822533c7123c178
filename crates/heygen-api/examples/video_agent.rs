//! HeyGen's Video Agent (v3): a prompt in, a downloaded video out. The session is followed
//! until it completes (`generate` mode proceeds on its own), then its video is saved.
//!
//! Against the mock: `cargo run -p heygen-mock` in one terminal, then
//! `HEYGEN_API_KEY=any HEYGEN_BASE_URL=http://127.0.0.1:4010 cargo run -p heygen-api --example video_agent -- "A 30-second teaser for our headphones"`.
//! Against HeyGen: set only `HEYGEN_API_KEY` (this spends credits).

use heygen_api::{
    auth::ClientBuilder,
    download::{Media, download_video},
    types,
    wait::{WaitOptions, wait_for_v3},
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let prompt = std::env::args()
        .nth(1)
        .ok_or("give a prompt, e.g. \"A 30-second teaser for our headphones\"")?;
    let client = ClientBuilder::from_env()?.build()?;

    let request = types::CreateVideoAgentV3Request::builder()
        .prompt(prompt.as_str())
        .orientation(types::CreateVideoAgentV3RequestOrientation::Landscape);
    let created = client
        .create_video_agent_v3()
        .body(request)
        .send()
        .await?
        .into_inner()
        .data;
    println!("session {} ({})", created.session_id, created.status);

    // Returns once the session has completed (or, in chat mode, waits for an answer); a failed
    // session is an error carrying the agent's message.
    let session: types::VideoAgentSessionV3 =
        wait_for_v3(&client, &created.session_id, &WaitOptions::default(), |p| {
            eprintln!("{} after {:?}", p.status, p.elapsed)
        })
        .await?;
    for message in session.messages.iter().rev() {
        println!("{}: {}", message.role, message.content);
    }
    let video_id = session.video_id.ok_or("the session made no video")?;
    let file = format!("{video_id}.mp4");
    let bytes = download_video(
        &client,
        &video_id,
        Media::Video,
        None,
        file.as_ref(),
        |_, _| {},
    )
    .await?;
    println!("saved {file} ({bytes} bytes)");
    Ok(())
}
