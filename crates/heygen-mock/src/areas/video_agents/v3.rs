//! HeyGen's v3 Video Agent routes: `/v3/video-agents` (create, list), its styles, and each
//! session's read, messages, stop, videos and resources.

use std::sync::Arc;

use axum::{
    Json, Router,
    extract::{Path, State},
    http::HeaderMap,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use heygen_api::types::{
    CreateVideoAgentV3Request as Create, CreateVideoAgentV3RequestMode as WireMode,
    CreateVideoAgentV3RequestOrientation as WireOrientation,
    SendVideoAgentMessageV3Request as Send, StopVideoAgentSessionV3Request as Stop, V3AssetInput,
};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{
    VideoAgentsArea,
    model::{
        Announced, Choices, DEFAULT_SECONDS, MAX_FILES, Mode, Resource, Run, RunFollower, STYLES,
        Session, Turn, asked_seconds, storyboard_at, style, title_of,
    },
};
use crate::{
    areas::videos::{NewVideo, VideoFacts},
    core::{
        envelope::{Generation, V3, v3},
        error::{ApiError, code},
        extract::{ApiJson, ApiQuery},
        ids::new_id,
        inputs::check_url,
        jobs::{ForcedOutcome, JobFailure, Outcome},
        layers,
        media::{Links, preview_link},
        pagination::{Page, PageQuery},
    },
};

/// Longest text the agent keeps as a run's script.
const MAX_SCRIPT_CHARS: usize = 1000;
/// Share of a 30-second video's render time a chat session thinks before its question.
const QUESTION_SHARE: f64 = 0.2;

/// The v3 video agent routes.
pub fn routes(area: Arc<VideoAgentsArea>) -> Router {
    let core = area.core.clone();
    let routes = Router::new()
        .route("/v3/video-agents", get(list).post(create))
        .route("/v3/video-agents/styles", get(styles))
        .route("/v3/video-agents/{session_id}", get(detail).post(send))
        .route("/v3/video-agents/{session_id}/stop", post(stop))
        .route("/v3/video-agents/{session_id}/videos", get(videos))
        .route(
            "/v3/video-agents/{session_id}/resources/{resource_id}",
            get(resource),
        );
    layers::authenticated(
        &core,
        Generation::V3,
        layers::idempotent(&core, crate::BODY_LIMIT, routes),
    )
    .with_state(area)
}

fn not_found(session_id: &str) -> ApiError {
    ApiError::not_found("video agent session", session_id).with_param("session_id")
}

/// What a new run is made of.
struct NewRun {
    /// The choices it renders with (the session takes them once it starts).
    choices: Choices,
    /// The message that starts it; `None` for a `generate` session's prompt.
    message: Option<Turn>,
    /// Files the message attached, as resources.
    files: Vec<(String, Resource)>,
}

impl VideoAgentsArea {
    /// A prompt or message: not blank (the schema bounds its length).
    fn check_text(text: &str, at: &str) -> Result<(), ApiError> {
        if text.trim().is_empty() {
            return Err(ApiError::invalid(format!("{at} must not be blank")).with_param(at));
        }
        Ok(())
    }

    /// Attached files, each checked like a v3 video's inputs; their resources, by new id.
    fn attachments(
        &self,
        files: Option<&Vec<V3AssetInput>>,
        now: u64,
    ) -> Result<Vec<(String, Resource)>, ApiError> {
        let files = files.map(Vec::as_slice).unwrap_or_default();
        if files.len() > MAX_FILES {
            return Err(ApiError::invalid(format!(
                "files holds {} items; at most {MAX_FILES} are allowed",
                files.len()
            ))
            .with_param("files"));
        }
        files
            .iter()
            .enumerate()
            .map(|(i, input)| {
                let kind = self.videos.check_file(input, &format!("files[{i}]"))?;
                Ok((new_id(""), attachment(input, kind, now)))
            })
            .collect()
    }

    /// An `avatar_id`, `voice_id` or `brand_kit_id` given with a create or a message,
    /// checked; the avatar's own voice when it has one.
    fn check_choices(
        &self,
        avatar_id: Option<&str>,
        voice_id: Option<&str>,
        brand_kit_id: Option<&str>,
    ) -> Result<Option<String>, ApiError> {
        let own_voice = avatar_id
            .map(|id| self.videos.check_look(id, "avatar_id"))
            .transpose()?
            .flatten();
        if let Some(id) = voice_id {
            self.videos.check_voice(id, "voice_id")?;
        }
        if let Some(id) = brand_kit_id {
            self.library.check_brand_kit(id, "brand_kit_id")?;
        }
        Ok(own_voice)
    }

    /// Starts a run of `session` with `choices`: a charged video of the length they ask for,
    /// whose end announces the session's events. Only once the video has started does the
    /// session take the choices, the attachments and the run, so a refused run (402, 429)
    /// changes nothing.
    fn start_run(
        &self,
        session_id: &str,
        session: &mut Session,
        run: NewRun,
        forced: ForcedOutcome,
    ) -> Result<String, ApiError> {
        let NewRun {
            choices,
            message,
            files,
        } = run;
        let announced = Arc::new(Announced::default());
        let new = NewVideo {
            estimated_seconds: choices.duration_seconds,
            title: Some(session.title.clone()),
            callback_id: session.callback_id.clone(),
            follower: Some(Arc::new(RunFollower {
                session_id: session_id.to_owned(),
                callback_url: session.callback_url.clone(),
                callback_id: session.callback_id.clone(),
                announced: announced.clone(),
            })),
            ..NewVideo::default()
        };
        let started = self.videos.start_charged_video(new, forced)?;
        // The mock's agent writes no script: the prompt, and a revision's message after it.
        let mut script: String = session.prompt.text.chars().take(MAX_SCRIPT_CHARS).collect();
        if let Some(m) = &message {
            script.push('\n');
            script.extend(m.text.chars().take(MAX_SCRIPT_CHARS));
        }
        let draft_id = new_id("");
        let draft = Resource {
            resource_type: "draft",
            source_type: "generated",
            url: None,
            created_ms: started.lifecycle.created_ms,
            metadata: choices.draft(&script),
        };
        session.resources.extend(files);
        session.resources.insert(draft_id.clone(), draft);
        let run_id = new_id("");
        session.runs.push(Run {
            run_id: run_id.clone(),
            video_id: started.id,
            draft_id,
            video_resource_id: new_id(""),
            message,
            storyboard_at_ms: storyboard_at(&started.lifecycle),
            storyboard_note: choices.storyboard_note(),
            announced,
        });
        session.choices = choices;
        Ok(run_id)
    }

    /// Whether `session` takes a message now: a chat session the agent is not busy in.
    fn check_open(
        session: &Session,
        latest: Option<&VideoFacts>,
        now: u64,
    ) -> Result<(), ApiError> {
        if session.mode == Mode::Generate {
            return Err(ApiError::invalid(
                "only sessions created with mode chat take messages; this one was created with mode generate",
            )
            .with_param("session_id"));
        }
        let (status, _) = session.status(latest, now);
        if status.is_busy() {
            return Err(ApiError::invalid(format!(
                "the session is {}: wait until it waits for input, completes or fails, or stop it first",
                status.as_str()
            ))
            .with_param("session_id"));
        }
        Ok(())
    }

    /// The latest run's video as it is now.
    fn latest_video(&self, session: &Session, links: &Links<'_>) -> Option<VideoFacts> {
        session
            .latest()
            .and_then(|run| self.videos.facts(&run.video_id, links))
    }
}

/// A file attached to a message, as a resource.
fn attachment(input: &V3AssetInput, asset_kind: Option<&'static str>, now: u64) -> Resource {
    let (resource_type, url, metadata) = match input {
        V3AssetInput::Url(u) => (
            kind_of_name(&u.url),
            Some(u.url.to_string()),
            json!({"type": "url"}),
        ),
        V3AssetInput::Id(a) => (
            asset_kind
                .filter(|kind| matches!(*kind, "image" | "video" | "audio"))
                .unwrap_or("file"),
            None,
            json!({"type": "asset_id", "asset_id": a.asset_id}),
        ),
        V3AssetInput::Base64(b) => (
            kind_of_media_type(&b.media_type),
            None,
            json!({"type": "base64", "media_type": b.media_type}),
        ),
    };
    Resource {
        resource_type,
        source_type: "user_uploaded",
        url,
        created_ms: now,
        metadata,
    }
}

/// A resource type from a file name's extension.
fn kind_of_name(url: &str) -> &'static str {
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or(url)
        .to_ascii_lowercase();
    let extension = path.rsplit_once('.').map_or("", |(_, ext)| ext);
    match extension {
        "png" | "jpg" | "jpeg" | "webp" | "gif" => "image",
        "mp4" | "mov" | "webm" => "video",
        "mp3" | "wav" | "m4a" | "aac" | "ogg" => "audio",
        _ => "file",
    }
}

