//! `POST /_mock/jobs/{id}/outcome`: ends any area's job now, through the engine.

use axum::{
    Json,
    extract::{Path, State},
};
use serde::{Deserialize, Serialize};

use crate::core::{
    Core,
    error::{ApiError, echo},
    extract::JsonObject,
    jobs::{JobFailure, Outcome},
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForceBody {
    status: String,
    code: Option<i64>,
    message: Option<String>,
}

#[derive(Serialize)]
pub struct Forced {
    id: String,
    kind: &'static str,
    status: String,
}

pub async fn force(
    State(core): State<Core>,
    Path(id): Path<String>,
    JsonObject(body): JsonObject<ForceBody>,
) -> Result<Json<Forced>, ApiError> {
    let outcome = match body.status.as_str() {
        "completed" => Outcome::Completed,
        "failed" => Outcome::Failed(JobFailure::forced(body.code, body.message)),
        other => {
            return Err(ApiError::invalid(format!(
                "status must be completed or failed, not {}",
                echo(other)
            )));
        }
    };
    let kind = core.jobs.force(&id, core.clock.now_ms(), outcome)?;
    core.settle();
    Ok(Json(Forced {
        id,
        kind,
        status: body.status,
    }))
}
