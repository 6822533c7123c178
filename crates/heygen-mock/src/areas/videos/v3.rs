//! HeyGen's v3 video routes: `/v3/videos` (create, list, read, delete), batches and bulk
//! statuses. They read and write the same jobs as the legacy routes, so a video made through
//! `/v2/video/generate` shows here and the reverse.

use std::sync::Arc;

use axum::{
    Json, Router,
    extract::{Path, State},
    http::HeaderMap,
    response::{IntoResponse, Response},
    routing::get,
};
use heygen_api::types::{self as wire, CreateVideoV3Request as Create, V3AssetInput};
use serde::{Deserialize, Serialize};

use super::{
    VideosArea,
    model::{NewVideo, Video, VideoView},
    speech_seconds,
};
use crate::core::{
    batch::{BatchDetail, BatchRoutes, StatusEntry},
    envelope::{Generation, V3, v3},
    error::ApiError,
    extract::{ApiJson, ApiQuery},
    inputs::{check_url, field},
    jobs::{ForcedOutcome, Job},
    layers,
    media::Links,
    pagination::{Page, PageQuery},
};

/// Seconds assumed for audio or video the mock does not fetch.
const MEDIA_SECONDS: f64 = 10.0;
/// Longest script, in characters.
const MAX_SCRIPT_CHARS: usize = 5000;

/// The v3 video routes.
pub fn routes(area: Arc<VideosArea>) -> Router {
    let core = area.core.clone();
    let routes = Router::new()
        .route("/v3/videos", get(list).post(create))
        .route("/v3/videos/statuses", get(statuses))
        .route("/v3/videos/batches", axum::routing::post(create_batch))
        .route("/v3/videos/batches/{batch_id}", get(batch))
        .route("/v3/videos/{video_id}", get(detail).delete(remove));
    layers::authenticated(
        &core,
        Generation::V3,
        layers::idempotent(&core, crate::BODY_LIMIT, routes),
    )
    .with_state(area)
}

/// A video as v3 shows it.
#[derive(Debug, Serialize)]
struct VideoDetail<'a> {
    id: &'a str,
    status: &'static str,
    title: Option<&'a str>,
    created_at: u64,
    completed_at: Option<u64>,
    video_url: Option<String>,
    thumbnail_url: Option<String>,
    gif_url: Option<String>,
    captioned_video_url: Option<String>,
    subtitle_url: Option<String>,
    duration: Option<f64>,
    folder_id: Option<&'a str>,
    output_language: Option<&'a str>,
    failure_code: Option<String>,
    failure_message: Option<String>,
    video_page_url: Option<String>,
}

impl<'a> From<VideoView<'a>> for VideoDetail<'a> {
    fn from(v: VideoView<'a>) -> Self {
        Self {
            id: v.id,
            status: v.status,
            title: v.title,
            created_at: v.created_s,
            completed_at: v.finished_s,
            video_url: v.video_url,
            thumbnail_url: v.thumbnail_url,
            gif_url: v.gif_url,
            captioned_video_url: v.video_url_caption,
            subtitle_url: v.subtitle_url,
            duration: v.duration,
            folder_id: None,
            output_language: None,
            failure_code: v.failure.map(|f| f.v3_code()),
            failure_message: v.failure.map(|f| f.summary()),
            video_page_url: None,
        }
    }
}

#[derive(Debug, Serialize)]
struct Created {
    video_id: String,
    status: &'static str,
    output_format: &'static str,
}

#[derive(Debug, Serialize)]
struct Deleted {
    id: String,
    deleted: bool,
}

/// What a valid create body amounts to.
struct Plan {
    new: NewVideo,
    output_format: &'static str,
}

/// Checks a spoken part (script with a voice, or audio) and returns its length in seconds.
struct Speech<'a> {
    at: &'a str,
    script: Option<&'a str>,
    voice_id: Option<&'a str>,
    audio_url: Option<&'a str>,
    audio_asset_id: Option<&'a str>,
    speed: f64,
    /// The avatar's own voice, used when a script comes without `voice_id`.
    default_voice: Option<&'a str>,
}

