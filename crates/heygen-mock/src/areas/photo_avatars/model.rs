//! Photo avatar jobs: what the mock keeps, announces and serves.

use axum::response::Response;
use serde::Serialize;

use crate::core::{
    clock::Millis,
    jobs::{Job, JobData, JobFailure, Lifecycle, Phase},
    media::{self, Links},
    webhooks::Event,
};

/// The area's kind: schedule tag and `/media/photo_avatars/…` segment.
pub const KIND: &str = "photo_avatars";

/// Event types photo avatar jobs announce.
pub const EVENT_TYPES: [&str; 2] = [
    "photo_avatar_generation.success",
    "photo_avatar_generation.fail",
];

/// What the mock keeps about a photo avatar.
#[derive(Debug, Clone)]
pub struct PhotoAvatar {
    /// The name it was given.
    pub name: Box<str>,
    /// The caller's id, echoed in events.
    pub callback_id: Option<Box<str>>,
    /// Unsigned per-job webhook target.
    pub callback_url: Option<Box<str>>,
}

/// A photo avatar as any generation reports it.
#[derive(Debug)]
pub struct PhotoAvatarView<'a> {
    /// Its id.
    pub id: &'a str,
    /// Its name.
    pub name: &'a str,
    /// `pending`, `processing`, `completed` or `failed`.
    pub status: &'static str,
    /// The generated image, once completed.
    pub preview_url: Option<String>,
    /// Why it failed.
    pub failure: Option<&'a JobFailure>,
}

impl PhotoAvatar {
    /// The view of a photo avatar with this timeline at `links.now()`.
    pub fn view<'a>(
        id: &'a str,
        avatar: &'a PhotoAvatar,
        lifecycle: &'a Lifecycle,
        links: &Links<'_>,
    ) -> PhotoAvatarView<'a> {
        let phase = lifecycle.phase(links.now());
        PhotoAvatarView {
            id,
            name: &avatar.name,
            status: phase.as_str(),
            preview_url: (phase == Phase::Completed).then(|| links.job(KIND, id, "preview.jpg")),
            failure: phase.failure(),
        }
    }
}

#[derive(Serialize)]
#[serde(untagged)]
enum PhotoAvatarEventData<'a> {
    Success {
        photo_avatar_id: &'a str,
        url: String,
        callback_id: Option<&'a str>,
    },
    Fail {
        photo_avatar_id: &'a str,
        msg: String,
        callback_id: Option<&'a str>,
    },
}

impl JobData for PhotoAvatar {
    const KIND: &'static str = KIND;

    /// The tutorial's `phav_abcdef123456`, already completed.
    fn seed(now: Millis) -> Vec<(String, Job<Self>)> {
        let avatar = PhotoAvatar {
            name: "John Doe Avatar".into(),
            callback_id: None,
            callback_url: None,
        };
        let job = Job {
            lifecycle: Lifecycle::finished_before(now),
            data: avatar,
        };
        vec![("phav_abcdef123456".into(), job)]
    }

    fn finished(id: &str, job: &Job<Self>, links: &Links<'_>) -> Vec<Event> {
        let callback_id = job.data.callback_id.as_deref();
        let (event_type, data) = match job.lifecycle.phase(links.now()) {
            Phase::Completed => (
                "photo_avatar_generation.success",
                PhotoAvatarEventData::Success {
                    photo_avatar_id: id,
                    url: links.job(KIND, id, "preview.jpg"),
                    callback_id,
                },
            ),
            Phase::Failed(f) => (
                "photo_avatar_generation.fail",
                PhotoAvatarEventData::Fail {
                    photo_avatar_id: id,
                    msg: f.summary(),
                    callback_id,
                },
            ),
            Phase::Pending | Phase::Processing => return Vec::new(),
        };
        let callback_url = job.data.callback_url.as_deref().map(str::to_owned);
        serde_json::to_value(data)
            .map(|data| vec![Event::new(event_type, data, callback_url)])
            .unwrap_or_default()
    }

    fn file(_job: &Job<Self>, name: &str) -> Option<Response> {
        (name == "preview.jpg").then(|| media::serve(media::THUMBNAIL_JPG, "image/jpeg"))
    }
}
