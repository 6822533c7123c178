//! One area's jobs by id, in creation order. Lookups are O(1) however many jobs are stored;
//! a page of a newest-first listing is O(log n + page).

use indexmap::IndexMap;

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

/// The jobs of one area by id, with each job's creation sequence number (the stable order
/// listings and their cursors use).
#[derive(Debug)]
pub struct JobStore<T> {
    jobs: IndexMap<String, (u64, Job<T>)>,
    next_seq: u64,
}

impl<T> Default for JobStore<T> {
    fn default() -> Self {
        Self {
            jobs: IndexMap::new(),
            next_seq: 0,
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
        self.jobs.get(id).map(|(_, job)| job)
    }

    /// A job by id, to change what its area keeps about it (not its timeline, which the
    /// engine's schedule mirrors).
    pub fn data_mut(&mut self, id: &str) -> Option<&mut T> {
        self.jobs.get_mut(id).map(|(_, job)| &mut job.data)
    }

    /// Stores a job after every job stored so far.
    pub fn insert(&mut self, id: String, lifecycle: Lifecycle, data: T) {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.jobs.insert(id, (seq, Job { lifecycle, data }));
    }

    /// Forgets a job; `None` if there was none. Keeps the order of the others.
    pub fn remove(&mut self, id: &str) -> Option<Job<T>> {
        self.jobs.shift_remove(id).map(|(_, job)| job)
    }

    /// Jobs newest first, starting after the job with sequence number `before` (exclusive)
    /// when given: `(seq, id, job)`.
    pub fn newest_first(&self, before: Option<u64>) -> impl Iterator<Item = (u64, &str, &Job<T>)> {
        // Sequence numbers grow with the index, so the start is found by binary search.
        let end = match before {
            None => self.jobs.len(),
            Some(before) => self.partition(|seq| seq < before),
        };
        (0..end).rev().filter_map(|i| {
            self.jobs
                .get_index(i)
                .map(|(id, (seq, job))| (*seq, id.as_str(), job))
        })
    }

    /// The number of leading jobs whose sequence number satisfies `below`.
    fn partition(&self, below: impl Fn(u64) -> bool) -> usize {
        let (mut low, mut high) = (0, self.jobs.len());
        while low < high {
            let mid = low + (high - low) / 2;
            match self.jobs.get_index(mid) {
                Some((_, (seq, _))) if below(*seq) => low = mid + 1,
                _ => high = mid,
            }
        }
        low
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
        let (_, job) = self.jobs.get_mut(id)?;
        let before = job.lifecycle.finished_ms;
        Some(job.lifecycle.force(now, outcome).map(|()| before))
    }

    /// `Some(true)` when the job completed by `now`, `None` when there is no such job.
    pub fn is_completed(&self, id: &str, now: Millis) -> Option<bool> {
        self.get(id)
            .map(|j| j.lifecycle.phase(now) == Phase::Completed)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn store(ids: &[&str]) -> JobStore<()> {
        let mut store = JobStore::default();
        for id in ids {
            let lifecycle = Lifecycle::new(0, Duration::ZERO, Outcome::Completed);
            store.insert((*id).to_owned(), lifecycle, ());
        }
        store
    }

    #[test]
    fn listing_is_newest_first_and_resumes_after_a_cursor() {
        let mut jobs = store(&["a", "b", "c", "d"]);
        let ids = |it: Vec<(u64, &str, &Job<()>)>| {
            it.into_iter()
                .map(|(_, id, _)| id.to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(jobs.newest_first(None).collect()), ["d", "c", "b", "a"]);
        let (cursor, _, _) = jobs.newest_first(None).nth(1).unwrap();
        assert_eq!(ids(jobs.newest_first(Some(cursor)).collect()), ["b", "a"]);
        // A deleted job does not shift the cursor.
        jobs.remove("b");
        assert_eq!(ids(jobs.newest_first(Some(cursor)).collect()), ["a"]);
        assert!(jobs.get("b").is_none());
        assert_eq!(jobs.len(), 3);
    }
}
