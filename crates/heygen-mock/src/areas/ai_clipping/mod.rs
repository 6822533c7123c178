//! AI clipping (v3 only): jobs that cut a long video into short clips, one per requested
//! duration type, each with a title, a thumbnail and a virality score.
//!
//! - `model.rs`: the job data, its clips, events (`ai_clipping.success` / `.fail`, whose data
//!   is the job as `GET` shows it) and files, and that view;
//! - `v3.rs`: `/v3/ai-clipping` (create, list, read, delete).

mod model;
mod v3;

use std::sync::Arc;

use axum::Router;
pub use model::{Clipping, EVENT_TYPES};

use super::assets::AssetsArea;
use crate::core::{Core, jobs::JobTable};

/// The AI clipping area: its jobs and the uploads its inputs may name.
pub struct AiClippingArea {
    core: Core,
    jobs: Arc<JobTable<Clipping>>,
    assets: Arc<AssetsArea>,
}

impl AiClippingArea {
    /// Registers the clipping jobs and their event types with the core.
    pub fn new(core: Core, assets: Arc<AssetsArea>) -> Arc<Self> {
        let jobs = Arc::new(JobTable::new(core.clock.now_ms()));
        core.jobs.register(jobs.clone());
        core.webhooks.types.declare(&EVENT_TYPES);
        Arc::new(Self { core, jobs, assets })
    }
}

/// The AI clipping routes.
pub fn routes(area: Arc<AiClippingArea>) -> Router {
    v3::routes(area)
}
