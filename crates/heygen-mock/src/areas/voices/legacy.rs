//! The legacy voice routes: `GET /v2/voices` (v2) and `GET /v1/voice.list` (v1), voices with
//! preview audio; `GET /v1/brand_voice/list` and `GET /v2/brand_voice/list`, the brand voices.

use std::sync::Arc;

use axum::{Json, Router, extract::State, http::HeaderMap, response::Response, routing::get};
use serde::{Deserialize, Serialize};

use super::{BRAND_VOICES, BrandVoice, VoicesArea};
use crate::core::{
    envelope::{Generation, V2, v1, v2},
    error::ApiError,
    extract::ApiQuery,
    layers,
    media::preview_link,
    pagination::{Page, PageQuery},
};

/// The legacy voice routes.
pub fn routes(area: Arc<VoicesArea>) -> Router {
    let core = area.core.clone();
    let v2_routes = Router::new()
        .route("/v2/voices", get(list))
        .route("/v1/brand_voice/list", get(brand_voices))
        .route("/v2/brand_voice/list", get(brand_voices));
    let v1_routes = Router::new().route("/v1/voice.list", get(list_v1));
    Router::new()
        .merge(layers::authenticated(&core, Generation::V2, v2_routes))
        .merge(layers::authenticated(&core, Generation::V1, v1_routes))
        .with_state(area)
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

/// A voice under its v1 keys: `name` is also `display_name`, and `support_realtime` says
/// whether streaming avatars could use it (streaming was retired on 2026-03-31).
#[derive(Serialize)]
struct VoiceV1<'a> {
    voice_id: &'a str,
    language: &'a str,
    gender: &'a str,
    name: &'a str,
    display_name: &'a str,
    preview_audio: String,
    support_pause: bool,
    emotion_support: bool,
    support_realtime: bool,
}

#[derive(Serialize)]
struct VoiceListV1<'a> {
    list: Vec<VoiceV1<'a>>,
}

async fn list_v1(State(area): State<Arc<VoicesArea>>, headers: HeaderMap) -> Response {
    let base = area.core.base_url(&headers);
    area.core.responses.json("v1/voice.list", &base, || {
        let list = area
            .catalogue
            .voices
            .iter()
            .map(|v| VoiceV1 {
                voice_id: &v.voice_id,
                language: &v.language,
                gender: &v.gender,
                name: &v.name,
                display_name: &v.name,
                preview_audio: preview_link(&base, "audio.mp3", &v.voice_id),
                support_pause: v.support_pause,
                emotion_support: v.emotion_support,
                support_realtime: v.support_interactive_avatar,
            })
            .collect();
        v1(VoiceListV1 { list }).0
    })
}

#[derive(Deserialize)]
struct BrandVoiceQuery {
    limit: Option<u32>,
    token: Option<String>,
    #[serde(default)]
    name_only: bool,
}

/// A brand voice, or only its id and name (`name_only=true`).
#[derive(Serialize)]
#[serde(untagged)]
enum BrandVoiceItem {
    Whole(&'static BrandVoice),
    Named {
        id: &'static str,
        name: &'static str,
    },
}

#[derive(Serialize)]
struct BrandVoiceList {
    list: Vec<BrandVoiceItem>,
    total: usize,
    token: Option<String>,
}

async fn brand_voices(
    ApiQuery(query): ApiQuery<BrandVoiceQuery>,
) -> Result<Json<V2<BrandVoiceList>>, ApiError> {
    // HeyGen takes 0 to 100; 0 asks for the default page size.
    let page = PageQuery {
        limit: query.limit.filter(|l| *l > 0),
        token: query.token,
    }
    .request(100, 100)?;
    let items = BRAND_VOICES
        .iter()
        .enumerate()
        .map(|(i, voice)| (i as u64, voice))
        .filter(|(i, _)| page.after.is_none_or(|after| *i > after))
        .map(|(i, voice)| {
            let item = if query.name_only {
                BrandVoiceItem::Named {
                    id: voice.id,
                    name: voice.name,
                }
            } else {
                BrandVoiceItem::Whole(voice)
            };
            (i, item)
        });
    let page = Page::of(items, page.limit);
    Ok(v2(BrandVoiceList {
        list: page.data,
        total: BRAND_VOICES.len(),
        token: page.next_token,
    }))
}
