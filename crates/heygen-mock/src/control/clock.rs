//! `GET /_mock/clock` and `POST /_mock/clock/advance`.

use std::time::Duration;

use axum::{Json, extract::State};
use serde::{Deserialize, Serialize};

use crate::core::{Core, clock::iso8601, error::ApiError, extract::JsonObject};

#[derive(Serialize)]
pub struct ClockNow {
    now_ms: u64,
    now: String,
    speed: f64,
}

fn clock_now(core: &Core) -> Json<ClockNow> {
    let now = core.clock.now_ms();
    Json(ClockNow {
        now_ms: now,
        now: iso8601(now),
        speed: core.clock.speed(),
    })
}

pub async fn now(State(core): State<Core>) -> Json<ClockNow> {
    clock_now(&core)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Advance {
    by: Option<String>,
    seconds: Option<f64>,
}

pub async fn advance(
    State(core): State<Core>,
    body: Result<JsonObject<Advance>, ApiError>,
) -> Result<Json<ClockNow>, ApiError> {
    let Ok(JsonObject(advance)) = body else {
        return Err(ApiError::invalid(
            "send {\"by\": \"30s\"} or {\"seconds\": 30}",
        ));
    };
    let by = match (advance.by, advance.seconds) {
        (Some(text), None) => {
            humantime::parse_duration(&text).map_err(|e| ApiError::invalid(format!("by: {e}")))?
        }
        (None, Some(s)) => Duration::try_from_secs_f64(s)
            .map_err(|e| ApiError::invalid(format!("seconds: {e}")))?,
        _ => {
            return Err(ApiError::invalid(
                "give exactly one of by (\"30s\") or seconds (>= 0)",
            ));
        }
    };
    core.clock.advance(by);
    core.settle();
    Ok(clock_now(&core))
}
