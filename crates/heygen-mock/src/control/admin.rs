//! `POST /_mock/reset` and `POST /_mock/webhooks/trigger`.

use axum::{Json, extract::State};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::core::{
    Core,
    error::{ApiError, echo},
    extract::JsonObject,
    webhooks::Event,
};

/// Largest `POST /_mock/webhooks/trigger` body: every event is kept in the delivery log, so
/// one is bounded well below the API's 1 MiB.
pub const TRIGGER_BODY_LIMIT: usize = 64 * 1024;
/// Longest `callback_url` of a triggered event.
const MAX_URL_CHARS: usize = 2048;

#[derive(Serialize)]
pub struct ResetDone {
    reset: bool,
}

pub async fn reset(State(core): State<Core>) -> Json<ResetDone> {
    core.reset();
    Json(ResetDone { reset: true })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trigger {
    event_type: String,
    #[serde(default)]
    event_data: Value,
    callback_url: Option<String>,
}

#[derive(Serialize)]
pub struct Triggered {
    event_id: String,
}

pub async fn trigger(
    State(core): State<Core>,
    body: Result<JsonObject<Trigger>, ApiError>,
) -> Result<Json<Triggered>, ApiError> {
    let JsonObject(t) = body.map_err(|mut e| {
        if e.status == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            e.message = format!(
                "Invalid parameters: a triggered event is at most {} KiB",
                TRIGGER_BODY_LIMIT / 1024
            );
        }
        e
    })?;
    let types = &core.webhooks.types;
    if !types.contains(&t.event_type) {
        return Err(ApiError::invalid(format!(
            "event_type {} is not one of {:?}",
            echo(&t.event_type),
            types.all()
        )));
    }
    if let Some(url) = &t.callback_url {
        let parsed = url::Url::parse(url)
            .map_err(|e| ApiError::invalid(format!("callback_url {}: {e}", echo(url))))?;
        if !matches!(parsed.scheme(), "http" | "https") || url.len() > MAX_URL_CHARS {
            return Err(ApiError::invalid(format!(
                "callback_url {} must be an http(s) URL of at most {MAX_URL_CHARS} characters",
                echo(url)
            )));
        }
    }
    let event_id = core.webhooks.publish(
        &Event::new(&t.event_type, t.event_data, t.callback_url),
        core.clock.now_ms(),
    );
    Ok(Json(Triggered { event_id }))
}
