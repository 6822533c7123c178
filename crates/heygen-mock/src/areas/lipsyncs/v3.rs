//! HeyGen's v3 lipsync routes: `/v3/lipsyncs` (create, list, read, rename, delete), batches
//! of up to 100 and bulk statuses.

use std::sync::Arc;

use axum::{
    Json, Router,
    extract::{Path, State},
    http::HeaderMap,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use heygen_api::types::{
    CreateLipsyncBatchV3Request, CreateLipsyncV3Request as Create, UpdateLipsyncV3Request,
};
use serde::{Deserialize, Serialize};

use super::{
    LipsyncsArea,
    model::{Lipsync, LipsyncView},
};
use crate::core::{
    batch::{BatchDetail, BatchRoutes, StatusEntry},
    credits::cost_of,
    envelope::{Generation, V3, v3},
    error::ApiError,
    extract::{ApiJson, ApiQuery},
    inputs::{check_url, span_seconds},
    jobs::{ForcedOutcome, Job},
    layers,
    media::Links,
    pagination::{Page, PageQuery},
};

/// Seconds assumed for a source the mock does not fetch (when no `end_time` bounds it).
const MEDIA_SECONDS: f64 = 10.0;
/// The frame rate modes HeyGen documents for `fps_mode`.
const FPS_MODES: [&str; 3] = ["vfr", "cfr", "passthrough"];

/// The v3 lipsync routes.
pub fn routes(area: Arc<LipsyncsArea>) -> Router {
    let core = area.core.clone();
    let routes = Router::new()
        .route("/v3/lipsyncs", get(list).post(create))
        .route("/v3/lipsyncs/statuses", get(statuses))
        .route("/v3/lipsyncs/batches", post(create_batch))
        .route("/v3/lipsyncs/batches/{batch_id}", get(batch))
        .route(
            "/v3/lipsyncs/{lipsync_id}",
            get(detail).patch(update).delete(remove),
        );
    layers::authenticated(
        &core,
        Generation::V3,
        layers::idempotent(&core, crate::BODY_LIMIT, routes),
    )
    .with_state(area)
}

/// A lipsync as v3 shows it.
#[derive(Debug, Serialize)]
struct LipsyncDetail<'a> {
    id: &'a str,
    status: &'static str,
    title: Option<&'a str>,
    duration: Option<f64>,
    video_url: Option<String>,
    caption_url: Option<String>,
    callback_id: Option<&'a str>,
    created_at: u64,
    failure_message: Option<String>,
}

impl<'a> From<LipsyncView<'a>> for LipsyncDetail<'a> {
    fn from(v: LipsyncView<'a>) -> Self {
        Self {
            id: v.id,
            status: v.status,
            title: v.title,
            duration: v.duration,
            video_url: v.video_url,
            caption_url: v.caption_url,
            callback_id: v.callback_id,
            created_at: v.created_s,
            failure_message: v.failure_message,
        }
    }
}

fn detail_of<'a>(id: &'a str, job: &'a Job<Lipsync>, links: &Links<'_>) -> LipsyncDetail<'a> {
    LipsyncDetail::from(Lipsync::view(id, job, links))
}

#[derive(Debug, Serialize)]
struct Created {
    lipsync_id: String,
}

#[derive(Debug, Serialize)]
struct Deleted {
    id: String,
}

impl LipsyncsArea {
    /// Checks a create body (what the schema cannot say) and turns it into a job.
    fn plan(&self, request: &Create) -> Result<Lipsync, ApiError> {
        self.assets
            .check_media(&request.video, "video", &["video"])?;
        // A video's sound track is audio too.
        self.assets
            .check_media(&request.audio, "audio", &["audio", "video"])?;
        if let Some(url) = &request.callback_url {
            check_url(url, "callback_url")?;
        }
        if let Some(mode) = request.fps_mode.as_deref()
            && !FPS_MODES.contains(&mode)
        {
            return Err(ApiError::invalid(format!(
                "fps_mode must be one of {}, not {mode:?}",
                FPS_MODES.join(", ")
            ))
            .with_param("fps_mode"));
        }
        let duration_seconds = span_seconds(request.start_time, request.end_time, MEDIA_SECONDS)?;
        Ok(Lipsync {
            title: request.title.clone(),
            duration_seconds,
            captions: request.enable_caption.unwrap_or(false),
            callback_id: request.callback_id.clone(),
            callback_url: request.callback_url.clone(),
            batch: None,
        })
    }
}

