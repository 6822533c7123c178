//! Assets: files uploaded to HeyGen (multipart, or presigned direct uploads) and usable as
//! `asset_id` inputs of other calls.
//!
//! - `model.rs`: stored files, MIME sniffing, the direct-upload lifecycle, upload batches;
//! - `v3.rs`: `/v3/assets/*`, and the storage stand-ins `PUT /media/uploads/{id}` and
//!   `GET /media/assets/{id}/{name}`.

mod legacy;
mod model;
mod v3;

use std::sync::Arc;

use axum::Router;

use crate::{catalogue::Catalogue, core::Core};
pub use legacy::image_key;

/// The assets area.
pub struct AssetsArea {
    core: Core,
    catalogue: Arc<Catalogue>,
    assets: Arc<model::Assets>,
    batches: Arc<model::AssetBatches>,
    talking_photos: Arc<model::TalkingPhotos>,
}

impl AssetsArea {
    /// The area; its files, batches and uploaded talking photos are forgotten on reset. The
    /// catalogue's talking photos are listed beside the uploaded ones.
    pub fn new(core: Core, catalogue: Arc<Catalogue>) -> Arc<Self> {
        let assets = Arc::new(model::Assets::default());
        let batches = Arc::new(model::AssetBatches::default());
        let talking_photos = Arc::new(model::TalkingPhotos::default());
        core.register_resettable(assets.clone());
        core.register_resettable(batches.clone());
        core.register_resettable(talking_photos.clone());
        Arc::new(Self {
            core,
            catalogue,
            assets,
            batches,
            talking_photos,
        })
    }

    /// Whether `id` names a talking photo uploaded through `/v1/talking_photo`.
    pub fn is_talking_photo(&self, id: &str) -> bool {
        self.talking_photos.contains(id)
    }

    /// The kind (`image`, `video`, `audio`, …) of a completed asset, for `asset_id` inputs;
    /// `None` when there is no such usable asset.
    pub fn usable(&self, asset_id: &str) -> Option<&'static str> {
        self.assets.usable(asset_id)
    }
}

/// The public URL of an asset's bytes.
fn url_of(base: &str, asset: &model::Asset) -> String {
    let name = if asset.name.is_empty() {
        "file"
    } else {
        &asset.name
    };
    let name: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{base}/media/assets/{}/{name}", asset.id)
}

/// The asset routes of every generation.
pub fn routes(area: Arc<AssetsArea>) -> Router {
    Router::new()
        .merge(legacy::routes(area.clone()))
        .merge(v3::routes(area))
}
