//! Waiting for a video (legacy or v3), photo avatar, translation, or any v3 job (lipsync,
//! background removal, AI clipping) to finish: polls with backoff until a terminal state or a
//! deadline, reporting progress, and turns a failed job into a typed error.
//!
//! v3 jobs share one poller, [`wait_for_v3`]; each job type says how it is read and where it
//! stands by implementing [`V3Job`].

use std::{future::Future, time::Duration};

use tokio::time::Instant;

use crate::{Client, errors::HeyGenCode, types};

/// How to poll.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitOptions {
    /// Give up after this long.
    pub timeout: Duration,
    /// First pause between polls.
    pub initial_interval: Duration,
    /// Longest pause between polls.
    pub max_interval: Duration,
    /// Growth of the pause per poll.
    pub multiplier: f64,
}

impl Default for WaitOptions {
    /// Renders take minutes (up to 20 at peak), so the defaults are patient and polite.
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30 * 60),
            initial_interval: Duration::from_secs(2),
            max_interval: Duration::from_secs(30),
            multiplier: 1.5,
        }
    }
}

/// What a progress callback sees after each poll.
#[derive(Debug, Clone, Copy)]
pub struct Progress<'a> {
    /// The job id.
    pub id: &'a str,
    /// Its status, e.g. `processing`.
    pub status: &'a str,
    /// Time since waiting began.
    pub elapsed: Duration,
    /// Polls so far.
    pub polls: u32,
}

