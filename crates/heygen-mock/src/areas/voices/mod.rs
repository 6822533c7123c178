//! The voice catalogue.
//!
//! - `legacy.rs`: `GET /v2/voices`.

mod legacy;

use std::sync::Arc;

use axum::Router;

use crate::{catalogue::Catalogue, core::Core};

/// The voices area: read-only, served from the catalogue.
pub struct VoicesArea {
    core: Core,
    catalogue: Arc<Catalogue>,
}

impl VoicesArea {
    /// The area over a catalogue.
    pub fn new(core: Core, catalogue: Arc<Catalogue>) -> Arc<Self> {
        Arc::new(Self { core, catalogue })
    }
}

/// The voice routes of every generation.
pub fn routes(area: Arc<VoicesArea>) -> Router {
    legacy::routes(area)
}
