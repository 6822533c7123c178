//! `POST /_mock/jobs/fill`: stores N completed videos at once, for benchmarks of reads at
//! scale. Mock-only, like everything under `/_mock`.

use std::{sync::Arc, time::Duration};

use axum::{Json, Router, extract::State, routing::post};
use serde::{Deserialize, Serialize};

use super::{NewVideo, VideosArea};
use crate::core::{
    error::ApiError,
    extract::JsonObject,
    jobs::{Lifecycle, Outcome},
};

/// Largest fill in one call.
const FILL_LIMIT: usize = 2_000_000;

pub fn routes(area: Arc<VideosArea>) -> Router {
    Router::new()
        .route("/_mock/jobs/fill", post(fill))
        .with_state(area)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fill {
    count: usize,
}

#[derive(Serialize)]
struct Filled {
    stored: usize,
    first_id: String,
}

async fn fill(
    State(area): State<Arc<VideosArea>>,
    JsonObject(fill): JsonObject<Fill>,
) -> Result<Json<Filled>, ApiError> {
    if fill.count > FILL_LIMIT {
        return Err(ApiError::invalid(format!(
            "count must be at most {FILL_LIMIT}"
        )));
    }
    let now = area.core.clock.now_ms();
    let mut videos = area.jobs.lock();
    videos.reserve(fill.count);
    let start = videos.len();
    for i in 0..fill.count {
        let lifecycle = Lifecycle::new(now, Duration::ZERO, Outcome::Completed);
        let new = NewVideo {
            estimated_seconds: 10.0,
            ..NewVideo::default()
        };
        videos.insert(format!("fill{:028x}", start + i), lifecycle, new.into());
    }
    Ok(Json(Filled {
        stored: videos.len(),
        first_id: format!("fill{start:028x}"),
    }))
}
