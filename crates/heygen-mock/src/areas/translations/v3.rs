//! HeyGen's v3 translation routes: `/v3/video-translations` (create, list, read, rename,
//! delete), its languages, batches of up to 100 and bulk statuses; and proofreads (create,
//! read, the SRT out and back in, render).

use std::sync::Arc;

use axum::{
    Json, Router,
    extract::{Path, State},
    http::HeaderMap,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use heygen_api::types::{
    CreateProofreadV3Request, CreateVideoTranslationBatchV3Request,
    CreateVideoTranslationV3Request as Create, CreateVideoTranslationV3RequestSrtRole as SrtRole,
    GenerateFromProofreadV3Request, UpdateVideoTranslationV3Request, UploadProofreadSrtV3Request,
    V3MediaInput,
};
use serde::{Deserialize, Serialize};

use super::{
    SOURCE_SECONDS, TARGET_LANGUAGES, TranslationsArea, check_language,
    model::{KIND, Translation, TranslationView},
    proofread::{self, Proofread},
};
use crate::core::{
    batch::{BatchDetail, BatchRoutes, StatusEntry},
    captions::Cue,
    clock::Millis,
    credits::cost_of,
    envelope::{Generation, V3, v3},
    error::ApiError,
    extract::{ApiJson, ApiQuery},
    inputs::{check_url, span_seconds},
    jobs::{ForcedOutcome, Job, JobData, JobTable, NewJob, Outcome, Phase, Started},
    layers,
    media::Links,
    pagination::{Page, PageQuery},
};

/// The v3 translation and proofread routes.
pub fn routes(area: Arc<TranslationsArea>) -> Router {
    let core = area.core.clone();
    let proofread_path = "/v3/video-translations/proofreads/{proofread_id}";
    let routes = Router::new()
        .route("/v3/video-translations", get(list).post(create))
        .route("/v3/video-translations/languages", get(languages))
        .route("/v3/video-translations/batches", post(create_batch))
        .route("/v3/video-translations/batches/{batch_id}", get(batch))
        .route("/v3/video-translations/statuses", get(statuses))
        .route("/v3/video-translations/proofreads", post(create_proofread))
        .route(proofread_path, get(proofread_detail))
        .route(
            &format!("{proofread_path}/srt"),
            get(proofread_srt).put(upload_srt),
        )
        .route(&format!("{proofread_path}/generate"), post(generate))
        .route(
            "/v3/video-translations/{video_translation_id}",
            get(detail).patch(update).delete(remove),
        );
    layers::authenticated(
        &core,
        Generation::V3,
        layers::idempotent(&core, crate::BODY_LIMIT, routes),
    )
    .with_state(area)
}

/// A translation as v3 shows it.
#[derive(Debug, Serialize)]
struct TranslationDetail<'a> {
    id: &'a str,
    status: &'static str,
    title: Option<&'a str>,
    output_language: &'a str,
    input_language: Option<&'a str>,
    duration: Option<f64>,
    translate_audio_only: bool,
    video_url: Option<String>,
    audio_url: Option<String>,
    srt_caption_url: Option<String>,
    vtt_caption_url: Option<String>,
    callback_id: Option<&'a str>,
    created_at: u64,
    failure_message: Option<String>,
}

fn detail_of<'a>(
    id: &'a str,
    job: &'a Job<Translation>,
    links: &Links<'_>,
) -> TranslationDetail<'a> {
    let v: TranslationView<'a> = Translation::view(id, job, links);
    let caption = |file| v.has_captions.then(|| links.job(KIND, id, file));
    TranslationDetail {
        id: v.id,
        // v3 says `running` where the engine says `processing`.
        status: if v.status == "processing" {
            "running"
        } else {
            v.status
        },
        title: v.title,
        output_language: v.output_language,
        input_language: v.input_language,
        duration: v.duration,
        translate_audio_only: v.audio_only,
        srt_caption_url: caption("captions.srt"),
        vtt_caption_url: caption("captions.vtt"),
        video_url: v.video_url,
        audio_url: v.audio_url,
        callback_id: v.callback_id,
        created_at: v.created_s,
        failure_message: v.failure.map(|f| f.summary()),
    }
}

