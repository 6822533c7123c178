//! Video translation: a source video re-voiced into another language.
//!
//! - `model.rs`: the job data, its events and files, and the view every generation renders;
//! - `legacy.rs`: `/v1/video_translate`, `/v1/video_translate_status.get`.

mod legacy;
mod model;

use std::sync::Arc;

use axum::Router;
pub use model::{EVENT_TYPES, Translation};

use crate::{
    catalogue::Catalogue,
    core::{Core, jobs::JobTable},
};

/// The translations area.
pub struct TranslationsArea {
    core: Core,
    catalogue: Arc<Catalogue>,
    jobs: Arc<JobTable<Translation>>,
}

impl TranslationsArea {
    /// Registers the translation jobs and their event types with the core.
    pub fn new(core: Core, catalogue: Arc<Catalogue>) -> Arc<Self> {
        let jobs = Arc::new(JobTable::new(core.clock.now_ms()));
        core.jobs.register(jobs.clone());
        core.webhooks.types.declare(&EVENT_TYPES);
        Arc::new(Self {
            core,
            catalogue,
            jobs,
        })
    }
}

/// The translation routes of every generation.
pub fn routes(area: Arc<TranslationsArea>) -> Router {
    legacy::routes(area)
}
