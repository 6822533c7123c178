//! Translation jobs: what the mock keeps, announces and serves.

use axum::response::Response;
use serde::Serialize;

use crate::core::{
    captions,
    clock::Millis,
    jobs::{Job, JobData, JobFailure, Lifecycle, Phase},
    media::{self, Links},
    webhooks::Event,
};

/// The area's kind: schedule tag and `/media/translations/…` segment.
pub const KIND: &str = "translations";

/// Event types translation jobs announce.
pub const EVENT_TYPES: [&str; 2] = ["video_translate.success", "video_translate.fail"];

/// What the mock keeps about a translation.
#[derive(Debug, Clone)]
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
}

/// Seconds each caption of a translation shows.
const CUE_SECONDS: f64 = 5.0;

impl Translation {
    /// The captions of the translated speech. The mock does not transcribe, so each cue says
    /// which stretch of the video it covers, in which language.
    pub fn captions(&self) -> Vec<captions::Cue> {
        captions::spans(self.seconds, CUE_SECONDS, |start, end| {
            format!(
                "[{}] translated speech, {start:.0} to {end:.0} s",
                self.output_language
            )
        })
    }
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
}

impl Translation {
    /// The view of a stored job at `links.now()`.
    pub fn view<'a>(
        id: &'a str,
        job: &'a Job<Translation>,
        links: &Links<'_>,
    ) -> TranslationView<'a> {
        let phase = job.lifecycle.phase(links.now());
        TranslationView {
            id,
            status: phase.as_str(),
            video_url: (phase == Phase::Completed).then(|| links.job(KIND, id, "video.mp4")),
            failure: phase.failure(),
            output_language: &job.data.output_language,
            callback_id: job.data.callback_id.as_deref(),
            title: job.data.title.as_deref(),
            has_captions: job.data.captions && phase == Phase::Completed,
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
            title: None,
            captions: false,
            seconds: 60.0,
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
        serde_json::to_value(data)
            .map(|data| vec![Event::new(event_type, data, callback_url)])
            .unwrap_or_default()
    }

    fn file(job: &Job<Self>, name: &str) -> Option<Response> {
        match name {
            "video.mp4" => Some(media::serve(media::VIDEO_MP4, "video/mp4")),
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
