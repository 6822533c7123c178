//! The lifecycle every asynchronous job shares: pending → processing → completed | failed.
//!
//! A job stores only when it was created and when it will finish; its status is computed from
//! the mock clock each time it is read (moto-style), so nothing has to tick for a job to move.
//! Areas keep their jobs in a [`JobTable`] and register it with the [`JobEngine`], which
//! starts, forces, announces and resets jobs of every area without naming one.

mod engine;
mod follower;
mod lifecycle;
mod schedule;
mod store;

pub use engine::{JobArea, JobData, JobEngine, JobTable, NewJob, StartRules, Started};
pub use follower::Follower;
pub use lifecycle::{ForcedOutcome, JobFailure, Lifecycle, Outcome, Phase, render_time};
pub use schedule::Schedule;
pub use store::{Job, JobStore};
