//! The v2 translation routes real clients call: `GET /v2/video_translate/target_languages`,
//! `POST /v2/video_translate` (one job per language), `GET /v2/video_translate/{id}` and
//! `GET /v2/video_translate/caption` (SRT or WebVTT of a finished job).

use std::sync::Arc;

use axum::{
    Json, Router,
    extract::{Path, State},
    http::HeaderMap,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use heygen_api::types as wire;
use serde::{Deserialize, Serialize};

use super::{
    SOURCE_SECONDS, TARGET_LANGUAGES, TranslationsArea, check_language,
    model::{KIND, Translation, TranslationView},
};
use crate::core::{
    envelope::{Generation, V2, v2},
    error::ApiError,
    extract::{ApiJson, ApiQuery},
    inputs::{check_url, span_seconds},
    jobs::ForcedOutcome,
    layers,
};

/// The v2 translation routes.
pub fn routes(area: Arc<TranslationsArea>) -> Router {
    let routes = Router::new()
        .route("/v2/video_translate", post(create))
        .route("/v2/video_translate/target_languages", get(languages))
        .route("/v2/video_translate/caption", get(caption))
        .route("/v2/video_translate/{video_translate_id}", get(detail));
    layers::authenticated(&area.core.clone(), Generation::V2, routes).with_state(area)
}

#[derive(Serialize)]
struct Languages {
    languages: &'static [&'static str],
}

async fn languages() -> Json<V2<Languages>> {
    v2(Languages {
        languages: &TARGET_LANGUAGES,
    })
}

#[derive(Serialize)]
struct Created {
    #[serde(skip_serializing_if = "Option::is_none")]
    video_translate_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    video_translate_ids: Option<Vec<String>>,
}

async fn create(
    State(area): State<Arc<TranslationsArea>>,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<wire::VideoTranslateV2Request>,
) -> Result<Json<V2<Created>>, ApiError> {
    let languages: Vec<String> = match (&request.output_language, &request.output_languages) {
        (Some(one), None) => {
            check_language(one, "output_language")?;
            vec![one.clone()]
        }
        (None, Some(many)) => {
            for (i, language) in many.iter().enumerate() {
                check_language(language, &format!("output_languages[{i}]"))?;
            }
            many.clone()
        }
        (Some(_), Some(_)) => {
            return Err(ApiError::invalid(
                "give output_language or output_languages, not both",
            ));
        }
        (None, None) => {
            return Err(ApiError::invalid(
                "give output_language or output_languages",
            ));
        }
    };
    if let Some(url) = &request.callback_url {
        check_url(url, "callback_url")?;
    }
    if let Some(url) = &request.audio_url {
        check_url(url, "audio_url")?;
    }
    let seconds = span_seconds(request.start_time, request.end_time, SOURCE_SECONDS)?;
    let mut ids = Vec::with_capacity(languages.len());
    for language in &languages {
        let translation = Translation {
            output_language: language.as_str().into(),
            callback_id: request.callback_id.as_deref().map(Into::into),
            callback_url: request.callback_url.as_deref().map(Into::into),
            title: request.title.as_deref().map(Into::into),
            captions: request.enable_caption.unwrap_or(false),
            seconds,
            input_language: request.input_language.as_deref().map(Into::into),
            audio_only: request.translate_audio_only.unwrap_or(false),
            ..Translation::default()
        };
        ids.push(area.start(&request.video_url, translation, forced.clone())?);
    }
    Ok(v2(if request.output_languages.is_some() {
        Created {
            video_translate_id: None,
            video_translate_ids: Some(ids),
        }
    } else {
        Created {
            video_translate_id: ids.pop(),
            video_translate_ids: None,
        }
    }))
}

/// A translation under its v2 names: `running` for processing, `success` for completed.
#[derive(Serialize)]
struct Detail<'a> {
    video_translate_id: &'a str,
    title: &'a str,
    status: &'static str,
    url: Option<String>,
    message: Option<String>,
    output_language: &'a str,
    callback_id: Option<&'a str>,
}

impl<'a> From<TranslationView<'a>> for Detail<'a> {
    fn from(v: TranslationView<'a>) -> Self {
        Self {
            video_translate_id: v.id,
            title: v.title.unwrap_or_default(),
            status: match v.status {
                "processing" => "running",
                "completed" => "success",
                other => other,
            },
            url: v.video_url,
            message: v.failure.map(|f| f.summary()),
            output_language: v.output_language,
            callback_id: v.callback_id,
        }
    }
}

async fn detail(
    State(area): State<Arc<TranslationsArea>>,
    headers: HeaderMap,
    Path(video_translate_id): Path<String>,
) -> Result<Response, ApiError> {
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let translations = area.jobs.lock();
    let job = translations
        .get(&video_translate_id)
        .ok_or_else(|| ApiError::not_found("video translation", &video_translate_id))?;
    let view = Translation::view(&video_translate_id, job, &links);
    // Serialized while the store is locked: the answer borrows from the job.
    Ok(v2(Detail::from(view)).into_response())
}

#[derive(Deserialize)]
struct CaptionQuery {
    video_translate_id: String,
    caption_type: String,
}

#[derive(Serialize)]
struct Caption {
    caption_url: String,
}

async fn caption(
    State(area): State<Arc<TranslationsArea>>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<CaptionQuery>,
) -> Result<Json<V2<Caption>>, ApiError> {
    let file = match query.caption_type.as_str() {
        "srt" => "captions.srt",
        "vtt" => "captions.vtt",
        other => {
            return Err(ApiError::invalid(format!(
                "caption_type must be srt or vtt, not {other:?}"
            )));
        }
    };
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let translations = area.jobs.lock();
    let id = &query.video_translate_id;
    let job = translations
        .get(id)
        .ok_or_else(|| ApiError::not_found("video translation", id))?;
    let view = Translation::view(id, job, &links);
    if !job.data.captions {
        return Err(ApiError::invalid(format!(
            "video translation {id} was made without enable_caption"
        )));
    }
    if !view.has_captions {
        return Err(ApiError::invalid(format!(
            "video translation {id} has not succeeded ({}); captions come with the video",
            view.status
        )));
    }
    Ok(v2(Caption {
        caption_url: links.job(KIND, id, file),
    }))
}
