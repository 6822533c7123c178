//! OAuth 2.0 with PKCE: the consent page, code exchange and refresh. Issued tokens live in
//! the core (`core::tokens`), where the credential check reads them.
//!
//! - `grants.rs`: consent pages awaiting a decision (by nonce) and authorization codes awaiting
//!   an exchange, with their PKCE challenges;
//! - `consent.rs`: `GET /oauth/authorize` and its form target `POST /_mock/oauth/decide`
//!   (served with the API routes: it is guarded by the page's nonce, not by the `/_mock` key);
//! - `legacy.rs`: `POST /v1/oauth/token`, `POST /v1/oauth/refresh_token`.

mod consent;
mod grants;
mod legacy;

use std::sync::Arc;

use axum::Router;
pub use grants::pkce_challenge;

use crate::core::Core;

/// The OAuth area: pending codes here, issued tokens in the core.
pub struct OAuthArea {
    core: Core,
    grants: Arc<grants::Grants>,
}

impl OAuthArea {
    /// The area; its pending codes are forgotten on reset.
    pub fn new(core: Core) -> Arc<Self> {
        let grants = Arc::new(grants::Grants::default());
        core.register_resettable(grants.clone());
        Arc::new(Self { core, grants })
    }
}

/// The OAuth routes, the consent decision included (no credentials: they are how a client
/// gets some).
pub fn routes(area: Arc<OAuthArea>) -> Router {
    Router::new()
        .merge(consent::routes(area.clone()))
        .merge(legacy::routes(area))
}
