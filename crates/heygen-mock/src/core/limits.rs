//! Rate limiting and fault injection, for testing how clients cope. All off by default.
//!
//! Rate windows run on the mock clock, so a test sees the same 429s every run. Faults can be
//! set per process (`--latency`, `--error-rate`) or, deterministically, for the next N requests
//! through `PUT /_mock/faults`.

use std::{sync::Mutex, time::Duration};

use rand::Rng;
use serde::{Deserialize, Serialize};

use super::{
    clock::{MockClock, millis},
    error::ApiError,
    sync::lock,
};
use crate::config::RateLimit;

/// Faults injected on API requests; see `PUT /_mock/faults`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faults {
    /// Answer the next N API requests with 500 / 50001.
    #[serde(default)]
    pub fail_next: u32,
    /// Answer the next N API requests with 429 / 42902.
    #[serde(default)]
    pub rate_limit_next: u32,
    /// `Retry-After` seconds on those 429s.
    #[serde(default = "one")]
    pub retry_after: u64,
    /// Added latency in milliseconds (overrides `--latency`).
    #[serde(default)]
    pub latency_ms: Option<u64>,
    /// Share of requests answered 500 (overrides `--error-rate`).
    #[serde(default)]
    pub error_rate: Option<f64>,
}

fn one() -> u64 {
    1
}

#[derive(Debug, Default)]
struct Window {
    start_ms: u64,
    count: u32,
}

/// Limit and fault state.
#[derive(Debug, Default)]
pub struct Limits {
    window: Mutex<Window>,
    faults: Mutex<Faults>,
}

impl Limits {
    /// Forgets windows and faults.
    pub fn reset(&self) {
        *lock(&self.window) = Window::default();
        *lock(&self.faults) = Faults::default();
    }

    /// The faults in force.
    pub fn faults(&self) -> Faults {
        lock(&self.faults).clone()
    }

    /// Replaces the faults in force.
    pub fn set_faults(&self, faults: Faults) -> Result<(), ApiError> {
        if faults.error_rate.is_some_and(|r| !(0.0..=1.0).contains(&r)) {
            return Err(ApiError::invalid("error_rate must be between 0 and 1"));
        }
        *lock(&self.faults) = faults;
        Ok(())
    }

    /// The latency to add to this request and the fault to answer with, if any; counts the
    /// request against `fail_next` / `rate_limit_next`.
    pub fn take_fault(
        &self,
        config_latency: Duration,
        config_rate: f64,
    ) -> (Duration, Option<ApiError>) {
        let mut faults = lock(&self.faults);
        let latency = faults
            .latency_ms
            .map_or(config_latency, Duration::from_millis);
        if faults.rate_limit_next > 0 {
            faults.rate_limit_next -= 1;
            return (
                latency,
                Some(ApiError::rate_limited(
                    "Rate limit exceeded (injected)",
                    faults.retry_after,
                )),
            );
        }
        if faults.fail_next > 0 {
            faults.fail_next -= 1;
            return (
                latency,
                Some(ApiError::internal("Internal server error (injected)")),
            );
        }
        let rate = faults.error_rate.unwrap_or(config_rate);
        if rate > 0.0 && rand::rng().random_bool(rate.clamp(0.0, 1.0)) {
            return (
                latency,
                Some(ApiError::internal("Internal server error (injected)")),
            );
        }
        (latency, None)
    }

    /// Counts a request against the rate window; the 429 once the window is full.
    pub fn count_request(
        &self,
        limit: Option<RateLimit>,
        clock: &MockClock,
    ) -> Result<(), ApiError> {
        let Some(limit) = limit else {
            return Ok(());
        };
        let now = clock.now_ms();
        let window = millis(limit.window);
        let mut w = lock(&self.window);
        if w.count == 0 || now >= w.start_ms.saturating_add(window) {
            // Windows start with the first request, as HeyGen's do.
            *w = Window {
                start_ms: now,
                count: 0,
            };
        }
        if w.count >= limit.requests {
            let retry =
                clock.retry_after_secs(w.start_ms.saturating_add(window).saturating_sub(now));
            return Err(ApiError::rate_limited(
                format!(
                    "Rate limit exceeded: {} requests per {}",
                    limit.requests,
                    humantime::format_duration(limit.window)
                ),
                retry,
            ));
        }
        w.count += 1;
        Ok(())
    }
}
