//! HeyGen's v3 webhook routes: event types, endpoints (create, list, update, delete, rotate
//! the secret) and the log of events sent. Endpoints are the core's, shared with the legacy
//! routes; deliveries are signed the same way.

use std::sync::Arc;

use axum::{
    Json, Router,
    extract::{Path, State},
    routing::{get, post},
};
use heygen_api::types as wire;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::WebhooksArea;
use crate::core::{
    clock::iso8601,
    envelope::{Generation, V3, v3},
    error::ApiError,
    extract::{ApiJson, ApiQuery},
    layers,
    pagination::{Page, PageQuery},
    webhooks::{Endpoint, EndpointChange, LoggedEvent, NewEndpoint},
};

/// Every v3 event type with what it announces, in HeyGen's order.
pub const EVENT_TYPES: [(&str, &str); 30] = [
    (
        "avatar_video.success",
        "An avatar video finished rendering.",
    ),
    ("avatar_video.fail", "An avatar video failed to render."),
    (
        "avatar_video_gif.success",
        "The GIF preview of an avatar video is ready.",
    ),
    (
        "avatar_video_gif.fail",
        "The GIF preview of an avatar video failed.",
    ),
    ("video_translate.success", "A video translation finished."),
    ("video_translate.fail", "A video translation failed."),
    (
        "video_translate.preflight.validation_failed",
        "A translation's input failed validation before rendering.",
    ),
    (
        "video_translate.preflight.download_failed",
        "A translation's source video could not be downloaded.",
    ),
    (
        "personalized_video",
        "A personalized video for a contact is ready.",
    ),
    (
        "instant_avatar.success",
        "An instant avatar finished training.",
    ),
    ("instant_avatar.fail", "An instant avatar failed to train."),
    (
        "photo_avatar_generation.success",
        "Photo avatar images were generated.",
    ),
    (
        "photo_avatar_generation.fail",
        "Photo avatar generation failed.",
    ),
    (
        "photo_avatar_train.success",
        "A photo avatar group finished training.",
    ),
    (
        "photo_avatar_train.fail",
        "A photo avatar group failed to train.",
    ),
    (
        "photo_avatar_add_motion.success",
        "Motion was added to a photo avatar look.",
    ),
    (
        "photo_avatar_add_motion.fail",
        "Adding motion to a photo avatar look failed.",
    ),
    (
        "proofread_creation.success",
        "A translation proofread is ready for review.",
    ),
    ("proofread_creation.fail", "A translation proofread failed."),
    ("live_avatar.success", "A live avatar is ready."),
    ("live_avatar.fail", "A live avatar failed."),
    (
        "avatar_video_caption.success",
        "The captioned version of a video is ready.",
    ),
    (
        "avatar_video_caption.fail",
        "The captioned version of a video failed.",
    ),
    (
        "video_agent.success",
        "A video agent session produced its video.",
    ),
    ("video_agent.fail", "A video agent session failed."),
    (
        "hyperframes_video.success",
        "A HyperFrames video finished rendering.",
    ),
    (
        "hyperframes_video.fail",
        "A HyperFrames video failed to render.",
    ),
    ("ai_clipping.success", "AI clipping produced its clips."),
    ("ai_clipping.fail", "AI clipping failed."),
    (
        "batch.finished",
        "Every item of a batch reached a final status.",
    ),
];

/// The v3 webhook routes.
pub fn routes(area: Arc<WebhooksArea>) -> Router {
    let core = area.core.clone();
    let routes = Router::new()
        .route("/v3/webhooks/event-types", get(event_types))
        .route("/v3/webhooks/endpoints", get(list).post(create))
        .route(
            "/v3/webhooks/endpoints/{endpoint_id}",
            axum::routing::patch(update).delete(remove),
        )
        .route(
            "/v3/webhooks/endpoints/{endpoint_id}/rotate-secret",
            post(rotate),
        )
        .route("/v3/webhooks/events", get(events));
    layers::authenticated(
        &core,
        Generation::V3,
        layers::idempotent(&core, crate::BODY_LIMIT, routes),
    )
    .with_state(area)
}

#[derive(Serialize)]
struct EventTypeInfo {
    event_type: &'static str,
    description: &'static str,
}

async fn event_types() -> Json<Page<EventTypeInfo>> {
    Json(Page::all(
        EVENT_TYPES
            .iter()
            .map(|(event_type, description)| EventTypeInfo {
                event_type,
                description,
            })
            .collect(),
    ))
}

/// An endpoint as v3 shows it; the secret only where HeyGen shows it.
#[derive(Serialize)]
struct EndpointData {
    endpoint_id: String,
    url: String,
    events: Option<Vec<String>>,
    status: &'static str,
    created_at: String,
    entity_id: Option<String>,
    secret: Option<String>,
}

impl EndpointData {
    fn of(e: Endpoint, show_secret: bool) -> Self {
        Self {
            endpoint_id: e.endpoint_id,
            url: e.url,
            events: e.events,
            status: "enabled",
            created_at: iso8601(e.created_ms),
            entity_id: e.entity_id,
            secret: show_secret.then_some(e.secret),
        }
    }
}

