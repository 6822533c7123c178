//! `/media/…`: catalogue previews, and job files served by the area that owns the job
//! (through the engine's registry) behind signed, expiring links.

use axum::{
    Router,
    extract::{Path, Query, State},
    response::Response,
    routing::get,
};
use serde::Deserialize;

use super::{error::ApiError, media, state::Core};

/// The media routes (no credentials: links are signed instead).
pub fn routes(core: Core) -> Router {
    Router::new()
        .route("/media/preview/{file}", get(preview))
        .route("/media/{kind}/{id}/{file}", get(job_file))
        .with_state(core)
}

async fn preview(Path(file): Path<String>) -> Result<Response, ApiError> {
    media::preview(&file)
}

#[derive(Deserialize)]
struct Signed {
    #[serde(rename = "Expires")]
    expires: Option<u64>,
    #[serde(rename = "Signature")]
    signature: Option<String>,
}

async fn job_file(
    State(core): State<Core>,
    Path((kind, id, file)): Path<(String, String, String)>,
    Query(signed): Query<Signed>,
) -> Result<Response, ApiError> {
    let path = format!("/media/{kind}/{id}/{file}");
    media::check_link(
        &core.media,
        &path,
        signed.expires,
        signed.signature.as_deref(),
        core.clock.now_secs(),
    )?;
    core.jobs
        .file(&kind, &id, &file, core.clock.now_ms())
        .ok_or_else(|| ApiError::not_found("media file", &path))
}
