//! Lipsync jobs: what the mock keeps about one, what it announces and serves when it
//! finishes, and the view the wire renders.

use std::sync::Arc;

use axum::response::Response;
use serde_json::json;

use crate::core::{
    batch::BatchMember,
    captions,
    clock::Millis,
    jobs::{Job, JobData, Phase},
    media::{self, Links},
    webhooks::Event,
};

/// The area's kind: schedule tag and `/media/lipsyncs/…` segment.
pub const KIND: &str = "lipsyncs";

/// Event types lipsync jobs announce. HeyGen's event list (30 types) names no lipsync event,
/// while lipsyncs share the translation pipeline's statuses and fields, so a finished
/// lipsync is announced as a finished translation (with `video_translate_id` = lipsync id).
pub const EVENT_TYPES: [&str; 3] = [
    "video_translate.success",
    "video_translate.fail",
    "batch.finished",
];

/// Seconds of output per SRT cue.
const CUE_SECONDS: f64 = 5.0;

/// One lipsync job.
#[derive(Debug)]
pub struct Lipsync {
    /// Shown in listings; renamed by `PATCH`.
    pub title: Option<String>,
    /// Length of the output, seconds.
    pub duration_seconds: f64,
    /// SRT captions were asked for.
    pub captions: bool,
    /// Echoed in the job and its events.
    pub callback_id: Option<String>,
    /// Unsigned per-job webhook target.
    pub callback_url: Option<String>,
    /// The batch it belongs to, told when it finishes.
    pub batch: Option<Arc<BatchMember>>,
}

/// A lipsync as v3 reports it: links present once it has completed.
#[derive(Debug)]
pub struct LipsyncView<'a> {
    /// Its id.
    pub id: &'a str,
    /// `pending`, `running`, `completed` or `failed` (the translation statuses).
    pub status: &'static str,
    /// Its title.
    pub title: Option<&'a str>,
    /// Seconds, once completed.
    pub duration: Option<f64>,
    /// The lipsynced MP4.
    pub video_url: Option<String>,
    /// SRT captions, when asked for.
    pub caption_url: Option<String>,
    /// The caller's id, echoed.
    pub callback_id: Option<&'a str>,
    /// Creation time, Unix seconds.
    pub created_s: u64,
    /// Why it failed.
    pub failure_message: Option<String>,
}

impl Lipsync {
    /// The output length that prices and times the job.
    pub fn seconds(&self) -> f64 {
        self.duration_seconds
    }

    /// The view of a stored job at `links.now()`.
    pub fn view<'a>(id: &'a str, job: &'a Job<Lipsync>, links: &Links<'_>) -> LipsyncView<'a> {
        let (lipsync, phase) = (&job.data, job.lifecycle.phase(links.now()));
        let done = phase == Phase::Completed;
        LipsyncView {
            id,
            status: match phase {
                // The translation statuses say `running` where the engine says `processing`.
                Phase::Processing => "running",
                other => other.as_str(),
            },
            title: lipsync.title.as_deref(),
            duration: done.then_some(lipsync.duration_seconds),
            video_url: done.then(|| links.job(KIND, id, "video.mp4")),
            caption_url: (done && lipsync.captions).then(|| links.job(KIND, id, "captions.srt")),
            callback_id: lipsync.callback_id.as_deref(),
            created_s: job.lifecycle.created_ms / 1000,
            failure_message: phase.failure().map(|f| f.summary()),
        }
    }
}

/// SRT cues over `seconds` of speech. The mock does not transcribe the audio, so each cue
/// says which stretch of the new audio it covers; the timing is what players and editors use.
pub fn captions_srt(seconds: f64) -> String {
    captions::srt(&captions::spans(seconds, CUE_SECONDS, |start, end| {
        format!("Lipsynced speech, {start:.0} to {end:.0} s")
    }))
}

impl JobData for Lipsync {
    const KIND: &'static str = KIND;

    /// No example lipsyncs: the tutorial has none.
    fn seed(_now: Millis) -> Vec<(String, Job<Self>)> {
        Vec::new()
    }

    /// `video_translate.success` or `.fail` (see [`EVENT_TYPES`]), and `batch.finished` when it
    /// was the last unfinished item of its batch.
    fn finished(id: &str, job: &Job<Self>, links: &Links<'_>) -> Vec<Event> {
        let lipsync = &job.data;
        let callback_id = lipsync.callback_id.as_deref();
        let announced = match job.lifecycle.phase(links.now()) {
            Phase::Completed => Some((
                "video_translate.success",
                json!({
                    "video_translate_id": id,
                    "url": links.job(KIND, id, "video.mp4"),
                    "callback_id": callback_id,
                }),
            )),
            Phase::Failed(failure) => Some((
                "video_translate.fail",
                json!({
                    "video_translate_id": id,
                    "message": failure.summary(),
                    "callback_id": callback_id,
                }),
            )),
            Phase::Pending | Phase::Processing => None,
        };
        let mut events: Vec<Event> = announced
            .map(|(event_type, data)| {
                Event::new(event_type, data, lipsync.callback_url.clone()).about(id)
            })
            .into_iter()
            .collect();
        events.extend(lipsync.batch.as_deref().and_then(BatchMember::count_down));
        events
    }

    fn file(job: &Job<Self>, name: &str) -> Option<Response> {
        match name {
            "video.mp4" => Some(media::serve(media::VIDEO_MP4, "video/mp4")),
            "captions.srt" if job.data.captions => Some(media::serve_text(
                captions_srt(job.data.duration_seconds),
                "application/x-subrip; charset=utf-8",
            )),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_cover_the_whole_output_in_numbered_cues() {
        let srt = captions_srt(12.0);
        let cues: Vec<&str> = srt.trim_end().split("\n\n").collect();
        assert_eq!(cues.len(), 3);
        assert!(cues[0].starts_with("1\n00:00:00,000 --> 00:00:05,000\n"));
        assert!(cues[2].starts_with("3\n00:00:10,000 --> 00:00:12,000\n"));
    }
}
