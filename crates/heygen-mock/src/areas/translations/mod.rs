//! Video translation: a source video re-voiced into another language.
//!
//! - `model.rs`: the job data, its events and files, and the view every generation renders;
//! - `legacy.rs`: the tutorial's `/v1/video_translate`, `/v1/video_translate_status.get`;
//! - `v2.rs`: `/v2/video_translate` (create, read, languages, captions), which real clients call.

mod legacy;
mod model;
mod v2;

use std::sync::Arc;

use axum::Router;
pub use model::{EVENT_TYPES, Translation};

use crate::{
    catalogue::Catalogue,
    core::{
        Core,
        error::{ApiError, code},
        jobs::{ForcedOutcome, JobFailure, JobTable, NewJob, Outcome},
    },
};

/// Length assumed for a source video the mock cannot fetch.
const SOURCE_SECONDS: f64 = 60.0;

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

impl TranslationsArea {
    /// Starts a translation of `source`; its id. Like HeyGen, a source it cannot fetch (not
    /// http or https) fails the job rather than the request.
    fn start(
        &self,
        source: &str,
        translation: Translation,
        forced: ForcedOutcome,
    ) -> Result<String, ApiError> {
        let fetchable = source.starts_with("http://") || source.starts_with("https://");
        let job = NewJob {
            id_prefix: "vt_",
            estimated_seconds: translation.seconds,
            outcome: if fetchable {
                Outcome::Completed
            } else {
                Outcome::Failed(JobFailure {
                    code: code::INVALID_PARAMETERS,
                    message: "Failed to download the video".into(),
                    detail: Some(format!(
                        "video_url {source:?} cannot be fetched: only http and https URLs can"
                    )),
                })
            },
        };
        let started = self.core.start_job(&self.jobs, job, forced, translation)?;
        Ok(started.id)
    }
}

/// The translation routes of every generation.
pub fn routes(area: Arc<TranslationsArea>) -> Router {
    Router::new()
        .merge(legacy::routes(area.clone()))
        .merge(v2::routes(area))
}
