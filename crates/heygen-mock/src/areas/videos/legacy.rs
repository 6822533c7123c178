//! The tutorial's video routes: `POST /v2/video/generate` (v2) and
//! `GET /v1/video_status.get` (v1).
//!
//! The request body is checked against the spec by [`ApiJson`]; this module adds the rules the
//! schema cannot express (ids that must exist, styles an avatar supports, script length).

use std::sync::Arc;

use axum::{
    Json, Router,
    extract::State,
    http::HeaderMap,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use heygen_api::types::{self as wire, Background, Character, VoiceSetting};
use serde::{Deserialize, Serialize};

use super::{
    VideosArea,
    captions::speech_seconds,
    model::{NewVideo, Video, VideoView},
};
use crate::core::{
    envelope::{Generation, V2, v1, v2},
    error::ApiError,
    extract::{ApiJson, ApiQuery},
    jobs::{ForcedOutcome, JobFailure},
    layers,
};

/// Longest `input_text` per scene.
pub const MAX_SCRIPT_CHARS: usize = 5000;
/// Assumed length of an audio file the mock cannot fetch.
const AUDIO_SECONDS: f64 = 10.0;

/// The legacy video routes.
pub fn routes(area: Arc<VideosArea>) -> Router {
    let core = area.core.clone();
    let v2_routes = Router::new().route("/v2/video/generate", post(generate));
    let v1_routes = Router::new().route("/v1/video_status.get", get(status));
    Router::new()
        .merge(layers::authenticated(&core, Generation::V2, v2_routes))
        .merge(layers::authenticated(&core, Generation::V1, v1_routes))
        .with_state(area)
}

/// `{video_id}`: the answer to a create call.
#[derive(Debug, Serialize)]
pub struct VideoId {
    /// The new video's id.
    pub video_id: String,
}

/// The `data` of a video status answer; absent values are `null`, as the tutorial shows.
#[derive(Debug, Serialize)]
struct StatusData<'a> {
    id: &'a str,
    status: &'static str,
    thumbnail_url: Option<String>,
    video_url: Option<String>,
    caption_url: Option<String>,
    gif_url: Option<String>,
    error: Option<&'a JobFailure>,
    duration: Option<f64>,
    callback_id: Option<&'a str>,
    video_url_caption: Option<String>,
    created_at: u64,
}

impl<'a> From<VideoView<'a>> for StatusData<'a> {
    fn from(v: VideoView<'a>) -> Self {
        Self {
            id: v.id,
            status: v.status,
            thumbnail_url: v.thumbnail_url,
            video_url: v.video_url,
            caption_url: v.caption_url,
            gif_url: v.gif_url,
            error: v.failure,
            duration: v.duration,
            callback_id: v.callback_id,
            video_url_caption: v.video_url_caption,
            created_at: v.created_s,
        }
    }
}

