//! Webhook endpoint management over the core's endpoints and delivery.
//!
//! - `legacy.rs`: `/v1/webhook/*` (event types, endpoint add/list/update/delete).

mod legacy;

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
        Arc::new(Self { core })
    }
}

/// The webhook routes of every generation.
pub fn routes(area: Arc<WebhooksArea>) -> Router {
    legacy::routes(area)
}
