//! A typed client for the HeyGen AI video API.
//!
//! The core (every operation, every wire type) is generated at build time from
//! `openapi/heygen.yaml` by progenitor. Small hand-written modules sit beside it, each for one
//! job: [`auth`] (API key, OAuth token or environment), [`credentials`] (secrets, credential
//! kinds and the [`TokenSource`](credentials::TokenSource) trait the others share), [`hooks`]
//! and [`retry`] (every call retries transient failures), [`wait`] (poll a job to the end),
//! [`download`] (stream media to a file, refreshing expired links), [`errors`] (HeyGen's codes
//! as an enum), [`oauth`] (PKCE, exchange, refresh, self-refreshing sessions), [`variables`]
//! (template variables) and [`webhooks`] (signature check and typed events).
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let client = heygen_api::auth::ClientBuilder::from_env()?.build()?;
//! let avatars = client.list_avatars().send().await?;
//! for avatar in &avatars.data.avatars {
//!     println!("{} {}", avatar.avatar_id, avatar.avatar_name);
//! }
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

#[allow(
    missing_docs,
    clippy::all,
    clippy::pedantic,
    unused_imports,
    dead_code,
    irrefutable_let_patterns,
    mismatched_lifetime_syntaxes
)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/codegen.rs"));
}

pub use generated::*;

pub mod auth;
pub mod credentials;
pub mod download;
pub mod errors;
pub mod hooks;
pub mod oauth;
pub mod retry;
pub mod variables;
pub mod wait;
pub mod webhooks;

/// The generated source, for the snapshot test that makes spec changes reviewable.
#[doc(hidden)]
pub const GENERATED_SOURCE: &str = include_str!(concat!(env!("OUT_DIR"), "/codegen.rs"));
