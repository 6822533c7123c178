//! `GET /v2/voices` (v2): voices with preview audio.

use std::sync::Arc;

use axum::{Router, extract::State, http::HeaderMap, response::Response, routing::get};
use serde::Serialize;

use super::VoicesArea;
use crate::core::{
    envelope::{Generation, v2},
    layers,
    media::preview_link,
};

/// The legacy voice routes.
pub fn routes(area: Arc<VoicesArea>) -> Router {
    let routes = Router::new().route("/v2/voices", get(list));
    layers::authenticated(&area.core.clone(), Generation::V2, routes).with_state(area)
}

#[derive(Serialize)]
struct VoiceList<'a> {
    voices: Vec<Voice<'a>>,
}

#[derive(Serialize)]
struct Voice<'a> {
    voice_id: &'a str,
    language: &'a str,
    gender: &'a str,
    name: &'a str,
    preview_audio: String,
    support_pause: bool,
    emotion_support: bool,
    support_interactive_avatar: bool,
}

async fn list(State(area): State<Arc<VoicesArea>>, headers: HeaderMap) -> Response {
    let base = area.core.base_url(&headers);
    area.core.responses.json("v2/voices", &base, || {
        let voices = area
            .catalogue
            .voices
            .iter()
            .map(|v| Voice {
                voice_id: &v.voice_id,
                language: &v.language,
                gender: &v.gender,
                name: &v.name,
                preview_audio: preview_link(&base, "audio.mp3", &v.voice_id),
                support_pause: v.support_pause,
                emotion_support: v.emotion_support,
                support_interactive_avatar: v.support_interactive_avatar,
            })
            .collect();
        v2(VoiceList { voices }).0
    })
}
