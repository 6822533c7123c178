//! `GET /v1/pacific/account.get` (v1): the user an OAuth access token acts for.

use std::sync::Arc;

use axum::{Json, Router, extract::State, http::HeaderMap, routing::get};
use serde::Serialize;

use super::AccountArea;
use crate::core::{
    auth::bearer,
    envelope::{Generation, V1, v1},
    error::ApiError,
    layers,
};

/// The legacy account routes.
pub fn routes(area: Arc<AccountArea>) -> Router {
    let routes = Router::new().route("/v1/pacific/account.get", get(account));
    layers::authenticated(&area.core.clone(), Generation::V1, routes).with_state(area)
}

#[derive(Serialize)]
struct Account {
    username: &'static str,
    email: &'static str,
    first_name: &'static str,
    last_name: &'static str,
    client_id: String,
}

async fn account(
    State(area): State<Arc<AccountArea>>,
    headers: HeaderMap,
) -> Result<Json<V1<Account>>, ApiError> {
    let token = bearer(&headers).ok_or_else(|| {
        ApiError::unauthorized(
            "Unauthorized: this call needs an OAuth access token (Authorization: Bearer)",
        )
    })?;
    let core = &area.core;
    let client_id = core.tokens.authorize(token, core.clock.now_ms())?;
    Ok(v1(Account {
        username: "mock-user",
        email: "mock-user@example.com",
        first_name: "Mock",
        last_name: "User",
        client_id,
    }))
}
