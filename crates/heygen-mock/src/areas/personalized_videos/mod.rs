//! Personalized video (HeyGen Enterprise): a project renders one video per contact added to
//! its audience, announced by the `personalized_video` webhook event.
//!
//! - `model.rs`: the projects the mock's account has, and the per-contact video job;
//! - `legacy.rs`: `POST /v1/personalized_video/add_contact`,
//!   `GET /v1/personalized_video/audience/detail`, `GET /v1/personalized_video/project/detail`.

mod legacy;
mod model;

use std::sync::Arc;

use axum::Router;

use crate::core::{Core, jobs::JobTable};
use model::ContactVideo;

/// The personalized video area.
pub struct PersonalizedVideosArea {
    core: Core,
    jobs: Arc<JobTable<ContactVideo>>,
}

impl PersonalizedVideosArea {
    /// Registers the contact video jobs with the core (`personalized_video` is one of the
    /// webhook event types the webhooks area declares).
    pub fn new(core: Core) -> Arc<Self> {
        let jobs = Arc::new(JobTable::new(core.clock.now_ms()));
        core.jobs.register(jobs.clone());
        Arc::new(Self { core, jobs })
    }
}

/// The personalized video routes.
pub fn routes(area: Arc<PersonalizedVideosArea>) -> Router {
    legacy::routes(area)
}
