//! HeyGen's error envelopes, and the layer that puts every error the server gives into one.
//!
//! Handlers return [`ApiError`]; the [`envelope`] middleware renders it as the v1 or v2 envelope
//! depending on the path, so a handler never has to know its API generation. The same layer
//! rewrites axum's own plain-text rejections (405, 413, ...) so that no request, however wrong,
//! gets an answer a generated client cannot read.

use axum::{
    Json,
    body::{Body, to_bytes},
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use serde::Serialize;
use serde_json::{Value, json};

/// HeyGen's numeric error codes, as the tutorial lists them.
pub mod code {
    /// Missing or invalid API key or token.
    pub const UNAUTHORIZED: i64 = 40001;
    /// Unknown avatar, voice, template, video or other id.
    pub const NOT_FOUND: i64 = 40004;
    /// Missing, malformed or out-of-range parameters.
    pub const INVALID_PARAMETERS: i64 = 40011;
    /// A job's video is longer than the plan allows (a failed job's error, not an HTTP error).
    pub const VIDEO_TOO_LONG: i64 = 40119;
    /// Too many requests or jobs.
    pub const RATE_LIMITED: i64 = 42902;
    /// The server failed.
    pub const INTERNAL: i64 = 50001;
}

/// An error answer: HTTP status, HeyGen code and a message that says what to fix.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// HeyGen's numeric code.
    pub code: i64,
    /// A human-readable message naming the field or id at fault.
    pub message: String,
    /// Seconds for the `Retry-After` header (429 only).
    pub retry_after: Option<u64>,
}

impl ApiError {
    fn new(status: StatusCode, code: i64, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    /// 401 / 40001.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code::UNAUTHORIZED, message)
    }

    /// 404 / 40004 for an id of some kind.
    pub fn not_found(kind: &str, id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            code::NOT_FOUND,
            format!("Resource not found: {kind} {id:?}"),
        )
    }

    /// 400 / 40011.
    pub fn invalid(message: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            code::INVALID_PARAMETERS,
            format!("Invalid parameters: {message}"),
        )
    }

    /// 429 / 42902 with `Retry-After`.
    pub fn rate_limited(message: impl Into<String>, retry_after: u64) -> Self {
        Self {
            retry_after: Some(retry_after),
            ..Self::new(StatusCode::TOO_MANY_REQUESTS, code::RATE_LIMITED, message)
        }
    }

    /// 500 / 50001.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, code::INTERNAL, message)
    }

    /// The error for a bare HTTP status that axum or the body limit produced.
    pub fn from_status(status: StatusCode, detail: &str) -> Self {
        let detail = detail.trim();
        match status {
            StatusCode::NOT_FOUND => Self::new(
                status,
                code::NOT_FOUND,
                format!("Resource not found: {detail}"),
            ),
            StatusCode::UNAUTHORIZED => Self::unauthorized("Unauthorized"),
            StatusCode::TOO_MANY_REQUESTS => Self::rate_limited("Rate limit exceeded", 1),
            s if s.is_server_error() => Self::new(status, code::INTERNAL, "Internal server error"),
            StatusCode::PAYLOAD_TOO_LARGE => Self::new(
                status,
                code::INVALID_PARAMETERS,
                "Invalid parameters: the request body is larger than 1 MiB",
            ),
            _ => Self::new(
                status,
                code::INVALID_PARAMETERS,
                if detail.is_empty() {
                    format!(
                        "Invalid parameters: {}",
                        status.canonical_reason().unwrap_or("bad request")
                    )
                } else {
                    format!("Invalid parameters: {detail}")
                },
            ),
        }
    }

    /// The envelope for a path's API generation.
    pub fn body(&self, generation: Generation) -> Value {
        match generation {
            Generation::V1 => json!({"code": self.code, "data": null, "message": self.message}),
            Generation::V2 => {
                json!({"error": {"code": self.code, "message": self.message}, "data": null})
            }
        }
    }

    fn render(&self, generation: Generation) -> Response {
        let mut response = (self.status, Json(self.body(generation))).into_response();
        if let Some(secs) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}): {}", self.status, self.code, self.message)
    }
}

impl IntoResponse for ApiError {
    /// Carries the error to the [`envelope`] layer, which knows the path and so the envelope.
    fn into_response(self) -> Response {
        let mut response = self.status.into_response();
        response.extensions_mut().insert(self);
        response
    }
}

/// Which envelope family a path belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generation {
    /// `{code, data, message}`.
    V1,
    /// `{error, data}`.
    V2,
}

impl Generation {
    /// `/v2/...` paths are v2; everything else speaks v1.
    pub fn for_path(path: &str) -> Self {
        if path.starts_with("/v2/") {
            Generation::V2
        } else {
            Generation::V1
        }
    }
}

/// The v1 success envelope as the tutorial shows it: `{code: 100, data, message: "Success"}`.
/// A struct rather than a `json!` map: status reads are the hot path of polling clients.
#[derive(Debug, Serialize)]
pub struct V1<T> {
    code: i64,
    data: T,
    message: &'static str,
}

/// Wraps data in the v1 success envelope.
pub fn v1<T: Serialize>(data: T) -> Json<V1<T>> {
    Json(V1 {
        code: 100,
        data,
        message: "Success",
    })
}

/// The v1 success envelope of the webhook routes: `{code: 100, data, msg: null, message: null}`.
pub fn v1_msg<T: Serialize>(data: T) -> Json<Value> {
    Json(json!({"code": 100, "data": data, "msg": null, "message": null}))
}

/// The v2 success envelope: `{error: null, data}`.
pub fn v2<T: Serialize>(data: T) -> Json<Value> {
    Json(json!({"error": null, "data": data}))
}

/// Middleware: renders [`ApiError`]s and rewrites non-JSON error answers into the envelope.
pub async fn envelope(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let generation = Generation::for_path(&path);
    let mut response = next.run(request).await;
    if let Some(error) = response.extensions_mut().remove::<ApiError>() {
        return error.render(generation);
    }
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json"));
    if (status.is_client_error() || status.is_server_error()) && !is_json {
        let allow = response.headers().get(header::ALLOW).cloned();
        let body = std::mem::replace(response.body_mut(), Body::empty());
        let detail = to_bytes(body, 4096).await.unwrap_or_default();
        let mut error = ApiError::from_status(status, &String::from_utf8_lossy(&detail));
        if status == StatusCode::METHOD_NOT_ALLOWED {
            let allowed: Vec<&str> = crate::spec::Spec::embedded()
                .operations()
                .iter()
                .filter(|op| crate::spec::template_matches(&op.path, &path))
                .map(|op| op.method.as_str())
                .collect();
            error.message = if allowed.is_empty() {
                format!("Invalid parameters: this method is not allowed on {path}")
            } else {
                format!(
                    "Invalid parameters: {path} accepts only {}",
                    allowed.join(", ")
                )
            };
        }
        let mut rendered = error.render(generation);
        if let Some(allow) = allow {
            rendered.headers_mut().insert(header::ALLOW, allow);
        }
        return rendered;
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelopes_follow_the_generation() {
        let e = ApiError::not_found("video", "x");
        assert_eq!(e.body(Generation::V1)["code"], 40004);
        assert_eq!(e.body(Generation::V2)["error"]["code"], 40004);
        assert_eq!(Generation::for_path("/v2/avatars"), Generation::V2);
        assert_eq!(Generation::for_path("/v1/video_status.get"), Generation::V1);
    }
}
