//! AI clipping jobs: what the mock keeps about one, its clips, what it announces and serves
//! when it finishes, and the view that both the wire and the events render.

use axum::response::Response;
use serde::Serialize;

use crate::core::{
    clock::Millis,
    jobs::{Job, JobData, Phase},
    media::{self, Links},
    webhooks::Event,
};

/// The area's kind: schedule tag and `/media/ai_clipping/…` segment.
pub const KIND: &str = "ai_clipping";

/// Event types clipping jobs announce.
pub const EVENT_TYPES: [&str; 2] = ["ai_clipping.success", "ai_clipping.fail"];

/// Seconds assumed for a source video the mock does not fetch: clipping is for long videos.
pub const SOURCE_SECONDS: f64 = 600.0;

/// What `long` clips last: the model's choice over 180 s; the mock picks 240.
const LONG_CLIP_SECONDS: f64 = 240.0;

/// One clipping job.
#[derive(Debug)]
pub struct Clipping {
    /// Its title.
    pub title: Option<String>,
    /// The spoken language, as given (the mock detects nothing; it assumes `en`).
    pub input_language: Option<String>,
    /// One clip per entry: `30`, `60`, `180` or `long`.
    pub duration_types: Vec<String>,
    /// `landscape`, `portrait` or `square`, for every clip.
    pub aspect_ratio: String,
    /// Echoed in the job and its events.
    pub callback_id: Option<String>,
    /// Unsigned per-job webhook target.
    pub callback_url: Option<String>,
}

impl Clipping {
    /// The length of each clip, in request order.
    fn clip_seconds(&self) -> impl Iterator<Item = f64> + '_ {
        self.duration_types.iter().map(|d| match d.parse::<f64>() {
            Ok(seconds) => seconds.min(SOURCE_SECONDS),
            Err(_) => LONG_CLIP_SECONDS,
        })
    }

    /// Seconds of output in all, which prices and times the job like a video of that length.
    pub fn output_seconds(&self) -> f64 {
        self.clip_seconds().sum()
    }

    /// The view of a stored job at `links.now()`; `live_progress` as a single read shows it
    /// (a listing shows 0 until completed, then 100, as HeyGen's does).
    pub fn view<'a>(
        id: &'a str,
        job: &'a Job<Clipping>,
        links: &Links<'_>,
        live_progress: bool,
    ) -> ClippingView<'a> {
        let (clipping, lifecycle) = (&job.data, &job.lifecycle);
        let now = links.now();
        let phase = lifecycle.phase(now);
        let done = phase == Phase::Completed;
        let progress = match phase {
            Phase::Completed => 100,
            Phase::Processing if live_progress => {
                let span = lifecycle
                    .finished_ms
                    .saturating_sub(lifecycle.started_ms)
                    .max(1);
                let gone = now.saturating_sub(lifecycle.started_ms);
                (gone * 100 / span).min(99) as u8
            }
            _ => 0,
        };
        let clips = clipping
            .clip_seconds()
            .enumerate()
            .map(|(i, seconds)| ClipView {
                id: format!("{id}_clip{}", i + 1),
                status: match phase {
                    Phase::Completed => "completed",
                    Phase::Failed(_) => "failed",
                    Phase::Pending | Phase::Processing => "pending",
                },
                title: done.then(|| format!("Highlight {} ({seconds:.0} s)", i + 1)),
                video_url: done.then(|| links.job(KIND, id, &format!("clip{}.mp4", i + 1))),
                thumbnail_url: done.then(|| links.job(KIND, id, &format!("clip{}.jpg", i + 1))),
                duration_seconds: done.then_some(seconds),
                aspect_ratio: done.then_some(clipping.aspect_ratio.as_str()),
                virality_score: done.then(|| virality(id, i)),
                failure_message: None,
            })
            .collect();
        ClippingView {
            id,
            status: match phase {
                // HeyGen's job statuses say `running` where the engine says `processing`.
                Phase::Processing => "running",
                other => other.as_str(),
            },
            title: clipping.title.as_deref(),
            progress,
            source_duration: phase.is_terminal().then_some(SOURCE_SECONDS),
            input_language: Some(clipping.input_language.as_deref().unwrap_or("en")),
            callback_id: clipping.callback_id.as_deref(),
            created_at: lifecycle.created_ms / 1000,
            failure_message: phase.failure().map(|f| f.summary()),
            clips,
        }
    }
}

/// A deterministic score from 0 to 100 for clip `index` of job `id` (the mock has no model;
/// the same clip always scores the same, so tests and snapshots are stable).
fn virality(id: &str, index: usize) -> u8 {
    let hash = id.bytes().fold(index as u32 * 31 + 7, |h, b| {
        h.wrapping_mul(33) ^ u32::from(b)
    });
    40 + (hash % 61) as u8
}

/// A clip as v3 shows it.
#[derive(Debug, Serialize)]
pub struct ClipView<'a> {
    id: String,
    status: &'static str,
    title: Option<String>,
    video_url: Option<String>,
    thumbnail_url: Option<String>,
    duration_seconds: Option<f64>,
    /// Left out, not null, until completed: HeyGen's schema says null, but its enum does not
    /// admit null, so a strict validator would refuse it.
    #[serde(skip_serializing_if = "Option::is_none")]
    aspect_ratio: Option<&'a str>,
    virality_score: Option<u8>,
    failure_message: Option<String>,
}

/// A clipping job as v3 shows it: the `data` of `GET /v3/ai-clipping/{job_id}` and the
/// `event_data` of its events. `output_settings` is left out, as HeyGen does on read.
#[derive(Debug, Serialize)]
pub struct ClippingView<'a> {
    id: &'a str,
    status: &'static str,
    title: Option<&'a str>,
    progress: u8,
    source_duration: Option<f64>,
    input_language: Option<&'a str>,
    callback_id: Option<&'a str>,
    created_at: u64,
    failure_message: Option<String>,
    clips: Vec<ClipView<'a>>,
}

impl JobData for Clipping {
    const KIND: &'static str = KIND;

    /// No example jobs.
    fn seed(_now: Millis) -> Vec<(String, Job<Self>)> {
        Vec::new()
    }

    /// `ai_clipping.success` or `.fail`, with the job as `GET` shows it.
    fn finished(id: &str, job: &Job<Self>, links: &Links<'_>) -> Vec<Event> {
        let event_type = match job.lifecycle.phase(links.now()) {
            Phase::Completed => "ai_clipping.success",
            Phase::Failed(_) => "ai_clipping.fail",
            Phase::Pending | Phase::Processing => return Vec::new(),
        };
        let view = Clipping::view(id, job, links, true);
        serde_json::to_value(view)
            .map(|data| Event::new(event_type, data, job.data.callback_url.clone()).about(id))
            .into_iter()
            .collect()
    }

    fn file(job: &Job<Self>, name: &str) -> Option<Response> {
        let (stem, ext) = name.split_once('.')?;
        let index: usize = stem.strip_prefix("clip")?.parse().ok()?;
        if index == 0 || index > job.data.duration_types.len() {
            return None;
        }
        match ext {
            "mp4" => Some(media::serve(media::VIDEO_MP4, "video/mp4")),
            "jpg" => Some(media::serve(media::THUMBNAIL_JPG, "image/jpeg")),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn virality_is_stable_and_in_range() {
        for i in 0..10 {
            let score = virality("abc", i);
            assert!((40..=100).contains(&score));
            assert_eq!(score, virality("abc", i));
        }
    }
}
