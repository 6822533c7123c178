//! `GET /v2/avatars`: the avatar and talking-photo catalogue.

use axum::{Router, extract::State, http::HeaderMap, response::Response, routing::get};
use serde_json::{Value, json};

use crate::{error::v2, media::preview_link, state::AppState};

/// The avatar routes.
pub fn routes() -> Router<AppState> {
    Router::new().route("/v2/avatars", get(list))
}

async fn list(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let base = state.base_url(&headers);
    state.cached_json("avatars", base.clone(), || {
        let avatars: Vec<Value> = state
            .catalogue
            .avatars
            .iter()
            .map(|a| {
                json!({
                    "avatar_id": a.avatar_id,
                    "avatar_name": a.avatar_name,
                    "gender": a.gender,
                    "preview_image_url": preview_link(&base, "image.jpg", &a.avatar_id),
                    "preview_video_url": preview_link(&base, "video.mp4", &a.avatar_id),
                    "premium": a.premium,
                    "avatar_styles": a.avatar_styles,
                    "default_voice_id": a.default_voice_id,
                    "tags": a.tags,
                })
            })
            .collect();
        let talking_photos: Vec<Value> = state
            .catalogue
            .talking_photos
            .iter()
            .map(|t| {
                json!({
                    "talking_photo_id": t.talking_photo_id,
                    "talking_photo_name": t.talking_photo_name,
                    "preview_image_url": preview_link(&base, "image.jpg", &t.talking_photo_id),
                })
            })
            .collect();
        v2(json!({"avatars": avatars, "talking_photos": talking_photos})).0
    })
}
