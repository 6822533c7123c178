//! Photo generations (`/v2/photo_avatar/photo/generate`, `/v2/photo_avatar/look/generate`):
//! jobs that make four photos, each named by an image key that group calls take.

use axum::response::Response;
use serde::Serialize;

use crate::core::{
    clock::Millis,
    jobs::{Job, JobData, Phase},
    media::{self, Links},
    webhooks::Event,
};

/// The kind: schedule tag and `/media/photo_avatar_generations/…` segment.
pub const KIND: &str = "photo_avatar_generations";

/// Photos one generation makes (HeyGen's examples show four).
pub const PHOTOS: usize = 4;

/// Event types generations announce (the tutorial's photo avatars announce the same ones).
pub const EVENT_TYPES: [&str; 2] = [
    "photo_avatar_generation.success",
    "photo_avatar_generation.fail",
];

/// What the mock keeps about a generation.
#[derive(Debug, Clone)]
pub struct Generation {
    /// The trained group a look generation is for; `None` for a photo generation.
    pub group_id: Option<Box<str>>,
    /// The caller's id, echoed in events.
    pub callback_id: Option<Box<str>>,
    /// Unsigned per-job webhook target.
    pub callback_url: Option<Box<str>>,
}

/// A generation as `GET /v2/photo_avatar/generation/{id}` shows it (the v2 routes are the only
/// ones that serve generations, so the view is their wire shape).
#[derive(Debug, Serialize)]
pub struct GenerationView {
    /// Its id.
    pub id: String,
    /// `in_progress`, `success` or `failed`.
    pub status: &'static str,
    /// Why it failed.
    pub msg: Option<String>,
    /// The photos, once made.
    pub image_url_list: Option<Vec<String>>,
    /// Their keys, once made.
    pub image_key_list: Option<Vec<String>>,
}

/// The key of a generation's `n`th photo: `image/{generation_id}_{n}/original`, shaped like
/// HeyGen's keys so that the same parsing serves uploads and generated photos.
pub fn image_key(generation_id: &str, n: usize) -> String {
    format!("image/{generation_id}_{n}/original")
}

/// The generation id and photo index in the id part of a generated photo's key.
pub fn parse_photo(key_id: &str) -> Option<(&str, usize)> {
    let (id, n) = key_id.rsplit_once('_')?;
    let n: usize = n.parse().ok()?;
    (n < PHOTOS).then_some((id, n))
}

fn photo_file(n: usize) -> String {
    format!("photo-{n}.jpg")
}

impl Generation {
    /// The view of a generation at `links.now()`.
    pub fn view(id: &str, job: &Job<Self>, links: &Links<'_>) -> GenerationView {
        let phase = job.lifecycle.phase(links.now());
        let done = phase == Phase::Completed;
        GenerationView {
            id: id.to_owned(),
            status: match phase {
                Phase::Pending | Phase::Processing => "in_progress",
                Phase::Completed => "success",
                Phase::Failed(_) => "failed",
            },
            msg: phase.failure().map(|f| f.summary()),
            image_url_list: done.then(|| photo_urls(id, links)),
            image_key_list: done.then(|| (0..PHOTOS).map(|n| image_key(id, n)).collect()),
        }
    }
}

fn photo_urls(id: &str, links: &Links<'_>) -> Vec<String> {
    (0..PHOTOS)
        .map(|n| links.job(KIND, id, &photo_file(n)))
        .collect()
}

/// The event data: the tutorial's photo avatar fields (`photo_avatar_id`, `url`, which the
/// client's event type requires; here the generation id and first photo) plus the v2 ones
/// (`group_id` for a look generation).
#[derive(Serialize)]
#[serde(untagged)]
enum GenerationEventData<'a> {
    Success {
        photo_avatar_id: &'a str,
        generation_id: &'a str,
        url: Option<String>,
        image_url_list: Vec<String>,
        group_id: Option<&'a str>,
        callback_id: Option<&'a str>,
    },
    Fail {
        photo_avatar_id: &'a str,
        generation_id: &'a str,
        msg: String,
        group_id: Option<&'a str>,
        callback_id: Option<&'a str>,
    },
}

impl JobData for Generation {
    const KIND: &'static str = KIND;

    fn seed(_now: Millis) -> Vec<(String, Job<Self>)> {
        Vec::new()
    }

    fn finished(id: &str, job: &Job<Self>, links: &Links<'_>) -> Vec<Event> {
        let callback_id = job.data.callback_id.as_deref();
        let group_id = job.data.group_id.as_deref();
        let (event_type, data) = match job.lifecycle.phase(links.now()) {
            Phase::Completed => {
                let image_url_list = photo_urls(id, links);
                (
                    "photo_avatar_generation.success",
                    GenerationEventData::Success {
                        photo_avatar_id: id,
                        generation_id: id,
                        url: image_url_list.first().cloned(),
                        image_url_list,
                        group_id,
                        callback_id,
                    },
                )
            }
            Phase::Failed(f) => (
                "photo_avatar_generation.fail",
                GenerationEventData::Fail {
                    photo_avatar_id: id,
                    generation_id: id,
                    msg: f.summary(),
                    group_id,
                    callback_id,
                },
            ),
            Phase::Pending | Phase::Processing => return Vec::new(),
        };
        let callback_url = job.data.callback_url.as_deref().map(str::to_owned);
        serde_json::to_value(data)
            .map(|data| vec![Event::new(event_type, data, callback_url).about(id)])
            .unwrap_or_default()
    }

    fn file(_job: &Job<Self>, name: &str) -> Option<Response> {
        (0..PHOTOS)
            .any(|n| photo_file(n) == name)
            .then(|| media::serve(media::THUMBNAIL_JPG, "image/jpeg"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photo_keys_round_trip() {
        let key = image_key("abc123", 2);
        assert_eq!(key, "image/abc123_2/original");
        assert_eq!(parse_photo("abc123_2"), Some(("abc123", 2)));
        assert_eq!(parse_photo("abc123_4"), None);
        assert_eq!(parse_photo("abc123"), None);
    }
}
