//! `POST /_mock/reset` and `POST /_mock/webhooks/trigger`.

use axum::{Json, extract::State};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::core::{Core, error::ApiError, webhooks::Event};

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
    Json(t): Json<Trigger>,
) -> Result<Json<Triggered>, ApiError> {
    let types = &core.webhooks.types;
    if !types.contains(&t.event_type) {
        return Err(ApiError::invalid(format!(
            "event_type {:?} is not one of {:?}",
            t.event_type,
            types.all()
        )));
    }
    let event_id = core
        .webhooks
        .publish(&Event::new(&t.event_type, t.event_data, t.callback_url));
    Ok(Json(Triggered { event_id }))
}
