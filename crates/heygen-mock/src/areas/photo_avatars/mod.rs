//! Photo avatars: the tutorial's images generated from a description, and HeyGen's v2 photo
//! avatar family (generated photos, groups of looks, training, motion, upscaling), whose
//! completed looks are usable as a video's character.
//!
//! - `model.rs`: the tutorial's photo avatar job, its events and files, and its view;
//! - `generations.rs`, `looks.rs`, `trainings.rs`: the v2 family's jobs and views;
//! - `legacy.rs`: `/v1/photo_avatar.generate`, `/v1/photo_avatar.get`;
//! - `v2.rs`: `/v2/photo_avatar/*`.

mod generations;
mod legacy;
mod looks;
mod model;
mod trainings;
mod v2;

use std::{collections::HashMap, sync::Arc};

use axum::Router;
pub use looks::LookView;
pub use model::{EVENT_TYPES, PhotoAvatar};

use self::{generations::Generation, looks::Look, trainings::Training};
use super::assets::{self, AssetsArea};
use crate::core::{
    Core,
    error::ApiError,
    jobs::{Job, JobStore, JobTable, Phase},
    media::Links,
};

/// The photo avatars area.
pub struct PhotoAvatarsArea {
    core: Core,
    jobs: Arc<JobTable<PhotoAvatar>>,
    generations: Arc<JobTable<Generation>>,
    looks: Arc<JobTable<Look>>,
    trainings: Arc<JobTable<Training>>,
    assets: Arc<AssetsArea>,
}

/// Where an image key's photo comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageSource {
    /// A generation's photo.
    Generated,
    /// An uploaded image asset.
    Uploaded,
}

/// One of the account's own groups, as the avatar group listing shows it.
#[derive(Debug)]
pub struct GroupSummary {
    /// The group id (the id of its first look).
    pub id: String,
    /// The group's name.
    pub name: String,
    /// Unix seconds with a fraction.
    pub created_at: f64,
    /// Looks in the group.
    pub num_looks: usize,
    /// The first look's photo, once processed.
    pub preview_image_url: Option<String>,
    /// `empty` (never trained), `pending`, `ready` or `failed`.
    pub train_status: &'static str,
}

impl PhotoAvatarsArea {
    /// Registers the photo avatar job tables and their event types with the core.
    pub fn new(core: Core, assets: Arc<AssetsArea>) -> Arc<Self> {
        let now = core.clock.now_ms();
        let jobs = Arc::new(JobTable::new(now));
        let generations = Arc::new(JobTable::new(now));
        let looks = Arc::new(JobTable::new(now));
        let trainings = Arc::new(JobTable::new(now));
        core.jobs.register(jobs.clone());
        core.jobs.register(generations.clone());
        core.jobs.register(looks.clone());
        core.jobs.register(trainings.clone());
        core.webhooks.types.declare(&EVENT_TYPES);
        core.webhooks.types.declare(&generations::EVENT_TYPES);
        core.webhooks.types.declare(&trainings::EVENT_TYPES);
        core.webhooks.types.declare(&looks::EVENT_TYPES);
        Arc::new(Self {
            core,
            jobs,
            generations,
            looks,
            trainings,
            assets,
        })
    }

    /// `Some(true)` when the photo avatar (the tutorial's, or a v2 look) has completed by now,
    /// `None` when there is none.
    pub fn is_completed(&self, id: &str) -> Option<bool> {
        let now = self.core.clock.now_ms();
        self.jobs
            .lock()
            .is_completed(id, now)
            .or_else(|| self.looks.lock().is_completed(id, now))
    }

    /// Checks an `image_key` (field `at`): a generated photo's key, which must be of a
    /// generation that succeeded, or an uploaded image's (`image/{asset_id}/original` or the
    /// asset id).
    pub fn image_key(&self, key: &str, at: &str) -> Result<ImageSource, ApiError> {
        let id = assets::image_key_id(key);
        if let Some((generation_id, _)) = generations::parse_photo(id) {
            let now = self.core.clock.now_ms();
            let generations = self.generations.lock();
            if let Some(job) = generations.get(generation_id) {
                return match job.lifecycle.phase(now) {
                    Phase::Completed => Ok(ImageSource::Generated),
                    Phase::Failed(_) => Err(ApiError::invalid(format!(
                        "{at}: generation {generation_id} failed and made no photos"
                    ))
                    .with_param(at)),
                    Phase::Pending | Phase::Processing => Err(ApiError::invalid(format!(
                        "{at}: generation {generation_id} is still in progress"
                    ))
                    .with_param(at)),
                };
            }
        }
        self.assets
            .check_id(id, at, &["image"])
            .map(|_| ImageSource::Uploaded)
    }

