//! HeyGen's v3 library routes: `GET /v3/audio/sounds` (search by description) and
//! `GET /v3/brand-kits`.

use std::sync::Arc;

use axum::{
    Json, Router,
    extract::State,
    http::HeaderMap,
    response::{IntoResponse, Response},
    routing::get,
};
use serde::{Deserialize, Serialize};

use super::{
    LibraryArea,
    model::{BRAND_KITS, BrandKit, FILE, KIND, SOUNDS, Sound, SoundType},
};
use crate::core::{
    envelope::Generation,
    error::ApiError,
    extract::ApiQuery,
    layers,
    pagination::{Page, PageQuery},
};

/// The score of a track none of whose words the query has.
const SCORE_FLOOR: f64 = 0.5;
/// `min_score` when absent.
const DEFAULT_MIN_SCORE: f64 = 0.7;

/// The library routes.
pub fn routes(area: Arc<LibraryArea>) -> Router {
    let core = area.core.clone();
    let routes = Router::new()
        .route("/v3/audio/sounds", get(sounds))
        .route("/v3/brand-kits", get(brand_kits));
    layers::authenticated(&core, Generation::V3, routes).with_state(area)
}

#[derive(Debug, Deserialize)]
struct SoundQuery {
    query: Option<String>,
    #[serde(rename = "type")]
    type_: Option<SoundType>,
    limit: Option<u32>,
    min_score: Option<f64>,
    token: Option<String>,
}

#[derive(Debug, Serialize)]
struct SoundItem {
    id: &'static str,
    name: &'static str,
    description: &'static str,
    audio_url: String,
    score: f64,
    #[serde(rename = "type")]
    type_: SoundType,
    duration: Option<f64>,
    peak_offset: Option<f64>,
    placement: Option<&'static str>,
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The mock's stand-in for semantic similarity: 0.5 plus half the share of the query's words
/// that the track's name or description holds (so 1 when it holds them all), to 3 decimals.
fn score(sound: &Sound, query: &[String]) -> f64 {
    let indexed = words(&format!("{} {}", sound.name, sound.description));
    let found = query.iter().filter(|w| indexed.contains(w)).count();
    let share = found as f64 / query.len().max(1) as f64;
    ((SCORE_FLOOR + (1.0 - SCORE_FLOOR) * share) * 1000.0).round() / 1000.0
}

async fn sounds(
    State(area): State<Arc<LibraryArea>>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<SoundQuery>,
) -> Result<Response, ApiError> {
    let text = query.query.as_deref().map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return Err(
            ApiError::invalid("query is required: describe the audio you want").with_param("query"),
        );
    }
    let min_score = query.min_score.unwrap_or(DEFAULT_MIN_SCORE);
    if !(0.0..=1.0).contains(&min_score) {
        return Err(ApiError::invalid(format!(
            "min_score must be between 0 and 1, not {min_score}"
        ))
        .with_param("min_score"));
    }
    let page = PageQuery {
        limit: query.limit,
        token: query.token,
    }
    .request(10, 50)?;
    let kind = query.type_.unwrap_or(SoundType::Music);
    let wanted = words(text);
    // Ranked best first, the library order breaking ties; a token is a position in that
    // ranking, which the same query always reproduces.
    let mut ranked: Vec<(f64, &Sound)> = SOUNDS
        .iter()
        .filter(|s| s.kind == kind)
        .map(|s| (score(s, &wanted), s))
        .filter(|(score, _)| *score >= min_score)
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let items = ranked
        .into_iter()
        .enumerate()
        .filter(|(i, _)| page.after.is_none_or(|after| *i as u64 > after))
        .map(|(i, (score, sound))| {
            let item = SoundItem {
                id: sound.id,
                name: sound.name,
                description: sound.description,
                audio_url: links.job(KIND, sound.id, FILE),
                score,
                type_: sound.kind,
                duration: Some(sound.duration),
                peak_offset: sound.placement.map(|p| p.peak_offset),
                placement: sound.placement.map(|p| p.mode),
            };
            (i as u64, item)
        });
    Ok(Json(Page::of(items, page.limit)).into_response())
}

async fn brand_kits(
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<Page<&'static BrandKit>>, ApiError> {
    let page = query.request(20, 100)?;
    let items = BRAND_KITS
        .iter()
        .enumerate()
        .filter(|(i, _)| page.after.is_none_or(|after| *i as u64 > after))
        .map(|(i, kit)| (i as u64, kit));
    Ok(Json(Page::of(items, page.limit)))
}
