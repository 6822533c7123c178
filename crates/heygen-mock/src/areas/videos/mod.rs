//! Avatar videos: jobs rendered from scenes (or templates), their status, files and events.
//!
//! - `model.rs`: the job data, its events and files, and the view every generation renders;
//! - `legacy.rs`: `/v2/video/generate`, `/v1/video_status.get`;
//! - `v3.rs`: `/v3/videos` (create, list, read, delete), batches and bulk statuses (stored
//!   and counted down by `core::batch`);
//! - `control.rs`: `/_mock/jobs/fill` (bulk completed videos, for benchmarks).

mod control;
mod legacy;
mod model;
mod v3;

use std::sync::Arc;

pub use crate::core::captions::speech_seconds;
use axum::Router;
pub use legacy::VideoId;
pub use model::{EVENT_TYPES, NewVideo, Video};

use super::{
    assets::AssetsArea, avatars::AvatarsArea, photo_avatars::PhotoAvatarsArea, voices::VoicesArea,
};
use crate::{
    catalogue::Catalogue,
    core::{
        Core,
        batch::Batches,
        error::ApiError,
        jobs::{ForcedOutcome, JobFailure, JobTable, Lifecycle, NewJob, Outcome, Started},
        media::Links,
    },
};

/// The videos area: its jobs, its batches and what it checks scenes against.
pub struct VideosArea {
    core: Core,
    catalogue: Arc<Catalogue>,
    jobs: Arc<JobTable<Video>>,
    batches: Arc<Batches>,
    photo_avatars: Arc<PhotoAvatarsArea>,
    assets: Arc<AssetsArea>,
    /// Resolves the looks v3 videos name.
    avatars: Arc<AvatarsArea>,
    voices: Arc<VoicesArea>,
}

impl VideosArea {
    /// Registers the video jobs and their event types with the core.
    pub fn new(
        core: Core,
        catalogue: Arc<Catalogue>,
        photo_avatars: Arc<PhotoAvatarsArea>,
        assets: Arc<AssetsArea>,
        avatars: Arc<AvatarsArea>,
        voices: Arc<VoicesArea>,
    ) -> Arc<Self> {
        let jobs = Arc::new(JobTable::new(core.clock.now_ms()));
        core.jobs.register(jobs.clone());
        core.webhooks.types.declare(&EVENT_TYPES);
        let batches = Arc::new(Batches::default());
        core.register_resettable(batches.clone());
        Arc::new(Self {
            core,
            catalogue,
            jobs,
            batches,
            photo_avatars,
            assets,
            avatars,
            voices,
        })
    }

    /// Starts a video job; a video longer than the plan allows fails with 40119 when it
    /// finishes. Returns the new id.
    pub fn start(&self, new: NewVideo, forced: ForcedOutcome) -> Result<String, ApiError> {
        self.start_job(new, forced).map(|started| started.id)
    }

    /// Charges a video as v3 does (1 credit per started minute), then starts it; its id and
    /// timeline.
    pub fn start_charged_video(
        &self,
        new: NewVideo,
        forced: ForcedOutcome,
    ) -> Result<Started, ApiError> {
        self.start_charged_job(new, forced)
    }

    /// Starts a video job; the id and timeline.
    fn start_job(&self, new: NewVideo, forced: ForcedOutcome) -> Result<Started, ApiError> {
        let job = self.new_job(&new);
        self.core
            .start_job(&self.jobs, job, forced, Video::from(new))
    }

    /// Charges a v3 video (1 credit per started minute), then starts it; the credits go back
    /// if it cannot start.
    fn start_charged_job(&self, new: NewVideo, forced: ForcedOutcome) -> Result<Started, ApiError> {
        let job = self.new_job(&new);
        self.core
            .start_charged_job(&self.jobs, job, forced, Video::from(new))
    }

    /// How the engine times a video: by its length; one longer than the plan allows fails.
    fn new_job(&self, new: &NewVideo) -> NewJob {
        let limit = self.core.config.plan_limit_seconds;
        NewJob {
            id_prefix: "",
            estimated_seconds: new.estimated_seconds,
            outcome: if new.estimated_seconds > limit {
                Outcome::Failed(JobFailure::too_long(limit))
            } else {
                Outcome::Completed
            },
        }
    }
}

/// What another area may read of a video: its timeline and, once completed, its files (a
/// video agent session reports its run's video through these).
#[derive(Debug, Clone)]
pub struct VideoFacts {
    /// When it starts and finishes, and how it ends.
    pub lifecycle: Lifecycle,
    /// The video file, once completed.
    pub video_url: Option<String>,
    /// A JPEG still, once completed.
    pub thumbnail_url: Option<String>,
    /// An animated GIF preview, once completed.
    pub gif_url: Option<String>,
    /// Seconds, once completed.
    pub duration: Option<f64>,
}

impl VideosArea {
    /// A video's timeline and links at `links.now()`; `None` when there is no such video
    /// (never made, or deleted).
    pub fn facts(&self, id: &str, links: &Links<'_>) -> Option<VideoFacts> {
        let videos = self.jobs.lock();
        let job = videos.get(id)?;
        let view = Video::view(id, job, links);
        Some(VideoFacts {
            lifecycle: job.lifecycle.clone(),
            video_url: view.video_url,
            thumbnail_url: view.thumbnail_url,
            gif_url: view.gif_url,
            duration: view.duration,
        })
    }

    /// An `avatar_id` input of another area, checked as v3 videos check it: its default voice.
    pub fn check_look(&self, id: &str, at: &str) -> Result<Option<String>, ApiError> {
        self.avatars
            .usable_look(id, at)
            .map(|v| v.map(str::to_owned))
    }

    /// A `voice_id` input of another area, checked as v3 videos check it.
    pub fn check_voice(&self, id: &str, at: &str) -> Result<(), ApiError> {
        self.voices.usable(id, at).map(drop)
    }

    /// A file input of another area, checked as v3 videos check theirs: the kind of an
    /// uploaded asset (`image`, `video`, `audio`, …), `None` for a URL or base64.
    pub fn check_file(
        &self,
        input: &heygen_api::types::V3AssetInput,
        at: &str,
    ) -> Result<Option<&'static str>, ApiError> {
        self.assets.check_input(input, at, &[])
    }

    /// The presenter an area that picks one itself (a video agent given no `avatar_id`) gets:
    /// the catalogue's first stock avatar and its voice (else the first voice); `None`s for an
    /// empty catalogue. Here because the catalogue's avatars are the videos area's to resolve.
    pub fn default_presenter(&self) -> (Option<String>, Option<String>) {
        let avatar = self.catalogue.avatars.first();
        let voice = avatar
            .and_then(|a| a.default_voice_id.clone())
            .or_else(|| self.catalogue.voices.first().map(|v| v.voice_id.clone()));
        (avatar.map(|a| a.avatar_id.clone()), voice)
    }
}

/// The video routes of every generation.
pub fn routes(area: Arc<VideosArea>) -> Router {
    Router::new()
        .merge(legacy::routes(area.clone()))
        .merge(v3::routes(area))
}

/// The area's `/_mock` controls.
pub fn control_routes(area: Arc<VideosArea>) -> Router {
    control::routes(area)
}
