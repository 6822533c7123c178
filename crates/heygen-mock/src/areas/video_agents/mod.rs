//! Video agents (v3 only): sessions that turn a prompt into videos, in one go (`generate`)
//! or as a conversation (`chat`), each run rendering a video on the videos area's jobs.
//!
//! - `model.rs`: sessions, their runs and resources, how their status, progress and messages
//!   follow the runs' videos, the `video_agent.*` events, and the style catalogue;
//! - `v3.rs`: `/v3/video-agents` (create, list, styles, read, send a message, stop, videos,
//!   resources).

mod model;
mod v3;

use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use indexmap::IndexMap;
pub use model::EVENT_TYPES;

use super::{library::LibraryArea, videos::VideosArea};
use crate::core::{Core, Resettable, sync::lock};
use model::Session;

/// Every session by id, in creation order (its index is its list cursor: sessions are never
/// deleted).
#[derive(Debug, Default)]
struct Sessions {
    sessions: Mutex<IndexMap<String, Session>>,
}

impl Sessions {
    /// The sessions, locked. Lock order: sessions, then the engine's schedule, then a store
    /// (a session's runs start videos while it is locked).
    fn lock(&self) -> MutexGuard<'_, IndexMap<String, Session>> {
        lock(&self.sessions)
    }
}

impl Resettable for Sessions {
    fn reset(&self) {
        self.lock().clear();
    }
}

/// The video agents area: its sessions, the videos their runs render, and the brand kits
/// they may use.
pub struct VideoAgentsArea {
    core: Core,
    sessions: Arc<Sessions>,
    videos: Arc<VideosArea>,
    library: Arc<LibraryArea>,
}

impl VideoAgentsArea {
    /// Registers the sessions (for reset) and their event types with the core.
    pub fn new(core: Core, videos: Arc<VideosArea>, library: Arc<LibraryArea>) -> Arc<Self> {
        let sessions = Arc::new(Sessions::default());
        core.register_resettable(sessions.clone());
        core.webhooks.types.declare(&EVENT_TYPES);
        Arc::new(Self {
            core,
            sessions,
            videos,
            library,
        })
    }
}

/// The video agent routes.
pub fn routes(area: Arc<VideoAgentsArea>) -> Router {
    v3::routes(area)
}
