//! The one error type every handler returns: HTTP status, HeyGen's codes and a message.
//!
//! An [`ApiError`] knows nothing of envelopes. It carries both of HeyGen's code systems (the
//! legacy numeric code and the v3 string code) so that the route's declared generation alone
//! decides how it is written (see [`super::envelope`]).

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
};

/// HeyGen's legacy numeric error codes, as the tutorial lists them.
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
    /// A job stopped on request (a video agent session's stop); the mock's own code, as
    /// HeyGen documents none. v3 shows it as `failure_code: stopped`.
    pub const STOPPED: i64 = 49901;
    /// The server failed.
    pub const INTERNAL: i64 = 50001;
}

/// HeyGen's v3 string error codes.
pub mod v3_code {
    /// 400: a parameter is missing, malformed or out of range.
    pub const INVALID_PARAMETER: &str = "invalid_parameter";
    /// 401: no credentials, or ones HeyGen does not accept.
    pub const AUTHENTICATION_FAILED: &str = "authentication_failed";
    /// 402: the account has too few credits for the job.
    pub const INSUFFICIENT_CREDIT: &str = "insufficient_credit";
    /// 403: the credentials may not do this.
    pub const FORBIDDEN: &str = "forbidden";
    /// 404: no such resource.
    pub const NOT_FOUND: &str = "not_found";
    /// 409: a request with the same `Idempotency-Key` is still being handled.
    pub const REQUEST_IN_PROGRESS: &str = "request_in_progress";
    /// 429: too many requests or jobs.
    pub const RATE_LIMIT_EXCEEDED: &str = "rate_limit_exceeded";
    /// 500: the server failed.
    pub const INTERNAL_ERROR: &str = "internal_error";
}

/// Longest error message, in characters: messages quote what the client sent, and a 900 KB
/// field must not come back as a 900 KB error.
pub const MAX_MESSAGE_CHARS: usize = 1000;
/// Longest value quoted by [`echo`], in characters.
const MAX_ECHO_CHARS: usize = 100;

/// `text` cut to at most `max` characters by dropping its middle (marked `…`), so that both
/// the start (the field and value) and the end (what is wrong) survive.
pub fn truncate_middle(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_owned();
    }
    let keep = max.saturating_sub(1);
    let head: String = text.chars().take(keep - keep / 2).collect();
    let tail: String = text.chars().skip(count - keep / 2).collect();
    format!("{head}…{tail}")
}

/// A client-supplied value quoted for a message (`"abc"`), shortened to 100 characters with
/// `…` and its full length when longer.
pub fn echo(value: &str) -> String {
    let count = value.chars().count();
    if count <= MAX_ECHO_CHARS {
        format!("{value:?}")
    } else {
        let start: String = value.chars().take(MAX_ECHO_CHARS).collect();
        format!("{start:?}… ({count} characters)")
    }
}

/// An error answer: HTTP status, HeyGen's codes and a message that says what to fix.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// HeyGen's legacy numeric code (v1 and v2 envelopes).
    pub code: i64,
    /// HeyGen's v3 string code (v3 envelope).
    pub v3_code: &'static str,
    /// A human-readable message naming the field or id at fault.
    pub message: String,
    /// The request field at fault, when one is (v3's `param`).
    pub param: Option<String>,
    /// Seconds for the `Retry-After` header (429 only).
    pub retry_after: Option<u64>,
}

impl ApiError {
    fn new(status: StatusCode, code: i64, v3_code: &'static str, message: String) -> Self {
        Self {
            status,
            code,
            v3_code,
            message: truncate_middle(&message, MAX_MESSAGE_CHARS),
            param: None,
            retry_after: None,
        }
    }

