//! `use heygen_api::prelude::*;` brings in what nearly every program names, and the traits
//! behind the methods this crate adds to other types (a method of a trait that is not in scope
//! does not resolve: `e.heygen_code()` needs [`HeyGenErrorExt`], `client.baseurl()` needs
//! [`ClientInfo`]).
//!
//! ```no_run
//! use heygen_api::prelude::*;
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let client: Client = ClientBuilder::from_env()?.build()?;
//! println!("talking to {}", client.baseurl());
//! match client.get_video_status().video_id("nope").send().await {
//!     Ok(status) => println!("{}", status.data.status),
//!     Err(e) if e.heygen_code() == Some(HeyGenCode::NotFound) => println!("no such video"),
//!     Err(e) => return Err(e.into()),
//! }
//! # Ok(()) }
//! ```

/// The generated client.
pub use crate::Client;
/// The generated client's base URL and HTTP client (`client.baseurl()`, `client.client()`).
pub use crate::ClientInfo;
/// Builds a [`Client`] from a key, a token or the environment.
pub use crate::auth::ClientBuilder;
/// A token that changes while a client lives (implement it for your own token provider).
pub use crate::credentials::TokenSource;
/// HeyGen's error envelopes of every generation: `code()`, `message()`.
pub use crate::errors::ErrorEnvelope;
/// HeyGen's numeric error codes.
pub use crate::errors::HeyGenCode;
/// `e.heygen_code()`, `e.heygen_message()` on any failed call.
pub use crate::errors::HeyGenErrorExt;
/// HeyGen's v3 string error codes (`e.heygen_v3_code()`).
pub use crate::errors::V3ErrorCode;
/// `.page_token(token)` on v3 list requests, for [`paginate`](crate::paginate::paginate).
pub use crate::paginate::PageToken;
/// Every request and answer type.
pub use crate::types;
