//! Webhooks as the core keeps them: the event types areas declare, registered endpoints and
//! signed, retried delivery. Areas render endpoints and events in their own wire formats.

mod delivery;
mod endpoints;
mod events;
mod log;

use std::sync::Arc;

pub use delivery::{Activity, Attempt, Deliveries, Delivery};
pub use endpoints::{Endpoint, EndpointChange, Endpoints, NewEndpoint};
pub use events::{Event, EventTypes};
pub use log::{EventLog, LoggedEvent};

use crate::{config::Config, core::clock::Millis};

/// Event types, endpoints and deliveries together.
pub struct Webhooks {
    /// Every event type an endpoint can subscribe to.
    pub types: EventTypes,
    /// Registered endpoints.
    pub endpoints: Arc<Endpoints>,
    /// The delivery log and queues.
    pub deliveries: Deliveries,
    /// The events sent, for `GET /v3/webhooks/events`.
    pub events: EventLog,
}

impl Webhooks {
    /// Webhook state for a configuration.
    pub fn new(config: &Config) -> Self {
        let endpoints = Arc::new(Endpoints::default());
        Self {
            types: EventTypes::default(),
            deliveries: Deliveries::new(config, endpoints.clone()),
            endpoints,
            events: EventLog::default(),
        }
    }

    /// Delivers an event to its subscribers and logs it; returns its id.
    pub fn publish(&self, event: &Event, now: Millis) -> String {
        let event_id = self.deliveries.publish(event);
        self.events.record(event_id.clone(), event, now);
        event_id
    }

    /// Forgets endpoints, deliveries and logged events, and stops every pending retry (the declared event
    /// types stay: areas declare them once).
    pub fn reset(&self) {
        self.deliveries.reset();
        self.endpoints.reset();
        self.events.reset();
    }
}