/// Why waiting ended without a finished job.
#[derive(Debug, thiserror::Error)]
pub enum WaitError {
    /// The job failed; HeyGen's code and message say why.
    #[error("job {id} failed with {code}: {message}")]
    Failed {
        /// The job id.
        id: String,
        /// HeyGen's code (e.g. 40119 video too long).
        code: HeyGenCode,
        /// HeyGen's message.
        message: String,
        /// HeyGen's longer explanation.
        detail: Option<String>,
    },
    /// The deadline passed first.
    #[error("job {id} was still {last_status} after {timeout:?}")]
    Timeout {
        /// The job id.
        id: String,
        /// The deadline.
        timeout: Duration,
        /// The last status seen.
        last_status: String,
    },
    /// A status call failed (after the client's own retries).
    #[error("reading the status failed: {0}")]
    Api(#[from] progenitor_client::Error<types::V1ErrorResponse>),
    /// A v3 status call failed (after the client's own retries).
    #[error("reading the status failed: {0}")]
    ApiV3(#[from] progenitor_client::Error<types::V3ErrorResponse>),
}

/// Why a job failed, as the poller reports it.
struct Failure {
    code: HeyGenCode,
    message: String,
    detail: Option<String>,
}

impl From<Option<&crate::errors::JobError>> for Failure {
    fn from(error: Option<&crate::errors::JobError>) -> Self {
        Self {
            code: HeyGenCode::from_code(error.map_or(50001, |e| e.code)),
            message: error.map_or_else(
                || "failed without a reason".to_owned(),
                |e| e.message.clone(),
            ),
            detail: error.and_then(|e| e.detail.clone()),
        }
    }
}

/// Where a job stands, as the poller needs it.
enum Stand {
    Running(String),
    Done,
    Failed(Failure),
}

async fn poll<T, E, F, Fut>(
    id: &str,
    options: &WaitOptions,
    mut fetch: F,
    stand: impl Fn(&T) -> Stand,
    mut on_progress: impl FnMut(Progress<'_>),
) -> Result<T, WaitError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, progenitor_client::Error<E>>>,
    WaitError: From<progenitor_client::Error<E>>,
{
    let started = Instant::now();
    let mut interval = options.initial_interval;
    let mut polls = 0;
    loop {
        let current = fetch().await?;
        polls += 1;
        let status = match stand(&current) {
            Stand::Done => {
                on_progress(Progress {
                    id,
                    status: "completed",
                    elapsed: started.elapsed(),
                    polls,
                });
                return Ok(current);
            }
            Stand::Failed(failure) => {
                on_progress(Progress {
                    id,
                    status: "failed",
                    elapsed: started.elapsed(),
                    polls,
                });
                return Err(WaitError::Failed {
                    id: id.to_owned(),
                    code: failure.code,
                    message: failure.message,
                    detail: failure.detail,
                });
            }
            Stand::Running(status) => status,
        };
        on_progress(Progress {
            id,
            status: &status,
            elapsed: started.elapsed(),
            polls,
        });
        let left = options.timeout.saturating_sub(started.elapsed());
        if left.is_zero() {
            return Err(WaitError::Timeout {
                id: id.to_owned(),
                timeout: options.timeout,
                last_status: status,
            });
        }
        tokio::time::sleep(interval.min(left)).await;
        let grown = interval.as_secs_f64() * options.multiplier.clamp(1.0, 10.0);
        interval = Duration::try_from_secs_f64(grown)
            .map_or(options.max_interval, |d| d.min(options.max_interval));
    }
}

fn job_stand(status: String, error: Option<&crate::errors::JobError>) -> Stand {
    match status.as_str() {
        "completed" => Stand::Done,
        "failed" => Stand::Failed(error.into()),
        _ => Stand::Running(status),
    }
}

/// The legacy code for a v3 `failure_code` (`video_too_long`, `internal_error`, …).
fn v3_failure_code(failure_code: Option<&str>) -> HeyGenCode {
    match failure_code {
        Some("video_too_long") => HeyGenCode::VideoTooLong,
        Some(other) => match crate::errors::V3ErrorCode::from_code(other).legacy() {
            HeyGenCode::Other(_) => other
                .parse()
                .map_or(HeyGenCode::Internal, HeyGenCode::from_code),
            known => known,
        },
        None => HeyGenCode::Internal,
    }
}

/// Where a v3 job stands, as [`V3Job::state`] reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum V3State<'a> {
    /// Not finished; its status (`pending`, `processing`, `running`, …).
    Running(&'a str),
    /// Finished with its output.
    Completed,
    /// Finished without output: the v3 failure code, if the job has one, and its message.
    Failed {
        /// e.g. `video_too_long`, `internal_error`.
        code: Option<&'a str>,
        /// Why, if HeyGen said.
        message: Option<&'a str>,
    },
}

/// A v3 job type [`wait_for_v3`] can poll: how to read one, and where it stands.
pub trait V3Job: Sized {
    /// Reads the job once (`GET /v3/…/{id}`).
    fn fetch(
        client: &Client,
        id: &str,
    ) -> impl Future<Output = Result<Self, progenitor_client::Error<types::V3ErrorResponse>>>;

    /// Its status now.
    fn state(&self) -> V3State<'_>;
}

/// A [`V3Job::fetch`] through the job's generated `GET`: `client.$get().$id(id)`, its `data`.
macro_rules! fetch_through {
    ($get:ident, $id:ident) => {
        async fn fetch(
            client: &Client,
            id: &str,
        ) -> Result<Self, progenitor_client::Error<types::V3ErrorResponse>> {
            Ok(client.$get().$id(id).send().await?.into_inner().data)
        }
    };
}

impl V3Job for types::VideoV3 {
    fetch_through!(get_video_v3, video_id);

    fn state(&self) -> V3State<'_> {
        match self.status {
            types::VideoStatusV3::Completed => V3State::Completed,
            types::VideoStatusV3::Failed => V3State::Failed {
                code: self.failure_code.as_deref(),
                message: self.failure_message.as_deref(),
            },
            types::VideoStatusV3::Pending => V3State::Running("pending"),
            types::VideoStatusV3::Processing => V3State::Running("processing"),
        }
    }
}

impl V3Job for types::LipsyncV3 {
    fetch_through!(get_lipsync_v3, lipsync_id);

    fn state(&self) -> V3State<'_> {
        match self.status {
            types::LipsyncStatusV3::Completed => V3State::Completed,
            types::LipsyncStatusV3::Failed => V3State::Failed {
                code: None,
                message: self.failure_message.as_deref(),
            },
            types::LipsyncStatusV3::Pending => V3State::Running("pending"),
            types::LipsyncStatusV3::Running => V3State::Running("running"),
        }
    }
}

impl V3Job for types::VideoTranslationV3 {
    fetch_through!(get_video_translation_v3, video_translation_id);