/// Checks one scene's ids and the rules the schema cannot say; returns its estimated length.
fn check_scene(area: &VideosArea, index: usize, scene: &wire::VideoInput) -> Result<f64, ApiError> {
    let at = |field: &str| format!("video_inputs[{index}].{field}");
    let catalogue = &area.catalogue;
    match &scene.character {
        Some(Character::AvatarCharacter(c)) => {
            let avatar = catalogue
                .avatar(&c.avatar_id)
                .ok_or_else(|| ApiError::not_found("avatar", &c.avatar_id))?;
            if let Some(style) = &c.avatar_style {
                let style = style.to_string();
                if !avatar.avatar_styles.contains(&style) {
                    return Err(ApiError::invalid(format!(
                        "{}: avatar {} has no style {style:?} (it has {:?})",
                        at("character.avatar_style"),
                        c.avatar_id,
                        avatar.avatar_styles
                    )));
                }
            }
        }
        Some(Character::PhotoAvatarCharacter(c)) => {
            match area.photo_avatars.is_completed(&c.photo_avatar_id) {
                None => return Err(ApiError::not_found("photo avatar", &c.photo_avatar_id)),
                Some(false) => {
                    return Err(ApiError::invalid(format!(
                        "{}: photo avatar {} is not completed yet",
                        at("character.photo_avatar_id"),
                        c.photo_avatar_id
                    )));
                }
                Some(true) => {}
            }
        }
        Some(Character::TalkingPhotoCharacter(c)) => {
            catalogue
                .talking_photo(&c.talking_photo_id)
                .ok_or_else(|| ApiError::not_found("talking photo", &c.talking_photo_id))?;
        }
        None => {}
    }
    let seconds = match &scene.voice {
        VoiceSetting::TextVoice(v) => {
            let voice = catalogue
                .voice(&v.voice_id)
                .ok_or_else(|| ApiError::not_found("voice", &v.voice_id))?;
            let chars = v.input_text.chars().count();
            if v.input_text.trim().is_empty() || chars > MAX_SCRIPT_CHARS {
                return Err(ApiError::invalid(format!(
                    "{} must hold 1 to {MAX_SCRIPT_CHARS} characters, has {chars}",
                    at("voice.input_text")
                )));
            }
            if v.emotion.is_some() && !voice.emotion_support {
                return Err(ApiError::invalid(format!(
                    "{}: voice {} does not support emotions",
                    at("voice.emotion"),
                    v.voice_id
                )));
            }
            speech_seconds(&v.input_text, v.speed)
        }
        VoiceSetting::AudioVoice(v) => {
            if [&v.input_audio, &v.audio_url, &v.audio_asset_id]
                .iter()
                .all(|f| f.is_none())
            {
                return Err(ApiError::invalid(format!(
                    "{}: give input_audio, audio_url or audio_asset_id",
                    at("voice")
                )));
            }
            AUDIO_SECONDS
        }
        VoiceSetting::SilenceVoice(v) => v.duration,
    };
    match &scene.background {
        Some(Background::ImageBackground(b)) if b.url.is_none() && b.image_asset_id.is_none() => {
            Err(ApiError::invalid(format!(
                "{}: give url or image_asset_id",
                at("background")
            )))
        }
        Some(Background::VideoBackground(b)) if b.url.is_none() && b.video_asset_id.is_none() => {
            Err(ApiError::invalid(format!(
                "{}: give url or video_asset_id",
                at("background")
            )))
        }
        _ => Ok(seconds),
    }
}

async fn generate(
    State(area): State<Arc<VideosArea>>,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<wire::VideoGenerateRequest>,
) -> Result<Json<V2<VideoId>>, ApiError> {
    let mut seconds = 0.0;
    for (i, scene) in request.video_inputs.iter().enumerate() {
        seconds += check_scene(&area, i, scene)?;
    }
    let transparent = request
        .video_inputs
        .iter()
        .any(|s| matches!(s.background, Some(Background::TransparentBackground(_))));
    let script = request.caption.then(|| {
        request
            .video_inputs
            .iter()
            .filter_map(|s| match &s.voice {
                VoiceSetting::TextVoice(v) => Some(v.input_text.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join(" ")
    });
    let new = NewVideo {
        estimated_seconds: seconds,
        transparent,
        include_gif: false,
        caption_script: script,
        // The tutorial's captions come as a file and burnt into a second video.
        burn_in: true,
        title: None,
        callback_id: request.callback_id,
        callback_url: request.callback_url,
        batch: None,
    };
    let video_id = area.start(new, forced)?;
    Ok(v2(VideoId { video_id }))
}

#[derive(Deserialize)]
struct StatusQuery {
    video_id: String,
}

async fn status(
    State(area): State<Arc<VideosArea>>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<StatusQuery>,
) -> Result<Response, ApiError> {
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let videos = area.jobs.lock();
    let job = videos
        .get(&query.video_id)
        .ok_or_else(|| ApiError::not_found("video", &query.video_id))?;
    let view = Video::view(&query.video_id, job, &links);
    // Serialized while the store is locked: the answer borrows from the job.
    Ok(v1(StatusData::from(view)).into_response())
}
