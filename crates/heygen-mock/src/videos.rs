//! Avatar videos: `POST /v2/video/generate` and `GET /v1/video_status.get`.
//!
//! The request body is checked against the spec by [`ApiJson`]; this module adds the rules the
//! schema cannot express (ids that must exist, styles an avatar supports, script length) and
//! owns the video jobs, which template generation creates too.

use axum::{
    Router,
    extract::State,
    http::HeaderMap,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use heygen_api::types::{self as wire, Background, Character, VoiceSetting};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::{
    clock::Millis,
    error::{ApiError, v1, v2},
    extract::{ApiJson, ApiQuery},
    jobs::{
        self, ForcedOutcome, JobFailure, JobKind, JobSpec, JobStore, Lifecycle, Outcome, Phase,
    },
    media::{self, MediaSigner},
    state::{AppState, lock},
    webhooks::Event,
};

/// Longest `input_text` per scene.
pub const MAX_SCRIPT_CHARS: usize = 5000;
/// Words spoken per second at speed 1.0 (150 words a minute).
const WORDS_PER_SECOND: f64 = 2.5;
/// Assumed length of an audio file the mock cannot fetch.
const AUDIO_SECONDS: f64 = 10.0;

/// The video routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v2/video/generate", post(generate))
        .route("/v1/video_status.get", get(status))
}

/// One video job. Kept small: a million of these must fit in well under a gigabyte.
#[derive(Debug, Clone)]
pub struct Video {
    duration_seconds: f64,
    transparent: bool,
    include_gif: bool,
    /// The script, kept only when captions were asked for.
    caption_script: Option<Box<str>>,
    callback_id: Option<Box<str>>,
    callback_url: Option<Box<str>>,
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
    /// Echoed in status and events.
    pub callback_id: Option<String>,
    /// Unsigned per-video webhook target.
    pub callback_url: Option<String>,
}

/// The `data` of a video status answer; absent values are `null`, as the tutorial shows.
#[derive(Debug, Serialize)]
pub struct StatusData<'a> {
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

/// All video jobs by id.
pub type VideoStore = JobStore<Video>;

impl From<NewVideo> for Video {
    fn from(new: NewVideo) -> Self {
        Self {
            duration_seconds: new.estimated_seconds,
            transparent: new.transparent,
            include_gif: new.include_gif,
            caption_script: new.caption_script.map(Into::into),
            callback_id: new.callback_id.map(Into::into),
            callback_url: new.callback_url.map(Into::into),
        }
    }
}

impl JobStore<Video> {
    /// The tutorial's example ids, already completed.
    pub fn seed(&mut self, now: Millis) {
        for id in ["abcdef123456", "mnopqr345678"] {
            let lifecycle = Lifecycle::finished_before(now);
            let new = NewVideo {
                estimated_seconds: 9.4,
                ..NewVideo::default()
            };
            self.insert(id.into(), lifecycle, new.into());
        }
    }

    /// The `data` of `/v1/video_status.get`.
    pub fn status<'a>(
        &'a self,
        id: &'a str,
        now: Millis,
        base: &str,
        signer: &MediaSigner,
    ) -> Option<StatusData<'a>> {
        let job = self.get(id)?;
        let (video, phase) = (&job.data, job.lifecycle.phase(now));
        let link = |file: &str| signer.link(base, JobKind::Video, id, file, now);
        let done = phase == Phase::Completed;
        let captioned = done && video.caption_script.is_some();
        Some(StatusData {
            id,
            status: phase.as_str(),
            thumbnail_url: done.then(|| link("thumbnail.jpg")),
            video_url: done.then(|| link(video.file_name())),
            caption_url: captioned.then(|| link("captions.ass")),
            gif_url: done.then(|| link("preview.gif")),
            error: match phase {
                Phase::Failed(f) => Some(f),
                _ => None,
            },
            duration: done.then(|| (video.duration_seconds * 1000.0).round() / 1000.0),
            callback_id: video.callback_id.as_deref(),
            video_url_caption: captioned.then(|| link("video_caption.mp4")),
            created_at: job.lifecycle.created_ms / 1000,
        })
    }

    /// The webhook events of a finished job: `avatar_video.*`, plus `avatar_video_gif.*` when a
    /// GIF was asked for and `avatar_video_caption.*` when captions were.
    pub fn event(&self, id: &str, now: Millis, base: &str, signer: &MediaSigner) -> Vec<Event> {
        let Some(job) = self.get(id) else {
            return Vec::new();
        };
        let video = &job.data;
        let callback_id = video.callback_id.as_deref();
        let callback_url = video.callback_url.as_deref().map(str::to_owned);
        let link = |file: &str| signer.link(base, JobKind::Video, id, file, now);
        let mut kinds = vec![("avatar_video", link(video.file_name()))];
        if video.include_gif {
            kinds.push(("avatar_video_gif", link("preview.gif")));
        }
        if video.caption_script.is_some() {
            kinds.push(("avatar_video_caption", link("video_caption.mp4")));
        }
        let data = |url: &str| match job.lifecycle.phase(now) {
            Phase::Completed => Some((
                "success",
                json!({"video_id": id, "url": url, "gif_download_url": link("preview.gif"), "callback_id": callback_id}),
            )),
            Phase::Failed(failure) => Some((
                "fail",
                json!({"video_id": id, "msg": failure.summary(), "callback_id": callback_id}),
            )),
            Phase::Pending | Phase::Processing => None,
        };
        kinds
            .iter()
            .filter_map(|(kind, url)| {
                let (outcome, event_data) = data(url)?;
                Some(Event::new(
                    &format!("{kind}.{outcome}"),
                    event_data,
                    callback_url.clone(),
                ))
            })
            .collect()
    }

    /// A finished job's file.
    pub fn media(&self, id: &str, file: &str, now: Millis) -> Option<Response> {
        let job = self.get(id)?;
        if job.lifecycle.phase(now) != Phase::Completed {
            return None;
        }
        let video = &job.data;
        match file {
            "video.mp4" if !video.transparent => Some(media::serve(media::VIDEO_MP4, "video/mp4")),
            "video.webm" if video.transparent => {
                Some(media::serve(media::VIDEO_WEBM, "video/webm"))
            }
            "thumbnail.jpg" => Some(media::serve(media::THUMBNAIL_JPG, "image/jpeg")),
            "preview.gif" => Some(media::serve(media::PREVIEW_GIF, "image/gif")),
            "video_caption.mp4" if video.caption_script.is_some() => {
                Some(media::serve(media::VIDEO_MP4, "video/mp4"))
            }
            "captions.ass" => video
                .caption_script
                .as_deref()
                .map(|script| media::serve_text(captions_ass(script), "text/x-ssa; charset=utf-8")),
            _ => None,
        }
    }
}

