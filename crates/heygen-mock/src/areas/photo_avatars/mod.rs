//! Photo avatars: images generated from a description, usable as a video's character.
//!
//! - `model.rs`: the job data, its events and files, and the view every generation renders;
//! - `legacy.rs`: `/v1/photo_avatar.generate`, `/v1/photo_avatar.get`.

mod legacy;
mod model;

use std::sync::Arc;

use axum::Router;
pub use model::{EVENT_TYPES, PhotoAvatar};

use crate::core::{Core, jobs::JobTable};

/// The photo avatars area.
pub struct PhotoAvatarsArea {
    core: Core,
    jobs: Arc<JobTable<PhotoAvatar>>,
}

impl PhotoAvatarsArea {
    /// Registers the photo avatar jobs and their event types with the core.
    pub fn new(core: Core) -> Arc<Self> {
        let jobs = Arc::new(JobTable::new(core.clock.now_ms()));
        core.jobs.register(jobs.clone());
        core.webhooks.types.declare(&EVENT_TYPES);
        Arc::new(Self { core, jobs })
    }

    /// `Some(true)` when the photo avatar has completed by now, `None` when there is none.
    pub fn is_completed(&self, id: &str) -> Option<bool> {
        self.jobs.lock().is_completed(id, self.core.clock.now_ms())
    }
}

/// The photo avatar routes of every generation.
pub fn routes(area: Arc<PhotoAvatarsArea>) -> Router {
    legacy::routes(area)
}
