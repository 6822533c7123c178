//! Something that waits on a job and announces events of its own when the job finishes: a
//! batch counting down its items, a video agent session whose run made the video. The job's
//! area calls it from its [`JobData::finished`] without knowing what it is.
//!
//! A follower is called with the engine's schedule and the job's store locked, so it must not
//! lock another area's state: it carries what its events need.
//!
//! [`JobData::finished`]: super::JobData::finished

use super::lifecycle::Phase;
use crate::core::webhooks::Event;

/// Told when a job it follows finishes.
pub trait Follower: Send + Sync + std::fmt::Debug {
    /// The events to publish now that job `id` has finished in `phase` (completed or
    /// failed); `output` links the job's main file when it completed.
    fn job_finished(&self, id: &str, phase: Phase<'_>, output: Option<&str>) -> Vec<Event>;
}
