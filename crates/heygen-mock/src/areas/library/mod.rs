//! The workspace's read-only v3 libraries: the music and sound effect catalogue
//! (`GET /v3/audio/sounds`, semantic search stood in for by word overlap) and the brand kits
//! (`GET /v3/brand-kits`).
//!
//! - `model.rs`: the built-in tracks (kept as finished jobs so that their files are served
//!   behind the engine's signed media links) and brand kits;
//! - `v3.rs`: the two list routes.

mod model;
mod v3;

use std::sync::Arc;

use axum::Router;

use crate::core::{Core, error::ApiError, jobs::JobTable};
use model::Sound;

/// The library area over the core.
pub struct LibraryArea {
    core: Core,
}

impl LibraryArea {
    /// Registers the tracks' table with the engine, which serves their files.
    pub fn new(core: Core) -> Arc<Self> {
        let sounds: JobTable<Sound> = JobTable::new(core.clock.now_ms());
        core.jobs.register(Arc::new(sounds));
        Arc::new(Self { core })
    }
}

impl LibraryArea {
    /// A `brand_kit_id` input of another area (video agents): one of the workspace's kits,
    /// else 404 naming the field `at`.
    pub fn check_brand_kit(&self, id: &str, at: &str) -> Result<(), ApiError> {
        model::BRAND_KITS
            .iter()
            .any(|kit| kit.brand_kit_id == id)
            .then_some(())
            .ok_or_else(|| ApiError::not_found("brand kit", id).with_param(at))
    }
}

/// The library routes.
pub fn routes(area: Arc<LibraryArea>) -> Router {
    v3::routes(area)
}
