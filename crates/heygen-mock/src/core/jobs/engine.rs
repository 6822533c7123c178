//! The job engine: areas register their job tables; the engine starts, forces, announces,
//! serves and resets jobs of every area through the [`JobArea`] trait, never naming one
//! (crates.io's `BackgroundJob` registry, moto's `BackendDict`).

use std::{
    collections::BTreeMap,
    sync::{Arc, Mutex, MutexGuard, RwLock},
    time::Duration,
};

use axum::response::Response;

use super::{
    lifecycle::{ForcedOutcome, Lifecycle, Outcome, Phase, render_time},
    schedule::Schedule,
    store::{Job, JobStore},
};
use crate::core::{
    clock::{Millis, MockClock},
    error::ApiError,
    ids::new_id,
    media::Links,
    sync::{lock, read, write},
    webhooks::Event,
};

/// What an area's job data tells the engine: its kind, its example jobs, what it announces
/// when it finishes and which files it serves.
pub trait JobData: Sized + Send + 'static {
    /// The area's kind: its schedule tag and its `/media/{kind}/…` segment.
    const KIND: &'static str;

    /// Jobs that exist from the start and after every reset (the tutorial's example ids).
    fn seed(now: Millis) -> Vec<(String, Job<Self>)>;

    /// The webhook events of a job that has just finished.
    fn finished(id: &str, job: &Job<Self>, links: &Links<'_>) -> Vec<Event>;

    /// A completed job's file by name (`video.mp4`, `captions.ass`, …), if it has one.
    fn file(job: &Job<Self>, name: &str) -> Option<Response>;
}

/// One area's jobs behind a lock, as the engine and the area's handlers share them.
#[derive(Debug)]
pub struct JobTable<T> {
    store: Mutex<JobStore<T>>,
}

impl<T: JobData> JobTable<T> {
    /// A table holding the area's seed jobs.
    pub fn new(now: Millis) -> Self {
        let table = Self {
            store: Mutex::default(),
        };
        table.reseed(now);
        table
    }

    /// The store, locked. Lock order everywhere: the engine's schedule, then a store.
    pub fn lock(&self) -> MutexGuard<'_, JobStore<T>> {
        lock(&self.store)
    }

    fn reseed(&self, now: Millis) {
        let mut store = self.lock();
        store.clear();
        for (id, job) in T::seed(now) {
            store.insert(id, job.lifecycle, job.data);
        }
    }
}

/// What the engine asks of a registered area; implemented by every [`JobTable`].
pub trait JobArea: Send + Sync + 'static {
    /// The area's kind (see [`JobData::KIND`]).
    fn kind(&self) -> &'static str;
    /// The events of a job that has just finished (none if it is gone).
    fn finished(&self, id: &str, links: &Links<'_>) -> Vec<Event>;
    /// A completed job's file, or `None`.
    fn file(&self, id: &str, name: &str, now: Millis) -> Option<Response>;
    /// Ends a job now: `None` if there is no such job, else its previous finish time.
    fn force(&self, id: &str, now: Millis, outcome: Outcome) -> Option<Result<Millis, ApiError>>;
    /// Forgets every job and stores the seed jobs again.
    fn reset(&self, now: Millis);
    /// Jobs stored.
    fn stored(&self) -> usize;
}

impl<T: JobData> JobArea for JobTable<T> {
    fn kind(&self) -> &'static str {
        T::KIND
    }

    fn finished(&self, id: &str, links: &Links<'_>) -> Vec<Event> {
        self.lock()
            .get(id)
            .map(|job| T::finished(id, job, links))
            .unwrap_or_default()
    }

    fn file(&self, id: &str, name: &str, now: Millis) -> Option<Response> {
        let store = self.lock();
        let job = store.get(id)?;
        (job.lifecycle.phase(now) == Phase::Completed)
            .then(|| T::file(job, name))
            .flatten()
    }

    fn force(&self, id: &str, now: Millis, outcome: Outcome) -> Option<Result<Millis, ApiError>> {
        self.lock().force(id, now, outcome)
    }

    fn reset(&self, now: Millis) {
        self.reseed(now);
    }

    fn stored(&self) -> usize {
        self.lock().len()
    }
}

/// What starting a job needs beyond its area's data.
#[derive(Debug)]
pub struct NewJob {
    /// Id prefix (`vt_`, `phav_`, or none).
    pub id_prefix: &'static str,
    /// Estimated length of the output, which scales the render time.
    pub estimated_seconds: f64,
    /// The outcome unless the request forces another.
    pub outcome: Outcome,
}