impl Speech<'_> {
    fn seconds(&self, area: &VideosArea) -> Result<f64, ApiError> {
        let audio = self.audio_url.is_some() || self.audio_asset_id.is_some();
        match (self.script, audio) {
            (Some(_), true) => Err(ApiError::invalid(format!(
                "{}: script and audio_url / audio_asset_id are mutually exclusive",
                field(self.at, "script")
            ))
            .with_param(field(self.at, "script"))),
            (Some(script), false) => {
                let chars = script.chars().count();
                if script.trim().is_empty() || chars > MAX_SCRIPT_CHARS {
                    return Err(ApiError::invalid(format!(
                        "{} must hold 1 to {MAX_SCRIPT_CHARS} characters, has {chars}",
                        field(self.at, "script")
                    ))
                    .with_param(field(self.at, "script")));
                }
                let voice = self.voice_id.or(self.default_voice).ok_or_else(|| {
                    ApiError::invalid(format!(
                        "{} is required with a script",
                        field(self.at, "voice_id")
                    ))
                    .with_param(field(self.at, "voice_id"))
                })?;
                // A library voice or a complete clone of the account's.
                area.voices.usable(voice, &field(self.at, "voice_id"))?;
                Ok(speech_seconds(script, self.speed))
            }
            (None, true) => {
                if let Some(url) = self.audio_url {
                    check_url(url, &field(self.at, "audio_url"))?;
                }
                if let Some(id) = self.audio_asset_id {
                    area.check_asset_id(id, &field(self.at, "audio_asset_id"))?;
                }
                Ok(MEDIA_SECONDS)
            }
            (None, false) => Err(ApiError::invalid(format!(
                "{}: give script (with voice_id), audio_url or audio_asset_id",
                if self.at.is_empty() {
                    "the body"
                } else {
                    self.at
                }
            ))
            .with_param(field(self.at, "script"))),
        }
    }
}

fn check_background(
    background: Option<&wire::V3VideoBackground>,
    transparent: bool,
) -> Result<(), ApiError> {
    let Some(b) = background else { return Ok(()) };
    if transparent {
        return Err(ApiError::invalid(
            "background: output_format webm renders a transparent background; leave background out",
        )
        .with_param("background"));
    }
    let complete = match b.type_ {
        wire::V3VideoBackgroundType::Color => b.value.is_some(),
        wire::V3VideoBackgroundType::Image => b.url.is_some() || b.asset_id.is_some(),
    };
    if complete {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "background: a color background needs value, an image background url or asset_id",
        )
        .with_param("background"))
    }
}

fn speed(settings: Option<&wire::V3VoiceSettings>) -> f64 {
    settings.and_then(|s| s.speed).unwrap_or(1.0)
}

impl VideosArea {
    /// A file input: an http(s) URL, a completed uploaded asset, or valid base64.
    fn check_asset(&self, input: &V3AssetInput, at: &str) -> Result<(), ApiError> {
        self.assets.check_input(input, at, &[]).map(drop)
    }

    /// An uploaded asset that is completed (uploads are usable as inputs only then).
    fn check_asset_id(&self, asset_id: &str, at: &str) -> Result<(), ApiError> {
        self.assets.check_id(asset_id, at, &[]).map(drop)
    }

    /// An avatar look the v3 routes accept (see [`AvatarsArea::usable_look`]): its default
    /// voice, if it has one.
    ///
    /// [`AvatarsArea::usable_look`]: crate::areas::avatars::AvatarsArea::usable_look
    fn look(&self, id: &str, at: &str) -> Result<Option<&str>, ApiError> {
        self.avatars.usable_look(id, at)
    }

