//! Templates: list, read, and generate a video by filling variables.

use axum::{
    Json, Router,
    extract::{Path, State},
    http::HeaderMap,
    response::Response,
    routing::{get, post},
};
use heygen_api::types::{self as wire, TemplateVariable};
use serde_json::{Value, json};

use crate::{
    error::{ApiError, v2},
    extract::ApiJson,
    fixtures::{TemplateFixture, VariableKind},
    jobs::ForcedOutcome,
    media::preview_link,
    state::AppState,
    videos::{self, NewVideo, speech_seconds},
};

/// The template routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v2/templates", get(list))
        .route("/v2/template/{template_id}", get(detail))
        .route("/v2/template/{template_id}/generate", post(generate))
}

async fn list(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let base = state.base_url(&headers);
    state.cached_json("templates", base.clone(), || {
        let templates: Vec<Value> = state
            .catalogue
            .templates
            .iter()
            .map(|t| {
                let thumbnail = preview_link(&base, "image.jpg", &t.template_id);
                json!({
                    "template_id": t.template_id,
                    "title": t.title,
                    "name": t.title,
                    "thumbnail_url": thumbnail,
                    "thumbnail_image_url": thumbnail,
                    "created_at": t.created_at,
                    "aspect_ratio": t.aspect_ratio,
                })
            })
            .collect();
        v2(json!({"templates": templates})).0
    })
}

fn find<'a>(state: &'a AppState, id: &str) -> Result<&'a TemplateFixture, ApiError> {
    state
        .catalogue
        .template(id)
        .ok_or_else(|| ApiError::not_found("template", id))
}

async fn detail(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let template = find(&state, &id)?;
    let variables: serde_json::Map<String, Value> = template
        .variables
        .iter()
        .map(|(name, var)| {
            let key = match var.kind {
                VariableKind::Text => "default_content",
                VariableKind::Image | VariableKind::Video | VariableKind::Audio => "default_url",
                VariableKind::Avatar => "default_avatar_id",
                VariableKind::Voice => "default_voice_id",
            };
            (
                name.clone(),
                json!({"name": name, "type": var.kind.as_str(), "properties": {key: var.default}}),
            )
        })
        .collect();
    Ok(v2(
        json!({"template_id": template.template_id, "title": template.title, "variables": variables}),
    ))
}

/// The name, type and (for text) content of a filled variable.
fn describe(variable: &TemplateVariable) -> (&str, VariableKind, Option<&str>) {
    match variable {
        TemplateVariable::TextVariable(v) => (
            &v.name,
            VariableKind::Text,
            Some(v.properties.content.as_str()),
        ),
        TemplateVariable::ImageVariable(v) => (&v.name, VariableKind::Image, None),
        TemplateVariable::VideoVariable(v) => (&v.name, VariableKind::Video, None),
        TemplateVariable::AvatarVariable(v) => (&v.name, VariableKind::Avatar, None),
        TemplateVariable::VoiceVariable(v) => (&v.name, VariableKind::Voice, None),
        TemplateVariable::AudioVariable(v) => (&v.name, VariableKind::Audio, None),
    }
}

/// Checks variables against the template; returns the spoken text for length and captions.
fn check_variables(
    state: &AppState,
    template: &TemplateFixture,
    request: &wire::TemplateGenerateRequest,
) -> Result<String, ApiError> {
    let mut script = Vec::new();
    for (key, variable) in &request.variables {
        let (name, kind, text) = describe(variable);
        let Some(expected) = template.variables.get(key) else {
            return Err(ApiError::invalid(format!(
                "variables.{key}: template {} has no variable {key:?} (it has {:?})",
                template.template_id,
                template.variables.keys().collect::<Vec<_>>()
            )));
        };
        if name != key {
            return Err(ApiError::invalid(format!(
                "variables.{key}.name is {name:?}; it must repeat the key {key:?}"
            )));
        }
        if kind != expected.kind {
            return Err(ApiError::invalid(format!(
                "variables.{key}.type is {:?}, but the template's variable is of type {:?}",
                kind.as_str(),
                expected.kind.as_str()
            )));
        }
        match variable {
            TemplateVariable::AvatarVariable(v)
                if state.catalogue.avatar(&v.properties.avatar_id).is_none() =>
            {
                return Err(ApiError::not_found("avatar", &v.properties.avatar_id));
            }
            TemplateVariable::VoiceVariable(v)
                if state.catalogue.voice(&v.properties.voice_id).is_none() =>
            {
                return Err(ApiError::not_found("voice", &v.properties.voice_id));
            }
            _ => {}
        }
        let media = match variable {
            TemplateVariable::ImageVariable(v) => Some(&v.properties),
            TemplateVariable::VideoVariable(v) => Some(&v.properties),
            TemplateVariable::AudioVariable(v) => Some(&v.properties),
            _ => None,
        };
        if media.is_some_and(|p| p.url.is_none() && p.asset_id.is_none()) {
            return Err(ApiError::invalid(format!(
                "variables.{key}.properties: give url or asset_id"
            )));
        }
        if let Some(text) = text {
            script.push(text.to_owned());
        }
    }
    // Variables left out keep their defaults.
    for (name, var) in &template.variables {
        if var.kind == VariableKind::Text && !request.variables.contains_key(name) {
            script.push(var.default.clone());
        }
    }
    Ok(script.join(" "))
}

async fn generate(
    State(state): State<AppState>,
    Path(id): Path<String>,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<wire::TemplateGenerateRequest>,
) -> Result<Json<Value>, ApiError> {
    let template = find(&state, &id)?;
    let script = check_variables(&state, template, &request)?;
    let new = NewVideo {
        estimated_seconds: template.base_duration_seconds + speech_seconds(&script, 1.0),
        transparent: false,
        include_gif: request.include_gif.unwrap_or(false),
        caption_script: request.caption.then_some(script),
        callback_id: request.callback_id,
        callback_url: request.callback_url,
    };
    let video_id = videos::start(&state, new, forced)?;
    Ok(v2(json!({"video_id": video_id})))
}
