//! Credentials, as HeyGen checks them: `X-Api-Key`, or an OAuth bearer token the mock issued.

use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};

use crate::{
    error::ApiError,
    oauth::bearer,
    state::{AppState, lock},
};

/// Paths that need no credentials: the OAuth flow itself, media links and mock controls.
pub fn is_public(path: &str) -> bool {
    matches!(
        path,
        "/oauth/authorize" | "/v1/oauth/token" | "/v1/oauth/refresh_token"
    ) || path.starts_with("/media/")
        || path.starts_with("/_mock")
}

/// Middleware: 401 / 40001 unless the request carries an accepted key or a live token.
pub async fn require_credentials(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    if is_public(request.uri().path()) {
        return Ok(next.run(request).await);
    }
    let headers = request.headers();
    if let Some(key) = headers.get("x-api-key") {
        let Ok(key) = key.to_str().map(str::trim) else {
            return Err(ApiError::unauthorized(
                "Unauthorized: X-Api-Key is not valid text",
            ));
        };
        if key.is_empty() {
            return Err(ApiError::unauthorized("Unauthorized: X-Api-Key is empty"));
        }
        let keys = &state.config.api_keys;
        if !keys.is_empty() && !keys.iter().any(|k| k == key) {
            return Err(ApiError::unauthorized("Unauthorized: invalid API key"));
        }
    } else if let Some(token) = bearer(headers) {
        lock(&state.oauth).authorize(token, state.clock.now_ms())?;
    } else {
        return Err(ApiError::unauthorized(
            "Unauthorized: send your API key in X-Api-Key or an OAuth token as Authorization: Bearer",
        ));
    }
    Ok(next.run(request).await)
}