    /// Checks a create body and turns it into a job.
    fn plan(&self, request: &Create) -> Result<Plan, ApiError> {
        let webm = |f: Option<&wire::V3OutputFormat>| matches!(f, Some(wire::V3OutputFormat::Webm));
        let caption = |c: Option<&wire::V3Caption>| c.map(|c| c.style.is_some());
        let (seconds, script, transparent, captions, title, callback_id, callback_url) =
            match request {
                Create::AvatarVideo(r) => {
                    let default_voice = self.look(&r.avatar_id, "avatar_id")?;
                    let transparent = webm(r.output_format.as_ref());
                    check_background(r.background.as_ref(), transparent)?;
                    if let Some(id) = r.background.as_ref().and_then(|b| b.asset_id.as_deref()) {
                        self.check_asset_id(id, "background.asset_id")?;
                    }
                    if let Some(w) = &r.watermark {
                        self.check_asset(&w.image, "watermark.image")?;
                    }
                    let seconds = Speech {
                        at: "",
                        script: r.script.as_deref().map(String::as_str),
                        voice_id: r.voice_id.as_deref(),
                        audio_url: r.audio_url.as_deref(),
                        audio_asset_id: r.audio_asset_id.as_deref(),
                        speed: speed(r.voice_settings.as_ref()),
                        default_voice,
                    }
                    .seconds(self)?;
                    (
                        seconds,
                        r.script.as_deref().cloned(),
                        transparent,
                        caption(r.caption.as_ref()),
                        r.title.clone(),
                        r.callback_id.clone(),
                        r.callback_url.clone(),
                    )
                }
                Create::ImageVideo(r) => {
                    self.check_asset(&r.image, "image")?;
                    let transparent = webm(r.output_format.as_ref());
                    check_background(r.background.as_ref(), transparent)?;
                    if let Some(id) = r.background.as_ref().and_then(|b| b.asset_id.as_deref()) {
                        self.check_asset_id(id, "background.asset_id")?;
                    }
                    if let Some(w) = &r.watermark {
                        self.check_asset(&w.image, "watermark.image")?;
                    }
                    let seconds = Speech {
                        at: "",
                        script: r.script.as_deref().map(String::as_str),
                        voice_id: r.voice_id.as_deref(),
                        audio_url: r.audio_url.as_deref(),
                        audio_asset_id: r.audio_asset_id.as_deref(),
                        speed: speed(r.voice_settings.as_ref()),
                        default_voice: None,
                    }
                    .seconds(self)?;
                    (
                        seconds,
                        r.script.as_deref().cloned(),
                        transparent,
                        caption(r.caption.as_ref()),
                        r.title.clone(),
                        r.callback_id.clone(),
                        r.callback_url.clone(),
                    )
                }
                Create::CinematicAvatarVideo(r) => {
                    for (i, id) in r.avatar_id.iter().enumerate() {
                        self.look(id, &format!("avatar_id[{i}]"))?;
                    }
                    for (i, reference) in r.references.iter().flatten().enumerate() {
                        self.check_asset(reference, &format!("references[{i}]"))?;
                    }
                    if r.auto_duration.unwrap_or(false) && r.duration.is_some() {
                        return Err(ApiError::invalid(
                            "duration: leave it out when auto_duration is true",
                        )
                        .with_param("duration"));
                    }
                    let seconds = r.duration.unwrap_or(10) as f64;
                    (seconds, None, false, None, r.title.clone(), None, None)
                }
                Create::StudioVideo(r) => {
                    let mut seconds = 0.0;
                    let mut scripts = Vec::new();
                    for (i, scene) in r.scenes.iter().enumerate() {
                        let (scene_seconds, script) = self.studio_scene(i, scene)?;
                        seconds += scene_seconds;
                        scripts.extend(script);
                    }
                    if let Some(w) = &r.watermark {
                        self.check_asset(&w.image, "watermark.image")?;
                    }
                    let script = (!scripts.is_empty()).then(|| scripts.join(" "));
                    (
                        seconds,
                        script,
                        false,
                        caption(r.caption.as_ref()),
                        r.title.clone(),
                        r.callback_id.clone(),
                        r.callback_url.clone(),
                    )
                }
            };
        if let Some(url) = &callback_url {
            check_url(url, "callback_url")?;
        }
        let output_format = if transparent { "webm" } else { "mp4" };
        Ok(Plan {
            new: NewVideo {
                estimated_seconds: seconds,
                transparent,
                include_gif: false,
                // Captions need words: a video of audio alone gets none.
                caption_script: captions.and(script),
                burn_in: captions == Some(true),
                title,
                callback_id,
                callback_url,
                follower: None,
            },
            output_format,
        })
    }

