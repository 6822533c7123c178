//! HeyGen's v3 template routes: `GET /v3/templates` (by cursor), `GET /v3/templates/{id}`
//! (variables filled with their defaults, scenes) and `POST /v3/templates/{id}` (render, answered
//! with the video as `GET /v3/videos/{id}` shows it).

use std::{collections::BTreeMap, sync::Arc};

use axum::{
    Json, Router,
    extract::{Path, State},
    http::HeaderMap,
    response::{IntoResponse, Response},
    routing::get,
};
use heygen_api::types::{GenerateTemplateV3Request as Generate, TemplateVariable};
use serde::Serialize;
use serde_json::{Value, json};

use super::{TemplatesArea, check_variables, find};
use crate::{
    areas::videos::{NewVideo, speech_seconds},
    catalogue::{TemplateFixture, VariableKind},
    core::{
        envelope::{Generation, v3},
        error::ApiError,
        extract::{ApiJson, ApiQuery},
        inputs::check_url,
        jobs::ForcedOutcome,
        layers,
        media::preview_link,
        pagination::{Page, PageQuery},
    },
};

/// The frame rates HeyGen renders templates at.
const FRAME_RATES: [f64; 3] = [25.0, 30.0, 60.0];

/// The v3 template routes.
pub fn routes(area: Arc<TemplatesArea>) -> Router {
    let core = area.core.clone();
    let routes = Router::new()
        .route("/v3/templates", get(list))
        .route("/v3/templates/{template_id}", get(detail).post(generate));
    layers::authenticated(
        &core,
        Generation::V3,
        layers::idempotent(&core, crate::BODY_LIMIT, routes),
    )
    .with_state(area)
}

/// A template in a v3 list.
#[derive(Debug, Serialize)]
struct Summary<'a> {
    id: &'a str,
    name: &'a str,
    thumbnail_url: String,
    aspect_ratio: &'a str,
    created_at: Option<u64>,
    updated_at: Option<u64>,
}

/// A template as `GET /v3/templates/{id}` shows it.
#[derive(Debug, Serialize)]
struct Detail<'a> {
    #[serde(flatten)]
    summary: Summary<'a>,
    variables: BTreeMap<&'a str, Value>,
    scene_ids: Vec<String>,
    scenes: Vec<Scene<'a>>,
}

#[derive(Debug, Serialize)]
struct Scene<'a> {
    scene_id: String,
    script: Option<String>,
    variables: Vec<SceneVariable<'a>>,
}

#[derive(Debug, Serialize)]
struct SceneVariable<'a> {
    name: &'a str,
    variable_type: &'static str,
}

/// Unix seconds of the catalogue's ISO-8601 times.
fn unix_seconds(iso: &str) -> Option<u64> {
    humantime::parse_rfc3339(iso)
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_secs())
}

fn summary<'a>(base: &str, t: &'a TemplateFixture) -> Summary<'a> {
    let created = unix_seconds(&t.created_at);
    Summary {
        id: &t.template_id,
        name: &t.title,
        thumbnail_url: preview_link(base, "image.jpg", &t.template_id),
        aspect_ratio: &t.aspect_ratio,
        created_at: created,
        updated_at: created,
    }
}

/// How a scene names a variable's type (HeyGen says `character` for an avatar).
fn scene_type(kind: VariableKind) -> &'static str {
    match kind {
        VariableKind::Avatar => "character",
        other => other.as_str(),
    }
}

/// The mock's templates have one scene per text variable, speaking it, in name order; the
/// other variables (images, avatars, …) appear in the first. A template without text
/// variables is one scene holding them all.
fn scenes(t: &TemplateFixture) -> Vec<Scene<'_>> {
    let (texts, others): (Vec<_>, Vec<_>) = t
        .variables
        .iter()
        .partition(|(_, v)| v.kind == VariableKind::Text);
    let other_variables = || {
        others.iter().map(|(name, v)| SceneVariable {
            name,
            variable_type: scene_type(v.kind),
        })
    };
    if texts.is_empty() {
        return vec![Scene {
            scene_id: format!("{}-s1", t.template_id),
            script: None,
            variables: other_variables().collect(),
        }];
    }
    texts
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            let mut variables = vec![SceneVariable {
                name,
                variable_type: "text",
            }];
            if i == 0 {
                variables.extend(other_variables());
            }
            Scene {
                scene_id: format!("{}-s{}", t.template_id, i + 1),
                script: Some(format!("{{{{{name}}}}}")),
                variables,
            }
        })
        .collect()
}

/// A variable filled with its default, in the shape generate takes.
fn filled(name: &str, kind: VariableKind, default: &str) -> Value {
    let properties = match kind {
        VariableKind::Text => json!({"content": default}),
        VariableKind::Image | VariableKind::Video | VariableKind::Audio => json!({"url": default}),
        VariableKind::Avatar => json!({"avatar_id": default}),
        VariableKind::Voice => json!({"voice_id": default}),
    };
    json!({"name": name, "type": kind.as_str(), "properties": properties})
}

