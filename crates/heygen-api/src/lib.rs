#![doc = include_str!("../README.md")]
//!
//! ## Modules
//!
//! The core (every operation, every wire type) is generated at build time from
//! `openapi/heygen.yaml` by progenitor: [`Client`] and [`types`]. Small hand-written modules sit
//! beside it, each for one job: [`assets`] (file uploads with progress, multipart or presigned),
//! [`auth`] (API key, OAuth token or environment), [`credentials`]
//! (secrets, credential kinds and the [`TokenSource`](credentials::TokenSource) trait the others
//! share), [`hooks`] and [`retry`] (every call retries transient failures), [`wait`] (poll a job
//! to the end), [`download`] (stream media to a file, refreshing expired links), [`errors`]
//! (HeyGen's codes as enums, legacy and v3), [`paginate`] (any v3 list as a stream),
//! [`oauth`] (PKCE, exchange, refresh, self-refreshing sessions), [`srt`] (SubRip captions, read and
//! written), [`proofread`] (a translation's script out, corrected, and back), [`speech`] (text to
//! speech into a file), [`variables`] (template variables), [`webhooks`] (signature check and
//! typed events) and [`tls`] (the HTTPS backend the features chose). [`prelude`] brings in the
//! traits behind the
//! methods these add; [`http`] names the HTTP types in their signatures.

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

pub mod assets;
pub mod auth;
pub mod credentials;
pub mod download;
pub mod errors;
pub mod hooks;
pub mod oauth;
pub mod paginate;
pub mod prelude;
pub mod proofread;
pub mod retry;
pub mod speech;
pub mod srt;
pub mod tls;
pub mod variables;
pub mod wait;
pub mod webhooks;

/// The HTTP types that appear in this crate's signatures, so a program can name them without
/// adding `reqwest` or `http` itself (and without matching their versions by hand).
///
/// For example the headers [`webhooks::verify_and_parse`] reads: axum's and hyper's
/// `HeaderMap` is this same type.
pub mod http {
    pub use reqwest::{
        Client, Error, Method, Response, StatusCode, Url,
        header::{self, HeaderMap, HeaderName, HeaderValue},
    };
    /// Why a base URL does not parse ([`crate::auth::BuildError::InvalidBaseUrl`]).
    pub use url::ParseError as UrlParseError;
}

/// The async toolkit of this crate's streams (`paginate`'s `TryStreamExt::try_collect`, …) and
/// futures, at the version it uses.
pub use futures;
/// The boxed future that [`credentials::TokenSource`] methods return, for implementing it.
pub use futures::future::BoxFuture;
/// The HTTP client crate this one is built on, at the version it uses.
pub use reqwest;
/// The JSON crate of [`webhooks::WebhookEvent::Other`]'s raw data and of error payloads.
pub use serde_json;

/// The generated source, for the snapshot test that makes spec changes reviewable.
#[doc(hidden)]
pub const GENERATED_SOURCE: &str = include_str!(concat!(env!("OUT_DIR"), "/codegen.rs"));
