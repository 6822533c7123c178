//! Credentials, as HeyGen checks them: `X-Api-Key`, or an OAuth bearer token the mock issued.

use axum::http::{HeaderMap, header};

use super::{clock::Millis, error::ApiError, tokens::Tokens};

/// The bearer token of a request, if it has one.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
}

/// Accepts a request carrying an accepted `X-Api-Key` (any non-empty one when `keys` is
/// empty) or a live bearer token; else the 401 that says what is wrong.
pub fn check(
    headers: &HeaderMap,
    keys: &[String],
    tokens: &Tokens,
    now: Millis,
) -> Result<(), ApiError> {
    if let Some(key) = headers.get("x-api-key") {
        let Ok(key) = key.to_str().map(str::trim) else {
            return Err(ApiError::unauthorized(
                "Unauthorized: X-Api-Key is not valid text",
            ));
        };
        if key.is_empty() {
            return Err(ApiError::unauthorized("Unauthorized: X-Api-Key is empty"));
        }
        if !keys.is_empty() && !keys.iter().any(|k| k == key) {
            return Err(ApiError::unauthorized("Unauthorized: invalid API key"));
        }
        Ok(())
    } else if let Some(token) = bearer(headers) {
        tokens.authorize(token, now).map(drop)
    } else {
        Err(ApiError::unauthorized(
            "Unauthorized: send your API key in X-Api-Key or an OAuth token as Authorization: Bearer",
        ))
    }
}