    /// One studio scene's length and spoken script.
    fn studio_scene(
        &self,
        index: usize,
        scene: &wire::StudioScene,
    ) -> Result<(f64, Option<String>), ApiError> {
        let at = format!("scenes[{index}]");
        match scene {
            wire::StudioScene::AvatarVideoScene(s) => {
                let at = format!("{at}.input");
                let (speech, script) = match &s.input {
                    wire::StudioSpeakerSource::AvatarSource(a) => {
                        let default_voice = self.look(&a.avatar_id, &field(&at, "avatar_id"))?;
                        let speech = Speech {
                            at: &at,
                            script: a.script.as_deref().map(String::as_str),
                            voice_id: a.voice_id.as_deref(),
                            audio_url: a.audio_url.as_deref(),
                            audio_asset_id: a.audio_asset_id.as_deref(),
                            speed: speed(a.voice_settings.as_ref()),
                            default_voice,
                        }
                        .seconds(self)?;
                        (speech, a.script.as_deref().cloned())
                    }
                    wire::StudioSpeakerSource::ImageSource(i) => {
                        self.check_asset(&i.image, &field(&at, "image"))?;
                        let speech = Speech {
                            at: &at,
                            script: i.script.as_deref().map(String::as_str),
                            voice_id: i.voice_id.as_deref(),
                            audio_url: i.audio_url.as_deref(),
                            audio_asset_id: i.audio_asset_id.as_deref(),
                            speed: speed(i.voice_settings.as_ref()),
                            default_voice: None,
                        }
                        .seconds(self)?;
                        (speech, i.script.as_deref().cloned())
                    }
                };
                Ok((speech, script))
            }
            wire::StudioScene::ImageScene(s) => {
                self.check_asset(&s.source, &field(&at, "source"))?;
                let narrated =
                    s.script.is_some() || s.audio_url.is_some() || s.audio_asset_id.is_some();
                match (s.duration, narrated) {
                    (Some(_), true) => Err(ApiError::invalid(format!(
                        "{at}: a silent duration and a narration are mutually exclusive"
                    ))
                    .with_param(field(&at, "duration"))),
                    (Some(duration), false) => Ok((duration, None)),
                    (None, _) => {
                        let speech = Speech {
                            at: &at,
                            script: s.script.as_deref().map(String::as_str),
                            voice_id: s.voice_id.as_deref(),
                            audio_url: s.audio_url.as_deref(),
                            audio_asset_id: s.audio_asset_id.as_deref(),
                            speed: speed(s.voice_settings.as_ref()),
                            default_voice: None,
                        }
                        .seconds(self)?;
                        Ok((speech, s.script.as_deref().cloned()))
                    }
                }
            }
            wire::StudioScene::VideoScene(s) => {
                self.check_asset(&s.source, &field(&at, "source"))?;
                Ok((MEDIA_SECONDS, None))
            }
        }
    }

    /// Charges, then starts a planned video; its id and first status.
    fn start_charged(
        &self,
        new: NewVideo,
        forced: ForcedOutcome,
    ) -> Result<(String, &'static str), ApiError> {
        let started = self.start_charged_job(new, forced)?;
        let status = started.lifecycle.phase(self.core.clock.now_ms()).as_str();
        Ok((started.id, status))
    }
}

async fn create(
    State(area): State<Arc<VideosArea>>,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<Create>,
) -> Result<Json<V3<Created>>, ApiError> {
    let plan = area.plan(&request)?;
    let (video_id, status) = area.start_charged(plan.new, forced)?;
    Ok(v3(Created {
        video_id,
        status,
        output_format: plan.output_format,
    }))
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    limit: Option<u32>,
    token: Option<String>,
    folder_id: Option<String>,
    title: Option<String>,
}

fn detail_of<'a>(id: &'a str, job: &'a Job<Video>, links: &Links<'_>) -> VideoDetail<'a> {
    VideoDetail::from(Video::view(id, job, links))
}