    fn state(&self) -> V3State<'_> {
        match self.status {
            types::VideoTranslationStatusV3::Completed => V3State::Completed,
            types::VideoTranslationStatusV3::Failed => V3State::Failed {
                code: None,
                message: self.failure_message.as_deref(),
            },
            types::VideoTranslationStatusV3::Pending => V3State::Running("pending"),
            types::VideoTranslationStatusV3::Running => V3State::Running("running"),
        }
    }
}

impl V3Job for types::ProofreadV3 {
    fetch_through!(get_proofread_v3, proofread_id);

    fn state(&self) -> V3State<'_> {
        match self.status {
            types::ProofreadStatusV3::Completed => V3State::Completed,
            types::ProofreadStatusV3::Failed => V3State::Failed {
                code: None,
                message: self.failure_message.as_deref(),
            },
            types::ProofreadStatusV3::Processing => V3State::Running("processing"),
        }
    }
}

/// Where a v3 avatar look or group stands: `None` is a stock look or group (always ready);
/// `pending_consent` keeps the wait going, since the consent flow moves it on.
fn avatar_state<'a>(
    status: Option<types::AvatarStatusV3>,
    error: Option<&'a types::AvatarErrorV3>,
) -> V3State<'a> {
    use types::AvatarStatusV3 as S;
    match status {
        None | Some(S::Completed) => V3State::Completed,
        Some(S::Failed) => V3State::Failed {
            code: error.map(|e| e.code.as_str()),
            message: error.map(|e| e.message.as_str()),
        },
        Some(S::Processing) => V3State::Running("processing"),
        Some(S::PendingConsent) => V3State::Running("pending_consent"),
    }
}

/// An avatar look made by `POST /v3/avatars` (`avatar_item.id`): training, then completed.
impl V3Job for types::AvatarLookV3 {
    fetch_through!(get_avatar_look_v3, look_id);

    fn state(&self) -> V3State<'_> {
        avatar_state(self.status, self.error.as_ref())
    }
}

/// An avatar group (`avatar_group.id`): its status sums up its looks' and its consent.
impl V3Job for types::AvatarGroupV3 {
    fetch_through!(get_avatar_group_v3, group_id);

    fn state(&self) -> V3State<'_> {
        avatar_state(self.status, self.error.as_ref())
    }
}

impl V3Job for types::BackgroundRemovalV3 {
    fetch_through!(get_background_removal_v3, job_id);

    /// The status is an open string on HeyGen's side; `deleted` ends the wait as a failure.
    fn state(&self) -> V3State<'_> {
        match self.status.as_str() {
            "completed" => V3State::Completed,
            "failed" | "deleted" => V3State::Failed {
                code: None,
                message: self.error.as_deref().or(Some(self.status.as_str())),
            },
            other => V3State::Running(other),
        }
    }
}

impl V3Job for types::AiClippingJobV3 {
    fetch_through!(get_ai_clipping_v3, job_id);

    /// `cancelled` ends the wait as a failure: there will be no clips.
    fn state(&self) -> V3State<'_> {
        match self.status {
            types::AiClippingJobStatusV3::Completed => V3State::Completed,
            types::AiClippingJobStatusV3::Failed => V3State::Failed {
                code: None,
                message: self.failure_message.as_deref(),
            },
            types::AiClippingJobStatusV3::Cancelled => V3State::Failed {
                code: None,
                message: Some("the job was cancelled"),
            },
            types::AiClippingJobStatusV3::Pending => V3State::Running("pending"),
            types::AiClippingJobStatusV3::Running => V3State::Running("running"),
        }
    }
}

/// A voice clone, through `GET /v3/voices/{voice_id}` (the clone id is the voice id). A voice
/// without `status` is a library voice: usable, so done.
impl V3Job for types::VoiceDetailV3 {
    fetch_through!(get_voice_v3, voice_id);

    fn state(&self) -> V3State<'_> {
        match self.status {
            Some(types::VoiceCloneStatusV3::Complete) | None => V3State::Completed,
            Some(types::VoiceCloneStatusV3::Failed) => V3State::Failed {
                code: None,
                message: self.failure_message.as_deref(),
            },
            Some(types::VoiceCloneStatusV3::Processing) => V3State::Running("processing"),
        }
    }
}

