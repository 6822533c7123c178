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

use crate::core::{Core, jobs::JobTable};
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

/// The library routes.
pub fn routes(area: Arc<LibraryArea>) -> Router {
    v3::routes(area)
}
