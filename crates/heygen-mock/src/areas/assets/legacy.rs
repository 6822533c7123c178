//! The legacy asset routes: `POST /v1/asset` (the raw file as the body; HeyGen's upload host),
//! `GET /v1/asset/list` (v2 envelope), `POST /v1/asset/{asset_id}/delete`, and talking photos:
//! `POST /v1/talking_photo` (a raw JPEG or PNG; upload host), `GET /v1/talking_photo.list` (v1)
//! and `DELETE /v2/talking_photo/{talking_photo_id}`.
//!
//! Files land in the same store as `/v3/assets`, so each generation lists and uses the other's.

use std::sync::Arc;

use axum::{
    Json, Router,
    body::Bytes,
    extract::{DefaultBodyLimit, Path, State},
    http::{HeaderMap, StatusCode, header},
    routing::{delete, get, post},
};
use serde::{Deserialize, Serialize};

use super::{AssetsArea, model::MAX_UPLOAD_BYTES, url_of};
use crate::core::{
    envelope::{Generation, V1, V2, v1, v2},
    error::ApiError,
    extract::ApiQuery,
    layers,
    media::preview_link,
    pagination::{Page, PageQuery},
};

/// The types `/v1/asset` takes, each as its own `Content-Type`.
const ASSET_TYPES: [&str; 5] = [
    "image/png",
    "image/jpeg",
    "video/mp4",
    "video/webm",
    "audio/mpeg",
];
/// The types `/v1/talking_photo` takes.
const PHOTO_TYPES: [&str; 2] = ["image/jpeg", "image/png"];

/// The legacy asset and talking-photo routes.
pub fn routes(area: Arc<AssetsArea>) -> Router {
    let core = area.core.clone();
    // The raw-body uploads take files of up to 32 MB, like `/v3/assets`.
    let uploads = DefaultBodyLimit::max(MAX_UPLOAD_BYTES);
    let v1_routes = Router::new()
        .route("/v1/asset", post(upload).layer(uploads))
        .route("/v1/asset/{asset_id}/delete", post(remove))
        .route(
            "/v1/talking_photo",
            post(upload_talking_photo).layer(uploads),
        )
        .route("/v1/talking_photo.list", get(talking_photos));
    let v2_routes = Router::new().route("/v1/asset/list", get(list)).route(
        "/v2/talking_photo/{talking_photo_id}",
        delete(remove_talking_photo),
    );
    Router::new()
        .merge(layers::authenticated(&core, Generation::V1, v1_routes))
        .merge(layers::authenticated(&core, Generation::V2, v2_routes))
        .with_state(area)
}