async fn list(
    State(area): State<Arc<VideosArea>>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Response, ApiError> {
    let page = PageQuery {
        limit: query.limit,
        token: query.token,
    }
    .request(10, 100)?;
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let videos = area.jobs.lock();
    let matching = videos
        .newest_first(page.after)
        // No video of the mock is in a folder.
        .filter(|_| query.folder_id.is_none())
        .filter(|(_, _, job)| {
            query
                .title
                .as_deref()
                .is_none_or(|t| job.data.title().is_some_and(|title| title.contains(t)))
        })
        .map(|(seq, id, job)| (seq, detail_of(id, job, &links)));
    // Serialized while the store is locked: the answer borrows from the jobs.
    Ok(Json(Page::of(matching, page.limit)).into_response())
}

async fn detail(
    State(area): State<Arc<VideosArea>>,
    headers: HeaderMap,
    Path(video_id): Path<String>,
) -> Result<Response, ApiError> {
    area.v3_detail(&headers, &video_id)
}

impl VideosArea {
    /// A video as `GET /v3/videos/{video_id}` answers it (template renders answer the same).
    pub fn v3_detail(&self, headers: &HeaderMap, video_id: &str) -> Result<Response, ApiError> {
        let base = self.core.base_url(headers);
        let links = self.core.links(&base);
        let videos = self.jobs.lock();
        let job = videos
            .get(video_id)
            .ok_or_else(|| ApiError::not_found("video", video_id).with_param("video_id"))?;
        Ok(v3(detail_of(video_id, job, &links)).into_response())
    }
}

impl VideosArea {
    /// Videos by id as `GET /v3/videos` lists them, in the order given, in one page; ids of
    /// deleted videos are left out.
    pub fn v3_details<'i>(
        &self,
        headers: &HeaderMap,
        ids: impl IntoIterator<Item = &'i str>,
    ) -> Response {
        let base = self.core.base_url(headers);
        let links = self.core.links(&base);
        let videos = self.jobs.lock();
        let details = ids
            .into_iter()
            .filter_map(|id| videos.get(id).map(|job| detail_of(id, job, &links)))
            .collect();
        Json(Page::all(details)).into_response()
    }
}

async fn remove(
    State(area): State<Arc<VideosArea>>,
    Path(video_id): Path<String>,
) -> Result<Json<V3<Deleted>>, ApiError> {
    area.jobs
        .lock()
        .remove(&video_id)
        .ok_or_else(|| ApiError::not_found("video", &video_id).with_param("video_id"))?;
    Ok(v3(Deleted {
        id: video_id,
        deleted: true,
    }))
}

impl VideosArea {
    fn batch_routes(&self) -> BatchRoutes<'_, Video> {
        BatchRoutes {
            core: &self.core,
            batches: &self.batches,
            table: &self.jobs,
            noun: "video",
        }
    }
}

async fn create_batch(
    State(area): State<Arc<VideosArea>>,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<wire::CreateVideoBatchV3Request>,
) -> Result<Response, ApiError> {
    let planned = request
        .videos
        .iter()
        .map(|video| {
            area.plan(video).map(|plan| {
                let cost = crate::core::credits::cost_of(plan.new.estimated_seconds);
                (plan, cost)
            })
        })
        .collect();
    area.batch_routes().create(
        request.title.clone(),
        request.callback_url.clone(),
        planned,
        |mut plan, member| {
            plan.new.follower = Some(member);
            area.start_job(plan.new, forced.clone())
                .map(|started| started.id)
        },
    )
}

async fn batch(
    State(area): State<Arc<VideosArea>>,
    Path(batch_id): Path<String>,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<V3<BatchDetail>>, ApiError> {
    area.batch_routes().read(batch_id, &query)
}

#[derive(Debug, Deserialize)]
struct StatusesQuery {
    video_ids: Option<String>,
    batch_ids: Option<String>,
}

async fn statuses(
    State(area): State<Arc<VideosArea>>,
    ApiQuery(query): ApiQuery<StatusesQuery>,
) -> Result<Json<Page<StatusEntry>>, ApiError> {
    area.batch_routes().statuses(
        query.video_ids.as_deref(),
        query.batch_ids.as_deref(),
        "video_ids",
    )
}