    /// 401 / 40001 / `authentication_failed`.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            code::UNAUTHORIZED,
            v3_code::AUTHENTICATION_FAILED,
            message.into(),
        )
    }

    /// 403 / `forbidden` (legacy routes never documented a code of their own for it).
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            code::INVALID_PARAMETERS,
            v3_code::FORBIDDEN,
            message.into(),
        )
    }

    /// 402 / `insufficient_credit`: the account cannot pay for the job.
    pub fn insufficient_credit(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::PAYMENT_REQUIRED,
            code::INVALID_PARAMETERS,
            v3_code::INSUFFICIENT_CREDIT,
            message.into(),
        )
    }

    /// 409 / `request_in_progress`: a request with the same idempotency key is still running.
    pub fn request_in_progress() -> Self {
        Self::new(
            StatusCode::CONFLICT,
            code::INVALID_PARAMETERS,
            v3_code::REQUEST_IN_PROGRESS,
            "A request with this Idempotency-Key is still being processed; retry when it has finished"
                .into(),
        )
    }

    /// 404 / 40004 / `not_found` for an id of some kind.
    pub fn not_found(kind: &str, id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            code::NOT_FOUND,
            v3_code::NOT_FOUND,
            format!("Resource not found: {kind} {}", echo(id)),
        )
    }

    /// 400 / 40011 / `invalid_parameter`.
    pub fn invalid(message: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            code::INVALID_PARAMETERS,
            v3_code::INVALID_PARAMETER,
            format!("Invalid parameters: {message}"),
        )
    }

    /// The same error, naming the request field at fault (v3's `param`).
    pub fn with_param(mut self, param: impl Into<String>) -> Self {
        self.param = Some(truncate_middle(&param.into(), MAX_ECHO_CHARS));
        self
    }

    /// 429 / 42902 / `rate_limit_exceeded` with `Retry-After`.
    pub fn rate_limited(message: impl Into<String>, retry_after: u64) -> Self {
        Self {
            retry_after: Some(retry_after),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                code::RATE_LIMITED,
                v3_code::RATE_LIMIT_EXCEEDED,
                message.into(),
            )
        }
    }

    /// 500 / 50001 / `internal_error`.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            code::INTERNAL,
            v3_code::INTERNAL_ERROR,
            message.into(),
        )
    }

    /// The error for a bare HTTP status that axum or the body limit produced.
    pub fn from_status(status: StatusCode, detail: &str) -> Self {
        let detail = detail.trim();
        match status {
            StatusCode::NOT_FOUND => Self::new(
                status,
                code::NOT_FOUND,
                v3_code::NOT_FOUND,
                format!("Resource not found: {detail}"),
            ),
            StatusCode::UNAUTHORIZED => Self::unauthorized("Unauthorized"),
            StatusCode::TOO_MANY_REQUESTS => Self::rate_limited("Rate limit exceeded", 1),
            s if s.is_server_error() => Self {
                status,
                ..Self::internal("Internal server error")
            },
            StatusCode::PAYLOAD_TOO_LARGE => Self::new(
                status,
                code::INVALID_PARAMETERS,
                v3_code::INVALID_PARAMETER,
                "Invalid parameters: the request body is larger than 1 MiB".into(),
            ),
            _ => Self::new(
                status,
                code::INVALID_PARAMETERS,
                v3_code::INVALID_PARAMETER,
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
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}): {}", self.status, self.code, self.message)
    }
}

impl std::error::Error for ApiError {}

impl IntoResponse for ApiError {
    /// Carries the error to the envelope layer, which knows the route's generation.
    fn into_response(self) -> Response {
        let mut response = self.status.into_response();
        response.extensions_mut().insert(self);
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_cut_in_the_middle() {
        assert_eq!(truncate_middle("short", 10), "short");
        let cut = truncate_middle(&format!("field: {} is too long", "x".repeat(5000)), 41);
        assert_eq!(cut.chars().count(), 41);
        assert!(
            cut.starts_with("field: xxx") && cut.ends_with("is too long"),
            "{cut}"
        );
        assert!(cut.contains('…'));
        assert_eq!(echo("abc"), "\"abc\"");
        let long = echo(&"é".repeat(500));
        assert!(
            long.ends_with("… (500 characters)") && long.chars().count() < 130,
            "{long}"
        );
    }

    #[test]
    fn no_message_outgrows_the_limit() {
        let e = ApiError::invalid("y".repeat(900_000));
        assert_eq!(e.message.chars().count(), MAX_MESSAGE_CHARS);
        let e = ApiError::not_found("video", &"z".repeat(900_000));
        assert!(e.message.len() < 200, "{}", e.message);
    }
}
