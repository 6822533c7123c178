//! Video jobs: what the mock keeps about one, what it announces and serves when it finishes,
//! and the generation-neutral view that each wire format renders.

use std::sync::Arc;

use axum::response::Response;
use serde::Serialize;

use crate::core::captions::{ass, script_cues, srt};
use crate::core::{
    clock::Millis,
    jobs::{Follower, Job, JobData, JobFailure, Lifecycle, Phase},
    media::{self, Links},
    webhooks::Event,
};

/// The area's kind: schedule tag and `/media/videos/…` segment.
pub const KIND: &str = "videos";

/// Event types video jobs announce.
pub const EVENT_TYPES: [&str; 7] = [
    "avatar_video.success",
    "avatar_video.fail",
    "avatar_video_gif.success",
    "avatar_video_gif.fail",
    "avatar_video_caption.success",
    "avatar_video_caption.fail",
    "batch.finished",
];

/// One video job. Kept small: a million of these must fit in well under a gigabyte.
#[derive(Debug, Clone)]
pub struct Video {
    duration_seconds: f64,
    transparent: bool,
    include_gif: bool,
    /// The script, kept only when captions were asked for.
    caption_script: Option<Box<str>>,
    /// Captions burnt into a second video file too.
    burn_in: bool,
    title: Option<Box<str>>,
    callback_id: Option<Box<str>>,
    callback_url: Option<Box<str>>,
    /// Told when the video finishes (its batch, the agent session that made it).
    follower: Option<Arc<dyn Follower>>,
}

/// What a new video job needs to know.
#[derive(Debug, Default)]
pub struct NewVideo {
    /// Estimated length of the finished video.
    pub estimated_seconds: f64,
    /// WebM with alpha instead of MP4.
    pub transparent: bool,
    /// Also announce `avatar_video_gif.*`.
    pub include_gif: bool,
    /// Captions from this script, if asked for.
    pub caption_script: Option<String>,
    /// Also render a video with the captions burnt in.
    pub burn_in: bool,
    /// Shown in listings.
    pub title: Option<String>,
    /// Echoed in status and events.
    pub callback_id: Option<String>,
    /// Unsigned per-video webhook target.
    pub callback_url: Option<String>,
    /// Told when the video finishes: its batch, or the agent session that made it.
    pub follower: Option<Arc<dyn Follower>>,
}

impl From<NewVideo> for Video {
    fn from(new: NewVideo) -> Self {
        Self {
            duration_seconds: new.estimated_seconds,
            transparent: new.transparent,
            include_gif: new.include_gif,
            caption_script: new.caption_script.map(Into::into),
            burn_in: new.burn_in,
            title: new.title.map(Into::into),
            callback_id: new.callback_id.map(Into::into),
            callback_url: new.callback_url.map(Into::into),
            follower: new.follower,
        }
    }
}

/// A video as any generation reports it: links present once it has completed.
#[derive(Debug)]
pub struct VideoView<'a> {
    /// Its id.
    pub id: &'a str,
    /// Its title, if it was given one.
    pub title: Option<&'a str>,
    /// `pending`, `processing`, `completed` or `failed`.
    pub status: &'static str,
    /// The video file.
    pub video_url: Option<String>,
    /// A JPEG still.
    pub thumbnail_url: Option<String>,
    /// An animated preview.
    pub gif_url: Option<String>,
    /// ASS captions, when asked for.
    pub caption_url: Option<String>,
    /// SRT captions, when asked for.
    pub subtitle_url: Option<String>,
    /// The video with burnt-in captions, when asked for.
    pub video_url_caption: Option<String>,
    /// Why it failed.
    pub failure: Option<&'a JobFailure>,
    /// Seconds, once completed.
    pub duration: Option<f64>,
    /// The caller's id, echoed.
    pub callback_id: Option<&'a str>,
    /// Creation time, Unix seconds.
    pub created_s: u64,
    /// When it completed or failed, Unix seconds.
    pub finished_s: Option<u64>,
}

