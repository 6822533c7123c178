//! The avatar catalogue: stock avatars and talking photos.
//!
//! - `legacy.rs`: `GET /v2/avatars`.

mod legacy;

use std::sync::Arc;

use axum::Router;

use crate::{catalogue::Catalogue, core::Core};

/// The avatars area: read-only, served from the catalogue.
pub struct AvatarsArea {
    core: Core,
    catalogue: Arc<Catalogue>,
}

impl AvatarsArea {
    /// The area over a catalogue.
    pub fn new(core: Core, catalogue: Arc<Catalogue>) -> Arc<Self> {
        Arc::new(Self { core, catalogue })
    }
}

/// The avatar routes of every generation.
pub fn routes(area: Arc<AvatarsArea>) -> Router {
    legacy::routes(area)
}
