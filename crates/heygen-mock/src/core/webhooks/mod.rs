//! Webhooks as the core keeps them: the event types areas declare, registered endpoints and
//! signed, retried delivery. Areas render endpoints and events in their own wire formats.

mod delivery;
mod endpoints;
mod events;

use std::sync::Arc;

pub use delivery::{Attempt, Deliveries, Delivery};
pub use endpoints::{Endpoint, EndpointChange, Endpoints};
pub use events::{Event, EventTypes};

use crate::config::Config;

/// Event types, endpoints and deliveries together.
pub struct Webhooks {
    /// Every event type an endpoint can subscribe to.
    pub types: EventTypes,
    /// Registered endpoints.
    pub endpoints: Arc<Endpoints>,
    /// The delivery log and queues.
    pub deliveries: Deliveries,
}

impl Webhooks {
    /// Webhook state for a configuration.
    pub fn new(config: &Config) -> Self {
        let endpoints = Arc::new(Endpoints::default());
        Self {
            types: EventTypes::default(),
            deliveries: Deliveries::new(config, endpoints.clone()),
            endpoints,
        }
    }

    /// Delivers an event to its subscribers; returns its id.
    pub fn publish(&self, event: &Event) -> String {
        self.deliveries.publish(event)
    }

    /// Forgets endpoints and deliveries, and stops every pending retry (the declared event
    /// types stay: areas declare them once).
    pub fn reset(&self) {
        self.deliveries.reset();
        self.endpoints.reset();
    }
}
