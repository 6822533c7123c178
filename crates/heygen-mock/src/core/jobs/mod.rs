//! The lifecycle every asynchronous job shares: pending → processing → completed | failed.
//!
//! A job stores only when it was created and when it will finish; its status is computed from
//! the mock clock each time it is read (moto-style), so nothing has to tick for a job to move.
//! The [`Schedule`] orders unfinished jobs by finish time so the server can announce each one
//! (webhooks) exactly once when its time comes, in O(log n).

use std::{
    collections::{BTreeSet, HashMap},
    sync::Mutex,
    time::Duration,
};

use axum::{extract::FromRequestParts, http::request::Parts};
use serde::Serialize;

use crate::{
    clock::{Millis, millis},
    error::{ApiError, code},
    state::{AppState, lock},
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

    /// The status answer's `error`: the failure, or `null`.
    pub fn error_json(&self) -> serde_json::Value {
        match self {
            Phase::Failed(f) => serde_json::json!(f),
            _ => serde_json::Value::Null,
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

/// A stored job: its timeline plus what its area keeps about it.
#[derive(Debug, Clone)]
pub struct Job<T> {
    /// When it starts and finishes, and how it ends.
    pub lifecycle: Lifecycle,
    /// Area-specific data.
    pub data: T,
}

/// The jobs of one area by id. Lookups are O(1) however many jobs are stored.
#[derive(Debug)]
pub struct JobStore<T> {
    jobs: HashMap<String, Job<T>>,
}

impl<T> Default for JobStore<T> {
    fn default() -> Self {
        Self {
            jobs: HashMap::new(),
        }
    }
}

impl<T> JobStore<T> {
    /// Stored jobs.
    pub fn len(&self) -> usize {
        self.jobs.len()
    }

    /// No jobs.
    pub fn is_empty(&self) -> bool {
        self.jobs.is_empty()
    }

    /// A job by id.
    pub fn get(&self, id: &str) -> Option<&Job<T>> {
        self.jobs.get(id)
    }

    /// Stores a job.
    pub fn insert(&mut self, id: String, lifecycle: Lifecycle, data: T) {
        self.jobs.insert(id, Job { lifecycle, data });
    }

    /// Makes room for `additional` more jobs at once (bulk fills).
    pub fn reserve(&mut self, additional: usize) {
        self.jobs.reserve(additional);
    }

    /// Ends a job now; `None` if there is no such job, else its previous finish time.
    pub fn force(
        &mut self,
        id: &str,
        now: Millis,
        outcome: Outcome,
    ) -> Option<Result<Millis, ApiError>> {
        let job = self.jobs.get_mut(id)?;
        let before = job.lifecycle.finished_ms;
        Some(job.lifecycle.force(now, outcome).map(|()| before))
    }

    /// `Some(true)` when the job completed by `now`, `None` when there is no such job.
    pub fn is_completed(&self, id: &str, now: Millis) -> Option<bool> {
        self.jobs
            .get(id)
            .map(|j| j.lifecycle.phase(now) == Phase::Completed)
    }
}

/// What starting a job needs beyond its area's data.
#[derive(Debug)]
pub struct JobSpec {
    /// Which area.
    pub kind: JobKind,
    /// Id prefix (`vt_`, `phav_`, or none).
    pub id_prefix: &'static str,
    /// Estimated length of the output, which scales the render time.
    pub estimated_seconds: f64,
    /// The outcome unless the request forces another.
    pub outcome: Outcome,
}

/// Starts a job in any area: checks the concurrency limit, applies forced outcomes and
/// durations, stores it and schedules its announcement. Returns the new id.
pub fn start<T>(
    state: &AppState,
    store: &Mutex<JobStore<T>>,
    spec: JobSpec,
    forced: ForcedOutcome,
    data: T,
) -> Result<String, ApiError> {
    state.settle();
    let now = state.clock.now_ms();
    // Checking the limit and scheduling under one lock: concurrent creates cannot both take
    // the last slot. Lock order everywhere: schedule, then a store.
    let mut schedule = lock(&state.schedule);
    if let Some(max) = state.config.max_concurrent_jobs
        && schedule.len() >= max
    {
        let wait_ms = schedule.next_due().unwrap_or(now).saturating_sub(now);
        return Err(ApiError::rate_limited(
            format!(
                "Rate limit exceeded: {} jobs are unfinished and the limit is {max}",
                schedule.len()
            ),
            state.clock.retry_after_secs(wait_ms),
        ));
    }
    let render = forced
        .duration
        .unwrap_or_else(|| render_time(state.config.job_duration, spec.estimated_seconds));
    let lifecycle = Lifecycle::new(now, render, forced.outcome.unwrap_or(spec.outcome));
    let id = new_id(spec.id_prefix);
    schedule.insert(lifecycle.finished_ms, spec.kind, &id);
    lock(store).insert(id.clone(), lifecycle, data);
    drop(schedule);
    tracing::info!(job = %id, kind = ?spec.kind, render_ms = render.as_millis() as u64, "job created");
    Ok(id)
}

/// A random id of 32 hex digits after a prefix, shaped like HeyGen's.
pub fn new_id(prefix: &str) -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    format!("{prefix}{}", hex::encode(bytes))
}

/// What kind of job a schedule entry refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    /// `/v2/video/generate` and template generate.
    Video,
    /// `/v1/photo_avatar.generate`.
    PhotoAvatar,
    /// `/v1/video_translate`.
    Translation,
}

/// Unfinished jobs ordered by finish time.
#[derive(Debug, Default)]
pub struct Schedule {
    due: BTreeSet<(Millis, JobKind, String)>,
}

impl Schedule {
    /// Adds a job that finishes at `at`.
    pub fn insert(&mut self, at: Millis, kind: JobKind, id: &str) {
        self.due.insert((at, kind, id.to_owned()));
    }

    /// Moves a job's finish time (forced outcomes).
    pub fn reschedule(&mut self, from: Millis, to: Millis, kind: JobKind, id: &str) {
        self.due.remove(&(from, kind, id.to_owned()));
        self.insert(to, kind, id);
    }

    /// Removes and returns every job finished by `now`, in finish order.
    pub fn take_due(&mut self, now: Millis) -> Vec<(JobKind, String)> {
        let mut out = Vec::new();
        while let Some(first) = self.due.first() {
            if first.0 > now {
                break;
            }
            if let Some((_, kind, id)) = self.due.pop_first() {
                out.push((kind, id));
            }
        }
        out
    }

    /// Unfinished jobs.
    pub fn len(&self) -> usize {
        self.due.len()
    }

    /// When the next unfinished job finishes.
    pub fn next_due(&self) -> Option<Millis> {
        self.due.first().map(|(at, _, _)| *at)
    }

    /// No unfinished jobs.
    pub fn is_empty(&self) -> bool {
        self.due.is_empty()
    }

    /// Forgets everything (reset).
    pub fn clear(&mut self) {
        self.due.clear();
    }
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
    fn schedule_yields_due_jobs_in_order_once() {
        let mut s = Schedule::default();
        s.insert(30, JobKind::Video, "b");
        s.insert(10, JobKind::Video, "a");
        s.insert(50, JobKind::Translation, "c");
        assert_eq!(
            s.take_due(30),
            vec![(JobKind::Video, "a".into()), (JobKind::Video, "b".into())]
        );
        assert!(s.take_due(30).is_empty());
        s.reschedule(50, 40, JobKind::Translation, "c");
        assert_eq!(s.take_due(45).len(), 1);
        assert!(s.is_empty());
    }

    #[test]
    fn render_time_scales_with_length() {
        let base = Duration::from_secs(10);
        assert_eq!(render_time(base, 30.0), base);
        assert!(render_time(base, 300.0) > render_time(base, 30.0));
        assert_eq!(render_time(base, 0.0), Duration::from_secs(2));
    }
}