async fn create(
    State(area): State<Arc<LipsyncsArea>>,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<Create>,
) -> Result<Json<V3<Created>>, ApiError> {
    let lipsync = area.plan(&request)?;
    let started = area.start(lipsync, forced)?;
    Ok(v3(Created {
        lipsync_id: started.id,
    }))
}

async fn list(
    State(area): State<Arc<LipsyncsArea>>,
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

fn not_found(lipsync_id: &str) -> ApiError {
    ApiError::not_found("lipsync", lipsync_id).with_param("lipsync_id")
}

async fn detail(
    State(area): State<Arc<LipsyncsArea>>,
    headers: HeaderMap,
    Path(lipsync_id): Path<String>,
) -> Result<Response, ApiError> {
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let jobs = area.jobs.lock();
    let job = jobs
        .get(&lipsync_id)
        .ok_or_else(|| not_found(&lipsync_id))?;
    Ok(v3(detail_of(&lipsync_id, job, &links)).into_response())
}

async fn update(
    State(area): State<Arc<LipsyncsArea>>,
    headers: HeaderMap,
    Path(lipsync_id): Path<String>,
    ApiJson(request): ApiJson<UpdateLipsyncV3Request>,
) -> Result<Response, ApiError> {
    if request.title.trim().is_empty() {
        return Err(ApiError::invalid("title must not be empty").with_param("title"));
    }
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let mut jobs = area.jobs.lock();
    let job = jobs
        .get_mut(&lipsync_id)
        .ok_or_else(|| not_found(&lipsync_id))?;
    job.data.title = Some(request.title);
    Ok(v3(detail_of(&lipsync_id, job, &links)).into_response())
}

async fn remove(
    State(area): State<Arc<LipsyncsArea>>,
    Path(lipsync_id): Path<String>,
) -> Result<Json<V3<Deleted>>, ApiError> {
    area.jobs
        .lock()
        .remove(&lipsync_id)
        .ok_or_else(|| not_found(&lipsync_id))?;
    Ok(v3(Deleted { id: lipsync_id }))
}

impl LipsyncsArea {
    fn batch_routes(&self) -> BatchRoutes<'_, Lipsync> {
        BatchRoutes {
            core: &self.core,
            batches: &self.batches,
            table: &self.jobs,
            noun: "lipsync",
        }
    }
}

async fn create_batch(
    State(area): State<Arc<LipsyncsArea>>,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<CreateLipsyncBatchV3Request>,
) -> Result<Response, ApiError> {
    let planned = request
        .lipsyncs
        .iter()
        .map(|item| {
            area.plan(item).map(|lipsync| {
                let cost = cost_of(lipsync.seconds());
                (lipsync, cost)
            })
        })
        .collect();
    area.batch_routes().create(
        request.title.clone(),
        request.callback_url.clone(),
        planned,
        |mut lipsync, member| {
            lipsync.batch = Some(member);
            area.start_in_batch(lipsync, forced.clone())
                .map(|started| started.id)
        },
    )
}

async fn batch(
    State(area): State<Arc<LipsyncsArea>>,
    Path(batch_id): Path<String>,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<V3<BatchDetail>>, ApiError> {
    area.batch_routes().read(batch_id, &query)
}

#[derive(Debug, Deserialize)]
struct StatusesQuery {
    lipsync_ids: Option<String>,
    batch_ids: Option<String>,
}

async fn statuses(
    State(area): State<Arc<LipsyncsArea>>,
    ApiQuery(query): ApiQuery<StatusesQuery>,
) -> Result<Json<Page<StatusEntry>>, ApiError> {
    area.batch_routes().statuses(
        query.lipsync_ids.as_deref(),
        query.batch_ids.as_deref(),
        "lipsync_ids",
    )
}
