//! Translation jobs: what the mock keeps, announces and serves.

use std::sync::Arc;

use axum::response::Response;
use serde::Serialize;

use crate::core::{
    batch::BatchMember,
    captions::{self, Cue},
    clock::Millis,
    jobs::{Job, JobData, JobFailure, Lifecycle, Phase},
    media::{self, Links},
    webhooks::Event,
};

/// The area's kind: schedule tag and `/media/translations/…` segment.
pub const KIND: &str = "translations";

/// Event types translation jobs announce (`batch.finished` for v3 batches).
pub const EVENT_TYPES: [&str; 3] = [
    "video_translate.success",
    "video_translate.fail",
    "batch.finished",
];

/// What the mock keeps about a translation.
#[derive(Debug, Clone, Default)]
pub struct Translation {
    /// The language it translates into.
    pub output_language: Box<str>,
    /// The caller's id, echoed.
    pub callback_id: Option<Box<str>>,
    /// Unsigned per-job webhook target.
    pub callback_url: Option<Box<str>>,
    /// Its title, if it was given one.
    pub title: Option<Box<str>>,
    /// Whether captions were asked for (`enable_caption`).
    pub captions: bool,
    /// Length of the translated video.
    pub seconds: f64,
    /// The source's language, when the caller named it.
    pub input_language: Option<Box<str>>,
    /// Only the audio was translated (v3 `translate_audio_only`).
    pub audio_only: bool,
    /// What its captions say: a proofread's (corrected) script or an uploaded output SRT;
    /// machine cues when `None`.
    pub script: Option<Arc<[Cue]>>,
    /// The v3 batch it belongs to, told when it finishes.
    pub batch: Option<Arc<BatchMember>>,
}

/// Seconds each caption of a translation shows.
const CUE_SECONDS: f64 = 5.0;

impl Translation {
    /// The captions of the translated speech. The mock does not transcribe, so each cue says
    /// which stretch of the video it covers, in which language.
    pub fn captions(&self) -> Vec<Cue> {
        match &self.script {
            Some(script) => script.to_vec(),
            None => machine_script(&self.output_language, self.seconds),
        }
    }
}

/// The script the mock "translates" a source into: it does not transcribe, so each cue says
/// which stretch of the video it covers, in which language.
pub fn machine_script(language: &str, seconds: f64) -> Vec<Cue> {
    captions::spans(seconds, CUE_SECONDS, |start, end| {
        format!("[{language}] translated speech, {start:.0} to {end:.0} s")
    })
}

/// A translation as any generation reports it.
#[derive(Debug)]
pub struct TranslationView<'a> {
    /// Its id.
    pub id: &'a str,
    /// `pending`, `processing`, `completed` or `failed`.
    pub status: &'static str,
    /// The translated video, once completed.
    pub video_url: Option<String>,
    /// Why it failed.
    pub failure: Option<&'a JobFailure>,
    /// The target language.
    pub output_language: &'a str,
    /// The caller's id, echoed.
    pub callback_id: Option<&'a str>,
    /// Its title, if it was given one.
    pub title: Option<&'a str>,
    /// Whether caption files exist for it (asked for, and completed).
    pub has_captions: bool,
    /// The translated speech alone, once completed.
    pub audio_url: Option<String>,
    /// Its length in seconds, once completed.
    pub duration: Option<f64>,
    /// The source's language, when named.
    pub input_language: Option<&'a str>,
    /// Only the audio was translated.
    pub audio_only: bool,
    /// Creation time, Unix seconds.
    pub created_s: u64,
}

impl Translation {
    /// The view of a stored job at `links.now()`.
    pub fn view<'a>(
        id: &'a str,
        job: &'a Job<Translation>,
        links: &Links<'_>,
    ) -> TranslationView<'a> {
        let phase = job.lifecycle.phase(links.now());
        let done = phase == Phase::Completed;
        TranslationView {
            id,
            status: phase.as_str(),
            video_url: (phase == Phase::Completed).then(|| links.job(KIND, id, "video.mp4")),
            failure: phase.failure(),
            output_language: &job.data.output_language,
            callback_id: job.data.callback_id.as_deref(),
            title: job.data.title.as_deref(),
            has_captions: job.data.captions && done,
            audio_url: done.then(|| links.job(KIND, id, "audio.mp3")),
            duration: done.then_some(job.data.seconds),
            input_language: job.data.input_language.as_deref(),
            audio_only: job.data.audio_only,
            created_s: job.lifecycle.created_ms / 1000,
        }
    }
}

#[derive(Serialize)]
#[serde(untagged)]
enum TranslationEventData<'a> {
    Success {
        video_translate_id: &'a str,
        url: String,
        callback_id: Option<&'a str>,
        output_language: &'a str,
    },
    Fail {
        video_translate_id: &'a str,
        message: String,
        callback_id: Option<&'a str>,
        output_language: &'a str,
    },
}

impl JobData for Translation {
    const KIND: &'static str = KIND;

    /// The tutorial's `vt_abcdef123456`, already completed.
    fn seed(now: Millis) -> Vec<(String, Job<Self>)> {
        let translation = Translation {
            output_language: "es".into(),
            callback_id: None,
            callback_url: None,
            seconds: 60.0,
            ..Translation::default()
        };
        let job = Job {
            lifecycle: Lifecycle::finished_before(now),
            data: translation,
        };
        vec![("vt_abcdef123456".into(), job)]
    }

    fn finished(id: &str, job: &Job<Self>, links: &Links<'_>) -> Vec<Event> {
        let t = &job.data;
        let (callback_id, output_language) = (t.callback_id.as_deref(), &*t.output_language);
        let (event_type, data) = match job.lifecycle.phase(links.now()) {
            Phase::Completed => (
                "video_translate.success",
                TranslationEventData::Success {
                    video_translate_id: id,
                    url: links.job(KIND, id, "video.mp4"),
                    callback_id,
                    output_language,
                },
            ),
            Phase::Failed(f) => (
                "video_translate.fail",
                TranslationEventData::Fail {
                    video_translate_id: id,
                    message: f.summary(),
                    callback_id,
                    output_language,
                },
            ),
            Phase::Pending | Phase::Processing => return Vec::new(),
        };
        let callback_url = t.callback_url.as_deref().map(str::to_owned);
        let mut events: Vec<Event> = serde_json::to_value(data)
            .map(|data| vec![Event::new(event_type, data, callback_url).about(id)])
            .unwrap_or_default();
        events.extend(t.batch.as_deref().and_then(BatchMember::count_down));
        events
    }

    fn file(job: &Job<Self>, name: &str) -> Option<Response> {
        match name {
            "video.mp4" => Some(media::serve(media::VIDEO_MP4, "video/mp4")),
            "audio.mp3" => Some(media::serve(media::VOICE_MP3, "audio/mpeg")),
            "captions.srt" if job.data.captions => Some(media::serve_text(
                captions::srt(&job.data.captions()),
                "application/x-subrip; charset=utf-8",
            )),
            "captions.vtt" if job.data.captions => Some(media::serve_text(
                captions::vtt(&job.data.captions()),
                "text/vtt; charset=utf-8",
            )),
            _ => None,
        }
    }
}
