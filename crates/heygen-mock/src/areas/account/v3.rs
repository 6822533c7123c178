//! `GET /v3/users/me`: the account an API key or OAuth token acts for, and its credits.

use std::sync::Arc;

use axum::{Json, Router, extract::State, routing::get};
use serde::Serialize;

use super::AccountArea;
use crate::core::{
    envelope::{Generation, V3, v3},
    layers,
};

/// The v3 account routes.
pub fn routes(area: Arc<AccountArea>) -> Router {
    let routes = Router::new().route("/v3/users/me", get(me));
    layers::authenticated(&area.core.clone(), Generation::V3, routes).with_state(area)
}

#[derive(Serialize)]
struct Wallet {
    currency: &'static str,
    /// Credits left; null when the mock runs without a credit limit.
    remaining_balance: Option<u64>,
}

/// The mock's account bills from a credit wallet, the one billing type whose balance is a
/// plain number of credits.
#[derive(Serialize)]
struct User {
    username: &'static str,
    email: &'static str,
    first_name: &'static str,
    last_name: &'static str,
    billing_type: &'static str,
    wallet: Wallet,
}

async fn me(State(area): State<Arc<AccountArea>>) -> Json<V3<User>> {
    v3(User {
        username: "mock-user",
        email: "mock-user@example.com",
        first_name: "Mock",
        last_name: "User",
        billing_type: "wallet",
        wallet: Wallet {
            currency: "credits",
            remaining_balance: area.core.credits.remaining(),
        },
    })
}
