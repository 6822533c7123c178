//! HeyGen's v3 voice routes: `/v3/voices` (list with filters, design), `/v3/voices/clone`,
//! `/v3/voices/speech`, `/v3/voices/{voice_id}` (read, delete), and `GET /v3/brand-glossaries`
//! (the brand voices under their v3 name).

use std::{sync::Arc, time::Duration};

use axum::{
    Json, Router,
    extract::{Path, State},
    http::HeaderMap,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use heygen_api::types::{
    CloneVoiceV3Request, CreateSpeechV3Request, DesignVoiceV3Request, SpeechInputTypeV3,
    V3AssetInput,
};
use serde::{Deserialize, Serialize};

use super::{
    BRAND_VOICES, CLONE_GENDER, UsableVoice, VoicesArea,
    model::{self, CloneView, SPEECH_FILE, SPEECH_KIND, Speech, VoiceClone},
};
use crate::{
    catalogue::VoiceFixture,
    core::{
        captions::speech_seconds,
        envelope::{Generation, V3, v3},
        error::ApiError,
        extract::{ApiJson, ApiQuery},
        ids::new_id,
        jobs::{ForcedOutcome, Lifecycle, NewJob, Outcome},
        layers,
        media::preview_link,
        pagination::{Page, PageQuery},
    },
};

/// Voices per design answer.
const DESIGN_BATCH: usize = 3;
/// Seconds of output a clone's render time is scaled for (a clone takes `--job-duration`).
const CLONE_SECONDS: f64 = 30.0;
/// The language a clone without a hint is "detected" as.
const DEFAULT_LANGUAGE: &str = "English";
/// Tone of a speech by the voice's gender, Hz.
const PITCH_FEMALE: f64 = 220.0;
const PITCH_MALE: f64 = 120.0;
const PITCH_OTHER: f64 = 170.0;

/// The v3 voice routes.
pub fn routes(area: Arc<VoicesArea>) -> Router {
    let core = area.core.clone();
    let routes = Router::new()
        .route("/v3/voices", get(list).post(design))
        .route("/v3/voices/clone", post(clone_voice))
        .route("/v3/voices/speech", post(speech))
        .route("/v3/voices/{voice_id}", get(detail).delete(remove))
        .route("/v3/brand-glossaries", get(glossaries));
    layers::authenticated(
        &core,
        Generation::V3,
        layers::idempotent(&core, crate::BODY_LIMIT, routes),
    )
    .with_state(area)
}

/// `public` (the library) or `private` (the account's clones).
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
enum VoiceType {
    #[default]
    Public,
    Private,
}

/// A voice as the v3 list shows it.
#[derive(Debug, Serialize)]
struct VoiceItem<'a> {
    voice_id: &'a str,
    name: &'a str,
    language: &'a str,
    gender: &'a str,
    preview_audio_url: Option<String>,
    support_pause: bool,
    support_locale: bool,
    #[serde(rename = "type")]
    type_: VoiceType,
}

fn library_item<'a>(voice: &'a VoiceFixture, base: &str) -> VoiceItem<'a> {
    VoiceItem {
        voice_id: &voice.voice_id,
        name: &voice.name,
        language: &voice.language,
        gender: &voice.gender,
        preview_audio_url: Some(preview_link(base, "audio.mp3", &voice.voice_id)),
        support_pause: voice.support_pause,
        support_locale: voice.support_locale,
        type_: VoiceType::Public,
    }
}

fn clone_item<'a>(clone: CloneView<'a>) -> VoiceItem<'a> {
    VoiceItem {
        voice_id: clone.id,
        name: clone.name,
        language: clone.language,
        gender: CLONE_GENDER,
        preview_audio_url: clone.preview_audio_url,
        support_pause: true,
        support_locale: false,
        type_: VoiceType::Private,
    }
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    #[serde(rename = "type", default)]
    type_: VoiceType,
    engine: Option<String>,
    language: Option<String>,
    gender: Option<String>,
    limit: Option<u32>,
    token: Option<String>,
}

/// `male` or `female` (any case); `param` names the field in the error.
fn check_gender(gender: &str, param: &str) -> Result<String, ApiError> {
    let lower = gender.to_ascii_lowercase();
    if lower == "male" || lower == "female" {
        Ok(lower)
    } else {
        Err(
            ApiError::invalid(format!("{param} must be male or female, not {gender:?}"))
                .with_param(param),
        )
    }
}