/// A job just started: its id and timeline (so the creating request can answer without
/// reading the store again, which a concurrent reset may have emptied).
#[derive(Debug, Clone)]
pub struct Started {
    /// The new id.
    pub id: String,
    /// When it starts and finishes.
    pub lifecycle: Lifecycle,
}

/// The registry of job areas and the schedule of unfinished jobs.
#[derive(Default)]
pub struct JobEngine {
    areas: RwLock<BTreeMap<&'static str, Arc<dyn JobArea>>>,
    schedule: Mutex<Schedule>,
}

impl std::fmt::Debug for JobEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JobEngine")
            .field("areas", &read(&self.areas).keys().collect::<Vec<_>>())
            .field("unfinished", &lock(&self.schedule).len())
            .finish()
    }
}

/// How the engine times and limits new jobs.
#[derive(Debug, Clone, Copy)]
pub struct StartRules {
    /// Render time of a 30-second output.
    pub job_duration: Duration,
    /// Unfinished jobs allowed at once.
    pub max_concurrent: Option<usize>,
}

impl JobEngine {
    /// Adds an area; its jobs can then be forced, served, announced and reset.
    pub fn register(&self, area: Arc<dyn JobArea>) {
        write(&self.areas).insert(area.kind(), area);
    }

    /// Jobs stored by the area registered as `kind`.
    pub fn stored(&self, kind: &str) -> Option<usize> {
        read(&self.areas).get(kind).map(|a| a.stored())
    }

    /// Starts a job: checks the concurrency limit, applies forced outcomes and durations,
    /// stores it and schedules its announcement.
    pub fn start<T: JobData>(
        &self,
        clock: &MockClock,
        rules: StartRules,
        table: &JobTable<T>,
        new: NewJob,
        forced: ForcedOutcome,
        data: T,
    ) -> Result<Started, ApiError> {
        let now = clock.now_ms();
        // Checking the limit and scheduling under one lock: concurrent creates cannot both take
        // the last slot.
        let mut schedule = lock(&self.schedule);
        if let Some(max) = rules.max_concurrent
            && schedule.len() >= max
        {
            let wait_ms = schedule.next_due().unwrap_or(now).saturating_sub(now);
            return Err(ApiError::rate_limited(
                format!(
                    "Rate limit exceeded: {} jobs are unfinished and the limit is {max}",
                    schedule.len()
                ),
                clock.retry_after_secs(wait_ms),
            ));
        }
        let render = forced
            .duration
            .unwrap_or_else(|| render_time(rules.job_duration, new.estimated_seconds));
        let lifecycle = Lifecycle::new(now, render, forced.outcome.unwrap_or(new.outcome));
        let id = new_id(new.id_prefix);
        schedule.insert(lifecycle.finished_ms, T::KIND, &id);
        table.lock().insert(id.clone(), lifecycle.clone(), data);
        drop(schedule);
        tracing::info!(job = %id, kind = T::KIND, render_ms = render.as_millis() as u64, "job created");
        Ok(Started { id, lifecycle })
    }

    /// Ends any area's job now; the kind of the job, or 404 when no area has it.
    pub fn force(&self, id: &str, now: Millis, outcome: Outcome) -> Result<&'static str, ApiError> {
        let mut schedule = lock(&self.schedule);
        for (kind, area) in read(&self.areas).iter() {
            if let Some(result) = area.force(id, now, outcome.clone()) {
                schedule.reschedule(result?, now, kind, id);
                return Ok(kind);
            }
        }
        Err(ApiError::not_found("job", id))
    }

    /// A completed job's file from the area registered as `kind`.
    pub fn file(&self, kind: &str, id: &str, name: &str, now: Millis) -> Option<Response> {
        let area = read(&self.areas).get(kind).cloned()?;
        area.file(id, name, now)
    }

    /// Hands every job finished by `links.now()` to `publish`, once each, in finish order.
    ///
    /// The schedule stays locked while events are published, so two concurrent settles (a
    /// request's and the background ticker's) cannot publish out of finish order.
    pub fn settle(&self, links: &Links<'_>, mut publish: impl FnMut(Event)) {
        let mut schedule = lock(&self.schedule);
        let due = schedule.take_due(links.now());
        if due.is_empty() {
            return;
        }
        let areas = read(&self.areas);
        for (kind, id) in due {
            if let Some(area) = areas.get(kind) {
                area.finished(&id, links).into_iter().for_each(&mut publish);
            }
        }
    }

    /// Forgets every job of every area and stores their seed jobs again. The schedule stays
    /// locked throughout, so a job created meanwhile cannot lose its schedule entry.
    pub fn reset(&self, now: Millis) {
        let mut schedule = lock(&self.schedule);
        schedule.clear();
        for area in read(&self.areas).values() {
            area.reset(now);
        }
    }
}
