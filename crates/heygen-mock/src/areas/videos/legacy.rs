//! The legacy video routes: the tutorial's `POST /v2/video/generate` (v2) and
//! `GET /v1/video_status.get` (v1), and those real integrations call: `GET /v1/video.list`,
//! `DELETE /v1/video.delete`, `POST /v1/video.webm` (v1) and `POST /v2/video/av4/generate` (v2).
//!
//! The request body is checked against the spec by [`ApiJson`]; this module adds the rules the
//! schema cannot express (ids that must exist, styles an avatar supports, script length).

use std::sync::Arc;

use axum::{
    Json, Router,
    extract::State,
    http::HeaderMap,
    response::{IntoResponse, Response},
    routing::{delete, get, post},
};
use heygen_api::types::{self as wire, Background, Character, VoiceSetting};
use serde::{Deserialize, Serialize};

use super::{
    VideosArea,
    model::{NewVideo, Video, VideoView},
    speech_seconds,
};
use crate::core::{
    envelope::{Generation, V1, V2, v1, v2},
    error::ApiError,
    extract::{ApiJson, ApiQuery},
    inputs::check_url,
    jobs::{ForcedOutcome, JobFailure},
    layers,
    pagination::{Page, PageQuery},
};

/// Longest `input_text` per scene.
pub const MAX_SCRIPT_CHARS: usize = 5000;
/// Assumed length of an audio file the mock cannot fetch.
const AUDIO_SECONDS: f64 = 10.0;

