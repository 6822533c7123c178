//! Unfinished jobs of every area ordered by finish time, so that each one is announced
//! (webhooks) exactly once when its time comes, in O(log n).

use std::collections::BTreeSet;

use crate::core::clock::Millis;

/// Unfinished jobs by (finish time, area kind, id).
#[derive(Debug, Default)]
pub struct Schedule {
    due: BTreeSet<(Millis, &'static str, String)>,
}

impl Schedule {
    /// Adds a job of area `kind` that finishes at `at`.
    pub fn insert(&mut self, at: Millis, kind: &'static str, id: &str) {
        self.due.insert((at, kind, id.to_owned()));
    }

    /// Moves a job's finish time (forced outcomes).
    pub fn reschedule(&mut self, from: Millis, to: Millis, kind: &'static str, id: &str) {
        self.due.remove(&(from, kind, id.to_owned()));
        self.insert(to, kind, id);
    }

    /// Removes and returns every job finished by `now`, in finish order.
    pub fn take_due(&mut self, now: Millis) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        while self.due.first().is_some_and(|first| first.0 <= now) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_yields_due_jobs_in_order_once() {
        let mut s = Schedule::default();
        s.insert(30, "videos", "b");
        s.insert(10, "videos", "a");
        s.insert(50, "translations", "c");
        assert_eq!(
            s.take_due(30),
            vec![("videos", "a".into()), ("videos", "b".into())]
        );
        assert!(s.take_due(30).is_empty());
        s.reschedule(50, 40, "translations", "c");
        assert_eq!(s.take_due(45).len(), 1);
        assert!(s.is_empty());
    }
}
