//! [`CliError`]: every way a command can fail, and the exit code scripts see for each.
//!
//! The `From` impls turn the API crate's errors into the right kind, so commands use `?`
//! and never choose exit codes themselves.

use heygen_api::{
    auth::BuildError,
    download::DownloadError,
    errors::{ErrorEnvelope, HeyGenCode},
    wait::WaitError,
};

/// A failure, with the exit code scripts see.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad flags or values, or no API key (exit 2, like clap's own usage errors).
    #[error("{0}")]
    Usage(String),
    /// HeyGen answered with an error envelope (exit 3).
    #[error("HeyGen error {code}: {message} (HTTP {status})")]
    Api {
        /// The HTTP status.
        status: u16,
        /// HeyGen's error code, e.g. 40004.
        code: HeyGenCode,
        /// HeyGen's message.
        message: String,
    },
    /// A job (video, translation) ended in failure (exit 4).
    #[error("{0}")]
    JobFailed(String),
    /// Waiting for a job gave up at `--timeout` (exit 5).
    #[error("{0}")]
    Timeout(String),
    /// The service could not be reached (exit 6).
    #[error("cannot reach the service: {0}")]
    Unreachable(String),
    /// Anything else (exit 1).
    #[error("{0}")]
    Other(String),
}

impl CliError {
    /// The process exit code for this failure: 2 usage, 3 API error, 4 job failed, 5 timeout,
    /// 6 unreachable, 1 anything else (see the crate docs).
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Api { .. } => 3,
            CliError::JobFailed(_) => 4,
            CliError::Timeout(_) => 5,
            CliError::Unreachable(_) => 6,
            CliError::Other(_) => 1,
        }
    }
}

impl<E: ErrorEnvelope + std::fmt::Debug> From<heygen_api::Error<E>> for CliError {
    fn from(e: heygen_api::Error<E>) -> Self {
        match e {
            heygen_api::Error::ErrorResponse(r) => CliError::Api {
                status: r.status().as_u16(),
                code: HeyGenCode::from_code(r.code()),
                message: r.message().to_owned(),
            },
            heygen_api::Error::CommunicationError(e) => CliError::Unreachable(e.to_string()),
            other => CliError::Other(other.to_string()),
        }
    }
}

impl From<WaitError> for CliError {
    fn from(e: WaitError) -> Self {
        match e {
            WaitError::Failed { .. } => CliError::JobFailed(e.to_string()),
            WaitError::Timeout { .. } => CliError::Timeout(e.to_string()),
            WaitError::Api(api) => api.into(),
        }
    }
}

impl From<DownloadError> for CliError {
    fn from(e: DownloadError) -> Self {
        match e {
            DownloadError::Api(api) => api.into(),
            other => CliError::Other(other.to_string()),
        }
    }
}

impl From<BuildError> for CliError {
    fn from(e: BuildError) -> Self {
        CliError::Usage(e.to_string())
    }
}
