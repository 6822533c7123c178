//! The tutorial's webhook routes (v1, with the `{code, data, msg, message}` envelope).

use std::sync::Arc;

use axum::{
    Json, Router,
    extract::State,
    routing::{delete, get, patch, post},
};
use heygen_api::types as wire;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::WebhooksArea;
use crate::core::{
    clock::iso8601,
    envelope::{Generation, V1Msg, v1_msg},
    error::ApiError,
    extract::{ApiJson, ApiQuery},
    layers,
    webhooks::{Endpoint, EndpointChange, NewEndpoint},
};

/// The event types `/v1/webhook/webhook.list` documents, in HeyGen's order.
pub const EVENT_TYPES: [&str; 11] = [
    "avatar_video.success",
    "avatar_video.fail",
    "avatar_video_gif.success",
    "avatar_video_gif.fail",
    "avatar_video_caption.success",
    "avatar_video_caption.fail",
    "video_translate.success",
    "video_translate.fail",
    "personalized_video",
    "photo_avatar_generation.success",
    "photo_avatar_generation.fail",
];

/// The legacy webhook routes.
pub fn routes(area: Arc<WebhooksArea>) -> Router {
    let routes = Router::new()
        .route("/v1/webhook/webhook.list", get(list_event_types))
        .route("/v1/webhook/endpoint.add", post(add))
        .route("/v1/webhook/endpoint.list", get(list))
        .route("/v1/webhook/endpoint.update", patch(update))
        .route("/v1/webhook/endpoint.delete", delete(remove));
    layers::authenticated(&area.core.clone(), Generation::V1, routes).with_state(area)
}

/// An endpoint as the legacy routes show it.
#[derive(Serialize)]
struct EndpointData {
    endpoint_id: String,
    username: &'static str,
    url: String,
    status: &'static str,
    events: Option<Vec<String>>,
    secret: String,
    created_at: String,
    space_id: &'static str,
}

impl From<Endpoint> for EndpointData {
    fn from(e: Endpoint) -> Self {
        Self {
            endpoint_id: e.endpoint_id,
            username: "mock-user",
            url: e.url,
            status: "enabled",
            events: e.events,
            secret: e.secret,
            created_at: iso8601(e.created_ms),
            space_id: "space_mock",
        }
    }
}

async fn list_event_types() -> Json<V1Msg<[&'static str; 11]>> {
    v1_msg(EVENT_TYPES)
}

fn events_of(events: Option<Vec<wire::WebhookEventType>>) -> Option<Vec<String>> {
    events.map(|e| e.iter().map(ToString::to_string).collect())
}

async fn add(
    State(area): State<Arc<WebhooksArea>>,
    ApiJson(request): ApiJson<wire::WebhookEndpointAddRequest>,
) -> Result<Json<V1Msg<EndpointData>>, ApiError> {
    let webhooks = &area.core.webhooks;
    webhooks.deliveries.validate_url(&request.url).await?;
    let new = NewEndpoint {
        url: request.url,
        events: events_of(request.events),
        entity_id: None,
    };
    let endpoint = webhooks.endpoints.add(new, area.core.clock.now_ms());
    Ok(v1_msg(endpoint.into()))
}

async fn list(State(area): State<Arc<WebhooksArea>>) -> Json<V1Msg<Vec<EndpointData>>> {
    let endpoints = area.core.webhooks.endpoints.list();
    v1_msg(endpoints.into_iter().map(Into::into).collect())
}

async fn update(
    State(area): State<Arc<WebhooksArea>>,
    ApiJson(raw): ApiJson<Value>,
) -> Result<Json<V1Msg<EndpointData>>, ApiError> {
    // Read raw first: `"events": null` (back to all events) and a missing `events` (keep them)
    // are the same `None` in the generated type.
    let events_given = raw.get("events").is_some();
    let request: wire::WebhookEndpointUpdateRequest =
        serde_json::from_value(raw).map_err(ApiError::invalid)?;
    let webhooks = &area.core.webhooks;
    let not_found = || ApiError::not_found("webhook endpoint", &request.endpoint_id);
    webhooks
        .endpoints
        .get(&request.endpoint_id)
        .ok_or_else(not_found)?;
    if let Some(url) = &request.url {
        webhooks.deliveries.validate_url(url).await?;
    }
    let change = EndpointChange {
        url: request.url.clone(),
        events: events_given.then(|| events_of(request.events.clone())),
    };
    let endpoint = webhooks
        .endpoints
        .update(&request.endpoint_id, change)
        .ok_or_else(not_found)?;
    Ok(v1_msg(endpoint.into()))
}

#[derive(Deserialize)]
struct DeleteQuery {
    endpoint_id: String,
}

async fn remove(
    State(area): State<Arc<WebhooksArea>>,
    ApiQuery(query): ApiQuery<DeleteQuery>,
) -> Result<Json<V1Msg<()>>, ApiError> {
    if !area.core.webhooks.endpoints.remove(&query.endpoint_id) {
        return Err(ApiError::not_found("webhook endpoint", &query.endpoint_id));
    }
    Ok(v1_msg(()))
}
