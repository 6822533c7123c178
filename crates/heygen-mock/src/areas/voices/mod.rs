//! Voices: the catalogue's library voices, the account's cloned voices, synthesized speech
//! and the brand voices (v3's brand glossaries).
//!
//! - `model.rs`: voice clones (jobs on the shared engine) and speech (finished at once, its
//!   WAV served behind signed links), word timing, SSML text, language codes;
//! - `legacy.rs`: `GET /v2/voices`, `GET /v1/voice.list`, the brand voice lists;
//! - `v3.rs`: `/v3/voices` (list, design, clone, speech, read, delete) and
//!   `GET /v3/brand-glossaries`.

mod legacy;
mod model;
mod v3;

use std::sync::Arc;

use axum::Router;
use serde::Serialize;

use super::assets::AssetsArea;
use crate::{
    catalogue::{Catalogue, VoiceFixture},
    core::{
        Core,
        error::ApiError,
        jobs::{JobTable, Phase},
    },
};
use model::{Speech, VoiceClone};

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
    /// When it was made (ISO 8601, UTC; v3's brand glossaries show it, the legacy list not).
    #[serde(skip)]
    pub created_at: &'static str,
    /// When it last changed.
    #[serde(skip)]
    pub updated_at: &'static str,
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
        created_at: "2025-03-14T09:26:53Z",
        updated_at: "2025-11-02T16:40:11Z",
    },
    BrandVoice {
        id: "bv_7a0e4d2c9b1f3e65",
        name: "Legal",
        blacklist: &["GDPR"],
        whitelist: &[],
        tones: &["formal"],
        vocabulary: &[],
        tone: None,
        created_at: "2025-06-30T12:00:00Z",
        updated_at: "2025-06-30T12:00:00Z",
    },
];

/// The voices area: the catalogue's voices, the clones and speech it makes, and the uploads
/// a clone's audio may name.
pub struct VoicesArea {
    core: Core,
    catalogue: Arc<Catalogue>,
    assets: Arc<AssetsArea>,
    clones: Arc<JobTable<VoiceClone>>,
    speech: Arc<JobTable<Speech>>,
}

/// A voice a request may speak with: a library voice, or a complete clone.
#[derive(Debug, Clone, PartialEq)]
pub struct UsableVoice {
    /// Whether `/v3/voices/speech` can use it (the `starfish` engine).
    pub starfish: bool,
    /// `male`, `female` or `unknown` (a clone).
    pub gender: String,
}

impl VoicesArea {
    /// The area over a catalogue; registers the clone and speech tables with the engine.
    pub fn new(core: Core, catalogue: Arc<Catalogue>, assets: Arc<AssetsArea>) -> Arc<Self> {
        let clones = Arc::new(JobTable::new(core.clock.now_ms()));
        core.jobs.register(clones.clone());
        let speech = Arc::new(JobTable::new(core.clock.now_ms()));
        core.jobs.register(speech.clone());
        Arc::new(Self {
            core,
            catalogue,
            assets,
            clones,
            speech,
        })
    }

    /// The one check of a `voice_id` input (v3 videos and speech): a library voice, or one of
    /// the account's clones once complete. 404 for an unknown id, 400 for a clone that is
    /// still processing or failed; `at` names the field.
    pub fn usable(&self, voice_id: &str, at: &str) -> Result<UsableVoice, ApiError> {
        if let Some(voice) = self.catalogue.voice(voice_id) {
            return Ok(library_voice(voice));
        }
        let now = self.core.clock.now_ms();
        let clones = self.clones.lock();
        let clone = clones
            .get(voice_id)
            .ok_or_else(|| ApiError::not_found("voice", voice_id).with_param(at))?;
        match clone.lifecycle.phase(now) {
            Phase::Completed => Ok(UsableVoice {
                starfish: true,
                gender: CLONE_GENDER.into(),
            }),
            unfinished_or_failed => Err(ApiError::invalid(format!(
                "{at}: voice clone {voice_id} is {}; only a complete clone speaks",
                model::clone_status(unfinished_or_failed)
            ))
            .with_param(at)),
        }
    }
}

/// The gender of a clone: the mock does not analyse the audio.
const CLONE_GENDER: &str = "unknown";

fn library_voice(voice: &VoiceFixture) -> UsableVoice {
    UsableVoice {
        starfish: voice.engines.iter().any(|e| e == "starfish"),
        gender: voice.gender.clone(),
    }
}

/// The voice routes of every generation.
pub fn routes(area: Arc<VoicesArea>) -> Router {
    Router::new()
        .merge(legacy::routes(area.clone()))
        .merge(v3::routes(area))
}
