//! HeyGen's v3 background removal routes: `/v3/background-removals` (create, list, read,
//! delete). Not behind the `Idempotency-Key` layer: HeyGen ignores that header here and
//! dedups on the body's `request_id` instead.

use std::{collections::BTreeMap, sync::Arc};

use axum::{
    Json, Router,
    extract::{Path, State},
    http::HeaderMap,
    response::{IntoResponse, Response},
    routing::get,
};
use heygen_api::types::{
    BackgroundRemovalLayer, CreateBackgroundRemovalV3Request as Create, V3AssetInput,
};
use serde::Serialize;

use super::{
    BackgroundRemovalsArea,
    model::{BackgroundRemoval, BackgroundRemovalView, Layer},
};
use crate::core::{
    envelope::{Generation, V3, v3},
    error::ApiError,
    extract::{ApiJson, ApiQuery},
    jobs::{ForcedOutcome, Job, NewJob, Outcome},
    layers,
    media::Links,
    pagination::{Page, PageQuery},
    sync::lock,
};

/// Seconds assumed for a video the mock does not fetch.
const MEDIA_SECONDS: f64 = 10.0;

/// The v3 background removal routes.
pub fn routes(area: Arc<BackgroundRemovalsArea>) -> Router {
    let core = area.core.clone();
    let routes = Router::new()
        .route("/v3/background-removals", get(list).post(create))
        .route(
            "/v3/background-removals/{job_id}",
            get(detail).delete(remove),
        );
    layers::authenticated(&core, Generation::V3, routes).with_state(area)
}

/// A job as v3 shows it.
#[derive(Debug, Serialize)]
struct Detail<'a> {
    id: &'a str,
    status: &'static str,
    layers: BTreeMap<&'static str, String>,
    created_at: u64,
    completed_at: Option<u64>,
    duration: Option<f64>,
    error: Option<String>,
}

impl<'a> From<BackgroundRemovalView<'a>> for Detail<'a> {
    fn from(v: BackgroundRemovalView<'a>) -> Self {
        Self {
            id: v.id,
            status: v.status,
            layers: v.layers,
            created_at: v.created_s,
            completed_at: v.completed_s,
            duration: v.duration,
            error: v.error,
        }
    }
}

fn detail_of<'a>(id: &'a str, job: &'a Job<BackgroundRemoval>, links: &Links<'_>) -> Detail<'a> {
    Detail::from(BackgroundRemoval::view(id, job, links))
}

#[derive(Debug, Serialize)]
struct Deleted {
    id: String,
    deleted: bool,
}

fn not_found(job_id: &str) -> ApiError {
    ApiError::not_found("background removal", job_id).with_param("job_id")
}

impl BackgroundRemovalsArea {
    /// Checks a create body (what the schema cannot say) and turns it into a job.
    fn plan(&self, request: &Create) -> Result<BackgroundRemoval, ApiError> {
        self.assets
            .check_input(&request.video, "video", &["video"])?;
        if let V3AssetInput::Base64(b) = &request.video
            && !b.media_type.starts_with("video/")
        {
            let media_type: &str = &b.media_type;
            return Err(ApiError::invalid(format!(
                "video.media_type must be a video type, not {media_type:?}"
            ))
            .with_param("video.media_type"));
        }
        // Missing, null or empty, the list means all three.
        let requested = request.layers.as_deref().unwrap_or_default();
        let mut layers: Vec<Layer> = if requested.is_empty() {
            Layer::ALL.to_vec()
        } else {
            requested
                .iter()
                .map(|layer| match layer {
                    BackgroundRemovalLayer::Foreground => Layer::Foreground,
                    BackgroundRemovalLayer::Mask => Layer::Mask,
                    BackgroundRemovalLayer::Background => Layer::Background,
                })
                .collect()
        };
        layers.sort();
        layers.dedup();
        Ok(BackgroundRemoval {
            layers,
            duration_seconds: MEDIA_SECONDS,
            title: request.title.clone(),
        })
    }
}

async fn create(
    State(area): State<Arc<BackgroundRemovalsArea>>,
    headers: HeaderMap,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<Create>,
) -> Result<Response, ApiError> {
    // Held until the job is stored, so two concurrent creates with one `request_id` make one job.
    let mut seen = lock(&area.requests.jobs);
    let original = request
        .request_id
        .as_deref()
        .and_then(|rid| seen.get(rid))
        .filter(|id| area.jobs.lock().get(id).is_some())
        .cloned();
    let id = match original {
        // The original job, whatever this body says, and no second charge.
        Some(id) => id,
        None => {
            let job = area.plan(&request)?;
            let new = NewJob {
                id_prefix: "",
                estimated_seconds: job.duration_seconds,
                outcome: Outcome::Completed,
            };
            let started = area.core.start_charged_job(&area.jobs, new, forced, job)?;
            if let Some(rid) = &request.request_id {
                seen.insert(rid.clone(), started.id.clone());
            }
            started.id
        }
    };
    drop(seen);
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let jobs = area.jobs.lock();
    // A reset between storing and reading empties the table; that is a missing job, not a 500.
    let job = jobs.get(&id).ok_or_else(|| not_found(&id))?;
    Ok(v3(detail_of(&id, job, &links)).into_response())
}

async fn list(
    State(area): State<Arc<BackgroundRemovalsArea>>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Response, ApiError> {
    let page = query.request(10, 100)?;
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let jobs = area.jobs.lock();
    let matching = jobs
        .newest_first(page.after)
        .map(|(seq, id, job)| (seq, detail_of(id, job, &links)));
    // Serialized while the store is locked: the answer borrows from the jobs.
    Ok(Json(Page::of(matching, page.limit)).into_response())
}

async fn detail(
    State(area): State<Arc<BackgroundRemovalsArea>>,
    headers: HeaderMap,
    Path(job_id): Path<String>,
) -> Result<Response, ApiError> {
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let jobs = area.jobs.lock();
    let job = jobs.get(&job_id).ok_or_else(|| not_found(&job_id))?;
    Ok(v3(detail_of(&job_id, job, &links)).into_response())
}

async fn remove(
    State(area): State<Arc<BackgroundRemovalsArea>>,
    Path(job_id): Path<String>,
) -> Result<Json<V3<Deleted>>, ApiError> {
    area.jobs
        .lock()
        .remove(&job_id)
        .ok_or_else(|| not_found(&job_id))?;
    Ok(v3(Deleted {
        id: job_id,
        deleted: true,
    }))
}
