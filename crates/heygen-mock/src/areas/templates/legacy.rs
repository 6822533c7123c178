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
use heygen_api::types as wire;
use serde::Serialize;

use super::{TemplatesArea, check_variables, find};
use crate::{
    areas::videos::{NewVideo, VideoId, speech_seconds},
    catalogue::VariableKind,
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

async fn generate(
    State(area): State<Arc<TemplatesArea>>,
    Path(id): Path<String>,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<wire::TemplateGenerateRequest>,
) -> Result<Json<V2<VideoId>>, ApiError> {
    let template = find(&area.catalogue, &id)?;
    let script = check_variables(&area.catalogue, template, &request.variables)?;
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
        follower: None,
    };
    let video_id = area.videos.start(new, forced)?;
    Ok(v2(VideoId { video_id }))
}
