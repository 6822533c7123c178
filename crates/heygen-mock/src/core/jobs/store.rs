//! One area's jobs by id. Lookups are O(1) however many jobs are stored.

use std::collections::HashMap;

use super::lifecycle::{Lifecycle, Outcome, Phase};
use crate::core::{clock::Millis, error::ApiError};

/// A stored job: its timeline plus what its area keeps about it.
#[derive(Debug, Clone)]
pub struct Job<T> {
    /// When it starts and finishes, and how it ends.
    pub lifecycle: Lifecycle,
    /// Area-specific data.
    pub data: T,
}

/// The jobs of one area by id.
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

    /// Forgets every job.
    pub fn clear(&mut self) {
        self.jobs.clear();
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
