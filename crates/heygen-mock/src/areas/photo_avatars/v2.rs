//! HeyGen's v2 photo avatar routes (all v2 envelopes): photo and look generations, groups and
//! their looks, training, motion, sound effects, upscaling, and reading or deleting a look.
//!
//! The request bodies are checked against the spec by [`ApiJson`]; this module adds the rules
//! the schema cannot say (ids that must exist, looks that must be processed, groups that must
//! be trained).

use std::sync::Arc;

use axum::{
    Router,
    extract::{Path, State},
    http::HeaderMap,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use heygen_api::types as wire;
use serde::Serialize;

use super::{
    ImageSource, PhotoAvatarsArea,
    generations::Generation,
    latest_training,
    looks::{Look, LookKind, LookView},
    trainings::Training,
};
use crate::core::{
    envelope::{Generation as Envelope, v1, v2},
    error::ApiError,
    extract::ApiJson,
    ids::new_id,
    inputs::check_url,
    jobs::{ForcedOutcome, Job, NewJob, Outcome, Phase, Started},
    layers,
    media::Links,
};

// Render-time weights, as seconds of output (the engine times a 30-second output at the
// configured job duration): photos take a while, a look's processing is quick, training is
// the longest step.
/// Weight of a photo or look generation.
const GENERATION_SECONDS: f64 = 30.0;
/// Weight of processing an added photo.
const LOOK_SECONDS: f64 = 6.0;
/// Weight of making a motion or upscaled look.
const MOTION_SECONDS: f64 = 30.0;
/// Weight of training a group.
const TRAINING_SECONDS: f64 = 60.0;

/// The v2 photo avatar routes.
pub fn routes(area: Arc<PhotoAvatarsArea>) -> Router {
    let routes = Router::new()
        .route("/v2/photo_avatar/photo/generate", post(generate_photos))
        .route(
            "/v2/photo_avatar/generation/{generation_id}",
            get(generation),
        )
        .route("/v2/photo_avatar/avatar_group/create", post(create_group))
        .route("/v2/photo_avatar/avatar_group/add", post(add_looks))
        .route("/v2/photo_avatar/train", post(train))
        .route("/v2/photo_avatar/train/status/{group_id}", get(training))
        .route("/v2/photo_avatar/look/generate", post(generate_looks))
        .route("/v2/photo_avatar/add_motion", post(add_motion))
        .route("/v2/photo_avatar/add_sound_effect", post(add_sound_effect))
        .route("/v2/photo_avatar/upscale", post(upscale))
        .route("/v2/photo_avatar/{id}", get(look).delete(remove));
    layers::authenticated(&area.core.clone(), Envelope::V2, routes).with_state(area)
}

#[derive(Serialize)]
struct GenerationId {
    generation_id: String,
}

#[derive(Serialize)]
struct LookId {
    id: String,
}

#[derive(Serialize)]
struct LookList {
    photo_avatar_list: Vec<LookView>,
}

#[derive(Serialize)]
struct SoundEffect {
    sound_effect_id: String,
}

impl PhotoAvatarsArea {
    fn start_generation(
        &self,
        data: Generation,
        forced: ForcedOutcome,
    ) -> Result<Response, ApiError> {
        let job = NewJob {
            id_prefix: "",
            estimated_seconds: GENERATION_SECONDS,
            outcome: Outcome::Completed,
        };
        let Started { id, .. } = self.core.start_job(&self.generations, job, forced, data)?;
        Ok(v2(GenerationId { generation_id: id }).into_response())
    }

    /// Starts a look job; its view as the creating request answers it (from what was just
    /// stored, not a second read: a concurrent reset may already have emptied the store).
    fn start_look(
        &self,
        look: Look,
        seconds: f64,
        forced: ForcedOutcome,
        links: &Links<'_>,
    ) -> Result<LookView, ApiError> {
        let job = NewJob {
            id_prefix: "",
            estimated_seconds: seconds,
            outcome: Outcome::Completed,
        };
        let started = self
            .core
            .start_job(&self.looks, job, forced, look.clone())?;
        let job = Job {
            lifecycle: started.lifecycle,
            data: look,
        };
        Ok(Look::view(&started.id, &job, links))
    }

    /// The name of group `group_id`, or 404.
    fn group_name(&self, group_id: &str) -> Result<Box<str>, ApiError> {
        self.looks
            .lock()
            .get(group_id)
            .filter(|job| job.data.group.is_none())
            .map(|job| job.data.name.clone())
            .ok_or_else(|| ApiError::not_found("photo avatar group", group_id))
    }

    /// A completed look (404 if there is none, 400 if it is not processed yet), copied out.
    fn completed_look(&self, id: &str, at: &str) -> Result<Look, ApiError> {
        let now = self.core.clock.now_ms();
        let looks = self.looks.lock();
        let job = looks
            .get(id)
            .ok_or_else(|| ApiError::not_found("photo avatar", id).with_param(at))?;
        match job.lifecycle.phase(now) {
            Phase::Completed => Ok(job.data.clone()),
            Phase::Failed(_) => {
                Err(ApiError::invalid(format!("{at}: photo avatar {id} failed")).with_param(at))
            }
            Phase::Pending | Phase::Processing => Err(ApiError::invalid(format!(
                "{at}: photo avatar {id} is still being processed; wait until its status is completed"
            ))
            .with_param(at)),
        }
    }

    /// 404 unless `generation_id` names a generation.
    fn known_generation(&self, generation_id: &str, at: &str) -> Result<(), ApiError> {
        match self.generations.lock().get(generation_id) {
            Some(_) => Ok(()),
            None => Err(ApiError::not_found("generation", generation_id).with_param(at)),
        }
    }
}

fn business_type(source: ImageSource) -> &'static str {
    match source {
        ImageSource::Generated => "generated",
        ImageSource::Uploaded => "user_upload",
    }
}

