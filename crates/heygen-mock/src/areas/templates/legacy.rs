//! The tutorial's template routes (all v2): list, read, and generate a video by filling
//! variables.

use std::{collections::BTreeMap, sync::Arc};

use axum::{
    Json, Router,
    extract::{Path, State},
    http::HeaderMap,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use heygen_api::types::{self as wire, TemplateVariable};
use serde::Serialize;

use super::TemplatesArea;
use crate::{
    areas::videos::{NewVideo, VideoId, speech_seconds},
    catalogue::{Catalogue, TemplateFixture, VariableKind},
    core::{
        envelope::{Generation, V2, v2},
        error::ApiError,
        extract::ApiJson,
        jobs::ForcedOutcome,
        layers,
        media::preview_link,
    },
};

/// The legacy template routes.
pub fn routes(area: Arc<TemplatesArea>) -> Router {
    let routes = Router::new()
        .route("/v2/templates", get(list))
        .route("/v2/template/{template_id}", get(detail))
        .route("/v2/template/{template_id}/generate", post(generate));
    layers::authenticated(&area.core.clone(), Generation::V2, routes).with_state(area)
}

#[derive(Serialize)]
struct TemplateList<'a> {
    templates: Vec<TemplateSummary<'a>>,
}

#[derive(Serialize)]
struct TemplateSummary<'a> {
    template_id: &'a str,
    title: &'a str,
    name: &'a str,
    thumbnail_url: String,
    thumbnail_image_url: String,
    created_at: &'a str,
    aspect_ratio: &'a str,
}

#[derive(Serialize)]
struct TemplateDetail<'a> {
    template_id: &'a str,
    title: &'a str,
    variables: BTreeMap<&'a str, VariableDetail<'a>>,
}

#[derive(Serialize)]
struct VariableDetail<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    /// One default, under the key its type uses (`default_content`, `default_url`, …).
    properties: BTreeMap<&'static str, &'a str>,
}

async fn list(State(area): State<Arc<TemplatesArea>>, headers: HeaderMap) -> Response {
    let base = area.core.base_url(&headers);
    area.core.responses.json("v2/templates", &base, || {
        let templates = area
            .catalogue
            .templates
            .iter()
            .map(|t| {
                let thumbnail = preview_link(&base, "image.jpg", &t.template_id);
                TemplateSummary {
                    template_id: &t.template_id,
                    title: &t.title,
                    name: &t.title,
                    thumbnail_url: thumbnail.clone(),
                    thumbnail_image_url: thumbnail,
                    created_at: &t.created_at,
                    aspect_ratio: &t.aspect_ratio,
                }
            })
            .collect();
        v2(TemplateList { templates }).0
    })
}

fn find<'a>(catalogue: &'a Catalogue, id: &str) -> Result<&'a TemplateFixture, ApiError> {
    catalogue
        .template(id)
        .ok_or_else(|| ApiError::not_found("template", id))
}

async fn detail(
    State(area): State<Arc<TemplatesArea>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let template = find(&area.catalogue, &id)?;
    // Serialized here: the answer borrows from the catalogue.
    let variables = template
        .variables
        .iter()
        .map(|(name, var)| {
            let key = match var.kind {
                VariableKind::Text => "default_content",
                VariableKind::Image | VariableKind::Video | VariableKind::Audio => "default_url",
                VariableKind::Avatar => "default_avatar_id",
                VariableKind::Voice => "default_voice_id",
            };
            let detail = VariableDetail {
                name,
                kind: var.kind.as_str(),
                properties: BTreeMap::from([(key, var.default.as_str())]),
            };
            (name.as_str(), detail)
        })
        .collect();
    Ok(v2(TemplateDetail {
        template_id: &template.template_id,
        title: &template.title,
        variables,
    })
    .into_response())
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
    catalogue: &Catalogue,
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
                if catalogue.avatar(&v.properties.avatar_id).is_none() =>
            {
                return Err(ApiError::not_found("avatar", &v.properties.avatar_id));
            }
            TemplateVariable::VoiceVariable(v)
                if catalogue.voice(&v.properties.voice_id).is_none() =>
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
    State(area): State<Arc<TemplatesArea>>,
    Path(id): Path<String>,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<wire::TemplateGenerateRequest>,
) -> Result<Json<V2<VideoId>>, ApiError> {
    let template = find(&area.catalogue, &id)?;
    let script = check_variables(&area.catalogue, template, &request)?;
    let new = NewVideo {
        estimated_seconds: template.base_duration_seconds + speech_seconds(&script, 1.0),
        transparent: false,
        include_gif: request.include_gif.unwrap_or(false),
        caption_script: request.caption.unwrap_or(false).then_some(script),
        // The tutorial's captions come as a file and burnt into a second video.
        burn_in: true,
        title: None,
        callback_id: request.callback_id,
        callback_url: request.callback_url,
        batch: None,
    };
    let video_id = area.videos.start(new, forced)?;
    Ok(v2(VideoId { video_id }))
}
