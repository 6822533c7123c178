//! Photo avatar looks: the photos of a group (and their motion and upscaled versions), each a
//! job that is `pending` until processed. A group is its first look: its id is the group id.

use axum::response::Response;
use serde::Serialize;

use crate::core::{
    clock::Millis,
    jobs::{Job, JobData, Phase},
    media::{self, Links},
    webhooks::Event,
};

/// The kind: schedule tag and `/media/photo_avatar_looks/…` segment.
pub const KIND: &str = "photo_avatar_looks";

/// Event types motion looks announce.
pub const EVENT_TYPES: [&str; 2] = [
    "photo_avatar_add_motion.success",
    "photo_avatar_add_motion.fail",
];

/// What a look was made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LookKind {
    /// An uploaded or generated photo.
    Photo,
    /// `/v2/photo_avatar/add_motion` of another look.
    Motion,
    /// `/v2/photo_avatar/upscale` of a motion look.
    Upscaled,
}

/// What the mock keeps about a look.
#[derive(Debug, Clone)]
pub struct Look {
    /// The group; `None` for a group's first look, whose own id is the group id.
    pub group: Option<Box<str>>,
    /// Its name (a group's first look carries the group's name).
    pub name: Box<str>,
    /// `user_upload` for an uploaded photo, `generated` otherwise.
    pub business_type: &'static str,
    /// What it was made from.
    pub kind: LookKind,
    /// The id of its background sound effect, once one was added.
    pub sound_effect: Option<Box<str>>,
}

impl Look {
    /// The group this look (stored as `id`) belongs to.
    pub fn group<'a>(&'a self, id: &'a str) -> &'a str {
        self.group.as_deref().unwrap_or(id)
    }

    /// Whether it moves (motion looks and their upscaled versions).
    pub fn is_motion(&self) -> bool {
        self.kind != LookKind::Photo
    }
}

/// `upscale_availability`: whether `/v2/photo_avatar/upscale` would take the look, and why not.
#[derive(Debug, Serialize)]
pub struct UpscaleAvailability {
    /// It would.
    pub available: bool,
    /// Why not.
    pub reason: Option<&'static str>,
}

/// A look as HeyGen's v2 routes show it: `/v2/photo_avatar/*` and
/// `/v2/avatar_group/{group_id}/avatars` (the spec's `AvatarLook`), so the view is the wire
/// shape. `avatar_id`/`avatar_name` repeat `id`/`name` because clients read both.
#[derive(Debug, Serialize)]
pub struct LookView {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// `id` again.
    pub avatar_id: String,
    /// `name` again.
    pub avatar_name: String,
    /// The photo (JPEG, presigned); empty until completed, as HeyGen shows it.
    pub image_url: String,
    /// Unix seconds with a fraction.
    pub created_at: f64,
    /// `pending`, `completed` or `failed`.
    pub status: &'static str,
    /// Its group.
    pub group_id: String,
    /// Whether it moves.
    pub is_motion: bool,
    /// The motion preview (MP4), once a motion look is completed.
    pub motion_preview_url: Option<String>,
    /// `user_upload` or `generated`.
    pub business_type: Option<&'static str>,
    /// Whether it can be upscaled.
    pub upscale_availability: UpscaleAvailability,
    /// Whether it is an upscaled look.
    pub upscaled: bool,
    /// The background sound (MP3), once added.
    pub background_sound_effect: Option<String>,
    /// Photo avatars have no default voice.
    pub default_voice_id: Option<String>,
}

const IMAGE: &str = "image.jpg";
const MOTION: &str = "motion.mp4";
const SOUND: &str = "sound.mp3";

impl Look {
    /// The view of a look stored as `id` at `links.now()`.
    pub fn view(id: &str, job: &Job<Self>, links: &Links<'_>) -> LookView {
        let look = &job.data;
        let phase = job.lifecycle.phase(links.now());
        let done = phase == Phase::Completed;
        let reason = match phase {
            // HeyGen's own wording for a look still being processed.
            Phase::Pending | Phase::Processing => Some("Photo avatar look upload not completed"),
            Phase::Failed(_) => Some("Photo avatar look failed"),
            Phase::Completed if !look.is_motion() => Some("Only motion looks can be upscaled"),
            Phase::Completed if look.kind == LookKind::Upscaled => Some("Already upscaled"),
            Phase::Completed => None,
        };
        LookView {
            id: id.to_owned(),
            name: look.name.to_string(),
            avatar_id: id.to_owned(),
            avatar_name: look.name.to_string(),
            image_url: if done {
                links.job(KIND, id, IMAGE)
            } else {
                String::new()
            },
            created_at: job.lifecycle.created_ms as f64 / 1000.0,
            status: match phase {
                Phase::Pending | Phase::Processing => "pending",
                Phase::Completed => "completed",
                Phase::Failed(_) => "failed",
            },
            group_id: look.group(id).to_owned(),
            is_motion: look.is_motion(),
            motion_preview_url: (done && look.is_motion()).then(|| links.job(KIND, id, MOTION)),
            business_type: Some(look.business_type),
            upscale_availability: UpscaleAvailability {
                available: reason.is_none(),
                reason,
            },
            upscaled: look.kind == LookKind::Upscaled,
            background_sound_effect: (done && look.sound_effect.is_some())
                .then(|| links.job(KIND, id, SOUND)),
            default_voice_id: None,
        }
    }
}

#[derive(Serialize)]
#[serde(untagged)]
enum MotionEventData<'a> {
    Success {
        id: &'a str,
        group_id: &'a str,
        motion_preview_url: String,
    },
    Fail {
        id: &'a str,
        group_id: &'a str,
        msg: String,
    },
}

impl JobData for Look {
    const KIND: &'static str = KIND;

    fn seed(_now: Millis) -> Vec<(String, Job<Self>)> {
        Vec::new()
    }

    /// Only `add_motion` announces its look (HeyGen has no event for uploads or upscales).
    fn finished(id: &str, job: &Job<Self>, links: &Links<'_>) -> Vec<Event> {
        if job.data.kind != LookKind::Motion {
            return Vec::new();
        }
        let group_id = job.data.group(id);
        let (event_type, data) = match job.lifecycle.phase(links.now()) {
            Phase::Completed => (
                "photo_avatar_add_motion.success",
                MotionEventData::Success {
                    id,
                    group_id,
                    motion_preview_url: links.job(KIND, id, MOTION),
                },
            ),
            Phase::Failed(f) => (
                "photo_avatar_add_motion.fail",
                MotionEventData::Fail {
                    id,
                    group_id,
                    msg: f.summary(),
                },
            ),
            Phase::Pending | Phase::Processing => return Vec::new(),
        };
        serde_json::to_value(data)
            .map(|data| vec![Event::new(event_type, data, None).about(id)])
            .unwrap_or_default()
    }

    fn file(job: &Job<Self>, name: &str) -> Option<Response> {
        match name {
            IMAGE => Some(media::serve(media::THUMBNAIL_JPG, "image/jpeg")),
            MOTION if job.data.is_motion() => Some(media::serve(media::VIDEO_MP4, "video/mp4")),
            SOUND if job.data.sound_effect.is_some() => {
                Some(media::serve(media::VOICE_MP3, "audio/mpeg"))
            }
            _ => None,
        }
    }
}
