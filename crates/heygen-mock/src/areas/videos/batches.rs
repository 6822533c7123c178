//! Video batches (`/v3/videos/batches`): which videos a batch created, which items were
//! refused, and the countdown that announces `batch.finished` exactly once.

use std::sync::{Arc, Mutex, atomic::AtomicUsize};

use indexmap::IndexMap;

use super::model::BatchMember;
use crate::core::{Resettable, clock::Millis, ids::new_id, sync::lock, webhooks::Event};

/// What became of one item of a batch.
#[derive(Debug, Clone)]
pub enum ItemState {
    /// A video job was started.
    Video(String),
    /// The item was refused (invalid, or the job could not start).
    Refused {
        /// The v3 error code.
        code: String,
        /// Why.
        message: String,
    },
}

/// A stored batch.
#[derive(Debug, Clone)]
pub struct Batch {
    /// Its display name.
    pub title: Option<String>,
    /// When it was created (mock time).
    pub created_ms: Millis,
    /// Its items, by index.
    pub items: Vec<ItemState>,
}

/// A batch being created: its videos count down on `member`, which the creating request
/// holds one count of until every item is in, so that `batch.finished` fires once, after.
pub struct OpenBatch {
    id: String,
    title: Option<String>,
    created_ms: Millis,
    member: Arc<BatchMember>,
}

impl OpenBatch {
    /// What each of the batch's videos carries.
    pub fn member(&self) -> Arc<BatchMember> {
        self.member.clone()
    }

    /// An item that was planned but could not start: it will never count down by itself.
    pub fn item_refused_late(&self) {
        // The creating request still holds its count, so this never finishes the batch.
        let _ = self.member.count_down();
    }

    /// Releases the creating request's count: the event when every video has already
    /// finished (or there were none).
    pub fn finished_without_jobs(&self) -> Option<Event> {
        self.member.count_down()
    }
}

/// Every batch, in creation order.
#[derive(Debug, Default)]
pub struct Batches {
    batches: Mutex<IndexMap<String, Batch>>,
}

impl Resettable for Batches {
    fn reset(&self) {
        lock(&self.batches).clear();
    }
}

impl Batches {
    /// Opens a batch that will start `videos` video jobs.
    pub fn open(
        &self,
        title: Option<String>,
        callback_url: Option<String>,
        videos: usize,
        now: Millis,
    ) -> OpenBatch {
        let id = new_id("batch_");
        OpenBatch {
            member: Arc::new(BatchMember {
                batch_id: id.clone(),
                unfinished: Arc::new(AtomicUsize::new(videos + 1)),
                callback_url,
            }),
            id,
            title,
            created_ms: now,
        }
    }

    /// Stores an opened batch with what became of its items; returns its id.
    pub fn fill(&self, open: &OpenBatch, items: Vec<ItemState>) -> String {
        let batch = Batch {
            title: open.title.clone(),
            created_ms: open.created_ms,
            items,
        };
        lock(&self.batches).insert(open.id.clone(), batch);
        open.id.clone()
    }

    /// A batch by id.
    pub fn get(&self, id: &str) -> Option<Batch> {
        lock(&self.batches).get(id).cloned()
    }
}
