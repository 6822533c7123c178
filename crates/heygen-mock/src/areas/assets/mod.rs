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
use bytes::Bytes;

use heygen_api::types::{V3AssetInput, V3MediaInput};
pub use legacy::image_key;

use crate::{
    catalogue::Catalogue,
    core::{
        Core,
        error::ApiError,
        inputs::{check_url, field},
    },
};

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

/// The id in an `image_key`: `image/{id}/original` as `/v1/asset` gives it (and photo
/// generations give theirs), or a bare id.
pub fn image_key_id(key: &str) -> &str {
    key.strip_prefix("image/")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or(key)
}

impl AssetsArea {
    /// An `asset_id` input: a completed upload of one of `kinds` (`video`, `audio`, …; any
    /// kind when empty). `at` names the field in the error. The asset's kind.
    pub fn check_id(
        &self,
        asset_id: &str,
        at: &str,
        kinds: &[&str],
    ) -> Result<&'static str, ApiError> {
        let kind = self
            .usable(asset_id)
            .ok_or_else(|| ApiError::not_found("asset", asset_id).with_param(at))?;
        if kinds.is_empty() || kinds.contains(&kind) {
            Ok(kind)
        } else {
            Err(ApiError::invalid(format!(
                "{at}: asset {asset_id} is {kind}, expected {}",
                kinds.join(" or ")
            ))
            .with_param(at))
        }
    }

    /// A file input: an http(s) URL, a completed upload of one of `kinds` (any when empty),
    /// or valid base64. The asset's kind when it is an upload.
    pub fn check_input(
        &self,
        input: &V3AssetInput,
        at: &str,
        kinds: &[&str],
    ) -> Result<Option<&'static str>, ApiError> {
        use base64::Engine;
        match input {
            V3AssetInput::Url(u) => check_url(&u.url, &field(at, "url")).map(|()| None),
            V3AssetInput::Id(a) => self
                .check_id(&a.asset_id, &field(at, "asset_id"), kinds)
                .map(Some),
            V3AssetInput::Base64(b) => base64::engine::general_purpose::STANDARD
                .decode(b.data.as_bytes())
                .map(|_| None)
                .map_err(|_| {
                    ApiError::invalid(format!("{} is not base64", field(at, "data")))
                        .with_param(field(at, "data"))
                }),
        }
    }

    /// A media input that takes no base64 (lipsync and clipping sources): an http(s) URL or
    /// a completed upload of one of `kinds`.
    pub fn check_media(
        &self,
        input: &V3MediaInput,
        at: &str,
        kinds: &[&str],
    ) -> Result<Option<&'static str>, ApiError> {
        match input {
            V3MediaInput::Url(u) => check_url(&u.url, &field(at, "url")).map(|()| None),
            V3MediaInput::Id(a) => self
                .check_id(&a.asset_id, &field(at, "asset_id"), kinds)
                .map(Some),
        }
    }
}

impl AssetsArea {
    /// The bytes behind a media input the mock can read: a completed upload of one of `kinds`
    /// by `asset_id`, or the mock's own public link to one (`…/media/assets/{asset_id}/…`).
    /// The mock fetches no other URL, so one answers 400 saying to upload the file instead.
    /// `at` names the field.
    pub fn read_media(
        &self,
        input: &V3MediaInput,
        at: &str,
        kinds: &[&str],
    ) -> Result<Bytes, ApiError> {
        let (asset_id, at) = match input {
            V3MediaInput::Id(a) => (a.asset_id.as_str(), field(at, "asset_id")),
            V3MediaInput::Url(u) => {
                let at = field(at, "url");
                check_url(&u.url, &at)?;
                let own = u
                    .url
                    .split_once("/media/assets/")
                    .and_then(|(_, rest)| rest.split('/').next());
                match own {
                    Some(id) => (id, at),
                    None => {
                        return Err(ApiError::invalid(format!(
                            "{at}: the mock fetches no URLs; upload the file with POST /v3/assets \
                             and give {{\"type\": \"asset_id\"}}"
                        ))
                        .with_param(at));
                    }
                }
            }
        };
        self.check_id(asset_id, &at, kinds)?;
        self.assets
            .get(asset_id)
            .and_then(|a| a.bytes)
            .ok_or_else(|| ApiError::not_found("asset", asset_id).with_param(at))
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
