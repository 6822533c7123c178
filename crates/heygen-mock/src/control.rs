//! Mock-only controls under `/_mock/`: reset, the clock, forced outcomes, faults, request and
//! delivery logs, hand-triggered webhook events, and bulk job creation for benchmarks.
//! None of these exist on HeyGen; they never share a path with the API.

use std::{collections::VecDeque, time::Duration, time::Instant};

use axum::{
    Json, Router,
    extract::{Path, Query, Request, State},
    middleware::Next,
    response::Response,
    routing::{get, post},
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::{
    clock::iso8601,
    error::ApiError,
    jobs::{JobFailure, JobKind, Lifecycle, Outcome},
    limits::Faults,
    state::{AppState, lock},
    videos::NewVideo,
    webhooks::Event,
};

/// How many requests `/_mock/requests` remembers.
const REQUEST_LOG_LIMIT: usize = 1000;
/// Largest `/_mock/jobs/fill` in one call.
const FILL_LIMIT: usize = 2_000_000;

/// One request the API answered. Headers are not kept: they hold credentials.
#[derive(Debug, Clone, Serialize)]
pub struct LoggedRequest {
    /// Method.
    pub method: String,
    /// Path.
    pub path: String,
    /// Query string, if any.
    pub query: Option<String>,
    /// Status answered.
    pub status: u16,
    /// Mock time of the request, in Unix milliseconds.
    pub at_ms: u64,
    /// Real time it took, in microseconds.
    pub duration_us: u64,
}

/// The most recent API requests.
#[derive(Debug, Default)]
pub struct RequestLog {
    entries: VecDeque<LoggedRequest>,
}

impl RequestLog {
    fn push(&mut self, entry: LoggedRequest) {
        self.entries.push_back(entry);
        while self.entries.len() > REQUEST_LOG_LIMIT {
            self.entries.pop_front();
        }
    }
}

/// Middleware (outermost): announces finished jobs, then logs and traces the request.
pub async fn observe(State(state): State<AppState>, request: Request, next: Next) -> Response {
    state.settle();
    let method = request.method().to_string();
    let path = request.uri().path().to_owned();
    // Media links carry their signature in the query; the log keeps it out.
    let query = request
        .uri()
        .query()
        .filter(|_| !request.uri().path().starts_with("/media/"))
        .map(str::to_owned);
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    let duration_us = started.elapsed().as_micros() as u64;
    tracing::info!(%method, %path, status, duration_us, "request");
    if !path.starts_with("/_mock") {
        lock(&state.requests).push(LoggedRequest {
            method,
            path,
            query,
            status,
            at_ms: state.clock.now_ms(),
            duration_us,
        });
    }
    response
}

/// The control routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/_mock", get(index))
        .route("/_mock/reset", post(reset))
        .route("/_mock/clock", get(clock))
        .route("/_mock/clock/advance", post(advance))
        .route("/_mock/jobs/{id}/outcome", post(force))
        .route("/_mock/jobs/fill", post(fill))
        .route("/_mock/requests", get(requests))
        .route("/_mock/faults", get(faults).put(set_faults))
        .route("/_mock/webhooks/deliveries", get(deliveries))
        .route("/_mock/webhooks/deliveries/{id}/resend", post(resend))
        .route("/_mock/webhooks/trigger", post(trigger))
        .merge(crate::oauth::control_routes())
}

async fn index() -> Json<Value> {
    Json(json!({
        "routes": {
            "POST /_mock/reset": "forget all jobs, endpoints, tokens, deliveries and logs; stop pending webhook retries",
            "GET /_mock/clock": "mock time now and its speed",
            "POST /_mock/clock/advance": "move mock time forward: {\"by\": \"30s\"} or {\"seconds\": 30}",
            "POST /_mock/jobs/{id}/outcome": "end a video, photo avatar or translation now: {\"status\": \"completed\"|\"failed\", \"code\"?, \"message\"?}",
            "POST /_mock/jobs/fill": "store N completed videos at once (benchmarks): {\"count\": 1000000}",
            "GET /_mock/requests": "recent API requests (no headers), newest last; ?limit=N",
            "GET|PUT /_mock/faults": "injected faults: {\"fail_next\", \"rate_limit_next\", \"retry_after\", \"latency_ms\", \"error_rate\"}",
            "GET /_mock/webhooks/deliveries": "every webhook delivery with its attempts, status, latency and signature",
            "POST /_mock/webhooks/deliveries/{id}/resend": "send a delivery again (same event id)",
            "POST /_mock/webhooks/trigger": "publish an event by hand: {\"event_type\", \"event_data\", \"callback_url\"?}",
            "POST /_mock/oauth/decide": "the consent page's form target; answers 302 to the redirect_uri"
        }
    }))
}

