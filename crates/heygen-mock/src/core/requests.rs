//! The most recent API requests, for `/_mock/requests`. Headers are not kept: they hold
//! credentials.

use std::{collections::VecDeque, sync::Mutex};

use serde::Serialize;

use super::sync::lock;

/// How many requests the log remembers.
pub const REQUEST_LOG_LIMIT: usize = 1000;

/// One request the API answered.
#[derive(Debug, Clone, Serialize)]
pub struct LoggedRequest {
    /// Method.
    pub method: String,
    /// Path.
    pub path: String,
    /// Query string, if any.
    pub query: Option<String>,
    /// Status answered.
    pub status: u16,
    /// Mock time of the request, in Unix milliseconds.
    pub at_ms: u64,
    /// Real time it took, in microseconds.
    pub duration_us: u64,
}

/// The most recent API requests, oldest first.
#[derive(Debug, Default)]
pub struct RequestLog {
    entries: Mutex<VecDeque<LoggedRequest>>,
}

impl RequestLog {
    /// Remembers a request, forgetting the oldest beyond the limit.
    pub fn push(&self, entry: LoggedRequest) {
        let mut entries = lock(&self.entries);
        entries.push_back(entry);
        while entries.len() > REQUEST_LOG_LIMIT {
            entries.pop_front();
        }
    }

    /// The newest `limit` requests, oldest first.
    pub fn recent(&self, limit: usize) -> Vec<LoggedRequest> {
        let entries = lock(&self.entries);
        let skip = entries.len().saturating_sub(limit);
        entries.iter().skip(skip).cloned().collect()
    }

    /// Forgets every request.
    pub fn reset(&self) {
        lock(&self.entries).clear();
    }
}