/// The declared `Content-Type` (without parameters), if it is one of `allowed`; else 415.
fn declared_type(headers: &HeaderMap, allowed: &[&'static str]) -> Result<&'static str, ApiError> {
    let declared = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default();
    allowed
        .iter()
        .find(|t| **t == declared)
        .copied()
        .ok_or_else(|| {
            ApiError::from_status(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                &format!(
                    "Content-Type must be one of {}, not {declared:?}",
                    allowed.join(", ")
                ),
            )
        })
}

/// Stores a raw-body upload after checking that its bytes are of the declared type.
fn store(
    area: &AssetsArea,
    headers: &HeaderMap,
    bytes: Bytes,
    allowed: &[&'static str],
) -> Result<super::model::Asset, ApiError> {
    let declared = declared_type(headers, allowed)?;
    if bytes.is_empty() {
        return Err(ApiError::invalid(
            "the body is empty: send the file's bytes",
        ));
    }
    let sniffed = super::model::sniff(&bytes);
    if sniffed != Some(declared) {
        return Err(ApiError::invalid(format!(
            "the body is not a {declared} file (Content-Type says {declared})"
        )));
    }
    // HeyGen names a raw upload by its id; the store names it after the type until then.
    let name = format!("upload.{}", declared.rsplit('/').next().unwrap_or("bin"));
    area.assets.upload(name, bytes, area.core.clock.now_ms())
}

#[derive(Serialize)]
struct AssetV1 {
    id: String,
    name: String,
    file_type: &'static str,
    folder_id: &'static str,
    meta: Option<String>,
    created_ts: u64,
    url: String,
    image_key: Option<String>,
}

/// An image's key in the form HeyGen's photo calls take.
pub fn image_key(asset_id: &str) -> String {
    format!("image/{asset_id}/original")
}

async fn upload(
    State(area): State<Arc<AssetsArea>>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Json<V1<AssetV1>>, ApiError> {
    let asset = store(&area, &headers, bytes, &ASSET_TYPES)?;
    let base = area.core.base_url(&headers);
    let kind = asset.kind();
    Ok(v1(AssetV1 {
        url: url_of(&base, &asset),
        image_key: (kind == "image").then(|| image_key(&asset.id)),
        name: asset.id.clone(),
        id: asset.id,
        file_type: kind,
        folder_id: "",
        meta: None,
        created_ts: asset.created_ms / 1000,
    }))
}

#[derive(Deserialize)]
struct ListQuery {
    folder_id: Option<String>,
    file_type: Option<String>,
    limit: Option<u32>,
    token: Option<String>,
}

#[derive(Serialize)]
struct ListedAsset {
    id: String,
    name: String,
    file_type: &'static str,
    folder_id: &'static str,
    created_ts: u64,
    url: Option<String>,
}

#[derive(Serialize)]
struct AssetList {
    assets: Vec<ListedAsset>,
    total: usize,
    token: Option<String>,
}

async fn list(
    State(area): State<Arc<AssetsArea>>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<V2<AssetList>>, ApiError> {
    // HeyGen takes 0 to 100; 0 asks for the default page size.
    let page = PageQuery {
        limit: query.limit.filter(|l| *l > 0),
        token: query.token,
    }
    .request(100, 100)?;
    // The store calls SRT files `subtitle`, the v1 filter `srt`.
    let kind = match query.file_type.as_deref() {
        None => None,
        Some(t @ ("image" | "video" | "audio" | "pdf")) => Some(t),
        Some("srt") => Some("subtitle"),
        Some(other) => {
            return Err(ApiError::invalid(format!(
                "file_type must be image, video, audio, pdf or srt, not {other:?}"
            )));
        }
    };
    let base = area.core.base_url(&headers);
    let matches = |a: &super::model::Asset| {
        // Uploads land in the root folder: a folder filter matches none of them.
        query.folder_id.as_deref().is_none_or(str::is_empty) && kind.is_none_or(|k| k == a.kind())
    };
    // One read of the store serves the total and the page.
    let matching: Vec<_> = area
        .assets
        .newest_first(None)
        .into_iter()
        .filter(|(_, a)| matches(a))
        .collect();
    let total = matching.len();
    let items = matching
        .into_iter()
        .filter(|(seq, _)| page.after.is_none_or(|after| *seq < after))
        .map(|(seq, a)| {
            let listed = ListedAsset {
                url: Some(url_of(&base, &a)),
                name: if a.name.is_empty() {
                    a.id.clone()
                } else {
                    a.name.clone()
                },
                file_type: v1_type(a.kind()),
                folder_id: "",
                created_ts: a.created_ms / 1000,
                id: a.id,
            };
            (seq, listed)
        });
    let page = Page::of(items, page.limit);
    Ok(v2(AssetList {
        assets: page.data,
        total,
        token: page.next_token,
    }))
}

/// An asset kind under its v1 name (`srt` for subtitles).
fn v1_type(kind: &'static str) -> &'static str {
    if kind == "subtitle" { "srt" } else { kind }
}

async fn remove(
    State(area): State<Arc<AssetsArea>>,
    Path(asset_id): Path<String>,
) -> Result<Json<V1<Option<()>>>, ApiError> {
    if !area.assets.remove(&asset_id) {
        return Err(ApiError::not_found("asset", &asset_id));
    }
    area.talking_photos.forget_asset(&asset_id);
    Ok(v1(None))
}

#[derive(Serialize)]
struct TalkingPhotoUploaded {
    talking_photo_id: String,
    talking_photo_url: String,
}

async fn upload_talking_photo(
    State(area): State<Arc<AssetsArea>>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Json<V1<TalkingPhotoUploaded>>, ApiError> {
    let asset = store(&area, &headers, bytes, &PHOTO_TYPES)?;
    let base = area.core.base_url(&headers);
    let talking_photo_id = area.talking_photos.add(&asset.id);
    Ok(v1(TalkingPhotoUploaded {
        talking_photo_id,
        talking_photo_url: url_of(&base, &asset),
    }))
}

#[derive(Serialize)]
struct TalkingPhotoV1 {
    id: String,
    circle_image: String,
    image_url: String,
}

/// The catalogue's stock talking photos, then the uploaded ones, newest first.
async fn talking_photos(
    State(area): State<Arc<AssetsArea>>,
    headers: HeaderMap,
) -> Json<V1<Vec<TalkingPhotoV1>>> {
    let base = area.core.base_url(&headers);
    let stock = area.catalogue.talking_photos.iter().map(|t| {
        let image = preview_link(&base, "image.jpg", &t.talking_photo_id);
        TalkingPhotoV1 {
            id: t.talking_photo_id.clone(),
            circle_image: image.clone(),
            image_url: image,
        }
    });
    let uploaded = area
        .talking_photos
        .newest_first()
        .into_iter()
        .filter_map(|(id, asset_id)| {
            let asset = area.assets.get(&asset_id)?;
            let url = url_of(&base, &asset);
            Some(TalkingPhotoV1 {
                id,
                circle_image: url.clone(),
                image_url: url,
            })
        });
    v1(uploaded.chain(stock).collect())
}

async fn remove_talking_photo(
    State(area): State<Arc<AssetsArea>>,
    Path(talking_photo_id): Path<String>,
) -> Result<Json<V1<Option<()>>>, ApiError> {
    if area.catalogue.talking_photo(&talking_photo_id).is_some() {
        return Err(ApiError::invalid(format!(
            "talking photo {talking_photo_id} is one of HeyGen's stock photos and cannot be deleted"
        )));
    }
    let asset_id = area
        .talking_photos
        .remove(&talking_photo_id)
        .ok_or_else(|| ApiError::not_found("talking photo", &talking_photo_id))?;
    area.assets.remove(&asset_id);
    Ok(v1(None))
}
