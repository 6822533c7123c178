//! HeyGen's v3 asset routes: multipart upload, presigned direct uploads (one or a batch, then
//! `complete`), list, read, delete, bulk statuses and the public image/icon search; plus the
//! mock's stand-ins for the storage HeyGen fronts: `PUT /media/uploads/{asset_id}` (the presigned
//! upload URL) and `GET /media/assets/{asset_id}/{name}` (an asset's public URL).

use std::{collections::BTreeMap, sync::Arc};

use axum::{
    Json, Router,
    body::Bytes,
    extract::{DefaultBodyLimit, Multipart, Path, Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post, put},
};
use heygen_api::types as wire;
use serde::{Deserialize, Serialize};

use super::{
    AssetsArea,
    model::{Asset, AssetStatus, MAX_DIRECT_BYTES, MAX_UPLOAD_BYTES, UPLOAD_TTL_SECS},
    url_of,
};
use crate::core::{
    batch::{BatchDetail, ItemError, ItemState, StatusEntry, status_ids},
    envelope::{Generation, V3, v3},
    error::ApiError,
    extract::{ApiJson, ApiQuery},
    layers,
    media::{self, check_link},
    pagination::{Page, PageQuery},
};

/// The mock's only workspace member.
const USERNAME: &str = "mock-user";

/// The v3 asset routes, and the storage stand-ins (public, presigned).
pub fn routes(area: Arc<AssetsArea>) -> Router {
    let core = area.core.clone();
    let api = Router::new()
        .route(
            "/v3/assets",
            get(list)
                // Multipart bodies carry files of up to 32 MB, plus their framing.
                .post(upload)
                .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES + 64 * 1024)),
        )
        .route("/v3/assets/direct-uploads", post(direct_upload))
        .route(
            "/v3/assets/direct-uploads/batches",
            post(direct_upload_batch),
        )
        .route("/v3/assets/complete/batches", post(complete_batch))
        .route("/v3/assets/batches/{batch_id}", get(batch))
        .route("/v3/assets/statuses", get(statuses))
        .route("/v3/assets/search", get(search))
        .route("/v3/assets/{asset_id}", get(detail).delete(remove))
        .route("/v3/assets/{asset_id}/complete", post(complete));
    let storage = Router::new()
        .route(
            "/media/uploads/{asset_id}",
            put(receive).layer(DefaultBodyLimit::max(MAX_DIRECT_BYTES as usize)),
        )
        .route("/media/assets/{asset_id}/{name}", get(serve));
    Router::new()
        .merge(layers::authenticated(
            &core,
            Generation::V3,
            layers::idempotent(&core, MAX_UPLOAD_BYTES + 64 * 1024, api),
        ))
        .merge(storage)
        .with_state(area)
}

#[derive(Serialize)]
struct Uploaded {
    asset_id: String,
    url: String,
    mime_type: String,
    size_bytes: u64,
}