/// A resource type from a MIME type.
fn kind_of_media_type(media_type: &str) -> &'static str {
    match media_type.split('/').next() {
        Some("image") => "image",
        Some("video") => "video",
        Some("audio") => "audio",
        _ => "file",
    }
}

#[derive(Debug, Serialize)]
struct Created {
    session_id: String,
    status: &'static str,
    video_id: Option<String>,
    created_at: u64,
}

async fn create(
    State(area): State<Arc<VideoAgentsArea>>,
    headers: HeaderMap,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<Create>,
) -> Result<Json<V3<Created>>, ApiError> {
    let prompt = request.prompt.to_string();
    VideoAgentsArea::check_text(&prompt, "prompt")?;
    let now = area.core.clock.now_ms();
    let files = area.attachments(request.files.as_ref(), now)?;
    let chosen_style = request
        .style_id
        .as_deref()
        .map(|id| style(id).ok_or_else(|| ApiError::not_found("style", id).with_param("style_id")))
        .transpose()?;
    let own_voice = area.check_choices(
        request.avatar_id.as_deref(),
        request.voice_id.as_deref(),
        request.brand_kit_id.as_deref(),
    )?;
    if let Some(url) = &request.callback_url {
        check_url(url, "callback_url")?;
    }
    let (default_avatar, default_voice) = area.videos.default_presenter();
    let avatar_id = request.avatar_id.clone().or(default_avatar);
    let voice_id = request.voice_id.clone().or(own_voice).or_else(|| {
        request
            .avatar_id
            .is_none()
            .then_some(default_voice)
            .flatten()
    });
    let orientation = match request.orientation {
        Some(WireOrientation::Portrait) => "portrait",
        Some(WireOrientation::Landscape) => "landscape",
        None => chosen_style.map_or("landscape", |s| s.orientation()),
    };
    let mode = match request.mode {
        Some(WireMode::Chat) => Mode::Chat,
        Some(WireMode::Generate) | None => Mode::Generate,
    };
    let question_ms =
        crate::core::clock::millis(area.core.config.job_duration.mul_f64(QUESTION_SHARE));
    let resource_ids = files.iter().map(|(id, _)| id.clone()).collect();
    let title = title_of(&prompt);
    let choices = Choices {
        avatar_id,
        voice_id,
        style_id: request.style_id.clone(),
        orientation,
        brand_kit_id: request.brand_kit_id.clone(),
        duration_seconds: asked_seconds(&prompt).unwrap_or(DEFAULT_SECONDS),
    };
    let mut session = Session {
        mode,
        question: choices.question(&title),
        title,
        choices,
        prompt: Turn {
            text: prompt,
            created_ms: now,
            resource_ids,
        },
        asks_at_ms: now.saturating_add(forced.duration.map_or(question_ms, |d| {
            crate::core::clock::millis(d.mul_f64(QUESTION_SHARE))
        })),
        callback_url: request.callback_url.clone(),
        callback_id: request.callback_id.clone(),
        resources: files.into_iter().collect(),
        runs: Vec::new(),
    };
    let session_id = new_id("");
    let mut sessions = area.sessions.lock();
    if mode == Mode::Generate {
        let run = NewRun {
            choices: session.choices.clone(),
            message: None,
            files: Vec::new(),
        };
        area.start_run(&session_id, &mut session, run, forced)?;
    }
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let latest = area.latest_video(&session, &links);
    let (status, _) = session.status(latest.as_ref(), links.now());
    let video_id = session.latest().map(|run| run.video_id.clone());
    sessions.insert(session_id.clone(), session);
    Ok(v3(Created {
        session_id,
        status: status.on_create(),
        video_id,
        created_at: now / 1000,
    }))
}

