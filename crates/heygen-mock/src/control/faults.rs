//! `GET|PUT /_mock/faults`: injected 500s, 429s and latency.

use axum::{Json, extract::State};

use crate::core::{Core, error::ApiError, extract::JsonObject, limits::Faults};

pub async fn get(State(core): State<Core>) -> Json<Faults> {
    Json(core.limits.faults())
}

pub async fn set(
    State(core): State<Core>,
    JsonObject(faults): JsonObject<Faults>,
) -> Result<Json<Faults>, ApiError> {
    core.limits.set_faults(faults)?;
    Ok(Json(core.limits.faults()))
}