async fn generate_photos(
    State(area): State<Arc<PhotoAvatarsArea>>,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<wire::PhotoAvatarPhotoGenerateRequest>,
) -> Result<Response, ApiError> {
    if let Some(url) = &request.callback_url {
        check_url(url, "callback_url")?;
    }
    let data = Generation {
        group_id: None,
        callback_id: request.callback_id.map(Into::into),
        callback_url: request.callback_url.map(Into::into),
    };
    area.start_generation(data, forced)
}

async fn generation(
    State(area): State<Arc<PhotoAvatarsArea>>,
    headers: HeaderMap,
    Path(generation_id): Path<String>,
) -> Result<Response, ApiError> {
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let generations = area.generations.lock();
    let job = generations
        .get(&generation_id)
        .ok_or_else(|| ApiError::not_found("generation", &generation_id))?;
    Ok(v2(Generation::view(&generation_id, job, &links)).into_response())
}

async fn create_group(
    State(area): State<Arc<PhotoAvatarsArea>>,
    headers: HeaderMap,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<wire::PhotoAvatarGroupCreateRequest>,
) -> Result<Response, ApiError> {
    let source = area.image_key(&request.image_key, "image_key")?;
    if let Some(generation_id) = &request.generation_id {
        area.known_generation(generation_id, "generation_id")?;
    }
    let look = Look {
        group: None,
        name: request.name.to_string().into(),
        business_type: business_type(source),
        kind: LookKind::Photo,
        sound_effect: None,
    };
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let view = area.start_look(look, LOOK_SECONDS, forced, &links)?;
    tracing::info!(group = %view.id, "photo avatar group created");
    Ok(v2(view).into_response())
}

async fn add_looks(
    State(area): State<Arc<PhotoAvatarsArea>>,
    headers: HeaderMap,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<wire::PhotoAvatarGroupAddRequest>,
) -> Result<Response, ApiError> {
    let group_name = area.group_name(&request.group_id)?;
    if let Some(generation_id) = &request.generation_id {
        area.known_generation(generation_id, "generation_id")?;
    }
    // Every key is checked before any look is made, so a bad key adds none.
    let sources = request
        .image_keys
        .iter()
        .enumerate()
        .map(|(i, key)| area.image_key(key, &format!("image_keys[{i}]")))
        .collect::<Result<Vec<_>, _>>()?;
    let name: Box<str> = request.name.map_or(group_name, Into::into);
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let mut photo_avatar_list = Vec::with_capacity(sources.len());
    for source in sources {
        let look = Look {
            group: Some(request.group_id.as_str().into()),
            name: name.clone(),
            business_type: business_type(source),
            kind: LookKind::Photo,
            sound_effect: None,
        };
        photo_avatar_list.push(area.start_look(look, LOOK_SECONDS, forced.clone(), &links)?);
    }
    Ok(v2(LookList { photo_avatar_list }).into_response())
}

async fn train(
    State(area): State<Arc<PhotoAvatarsArea>>,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<wire::PhotoAvatarTrainRequest>,
) -> Result<Response, ApiError> {
    let group_id = request.group_id;
    area.group_name(&group_id)?;
    let now = area.core.clock.now_ms();
    if latest_training(&area.trainings.lock(), &group_id)
        .is_some_and(|job| !job.lifecycle.phase(now).is_terminal())
    {
        return Err(ApiError::invalid(format!(
            "group_id: group {group_id} is already being trained"
        ))
        .with_param("group_id"));
    }
    {
        let looks = area.looks.lock();
        let unready = looks
            .newest_first(None)
            .filter(|(_, id, job)| job.data.group(id) == group_id)
            .find(|(_, _, job)| job.lifecycle.phase(now) != Phase::Completed);
        if let Some((_, id, _)) = unready {
            return Err(ApiError::invalid(format!(
                "group_id: look {id} of group {group_id} is not processed; train once every look is completed"
            ))
            .with_param("group_id"));
        }
    }
    let job = NewJob {
        id_prefix: "",
        estimated_seconds: TRAINING_SECONDS,
        outcome: Outcome::Completed,
    };
    let data = Training {
        group_id: group_id.as_str().into(),
    };
    area.core.start_job(&area.trainings, job, forced, data)?;
    tracing::info!(group = %group_id, "photo avatar group training started");
    Ok(v2(None::<()>).into_response())
}