async fn list(
    State(area): State<Arc<VoicesArea>>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Response, ApiError> {
    let page = PageQuery {
        limit: query.limit,
        token: query.token.clone(),
    }
    .request(20, 100)?;
    let gender = query
        .gender
        .as_deref()
        .map(|g| check_gender(g, "gender"))
        .transpose()?;
    let language = query.language.as_deref();
    let base = area.core.base_url(&headers);
    let matches_language = |name: &str| language.is_none_or(|l| l.eq_ignore_ascii_case(name));
    match query.type_ {
        VoiceType::Public => {
            let engine = query.engine.as_deref();
            let voices = area
                .catalogue
                .voices
                .iter()
                .enumerate()
                .filter(|(i, _)| page.after.is_none_or(|after| *i as u64 > after))
                .filter(|(_, v)| engine.is_none_or(|e| v.engines.iter().any(|x| x == e)))
                .filter(|(_, v)| matches_language(&v.language))
                .filter(|(_, v)| gender.as_deref().is_none_or(|g| v.gender == g))
                .map(|(i, v)| (i as u64, library_item(v, &base)));
            Ok(Json(Page::of(voices, page.limit)).into_response())
        }
        VoiceType::Private => {
            let links = area.core.links(&base);
            let clones = area.clones.lock();
            // Clones speak through Starfish only, and the mock knows no clone's gender.
            let engine_ok = query.engine.as_deref().is_none_or(|e| e == "starfish");
            let voices = clones
                .newest_first(page.after)
                .filter(|_| engine_ok && gender.is_none())
                .map(|(seq, id, job)| (seq, VoiceClone::view(id, job, &links)))
                .filter(|(_, v)| v.status == "complete" && matches_language(v.language))
                .map(|(seq, v)| (seq, clone_item(v)));
            // Serialized while the store is locked: the answer borrows from the clones.
            Ok(Json(Page::of(voices, page.limit)).into_response())
        }
    }
}

#[derive(Debug, Serialize)]
struct Designed<'a> {
    voices: Vec<VoiceItem<'a>>,
    seed: u64,
}

/// How well a library voice matches a description: one point per word of the prompt that
/// names its gender (or a word for it), its language or its name.
fn design_score(voice: &VoiceFixture, prompt_words: &[String]) -> usize {
    let gender_words: &[&str] = match voice.gender.as_str() {
        "female" => &["female", "woman", "women", "girl", "lady", "feminine"],
        "male" => &["male", "man", "men", "boy", "guy", "masculine"],
        _ => &[],
    };
    prompt_words
        .iter()
        .filter(|w| {
            gender_words.contains(&w.as_str())
                || w.eq_ignore_ascii_case(&voice.language)
                || w.eq_ignore_ascii_case(&voice.name)
        })
        .count()
}

async fn design(
    State(area): State<Arc<VoicesArea>>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<DesignVoiceV3Request>,
) -> Result<Response, ApiError> {
    if request.prompt.trim().is_empty() {
        return Err(ApiError::invalid("prompt must not be blank").with_param("prompt"));
    }
    let gender = request
        .gender
        .as_deref()
        .map(|g| check_gender(g, "gender"))
        .transpose()?;
    let language = request
        .locale
        .as_deref()
        .map(|locale| {
            model::language_name(locale).ok_or_else(|| {
                ApiError::invalid(format!(
                    "locale {locale:?} names no language of the library"
                ))
                .with_param("locale")
            })
        })
        .transpose()?;
    let seed = request.seed.unwrap_or(0);
    let words: Vec<String> = request
        .prompt
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut ranked: Vec<(usize, usize, &VoiceFixture)> = area
        .catalogue
        .voices
        .iter()
        .enumerate()
        .filter(|(_, v)| gender.as_deref().is_none_or(|g| v.gender == g))
        .filter(|(_, v)| language.is_none_or(|l| v.language == l))
        .map(|(i, v)| (design_score(v, &words), i, v))
        .collect();
    // Best score first; the catalogue order breaks ties, so the same prompt and seed always
    // answer the same voices.
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let base = area.core.base_url(&headers);
    let skip = usize::try_from(seed)
        .ok()
        .and_then(|s| s.checked_mul(DESIGN_BATCH))
        .unwrap_or(usize::MAX);
    let voices = ranked
        .into_iter()
        .skip(skip)
        .take(DESIGN_BATCH)
        .map(|(_, _, v)| library_item(v, &base))
        .collect();
    Ok(v3(Designed { voices, seed }).into_response())
}

