//! Events: what happened (`avatar_video.success`, …) and the catalogue of types areas declare.

use std::sync::RwLock;

use serde_json::Value;

use crate::core::sync::{read, write};

/// An event ready to deliver.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// e.g. `avatar_video.success`.
    pub event_type: String,
    /// The event's data.
    pub event_data: Value,
    /// The job's own `callback_url`, delivered unsigned.
    pub callback_url: Option<String>,
    /// The resource it is about (a video id, …): endpoints scoped to an entity get only its
    /// events, and the event log can be filtered by it.
    pub entity_id: Option<String>,
}

impl Event {
    /// An event of a type with data, optionally also for a job's callback URL.
    pub fn new(event_type: &str, event_data: Value, callback_url: Option<String>) -> Self {
        Self {
            event_type: event_type.to_owned(),
            event_data,
            callback_url,
            entity_id: None,
        }
    }

    /// The same event, about a resource.
    pub fn about(mut self, entity_id: &str) -> Self {
        self.entity_id = Some(entity_id.to_owned());
        self
    }
}

/// Every event type an endpoint can subscribe to, in the order the areas declared them.
#[derive(Debug, Default)]
pub struct EventTypes {
    declared: RwLock<Vec<&'static str>>,
}

impl EventTypes {
    /// Adds an area's event types (a type declared twice is listed once).
    pub fn declare(&self, types: &[&'static str]) {
        let mut declared = write(&self.declared);
        for t in types {
            if !declared.contains(t) {
                declared.push(t);
            }
        }
    }

    /// Every declared type.
    pub fn all(&self) -> Vec<&'static str> {
        read(&self.declared).clone()
    }

    /// Whether a type was declared.
    pub fn contains(&self, event_type: &str) -> bool {
        read(&self.declared).contains(&event_type)
    }
}