async fn training(
    State(area): State<Arc<PhotoAvatarsArea>>,
    Path(group_id): Path<String>,
) -> Result<Response, ApiError> {
    area.group_name(&group_id)?;
    let now = area.core.clock.now_ms();
    let trainings = area.trainings.lock();
    let job = latest_training(&trainings, &group_id).ok_or_else(|| {
        ApiError::invalid(format!(
            "group {group_id} has not been trained; start with POST /v2/photo_avatar/train"
        ))
    })?;
    Ok(v2(Training::view(job, now)).into_response())
}

async fn generate_looks(
    State(area): State<Arc<PhotoAvatarsArea>>,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<wire::PhotoAvatarLookGenerateRequest>,
) -> Result<Response, ApiError> {
    let group_id = request.group_id;
    area.group_name(&group_id)?;
    let now = area.core.clock.now_ms();
    let status =
        latest_training(&area.trainings.lock(), &group_id).map(|job| Training::status(job, now));
    if status != Some("ready") {
        return Err(ApiError::invalid(format!(
            "group_id: group {group_id} is not trained (training: {}); train it with \
             POST /v2/photo_avatar/train and wait until its status is ready",
            status.unwrap_or("never started")
        ))
        .with_param("group_id"));
    }
    let data = Generation {
        group_id: Some(group_id.as_str().into()),
        callback_id: None,
        callback_url: None,
    };
    area.start_generation(data, forced)
}

async fn add_motion(
    State(area): State<Arc<PhotoAvatarsArea>>,
    headers: HeaderMap,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<wire::PhotoAvatarAddMotionRequest>,
) -> Result<Response, ApiError> {
    let source = area.completed_look(&request.id, "id")?;
    if source.is_motion() {
        return Err(ApiError::invalid(format!(
            "id: photo avatar {} already has motion",
            request.id
        ))
        .with_param("id"));
    }
    let look = Look {
        group: Some(source.group(&request.id).into()),
        name: source.name,
        business_type: "generated",
        kind: LookKind::Motion,
        sound_effect: None,
    };
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let view = area.start_look(look, MOTION_SECONDS, forced, &links)?;
    Ok(v2(LookId { id: view.id }).into_response())
}

async fn add_sound_effect(
    State(area): State<Arc<PhotoAvatarsArea>>,
    ApiJson(request): ApiJson<wire::PhotoAvatarIdRequest>,
) -> Result<Response, ApiError> {
    let look = area.completed_look(&request.id, "id")?;
    if !look.is_motion() {
        return Err(ApiError::invalid(format!(
            "id: photo avatar {} has no motion; add motion first (POST /v2/photo_avatar/add_motion)",
            request.id
        ))
        .with_param("id"));
    }
    let sound_effect_id = new_id("");
    let mut looks = area.looks.lock();
    let look = looks
        .get_mut(&request.id)
        .ok_or_else(|| ApiError::not_found("photo avatar", &request.id))?;
    look.data.sound_effect = Some(sound_effect_id.as_str().into());
    Ok(v2(SoundEffect { sound_effect_id }).into_response())
}

async fn upscale(
    State(area): State<Arc<PhotoAvatarsArea>>,
    headers: HeaderMap,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<wire::PhotoAvatarIdRequest>,
) -> Result<Response, ApiError> {
    let source = area.completed_look(&request.id, "id")?;
    let refusal = match source.kind {
        LookKind::Photo => Some("only motion looks can be upscaled; add motion first"),
        LookKind::Upscaled => Some("it is already upscaled"),
        LookKind::Motion => None,
    };
    if let Some(why) = refusal {
        return Err(
            ApiError::invalid(format!("id: photo avatar {}: {why}", request.id)).with_param("id"),
        );
    }
    let look = Look {
        group: Some(source.group(&request.id).into()),
        name: source.name,
        business_type: source.business_type,
        kind: LookKind::Upscaled,
        sound_effect: source.sound_effect,
    };
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let view = area.start_look(look, MOTION_SECONDS, forced, &links)?;
    Ok(v2(LookId { id: view.id }).into_response())
}

async fn look(
    State(area): State<Arc<PhotoAvatarsArea>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let looks = area.looks.lock();
    let job = looks
        .get(&id)
        .ok_or_else(|| ApiError::not_found("photo avatar", &id))?;
    Ok(v2(Look::view(&id, job, &links)).into_response())
}

/// Deletes a look; a group's id deletes the group, every look in it and its trainings.
async fn remove(
    State(area): State<Arc<PhotoAvatarsArea>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let is_group = area
        .delete(&id)
        .ok_or_else(|| ApiError::not_found("photo avatar", &id))?;
    tracing::info!(photo_avatar = %id, group = is_group, "photo avatar deleted");
    Ok(v1(None::<()>).into_response())
}
