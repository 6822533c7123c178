//! The middleware every API route goes through, and the helpers areas use to declare a group
//! of routes: its generation, and whether it needs credentials.

use std::time::Instant;

use axum::{
    Router,
    body::{Body, to_bytes},
    extract::{Request, State},
    http::{HeaderValue, Method, header},
    middleware::{Next, from_fn_with_state},
    response::{IntoResponse, Response},
};

use super::{
    auth,
    envelope::Generation,
    error::ApiError,
    idempotency::{Begin, Stored, check_key, fingerprint},
    requests::LoggedRequest,
    state::Core,
};

/// Largest answer kept for idempotent replay (v3 create answers are small).
const REPLAY_BODY_LIMIT: usize = 1024 * 1024;

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

/// v3 routes that honour `Idempotency-Key` on POST (applied inside [`authenticated`], so a
/// replay is only ever given to a caller with credentials). `body_limit` is the largest body
/// the routes take: the layer reads it to compare repeats.
pub fn idempotent<S: Clone + Send + Sync + 'static>(
    core: &Core,
    body_limit: usize,
    routes: Router<S>,
) -> Router<S> {
    routes.route_layer(from_fn_with_state(
        (core.clone(), body_limit),
        replay_or_run,
    ))
}

/// Middleware: replays the first answer to a repeated key, refuses a concurrent duplicate,
/// and keeps the answer of a first use (not server errors or rate limits: those are for the
/// client to retry).
async fn replay_or_run(
    State((core, body_limit)): State<(Core, usize)>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let key = match request.headers().get("idempotency-key") {
        Some(key) if request.method() == Method::POST => key
            .to_str()
            .map_err(|_| {
                ApiError::invalid("Idempotency-Key is not text").with_param("Idempotency-Key")
            })?
            .to_owned(),
        _ => return Ok(next.run(request).await),
    };
    check_key(&key)?;
    let scope = format!("{} {}", request.method(), request.uri().path());
    // The body is read here to fingerprint it, then handed on unchanged.
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, body_limit)
        .await
        .map_err(|_| ApiError::from_status(axum::http::StatusCode::PAYLOAD_TOO_LARGE, ""))?;
    let fingerprint = fingerprint(&body);
    match core
        .idempotency
        .begin(&scope, &key, &fingerprint, core.clock.now_ms())?
    {
        Begin::Replay(answer) => return Ok(replayed(answer)),
        Begin::Handle => {}
    }
    let request = Request::from_parts(parts, Body::from(body));
    let response = next.run(request).await;
    let status = response.status();
    if status.is_server_error() || status.as_u16() == 429 {
        core.idempotency.abandon(&scope, &key);
        return Ok(response);
    }
    let (mut parts, body) = response.into_parts();
    let Ok(body) = to_bytes(body, REPLAY_BODY_LIMIT).await else {
        core.idempotency.abandon(&scope, &key);
        return Err(ApiError::internal(
            "the answer could not be kept for replay",
        ));
    };
    // An error travels to the envelope layer as an extension; keep its rendered form instead.
    if let Some(error) = parts.extensions.get::<ApiError>() {
        let rendered = Generation::V3.render(error);
        let (rendered_parts, rendered_body) = rendered.into_parts();
        let rendered_body = to_bytes(rendered_body, REPLAY_BODY_LIMIT)
            .await
            .unwrap_or_default();
        store(
            &core,
            &scope,
            &key,
            &rendered_parts.headers,
            rendered_parts.status.as_u16(),
            &rendered_body,
        );
        parts.extensions.remove::<ApiError>();
        return Ok(Response::from_parts(
            rendered_parts,
            Body::from(rendered_body),
        ));
    }
    store(&core, &scope, &key, &parts.headers, status.as_u16(), &body);
    Ok(Response::from_parts(parts, Body::from(body)))
}

fn store(
    core: &Core,
    scope: &str,
    key: &str,
    headers: &axum::http::HeaderMap,
    status: u16,
    body: &axum::body::Bytes,
) {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let answer = Stored {
        status,
        content_type,
        body: body.clone(),
    };
    core.idempotency
        .finish(scope, key, answer, core.clock.now_ms());
}

/// A kept answer, marked as a replay.
fn replayed(answer: Stored) -> Response {
    let status =
        axum::http::StatusCode::from_u16(answer.status).unwrap_or(axum::http::StatusCode::OK);
    let mut response = (status, answer.body).into_response();
    if let Some(value) = answer
        .content_type
        .and_then(|c| HeaderValue::from_str(&c).ok())
    {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
        .headers_mut()
        .insert("idempotent-replayed", HeaderValue::from_static("true"));
    response
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