async fn list(
    State(area): State<Arc<TemplatesArea>>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Response, ApiError> {
    let page = query.request(10, 100)?;
    let base = area.core.base_url(&headers);
    let items = area
        .catalogue
        .templates
        .iter()
        .zip(0u64..)
        .filter(|(_, seq)| page.after.is_none_or(|after| *seq > after))
        .map(|(t, seq)| (seq, summary(&base, t)));
    Ok(Json(Page::of(items, page.limit)).into_response())
}

async fn detail(
    State(area): State<Arc<TemplatesArea>>,
    headers: HeaderMap,
    Path(template_id): Path<String>,
) -> Result<Response, ApiError> {
    let template = find(&area.catalogue, &template_id)?;
    let base = area.core.base_url(&headers);
    let scenes = scenes(template);
    // Serialized here: the answer borrows from the catalogue.
    Ok(v3(Detail {
        summary: summary(&base, template),
        variables: template
            .variables
            .iter()
            .map(|(name, v)| (name.as_str(), filled(name, v.kind, &v.default)))
            .collect(),
        scene_ids: scenes.iter().map(|s| s.scene_id.clone()).collect(),
        scenes,
    })
    .into_response())
}

/// Checks what the schema cannot say; the video to start.
fn plan(
    area: &TemplatesArea,
    template: &TemplateFixture,
    request: &Generate,
) -> Result<NewVideo, ApiError> {
    check_variables(&area.catalogue, template, &request.variables)?;
    if let Some(url) = &request.callback_url {
        check_url(url, "callback_url")?;
    }
    if let Some(fps) = request.fps
        && !FRAME_RATES.contains(&fps)
    {
        return Err(
            ApiError::invalid(format!("fps must be 25, 30 or 60, not {fps}")).with_param("fps"),
        );
    }
    if let Some(d) = &request.dimension {
        let (w, h) = (d.width, d.height);
        let shape = match w.cmp(&h) {
            std::cmp::Ordering::Greater => "landscape",
            std::cmp::Ordering::Less => "portrait",
            std::cmp::Ordering::Equal => "square",
        };
        if shape != template.aspect_ratio {
            return Err(ApiError::invalid(format!(
                "dimension {w}x{h} is {shape}, but template {} is {}",
                template.template_id, template.aspect_ratio
            ))
            .with_param("dimension"));
        }
    }
    let all = scenes(template);
    let chosen: Vec<&Scene<'_>> = match &request.scene_ids {
        None => all.iter().collect(),
        Some(ids) if ids.is_empty() => {
            return Err(
                ApiError::invalid("scene_ids must name at least one scene").with_param("scene_ids")
            );
        }
        Some(ids) => ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                all.iter().find(|s| &s.scene_id == id).ok_or_else(|| {
                    ApiError::invalid(format!(
                        "scene_ids[{i}]: template {} has no scene {id:?}",
                        template.template_id
                    ))
                    .with_param(format!("scene_ids[{i}]"))
                })
            })
            .collect::<Result<_, _>>()?,
    };
    // What the chosen scenes say: each one's text variable, as filled or by default.
    let text_of = |name: &str| -> String {
        match request.variables.get(name) {
            Some(TemplateVariable::TextVariable(v)) => v.properties.content.clone(),
            _ => template
                .variables
                .get(name)
                .map(|v| v.default.clone())
                .unwrap_or_default(),
        }
    };
    let script: Vec<String> = chosen
        .iter()
        .flat_map(|s| s.variables.iter().filter(|v| v.variable_type == "text"))
        .map(|v| text_of(v.name))
        .collect();
    let script = script.join(" ");
    let share = chosen.len() as f64 / all.len().max(1) as f64;
    let caption = request.caption.unwrap_or(false) || request.subtitles.is_some();
    Ok(NewVideo {
        estimated_seconds: template.base_duration_seconds * share + speech_seconds(&script, 1.0),
        transparent: false,
        include_gif: request.include_gif.unwrap_or(false),
        caption_script: caption.then_some(script),
        burn_in: caption,
        title: Some(
            request
                .title
                .clone()
                .unwrap_or_else(|| template.title.clone()),
        ),
        callback_id: request.callback_id.clone(),
        callback_url: request.callback_url.clone(),
        follower: None,
    })
}

async fn generate(
    State(area): State<Arc<TemplatesArea>>,
    headers: HeaderMap,
    forced: ForcedOutcome,
    Path(template_id): Path<String>,
    ApiJson(request): ApiJson<Generate>,
) -> Result<Response, ApiError> {
    let template = find(&area.catalogue, &template_id)?;
    let new = plan(&area, template, &request)?;
    let video = area.videos.start_charged_video(new, forced)?;
    area.videos.v3_detail(&headers, &video.id)
}