#[derive(Debug, Serialize)]
struct Summary<'a> {
    session_id: &'a str,
    created_at: u64,
    title: &'a str,
}

async fn list(
    State(area): State<Arc<VideoAgentsArea>>,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Response, ApiError> {
    let page = query.request(20, 100)?;
    let sessions = area.sessions.lock();
    let end = page
        .after
        .map_or(sessions.len(), |after| (after as usize).min(sessions.len()));
    let items = (0..end).rev().filter_map(|i| {
        sessions.get_index(i).map(|(id, s)| {
            let summary = Summary {
                session_id: id,
                created_at: s.prompt.created_ms / 1000,
                title: &s.title,
            };
            (i as u64, summary)
        })
    });
    // Serialized while the sessions are locked: the page borrows from them.
    Ok(Json(Page::of(items, page.limit)).into_response())
}

#[derive(Debug, Deserialize)]
struct StylesQuery {
    tag: Option<String>,
    limit: Option<u32>,
    token: Option<String>,
}

#[derive(Debug, Serialize)]
struct StyleView {
    style_id: &'static str,
    name: &'static str,
    thumbnail_url: String,
    preview_video_url: String,
    tags: &'static [&'static str],
    aspect_ratio: &'static str,
}

async fn styles(
    State(area): State<Arc<VideoAgentsArea>>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<StylesQuery>,
) -> Result<Json<Page<StyleView>>, ApiError> {
    let page = PageQuery {
        limit: query.limit,
        token: query.token,
    }
    .request(20, 100)?;
    let base = area.core.base_url(&headers);
    let items = STYLES
        .iter()
        .enumerate()
        .filter(|(i, _)| page.after.is_none_or(|after| *i as u64 > after))
        .filter(|(_, s)| query.tag.as_deref().is_none_or(|t| s.tags.contains(&t)))
        .map(|(i, s)| {
            let view = StyleView {
                style_id: s.style_id,
                name: s.name,
                thumbnail_url: preview_link(&base, "image.jpg", s.style_id),
                preview_video_url: preview_link(&base, "video.mp4", s.style_id),
                tags: s.tags,
                aspect_ratio: s.aspect_ratio,
            };
            (i as u64, view)
        });
    Ok(Json(Page::of(items, page.limit)))
}