#[derive(Debug, Serialize)]
struct Created {
    video_translation_ids: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Deleted {
    id: String,
}

#[derive(Debug, Serialize)]
struct Languages {
    languages: &'static [&'static str],
}

/// How the engine times a translation: by its output length; it completes unless forced
/// (its inputs were checked before it started).
fn new_job(translation: &Translation) -> NewJob {
    NewJob {
        id_prefix: "vt_",
        estimated_seconds: translation.seconds,
        outcome: Outcome::Completed,
    }
}

impl TranslationsArea {
    /// Checks a create body (what the schema cannot say) and turns it into one translation
    /// per output language.
    fn plan(&self, request: &Create) -> Result<Vec<Translation>, ApiError> {
        self.assets
            .check_media(&request.video, "video", &["video"])?;
        if let Some(audio) = &request.audio {
            // A video's sound track is audio too.
            self.assets
                .check_media(audio, "audio", &["audio", "video"])?;
        }
        for (i, language) in request.output_languages.iter().enumerate() {
            check_language(language, &format!("output_languages[{i}]"))?;
        }
        if let Some(url) = &request.callback_url {
            check_url(url, "callback_url")?;
        }
        if let Some(config) = &request.stock_voice_config {
            for (i, voice) in config
                .preferred_stock_voice_ids
                .iter()
                .flatten()
                .enumerate()
            {
                let at = format!("stock_voice_config.preferred_stock_voice_ids[{i}]");
                self.catalogue
                    .voice(voice)
                    .ok_or_else(|| ApiError::not_found("voice", voice).with_param(&at))?;
            }
        }
        // Subtitles for the output become its captions; the mock reads uploads only (it
        // fetches nothing), so a URL is checked and taken as HeyGen would, but not read.
        let script = match (&request.srt, request.srt_role) {
            (Some(srt @ V3MediaInput::Id(_)), Some(SrtRole::Output)) => {
                Some(self.read_srt(srt, "srt")?)
            }
            (Some(srt), _) => {
                self.assets.check_media(srt, "srt", &["subtitle"])?;
                None
            }
            (None, _) => None,
        };
        let seconds = span_seconds(request.start_time, request.end_time, SOURCE_SECONDS)?;
        Ok(request
            .output_languages
            .iter()
            .map(|language| Translation {
                output_language: language.as_str().into(),
                callback_id: request.callback_id.as_deref().map(Into::into),
                callback_url: request.callback_url.as_deref().map(Into::into),
                title: request.title.as_deref().map(Into::into),
                captions: request.enable_caption.unwrap_or(false),
                seconds,
                input_language: request.input_language.as_deref().map(Into::into),
                audio_only: request.translate_audio_only.unwrap_or(false),
                script: script.clone(),
                batch: None,
            })
            .collect())
    }

    /// An SRT input read and checked as HeyGen checks an upload: the cue at fault is named.
    fn read_srt(&self, input: &V3MediaInput, at: &str) -> Result<Arc<[Cue]>, ApiError> {
        let bytes = self.assets.read_media(input, at, &["subtitle"])?;
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| ApiError::invalid(format!("{at}: not UTF-8 text")).with_param(at))?;
        heygen_api::srt::parse(text)
            .map(Into::into)
            .map_err(|e| ApiError::invalid(format!("{at}: {e}")).with_param(at))
    }

    /// Charges and starts a translation.
    fn start_charged(
        &self,
        translation: Translation,
        forced: ForcedOutcome,
    ) -> Result<Started, ApiError> {
        self.core
            .start_charged_job(&self.jobs, new_job(&translation), forced, translation)
    }
}

/// Starts one job per language, all or none: if one cannot start, the ones already started
/// are removed, so a failed create leaves nothing behind. Their ids, in order.
fn start_all<T: JobData>(
    area: &TranslationsArea,
    table: &JobTable<T>,
    jobs: impl Iterator<Item = (NewJob, T)>,
    forced: &ForcedOutcome,
) -> Result<Vec<String>, ApiError> {
    let mut ids = Vec::new();
    for (job, data) in jobs {
        match area.core.start_job(table, job, forced.clone(), data) {
            Ok(started) => ids.push(started.id),
            Err(e) => {
                let mut started = table.lock();
                for id in &ids {
                    started.remove(id);
                }
                return Err(e);
            }
        }
    }
    Ok(ids)
}