/// A receiver URL: http or https (the mock also takes `http://` and loopback, for local
/// receivers; HeyGen documents no probe of v3 endpoints, so none is sent).
fn check_url(url: &str) -> Result<(), ApiError> {
    match url::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(()),
        _ => Err(
            ApiError::invalid(format!("url {url:?} must be an http or https URL"))
                .with_param("url"),
        ),
    }
}

fn events_of(events: Option<Vec<wire::WebhookEventTypeV3>>) -> Option<Vec<String>> {
    events.map(|e| e.iter().map(ToString::to_string).collect())
}

async fn create(
    State(area): State<Arc<WebhooksArea>>,
    ApiJson(request): ApiJson<wire::WebhookEndpointCreateV3Request>,
) -> Result<Json<V3<EndpointData>>, ApiError> {
    check_url(&request.url)?;
    let new = NewEndpoint {
        url: request.url,
        events: events_of(request.events),
        entity_id: request.entity_id,
    };
    let endpoint = area
        .core
        .webhooks
        .endpoints
        .add(new, area.core.clock.now_ms());
    Ok(v3(EndpointData::of(endpoint, true)))
}

async fn list(
    State(area): State<Arc<WebhooksArea>>,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<Page<EndpointData>>, ApiError> {
    let page = query.request(10, 100)?;
    let endpoints = area.core.webhooks.endpoints.oldest_first(page.after);
    Ok(Json(
        Page::of(endpoints, page.limit).map(|e| EndpointData::of(e, false)),
    ))
}

async fn update(
    State(area): State<Arc<WebhooksArea>>,
    Path(endpoint_id): Path<String>,
    ApiJson(raw): ApiJson<Value>,
) -> Result<Json<V3<EndpointData>>, ApiError> {
    // Read raw first: `"events": null` (back to all events) and a missing `events` (keep them)
    // are the same `None` in the generated type.
    let events_given = raw.get("events").is_some();
    let request: wire::WebhookEndpointUpdateV3Request =
        serde_json::from_value(raw).map_err(ApiError::invalid)?;
    if let Some(url) = &request.url {
        check_url(url)?;
    }
    let change = EndpointChange {
        url: request.url,
        events: events_given.then(|| events_of(request.events)),
    };
    let endpoint = area
        .core
        .webhooks
        .endpoints
        .update(&endpoint_id, change)
        .ok_or_else(|| not_found(&endpoint_id))?;
    Ok(v3(EndpointData::of(endpoint, false)))
}

fn not_found(endpoint_id: &str) -> ApiError {
    ApiError::not_found("webhook endpoint", endpoint_id).with_param("endpoint_id")
}

/// `{error: null, data: {}}`, the one v3 answer with a legacy-looking envelope.
#[derive(Serialize)]
struct Deleted {
    error: (),
    data: Empty,
}

#[derive(Serialize)]
struct Empty {}

async fn remove(
    State(area): State<Arc<WebhooksArea>>,
    Path(endpoint_id): Path<String>,
) -> Result<Json<Deleted>, ApiError> {
    if !area.core.webhooks.endpoints.remove(&endpoint_id) {
        return Err(not_found(&endpoint_id));
    }
    Ok(Json(Deleted {
        error: (),
        data: Empty {},
    }))
}

#[derive(Serialize)]
struct Secret {
    endpoint_id: String,
    secret: String,
}

async fn rotate(
    State(area): State<Arc<WebhooksArea>>,
    Path(endpoint_id): Path<String>,
) -> Result<Json<V3<Secret>>, ApiError> {
    let endpoint = area
        .core
        .webhooks
        .endpoints
        .rotate_secret(&endpoint_id)
        .ok_or_else(|| not_found(&endpoint_id))?;
    Ok(v3(Secret {
        endpoint_id: endpoint.endpoint_id,
        secret: endpoint.secret,
    }))
}

#[derive(Deserialize)]
struct EventsQuery {
    event_type: Option<wire::WebhookEventTypeV3>,
    entity_id: Option<String>,
    limit: Option<u32>,
    token: Option<String>,
}

#[derive(Serialize)]
struct EventData {
    event_id: String,
    event_type: String,
    event_data: Value,
    created_at: String,
}

impl From<LoggedEvent> for EventData {
    fn from(e: LoggedEvent) -> Self {
        Self {
            event_id: e.event_id,
            event_type: e.event_type,
            event_data: e.event_data,
            created_at: iso8601(e.created_ms),
        }
    }
}

async fn events(
    State(area): State<Arc<WebhooksArea>>,
    ApiQuery(query): ApiQuery<EventsQuery>,
) -> Result<Json<Page<EventData>>, ApiError> {
    let page = PageQuery {
        limit: query.limit,
        token: query.token,
    }
    .request(10, 100)?;
    let event_type = query.event_type.map(|t| t.to_string());
    let logged = area.core.webhooks.events.newest_first(page.after, |e| {
        event_type.as_ref().is_none_or(|t| *t == e.event_type)
            && query
                .entity_id
                .as_ref()
                .is_none_or(|id| e.entity_id.as_ref() == Some(id))
    });
    let items = logged.into_iter().map(|e| (e.seq, EventData::from(e)));
    Ok(Json(Page::of(items, page.limit)))
}