#[derive(Debug, Serialize)]
struct Detail {
    session_id: String,
    status: &'static str,
    progress: u8,
    title: String,
    video_id: Option<String>,
    created_at: u64,
    messages: Vec<super::model::Message>,
}

async fn detail(
    State(area): State<Arc<VideoAgentsArea>>,
    headers: HeaderMap,
    Path(session_id): Path<String>,
) -> Result<Json<V3<Detail>>, ApiError> {
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let sessions = area.sessions.lock();
    let session = sessions
        .get(&session_id)
        .ok_or_else(|| not_found(&session_id))?;
    let latest = area.latest_video(session, &links);
    let (status, progress) = session.status(latest.as_ref(), links.now());
    let messages = session.messages(links.now(), |id| area.videos.facts(id, &links));
    Ok(v3(Detail {
        status: status.as_str(),
        progress,
        title: session.title.clone(),
        video_id: session.latest().map(|run| run.video_id.clone()),
        created_at: session.prompt.created_ms / 1000,
        messages,
        session_id,
    }))
}

#[derive(Debug, Serialize)]
struct Started {
    session_id: String,
    run_id: String,
    title: String,
}

async fn send(
    State(area): State<Arc<VideoAgentsArea>>,
    headers: HeaderMap,
    forced: ForcedOutcome,
    Path(session_id): Path<String>,
    ApiJson(request): ApiJson<Send>,
) -> Result<Json<V3<Started>>, ApiError> {
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let open = |sessions: &IndexMap<String, Session>| {
        let session = sessions
            .get(&session_id)
            .ok_or_else(|| not_found(&session_id))?;
        let latest = area.latest_video(session, &links);
        VideoAgentsArea::check_open(session, latest.as_ref(), links.now())
    };
    // Checked first without the message's own checks (which decode attachments) holding every
    // session, then again once locked for good: another message may have started a run since.
    open(&area.sessions.lock())?;
    let text = request.message.to_string();
    VideoAgentsArea::check_text(&text, "message")?;
    let files = area.attachments(request.files.as_ref(), links.now())?;
    let own_voice = area.check_choices(
        request.avatar_id.as_deref(),
        request.voice_id.as_deref(),
        request.brand_kit_id.as_deref(),
    )?;
    let mut sessions = area.sessions.lock();
    open(&sessions)?;
    let session = sessions
        .get_mut(&session_id)
        .ok_or_else(|| not_found(&session_id))?;
    let mut choices = session.choices.clone();
    if let Some(id) = &request.avatar_id {
        choices.avatar_id = Some(id.clone());
        choices.voice_id = request.voice_id.clone().or(own_voice);
    } else if let Some(id) = &request.voice_id {
        choices.voice_id = Some(id.clone());
    }
    if let Some(id) = &request.brand_kit_id {
        choices.brand_kit_id = Some(id.clone());
    }
    if let Some(seconds) = asked_seconds(&text) {
        choices.duration_seconds = seconds;
    }
    let run = NewRun {
        choices,
        message: Some(Turn {
            text,
            created_ms: links.now(),
            resource_ids: files.iter().map(|(id, _)| id.clone()).collect(),
        }),
        files,
    };
    let run_id = area.start_run(&session_id, session, run, forced)?;
    Ok(v3(Started {
        title: session.title.clone(),
        session_id,
        run_id,
    }))
}

