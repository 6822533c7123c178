//! Video translation: a source video re-voiced into another language.
//!
//! - `model.rs`: the job data, its events and files, and the view every generation renders;
//! - `legacy.rs`: the tutorial's `/v1/video_translate`, `/v1/video_translate_status.get`;
//! - `v2.rs`: `/v2/video_translate` (create, read, languages, captions), which real clients call;
//! - `proofread.rs`: proofread jobs (a translation's script, correctable before rendering);
//! - `v3.rs`: `/v3/video-translations` (create, list, read, rename, delete, languages, batches,
//!   bulk statuses) and its proofreads (create, read, SRT out and in, render).
//!
//! Every generation reads and writes one table of translation jobs, so an id from one works in
//! the others.

mod legacy;
mod model;
mod proofread;
mod v2;
mod v3;

use std::sync::Arc;

use axum::Router;
pub use model::{EVENT_TYPES, Translation};
pub use proofread::Proofread;

use super::assets::AssetsArea;
use crate::{
    catalogue::Catalogue,
    core::{
        Core,
        batch::Batches,
        error::{ApiError, code},
        jobs::{ForcedOutcome, JobFailure, JobTable, NewJob, Outcome},
    },
};

/// Length assumed for a source video the mock cannot fetch.
const SOURCE_SECONDS: f64 = 60.0;

/// The languages `output_language` takes, by the names HeyGen lists.
pub const TARGET_LANGUAGES: [&str; 20] = [
    "English",
    "English - Your Accent",
    "Spanish",
    "Spanish - Your Accent",
    "French",
    "German",
    "Italian",
    "Portuguese",
    "Dutch",
    "Polish",
    "Turkish",
    "Russian",
    "Arabic",
    "Hindi",
    "Japanese",
    "Korean",
    "Chinese",
    "Indonesian",
    "Vietnamese",
    "Swedish",
];

/// Checks an output language against [`TARGET_LANGUAGES`]; `at` names the field.
fn check_language(language: &str, at: &str) -> Result<(), ApiError> {
    if TARGET_LANGUAGES.contains(&language) {
        Ok(())
    } else {
        Err(ApiError::invalid(format!(
            "{at}: {language:?} is not a language HeyGen translates into (see the target languages list)"
        ))
        .with_param(at))
    }
}

/// The translations area: translation jobs of every generation, v3 batches of them,
/// proofreads, and the uploads v3 inputs may name.
pub struct TranslationsArea {
    core: Core,
    catalogue: Arc<Catalogue>,
    assets: Arc<AssetsArea>,
    jobs: Arc<JobTable<Translation>>,
    batches: Arc<Batches>,
    proofreads: Arc<JobTable<Proofread>>,
}

impl TranslationsArea {
    /// Registers the translation and proofread jobs, the batches and the event types with
    /// the core.
    pub fn new(core: Core, catalogue: Arc<Catalogue>, assets: Arc<AssetsArea>) -> Arc<Self> {
        let jobs = Arc::new(JobTable::new(core.clock.now_ms()));
        core.jobs.register(jobs.clone());
        core.webhooks.types.declare(&EVENT_TYPES);
        let proofreads = Arc::new(JobTable::new(core.clock.now_ms()));
        core.jobs.register(proofreads.clone());
        core.webhooks.types.declare(&proofread::EVENT_TYPES);
        let batches = Arc::new(Batches::default());
        core.register_resettable(batches.clone());
        Arc::new(Self {
            core,
            catalogue,
            assets,
            jobs,
            batches,
            proofreads,
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
        .merge(v2::routes(area.clone()))
        .merge(v3::routes(area))
}
