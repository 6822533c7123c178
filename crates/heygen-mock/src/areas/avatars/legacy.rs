//! `GET /v2/avatars` (v2): avatars and talking photos with preview links.

use std::sync::Arc;

use axum::{Router, extract::State, http::HeaderMap, response::Response, routing::get};
use serde::Serialize;

use super::AvatarsArea;
use crate::core::{
    envelope::{Generation, v2},
    layers,
    media::preview_link,
};

/// The legacy avatar routes.
pub fn routes(area: Arc<AvatarsArea>) -> Router {
    let routes = Router::new().route("/v2/avatars", get(list));
    layers::authenticated(&area.core.clone(), Generation::V2, routes).with_state(area)
}

#[derive(Serialize)]
struct AvatarList<'a> {
    avatars: Vec<Avatar<'a>>,
    talking_photos: Vec<TalkingPhoto<'a>>,
}

#[derive(Serialize)]
struct Avatar<'a> {
    avatar_id: &'a str,
    avatar_name: &'a str,
    gender: &'a str,
    preview_image_url: String,
    preview_video_url: String,
    premium: bool,
    avatar_styles: &'a [String],
    default_voice_id: Option<&'a str>,
    tags: &'a [String],
}

#[derive(Serialize)]
struct TalkingPhoto<'a> {
    talking_photo_id: &'a str,
    talking_photo_name: &'a str,
    preview_image_url: String,
}

async fn list(State(area): State<Arc<AvatarsArea>>, headers: HeaderMap) -> Response {
    let base = area.core.base_url(&headers);
    area.core.responses.json("v2/avatars", &base, || {
        let catalogue = &area.catalogue;
        let avatars = catalogue
            .avatars
            .iter()
            .map(|a| Avatar {
                avatar_id: &a.avatar_id,
                avatar_name: &a.avatar_name,
                gender: &a.gender,
                preview_image_url: preview_link(&base, "image.jpg", &a.avatar_id),
                preview_video_url: preview_link(&base, "video.mp4", &a.avatar_id),
                premium: a.premium,
                avatar_styles: &a.avatar_styles,
                default_voice_id: a.default_voice_id.as_deref(),
                tags: &a.tags,
            })
            .collect();
        let talking_photos = catalogue
            .talking_photos
            .iter()
            .map(|t| TalkingPhoto {
                talking_photo_id: &t.talking_photo_id,
                talking_photo_name: &t.talking_photo_name,
                preview_image_url: preview_link(&base, "image.jpg", &t.talking_photo_id),
            })
            .collect();
        v2(AvatarList {
            avatars,
            talking_photos,
        })
        .0
    })
}
