//! HeyGen's error codes as a Rust enum, reachable from any failed call.
//!
//! ```no_run
//! # async fn demo(client: heygen_api::Client) {
//! use heygen_api::errors::{HeyGenCode, HeyGenErrorExt};
//! if let Err(e) = client.get_video_status().video_id("nope").send().await {
//!     match e.heygen_code() {
//!         Some(HeyGenCode::NotFound) => println!("no such video"),
//!         Some(code) => println!("{code}: {}", e.heygen_message().unwrap_or_default()),
//!         None => println!("transport failure: {e}"),
//!     }
//! }
//! # }
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::types;

/// Why a job failed (`data.error` of a failed status), e.g. 40119 "Video is too long".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobError {
    /// HeyGen's numeric code.
    pub code: i64,
    /// Short message.
    pub message: String,
    /// Longer explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl JobError {
    /// The code as an enum.
    pub fn heygen_code(&self) -> HeyGenCode {
        HeyGenCode::from_code(self.code)
    }
}

/// HeyGen's numeric error codes, with the tutorial's meanings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HeyGenCode {
    /// 40001: check your API key or access token.
    Unauthorized,
    /// 40004: verify ids for avatars, voices, templates, videos.
    NotFound,
    /// 40011: check your request payload.
    InvalidParameters,
    /// 40119: shorten the input text or upgrade the plan (a failed job's error).
    VideoTooLong,
    /// 42902: back off or upgrade the plan.
    RateLimited,
    /// 50001: retry or contact support.
    Internal,
    /// A code this crate does not know.
    Other(i64),
}

impl HeyGenCode {
    /// The enum for a numeric code.
    pub fn from_code(code: i64) -> Self {
        match code {
            40001 => Self::Unauthorized,
            40004 => Self::NotFound,
            40011 => Self::InvalidParameters,
            40119 => Self::VideoTooLong,
            42902 => Self::RateLimited,
            50001 => Self::Internal,
            other => Self::Other(other),
        }
    }

    /// The numeric code.
    pub fn code(self) -> i64 {
        match self {
            Self::Unauthorized => 40001,
            Self::NotFound => 40004,
            Self::InvalidParameters => 40011,
            Self::VideoTooLong => 40119,
            Self::RateLimited => 42902,
            Self::Internal => 50001,
            Self::Other(code) => code,
        }
    }

    /// What the tutorial says it means and what to do.
    pub fn meaning(self) -> &'static str {
        match self {
            Self::Unauthorized => "Unauthorized: check your API key or access token",
            Self::NotFound => "Resource not found: verify IDs for avatars, voices, etc.",
            Self::InvalidParameters => "Invalid parameters: check your request payload for errors",
            Self::VideoTooLong => "Video is too long: shorten input text or upgrade your plan",
            Self::RateLimited => "Rate limit exceeded: implement backoff or upgrade your plan",
            Self::Internal => "Internal server error: retry or contact support",
            Self::Other(_) => "Unknown HeyGen error code",
        }
    }

    /// Whether trying again later can succeed.
    pub fn is_transient(self) -> bool {
        matches!(self, Self::RateLimited | Self::Internal)
    }
}

impl fmt::Display for HeyGenCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.code(), self.meaning())
    }
}

/// HeyGen's v3 string error codes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum V3ErrorCode {
    /// `invalid_parameter` (400): `param` names the field.
    InvalidParameter,
    /// `authentication_failed` (401; the live service also says `unauthorized`).
    AuthenticationFailed,
    /// `insufficient_credit` (402): top up or upgrade.
    InsufficientCredit,
    /// `forbidden` (403).
    Forbidden,
    /// `not_found` (404).
    NotFound,
    /// `request_in_progress` (409): the same `Idempotency-Key` is still being handled.
    RequestInProgress,
    /// `rate_limit_exceeded` (429): wait `Retry-After`.
    RateLimitExceeded,
    /// `internal_error` (500).
    InternalError,
    /// A code this crate does not know.
    Other(String),
}

impl V3ErrorCode {
    /// The enum for a code string.
    pub fn from_code(code: &str) -> Self {
        match code {
            "invalid_parameter" => Self::InvalidParameter,
            "authentication_failed" | "unauthorized" => Self::AuthenticationFailed,
            "insufficient_credit" => Self::InsufficientCredit,
            "forbidden" => Self::Forbidden,
            "not_found" => Self::NotFound,
            "request_in_progress" => Self::RequestInProgress,
            "rate_limit_exceeded" => Self::RateLimitExceeded,
            "internal_error" => Self::InternalError,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The code string.
    pub fn as_str(&self) -> &str {
        match self {
            Self::InvalidParameter => "invalid_parameter",
            Self::AuthenticationFailed => "authentication_failed",
            Self::InsufficientCredit => "insufficient_credit",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::RequestInProgress => "request_in_progress",
            Self::RateLimitExceeded => "rate_limit_exceeded",
            Self::InternalError => "internal_error",
            Self::Other(code) => code,
        }
    }

    /// The legacy numeric code with the same meaning, so code written against
    /// [`HeyGenCode`] keeps working on v3 errors.
    pub fn legacy(&self) -> HeyGenCode {
        match self {
            Self::InvalidParameter => HeyGenCode::InvalidParameters,
            Self::AuthenticationFailed => HeyGenCode::Unauthorized,
            Self::NotFound => HeyGenCode::NotFound,
            Self::RateLimitExceeded => HeyGenCode::RateLimited,
            Self::InternalError => HeyGenCode::Internal,
            Self::InsufficientCredit
            | Self::Forbidden
            | Self::RequestInProgress
            | Self::Other(_) => HeyGenCode::Other(0),
        }
    }

    /// Whether trying again later can succeed.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::RateLimitExceeded | Self::InternalError | Self::RequestInProgress
        )
    }
}