impl Video {
    /// The title it was given, if any.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// The file name of the video itself.
    fn file_name(&self) -> &'static str {
        if self.transparent {
            "video.webm"
        } else {
            "video.mp4"
        }
    }

    /// The view of a stored job at `links.now()`.
    pub fn view<'a>(id: &'a str, job: &'a Job<Video>, links: &Links<'_>) -> VideoView<'a> {
        let (video, phase) = (&job.data, job.lifecycle.phase(links.now()));
        let link = |file: &str| links.job(KIND, id, file);
        let done = phase == Phase::Completed;
        let captioned = done && video.caption_script.is_some();
        VideoView {
            id,
            title: video.title.as_deref(),
            status: phase.as_str(),
            thumbnail_url: done.then(|| link("thumbnail.jpg")),
            video_url: done.then(|| link(video.file_name())),
            caption_url: captioned.then(|| link("captions.ass")),
            subtitle_url: captioned.then(|| link("captions.srt")),
            gif_url: done.then(|| link("preview.gif")),
            failure: phase.failure(),
            duration: done.then(|| (video.duration_seconds * 1000.0).round() / 1000.0),
            callback_id: video.callback_id.as_deref(),
            video_url_caption: (captioned && video.burn_in).then(|| link("video_caption.mp4")),
            created_s: job.lifecycle.created_ms / 1000,
            finished_s: phase
                .is_terminal()
                .then_some(job.lifecycle.finished_ms / 1000),
        }
    }
}

/// `event_data` of a finished video event.
#[derive(Serialize)]
#[serde(untagged)]
enum VideoEventData<'a> {
    Success {
        video_id: &'a str,
        url: &'a str,
        gif_download_url: String,
        callback_id: Option<&'a str>,
    },
    Fail {
        video_id: &'a str,
        msg: String,
        callback_id: Option<&'a str>,
    },
}

impl JobData for Video {
    const KIND: &'static str = KIND;

    /// The tutorial's example ids, already completed.
    fn seed(now: Millis) -> Vec<(String, Job<Self>)> {
        ["abcdef123456", "mnopqr345678"]
            .into_iter()
            .map(|id| {
                let video = NewVideo {
                    estimated_seconds: 9.4,
                    ..NewVideo::default()
                };
                let job = Job {
                    lifecycle: Lifecycle::finished_before(now),
                    data: video.into(),
                };
                (id.to_owned(), job)
            })
            .collect()
    }

    /// `avatar_video.*`, plus `avatar_video_gif.*` when a GIF was asked for and
    /// `avatar_video_caption.*` when captions were.
    fn finished(id: &str, job: &Job<Self>, links: &Links<'_>) -> Vec<Event> {
        let video = &job.data;
        let callback_id = video.callback_id.as_deref();
        let callback_url = video.callback_url.as_deref().map(str::to_owned);
        let link = |file: &str| links.job(KIND, id, file);
        let mut kinds = vec![("avatar_video", link(video.file_name()))];
        if video.include_gif {
            kinds.push(("avatar_video_gif", link("preview.gif")));
        }
        if video.caption_script.is_some() && video.burn_in {
            kinds.push(("avatar_video_caption", link("video_caption.mp4")));
        }
        let phase = job.lifecycle.phase(links.now());
        let mut events: Vec<Event> = kinds
            .iter()
            .filter_map(|(kind, url)| {
                let (outcome, event_data) = match phase {
                    Phase::Completed => (
                        "success",
                        VideoEventData::Success {
                            video_id: id,
                            url,
                            gif_download_url: link("preview.gif"),
                            callback_id,
                        },
                    ),
                    Phase::Failed(failure) => (
                        "fail",
                        VideoEventData::Fail {
                            video_id: id,
                            msg: failure.summary(),
                            callback_id,
                        },
                    ),
                    Phase::Pending | Phase::Processing => return None,
                };
                let event = Event::new(
                    &format!("{kind}.{outcome}"),
                    serde_json::to_value(event_data).ok()?,
                    callback_url.clone(),
                );
                Some(event.about(id))
            })
            .collect();
        if let Some(follower) = &video.follower {
            let output = (phase == Phase::Completed).then(|| link(video.file_name()));
            events.extend(follower.job_finished(id, phase, output.as_deref()));
        }
        events
    }

    fn file(job: &Job<Self>, name: &str) -> Option<Response> {
        let video = &job.data;
        match name {
            "video.mp4" if !video.transparent => Some(media::serve(media::VIDEO_MP4, "video/mp4")),
            "video.webm" if video.transparent => {
                Some(media::serve(media::VIDEO_WEBM, "video/webm"))
            }
            "thumbnail.jpg" => Some(media::serve(media::THUMBNAIL_JPG, "image/jpeg")),
            "preview.gif" => Some(media::serve(media::PREVIEW_GIF, "image/gif")),
            "video_caption.mp4" if video.caption_script.is_some() && video.burn_in => {
                Some(media::serve(media::VIDEO_MP4, "video/mp4"))
            }
            "captions.srt" => video.caption_script.as_deref().map(|script| {
                media::serve_text(
                    srt(&script_cues(script)),
                    "application/x-subrip; charset=utf-8",
                )
            }),
            "captions.ass" => video.caption_script.as_deref().map(|script| {
                media::serve_text(ass(&script_cues(script)), "text/x-ssa; charset=utf-8")
            }),
            _ => None,
        }
    }
}