/// A Video Agent session, through `GET /v3/video-agents/{session_id}`. A session that waits
/// for input is done for now (the agent needs a message), like one that completed: read its
/// `status` and newest message. A failed one reports its newest error message.
impl V3Job for types::VideoAgentSessionV3 {
    fetch_through!(get_video_agent_session_v3, session_id);

    fn state(&self) -> V3State<'_> {
        use types::VideoAgentSessionV3Status as Status;
        match self.status {
            Status::Completed | Status::WaitingForInput => V3State::Completed,
            Status::Failed => V3State::Failed {
                code: None,
                message: self
                    .messages
                    .iter()
                    .find(|m| m.type_ == types::VideoAgentMessageV3Type::Error)
                    .map(|m| m.content.as_str()),
            },
            Status::Thinking => V3State::Running("thinking"),
            Status::Reviewing => V3State::Running("reviewing"),
            Status::Generating => V3State::Running("generating"),
        }
    }
}

/// Waits for any v3 job through its `GET`: `wait_for_v3::<types::LipsyncV3>(&client, id, …)`.
/// A failed job becomes [`WaitError::Failed`], its v3 `failure_code` mapped to a [`HeyGenCode`]
/// (jobs without one report [`HeyGenCode::Internal`]).
pub async fn wait_for_v3<J: V3Job>(
    client: &Client,
    id: &str,
    options: &WaitOptions,
    on_progress: impl FnMut(Progress<'_>),
) -> Result<J, WaitError> {
    let stand = |job: &J| match job.state() {
        V3State::Completed => Stand::Done,
        V3State::Failed { code, message } => Stand::Failed(Failure {
            code: v3_failure_code(code),
            message: message.map_or_else(|| "failed without a reason".to_owned(), str::to_owned),
            detail: code.map(str::to_owned),
        }),
        V3State::Running(status) => Stand::Running(status.to_owned()),
    };
    poll(id, options, || J::fetch(client, id), stand, on_progress).await
}

/// Waits for a video through `GET /v3/videos/{video_id}` (a video made by any generation).
pub async fn wait_for_video_v3(
    client: &Client,
    video_id: &str,
    options: &WaitOptions,
    on_progress: impl FnMut(Progress<'_>),
) -> Result<types::VideoV3, WaitError> {
    wait_for_v3(client, video_id, options, on_progress).await
}

/// Waits for a video from `/v2/video/generate` or a template.
pub async fn wait_for_video(
    client: &Client,
    video_id: &str,
    options: &WaitOptions,
    on_progress: impl FnMut(Progress<'_>),
) -> Result<types::VideoStatus, WaitError> {
    let fetch = || async {
        Ok(client
            .get_video_status()
            .video_id(video_id)
            .send()
            .await?
            .into_inner()
            .data)
    };
    poll(
        video_id,
        options,
        fetch,
        |s: &types::VideoStatus| job_stand(s.status.to_string(), s.error.as_ref()),
        on_progress,
    )
    .await
}

/// Waits for a photo avatar.
pub async fn wait_for_photo_avatar(
    client: &Client,
    photo_avatar_id: &str,
    options: &WaitOptions,
    on_progress: impl FnMut(Progress<'_>),
) -> Result<types::PhotoAvatar, WaitError> {
    let fetch = || async {
        Ok(client
            .get_photo_avatar()
            .photo_avatar_id(photo_avatar_id)
            .send()
            .await?
            .into_inner()
            .data)
    };
    poll(
        photo_avatar_id,
        options,
        fetch,
        |p: &types::PhotoAvatar| job_stand(p.status.to_string(), p.error.as_ref()),
        on_progress,
    )
    .await
}

/// Waits for a translation.
pub async fn wait_for_translation(
    client: &Client,
    video_translate_id: &str,
    options: &WaitOptions,
    on_progress: impl FnMut(Progress<'_>),
) -> Result<types::VideoTranslateStatus, WaitError> {
    let fetch = || async {
        Ok(client
            .get_video_translate_status()
            .video_translate_id(video_translate_id)
            .send()
            .await?
            .into_inner()
            .data)
    };
    poll(
        video_translate_id,
        options,
        fetch,
        |t: &types::VideoTranslateStatus| job_stand(t.status.to_string(), t.error.as_ref()),
        on_progress,
    )
    .await
}