async fn upload(
    State(area): State<Arc<AssetsArea>>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Result<Json<V3<Uploaded>>, ApiError> {
    let malformed = |e: axum::extract::multipart::MultipartError| {
        ApiError::from_status(e.status(), &e.body_text()).with_param("file")
    };
    while let Some(field) = multipart.next_field().await.map_err(malformed)? {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("file").to_owned();
        let bytes = field.bytes().await.map_err(malformed)?;
        if bytes.is_empty() {
            return Err(ApiError::invalid("file is empty").with_param("file"));
        }
        let asset = area.assets.upload(name, bytes, area.core.clock.now_ms())?;
        let base = area.core.base_url(&headers);
        return Ok(v3(Uploaded {
            url: url_of(&base, &asset),
            size_bytes: asset.expected_size,
            asset_id: asset.id,
            mime_type: asset.mime_type,
        }));
    }
    Err(ApiError::invalid("the form has no file part").with_param("file"))
}

#[derive(Serialize)]
struct AssetData {
    id: String,
    name: String,
    #[serde(rename = "type")]
    kind: &'static str,
    owner: &'static str,
    space_id: &'static str,
    uploaded_at: u64,
    url: Option<String>,
    folder_id: Option<String>,
}

impl AssetData {
    fn of(asset: &Asset, base: &str) -> Self {
        Self {
            id: asset.id.clone(),
            name: asset.name.clone(),
            kind: asset.kind(),
            owner: USERNAME,
            space_id: "space_mock",
            uploaded_at: asset.created_ms / 1000,
            url: (asset.status == AssetStatus::Completed).then(|| url_of(base, asset)),
            folder_id: None,
        }
    }
}

#[derive(Deserialize)]
struct ListQuery {
    username: Option<String>,
    limit: Option<u32>,
    token: Option<String>,
    folder_id: Option<String>,
}

async fn list(
    State(area): State<Arc<AssetsArea>>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<Page<AssetData>>, ApiError> {
    let Some(username) = query.username else {
        return Err(ApiError::invalid("username is required").with_param("username"));
    };
    let page = PageQuery {
        limit: query.limit,
        token: query.token,
    }
    .request(20, 100)?;
    let base = area.core.base_url(&headers);
    // Only the mock user has assets, and none are in a folder.
    let mine = username == USERNAME && query.folder_id.is_none();
    let assets = if mine {
        area.assets.newest_first(page.after)
    } else {
        Vec::new()
    };
    let items = assets
        .into_iter()
        .map(|(seq, asset)| (seq, AssetData::of(&asset, &base)));
    Ok(Json(Page::of(items, page.limit)))
}

fn found(area: &AssetsArea, asset_id: &str) -> Result<Asset, ApiError> {
    area.assets
        .get(asset_id)
        .ok_or_else(|| ApiError::not_found("asset", asset_id).with_param("asset_id"))
}

async fn detail(
    State(area): State<Arc<AssetsArea>>,
    headers: HeaderMap,
    Path(asset_id): Path<String>,
) -> Result<Json<V3<AssetData>>, ApiError> {
    let asset = found(&area, &asset_id)?;
    Ok(v3(AssetData::of(&asset, &area.core.base_url(&headers))))
}

#[derive(Serialize)]
struct Deleted {
    id: String,
}

async fn remove(
    State(area): State<Arc<AssetsArea>>,
    Path(asset_id): Path<String>,
) -> Result<Json<V3<Deleted>>, ApiError> {
    if !area.assets.remove(&asset_id) {
        return Err(ApiError::not_found("asset", &asset_id).with_param("asset_id"));
    }
    Ok(v3(Deleted { id: asset_id }))
}

#[derive(Serialize)]
struct UploadSlot {
    asset_id: String,
    upload_url: String,
    upload_headers: BTreeMap<&'static str, String>,
    expires_in_seconds: u64,
    max_bytes: u64,
    status: &'static str,
}

/// Opens one direct upload: checks the declared file, then presigns the PUT URL.
fn open_slot(
    area: &AssetsArea,
    base: &str,
    file: &wire::DirectUploadFileV3,
    batch_id: Option<String>,
    at: &str,
) -> Result<UploadSlot, ApiError> {
    let size = file.size_bytes.get();
    if size > MAX_DIRECT_BYTES {
        return Err(ApiError::invalid(format!(
            "{at}size_bytes: the mock takes files of up to {MAX_DIRECT_BYTES} bytes"
        ))
        .with_param(format!("{at}size_bytes")));
    }
    let content_type = file.content_type.to_string();
    if !matches!(
        super::model::kind_of(&content_type),
        "image" | "video" | "audio" | "pdf"
    ) && content_type != "application/x-subrip"
    {
        return Err(ApiError::invalid(format!(
            "{at}content_type {content_type:?} is not a type HeyGen takes"
        ))
        .with_param(format!("{at}content_type")));
    }
    let asset = area.assets.open(
        file.filename.to_string(),
        content_type.clone(),
        size,
        file.checksum_sha256.clone(),
        batch_id,
        area.core.clock.now_ms(),
    )?;
    let path = format!("/media/uploads/{}", asset.id);
    Ok(UploadSlot {
        upload_url: area
            .core
            .media
            .sign(base, &path, area.core.clock.now_ms(), UPLOAD_TTL_SECS),
        upload_headers: BTreeMap::from([("Content-Type", content_type)]),
        asset_id: asset.id,
        expires_in_seconds: UPLOAD_TTL_SECS,
        max_bytes: size,
        status: AssetStatus::PendingUpload.as_str(),
    })
}

async fn direct_upload(
    State(area): State<Arc<AssetsArea>>,
    headers: HeaderMap,
    ApiJson(file): ApiJson<wire::DirectUploadFileV3>,
) -> Result<Json<V3<UploadSlot>>, ApiError> {
    let base = area.core.base_url(&headers);
    Ok(v3(open_slot(&area, &base, &file, None, "")?))
}

#[derive(Serialize)]
struct SlotBatch {
    batch_id: String,
    items: Vec<UploadSlot>,
}

async fn direct_upload_batch(
    State(area): State<Arc<AssetsArea>>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<wire::DirectUploadBatchV3Request>,
) -> Result<Json<V3<SlotBatch>>, ApiError> {
    let base = area.core.base_url(&headers);
    let batch_id = area.batches.open(request.title, area.core.clock.now_ms());
    let items = request
        .files
        .iter()
        .enumerate()
        .map(|(i, file)| {
            open_slot(
                &area,
                &base,
                file,
                Some(batch_id.clone()),
                &format!("files[{i}]."),
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(v3(SlotBatch { batch_id, items }))
}

#[derive(Deserialize)]
struct Signed {
    #[serde(rename = "Expires")]
    expires: Option<u64>,
    #[serde(rename = "Signature")]
    signature: Option<String>,
}

/// `PUT /media/uploads/{asset_id}`: the presigned upload URL, as S3 would take the bytes.
async fn receive(
    State(area): State<Arc<AssetsArea>>,
    Path(asset_id): Path<String>,
    Query(signed): Query<Signed>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    check_link(
        &area.core.media,
        &format!("/media/uploads/{asset_id}"),
        signed.expires,
        signed.signature.as_deref(),
        area.core.clock.now_secs(),
    )?;
    area.assets.receive(&asset_id, body)?;
    Ok(StatusCode::OK)
}

#[derive(Serialize)]
struct Completed {
    asset_id: String,
    url: String,
    mime_type: String,
    size_bytes: u64,
    status: &'static str,
}

async fn complete(
    State(area): State<Arc<AssetsArea>>,
    headers: HeaderMap,
    Path(asset_id): Path<String>,
    ApiJson(request): ApiJson<wire::CompleteUploadV3Request>,
) -> Result<Json<V3<Completed>>, ApiError> {
    let asset = area
        .assets
        .complete(&asset_id, request.checksum_sha256.as_deref())?;
    let base = area.core.base_url(&headers);
    Ok(v3(Completed {
        url: url_of(&base, &asset),
        size_bytes: asset.expected_size,
        status: asset.status.as_str(),
        asset_id: asset.id,
        mime_type: asset.mime_type,
    }))
}

#[derive(Serialize)]
struct BatchAccepted {
    batch_id: String,
}

async fn complete_batch(
    State(area): State<Arc<AssetsArea>>,
    ApiJson(request): ApiJson<wire::CompleteUploadBatchV3Request>,
) -> Result<Response, ApiError> {
    let batch_id = request.batch_id;
    if area.batches.get(&batch_id).is_none() {
        return Err(ApiError::not_found("batch", &batch_id).with_param("batch_id"));
    }
    let outcomes = area
        .assets
        .of_batch(&batch_id)
        .iter()
        .map(|asset| {
            area.assets
                .complete(&asset.id, None)
                .err()
                .map(|e| e.message)
        })
        .collect();
    area.batches.record(&batch_id, outcomes);
    Ok((StatusCode::ACCEPTED, v3(BatchAccepted { batch_id })).into_response())
}

/// One upload's batch-item state: `queued` until completed, `failed` if completing failed.
fn item_state(asset: &Asset, failure: Option<&String>) -> ItemState {
    let (status, error) = match (asset.status, failure) {
        (AssetStatus::Completed, _) => ("completed", None),
        (AssetStatus::PendingUpload, Some(message)) => (
            "failed",
            Some(ItemError {
                code: "invalid_parameter".into(),
                message: message.clone(),
            }),
        ),
        (AssetStatus::PendingUpload, None) => ("queued", None),
    };
    ItemState {
        status,
        id: Some(asset.id.clone()),
        error,
    }
}

/// A direct-upload batch's items' states, in request order.
fn batch_states(area: &AssetsArea, batch_id: &str) -> Option<Vec<ItemState>> {
    let stored = area.batches.get(batch_id)?;
    let states = area
        .assets
        .of_batch(batch_id)
        .iter()
        .enumerate()
        .map(|(i, a)| item_state(a, stored.failures.get(i).and_then(Option::as_ref)))
        .collect();
    Some(states)
}

async fn batch(
    State(area): State<Arc<AssetsArea>>,
    Path(batch_id): Path<String>,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<V3<BatchDetail>>, ApiError> {
    let page = query.request(100, 100)?;
    let stored = area
        .batches
        .get(&batch_id)
        .ok_or_else(|| ApiError::not_found("batch", &batch_id).with_param("batch_id"))?;
    let states = batch_states(&area, &batch_id).unwrap_or_default();
    Ok(v3(BatchDetail::new(
        batch_id,
        stored.title,
        stored.created_ms / 1000,
        states,
        page,
    )))
}

#[derive(Deserialize)]
struct StatusesQuery {
    asset_ids: Option<String>,
    batch_ids: Option<String>,
}

async fn statuses(
    State(area): State<Arc<AssetsArea>>,
    ApiQuery(query): ApiQuery<StatusesQuery>,
) -> Result<Json<Page<StatusEntry>>, ApiError> {
    let (asset_ids, batch_ids) = status_ids(
        query.asset_ids.as_deref(),
        query.batch_ids.as_deref(),
        "asset_ids",
    )?;
    let mut entries: Vec<StatusEntry> = asset_ids
        .into_iter()
        .map(|id| StatusEntry::of_id(id, area.assets.get(id).map(|a| item_state(&a, None))))
        .collect();
    for batch_id in batch_ids {
        entries.extend(StatusEntry::of_batch(
            batch_id,
            batch_states(&area, batch_id),
        ));
    }
    Ok(Json(Page::all(entries)))
}

#[derive(Deserialize)]
struct SearchQuery {
    query: Option<String>,
    #[serde(rename = "type")]
    kind: Option<wire::AssetSearchType>,
    scope: Option<wire::AssetSearchScope>,
    limit: Option<u32>,
    token: Option<String>,
}

#[derive(Serialize)]
struct SearchResult {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    url: String,
    width: Option<u32>,
    height: Option<u32>,
    orientation: Option<&'static str>,
    is_transparent: Option<bool>,
}

/// Words the built-in public library's items are found by.
const LIBRARY: [&str; 12] = [
    "office", "city", "nature", "food", "pizza", "team", "laptop", "product", "studio", "arrow",
    "star", "check",
];

async fn search(
    State(area): State<Arc<AssetsArea>>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> Result<Json<Page<SearchResult>>, ApiError> {
    let text = query
        .query
        .filter(|q| !q.trim().is_empty())
        .ok_or_else(|| ApiError::invalid("query is required").with_param("query"))?;
    let kind = query
        .kind
        .ok_or_else(|| ApiError::invalid("type is required (image or icon)").with_param("type"))?;
    let page = PageQuery {
        limit: query.limit,
        token: query.token,
    }
    .request(20, 50)?;
    let icon = matches!(kind, wire::AssetSearchType::Icon);
    let base = area.core.base_url(&headers);
    let words: Vec<String> = text
        .to_lowercase()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let personal = matches!(query.scope, Some(wire::AssetSearchScope::Personal));
    let hits: Vec<(u64, SearchResult)> = if personal {
        area.assets
            .newest_first(None)
            .into_iter()
            .filter(|(_, a)| {
                a.kind() == "image" && words.iter().any(|w| a.name.to_lowercase().contains(w))
            })
            .map(|(seq, a)| (seq, result(&a.id, icon, url_of(&base, &a))))
            .collect()
    } else {
        LIBRARY
            .iter()
            .enumerate()
            .filter(|(_, item)| {
                words
                    .iter()
                    .any(|w| item.contains(w.as_str()) || w.contains(*item))
            })
            .map(|(i, item)| {
                let id = format!("lib_{item}");
                (
                    i as u64,
                    result(&id, icon, media::preview_link(&base, "image.jpg", &id)),
                )
            })
            .collect()
    };
    let hits = hits
        .into_iter()
        .filter(|(seq, _)| page.after.is_none_or(|after| *seq > after));
    Ok(Json(Page::of(hits, page.limit)))
}

fn result(id: &str, icon: bool, url: String) -> SearchResult {
    SearchResult {
        id: id.to_owned(),
        kind: if icon { "icon" } else { "image" },
        url,
        width: Some(320),
        height: Some(180),
        orientation: Some("landscape"),
        is_transparent: Some(icon),
    }
}

/// `GET /media/assets/{asset_id}/{name}`: an asset's bytes, as its public URL serves them.
async fn serve(
    State(area): State<Arc<AssetsArea>>,
    Path((asset_id, _name)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let asset = area
        .assets
        .get(&asset_id)
        .filter(|a| a.status == AssetStatus::Completed)
        .ok_or_else(|| ApiError::not_found("asset", &asset_id))?;
    let bytes = asset.bytes.unwrap_or_default();
    Ok(([(header::CONTENT_TYPE, asset.mime_type)], bytes).into_response())
}
