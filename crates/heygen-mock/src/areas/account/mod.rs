//! The account a credential acts for.
//!
//! - `legacy.rs`: `GET /v1/pacific/account.get` (OAuth tokens only), `GET /v1/user/me` and
//!   `GET /v2/user/remaining_quota`;
//! - `v3.rs`: `GET /v3/users/me` (any credentials), with the credit balance.

mod legacy;
mod v3;

use std::sync::Arc;

use axum::Router;
use serde::Serialize;

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

/// Quota units per credit: HeyGen's remaining quota divided by 60 is credits.
pub const QUOTA_PER_CREDIT: u64 = 60;
/// The quota reported when the mock runs without a credit limit (100,000 credits).
const UNLIMITED_QUOTA: u64 = 100_000 * QUOTA_PER_CREDIT;

impl AccountArea {
    /// The user every credential of the mock acts for.
    fn user(&self) -> User {
        User {
            username: "mock-user",
            email: "mock-user@example.com",
            first_name: "Mock",
            last_name: "User",
            billing_type: "wallet",
            wallet: Wallet {
                currency: "credits",
                remaining_balance: self.core.credits.remaining(),
            },
        }
    }

    /// The credit balance in quota units.
    fn remaining_quota(&self) -> u64 {
        self.core
            .credits
            .remaining()
            .map_or(UNLIMITED_QUOTA, |c| c.saturating_mul(QUOTA_PER_CREDIT))
    }
}

#[derive(Serialize)]
struct Wallet {
    currency: &'static str,
    /// Credits left; null when the mock runs without a credit limit.
    remaining_balance: Option<u64>,
}

/// The mock's account bills from a credit wallet, the one billing type whose balance is a
/// plain number of credits. v1 and v3 describe the user alike.
#[derive(Serialize)]
struct User {
    username: &'static str,
    email: &'static str,
    first_name: &'static str,
    last_name: &'static str,
    billing_type: &'static str,
    wallet: Wallet,
}

/// The account routes of every generation.
pub fn routes(area: Arc<AccountArea>) -> Router {
    Router::new()
        .merge(legacy::routes(area.clone()))
        .merge(v3::routes(area))
}
