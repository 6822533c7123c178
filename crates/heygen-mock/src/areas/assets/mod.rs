//! Assets: files uploaded to HeyGen (multipart, or presigned direct uploads) and usable as
//! `asset_id` inputs of other calls.
//!
//! - `model.rs`: stored files, MIME sniffing, the direct-upload lifecycle, upload batches;
//! - `v3.rs`: `/v3/assets/*`, and the storage stand-ins `PUT /media/uploads/{id}` and
//!   `GET /media/assets/{id}/{name}`.

mod model;
mod v3;

use std::sync::Arc;

use axum::Router;

use crate::core::Core;

/// The assets area.
pub struct AssetsArea {
    core: Core,
    assets: Arc<model::Assets>,
    batches: Arc<model::AssetBatches>,
}

impl AssetsArea {
    /// The area; its files and batches are forgotten on reset.
    pub fn new(core: Core) -> Arc<Self> {
        let assets = Arc::new(model::Assets::default());
        let batches = Arc::new(model::AssetBatches::default());
        core.register_resettable(assets.clone());
        core.register_resettable(batches.clone());
        Arc::new(Self {
            core,
            assets,
            batches,
        })
    }

    /// The kind (`image`, `video`, `audio`, …) of a completed asset, for `asset_id` inputs;
    /// `None` when there is no such usable asset.
    pub fn usable(&self, asset_id: &str) -> Option<&'static str> {
        self.assets.usable(asset_id)
    }
}

/// The asset routes.
pub fn routes(area: Arc<AssetsArea>) -> Router {
    v3::routes(area)
}