async fn create(
    State(area): State<Arc<TranslationsArea>>,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<Create>,
) -> Result<Json<V3<Created>>, ApiError> {
    let planned = area.plan(&request)?;
    // All or none: a shortfall on the third language must not leave two started.
    let cost = planned
        .iter()
        .map(|t| cost_of(t.seconds))
        .fold(0u64, u64::saturating_add);
    area.core.credits.charge(cost)?;
    let jobs = planned.into_iter().map(|t| (new_job(&t), t));
    let ids = start_all(&area, &area.jobs, jobs, &forced)
        .inspect_err(|_| area.core.credits.refund(cost))?;
    Ok(v3(Created {
        video_translation_ids: ids,
    }))
}

async fn list(
    State(area): State<Arc<TranslationsArea>>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Response, ApiError> {
    let page = query.request(10, 100)?;
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let jobs = area.jobs.lock();
    let matching = jobs
        .newest_first(page.after)
        .map(|(seq, id, job)| (seq, detail_of(id, job, &links)));
    // Serialized while the store is locked: the answer borrows from the jobs.
    Ok(Json(Page::of(matching, page.limit)).into_response())
}

async fn languages() -> Json<V3<Languages>> {
    v3(Languages {
        languages: &TARGET_LANGUAGES,
    })
}

fn not_found(video_translation_id: &str) -> ApiError {
    ApiError::not_found("video translation", video_translation_id)
        .with_param("video_translation_id")
}

async fn detail(
    State(area): State<Arc<TranslationsArea>>,
    headers: HeaderMap,
    Path(video_translation_id): Path<String>,
) -> Result<Response, ApiError> {
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let jobs = area.jobs.lock();
    let job = jobs
        .get(&video_translation_id)
        .ok_or_else(|| not_found(&video_translation_id))?;
    Ok(v3(detail_of(&video_translation_id, job, &links)).into_response())
}

async fn update(
    State(area): State<Arc<TranslationsArea>>,
    headers: HeaderMap,
    Path(video_translation_id): Path<String>,
    ApiJson(request): ApiJson<UpdateVideoTranslationV3Request>,
) -> Result<Response, ApiError> {
    if request.title.trim().is_empty() {
        return Err(ApiError::invalid("title must not be empty").with_param("title"));
    }
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let mut jobs = area.jobs.lock();
    let job = jobs
        .get_mut(&video_translation_id)
        .ok_or_else(|| not_found(&video_translation_id))?;
    job.data.title = Some(request.title.into());
    Ok(v3(detail_of(&video_translation_id, job, &links)).into_response())
}

async fn remove(
    State(area): State<Arc<TranslationsArea>>,
    Path(video_translation_id): Path<String>,
) -> Result<Json<V3<Deleted>>, ApiError> {
    area.jobs
        .lock()
        .remove(&video_translation_id)
        .ok_or_else(|| not_found(&video_translation_id))?;
    Ok(v3(Deleted {
        id: video_translation_id,
    }))
}

impl TranslationsArea {
    fn batch_routes(&self) -> BatchRoutes<'_, Translation> {
        BatchRoutes {
            core: &self.core,
            batches: &self.batches,
            table: &self.jobs,
            noun: "video translation",
        }
    }
}

async fn create_batch(
    State(area): State<Arc<TranslationsArea>>,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<CreateVideoTranslationBatchV3Request>,
) -> Result<Response, ApiError> {
    // One item per language of each entry; a refused entry is refused once per language.
    let mut planned = Vec::new();
    for entry in &request.video_translations {
        let languages = entry.output_languages.len().max(1);
        match area.plan(entry) {
            Ok(translations) => planned.extend(translations.into_iter().map(|t| {
                let cost = cost_of(t.seconds);
                Ok((t, cost))
            })),
            Err(e) => planned.extend(std::iter::repeat_n(Err(e), languages)),
        }
    }
    area.batch_routes().create(
        request.title.clone(),
        request.callback_url.clone(),
        planned,
        |mut translation, member| {
            translation.batch = Some(member);
            area.core
                .start_job(
                    &area.jobs,
                    new_job(&translation),
                    forced.clone(),
                    translation,
                )
                .map(|started| started.id)
        },
    )
}