impl fmt::Display for V3ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error envelopes of every generation (v1, v2, v3) seen through one interface.
pub trait ErrorEnvelope {
    /// The numeric code (for v3 errors, the legacy code with the same meaning, or 0).
    fn code(&self) -> i64;
    /// The message.
    fn message(&self) -> &str;
    /// The v3 string code (for legacy errors, the one with the same meaning).
    fn v3_code(&self) -> V3ErrorCode {
        match HeyGenCode::from_code(self.code()) {
            HeyGenCode::Unauthorized => V3ErrorCode::AuthenticationFailed,
            HeyGenCode::NotFound => V3ErrorCode::NotFound,
            HeyGenCode::InvalidParameters | HeyGenCode::VideoTooLong => {
                V3ErrorCode::InvalidParameter
            }
            HeyGenCode::RateLimited => V3ErrorCode::RateLimitExceeded,
            HeyGenCode::Internal => V3ErrorCode::InternalError,
            HeyGenCode::Other(code) => V3ErrorCode::Other(code.to_string()),
        }
    }
    /// The request field at fault (v3 errors only).
    fn param(&self) -> Option<&str> {
        None
    }
}

impl ErrorEnvelope for types::V3ErrorResponse {
    fn code(&self) -> i64 {
        self.v3_code().legacy().code()
    }

    fn message(&self) -> &str {
        &self.error.message
    }

    fn v3_code(&self) -> V3ErrorCode {
        V3ErrorCode::from_code(&self.error.code)
    }

    fn param(&self) -> Option<&str> {
        self.error.param.as_deref()
    }
}

impl ErrorEnvelope for types::V1ErrorResponse {
    fn code(&self) -> i64 {
        self.code
    }

    fn message(&self) -> &str {
        &self.message
    }
}

impl ErrorEnvelope for types::V2ErrorResponse {
    fn code(&self) -> i64 {
        self.error.code
    }

    fn message(&self) -> &str {
        &self.error.message
    }
}

/// HeyGen's code and message from any failed generated call, whatever its generation.
pub trait HeyGenErrorExt {
    /// The HeyGen code, if HeyGen answered with its error envelope.
    fn heygen_code(&self) -> Option<HeyGenCode>;
    /// The message of that envelope.
    fn heygen_message(&self) -> Option<&str>;
    /// The v3 string code, if HeyGen answered with an error envelope.
    fn heygen_v3_code(&self) -> Option<V3ErrorCode>;
    /// The request field at fault, when HeyGen named one (v3).
    fn heygen_param(&self) -> Option<&str>;
}

impl<E: ErrorEnvelope> HeyGenErrorExt for progenitor_client::Error<E> {
    fn heygen_code(&self) -> Option<HeyGenCode> {
        match self {
            progenitor_client::Error::ErrorResponse(r) => Some(HeyGenCode::from_code(r.code())),
            _ => None,
        }
    }

    fn heygen_message(&self) -> Option<&str> {
        match self {
            progenitor_client::Error::ErrorResponse(r) => Some(r.message()),
            _ => None,
        }
    }

    fn heygen_v3_code(&self) -> Option<V3ErrorCode> {
        match self {
            progenitor_client::Error::ErrorResponse(r) => Some(r.v3_code()),
            _ => None,
        }
    }

    fn heygen_param(&self) -> Option<&str> {
        match self {
            progenitor_client::Error::ErrorResponse(r) => r.param(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for code in [40001, 40004, 40011, 40119, 42902, 50001, 12345] {
            assert_eq!(HeyGenCode::from_code(code).code(), code);
        }
        assert!(HeyGenCode::RateLimited.is_transient());
        assert!(!HeyGenCode::NotFound.is_transient());
        assert_eq!(
            HeyGenCode::NotFound.to_string(),
            "40004 (Resource not found: verify IDs for avatars, voices, etc.)"
        );
    }

    #[test]
    fn v3_codes_map_to_legacy_ones_and_back() {
        for code in [
            "invalid_parameter",
            "not_found",
            "rate_limit_exceeded",
            "internal_error",
        ] {
            let v3 = V3ErrorCode::from_code(code);
            assert_eq!(v3.as_str(), code);
            assert_ne!(v3.legacy(), HeyGenCode::Other(0), "{code}");
        }
        assert_eq!(
            V3ErrorCode::from_code("unauthorized"),
            V3ErrorCode::AuthenticationFailed
        );
        assert!(V3ErrorCode::RequestInProgress.is_transient());
        let legacy = types::V1ErrorResponse {
            code: 40004,
            message: "x".into(),
            data: None,
        };
        assert_eq!(legacy.v3_code(), V3ErrorCode::NotFound);
    }
}
