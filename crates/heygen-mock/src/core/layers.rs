//! The middleware every API route goes through, and the helpers areas use to declare a group
//! of routes: its generation, and whether it needs credentials.

use std::time::Instant;

use axum::{
    Router,
    extract::{Request, State},
    middleware::{Next, from_fn_with_state},
    response::Response,
};

use super::{auth, envelope::Generation, error::ApiError, requests::LoggedRequest, state::Core};

/// API routes of one generation that need an API key or a bearer token: faults and rate
/// limits, then credentials, and errors written in `generation`'s envelope.
pub fn authenticated<S: Clone + Send + Sync + 'static>(
    core: &Core,
    generation: Generation,
    routes: Router<S>,
) -> Router<S> {
    // route_layer: unknown paths stay 404 instead of becoming 401s. The later layer runs
    // first, so credentials are checked before a request counts against the rate limit.
    let routes = routes
        .route_layer(from_fn_with_state(core.clone(), apply_limits))
        .route_layer(from_fn_with_state(core.clone(), require_credentials));
    generation.stamp(routes)
}

/// API routes of one generation that need no credentials (the OAuth flow itself): faults and
/// rate limits only.
pub fn public<S: Clone + Send + Sync + 'static>(
    core: &Core,
    generation: Generation,
    routes: Router<S>,
) -> Router<S> {
    generation.stamp(routes.route_layer(from_fn_with_state(core.clone(), apply_limits)))
}

/// Middleware: 401 unless the request carries an accepted key or a live token.
async fn require_credentials(
    State(core): State<Core>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    auth::check(
        request.headers(),
        &core.config.api_keys,
        &core.tokens,
        core.clock.now_ms(),
    )?;
    Ok(next.run(request).await)
}

/// Middleware: added latency, injected faults, then the rate limit.
async fn apply_limits(
    State(core): State<Core>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let (latency, fault) = core
        .limits
        .take_fault(core.config.latency, core.config.error_rate);
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    if let Some(error) = fault {
        return Err(error);
    }
    core.limits
        .count_request(core.config.rate_limit, &core.clock)?;
    Ok(next.run(request).await)
}

/// Middleware (outermost): announces finished jobs, then logs and traces the request.
pub async fn observe(State(core): State<Core>, request: Request, next: Next) -> Response {
    core.settle();
    let method = request.method().to_string();
    let path = request.uri().path().to_owned();
    // Media links carry their signature in the query; the log keeps it out.
    let query = request
        .uri()
        .query()
        .filter(|_| !path.starts_with("/media/"))
        .map(str::to_owned);
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    let duration_us = started.elapsed().as_micros() as u64;
    tracing::info!(%method, %path, status, duration_us, "request");
    if !path.starts_with("/_mock") {
        core.requests.push(LoggedRequest {
            method,
            path,
            query,
            status,
            at_ms: core.clock.now_ms(),
            duration_us,
        });
    }
    response
}
