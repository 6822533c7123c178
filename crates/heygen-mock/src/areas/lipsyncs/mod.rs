//! Lipsyncs (v3 only): jobs that replace a video's audio and re-animate the speaker's lips,
//! singly or in batches.
//!
//! - `model.rs`: the job data, its events (HeyGen names no lipsync event; they go out as
//!   `video_translate.*`, the pipeline lipsyncs share) and files (MP4, SRT captions);
//! - `v3.rs`: `/v3/lipsyncs` (create, list, read, rename, delete), batches and bulk statuses.

mod model;
mod v3;

use std::sync::Arc;

use axum::Router;
pub use model::{EVENT_TYPES, Lipsync};

use super::assets::AssetsArea;
use crate::core::{
    Core,
    batch::Batches,
    error::ApiError,
    jobs::{ForcedOutcome, JobTable, NewJob, Outcome, Started},
};

/// The lipsyncs area: its jobs, its batches, and the uploads its inputs may name.
pub struct LipsyncsArea {
    core: Core,
    jobs: Arc<JobTable<Lipsync>>,
    batches: Arc<Batches>,
    assets: Arc<AssetsArea>,
}

impl LipsyncsArea {
    /// Registers the lipsync jobs, their batches and their event types with the core.
    pub fn new(core: Core, assets: Arc<AssetsArea>) -> Arc<Self> {
        let jobs = Arc::new(JobTable::new(core.clock.now_ms()));
        core.jobs.register(jobs.clone());
        core.webhooks.types.declare(&EVENT_TYPES);
        let batches = Arc::new(Batches::default());
        core.register_resettable(batches.clone());
        Arc::new(Self {
            core,
            jobs,
            batches,
            assets,
        })
    }

    /// Charges and starts a lipsync job.
    fn start(&self, lipsync: Lipsync, forced: ForcedOutcome) -> Result<Started, ApiError> {
        self.core
            .start_charged_job(&self.jobs, new_job(&lipsync), forced, lipsync)
    }

    /// Starts a lipsync of a batch, whose credits the batch has already charged.
    fn start_in_batch(&self, lipsync: Lipsync, forced: ForcedOutcome) -> Result<Started, ApiError> {
        self.core
            .start_job(&self.jobs, new_job(&lipsync), forced, lipsync)
    }
}

/// How the engine times a lipsync: by its output length; it completes unless forced.
fn new_job(lipsync: &Lipsync) -> NewJob {
    NewJob {
        id_prefix: "",
        estimated_seconds: lipsync.seconds(),
        outcome: Outcome::Completed,
    }
}

/// The lipsync routes.
pub fn routes(area: Arc<LipsyncsArea>) -> Router {
    v3::routes(area)
}
