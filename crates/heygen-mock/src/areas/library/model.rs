//! The built-in audio tracks and brand kits of the mock's workspace.

use axum::response::Response;

use crate::core::{
    audio,
    clock::Millis,
    jobs::{Job, JobData, Lifecycle},
    media::{self, Links},
    webhooks::Event,
};

/// Kind of the tracks: `/media/sounds/…`.
pub const KIND: &str = "sounds";
/// A track's file.
pub const FILE: &str = "audio.wav";

/// `music` or `sound_effects`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SoundType {
    /// Background music.
    Music,
    /// Sound effects.
    SoundEffects,
}

/// Placement metadata of a sound effect.
#[derive(Debug, Clone, Copy)]
pub struct Placement {
    /// Seconds from the start to the loudest moment.
    pub peak_offset: f64,
    /// `hit`, `riser` or `bed`.
    pub mode: &'static str,
}

/// One track of the audio library.
#[derive(Debug, Clone, Copy)]
pub struct Sound {
    /// Its id.
    pub id: &'static str,
    /// Display name.
    pub name: &'static str,
    /// What it is indexed under (searched with the name).
    pub description: &'static str,
    /// Music or a sound effect.
    pub kind: SoundType,
    /// Length, seconds.
    pub duration: f64,
    /// Sound effects only.
    pub placement: Option<Placement>,
    /// Tone of its stand-in audio, Hz.
    pub pitch_hz: f64,
}

const fn music(
    id: &'static str,
    name: &'static str,
    description: &'static str,
    duration: f64,
    pitch_hz: f64,
) -> Sound {
    Sound {
        id,
        name,
        description,
        kind: SoundType::Music,
        duration,
        placement: None,
        pitch_hz,
    }
}

const fn effect(
    id: &'static str,
    name: &'static str,
    description: &'static str,
    duration: f64,
    peak_offset: f64,
    mode: &'static str,
) -> Sound {
    Sound {
        id,
        name,
        description,
        kind: SoundType::SoundEffects,
        duration,
        placement: Some(Placement { peak_offset, mode }),
        pitch_hz: 880.0,
    }
}

/// The library: background music, then sound effects.
pub const SOUNDS: [Sound; 12] = [
    music(
        "mus_lofi_study_01",
        "Late Night Study",
        "upbeat lofi hip-hop beat with soft vinyl crackle",
        45.0,
        196.0,
    ),
    music(
        "mus_corporate_02",
        "Bright Horizons",
        "uplifting corporate pop with light piano and claps",
        60.0,
        262.0,
    ),
    music(
        "mus_cinematic_03",
        "Edge of Dawn",
        "tense cinematic riser with deep drums and strings",
        30.0,
        110.0,
    ),
    music(
        "mus_acoustic_04",
        "Porch Light",
        "warm acoustic guitar folk, calm and hopeful",
        50.0,
        247.0,
    ),
    music(
        "mus_electro_05",
        "Neon Drive",
        "energetic synthwave electronic track with driving bass",
        40.0,
        220.0,
    ),
    music(
        "mus_ambient_06",
        "Still Water",
        "calm ambient pad for meditation and explainer videos",
        55.0,
        174.0,
    ),
    effect(
        "sfx_whoosh_01",
        "Fast Whoosh",
        "whoosh for a scene change or transition",
        1.2,
        0.6,
        "hit",
    ),
    effect(
        "sfx_register_02",
        "Cash Register",
        "cash register cha-ching for a sale",
        1.5,
        0.3,
        "hit",
    ),
    effect(
        "sfx_riser_03",
        "Tension Riser",
        "rising tension riser before a reveal",
        4.0,
        3.8,
        "riser",
    ),
    effect(
        "sfx_click_04",
        "Mouse Click",
        "single mouse click for a screen recording",
        0.3,
        0.05,
        "hit",
    ),
    effect(
        "sfx_crowd_05",
        "Office Murmur",
        "quiet office crowd murmur background bed",
        8.0,
        4.0,
        "bed",
    ),
    effect(
        "sfx_pop_06",
        "Bubble Pop",
        "playful bubble pop for a title appearing",
        0.5,
        0.1,
        "hit",
    ),
];

impl JobData for Sound {
    const KIND: &'static str = KIND;

    /// Every track exists from the start, finished (as the tutorial's example videos do).
    fn seed(now: Millis) -> Vec<(String, Job<Self>)> {
        SOUNDS
            .iter()
            .map(|sound| {
                let job = Job {
                    lifecycle: Lifecycle::finished_before(now),
                    data: *sound,
                };
                (sound.id.to_owned(), job)
            })
            .collect()
    }

    /// Tracks never finish: they are there from the start.
    fn finished(_id: &str, _job: &Job<Self>, _links: &Links<'_>) -> Vec<Event> {
        Vec::new()
    }

    /// A WAV as long as the track: a steady tone for music; for a sound effect a tone
    /// around its peak.
    fn file(job: &Job<Self>, name: &str) -> Option<Response> {
        let sound = &job.data;
        let sounding = match sound.placement {
            None => (0.0, sound.duration),
            Some(p) => (
                (p.peak_offset - 0.1).max(0.0),
                (p.peak_offset + 0.1).min(sound.duration),
            ),
        };
        let ms = (sound.duration * 1000.0).round() as u64;
        (name == FILE)
            .then(|| media::serve_bytes(audio::wav(ms, &[sounding], sound.pitch_hz), "audio/wav"))
    }
}

/// One brand kit.
#[derive(Debug, serde::Serialize)]
pub struct BrandKit {
    /// Its id (`brand_kit_id` of video agents).
    pub brand_kit_id: &'static str,
    /// Display name.
    pub name: &'static str,
    /// Hex colors.
    pub colors: &'static [&'static str],
    /// The primary logo (a public CDN link on HeyGen).
    pub logo_url: Option<&'static str>,
}

/// The workspace's brand kits.
pub const BRAND_KITS: [BrandKit; 3] = [
    BrandKit {
        brand_kit_id: "bk_4d2e8f1a6c3b4e07",
        name: "Acme Corporate",
        colors: &["#0B3D91", "#FFFFFF", "#FC3D21"],
        logo_url: Some("https://resource.heygen.ai/brand-kits/acme/logo.png"),
    },
    BrandKit {
        brand_kit_id: "bk_9a7c5e3b1d0f4a62",
        name: "Spring Campaign",
        colors: &["#7BC950", "#F4E04D", "#1B998B", "#2D3047"],
        logo_url: Some("https://resource.heygen.ai/brand-kits/spring/logo.png"),
    },
    BrandKit {
        brand_kit_id: "bk_1e6b0c9d8a7f4c35",
        name: "Internal Training",
        colors: &["#333333", "#F5F5F5"],
        logo_url: None,
    },
];
