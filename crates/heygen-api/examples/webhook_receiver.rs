//! A webhook receiver: answers HeyGen's OPTIONS probe, verifies each delivery's signature,
//! parses the event and prints it. The Rust counterpart of the tutorial's Flask handler.
//!
//! ```sh
//! cargo run -p heygen-mock                                  # terminal 1
//! HEYGEN_WEBHOOK_SECRET=<secret from endpoint.add> \
//!   cargo run -p heygen-api --example webhook_receiver       # terminal 2, listens on 127.0.0.1:5000
//! ```
//! Start it once with any placeholder secret so it answers the OPTIONS probe, register
//! `http://127.0.0.1:5000/webhook` with `/v1/webhook/endpoint.add` (the answer holds the
//! secret), restart it with that secret, then make a video or trigger a test event with
//! `curl -X POST http://127.0.0.1:4010/_mock/webhooks/trigger -H 'Content-Type: application/json'
//! -d '{"event_type":"avatar_video.success","event_data":{"video_id":"v1","url":"https://x/v.mp4"}}'`.

use std::sync::Arc;

use axum::{
    Router,
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode},
    routing::post,
};
use heygen_api::webhooks::{EVENT_ID_HEADER, WebhookEvent, verify_and_parse};

async fn webhook(State(secret): State<Arc<str>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let event_id = headers
        .get(EVENT_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_owned();
    // Verify the raw bytes before parsing: re-serialized JSON would not match the signature.
    let event = match verify_and_parse(&body, &headers, &secret) {
        Ok(event) => event,
        Err(e) => {
            eprintln!("rejected delivery {event_id}: {e}");
            return StatusCode::UNAUTHORIZED;
        }
    };
    match &event {
        WebhookEvent::AvatarVideoSuccess(data) => println!(
            "[{event_id}] video {} is ready: {}",
            data.video_id, data.url
        ),
        WebhookEvent::AvatarVideoFail(data) => {
            println!("[{event_id}] video {} failed: {}", data.video_id, data.msg)
        }
        WebhookEvent::VideoTranslateSuccess(data) => println!(
            "[{event_id}] translation {} to {} is ready: {}",
            data.video_translate_id,
            data.output_language.as_deref().unwrap_or("?"),
            data.url
        ),
        WebhookEvent::VideoTranslateFail(data) => {
            println!(
                "[{event_id}] translation {} failed: {}",
                data.video_translate_id, data.message
            )
        }
        other => println!(
            "[{event_id}] {} (callback_id {:?})",
            other.event_type(),
            other.callback_id()
        ),
    }
    // Answer fast; do slow work (downloads) elsewhere so HeyGen does not time out and retry.
    StatusCode::OK
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret: Arc<str> = std::env::var("HEYGEN_WEBHOOK_SECRET")
        .map_err(|_| "set HEYGEN_WEBHOOK_SECRET to the secret endpoint.add returned")?
        .into();
    let addr = std::env::var("WEBHOOK_ADDR").unwrap_or_else(|_| "127.0.0.1:5000".into());
    let app = Router::new()
        .route(
            "/webhook",
            post(webhook).options(|| async { StatusCode::OK }),
        )
        .with_state(secret);
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("listening on http://{}/webhook", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}