#[derive(Debug, Serialize)]
struct CloneCreated {
    voice_clone_id: String,
}

impl VoicesArea {
    /// A clone's audio: an http(s) URL, a completed audio upload, or base64 of an `audio/*`
    /// media type.
    fn check_clone_audio(&self, audio: &V3AssetInput) -> Result<(), ApiError> {
        if let V3AssetInput::Base64(b) = audio
            && !b.media_type.to_ascii_lowercase().starts_with("audio/")
        {
            return Err(ApiError::invalid(format!(
                "audio.media_type must be an audio type (audio/mpeg, audio/wav, …), not {:?}",
                b.media_type
            ))
            .with_param("audio.media_type"));
        }
        self.assets
            .check_input(audio, "audio", &["audio"])
            .map(drop)
    }
}

async fn clone_voice(
    State(area): State<Arc<VoicesArea>>,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<CloneVoiceV3Request>,
) -> Result<Json<V3<CloneCreated>>, ApiError> {
    let name = request.voice_name.trim();
    if name.is_empty() {
        return Err(ApiError::invalid("voice_name must not be blank").with_param("voice_name"));
    }
    area.check_clone_audio(&request.audio)?;
    let language = match request.language.as_deref() {
        None => DEFAULT_LANGUAGE,
        Some(code) => model::language_name(code).ok_or_else(|| {
            ApiError::invalid(format!(
                "language {code:?} is not a language code the voice library speaks (en, es, fr, de, it, pt, pl, zh, ja, hi)"
            ))
            .with_param("language")
        })?,
    };
    let clone = VoiceClone {
        name: name.to_owned(),
        language: language.to_owned(),
    };
    let new = NewJob {
        id_prefix: "",
        estimated_seconds: CLONE_SECONDS,
        outcome: Outcome::Completed,
    };
    let started = area.core.start_job(&area.clones, new, forced, clone)?;
    Ok(v3(CloneCreated {
        voice_clone_id: started.id,
    }))
}

#[derive(Debug, Serialize)]
struct WordTimestamp<'a> {
    word: &'a str,
    start: f64,
    end: f64,
}

#[derive(Debug, Serialize)]
struct SpeechAnswer<'a> {
    audio_url: String,
    duration: f64,
    request_id: &'a str,
    word_timestamps: Vec<WordTimestamp<'a>>,
}

fn pitch(gender: &str) -> f64 {
    match gender {
        "female" => PITCH_FEMALE,
        "male" => PITCH_MALE,
        _ => PITCH_OTHER,
    }
}

async fn speech(
    State(area): State<Arc<VoicesArea>>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<CreateSpeechV3Request>,
) -> Result<Response, ApiError> {
    let voice: UsableVoice = area.usable(&request.voice_id, "voice_id")?;
    if !voice.starfish {
        return Err(ApiError::invalid(format!(
            "voice {} does not support the starfish engine; find one with GET /v3/voices?engine=starfish",
            request.voice_id
        ))
        .with_param("voice_id"));
    }
    for (value, param) in [
        (request.language.as_deref(), "language"),
        (request.locale.as_deref(), "locale"),
    ] {
        if let Some(code) = value
            && model::language_name(code).is_none()
        {
            return Err(ApiError::invalid(format!(
                "{param} {code:?} is not a language the voices speak"
            ))
            .with_param(param));
        }
    }
    let spoken = match request.input_type {
        Some(SpeechInputTypeV3::Ssml) => model::ssml_text(&request.text).ok_or_else(|| {
            ApiError::invalid("text is not well-formed SSML (a tag is left open)")
                .with_param("text")
        })?,
        Some(SpeechInputTypeV3::Text) | None => request.text.to_string(),
    };
    let words: Vec<&str> = spoken.split_whitespace().collect();
    if words.is_empty() {
        return Err(ApiError::invalid("text has no words to speak").with_param("text"));
    }
    let speed = request.speed.unwrap_or(1.0);
    let made = Speech::timed(&words, speech_seconds(&spoken, speed), pitch(&voice.gender));
    let id = new_id("");
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let answer = v3(SpeechAnswer {
        audio_url: links.job(SPEECH_KIND, &id, SPEECH_FILE),
        duration: made.seconds(),
        request_id: &id,
        word_timestamps: made
            .words
            .iter()
            .map(|w| WordTimestamp {
                word: &w.word,
                start: w.start_ms as f64 / 1000.0,
                end: w.end_ms as f64 / 1000.0,
            })
            .collect(),
    })
    .into_response();
    // Stored finished: speech is answered at once, and the engine serves its file.
    area.speech.lock().insert(
        id,
        Lifecycle::new(links.now(), Duration::ZERO, Outcome::Completed),
        made,
    );
    Ok(answer)
}

