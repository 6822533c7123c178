//! Proofread jobs: a translation's script prepared for correction before anything is rendered.
//! A completed proofread serves its script as SRT; an upload replaces it; a render starts a
//! translation whose captions are that script.

use std::sync::Arc;

use axum::response::Response;
use serde_json::json;

use super::model::machine_script;
use crate::core::{
    captions::{self, Cue},
    clock::Millis,
    jobs::{Job, JobData, Phase},
    media::{self, Links},
    webhooks::Event,
};

/// The family's kind: schedule tag and `/media/proofreads/…` segment.
pub const KIND: &str = "proofreads";

/// Event types proofreads announce.
pub const EVENT_TYPES: [&str; 2] = ["proofread_creation.success", "proofread_creation.fail"];

/// What the mock keeps about a proofread.
#[derive(Debug)]
pub struct Proofread {
    /// Its title (required on create).
    pub title: String,
    /// The language it translates into.
    pub output_language: String,
    /// The source's language, when named.
    pub input_language: Option<String>,
    /// Length of the source stretch it covers, seconds.
    pub seconds: f64,
    /// The script as it stands: machine cues, or the last upload.
    pub script: Arc<[Cue]>,
    /// The SRT given at creation, if any (`original_srt_url`).
    pub original: Option<Arc<[Cue]>>,
    /// A video has been rendered from it.
    pub rendered: bool,
}

impl Proofread {
    /// A proofread starting from `original` when one was given, else from machine cues.
    pub fn new(
        title: String,
        output_language: String,
        input_language: Option<String>,
        seconds: f64,
        original: Option<Arc<[Cue]>>,
    ) -> Self {
        let script = original
            .clone()
            .unwrap_or_else(|| machine_script(&output_language, seconds).into());
        Self {
            title,
            output_language,
            input_language,
            seconds,
            script,
            original,
            rendered: false,
        }
    }

    /// `processing` until the engine completes (or fails) it: proofreads have no pending state.
    pub fn status(phase: &Phase) -> &'static str {
        match phase {
            Phase::Pending | Phase::Processing => "processing",
            other => other.as_str(),
        }
    }
}

impl JobData for Proofread {
    const KIND: &'static str = KIND;

    /// No example proofreads.
    fn seed(_now: Millis) -> Vec<(String, Job<Self>)> {
        Vec::new()
    }

    /// `proofread_creation.success` or `.fail`, to endpoints only (creates take no callback).
    fn finished(id: &str, job: &Job<Self>, links: &Links<'_>) -> Vec<Event> {
        let language = &job.data.output_language;
        let (event_type, data) = match job.lifecycle.phase(links.now()) {
            Phase::Completed => (
                "proofread_creation.success",
                json!({"proofread_id": id, "output_language": language}),
            ),
            Phase::Failed(failure) => (
                "proofread_creation.fail",
                json!({
                    "proofread_id": id,
                    "output_language": language,
                    "message": failure.summary(),
                }),
            ),
            Phase::Pending | Phase::Processing => return Vec::new(),
        };
        vec![Event::new(event_type, data, None).about(id)]
    }

    fn file(job: &Job<Self>, name: &str) -> Option<Response> {
        let cues = match name {
            "proofread.srt" => &job.data.script,
            "original.srt" => job.data.original.as_ref()?,
            _ => return None,
        };
        Some(media::serve_text(
            captions::srt(cues),
            "application/x-subrip; charset=utf-8",
        ))
    }
}
