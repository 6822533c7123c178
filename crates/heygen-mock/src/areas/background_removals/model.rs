//! Background removal jobs: what the mock keeps about one, the layer files it serves and the
//! view the wire renders.

use std::collections::BTreeMap;

use axum::response::Response;

use crate::core::{
    clock::Millis,
    jobs::{Job, JobData, Phase},
    media::{self, Links},
    webhooks::Event,
};

/// The area's kind: schedule tag and `/media/background_removals/…` segment.
pub const KIND: &str = "background_removals";

/// A layer a job can produce, with the file that serves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Layer {
    /// The subject on a transparent background: VP9 WebM with alpha.
    Foreground,
    /// The grayscale alpha matte.
    Mask,
    /// The scene with the subject removed.
    Background,
}

impl Layer {
    /// Every layer, the default when a request names none.
    pub const ALL: [Layer; 3] = [Layer::Foreground, Layer::Mask, Layer::Background];

    /// The wire name (a key of `layers`).
    pub fn name(self) -> &'static str {
        match self {
            Layer::Foreground => "foreground",
            Layer::Mask => "mask",
            Layer::Background => "background",
        }
    }

    /// The file behind its link. The mock has one real clip of each container: the
    /// foreground needs alpha, so it is the WebM; matte and background reuse the MP4.
    fn file_name(self) -> &'static str {
        match self {
            Layer::Foreground => "foreground.webm",
            Layer::Mask => "mask.mp4",
            Layer::Background => "background.mp4",
        }
    }
}

/// One background removal job.
#[derive(Debug)]
pub struct BackgroundRemoval {
    /// The layers asked for, sorted, without repeats.
    pub layers: Vec<Layer>,
    /// Seconds of video processed.
    pub duration_seconds: f64,
    /// Its title (HeyGen stores it; the job object does not show it).
    pub title: Option<String>,
}

/// A job as v3 reports it.
#[derive(Debug)]
pub struct BackgroundRemovalView<'a> {
    /// Its id.
    pub id: &'a str,
    /// `pending`, `processing`, `completed` or `failed`.
    pub status: &'static str,
    /// Each layer's link, once completed.
    pub layers: BTreeMap<&'static str, String>,
    /// Creation time, Unix seconds.
    pub created_s: u64,
    /// Completion time, once completed.
    pub completed_s: Option<u64>,
    /// Seconds processed, once completed.
    pub duration: Option<f64>,
    /// Why it failed.
    pub error: Option<String>,
}

impl BackgroundRemoval {
    /// The view of a stored job at `links.now()`.
    pub fn view<'a>(
        id: &'a str,
        job: &'a Job<BackgroundRemoval>,
        links: &Links<'_>,
    ) -> BackgroundRemovalView<'a> {
        let phase = job.lifecycle.phase(links.now());
        let done = phase == Phase::Completed;
        let layers = if done {
            job.data
                .layers
                .iter()
                .map(|layer| (layer.name(), links.job(KIND, id, layer.file_name())))
                .collect()
        } else {
            BTreeMap::new()
        };
        BackgroundRemovalView {
            id,
            status: phase.as_str(),
            layers,
            created_s: job.lifecycle.created_ms / 1000,
            completed_s: done.then_some(job.lifecycle.finished_ms / 1000),
            duration: done.then_some(job.data.duration_seconds),
            error: phase.failure().map(|f| f.summary()),
        }
    }
}

impl JobData for BackgroundRemoval {
    const KIND: &'static str = KIND;

    /// No example jobs.
    fn seed(_now: Millis) -> Vec<(String, Job<Self>)> {
        Vec::new()
    }

    /// Nothing: HeyGen names no event for these jobs and takes no `callback_url`; clients poll.
    fn finished(_id: &str, _job: &Job<Self>, _links: &Links<'_>) -> Vec<Event> {
        Vec::new()
    }

    fn file(job: &Job<Self>, name: &str) -> Option<Response> {
        let layer = job
            .data
            .layers
            .iter()
            .find(|layer| layer.file_name() == name)?;
        Some(match layer {
            Layer::Foreground => media::serve(media::VIDEO_WEBM, "video/webm"),
            Layer::Mask | Layer::Background => media::serve(media::VIDEO_MP4, "video/mp4"),
        })
    }
}
