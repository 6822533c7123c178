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

use crate::core::{Core, error::ApiError};

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

    /// 404 unless `asset_id` is a completed upload of this kind (400 for another kind); `at`
    /// names the request field.
    pub fn uploaded(&self, asset_id: &str, kind: &str, at: &str) -> Result<(), ApiError> {
        match self.usable(asset_id) {
            Some(k) if k == kind => Ok(()),
            Some(k) => Err(ApiError::invalid(format!(
                "{at}: asset {asset_id} is an {k} file, not {kind}"
            ))
            .with_param(at)),
            None => Err(ApiError::not_found("asset", asset_id).with_param(at)),
        }
    }
}

/// The id in an `image_key`: `image/{id}/original` as `/v1/asset` gives it (and photo
/// generations give theirs), or a bare id.
pub fn image_key_id(key: &str) -> &str {
    key.strip_prefix("image/")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or(key)
}

/// The asset routes.
pub fn routes(area: Arc<AssetsArea>) -> Router {
    v3::routes(area)
}
