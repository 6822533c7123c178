//! Registered webhook endpoints: where events go, which ones, and the secret that signs them.
//! Areas render them in their own wire formats.

use std::sync::Mutex;

use super::events::Event;
use crate::core::{clock::Millis, ids::new_id, sync::lock};

/// A registered endpoint.
#[derive(Clone)]
pub struct Endpoint {
    /// Its id.
    pub endpoint_id: String,
    /// Where deliveries go.
    pub url: String,
    /// The event types it wants; `None` means all.
    pub events: Option<Vec<String>>,
    /// The HMAC key of its deliveries.
    pub secret: String,
    /// When it was added (mock time).
    pub created_ms: Millis,
    /// Only events about this resource reach it, when set.
    pub entity_id: Option<String>,
    /// Its place in the order endpoints were added (stable list cursors).
    pub seq: u64,
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The secret signs deliveries; it never goes to logs.
        f.debug_struct("Endpoint")
            .field("endpoint_id", &self.endpoint_id)
            .field("url", &self.url)
            .field("events", &self.events)
            .finish_non_exhaustive()
    }
}

impl Endpoint {
    /// Whether it subscribes to an event: its type, and its resource when scoped to one.
    pub fn wants(&self, event: &Event) -> bool {
        let type_wanted = self
            .events
            .as_ref()
            .is_none_or(|e| e.contains(&event.event_type));
        let entity_wanted = self
            .entity_id
            .as_ref()
            .is_none_or(|id| event.entity_id.as_ref() == Some(id));
        type_wanted && entity_wanted
    }
}

/// What a new endpoint is.
#[derive(Debug, Default)]
pub struct NewEndpoint {
    /// Where deliveries go.
    pub url: String,
    /// The event types it wants; `None` means all.
    pub events: Option<Vec<String>>,
    /// Only events about this resource, when set.
    pub entity_id: Option<String>,
}

/// What an update changes; `None` keeps a field as it is.
#[derive(Debug, Default)]
pub struct EndpointChange {
    /// A new URL.
    pub url: Option<String>,
    /// New event types (`Some(None)`: all events again).
    pub events: Option<Option<Vec<String>>>,
}

/// Every registered endpoint, in the order they were added.
#[derive(Debug, Default)]
pub struct Endpoints {
    list: Mutex<Vec<Endpoint>>,
    next_seq: std::sync::atomic::AtomicU64,
}

impl Endpoints {
    /// Registers an endpoint with a fresh id and secret.
    pub fn add(&self, new: NewEndpoint, now: Millis) -> Endpoint {
        let endpoint = Endpoint {
            endpoint_id: new_id(""),
            url: new.url,
            events: new.events,
            secret: new_id("whsec_"),
            created_ms: now,
            entity_id: new.entity_id,
            seq: self
                .next_seq
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        };
        lock(&self.list).push(endpoint.clone());
        endpoint
    }

    /// Every endpoint.
    pub fn list(&self) -> Vec<Endpoint> {
        lock(&self.list).clone()
    }

    /// One endpoint by id.
    pub fn get(&self, id: &str) -> Option<Endpoint> {
        lock(&self.list)
            .iter()
            .find(|e| e.endpoint_id == id)
            .cloned()
    }

    /// Applies a change; `None` when there is no such endpoint.
    pub fn update(&self, id: &str, change: EndpointChange) -> Option<Endpoint> {
        let mut list = lock(&self.list);
        let endpoint = list.iter_mut().find(|e| e.endpoint_id == id)?;
        if let Some(url) = change.url {
            endpoint.url = url;
        }
        if let Some(events) = change.events {
            endpoint.events = events;
        }
        Some(endpoint.clone())
    }

    /// Gives an endpoint a new signing secret; `None` when there is no such endpoint.
    pub fn rotate_secret(&self, id: &str) -> Option<Endpoint> {
        let mut list = lock(&self.list);
        let endpoint = list.iter_mut().find(|e| e.endpoint_id == id)?;
        endpoint.secret = new_id("whsec_");
        Some(endpoint.clone())
    }

    /// Removes an endpoint; false when there was none.
    pub fn remove(&self, id: &str) -> bool {
        let mut list = lock(&self.list);
        let before = list.len();
        list.retain(|e| e.endpoint_id != id);
        list.len() != before
    }

    /// The endpoints subscribed to an event.
    pub fn subscribed(&self, event: &Event) -> Vec<Endpoint> {
        lock(&self.list)
            .iter()
            .filter(|e| e.wants(event))
            .cloned()
            .collect()
    }

    /// Endpoints in the order they were added, after the one numbered `after`.
    pub fn oldest_first(&self, after: Option<u64>) -> Vec<(u64, Endpoint)> {
        lock(&self.list)
            .iter()
            .filter(|e| after.is_none_or(|after| e.seq > after))
            .map(|e| (e.seq, e.clone()))
            .collect()
    }

    /// The URL an endpoint has now, or `None` if it was deleted.
    pub fn current_url(&self, id: &str) -> Option<String> {
        lock(&self.list)
            .iter()
            .find(|e| e.endpoint_id == id)
            .map(|e| e.url.clone())
    }

    /// Forgets every endpoint.
    pub fn reset(&self) {
        lock(&self.list).clear();
    }
}
