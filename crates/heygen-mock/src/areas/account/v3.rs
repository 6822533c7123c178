//! `GET /v3/users/me`: the account an API key or OAuth token acts for, and its credits.

use std::sync::Arc;

use axum::{Json, Router, extract::State, routing::get};

use super::{AccountArea, User};
use crate::core::{
    envelope::{Generation, V3, v3},
    layers,
};

/// The v3 account routes.
pub fn routes(area: Arc<AccountArea>) -> Router {
    let routes = Router::new().route("/v3/users/me", get(me));
    layers::authenticated(&area.core.clone(), Generation::V3, routes).with_state(area)
}

async fn me(State(area): State<Arc<AccountArea>>) -> Json<V3<User>> {
    v3(area.user())
}