async fn batch(
    State(area): State<Arc<TranslationsArea>>,
    Path(batch_id): Path<String>,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<V3<BatchDetail>>, ApiError> {
    area.batch_routes().read(batch_id, &query)
}

#[derive(Debug, Deserialize)]
struct StatusesQuery {
    video_translation_ids: Option<String>,
    batch_ids: Option<String>,
}

async fn statuses(
    State(area): State<Arc<TranslationsArea>>,
    ApiQuery(query): ApiQuery<StatusesQuery>,
) -> Result<Json<Page<StatusEntry>>, ApiError> {
    area.batch_routes().statuses(
        query.video_translation_ids.as_deref(),
        query.batch_ids.as_deref(),
        "video_translation_ids",
    )
}

/// A proofread as v3 shows it.
#[derive(Debug, Serialize)]
struct ProofreadDetail<'a> {
    id: &'a str,
    status: &'static str,
    title: &'a str,
    output_language: &'a str,
    input_language: Option<&'a str>,
    submitted_for_review: bool,
    created_at: u64,
    failure_message: Option<String>,
}

fn proofread_of<'a>(id: &'a str, job: &'a Job<Proofread>, now: Millis) -> ProofreadDetail<'a> {
    let phase = job.lifecycle.phase(now);
    ProofreadDetail {
        id,
        status: Proofread::status(&phase),
        title: &job.data.title,
        output_language: &job.data.output_language,
        input_language: job.data.input_language.as_deref(),
        submitted_for_review: job.data.rendered,
        created_at: job.lifecycle.created_ms / 1000,
        failure_message: phase.failure().map(|f| f.summary()),
    }
}

#[derive(Debug, Serialize)]
struct ProofreadsCreated {
    proofread_ids: Vec<String>,
    status: &'static str,
}

#[derive(Debug, Serialize)]
struct SrtLinks {
    srt_url: String,
    original_srt_url: Option<String>,
}

#[derive(Debug, Serialize)]
struct Generated {
    video_translation_id: String,
    status: &'static str,
}

fn proofread_not_found(proofread_id: &str) -> ApiError {
    ApiError::not_found("proofread", proofread_id).with_param("proofread_id")
}

/// Refuses what only a completed proofread allows (its SRT, an upload, a render).
fn check_completed(
    id: &str,
    job: &Job<Proofread>,
    now: Millis,
    doing: &str,
) -> Result<(), ApiError> {
    match job.lifecycle.phase(now) {
        Phase::Completed => Ok(()),
        phase => Err(ApiError::invalid(format!(
            "proofread {id} is {}: {doing} once it has completed",
            Proofread::status(&phase)
        ))
        .with_param("proofread_id")),
    }
}

async fn create_proofread(
    State(area): State<Arc<TranslationsArea>>,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<CreateProofreadV3Request>,
) -> Result<Json<V3<ProofreadsCreated>>, ApiError> {
    if request.title.trim().is_empty() {
        return Err(ApiError::invalid("title must not be empty").with_param("title"));
    }
    area.assets
        .check_media(&request.video, "video", &["video"])?;
    for (i, language) in request.output_languages.iter().enumerate() {
        check_language(language, &format!("output_languages[{i}]"))?;
    }
    let original = match &request.srt {
        Some(srt @ V3MediaInput::Id(_)) => Some(area.read_srt(srt, "srt")?),
        Some(srt) => {
            area.assets.check_media(srt, "srt", &["subtitle"])?;
            None
        }
        None => None,
    };
    let jobs = request.output_languages.iter().map(|language| {
        let proofread = Proofread::new(
            request.title.clone(),
            language.clone(),
            request.input_language.clone(),
            SOURCE_SECONDS,
            original.clone(),
        );
        let job = NewJob {
            id_prefix: "pr_",
            estimated_seconds: proofread.seconds,
            outcome: Outcome::Completed,
        };
        (job, proofread)
    });
    let proofread_ids = start_all(&area, &area.proofreads, jobs, &forced)?;
    Ok(v3(ProofreadsCreated {
        proofread_ids,
        status: "processing",
    }))
}

