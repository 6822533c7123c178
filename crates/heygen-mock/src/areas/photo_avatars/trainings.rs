//! Group trainings (`/v2/photo_avatar/train`): jobs that are `pending` until the group is
//! `ready` for look generation.

use axum::response::Response;
use serde::Serialize;

use crate::core::{
    clock::Millis,
    jobs::{Job, JobData, Phase},
    media::Links,
    webhooks::Event,
};

/// The kind: schedule tag (trainings serve no files).
pub const KIND: &str = "photo_avatar_trainings";

/// Event types trainings announce.
pub const EVENT_TYPES: [&str; 2] = ["photo_avatar_train.success", "photo_avatar_train.fail"];

/// What the mock keeps about a training.
#[derive(Debug, Clone)]
pub struct Training {
    /// The group trained.
    pub group_id: Box<str>,
}

/// A training as `GET /v2/photo_avatar/train/status/{group_id}` shows it (its only wire
/// shape).
#[derive(Debug, Serialize)]
pub struct TrainingView {
    /// `pending`, `ready` or `failed`.
    pub status: &'static str,
    /// Why it failed.
    pub error_msg: Option<String>,
    /// Unix seconds.
    pub created_at: u64,
    /// Unix seconds it finished at; `None` before.
    pub updated_at: Option<u64>,
}

impl Training {
    /// `pending`, `ready` or `failed` at `now`.
    pub fn status(job: &Job<Self>, now: Millis) -> &'static str {
        match job.lifecycle.phase(now) {
            Phase::Pending | Phase::Processing => "pending",
            Phase::Completed => "ready",
            Phase::Failed(_) => "failed",
        }
    }

    /// The view of a training at `now`.
    pub fn view(job: &Job<Self>, now: Millis) -> TrainingView {
        let phase = job.lifecycle.phase(now);
        TrainingView {
            status: Self::status(job, now),
            error_msg: phase.failure().map(|f| f.summary()),
            created_at: job.lifecycle.created_ms / 1000,
            updated_at: phase
                .is_terminal()
                .then_some(job.lifecycle.finished_ms / 1000),
        }
    }
}

#[derive(Serialize)]
#[serde(untagged)]
enum TrainEventData<'a> {
    Success { group_id: &'a str },
    Fail { group_id: &'a str, msg: String },
}

impl JobData for Training {
    const KIND: &'static str = KIND;

    fn seed(_now: Millis) -> Vec<(String, Job<Self>)> {
        Vec::new()
    }

    fn finished(_id: &str, job: &Job<Self>, links: &Links<'_>) -> Vec<Event> {
        let group_id = &*job.data.group_id;
        let (event_type, data) = match job.lifecycle.phase(links.now()) {
            Phase::Completed => (
                "photo_avatar_train.success",
                TrainEventData::Success { group_id },
            ),
            Phase::Failed(f) => (
                "photo_avatar_train.fail",
                TrainEventData::Fail {
                    group_id,
                    msg: f.summary(),
                },
            ),
            Phase::Pending | Phase::Processing => return Vec::new(),
        };
        serde_json::to_value(data)
            .map(|data| vec![Event::new(event_type, data, None).about(group_id)])
            .unwrap_or_default()
    }

    fn file(_job: &Job<Self>, _name: &str) -> Option<Response> {
        None
    }
}
