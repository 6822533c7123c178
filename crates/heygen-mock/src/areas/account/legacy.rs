//! `GET /v1/pacific/account.get` (v1): the user an OAuth access token acts for;
//! `GET /v1/user/me` (v1): the user any credential acts for, with billing;
//! `GET /v2/user/remaining_quota` (v2): the credit balance in quota units.

use std::sync::Arc;

use axum::{Json, Router, extract::State, http::HeaderMap, routing::get};
use serde::Serialize;

use super::{AccountArea, User};
use crate::core::{
    auth::bearer,
    envelope::{Generation, V1, V2, v1, v2},
    error::ApiError,
    layers,
};

/// The legacy account routes.
pub fn routes(area: Arc<AccountArea>) -> Router {
    let core = area.core.clone();
    let v1_routes = Router::new()
        .route("/v1/pacific/account.get", get(account))
        .route("/v1/user/me", get(me));
    let v2_routes = Router::new().route("/v2/user/remaining_quota", get(quota));
    Router::new()
        .merge(layers::authenticated(&core, Generation::V1, v1_routes))
        .merge(layers::authenticated(&core, Generation::V2, v2_routes))
        .with_state(area)
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

async fn me(State(area): State<Arc<AccountArea>>) -> Json<V1<User>> {
    v1(area.user())
}

/// HeyGen splits the quota by pool; the mock's one pool is the API wallet.
#[derive(Serialize)]
struct QuotaDetails {
    api: u64,
    seat: u64,
}

#[derive(Serialize)]
struct RemainingQuota {
    remaining_quota: u64,
    details: QuotaDetails,
}

async fn quota(State(area): State<Arc<AccountArea>>) -> Json<V2<RemainingQuota>> {
    let remaining = area.remaining_quota();
    v2(RemainingQuota {
        remaining_quota: remaining,
        details: QuotaDetails {
            api: remaining,
            seat: 0,
        },
    })
}
