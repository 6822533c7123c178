//! Avatars: the stock catalogue (avatars and talking photos), the account's own photo avatar
//! groups (from the photo avatars area), and v3 avatars made by `POST /v3/avatars` (photo,
//! digital twin, prompt), whose training is a job on the shared engine.
//!
//! - `legacy.rs`: `GET /v2/avatars`, the v2 groups, `GET /v1/avatar.list`;
//! - `model.rs`: the v3 training jobs, their events and files, and the account's v3 groups;
//! - `v3.rs`: `/v3/avatars` (groups, looks, create, rename, delete, consent) over all three
//!   sources: a stock avatar id is a public look, a v2 photo avatar look a private one.

mod legacy;
mod model;
mod v3;

use std::sync::Arc;

use axum::Router;
pub use model::EVENT_TYPES;

use self::model::{Groups, Status, TrainedLook};
use super::{assets::AssetsArea, photo_avatars::PhotoAvatarsArea};
use crate::{
    catalogue::Catalogue,
    core::{Core, error::ApiError, jobs::JobTable},
};

/// When the stock avatars were made (2022-08-20), for answers that carry a creation time.
const STOCK_CREATED_AT: f64 = 1_660_953_600.0;

/// The avatars area: the catalogue, the account's photo avatars, and its v3 avatars.
pub struct AvatarsArea {
    core: Core,
    catalogue: Arc<Catalogue>,
    photo_avatars: Arc<PhotoAvatarsArea>,
    assets: Arc<AssetsArea>,
    looks: Arc<JobTable<TrainedLook>>,
    groups: Arc<Groups>,
}

impl AvatarsArea {
    /// The area over a catalogue, the account's photo avatar groups and its uploads (inputs
    /// of `POST /v3/avatars`); registers the v3 training jobs and their event types.
    pub fn new(
        core: Core,
        catalogue: Arc<Catalogue>,
        photo_avatars: Arc<PhotoAvatarsArea>,
        assets: Arc<AssetsArea>,
    ) -> Arc<Self> {
        let looks = Arc::new(JobTable::new(core.clock.now_ms()));
        core.jobs.register(looks.clone());
        core.webhooks.types.declare(&EVENT_TYPES);
        let groups = Arc::new(Groups::default());
        core.register_resettable(groups.clone());
        Arc::new(Self {
            core,
            catalogue,
            photo_avatars,
            assets,
            looks,
            groups,
        })
    }

    /// A look a video can be made of (`at` names the field in errors): a stock avatar, a
    /// talking photo (built-in or uploaded), a completed v2 photo avatar look, or one of the
    /// account's v3 looks that has completed (its group's consent given). Its default voice,
    /// if it has one.
    pub fn usable_look(&self, id: &str, at: &str) -> Result<Option<&str>, ApiError> {
        if let Some(avatar) = self.catalogue.avatar(id) {
            return Ok(avatar.default_voice_id.as_deref());
        }
        if self.catalogue.talking_photo(id).is_some() || self.assets.is_talking_photo(id) {
            return Ok(None);
        }
        let not_ready =
            |what: &str| Err(ApiError::invalid(format!("{at}: avatar {id} {what}")).with_param(at));
        if let Some(status) = self.trained_status(id) {
            return match status {
                Status::Completed => Ok(None),
                Status::Processing => not_ready("is still training"),
                Status::PendingConsent => not_ready("waits for its group's consent"),
                Status::Failed => not_ready("failed to train"),
            };
        }
        match self.photo_avatars.is_completed(id) {
            Some(true) => Ok(None),
            Some(false) => not_ready("is not completed yet"),
            None => Err(ApiError::not_found("avatar", id).with_param(at)),
        }
    }

    /// Where one of the account's v3 looks stands now; `None` when there is no such look.
    fn trained_status(&self, id: &str) -> Option<Status> {
        let now = self.core.clock.now_ms();
        let looks = self.looks.lock();
        let job = looks.get(id)?;
        let awaiting = self
            .groups
            .get(&job.data.group_id)
            .is_some_and(|g| g.consent.is_pending());
        Some(Status::of(job.lifecycle.phase(now), awaiting))
    }
}

/// The avatar routes of every generation.
pub fn routes(area: Arc<AvatarsArea>) -> Router {
    Router::new()
        .merge(legacy::routes(area.clone()))
        .merge(v3::routes(area))
}
