//! The core: what every API area shares, naming none of them.
//!
//! Clock, ids, the job engine, auth and tokens, limits, media signing, webhook delivery,
//! error envelopes and spec-validated extractors. Areas (`crate::areas`) register job tables
//! and event types with [`Core`] and declare each route group's generation through
//! [`layers`]; nothing here imports an area or the `/_mock` controls (a test checks it).

pub mod audio;
pub mod auth;
pub mod batch;
pub mod cache;
pub mod captions;
pub mod clock;
pub mod credits;
pub mod envelope;
pub mod error;
pub mod extract;
pub mod files;
pub mod idempotency;
pub mod ids;
pub mod inputs;
pub mod jobs;
pub mod layers;
pub mod limits;
pub mod media;
pub mod pagination;
pub mod requests;
pub mod state;
pub mod sync;
pub mod tokens;
pub mod webhooks;

pub use state::{Core, Resettable};
