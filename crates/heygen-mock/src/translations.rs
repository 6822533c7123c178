//! Video translation: `POST /v1/video_translate` and `GET /v1/video_translate_status.get`.

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
    jobs::{
        self, ForcedOutcome, JobFailure, JobKind, JobSpec, JobStore, Lifecycle, Outcome, Phase,
    },
    media::{self, MediaSigner},
    state::{AppState, lock},
    webhooks::Event,
};

/// Length assumed for a source video the mock cannot fetch.
const SOURCE_SECONDS: f64 = 60.0;

/// The translation routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/video_translate", post(translate))
        .route("/v1/video_translate_status.get", get(status))
}

/// What the mock keeps about a translation.
#[derive(Debug, Clone)]
pub struct Translation {
    output_language: Box<str>,
    callback_id: Option<Box<str>>,
    callback_url: Option<Box<str>>,
}

/// All translations by id.
pub type TranslationStore = JobStore<Translation>;

impl JobStore<Translation> {
    /// The tutorial's `vt_abcdef123456`, already completed.
    pub fn seed(&mut self, now: Millis) {
        let lifecycle = Lifecycle::finished_before(now);
        let translation = Translation {
            output_language: "es".into(),
            callback_id: None,
            callback_url: None,
        };
        self.insert("vt_abcdef123456".into(), lifecycle, translation);
    }

    /// The `data` of `/v1/video_translate_status.get`.
    pub fn status(&self, id: &str, now: Millis, base: &str, signer: &MediaSigner) -> Option<Value> {
        let job = self.get(id)?;
        let phase = job.lifecycle.phase(now);
        let error = phase.error_json();
        Some(json!({
            "id": id,
            "status": phase.as_str(),
            "video_url": (phase == Phase::Completed)
                .then(|| signer.link(base, JobKind::Translation, id, "video.mp4", now)),
            "error": error,
            "output_language": job.data.output_language,
            "callback_id": job.data.callback_id.as_deref(),
        }))
    }

    /// The webhook event of a finished translation.
    pub fn event(&self, id: &str, now: Millis, base: &str, signer: &MediaSigner) -> Vec<Event> {
        let Some(job) = self.get(id) else {
            return Vec::new();
        };
        let t = &job.data;
        let callback_url = t.callback_url.as_deref().map(str::to_owned);
        match job.lifecycle.phase(now) {
            Phase::Completed => vec![Event::new(
                "video_translate.success",
                json!({
                    "video_translate_id": id,
                    "url": signer.link(base, JobKind::Translation, id, "video.mp4", now),
                    "callback_id": t.callback_id.as_deref(),
                    "output_language": t.output_language,
                }),
                callback_url,
            )],
            Phase::Failed(f) => vec![Event::new(
                "video_translate.fail",
                json!({
                    "video_translate_id": id,
                    "message": f.summary(),
                    "callback_id": t.callback_id.as_deref(),
                    "output_language": t.output_language,
                }),
                callback_url,
            )],
            Phase::Pending | Phase::Processing => Vec::new(),
        }
    }

    /// A finished translation's video.
    pub fn media(&self, id: &str, file: &str, now: Millis) -> Option<Response> {
        let done = self.is_completed(id, now)?;
        (done && file == "video.mp4").then(|| media::serve(media::VIDEO_MP4, "video/mp4"))
    }
}

async fn translate(
    State(state): State<AppState>,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<wire::VideoTranslateRequest>,
) -> Result<Json<V1<Value>>, ApiError> {
    if let Some(voice) = &request.voice_id {
        state
            .catalogue
            .voice(voice)
            .ok_or_else(|| ApiError::not_found("voice", voice))?;
    }
    // Like HeyGen, a source it cannot fetch fails the job rather than the request.
    let fetchable =
        request.video_url.starts_with("http://") || request.video_url.starts_with("https://");
    let spec = JobSpec {
        kind: JobKind::Translation,
        id_prefix: "vt_",
        estimated_seconds: SOURCE_SECONDS,
        outcome: if fetchable {
            Outcome::Completed
        } else {
            Outcome::Failed(JobFailure {
                code: crate::error::code::INVALID_PARAMETERS,
                message: "Failed to download the video".into(),
                detail: Some(format!(
                    "video_url {:?} cannot be fetched: only http and https URLs can",
                    request.video_url
                )),
            })
        },
    };
    let translation = Translation {
        output_language: request.target_language.to_string().into(),
        callback_id: request.callback_id.map(Into::into),
        callback_url: request.callback_url.map(Into::into),
    };
    let id = jobs::start(&state, &state.translations, spec, forced, translation)?;
    Ok(v1(json!({"video_translate_id": id})))
}

#[derive(Deserialize)]
struct StatusQuery {
    video_translate_id: String,
}

async fn status(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<StatusQuery>,
) -> Result<Json<V1<Value>>, ApiError> {
    let base = state.base_url(&headers);
    let data = lock(&state.translations)
        .status(
            &query.video_translate_id,
            state.clock.now_ms(),
            &base,
            &state.media,
        )
        .ok_or_else(|| ApiError::not_found("video translation", &query.video_translate_id))?;
    Ok(v1(data))
}
