//! Folders that organise videos and files (`/v1/folders*`).
//!
//! - `mod.rs`: the area and its store: folders in creation order, trashing and restoring a
//!   folder with everything inside it;
//! - `legacy.rs`: the routes (v2 envelope).

mod legacy;

use std::sync::{
    Arc, Mutex,
    atomic::{AtomicU64, Ordering},
};

use axum::Router;
use indexmap::IndexMap;

use crate::core::{Core, Resettable, clock::Millis, error::ApiError, ids::new_id, sync::lock};

/// One folder.
#[derive(Debug, Clone)]
pub struct Folder {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The folder it is in; `None` at the root.
    pub parent_id: Option<String>,
    /// What it holds (`video`, `asset`, `mixed`, …).
    pub project_type: String,
    /// When it was made (mock time).
    pub created_ms: Millis,
    /// Whether it is in the trash.
    pub trashed: bool,
}

/// Every folder, with its creation sequence number (the listing order and cursor).
#[derive(Debug, Default)]
pub struct Folders {
    folders: Mutex<IndexMap<String, (u64, Folder)>>,
    next_seq: AtomicU64,
}

impl Resettable for Folders {
    fn reset(&self) {
        lock(&self.folders).clear();
    }
}

/// Folders a mock account may hold: enough for any test, bounded so memory is.
const MAX_FOLDERS: usize = 10_000;

impl Folders {
    /// Creates a folder inside `parent_id` (which must exist and not be trashed).
    pub fn create(
        &self,
        name: String,
        project_type: String,
        parent_id: Option<String>,
        now: Millis,
    ) -> Result<Folder, ApiError> {
        let mut folders = lock(&self.folders);
        if let Some(parent) = &parent_id {
            match folders.get(parent) {
                None => return Err(ApiError::not_found("folder", parent)),
                Some((_, p)) if p.trashed => {
                    return Err(ApiError::invalid(format!(
                        "parent_id: folder {parent} is in the trash; restore it first"
                    )));
                }
                Some(_) => {}
            }
        }
        if folders.len() >= MAX_FOLDERS {
            return Err(ApiError::invalid(format!(
                "the mock holds {MAX_FOLDERS} folders at most; reset it"
            )));
        }
        let seq = self.next_seq.fetch_add(1, Ordering::Relaxed);
        let folder = Folder {
            id: new_id("fld_"),
            name,
            parent_id,
            project_type,
            created_ms: now,
            trashed: false,
        };
        folders.insert(folder.id.clone(), (seq, folder.clone()));
        Ok(folder)
    }

    /// Renames a folder.
    pub fn rename(&self, id: &str, name: String) -> Result<Folder, ApiError> {
        let mut folders = lock(&self.folders);
        let (_, folder) = folders
            .get_mut(id)
            .ok_or_else(|| ApiError::not_found("folder", id))?;
        folder.name = name;
        Ok(folder.clone())
    }

    /// Moves a folder and everything below it into the trash (`trash = true`) or back out.
    /// Restoring a folder whose parent is still trashed is refused: it would have nowhere to go.
    pub fn set_trashed(&self, id: &str, trash: bool) -> Result<Folder, ApiError> {
        let mut folders = lock(&self.folders);
        let (_, folder) = folders
            .get(id)
            .ok_or_else(|| ApiError::not_found("folder", id))?;
        if folder.trashed == trash {
            return Err(ApiError::invalid(if trash {
                format!("folder {id} is already in the trash")
            } else {
                format!("folder {id} is not in the trash")
            }));
        }
        if !trash
            && let Some(parent) = &folder.parent_id
            && folders.get(parent).is_some_and(|(_, p)| p.trashed)
        {
            return Err(ApiError::invalid(format!(
                "folder {id} is inside trashed folder {parent}; restore that one"
            )));
        }
        let mut affected = vec![id.to_owned()];
        let mut i = 0;
        while let Some(current) = affected.get(i).cloned() {
            affected.extend(
                folders
                    .values()
                    .filter(|(_, f)| f.parent_id.as_deref() == Some(current.as_str()))
                    .map(|(_, f)| f.id.clone()),
            );
            i += 1;
        }
        for folder_id in &affected {
            if let Some((_, f)) = folders.get_mut(folder_id) {
                f.trashed = trash;
            }
        }
        folders
            .get(id)
            .map(|(_, f)| f.clone())
            .ok_or_else(|| ApiError::not_found("folder", id))
    }

    /// `(sequence number, folder)` newest first, for listings.
    pub fn newest_first(&self) -> Vec<(u64, Folder)> {
        lock(&self.folders)
            .values()
            .rev()
            .map(|(seq, f)| (*seq, f.clone()))
            .collect()
    }
}

/// The folders area.
pub struct FoldersArea {
    core: Core,
    folders: Arc<Folders>,
}

impl FoldersArea {
    /// The area; its folders are forgotten on reset.
    pub fn new(core: Core) -> Arc<Self> {
        let folders = Arc::new(Folders::default());
        core.register_resettable(folders.clone());
        Arc::new(Self { core, folders })
    }
}

/// The folder routes.
pub fn routes(area: Arc<FoldersArea>) -> Router {
    legacy::routes(area)
}
