//! `GET /_mock/requests`, `GET /_mock/webhooks/deliveries` and
//! `POST /_mock/webhooks/deliveries/{id}/resend`.

use axum::{
    Json,
    extract::{Path, Query, State},
};
use serde::{Deserialize, Serialize};

use crate::core::{
    Core,
    error::ApiError,
    requests::{LoggedRequest, REQUEST_LOG_LIMIT},
    webhooks::Delivery,
};

#[derive(Deserialize)]
pub struct Limit {
    limit: Option<usize>,
}

#[derive(Serialize)]
pub struct Requests {
    requests: Vec<LoggedRequest>,
}

pub async fn requests(State(core): State<Core>, Query(q): Query<Limit>) -> Json<Requests> {
    Json(Requests {
        requests: core.requests.recent(q.limit.unwrap_or(REQUEST_LOG_LIMIT)),
    })
}

#[derive(Serialize)]
pub struct Deliveries {
    deliveries: Vec<Delivery>,
}

pub async fn deliveries(State(core): State<Core>) -> Json<Deliveries> {
    Json(Deliveries {
        deliveries: core.webhooks.deliveries.deliveries(),
    })
}

#[derive(Serialize)]
pub struct Resent {
    delivery: Delivery,
}

pub async fn resend(
    State(core): State<Core>,
    Path(id): Path<String>,
) -> Result<Json<Resent>, ApiError> {
    let delivery = core
        .webhooks
        .deliveries
        .resend(&id)
        .ok_or_else(|| ApiError::not_found("delivery", &id))?;
    Ok(Json(Resent { delivery }))
}
