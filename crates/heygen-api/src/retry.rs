//! Retrying transient failures, for every generated operation at once.
//!
//! The policy runs inside the client's `exec` hook ([`crate::hooks`]), so callers never wrap
//! calls. What is retried:
//! - `429` on any method: HeyGen rejected the request before doing anything, so it is safe to
//!   send again; the wait honours `Retry-After`.
//! - `5xx`, timeouts and connection errors on idempotent operations (GET, PUT, DELETE, ...) by
//!   default, and on others only when opted in (`retry_unsafe`), because a POST that timed out
//!   may have created a video already.
//! - The same for a POST that carries an `Idempotency-Key`: HeyGen replays the first answer to
//!   a repeated key instead of acting twice. The client gives every v3 POST a fresh key (unless
//!   the caller set one), so v3 creates are retried safely.

use std::{collections::HashSet, time::Duration};

use rand::Rng;
use reqwest::{Method, Response, StatusCode, header::RETRY_AFTER};

/// The header that makes a POST safe to repeat.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// A fresh key for [`IDEMPOTENCY_KEY`]: 32 hex digits.
pub fn new_idempotency_key() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill(&mut bytes);
    hex::encode(bytes)
}

/// How transient failures are retried.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 disables retrying).
    pub max_retries: u32,
    /// First backoff delay; doubles per retry, with ±50 % jitter.
    pub base_delay: Duration,
    /// Upper bound on any one wait, `Retry-After` included.
    pub max_delay: Duration,
    /// Also retry 5xx and connection errors for non-idempotent operations (all of them).
    pub retry_unsafe: bool,
    /// Also retry 5xx and connection errors for these operation ids only.
    pub unsafe_operations: HashSet<String>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            retry_unsafe: false,
            unsafe_operations: HashSet::new(),
        }
    }
}

/// What to do after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Hand the result to the caller.
    Done,
    /// Wait this long, then send again.
    RetryAfter(Duration),
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Whether 5xx and connection errors may be retried for this request.
    pub fn may_repeat(&self, method: &Method, operation_id: &str) -> bool {
        let idempotent = matches!(
            *method,
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
        );
        idempotent || self.retry_unsafe || self.unsafe_operations.contains(operation_id)
    }

    /// Whether a request may be sent again after a 5xx or a connection error: an idempotent
    /// operation, one opted in, or a POST that carries an `Idempotency-Key`.
    pub fn may_repeat_request(&self, request: &reqwest::Request, operation_id: &str) -> bool {
        self.may_repeat(request.method(), operation_id)
            || request.headers().contains_key(IDEMPOTENCY_KEY)
    }

    /// The backoff before retry number `attempt` (0-based), jittered, capped.
    pub fn backoff(&self, attempt: u32) -> Duration {
        // Capped before the jitter so that huge settings cannot overflow.
        let exp = self
            .base_delay
            .saturating_mul(1u32 << attempt.min(16))
            .min(self.max_delay);
        let jittered = exp.as_secs_f64() * rand::rng().random_range(0.5..1.5);
        Duration::try_from_secs_f64(jittered).map_or(self.max_delay, |d| d.min(self.max_delay))
    }

    /// Decides after attempt number `attempt` (0-based) of a request.
    pub fn verdict(
        &self,
        attempt: u32,
        may_repeat: bool,
        result: &reqwest::Result<Response>,
    ) -> Verdict {
        if attempt >= self.max_retries {
            return Verdict::Done;
        }
        match result {
            Ok(r) if r.status() == StatusCode::TOO_MANY_REQUESTS => Verdict::RetryAfter(
                retry_after(r)
                    .unwrap_or_else(|| self.backoff(attempt))
                    .min(self.max_delay),
            ),
            Ok(r) if r.status().is_server_error() && may_repeat => {
                Verdict::RetryAfter(self.backoff(attempt))
            }
            Err(e) if may_repeat && (e.is_connect() || e.is_timeout()) => {
                Verdict::RetryAfter(self.backoff(attempt))
            }
            _ => Verdict::Done,
        }
    }
}

/// `Retry-After` in seconds (HTTP dates are not used by HeyGen and are ignored).
fn retry_after(response: &Response) -> Option<Duration> {
    response
        .headers()
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let policy = RetryPolicy {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(1),
            ..RetryPolicy::default()
        };
        assert!(policy.backoff(0) <= Duration::from_millis(150));
        assert!(policy.backoff(2) >= Duration::from_millis(200));
        let capped = policy.backoff(20);
        assert!(
            (Duration::from_millis(500)..=Duration::from_secs(1)).contains(&capped),
            "{capped:?}"
        );
        let huge = RetryPolicy {
            base_delay: Duration::MAX,
            max_delay: Duration::MAX,
            ..RetryPolicy::default()
        };
        assert!(
            huge.backoff(30) > Duration::ZERO,
            "huge settings must not overflow"
        );
    }

    #[test]
    fn posts_repeat_only_when_opted_in() {
        let mut policy = RetryPolicy::default();
        assert!(policy.may_repeat(&Method::GET, "get_video_status"));
        assert!(!policy.may_repeat(&Method::POST, "generate_video"));
        policy.unsafe_operations.insert("generate_video".into());
        assert!(policy.may_repeat(&Method::POST, "generate_video"));
        assert!(!policy.may_repeat(&Method::POST, "translate_video"));
    }
}
