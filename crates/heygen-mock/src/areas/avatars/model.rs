//! The account's v3 avatars: each look made by `POST /v3/avatars` is a training job on the
//! shared engine; its group is a record here (a group outlives any one of its looks, and a
//! digital twin's group carries the consent its looks wait for).

use std::sync::Mutex;

use axum::response::Response;
use serde_json::json;

use crate::core::{
    Resettable,
    clock::Millis,
    jobs::{Job, JobData, JobFailure, Phase},
    media::{self, Links},
    sync::lock,
    webhooks::Event,
};

/// The kind: schedule tag and `/media/avatar_looks/…` segment.
pub const KIND: &str = "avatar_looks";

/// Event types finished trainings announce: HeyGen's names for photo avatar training, photo
/// generation and instant (digital twin) avatars.
pub const EVENT_TYPES: [&str; 6] = [
    "photo_avatar_train.success",
    "photo_avatar_train.fail",
    "photo_avatar_generation.success",
    "photo_avatar_generation.fail",
    "instant_avatar.success",
    "instant_avatar.fail",
];

/// The preview image's size (the JPEG every look serves).
pub const IMAGE_SIZE: (u32, u32) = (320, 180);

/// What a look was made from (`POST /v3/avatars`'s `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A photo of a person.
    Photo,
    /// Footage of a person.
    DigitalTwin,
    /// A text prompt.
    Prompt,
}

impl Source {
    /// The look's `avatar_type`: a prompt makes a photo avatar.
    pub fn avatar_type(self) -> &'static str {
        match self {
            Source::Photo | Source::Prompt => "photo_avatar",
            Source::DigitalTwin => "digital_twin",
        }
    }

    /// The `engine` values of `POST /v3/videos` it renders with.
    pub fn engines(self) -> &'static [&'static str] {
        match self {
            Source::Photo | Source::Prompt => &["avatar_iv"],
            Source::DigitalTwin => &["avatar_v", "avatar_iv", "avatar_iii"],
        }
    }

    /// Seconds of output the engine times its training as (a twin trains longest).
    pub fn weight(self) -> f64 {
        match self {
            Source::Photo => 30.0,
            Source::Prompt => 45.0,
            Source::DigitalTwin => 120.0,
        }
    }

    fn events(self) -> (&'static str, &'static str) {
        match self {
            Source::Photo => ("photo_avatar_train.success", "photo_avatar_train.fail"),
            Source::Prompt => (
                "photo_avatar_generation.success",
                "photo_avatar_generation.fail",
            ),
            Source::DigitalTwin => ("instant_avatar.success", "instant_avatar.fail"),
        }
    }
}

/// One look in training (then trained).
#[derive(Debug, Clone)]
pub struct TrainedLook {
    /// Its group.
    pub group_id: String,
    /// Its name; renamed by `PATCH`.
    pub name: String,
    /// What it was made from.
    pub source: Source,
}

/// Where a look stands, as v3 says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Training.
    Processing,
    /// Its group waits for consent.
    PendingConsent,
    /// Trained.
    Completed,
    /// Training failed.
    Failed,
}

impl Status {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Processing => "processing",
            Status::PendingConsent => "pending_consent",
            Status::Completed => "completed",
            Status::Failed => "failed",
        }
    }

    /// The status of a job in `phase` whose group does (or does not) wait for consent.
    pub fn of(phase: Phase<'_>, awaiting_consent: bool) -> Self {
        match phase {
            Phase::Failed(_) => Status::Failed,
            _ if awaiting_consent => Status::PendingConsent,
            Phase::Pending | Phase::Processing => Status::Processing,
            Phase::Completed => Status::Completed,
        }
    }
}

/// A look as v3 reports it (generation-neutral, owned so it outlives the lock).
#[derive(Debug, Clone)]
pub struct LookView {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// What it was made from.
    pub source: Source,
    /// Its group.
    pub group_id: String,
    /// Where it stands.
    pub status: Status,
    /// Why it failed.
    pub failure: Option<JobFailure>,
    /// The preview image, once trained.
    pub preview_image_url: Option<String>,
    /// The preview video (digital twins), once trained.
    pub preview_video_url: Option<String>,
    /// Creation time, milliseconds.
    pub created_ms: Millis,
}

impl TrainedLook {
    /// The view of a stored look at `links.now()`.
    pub fn view(id: &str, job: &Job<Self>, awaiting_consent: bool, links: &Links<'_>) -> LookView {
        let look = &job.data;
        let phase = job.lifecycle.phase(links.now());
        let status = Status::of(phase, awaiting_consent);
        let done = status == Status::Completed;
        LookView {
            id: id.to_owned(),
            name: look.name.clone(),
            source: look.source,
            group_id: look.group_id.clone(),
            status,
            failure: phase.failure().cloned(),
            preview_image_url: done.then(|| links.job(KIND, id, "preview.jpg")),
            preview_video_url: (done && look.source == Source::DigitalTwin)
                .then(|| links.job(KIND, id, "preview.mp4")),
            created_ms: job.lifecycle.created_ms,
        }
    }
}