async fn proofread_detail(
    State(area): State<Arc<TranslationsArea>>,
    Path(proofread_id): Path<String>,
) -> Result<Response, ApiError> {
    let now = area.core.clock.now_ms();
    let proofreads = area.proofreads.lock();
    let job = proofreads
        .get(&proofread_id)
        .ok_or_else(|| proofread_not_found(&proofread_id))?;
    Ok(v3(proofread_of(&proofread_id, job, now)).into_response())
}

async fn proofread_srt(
    State(area): State<Arc<TranslationsArea>>,
    headers: HeaderMap,
    Path(proofread_id): Path<String>,
) -> Result<Json<V3<SrtLinks>>, ApiError> {
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let proofreads = area.proofreads.lock();
    let job = proofreads
        .get(&proofread_id)
        .ok_or_else(|| proofread_not_found(&proofread_id))?;
    check_completed(&proofread_id, job, links.now(), "its SRT is ready")?;
    Ok(v3(SrtLinks {
        srt_url: links.job(proofread::KIND, &proofread_id, "proofread.srt"),
        original_srt_url: job
            .data
            .original
            .as_ref()
            .map(|_| links.job(proofread::KIND, &proofread_id, "original.srt")),
    }))
}

async fn upload_srt(
    State(area): State<Arc<TranslationsArea>>,
    Path(proofread_id): Path<String>,
    ApiJson(request): ApiJson<UploadProofreadSrtV3Request>,
) -> Result<Response, ApiError> {
    let now = area.core.clock.now_ms();
    {
        let proofreads = area.proofreads.lock();
        let job = proofreads
            .get(&proofread_id)
            .ok_or_else(|| proofread_not_found(&proofread_id))?;
        check_completed(&proofread_id, job, now, "it takes an SRT")?;
    }
    // Read (and refused, if bad) before the proofread is touched, so it keeps its script.
    let script = area.read_srt(&request.srt, "srt")?;
    let mut proofreads = area.proofreads.lock();
    let job = proofreads
        .get_mut(&proofread_id)
        .ok_or_else(|| proofread_not_found(&proofread_id))?;
    job.data.script = script;
    Ok(v3(proofread_of(&proofread_id, job, now)).into_response())
}

async fn generate(
    State(area): State<Arc<TranslationsArea>>,
    forced: ForcedOutcome,
    Path(proofread_id): Path<String>,
    ApiJson(request): ApiJson<GenerateFromProofreadV3Request>,
) -> Result<Json<V3<Generated>>, ApiError> {
    if let Some(url) = &request.callback_url {
        check_url(url, "callback_url")?;
    }
    let now = area.core.clock.now_ms();
    let translation = {
        let proofreads = area.proofreads.lock();
        let job = proofreads
            .get(&proofread_id)
            .ok_or_else(|| proofread_not_found(&proofread_id))?;
        check_completed(&proofread_id, job, now, "a video renders from it")?;
        let p = &job.data;
        Translation {
            output_language: p.output_language.as_str().into(),
            callback_id: request.callback_id.as_deref().map(Into::into),
            callback_url: request.callback_url.as_deref().map(Into::into),
            title: Some(p.title.as_str().into()),
            captions: request.captions.unwrap_or(false),
            seconds: p.seconds,
            input_language: p.input_language.as_deref().map(Into::into),
            audio_only: request.translate_audio_only.unwrap_or(false),
            script: Some(p.script.clone()),
            batch: None,
        }
    };
    let started = area.start_charged(translation, forced)?;
    if let Some(job) = area.proofreads.lock().get_mut(&proofread_id) {
        job.data.rendered = true;
    }
    Ok(v3(Generated {
        video_translation_id: started.id,
        status: "processing",
    }))
}