#[derive(Debug, Serialize)]
struct Stopped {
    session_id: String,
}

async fn stop(
    State(area): State<Arc<VideoAgentsArea>>,
    Path(session_id): Path<String>,
    ApiJson(_): ApiJson<Stop>,
) -> Result<Json<V3<Stopped>>, ApiError> {
    let now = area.core.clock.now_ms();
    let mut sessions = area.sessions.lock();
    let session = sessions
        .get_mut(&session_id)
        .ok_or_else(|| not_found(&session_id))?;
    match session.latest() {
        // A chat session still working out its first question asks it now.
        None => session.asks_at_ms = session.asks_at_ms.min(now),
        Some(run) => {
            let stopped = Outcome::Failed(JobFailure {
                code: code::STOPPED,
                message: "Stopped".into(),
                detail: Some(
                    "The video agent session was stopped before the video finished".into(),
                ),
            });
            // A video that has already finished stays as it is.
            match area.core.jobs.force(&run.video_id, now, stopped) {
                Ok(_) => {
                    tracing::info!(session = %session_id, video = %run.video_id, "agent run stopped")
                }
                Err(e) => {
                    tracing::debug!(session = %session_id, error = %e.message, "nothing to stop")
                }
            }
        }
    }
    Ok(v3(Stopped { session_id }))
}

async fn videos(
    State(area): State<Arc<VideoAgentsArea>>,
    headers: HeaderMap,
    Path(session_id): Path<String>,
) -> Result<Response, ApiError> {
    let ids: Vec<String> = {
        let sessions = area.sessions.lock();
        let session = sessions
            .get(&session_id)
            .ok_or_else(|| not_found(&session_id))?;
        session
            .runs
            .iter()
            .rev()
            .map(|r| r.video_id.clone())
            .collect()
    };
    Ok(area
        .videos
        .v3_details(&headers, ids.iter().map(String::as_str)))
}

#[derive(Debug, Serialize)]
struct ResourceView<'a> {
    resource_id: &'a str,
    resource_type: &'static str,
    source_type: &'static str,
    url: Option<String>,
    thumbnail_url: Option<String>,
    preview_url: Option<String>,
    created_at: u64,
    metadata: Value,
}

async fn resource(
    State(area): State<Arc<VideoAgentsArea>>,
    headers: HeaderMap,
    Path((session_id, resource_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let sessions = area.sessions.lock();
    let session = sessions
        .get(&session_id)
        .ok_or_else(|| not_found(&session_id))?;
    if let Some(r) = session.resources.get(&resource_id) {
        return Ok(v3(ResourceView {
            resource_id: &resource_id,
            resource_type: r.resource_type,
            source_type: r.source_type,
            url: r.url.clone(),
            thumbnail_url: None,
            preview_url: None,
            created_at: r.created_ms / 1000,
            metadata: r.metadata.clone(),
        })
        .into_response());
    }
    let run = session
        .runs
        .iter()
        .find(|run| run.video_resource_id == resource_id)
        .ok_or_else(|| {
            ApiError::not_found("session resource", &resource_id).with_param("resource_id")
        })?;
    let facts = area.videos.facts(&run.video_id, &links);
    let (status, created_ms) = match &facts {
        Some(f) => {
            let phase = f.lifecycle.phase(links.now());
            let at = if phase.is_terminal() {
                f.lifecycle.finished_ms
            } else {
                f.lifecycle.created_ms
            };
            (phase.as_str(), at)
        }
        None => ("deleted", links.now()),
    };
    let file =
        |pick: fn(&VideoFacts) -> &Option<String>| facts.as_ref().and_then(|f| pick(f).clone());
    Ok(v3(ResourceView {
        resource_id: &resource_id,
        resource_type: "video",
        source_type: "generated",
        url: file(|f| &f.video_url),
        thumbnail_url: file(|f| &f.thumbnail_url),
        preview_url: file(|f| &f.gif_url),
        created_at: created_ms / 1000,
        metadata: json!({
            "run_id": run.run_id,
            "video_id": run.video_id,
            "status": status,
            "duration": facts.as_ref().and_then(|f| f.duration),
        }),
    })
    .into_response())
}