impl JobData for TrainedLook {
    const KIND: &'static str = KIND;

    /// No example avatars: the stock catalogue stands for HeyGen's public ones.
    fn seed(_now: Millis) -> Vec<(String, Job<Self>)> {
        Vec::new()
    }

    /// The success or failure event of its kind of avatar (see [`EVENT_TYPES`]).
    fn finished(id: &str, job: &Job<Self>, links: &Links<'_>) -> Vec<Event> {
        let look = &job.data;
        let (success, fail) = look.source.events();
        let (event_type, data) = match job.lifecycle.phase(links.now()) {
            Phase::Completed => (
                success,
                json!({
                    "avatar_id": id,
                    "group_id": look.group_id,
                    "url": links.job(KIND, id, "preview.jpg"),
                }),
            ),
            Phase::Failed(failure) => (
                fail,
                json!({
                    "avatar_id": id,
                    "group_id": look.group_id,
                    "msg": failure.summary(),
                }),
            ),
            Phase::Pending | Phase::Processing => return Vec::new(),
        };
        vec![Event::new(event_type, data, None).about(id)]
    }

    fn file(job: &Job<Self>, name: &str) -> Option<Response> {
        match name {
            "preview.jpg" => Some(media::serve(media::THUMBNAIL_JPG, "image/jpeg")),
            "preview.mp4" if job.data.source == Source::DigitalTwin => {
                Some(media::serve(media::VIDEO_MP4, "video/mp4"))
            }
            _ => None,
        }
    }
}

/// A group's consent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Consent {
    /// Photo and prompt avatars need none.
    NotRequired,
    /// A digital twin's group, until approved; the consent page's token once the flow started.
    Pending {
        /// The consent page's one-time token.
        token: Option<String>,
        /// Where the page sends the person after approving.
        reroute_url: Option<String>,
    },
    /// Given.
    Approved,
}

impl Consent {
    /// `consent_status` on the wire.
    pub fn as_str(&self) -> Option<&'static str> {
        match self {
            Consent::NotRequired => None,
            Consent::Pending { .. } => Some("pending"),
            Consent::Approved => Some("approved"),
        }
    }

    /// Whether the group's looks wait for it.
    pub fn is_pending(&self) -> bool {
        matches!(self, Consent::Pending { .. })
    }
}

/// One of the account's v3 groups.
#[derive(Debug, Clone)]
pub struct Group {
    /// Its id.
    pub id: String,
    /// Its name (the first look's).
    pub name: String,
    /// Creation time, milliseconds.
    pub created_ms: Millis,
    /// Its consent.
    pub consent: Consent,
}

/// The account's v3 groups, oldest first; a reset forgets them.
#[derive(Debug, Default)]
pub struct Groups(Mutex<Vec<Group>>);

impl Groups {
    /// Adds a group.
    pub fn insert(&self, group: Group) {
        lock(&self.0).push(group);
    }

    /// A copy of a group.
    pub fn get(&self, id: &str) -> Option<Group> {
        lock(&self.0).iter().find(|g| g.id == id).cloned()
    }

    /// Every group, oldest first.
    pub fn all(&self) -> Vec<Group> {
        lock(&self.0).clone()
    }

    /// Changes a group's consent; `None` when there is no such group.
    pub fn set_consent(&self, id: &str, consent: Consent) -> Option<Group> {
        let mut groups = lock(&self.0);
        let group = groups.iter_mut().find(|g| g.id == id)?;
        group.consent = consent;
        Some(group.clone())
    }

    /// Approves the consent whose page carries `token`; the page's redirect target, if any.
    /// `None` when no pending consent has that token.
    pub fn approve(&self, token: &str) -> Option<Option<String>> {
        let mut groups = lock(&self.0);
        let group = groups.iter_mut().find(
            |g| matches!(&g.consent, Consent::Pending { token: Some(t), .. } if t == token),
        )?;
        let reroute = match &group.consent {
            Consent::Pending { reroute_url, .. } => reroute_url.clone(),
            _ => None,
        };
        group.consent = Consent::Approved;
        Some(reroute)
    }

    /// Removes a group; whether it was there.
    pub fn remove(&self, id: &str) -> bool {
        let mut groups = lock(&self.0);
        let before = groups.len();
        groups.retain(|g| g.id != id);
        groups.len() != before
    }
}

impl Resettable for Groups {
    fn reset(&self) {
        lock(&self.0).clear();
    }
}