    /// The account's own groups, oldest first.
    pub fn groups(&self, links: &Links<'_>) -> Vec<GroupSummary> {
        let now = links.now();
        let trainings = self.trainings.lock();
        let looks = self.looks.lock();
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for (_, id, job) in looks.newest_first(None) {
            *counts.entry(job.data.group(id)).or_default() += 1;
        }
        let mut groups: Vec<GroupSummary> = looks
            .newest_first(None)
            .filter(|(_, _, job)| job.data.group.is_none())
            .map(|(_, id, job)| {
                let view = Look::view(id, job, links);
                GroupSummary {
                    id: id.to_owned(),
                    name: view.name,
                    created_at: view.created_at,
                    num_looks: counts.get(id).copied().unwrap_or(1),
                    preview_image_url: (!view.image_url.is_empty()).then_some(view.image_url),
                    train_status: latest_training(&trainings, id)
                        .map_or("empty", |job| Training::status(job, now)),
                }
            })
            .collect();
        groups.reverse();
        groups
    }

    /// The looks of one of the account's groups, oldest first; `None` when it has no such
    /// group.
    pub fn group_looks(&self, group_id: &str, links: &Links<'_>) -> Option<Vec<LookView>> {
        let looks = self.looks.lock();
        looks.get(group_id).filter(|job| job.data.group.is_none())?;
        let mut list: Vec<LookView> = looks
            .newest_first(None)
            .filter(|(_, id, job)| job.data.group(id) == group_id)
            .map(|(_, id, job)| Look::view(id, job, links))
            .collect();
        list.reverse();
        Some(list)
    }
}

impl PhotoAvatarsArea {
    /// One look as the v2 routes show it; `None` when there is none.
    pub fn look(&self, id: &str, links: &Links<'_>) -> Option<LookView> {
        let looks = self.looks.lock();
        looks.get(id).map(|job| Look::view(id, job, links))
    }

    /// Renames a look (a group's first look carries the group's name); `false` when there is
    /// no such look.
    pub fn rename(&self, id: &str, name: &str) -> bool {
        let mut looks = self.looks.lock();
        looks
            .get_mut(id)
            .map(|job| job.data.name = name.into())
            .is_some()
    }

    /// Deletes a look, or a whole group with its looks and trainings when `id` is a group's
    /// (its first look's) id. `None` when there is no such look; `Some(true)` when a group
    /// went.
    pub fn delete(&self, id: &str) -> Option<bool> {
        let is_group = {
            let mut looks = self.looks.lock();
            let is_group = looks.get(id)?.data.group.is_none();
            if is_group {
                let members: Vec<String> = looks
                    .newest_first(None)
                    .filter(|(_, look_id, job)| job.data.group(look_id) == id)
                    .map(|(_, look_id, _)| look_id.to_owned())
                    .collect();
                for member in members {
                    looks.remove(&member);
                }
            } else {
                looks.remove(id);
            }
            is_group
        };
        if is_group {
            let mut trainings = self.trainings.lock();
            let ids: Vec<String> = trainings
                .newest_first(None)
                .filter(|(_, _, job)| *job.data.group_id == *id)
                .map(|(_, training_id, _)| training_id.to_owned())
                .collect();
            for training_id in ids {
                trainings.remove(&training_id);
            }
        }
        Some(is_group)
    }
}

/// The newest training of a group.
fn latest_training<'a>(
    trainings: &'a JobStore<Training>,
    group_id: &str,
) -> Option<&'a Job<Training>> {
    trainings
        .newest_first(None)
        .find(|(_, _, job)| &*job.data.group_id == group_id)
        .map(|(_, _, job)| job)
}

/// The photo avatar routes of every generation.
pub fn routes(area: Arc<PhotoAvatarsArea>) -> Router {
    Router::new()
        .merge(legacy::routes(area.clone()))
        .merge(v2::routes(area))
}
