//! The events the mock has sent, newest last, for `GET /v3/webhooks/events`.

use std::{collections::VecDeque, sync::Mutex};

use serde_json::Value;

use super::events::Event;
use crate::core::{clock::Millis, sync::lock};

/// How many events the log remembers.
const EVENT_LOG_LIMIT: usize = 10_000;

/// One sent event.
#[derive(Debug, Clone)]
pub struct LoggedEvent {
    /// Its place in the log (stable list cursors).
    pub seq: u64,
    /// The id sent as `X-Heygen-Event-Id`.
    pub event_id: String,
    /// e.g. `avatar_video.success`.
    pub event_type: String,
    /// The payload's `event_data`.
    pub event_data: Value,
    /// The resource it is about.
    pub entity_id: Option<String>,
    /// When it was sent (mock time).
    pub created_ms: Millis,
}

#[derive(Debug, Default)]
struct Entries {
    events: VecDeque<LoggedEvent>,
    next_seq: u64,
}

/// The most recent events.
#[derive(Debug, Default)]
pub struct EventLog {
    entries: Mutex<Entries>,
}

impl EventLog {
    /// Remembers an event sent with `event_id`.
    pub fn record(&self, event_id: String, event: &Event, now: Millis) {
        let mut entries = lock(&self.entries);
        let seq = entries.next_seq;
        entries.next_seq += 1;
        entries.events.push_back(LoggedEvent {
            seq,
            event_id,
            event_type: event.event_type.clone(),
            event_data: event.event_data.clone(),
            entity_id: event.entity_id.clone(),
            created_ms: now,
        });
        while entries.events.len() > EVENT_LOG_LIMIT {
            entries.events.pop_front();
        }
    }

    /// Events newest first, before the one numbered `before` when given, that `keep`.
    pub fn newest_first(
        &self,
        before: Option<u64>,
        keep: impl Fn(&LoggedEvent) -> bool,
    ) -> Vec<LoggedEvent> {
        lock(&self.entries)
            .events
            .iter()
            .rev()
            .filter(|e| before.is_none_or(|before| e.seq < before))
            .filter(|e| keep(e))
            .cloned()
            .collect()
    }

    /// Forgets every event.
    pub fn reset(&self) {
        *lock(&self.entries) = Entries::default();
    }
}
