//! `POST /v1/personalized_video/add_contact`, `GET /v1/personalized_video/audience/detail` and
//! `GET /v1/personalized_video/project/detail` (v1). HeyGen documents the requests; the
//! answers' `data` are inferred from its `personalized_video` webhook event.

use std::{collections::BTreeMap, sync::Arc};

use axum::{
    Json, Router,
    extract::State,
    http::HeaderMap,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use heygen_api::types as wire;
use serde::{Deserialize, Serialize};

use super::{
    PersonalizedVideosArea,
    model::{ContactVideo, ContactVideoView, project},
};
use crate::core::{
    envelope::{Generation, V1, v1},
    error::ApiError,
    extract::{ApiJson, ApiQuery},
    jobs::{ForcedOutcome, NewJob, Outcome},
    layers,
};

/// The personalized video routes.
pub fn routes(area: Arc<PersonalizedVideosArea>) -> Router {
    let routes = Router::new()
        .route("/v1/personalized_video/add_contact", post(add_contact))
        .route("/v1/personalized_video/audience/detail", get(audience))
        .route("/v1/personalized_video/project/detail", get(project_detail));
    layers::authenticated(&area.core.clone(), Generation::V1, routes).with_state(area)
}

#[derive(Serialize)]
struct Added {
    video_ids: Vec<String>,
}

async fn add_contact(
    State(area): State<Arc<PersonalizedVideosArea>>,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<wire::PersonalizedVideoAddContactRequest>,
) -> Result<Json<V1<Added>>, ApiError> {
    let project = project(&request.project_id)
        .ok_or_else(|| ApiError::not_found("personalized video project", &request.project_id))?;
    // Every contact is checked before any video starts, so a bad one adds none.
    for (i, contact) in request.variables_list.iter().enumerate() {
        for variable in project.variables {
            if contact.get(*variable).is_none_or(|v| v.trim().is_empty()) {
                return Err(ApiError::invalid(format!(
                    "variables_list[{i}]: the project needs {variable:?}"
                )));
            }
        }
    }
    let mut video_ids = Vec::with_capacity(request.variables_list.len());
    for contact in request.variables_list {
        let job = NewJob {
            id_prefix: "",
            estimated_seconds: project.seconds,
            outcome: Outcome::Completed,
        };
        let video = ContactVideo {
            project_id: project.id,
            contact_info: contact.into_iter().collect::<BTreeMap<_, _>>(),
        };
        let started = area
            .core
            .start_job(&area.jobs, job, forced.clone(), video)?;
        video_ids.push(started.id);
    }
    Ok(v1(Added { video_ids }))
}

#[derive(Deserialize)]
struct IdQuery {
    id: String,
}

async fn audience(
    State(area): State<Arc<PersonalizedVideosArea>>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<IdQuery>,
) -> Result<Response, ApiError> {
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let videos = area.jobs.lock();
    let job = videos
        .get(&query.id)
        .ok_or_else(|| ApiError::not_found("personalized video", &query.id))?;
    // Serialized while the store is locked: the answer borrows from the job.
    Ok(v1(ContactVideo::view(&query.id, job, &links)).into_response())
}

#[derive(Serialize)]
struct ProjectDetail<'a> {
    id: &'a str,
    name: &'a str,
    variables: &'a [&'a str],
    audience_count: usize,
    audience: Vec<ContactVideoView<'a>>,
}

async fn project_detail(
    State(area): State<Arc<PersonalizedVideosArea>>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<IdQuery>,
) -> Result<Response, ApiError> {
    let project = project(&query.id)
        .ok_or_else(|| ApiError::not_found("personalized video project", &query.id))?;
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let videos = area.jobs.lock();
    let audience: Vec<ContactVideoView<'_>> = videos
        .newest_first(None)
        .filter(|(_, _, job)| job.data.project_id == project.id)
        .map(|(_, id, job)| ContactVideo::view(id, job, &links))
        .collect();
    Ok(v1(ProjectDetail {
        id: project.id,
        name: project.name,
        variables: project.variables,
        audience_count: audience.len(),
        audience,
    })
    .into_response())
}
