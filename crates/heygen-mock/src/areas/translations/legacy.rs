//! The tutorial's translation routes: `POST /v1/video_translate` and
//! `GET /v1/video_translate_status.get` (both v1).

use std::sync::Arc;

use axum::{
    Json, Router,
    extract::State,
    http::HeaderMap,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use heygen_api::types as wire;
use serde::{Deserialize, Serialize};

use super::{
    SOURCE_SECONDS, TranslationsArea,
    model::{Translation, TranslationView},
};
use crate::core::{
    envelope::{Generation, V1, v1},
    error::ApiError,
    extract::{ApiJson, ApiQuery},
    jobs::{ForcedOutcome, JobFailure},
    layers,
};

/// The legacy translation routes.
pub fn routes(area: Arc<TranslationsArea>) -> Router {
    let routes = Router::new()
        .route("/v1/video_translate", post(translate))
        .route("/v1/video_translate_status.get", get(status));
    layers::authenticated(&area.core.clone(), Generation::V1, routes).with_state(area)
}

/// `{video_translate_id}`: the answer to a create call.
#[derive(Serialize)]
struct TranslationId {
    video_translate_id: String,
}

/// The `data` of `/v1/video_translate_status.get`.
#[derive(Serialize)]
struct StatusData<'a> {
    id: &'a str,
    status: &'static str,
    video_url: Option<String>,
    error: Option<&'a JobFailure>,
    output_language: &'a str,
    callback_id: Option<&'a str>,
}

impl<'a> From<TranslationView<'a>> for StatusData<'a> {
    fn from(v: TranslationView<'a>) -> Self {
        Self {
            id: v.id,
            status: v.status,
            video_url: v.video_url,
            error: v.failure,
            output_language: v.output_language,
            callback_id: v.callback_id,
        }
    }
}

async fn translate(
    State(area): State<Arc<TranslationsArea>>,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<wire::VideoTranslateRequest>,
) -> Result<Json<V1<TranslationId>>, ApiError> {
    if let Some(voice) = &request.voice_id {
        area.catalogue
            .voice(voice)
            .ok_or_else(|| ApiError::not_found("voice", voice))?;
    }
    let translation = Translation {
        output_language: request.target_language.to_string().into(),
        callback_id: request.callback_id.map(Into::into),
        callback_url: request.callback_url.map(Into::into),
        seconds: SOURCE_SECONDS,
        ..Translation::default()
    };
    let video_translate_id = area.start(&request.video_url, translation, forced)?;
    Ok(v1(TranslationId { video_translate_id }))
}

#[derive(Deserialize)]
struct StatusQuery {
    video_translate_id: String,
}

async fn status(
    State(area): State<Arc<TranslationsArea>>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<StatusQuery>,
) -> Result<Response, ApiError> {
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let translations = area.jobs.lock();
    let job = translations
        .get(&query.video_translate_id)
        .ok_or_else(|| ApiError::not_found("video translation", &query.video_translate_id))?;
    let view = Translation::view(&query.video_translate_id, job, &links);
    // Serialized while the store is locked: the answer borrows from the job.
    Ok(v1(StatusData::from(view)).into_response())
}
