//! Webhook endpoint management over the core's endpoints and delivery.
//!
//! - `legacy.rs`: `/v1/webhook/*` (event types, endpoint add/list/update/delete);
//! - `v3.rs`: `/v3/webhooks/*` (event types, endpoints, secret rotation, the event log).

mod legacy;
mod v3;

use std::sync::Arc;

use axum::Router;
pub use legacy::EVENT_TYPES;

use crate::core::Core;

/// The webhooks area: endpoints live in the core, which delivers to them.
pub struct WebhooksArea {
    core: Core,
}

impl WebhooksArea {
    /// Declares the documented legacy event types (including those only `/_mock` triggers,
    /// such as `personalized_video`).
    pub fn new(core: Core) -> Arc<Self> {
        core.webhooks.types.declare(&EVENT_TYPES);
        let v3_types: Vec<&'static str> = v3::EVENT_TYPES.iter().map(|(t, _)| *t).collect();
        core.webhooks.types.declare(&v3_types);
        Arc::new(Self { core })
    }
}

/// The webhook routes of every generation.
pub fn routes(area: Arc<WebhooksArea>) -> Router {
    Router::new()
        .merge(legacy::routes(area.clone()))
        .merge(v3::routes(area))
}