impl Video {
    fn file_name(&self) -> &'static str {
        if self.transparent {
            "video.webm"
        } else {
            "video.mp4"
        }
    }
}

/// Starts a video job; a video longer than the plan allows fails with 40119 when it finishes.
pub fn start(state: &AppState, new: NewVideo, forced: ForcedOutcome) -> Result<String, ApiError> {
    let limit = state.config.plan_limit_seconds;
    let spec = JobSpec {
        kind: JobKind::Video,
        id_prefix: "",
        estimated_seconds: new.estimated_seconds,
        outcome: if new.estimated_seconds > limit {
            Outcome::Failed(JobFailure::too_long(limit))
        } else {
            Outcome::Completed
        },
    };
    jobs::start(state, &state.videos, spec, forced, Video::from(new))
}

/// Seconds a text takes to speak at `speed`.
pub fn speech_seconds(text: &str, speed: f64) -> f64 {
    let words = text.split_whitespace().count() as f64;
    (words / (WORDS_PER_SECOND * speed.max(0.1))).max(1.0)
}

/// Checks one scene's ids and the rules the schema cannot say; returns its estimated length.
fn check_scene(state: &AppState, index: usize, scene: &wire::VideoInput) -> Result<f64, ApiError> {
    let at = |field: &str| format!("video_inputs[{index}].{field}");
    match &scene.character {
        Some(Character::AvatarCharacter(c)) => {
            let avatar = state
                .catalogue
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
            let ready =
                lock(&state.photo_avatars).is_completed(&c.photo_avatar_id, state.clock.now_ms());
            match ready {
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
            state
                .catalogue
                .talking_photo(&c.talking_photo_id)
                .ok_or_else(|| ApiError::not_found("talking photo", &c.talking_photo_id))?;
        }
        None => {}
    }
    let seconds = match &scene.voice {
        VoiceSetting::TextVoice(v) => {
            let voice = state
                .catalogue
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
    State(state): State<AppState>,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<wire::VideoGenerateRequest>,
) -> Result<axum::Json<Value>, ApiError> {
    let mut seconds = 0.0;
    for (i, scene) in request.video_inputs.iter().enumerate() {
        seconds += check_scene(&state, i, scene)?;
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
        callback_id: request.callback_id,
        callback_url: request.callback_url,
    };
    let id = start(&state, new, forced)?;
    Ok(v2(json!({"video_id": id})))
}

#[derive(Deserialize)]
struct StatusQuery {
    video_id: String,
}

async fn status(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<StatusQuery>,
) -> Result<Response, ApiError> {
    let base = state.base_url(&headers);
    let videos = lock(&state.videos);
    let data = videos
        .status(&query.video_id, state.clock.now_ms(), &base, &state.media)
        .ok_or_else(|| ApiError::not_found("video", &query.video_id))?;
    Ok(v1(data).into_response())
}

/// Captions in the Advanced SubStation Alpha format HeyGen's `caption_url` serves.
pub fn captions_ass(script: &str) -> String {
    let mut out = String::from(
        "[Script Info]\nScriptType: v4.00+\nPlayResX: 1280\nPlayResY: 720\n\n[V4+ Styles]\n\
         Format: Name, Fontname, Fontsize, PrimaryColour, Alignment\nStyle: Default,Arial,42,&H00FFFFFF,2\n\n\
         [Events]\nFormat: Layer, Start, End, Style, Text\n",
    );
    let mut t = 0.0;
    for sentence in script
        .split_inclusive(['.', '!', '?'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let end = t + speech_seconds(sentence, 1.0);
        out.push_str(&format!(
            "Dialogue: 0,{},{},Default,{sentence}\n",
            ass_time(t),
            ass_time(end)
        ));
        t = end;
    }
    out
}

fn ass_time(seconds: f64) -> String {
    let cs = (seconds * 100.0).round() as u64;
    format!(
        "{}:{:02}:{:02}.{:02}",
        cs / 360_000,
        cs / 6000 % 60,
        cs / 100 % 60,
        cs % 100
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_follow_the_script() {
        let ass = captions_ass("Hello there. This is a test!");
        assert!(
            ass.contains("Dialogue: 0,0:00:00.00,0:00:01.00,Default,Hello there."),
            "{ass}"
        );
        assert!(ass.contains("This is a test!"));
    }

    #[test]
    fn speech_time_depends_on_words_and_speed() {
        let text = "one two three four five six seven eight nine ten";
        assert_eq!(speech_seconds(text, 1.0), 4.0);
        assert!(speech_seconds(text, 1.5) < 4.0);
    }
}
