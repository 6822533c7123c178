//! `GET /v2/voices`: the voice catalogue.

use axum::{Router, extract::State, http::HeaderMap, response::Response, routing::get};
use serde_json::{Value, json};

use crate::{error::v2, media::preview_link, state::AppState};

/// The voice routes.
pub fn routes() -> Router<AppState> {
    Router::new().route("/v2/voices", get(list))
}

async fn list(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let base = state.base_url(&headers);
    state.cached_json("voices", base.clone(), || {
        let voices: Vec<Value> = state
            .catalogue
            .voices
            .iter()
            .map(|v| {
                json!({
                    "voice_id": v.voice_id,
                    "language": v.language,
                    "gender": v.gender,
                    "name": v.name,
                    "preview_audio": preview_link(&base, "audio.mp3", &v.voice_id),
                    "support_pause": v.support_pause,
                    "emotion_support": v.emotion_support,
                    "support_interactive_avatar": v.support_interactive_avatar,
                })
            })
            .collect();
        v2(json!({"voices": voices})).0
    })
}
