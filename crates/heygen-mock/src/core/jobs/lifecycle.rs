//! A job's timeline and where it is at any instant of mock time.

use std::time::Duration;

use axum::{extract::FromRequestParts, http::request::Parts};
use serde::Serialize;

use crate::core::{
    clock::{Millis, millis},
    error::{ApiError, code},
};

/// Share of the render time a job spends queued before processing starts.
const PENDING_SHARE: f64 = 0.2;

/// Why a job failed, as `error {code, message, detail}` in its status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JobFailure {
    /// HeyGen's code, e.g. 40119.
    pub code: i64,
    /// Short message.
    pub message: String,
    /// Longer explanation.
    pub detail: Option<String>,
}

impl JobFailure {
    /// The tutorial's "video is too long" failure for a plan limit in seconds.
    pub fn too_long(limit_seconds: f64) -> Self {
        Self {
            code: code::VIDEO_TOO_LONG,
            message: "Video is too long".into(),
            detail: Some(format!(
                "Video is too long (> {limit_seconds:.1}s). Please upgrade your plan to generate longer videos"
            )),
        }
    }

    /// A forced failure (header or control route), with HeyGen's code and message if given.
    pub fn forced(code: Option<i64>, message: Option<String>) -> Self {
        Self {
            code: code.unwrap_or(code::INTERNAL),
            detail: Some(
                message.clone().unwrap_or_else(|| {
                    "The job failed while rendering (forced by the mock)".into()
                }),
            ),
            message: message.unwrap_or_else(|| "Rendering failed".into()),
        }
    }

    /// The v3 `failure_code`: HeyGen's string for the codes it names, else the number.
    pub fn v3_code(&self) -> String {
        match self.code {
            code::VIDEO_TOO_LONG => "video_too_long".into(),
            code::INVALID_PARAMETERS => "invalid_parameter".into(),
            code::NOT_FOUND => "not_found".into(),
            code::INTERNAL => "internal_error".into(),
            code::STOPPED => "stopped".into(),
            other => other.to_string(),
        }
    }

    /// The one-line reason webhook events carry (`msg` / `message`).
    pub fn summary(&self) -> String {
        self.detail.clone().unwrap_or_else(|| self.message.clone())
    }
}

/// How a job ends.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// It renders.
    Completed,
    /// It fails with this error.
    Failed(JobFailure),
}

/// Where a job is at some instant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Phase<'a> {
    /// Queued.
    Pending,
    /// Rendering.
    Processing,
    /// Done; media available.
    Completed,
    /// Done; no media.
    Failed(&'a JobFailure),
}

impl Phase<'_> {
    /// The wire name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Phase::Pending => "pending",
            Phase::Processing => "processing",
            Phase::Completed => "completed",
            Phase::Failed(_) => "failed",
        }
    }

    /// Completed or failed.
    pub fn is_terminal(&self) -> bool {
        matches!(self, Phase::Completed | Phase::Failed(_))
    }
}

impl<'a> Phase<'a> {
    /// The failure of a failed job (a status answer's `error`), else `None`.
    pub fn failure(self) -> Option<&'a JobFailure> {
        match self {
            Phase::Failed(f) => Some(f),
            _ => None,
        }
    }
}

/// A job's timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Lifecycle {
    /// Creation time.
    pub created_ms: Millis,
    /// When processing starts.
    pub started_ms: Millis,
    /// When it completes or fails.
    pub finished_ms: Millis,
    /// How it ends.
    pub outcome: Outcome,
}

impl Lifecycle {
    /// A job created `now` that renders for `render`.
    pub fn new(now: Millis, render: Duration, outcome: Outcome) -> Self {
        let render = millis(render);
        Self {
            created_ms: now,
            started_ms: now.saturating_add((render as f64 * PENDING_SHARE) as Millis),
            finished_ms: now.saturating_add(render),
            outcome,
        }
    }

    /// The phase at `now`.
    pub fn phase(&self, now: Millis) -> Phase<'_> {
        if now >= self.finished_ms {
            match &self.outcome {
                Outcome::Completed => Phase::Completed,
                Outcome::Failed(f) => Phase::Failed(f),
            }
        } else if now >= self.started_ms {
            Phase::Processing
        } else {
            Phase::Pending
        }
    }

    /// A job that finished an hour before `now` (the tutorial's example ids).
    pub fn finished_before(now: Millis) -> Self {
        Self::new(
            now.saturating_sub(3_600_000),
            Duration::from_secs(60),
            Outcome::Completed,
        )
    }

    /// Ends the job at `now` with `outcome` (if it has not ended yet).
    pub fn force(&mut self, now: Millis, outcome: Outcome) -> Result<(), ApiError> {
        if self.phase(now).is_terminal() {
            return Err(ApiError::invalid("the job has already finished"));
        }
        self.started_ms = self.started_ms.min(now);
        self.finished_ms = now;
        self.outcome = outcome;
        Ok(())
    }
}

/// How long a job renders: `job_duration` for a 30-second video, scaled by the estimated
/// length (between 0.2× and 10×), so long scripts take visibly longer.
pub fn render_time(job_duration: Duration, estimated_seconds: f64) -> Duration {
    let factor = if estimated_seconds.is_finite() {
        (estimated_seconds / 30.0).clamp(0.2, 10.0)
    } else {
        1.0
    };
    job_duration.mul_f64(factor)
}

/// A per-request forced outcome, read from mock-only headers on a create call:
/// `X-Mock-Outcome: completed|failed`, `X-Mock-Error-Code`, `X-Mock-Error-Message` and
/// `X-Mock-Job-Duration` (humantime, e.g. `2s`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ForcedOutcome {
    /// The outcome to force, if any.
    pub outcome: Option<Outcome>,
    /// The render time to use instead of the computed one.
    pub duration: Option<Duration>,
}

impl<S: Send + Sync> FromRequestParts<S> for ForcedOutcome {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let header = |name: &str| {
            parts
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
        };
        let outcome = match header("x-mock-outcome") {
            None => None,
            Some("completed") => Some(Outcome::Completed),
            Some("failed") => {
                let code = header("x-mock-error-code")
                    .map(|c| {
                        c.parse()
                            .map_err(|_| ApiError::invalid("X-Mock-Error-Code must be a number"))
                    })
                    .transpose()?;
                let message = header("x-mock-error-message").map(str::to_owned);
                Some(Outcome::Failed(JobFailure::forced(code, message)))
            }
            Some(other) => {
                return Err(ApiError::invalid(format!(
                    "X-Mock-Outcome must be completed or failed, not {other:?}"
                )));
            }
        };
        let duration = header("x-mock-job-duration")
            .map(|d| {
                humantime::parse_duration(d)
                    .map_err(|e| ApiError::invalid(format!("X-Mock-Job-Duration: {e}")))
            })
            .transpose()?;
        Ok(Self { outcome, duration })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_follow_the_clock() {
        let job = Lifecycle::new(1000, Duration::from_secs(10), Outcome::Completed);
        assert_eq!(job.phase(1000), Phase::Pending);
        assert_eq!(job.phase(3000), Phase::Processing);
        assert_eq!(job.phase(11_000), Phase::Completed);
        let instant = Lifecycle::new(1000, Duration::ZERO, Outcome::Completed);
        assert_eq!(instant.phase(1000), Phase::Completed);
    }

    #[test]
    fn render_time_scales_with_length() {
        let base = Duration::from_secs(10);
        assert_eq!(render_time(base, 30.0), base);
        assert!(render_time(base, 300.0) > render_time(base, 30.0));
        assert_eq!(render_time(base, 0.0), Duration::from_secs(2));
    }
}
