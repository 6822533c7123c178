//! `/v1/folders` (list), `/v1/folders/create`, `/v1/folders/{folder_id}` (rename),
//! `/v1/folders/{folder_id}/trash` and `/v1/folders/{folder_id}/restore`, all in the v2
//! envelope.

use std::sync::Arc;

use axum::{
    Json, Router,
    extract::{Path, State},
    routing::{get, post},
};
use heygen_api::types as wire;
use serde::{Deserialize, Serialize};

use super::{Folder, FoldersArea};
use crate::core::{
    envelope::{Generation, V2, v2},
    error::ApiError,
    extract::{ApiJson, ApiQuery},
    layers,
    pagination::{Page, PageQuery},
};

/// The folder routes.
pub fn routes(area: Arc<FoldersArea>) -> Router {
    let routes = Router::new()
        .route("/v1/folders", get(list))
        .route("/v1/folders/create", post(create))
        .route("/v1/folders/{folder_id}", post(rename))
        .route("/v1/folders/{folder_id}/trash", post(trash))
        .route("/v1/folders/{folder_id}/restore", post(restore))
        // An empty folder id still names a folder route: answer it in this group's envelope.
        .route("/v1/folders/", post(no_folder_id));
    layers::authenticated(&area.core.clone(), Generation::V2, routes).with_state(area)
}

#[derive(Serialize)]
struct FolderOut {
    id: String,
    name: String,
    parent_id: Option<String>,
    project_type: String,
    created_ts: u64,
    is_trash: bool,
}

impl From<Folder> for FolderOut {
    fn from(f: Folder) -> Self {
        Self {
            id: f.id,
            name: f.name,
            parent_id: f.parent_id,
            project_type: f.project_type,
            created_ts: f.created_ms / 1000,
            is_trash: f.trashed,
        }
    }
}

#[derive(Deserialize)]
struct ListQuery {
    limit: Option<u32>,
    parent_id: Option<String>,
    name_filter: Option<String>,
    #[serde(default)]
    is_trash: bool,
    token: Option<String>,
}

#[derive(Serialize)]
struct FolderList {
    folders: Vec<FolderOut>,
    total: usize,
    token: Option<String>,
}

async fn list(
    State(area): State<Arc<FoldersArea>>,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<V2<FolderList>>, ApiError> {
    // HeyGen takes 0 to 100; 0 asks for the default page size.
    let page = PageQuery {
        limit: query.limit.filter(|l| *l > 0),
        token: query.token,
    }
    .request(100, 100)?;
    let needle = query.name_filter.as_deref().map(str::to_lowercase);
    let matches = |f: &Folder| {
        f.trashed == query.is_trash
            && query
                .parent_id
                .as_deref()
                .is_none_or(|p| f.parent_id.as_deref() == Some(p))
            && needle
                .as_deref()
                .is_none_or(|n| f.name.to_lowercase().contains(n))
    };
    let all = area.folders.newest_first();
    let total = all.iter().filter(|(_, f)| matches(f)).count();
    let items = all
        .into_iter()
        .filter(|(seq, f)| page.after.is_none_or(|after| *seq < after) && matches(f))
        .map(|(seq, f)| (seq, FolderOut::from(f)));
    let page = Page::of(items, page.limit);
    Ok(v2(FolderList {
        folders: page.data,
        total,
        token: page.next_token,
    }))
}

async fn create(
    State(area): State<Arc<FoldersArea>>,
    ApiJson(request): ApiJson<wire::FolderCreateRequest>,
) -> Result<Json<V2<FolderOut>>, ApiError> {
    let project_type = request
        .project_type
        .map_or_else(|| "mixed".to_owned(), |t| t.to_string());
    let folder = area.folders.create(
        request.name.to_string(),
        project_type,
        request.parent_id,
        area.core.clock.now_ms(),
    )?;
    Ok(v2(folder.into()))
}

async fn rename(
    State(area): State<Arc<FoldersArea>>,
    Path(folder_id): Path<String>,
    ApiJson(request): ApiJson<wire::FolderRenameRequest>,
) -> Result<Json<V2<FolderOut>>, ApiError> {
    let folder = area.folders.rename(&folder_id, request.name.to_string())?;
    Ok(v2(folder.into()))
}

async fn trash(
    State(area): State<Arc<FoldersArea>>,
    Path(folder_id): Path<String>,
) -> Result<Json<V2<FolderOut>>, ApiError> {
    Ok(v2(area.folders.set_trashed(&folder_id, true)?.into()))
}

async fn restore(
    State(area): State<Arc<FoldersArea>>,
    Path(folder_id): Path<String>,
) -> Result<Json<V2<FolderOut>>, ApiError> {
    Ok(v2(area.folders.set_trashed(&folder_id, false)?.into()))
}

async fn no_folder_id() -> ApiError {
    ApiError::not_found("folder", "")
}
