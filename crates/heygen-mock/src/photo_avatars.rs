//! Photo avatars: `POST /v1/photo_avatar.generate` and `GET /v1/photo_avatar.get`.

use axum::{
    Json, Router,
    extract::State,
    http::HeaderMap,
    response::Response,
    routing::{get, post},
};
use heygen_api::types as wire;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::{
    clock::Millis,
    error::{ApiError, V1, v1},
    extract::{ApiJson, ApiQuery},
    jobs::{self, ForcedOutcome, JobKind, JobSpec, JobStore, Lifecycle, Outcome, Phase},
    media::{self, MediaSigner},
    state::{AppState, lock},
    webhooks::Event,
};

/// The photo avatar routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/photo_avatar.generate", post(generate))
        .route("/v1/photo_avatar.get", get(get_one))
}

/// What the mock keeps about a photo avatar.
#[derive(Debug, Clone)]
pub struct PhotoAvatar {
    name: Box<str>,
    callback_id: Option<Box<str>>,
    callback_url: Option<Box<str>>,
}

/// All photo avatars by id.
pub type PhotoAvatarStore = JobStore<PhotoAvatar>;

impl JobStore<PhotoAvatar> {
    /// The tutorial's `phav_abcdef123456`, already completed.
    pub fn seed(&mut self, now: Millis) {
        let lifecycle = Lifecycle::finished_before(now);
        let avatar = PhotoAvatar {
            name: "John Doe Avatar".into(),
            callback_id: None,
            callback_url: None,
        };
        self.insert("phav_abcdef123456".into(), lifecycle, avatar);
    }

    /// The `data` of `/v1/photo_avatar.get`.
    pub fn status(&self, id: &str, now: Millis, base: &str, signer: &MediaSigner) -> Option<Value> {
        let job = self.get(id)?;
        let phase = job.lifecycle.phase(now);
        let error = phase.error_json();
        Some(json!({
            "photo_avatar_id": id,
            "name": job.data.name,
            "status": phase.as_str(),
            "preview_url": (phase == Phase::Completed)
                .then(|| signer.link(base, JobKind::PhotoAvatar, id, "preview.jpg", now)),
            "error": error,
        }))
    }

    /// The webhook event of a finished photo avatar.
    pub fn event(&self, id: &str, now: Millis, base: &str, signer: &MediaSigner) -> Vec<Event> {
        let Some(job) = self.get(id) else {
            return Vec::new();
        };
        let callback_id = job.data.callback_id.as_deref();
        let callback_url = job.data.callback_url.as_deref().map(str::to_owned);
        match job.lifecycle.phase(now) {
            Phase::Completed => vec![Event::new(
                "photo_avatar_generation.success",
                json!({
                    "photo_avatar_id": id,
                    "url": signer.link(base, JobKind::PhotoAvatar, id, "preview.jpg", now),
                    "callback_id": callback_id,
                }),
                callback_url,
            )],
            Phase::Failed(f) => vec![Event::new(
                "photo_avatar_generation.fail",
                json!({"photo_avatar_id": id, "msg": f.summary(), "callback_id": callback_id}),
                callback_url,
            )],
            Phase::Pending | Phase::Processing => Vec::new(),
        }
    }

    /// A finished photo avatar's preview image.
    pub fn media(&self, id: &str, file: &str, now: Millis) -> Option<Response> {
        let done = self.is_completed(id, now)?;
        (done && file == "preview.jpg").then(|| media::serve(media::THUMBNAIL_JPG, "image/jpeg"))
    }
}

async fn generate(
    State(state): State<AppState>,
    headers: HeaderMap,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<wire::PhotoAvatarGenerateRequest>,
) -> Result<Json<V1<Value>>, ApiError> {
    let spec = JobSpec {
        kind: JobKind::PhotoAvatar,
        id_prefix: "phav_",
        estimated_seconds: 30.0,
        outcome: Outcome::Completed,
    };
    let avatar = PhotoAvatar {
        name: request.name.to_string().into(),
        callback_id: request.callback_id.map(Into::into),
        callback_url: request.callback_url.map(Into::into),
    };
    let id = jobs::start(&state, &state.photo_avatars, spec, forced, avatar)?;
    let base = state.base_url(&headers);
    let data = lock(&state.photo_avatars)
        .status(&id, state.clock.now_ms(), &base, &state.media)
        .ok_or_else(|| {
            ApiError::internal("the photo avatar vanished (reset while it was created)")
        })?;
    Ok(v1(data))
}

#[derive(Deserialize)]
struct GetQuery {
    photo_avatar_id: String,
}

async fn get_one(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<GetQuery>,
) -> Result<Json<V1<Value>>, ApiError> {
    let base = state.base_url(&headers);
    let data = lock(&state.photo_avatars)
        .status(
            &query.photo_avatar_id,
            state.clock.now_ms(),
            &base,
            &state.media,
        )
        .ok_or_else(|| ApiError::not_found("photo avatar", &query.photo_avatar_id))?;
    Ok(v1(data))
}
