//! The voice catalogue.
//!
//! - `legacy.rs`: `GET /v2/voices`, `GET /v1/voice.list`, the brand voice lists.

mod legacy;

use std::sync::Arc;

use axum::Router;
use serde::Serialize;

use crate::{catalogue::Catalogue, core::Core};

/// A brand voice: words a translation keeps, replaces or pronounces a set way.
#[derive(Debug, Serialize)]
pub struct BrandVoice {
    /// Its id (`brand_voice_id` in translation requests).
    pub id: &'static str,
    /// Display name.
    pub name: &'static str,
    /// Words never translated.
    pub blacklist: &'static [&'static str],
    /// `[word, translation]` pairs always used.
    pub whitelist: &'static [[&'static str; 2]],
    /// Tone words.
    pub tones: &'static [&'static str],
    /// `[word, pronunciation]` pairs.
    pub vocabulary: &'static [[&'static str; 2]],
    /// The overall tone.
    pub tone: Option<&'static str>,
}

/// The account's brand voices: the mock's account has these two.
pub const BRAND_VOICES: [BrandVoice; 2] = [
    BrandVoice {
        id: "bv_2f6c1a9e0d3b4c58",
        name: "Product names",
        blacklist: &["HeyGen", "Avatar IV"],
        whitelist: &[["video agent", "Video Agent"]],
        tones: &["friendly"],
        vocabulary: &[["HeyGen", "hey-jen"]],
        tone: Some("Friendly and clear"),
    },
    BrandVoice {
        id: "bv_7a0e4d2c9b1f3e65",
        name: "Legal",
        blacklist: &["GDPR"],
        whitelist: &[],
        tones: &["formal"],
        vocabulary: &[],
        tone: None,
    },
];

/// The voices area: read-only, served from the catalogue.
pub struct VoicesArea {
    core: Core,
    catalogue: Arc<Catalogue>,
}

impl VoicesArea {
    /// The area over a catalogue.
    pub fn new(core: Core, catalogue: Arc<Catalogue>) -> Arc<Self> {
        Arc::new(Self { core, catalogue })
    }
}

/// The voice routes of every generation.
pub fn routes(area: Arc<VoicesArea>) -> Router {
    legacy::routes(area)
}
