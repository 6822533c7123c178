//! HeyGen's v3 AI clipping routes: `/v3/ai-clipping` (create, list, read, delete).

use std::sync::Arc;

use axum::{
    Json, Router,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
};
use heygen_api::types::{AiClipAspectRatio, CreateAiClippingV3Request as Create};
use serde::Serialize;

use super::{AiClippingArea, model::Clipping};
use crate::core::{
    envelope::{Generation, V3, v3},
    error::ApiError,
    extract::{ApiJson, ApiQuery},
    inputs::check_url,
    jobs::{ForcedOutcome, NewJob, Outcome},
    layers,
    pagination::{Page, PageQuery},
};

/// The duration type when a request names none.
const DEFAULT_DURATION: &str = "60";

/// The v3 AI clipping routes.
pub fn routes(area: Arc<AiClippingArea>) -> Router {
    let core = area.core.clone();
    let routes = Router::new()
        .route("/v3/ai-clipping", get(list).post(create))
        .route("/v3/ai-clipping/{job_id}", get(detail).delete(remove));
    layers::authenticated(&core, Generation::V3, routes).with_state(area)
}

#[derive(Debug, Serialize)]
struct Created {
    id: String,
}

#[derive(Debug, Serialize)]
struct Deleted {
    id: String,
}

fn not_found(job_id: &str) -> ApiError {
    ApiError::not_found("AI clipping job", job_id).with_param("job_id")
}

impl AiClippingArea {
    /// Checks a create body (what the schema cannot say) and turns it into a job.
    fn plan(&self, request: &Create) -> Result<Clipping, ApiError> {
        self.assets
            .check_media(&request.video, "video", &["video"])?;
        if let Some(url) = &request.callback_url {
            check_url(url, "callback_url")?;
        }
        let settings = request.output_settings.as_ref();
        let mut duration_types: Vec<String> = settings
            .and_then(|s| s.duration_types.as_ref())
            .map(|types| types.iter().map(ToString::to_string).collect())
            .unwrap_or_default();
        // Omitted or empty, it makes one clip of the default length.
        if duration_types.is_empty() {
            duration_types.push(DEFAULT_DURATION.to_owned());
        }
        let aspect_ratio = settings
            .and_then(|s| s.aspect_ratio)
            .unwrap_or(AiClipAspectRatio::Portrait)
            .to_string();
        Ok(Clipping {
            title: request.title.clone(),
            input_language: request.input_language.clone(),
            duration_types,
            aspect_ratio,
            callback_id: request.callback_id.clone(),
            callback_url: request.callback_url.clone(),
        })
    }
}

async fn create(
    State(area): State<Arc<AiClippingArea>>,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<Create>,
) -> Result<Response, ApiError> {
    let clipping = area.plan(&request)?;
    let new = NewJob {
        id_prefix: "",
        estimated_seconds: clipping.output_seconds(),
        outcome: Outcome::Completed,
    };
    let started = area
        .core
        .start_charged_job(&area.jobs, new, forced, clipping)?;
    Ok((StatusCode::ACCEPTED, v3(Created { id: started.id })).into_response())
}

async fn list(
    State(area): State<Arc<AiClippingArea>>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Response, ApiError> {
    let page = query.request(10, 100)?;
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let jobs = area.jobs.lock();
    let matching = jobs
        .newest_first(page.after)
        .map(|(seq, id, job)| (seq, Clipping::view(id, job, &links, false)));
    // Serialized while the store is locked: the answer borrows from the jobs.
    Ok(Json(Page::of(matching, page.limit)).into_response())
}

async fn detail(
    State(area): State<Arc<AiClippingArea>>,
    headers: HeaderMap,
    Path(job_id): Path<String>,
) -> Result<Response, ApiError> {
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let jobs = area.jobs.lock();
    let job = jobs.get(&job_id).ok_or_else(|| not_found(&job_id))?;
    Ok(v3(Clipping::view(&job_id, job, &links, true)).into_response())
}

async fn remove(
    State(area): State<Arc<AiClippingArea>>,
    Path(job_id): Path<String>,
) -> Result<Json<V3<Deleted>>, ApiError> {
    area.jobs
        .lock()
        .remove(&job_id)
        .ok_or_else(|| not_found(&job_id))?;
    Ok(v3(Deleted { id: job_id }))
}
