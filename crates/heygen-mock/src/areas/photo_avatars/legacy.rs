//! The tutorial's photo avatar routes: `POST /v1/photo_avatar.generate` and
//! `GET /v1/photo_avatar.get` (both v1).

use std::sync::Arc;

use axum::{
    Router,
    extract::State,
    http::HeaderMap,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use heygen_api::types as wire;
use serde::{Deserialize, Serialize};

use super::{
    PhotoAvatarsArea,
    model::{PhotoAvatar, PhotoAvatarView},
};
use crate::core::{
    envelope::{Generation, v1},
    error::ApiError,
    extract::{ApiJson, ApiQuery},
    jobs::{ForcedOutcome, JobFailure, NewJob, Outcome},
    layers,
};

/// The legacy photo avatar routes.
pub fn routes(area: Arc<PhotoAvatarsArea>) -> Router {
    let routes = Router::new()
        .route("/v1/photo_avatar.generate", post(generate))
        .route("/v1/photo_avatar.get", get(get_one));
    layers::authenticated(&area.core.clone(), Generation::V1, routes).with_state(area)
}

/// The `data` of `/v1/photo_avatar.get` (and of the generate answer).
#[derive(Serialize)]
struct PhotoAvatarData<'a> {
    photo_avatar_id: &'a str,
    name: &'a str,
    status: &'static str,
    preview_url: Option<String>,
    error: Option<&'a JobFailure>,
}

impl<'a> From<PhotoAvatarView<'a>> for PhotoAvatarData<'a> {
    fn from(v: PhotoAvatarView<'a>) -> Self {
        Self {
            photo_avatar_id: v.id,
            name: v.name,
            status: v.status,
            preview_url: v.preview_url,
            error: v.failure,
        }
    }
}

async fn generate(
    State(area): State<Arc<PhotoAvatarsArea>>,
    headers: HeaderMap,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<wire::PhotoAvatarGenerateRequest>,
) -> Result<Response, ApiError> {
    let job = NewJob {
        id_prefix: "phav_",
        estimated_seconds: 30.0,
        outcome: Outcome::Completed,
    };
    let avatar = PhotoAvatar {
        name: request.name.to_string().into(),
        callback_id: request.callback_id.map(Into::into),
        callback_url: request.callback_url.map(Into::into),
    };
    let core = &area.core;
    let started = core.start_job(&area.jobs, job, forced, avatar.clone())?;
    let base = core.base_url(&headers);
    let links = core.links(&base);
    // Answered from what was just stored, not a second read: a concurrent reset may already
    // have emptied the store.
    let view = PhotoAvatar::view(&started.id, &avatar, &started.lifecycle, &links);
    Ok(v1(PhotoAvatarData::from(view)).into_response())
}

#[derive(Deserialize)]
struct GetQuery {
    photo_avatar_id: String,
}

async fn get_one(
    State(area): State<Arc<PhotoAvatarsArea>>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<GetQuery>,
) -> Result<Response, ApiError> {
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let avatars = area.jobs.lock();
    let job = avatars
        .get(&query.photo_avatar_id)
        .ok_or_else(|| ApiError::not_found("photo avatar", &query.photo_avatar_id))?;
    let view = PhotoAvatar::view(&query.photo_avatar_id, &job.data, &job.lifecycle, &links);
    // Serialized while the store is locked: the answer borrows from the job.
    Ok(v1(PhotoAvatarData::from(view)).into_response())
}
