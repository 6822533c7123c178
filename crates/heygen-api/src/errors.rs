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

/// The two error envelopes (v1 and v2 paths) seen through one interface.
pub trait ErrorEnvelope {
    /// The numeric code.
    fn code(&self) -> i64;
    /// The message.
    fn message(&self) -> &str;
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

/// HeyGen's code and message from any failed generated call.
pub trait HeyGenErrorExt {
    /// The HeyGen code, if HeyGen answered with its error envelope.
    fn heygen_code(&self) -> Option<HeyGenCode>;
    /// The message of that envelope.
    fn heygen_message(&self) -> Option<&str>;
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
}
