//! A typed client for the HeyGen AI video API.
//!
//! The core (every operation, every wire type) is generated at build time from
//! `openapi/heygen.yaml` by progenitor. Small hand-written modules sit beside it:
//! [`auth`] builds a client from an API key, an OAuth token or the environment.
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
pub mod webhooks;

/// The generated source, for the snapshot test that makes spec changes reviewable.
#[doc(hidden)]
pub const GENERATED_SOURCE: &str = include_str!(concat!(env!("OUT_DIR"), "/codegen.rs"));
