//! The avatar catalogue: stock avatars and talking photos, and the account's own photo avatar
//! groups (from the photo avatars area) in the group listings.
//!
//! - `legacy.rs`: `GET /v2/avatars`.

mod legacy;

use std::sync::Arc;

use axum::Router;

use super::photo_avatars::PhotoAvatarsArea;
use crate::{catalogue::Catalogue, core::Core};

/// The avatars area: read-only, served from the catalogue and the account's photo avatars.
pub struct AvatarsArea {
    core: Core,
    catalogue: Arc<Catalogue>,
    photo_avatars: Arc<PhotoAvatarsArea>,
}

impl AvatarsArea {
    /// The area over a catalogue and the account's photo avatar groups.
    pub fn new(
        core: Core,
        catalogue: Arc<Catalogue>,
        photo_avatars: Arc<PhotoAvatarsArea>,
    ) -> Arc<Self> {
        Arc::new(Self {
            core,
            catalogue,
            photo_avatars,
        })
    }
}

/// The avatar routes of every generation.
pub fn routes(area: Arc<AvatarsArea>) -> Router {
    legacy::routes(area)
}
