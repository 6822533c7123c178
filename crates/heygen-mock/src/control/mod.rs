//! Mock-only controls under `/_mock/`: reset, the clock, forced outcomes, faults, request and
//! delivery logs, and hand-triggered webhook events. None of these exist on HeyGen; they
//! never share a path with the API. They import the core only: every area's jobs are
//! reached through the engine's registry.
//!
//! When the mock runs with `--api-key`, every control needs one of those keys in `X-Api-Key`
//! (OAuth tokens do not count): whoever may reset the mock, read its delivery log (with
//! bodies and signatures) or fill it with jobs is someone who could call the API.

mod admin;
mod clock;
mod faults;
mod jobs;
mod logs;

use axum::{
    Json, Router,
    extract::{DefaultBodyLimit, Request, State},
    middleware::{Next, from_fn_with_state},
    response::Response,
    routing::{get, post},
};
use serde_json::{Value, json};

use crate::core::{Core, error::ApiError};

/// The control routes, plus the areas' own (`/_mock/jobs/fill`, `/_mock/oauth/decide`,
/// `/_mock/avatar-consent/{token}`).
pub fn routes(core: Core, area_controls: Router) -> Router {
    Router::new()
        .route("/_mock", get(index))
        .route("/_mock/reset", post(admin::reset))
        .route("/_mock/clock", get(clock::now))
        .route("/_mock/clock/advance", post(clock::advance))
        .route("/_mock/jobs/{id}/outcome", post(jobs::force))
        .route("/_mock/requests", get(logs::requests))
        .route("/_mock/faults", get(faults::get).put(faults::set))
        .route("/_mock/webhooks/deliveries", get(logs::deliveries))
        .route("/_mock/webhooks/deliveries/{id}/resend", post(logs::resend))
        .route(
            "/_mock/webhooks/trigger",
            post(admin::trigger).layer(DefaultBodyLimit::max(admin::TRIGGER_BODY_LIMIT)),
        )
        .with_state(core.clone())
        .merge(area_controls)
        // route_layer: an unknown /_mock path stays a 404.
        .route_layer(from_fn_with_state(core, require_key))
}

/// Middleware: with keys configured, a control request must carry one in `X-Api-Key`.
async fn require_key(
    State(core): State<Core>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let keys = &core.config.api_keys;
    if !keys.is_empty() {
        let given = request
            .headers()
            .get("x-api-key")
            .and_then(|v| v.to_str().ok())
            .map(str::trim);
        if !given.is_some_and(|given| keys.iter().any(|k| k == given)) {
            return Err(ApiError::unauthorized(
                "Unauthorized: this mock runs with --api-key; /_mock controls need one of its keys in X-Api-Key",
            ));
        }
    }
    Ok(next.run(request).await)
}

async fn index() -> Json<Value> {
    Json(json!({
        "routes": {
            "POST /_mock/reset": "forget all jobs, endpoints, tokens, deliveries and logs; stop pending webhook retries",
            "GET /_mock/clock": "mock time now and its speed",
            "POST /_mock/clock/advance": "move mock time forward: {\"by\": \"30s\"} or {\"seconds\": 30}",
            "POST /_mock/jobs/{id}/outcome": "end a job of any area now: {\"status\": \"completed\"|\"failed\", \"code\"?, \"message\"?}",
            "POST /_mock/jobs/fill": "store N completed videos at once (benchmarks): {\"count\": 1000000}",
            "GET /_mock/requests": "recent API requests (no headers), newest last; ?limit=N",
            "GET|PUT /_mock/faults": "injected faults: {\"fail_next\", \"rate_limit_next\", \"retry_after\", \"latency_ms\", \"error_rate\"}",
            "GET /_mock/webhooks/deliveries": "every webhook delivery with its attempts, status, latency and signature",
            "POST /_mock/webhooks/deliveries/{id}/resend": "send a delivery again (same event id)",
            "POST /_mock/webhooks/trigger": "publish an event by hand: {\"event_type\", \"event_data\", \"callback_url\"?}",
            "POST /_mock/oauth/decide": "the consent page's form target (needs the page's one-time nonce; no X-Api-Key); answers 302 to the redirect_uri",
            "GET /_mock/avatar-consent/{token}": "the page an avatar consent url opens (one-time token; no X-Api-Key): approves the consent, then 303 to reroute_url or a short page"
        }
    }))
}
