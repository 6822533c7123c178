//! The account a credential acts for.
//!
//! - `legacy.rs`: `GET /v1/pacific/account.get` (OAuth tokens only);
//! - `v3.rs`: `GET /v3/users/me` (any credentials), with the credit balance.

mod legacy;
mod v3;

use std::sync::Arc;

use axum::Router;

use crate::core::Core;

/// The account area.
pub struct AccountArea {
    core: Core,
}

impl AccountArea {
    /// The area.
    pub fn new(core: Core) -> Arc<Self> {
        Arc::new(Self { core })
    }
}

/// The account routes of every generation.
pub fn routes(area: Arc<AccountArea>) -> Router {
    Router::new()
        .merge(legacy::routes(area.clone()))
        .merge(v3::routes(area))
}