/// The legacy video routes.
pub fn routes(area: Arc<VideosArea>) -> Router {
    let core = area.core.clone();
    let v2_routes = Router::new()
        .route("/v2/video/generate", post(generate))
        .route("/v2/video/av4/generate", post(generate_avatar_iv));
    let v1_routes = Router::new()
        .route("/v1/video_status.get", get(status))
        .route("/v1/video.list", get(list))
        .route("/v1/video.delete", delete(remove))
        .route("/v1/video.webm", post(generate_webm));
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
            // HeyGen renders uploaded talking photos and photo avatar looks through this
            // character too.
            let id = &c.talking_photo_id;
            if catalogue.talking_photo(id).is_none() && !area.assets.is_talking_photo(id) {
                match area.photo_avatars.is_completed(id) {
                    None => return Err(ApiError::not_found("talking photo", id)),
                    Some(false) => {
                        return Err(ApiError::invalid(format!(
                            "{}: photo avatar {id} is not completed yet",
                            at("character.talking_photo_id"),
                        )));
                    }
                    Some(true) => {}
                }
            }
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
            speech_seconds(&v.input_text, v.speed.unwrap_or(1.0))
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
        VoiceSetting::SilenceVoice(v) => v.duration.unwrap_or(1.0),
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
    let script = request.caption.unwrap_or(false).then(|| {
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
        follower: None,
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

#[derive(Deserialize)]
struct ListQuery {
    limit: Option<u32>,
    token: Option<String>,
    folder_id: Option<String>,
}

#[derive(Serialize)]
struct ListedVideo<'a> {
    video_id: &'a str,
    status: &'static str,
    created_at: u64,
    #[serde(rename = "type")]
    kind: &'static str,
    video_title: Option<&'a str>,
}

#[derive(Serialize)]
struct VideoList<'a> {
    token: Option<String>,
    videos: Vec<ListedVideo<'a>>,
}

/// Every video of the job table, whichever generation made it, newest first.
async fn list(
    State(area): State<Arc<VideosArea>>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Response, ApiError> {
    // HeyGen takes 0 to 100; 0 asks for the default page size.
    let page = PageQuery {
        limit: query.limit.filter(|l| *l > 0),
        token: query.token,
    }
    .request(100, 100)?;
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let videos = area.jobs.lock();
    let listed = videos
        .newest_first(page.after)
        // No video of the mock is in a folder.
        .filter(|_| query.folder_id.is_none())
        .map(|(seq, id, job)| {
            let view = Video::view(id, job, &links);
            let listed = ListedVideo {
                video_id: id,
                status: view.status,
                created_at: view.created_s,
                kind: "GENERATED",
                video_title: job.data.title(),
            };
            (seq, listed)
        });
    let page = Page::of(listed, page.limit);
    // Serialized while the store is locked: the answer borrows from the jobs.
    Ok(v1(VideoList {
        token: page.next_token,
        videos: page.data,
    })
    .into_response())
}

#[derive(Deserialize)]
struct DeleteQuery {
    video_id: String,
    #[serde(rename = "type", default)]
    kind: Option<String>,
}

/// The v1 success envelope with `data: null`.
#[derive(Serialize)]
struct Empty {}

async fn remove(
    State(area): State<Arc<VideosArea>>,
    ApiQuery(query): ApiQuery<DeleteQuery>,
) -> Result<Json<V1<Option<Empty>>>, ApiError> {
    match query.kind.as_deref() {
        None | Some("heygen_video") => {}
        Some("video_translate") => {
            return Err(ApiError::invalid(
                "type: video_translate ids are deleted through DELETE /v3/video-translations/{id}",
            ));
        }
        Some(other) => {
            return Err(ApiError::invalid(format!(
                "type must be heygen_video or video_translate, not {other:?}"
            )));
        }
    }
    area.jobs
        .lock()
        .remove(&query.video_id)
        .ok_or_else(|| ApiError::not_found("video", &query.video_id))?;
    Ok(v1(None))
}

impl VideosArea {
    /// 404 unless `voice_id` is in the catalogue.
    fn known_voice(&self, voice_id: &str, at: &str) -> Result<(), ApiError> {
        match self.catalogue.voice(voice_id) {
            Some(_) => Ok(()),
            None => Err(ApiError::not_found("voice", voice_id).with_param(at)),
        }
    }

    /// An audio input: an http(s) URL, or an uploaded audio asset.
    fn audio_input(&self, value: &str, at: &str) -> Result<(), ApiError> {
        if value.starts_with("http://") || value.starts_with("https://") {
            return check_url(value, at);
        }
        self.assets.check_id(value, at, &["audio"]).map(drop)
    }
}

async fn generate_webm(
    State(area): State<Arc<VideosArea>>,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<wire::WebmVideoRequest>,
) -> Result<Json<V1<VideoId>>, ApiError> {
    let avatar = area
        .catalogue
        .avatar(&request.avatar_pose_id)
        .ok_or_else(|| ApiError::not_found("avatar", &request.avatar_pose_id))?;
    if let Some(style) = request.avatar_style {
        let style = style.to_string();
        // `voiceOnly` renders no avatar at all, so any avatar has it.
        if style != "voiceOnly" && !avatar.avatar_styles.contains(&style) {
            return Err(ApiError::invalid(format!(
                "avatar_style: avatar {} does not support style {style}",
                avatar.avatar_id
            )));
        }
    }
    let seconds = match (&request.input_text, &request.input_audio) {
        (Some(text), _) => {
            let voice_id = request.voice_id.as_deref().ok_or_else(|| {
                ApiError::invalid("voice_id: required with input_text").with_param("voice_id")
            })?;
            area.known_voice(voice_id, "voice_id")?;
            speech_seconds(text, 1.0)
        }
        (None, Some(audio)) => {
            area.audio_input(audio, "input_audio")?;
            AUDIO_SECONDS
        }
        (None, None) => return Err(ApiError::invalid("give input_text or input_audio")),
    };
    let new = NewVideo {
        estimated_seconds: seconds,
        transparent: true,
        include_gif: false,
        caption_script: None,
        burn_in: false,
        title: None,
        callback_id: None,
        callback_url: None,
        follower: None,
    };
    let video_id = area.start(new, forced)?;
    Ok(v1(VideoId { video_id }))
}

async fn generate_avatar_iv(
    State(area): State<Arc<VideosArea>>,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<wire::AvatarIvVideoRequest>,
) -> Result<Json<V2<VideoId>>, ApiError> {
    // A generated photo's key or an uploaded image's, resolved as the photo avatar routes do.
    area.photo_avatars
        .image_key(&request.image_key, "image_key")?;
    area.known_voice(&request.voice_id, "voice_id")?;
    let seconds = match (&request.script, &request.audio_url, &request.audio_asset_id) {
        (Some(script), _, _) => speech_seconds(script, 1.0),
        (None, Some(url), _) => {
            check_url(url, "audio_url")?;
            AUDIO_SECONDS
        }
        (None, None, Some(asset)) => {
            area.assets.check_id(asset, "audio_asset_id", &["audio"])?;
            AUDIO_SECONDS
        }
        (None, None, None) => {
            return Err(ApiError::invalid(
                "give script, audio_url or audio_asset_id",
            ));
        }
    };
    let new = NewVideo {
        estimated_seconds: seconds,
        transparent: false,
        include_gif: false,
        caption_script: None,
        burn_in: false,
        title: Some(request.video_title),
        callback_id: None,
        callback_url: None,
        follower: None,
    };
    let video_id = area.start(new, forced)?;
    Ok(v2(VideoId { video_id }))
}