/// A voice as `GET /v3/voices/{voice_id}` shows it.
#[derive(Debug, Serialize)]
struct VoiceDetail<'a> {
    voice_id: &'a str,
    name: Option<&'a str>,
    gender: Option<&'a str>,
    language: Option<&'a str>,
    preview_audio_url: Option<String>,
    status: Option<&'static str>,
    failure_message: Option<String>,
    created_at: Option<u64>,
    support_pause: bool,
    support_interactive_avatar: bool,
}

/// HeyGen's 404 for a voice: `voice_not_found`.
fn voice_not_found(voice_id: &str) -> ApiError {
    ApiError {
        v3_code: "voice_not_found",
        ..ApiError::not_found("voice", voice_id).with_param("voice_id")
    }
}

async fn detail(
    State(area): State<Arc<VoicesArea>>,
    headers: HeaderMap,
    Path(voice_id): Path<String>,
) -> Result<Response, ApiError> {
    let base = area.core.base_url(&headers);
    if let Some(voice) = area.catalogue.voice(&voice_id) {
        return Ok(v3(VoiceDetail {
            voice_id: &voice.voice_id,
            name: Some(&voice.name),
            gender: Some(&voice.gender),
            language: Some(&voice.language),
            preview_audio_url: Some(preview_link(&base, "audio.mp3", &voice.voice_id)),
            status: None,
            failure_message: None,
            created_at: None,
            support_pause: voice.support_pause,
            support_interactive_avatar: voice.support_interactive_avatar,
        })
        .into_response());
    }
    let links = area.core.links(&base);
    let clones = area.clones.lock();
    let job = clones
        .get(&voice_id)
        .ok_or_else(|| voice_not_found(&voice_id))?;
    let view = VoiceClone::view(&voice_id, job, &links);
    Ok(v3(VoiceDetail {
        voice_id: view.id,
        name: Some(view.name),
        gender: Some(CLONE_GENDER),
        language: Some(view.language),
        preview_audio_url: view.preview_audio_url,
        status: Some(view.status),
        failure_message: view.failure_message,
        created_at: Some(view.created_s),
        support_pause: true,
        support_interactive_avatar: false,
    })
    .into_response())
}

#[derive(Debug, Serialize)]
struct Deleted {
    voice_id: String,
}

async fn remove(
    State(area): State<Arc<VoicesArea>>,
    Path(voice_id): Path<String>,
) -> Result<Json<V3<Deleted>>, ApiError> {
    if area.catalogue.voice(&voice_id).is_some() {
        return Err(ApiError::forbidden(format!(
            "voice {voice_id} is a library voice; only your own cloned voices can be deleted"
        ))
        .with_param("voice_id"));
    }
    area.clones
        .lock()
        .remove(&voice_id)
        .ok_or_else(|| voice_not_found(&voice_id))?;
    Ok(v3(Deleted { voice_id }))
}

/// A brand voice under its v3 name.
#[derive(Debug, Serialize)]
struct Glossary {
    brand_glossary_id: &'static str,
    name: &'static str,
    created_at: &'static str,
    updated_at: &'static str,
}

async fn glossaries(
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<Page<Glossary>>, ApiError> {
    let page = query.request(10, 100)?;
    let items = BRAND_VOICES
        .iter()
        .enumerate()
        .filter(|(i, _)| page.after.is_none_or(|after| *i as u64 > after))
        .map(|(i, voice)| {
            (
                i as u64,
                Glossary {
                    brand_glossary_id: voice.id,
                    name: voice.name,
                    created_at: voice.created_at,
                    updated_at: voice.updated_at,
                },
            )
        });
    Ok(Json(Page::of(items, page.limit)))
}