async fn reset(State(state): State<AppState>) -> Json<Value> {
    state.reset();
    Json(json!({"reset": true}))
}

fn clock_json(state: &AppState) -> Json<Value> {
    let now = state.clock.now_ms();
    Json(json!({"now_ms": now, "now": iso8601(now), "speed": state.clock.speed()}))
}

async fn clock(State(state): State<AppState>) -> Json<Value> {
    clock_json(&state)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Advance {
    by: Option<String>,
    seconds: Option<f64>,
}

async fn advance(
    State(state): State<AppState>,
    body: Option<Json<Advance>>,
) -> Result<Json<Value>, ApiError> {
    let Some(Json(advance)) = body else {
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
    state.clock.advance(by);
    state.settle();
    Ok(clock_json(&state))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ForceBody {
    status: String,
    code: Option<i64>,
    message: Option<String>,
}

async fn force(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(body): Json<ForceBody>,
) -> Result<Json<Value>, ApiError> {
    let outcome = match body.status.as_str() {
        "completed" => Outcome::Completed,
        "failed" => Outcome::Failed(JobFailure::forced(body.code, body.message)),
        other => {
            return Err(ApiError::invalid(format!(
                "status must be completed or failed, not {other:?}"
            )));
        }
    };
    let now = state.clock.now_ms();
    // Lock order: schedule, then the store (as when jobs start).
    let mut schedule = lock(&state.schedule);
    let (kind, result) = if let Some(r) = lock(&state.videos).force(&id, now, outcome.clone()) {
        (JobKind::Video, r)
    } else if let Some(r) = lock(&state.photo_avatars).force(&id, now, outcome.clone()) {
        (JobKind::PhotoAvatar, r)
    } else if let Some(r) = lock(&state.translations).force(&id, now, outcome) {
        (JobKind::Translation, r)
    } else {
        return Err(ApiError::not_found("job", &id));
    };
    schedule.reschedule(result?, now, kind, &id);
    drop(schedule);
    state.settle();
    Ok(Json(json!({"id": id, "kind": kind, "status": body.status})))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fill {
    count: usize,
}

async fn fill(
    State(state): State<AppState>,
    Json(fill): Json<Fill>,
) -> Result<Json<Value>, ApiError> {
    if fill.count > FILL_LIMIT {
        return Err(ApiError::invalid(format!(
            "count must be at most {FILL_LIMIT}"
        )));
    }
    let now = state.clock.now_ms();
    let mut videos = lock(&state.videos);
    videos.reserve(fill.count);
    let start = videos.len();
    for i in 0..fill.count {
        let lifecycle = Lifecycle::new(now, Duration::ZERO, Outcome::Completed);
        let new = NewVideo {
            estimated_seconds: 10.0,
            ..NewVideo::default()
        };
        videos.insert(format!("fill{:028x}", start + i), lifecycle, new.into());
    }
    Ok(Json(
        json!({"stored": videos.len(), "first_id": format!("fill{:028x}", start)}),
    ))
}

#[derive(Deserialize)]
struct Limit {
    limit: Option<usize>,
}

async fn requests(State(state): State<AppState>, Query(q): Query<Limit>) -> Json<Value> {
    let log = lock(&state.requests);
    let skip = log
        .entries
        .len()
        .saturating_sub(q.limit.unwrap_or(REQUEST_LOG_LIMIT));
    Json(json!({"requests": log.entries.iter().skip(skip).collect::<Vec<_>>()}))
}

async fn faults(State(state): State<AppState>) -> Json<Faults> {
    Json(state.limits.faults())
}

async fn set_faults(
    State(state): State<AppState>,
    Json(faults): Json<Faults>,
) -> Result<Json<Faults>, ApiError> {
    state.limits.set_faults(faults)?;
    Ok(Json(state.limits.faults()))
}

async fn deliveries(State(state): State<AppState>) -> Json<Value> {
    Json(json!({"deliveries": state.webhooks.deliveries()}))
}

async fn resend(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let delivery = state
        .webhooks
        .resend(&id)
        .ok_or_else(|| ApiError::not_found("delivery", &id))?;
    Ok(Json(json!({"delivery": delivery})))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Trigger {
    event_type: String,
    #[serde(default)]
    event_data: Value,
    callback_url: Option<String>,
}

async fn trigger(
    State(state): State<AppState>,
    Json(t): Json<Trigger>,
) -> Result<Json<Value>, ApiError> {
    if !crate::webhooks::EVENT_TYPES.contains(&t.event_type.as_str()) {
        return Err(ApiError::invalid(format!(
            "event_type {:?} is not one of {:?}",
            t.event_type,
            crate::webhooks::EVENT_TYPES
        )));
    }
    let event_id = state
        .webhooks
        .publish(Event::new(&t.event_type, t.event_data, t.callback_url));
    Ok(Json(json!({"event_id": event_id})))
}
