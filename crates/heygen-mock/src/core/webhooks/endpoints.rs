//! Registered webhook endpoints: where events go, which ones, and the secret that signs them.
//! Areas render them in their own wire formats.

use std::sync::Mutex;

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
    /// Whether it subscribes to an event type.
    pub fn wants(&self, event_type: &str) -> bool {
        self.events
            .as_ref()
            .is_none_or(|e| e.iter().any(|t| t == event_type))
    }
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
}

impl Endpoints {
    /// Registers an endpoint with a fresh id and secret.
    pub fn add(&self, url: String, events: Option<Vec<String>>, now: Millis) -> Endpoint {
        let endpoint = Endpoint {
            endpoint_id: new_id(""),
            url,
            events,
            secret: new_id("whsec_"),
            created_ms: now,
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

    /// The endpoints subscribed to an event type.
    pub fn subscribed(&self, event_type: &str) -> Vec<Endpoint> {
        lock(&self.list)
            .iter()
            .filter(|e| e.wants(event_type))
            .cloned()
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
