//! [`CliError`]: every way a command can fail, the exit code scripts see for each, and how it
//! is shown: one readable line on stderr (status, HeyGen's code and message, the URL), and
//! under `--json` an object `{"code", "message", "status", "url", "exit_code"}` on stdout.
//!
//! The `From` impls turn the API crate's errors into the right kind, so commands use `?`
//! and never choose exit codes themselves.

use std::{any::TypeId, fmt};

use heygen_api::{
    assets::UploadError,
    auth::BuildError,
    download::DownloadError,
    errors::{ErrorEnvelope, HeyGenCode, V3ErrorCode},
    http::Response,
    proofread::ProofreadError,
    types,
    wait::WaitError,
};
use serde_json::{Value, json};

/// HeyGen's error code: a number on v1 and v2 paths, a string on v3 ones.
#[derive(Debug, Clone, PartialEq)]
pub enum Code {
    /// `40004`, `40119`, …
    Numeric(HeyGenCode),
    /// `not_found`, `invalid_parameter`, …
    Named(V3ErrorCode),
}

impl Code {
    /// The code as HeyGen sends it: a JSON number or string.
    fn to_json(&self) -> Value {
        match self {
            Code::Numeric(code) => json!(code.code()),
            Code::Named(code) => json!(code.as_str()),
        }
    }

    /// The code of an error envelope, of whichever generation `E` is.
    fn of<E: ErrorEnvelope + 'static>(envelope: &E) -> Self {
        if TypeId::of::<E>() == TypeId::of::<types::V3ErrorResponse>() {
            Code::Named(envelope.v3_code())
        } else {
            Code::Numeric(HeyGenCode::from_code(envelope.code()))
        }
    }

    /// The code in a JSON value: a number (v1, v2) or a string (v3).
    fn from_json(value: &Value) -> Option<Self> {
        match value {
            Value::Number(n) => n.as_i64().map(|c| Code::Numeric(HeyGenCode::from_code(c))),
            Value::String(s) => Some(Code::Named(V3ErrorCode::from_code(s))),
            _ => None,
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Code::Numeric(code) => write!(f, "{code}"),
            Code::Named(code) => write!(f, "{code}"),
        }
    }
}

/// A failure, with the exit code scripts see.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad flags or values, or no API key (exit 2, like clap's own usage errors).
    #[error("{0}")]
    Usage(String),
    /// HeyGen (or whatever answers at the base URL) refused the request (exit 3).
    #[error("{}", api_line(*.status, .code.as_ref(), .message, .url.as_deref()))]
    Api {
        /// The HTTP status.
        status: u16,
        /// HeyGen's error code, when the answer was one of its envelopes.
        code: Option<Code>,
        /// HeyGen's message, or the start of the body when it was not an envelope.
        message: String,
        /// The request's URL, or the base URL when only that is known.
        url: Option<String>,
    },
    /// A job (video, translation) ended in failure (exit 4).
    #[error("{id} failed with {}: {message}", .code.as_ref().map_or_else(|| "no code".to_owned(), ToString::to_string))]
    JobFailed {
        /// The job's id.
        id: String,
        /// HeyGen's code for the failure, e.g. 40119.
        code: Option<Code>,
        /// HeyGen's message.
        message: String,
    },
    /// Waiting for a job gave up at `--timeout` (exit 5).
    #[error("{0}")]
    Timeout(String),
    /// The service could not be reached (exit 6).
    #[error("cannot reach the service{}: {message}", .url.as_deref().map(|u| format!(" at {u}")).unwrap_or_default())]
    Unreachable {
        /// Why, with every cause (e.g. "Connection refused").
        message: String,
        /// The URL requested.
        url: Option<String>,
    },
    /// An answer the spec does not declare for the call. Its body is read before the error is
    /// shown ([`CliError::settle`]), which turns it into [`CliError::Api`] or [`CliError::Other`].
    #[error("HTTP {} from {}", .0.status(), .0.url())]
    Unexpected(Box<Response>),
    /// Anything else (exit 1).
    #[error("{0}")]
    Other(String),
}

/// `HeyGen error 40004 (Resource not found: …): Template not found (HTTP 404 from http://…)`.
fn api_line(status: u16, code: Option<&Code>, message: &str, url: Option<&str>) -> String {
    let from = url.map(|u| format!(" from {u}")).unwrap_or_default();
    match code {
        Some(code) => format!("HeyGen error {code}: {message} (HTTP {status}{from})"),
        None => format!("HTTP {status}{from}: {message}"),
    }
}

/// An error and every cause below it, e.g. reqwest's "error sending request" down to the
/// operating system's "Connection refused".
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let shown = cause.to_string();
        if !text.contains(&shown) {
            text.push_str(": ");
            text.push_str(&shown);
        }
        source = cause.source();
    }
    text
}

/// The start of a body that is not an error envelope, on one line.
fn snippet(body: &str) -> String {
    let one_line = body.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line,
    }
}

/// HeyGen's code and message from a body in any of its envelopes: v1 `{code, message}`,
/// v2 and v3 `{error: {code, message}}`.
fn envelope(body: &str) -> Option<(Option<Code>, String)> {
    let value: Value = serde_json::from_str(body).ok()?;
    let inner = match value.get("error") {
        Some(error) if error.is_object() => error,
        _ => &value,
    };
    let message = inner.get("message")?.as_str()?.to_owned();
    Some((inner.get("code").and_then(Code::from_json), message))
}

impl CliError {
    /// The process exit code for this failure: 2 usage, 3 API error, 4 job failed, 5 timeout,
    /// 6 unreachable, 1 anything else (see the crate docs).
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Api { .. } | CliError::Unexpected(_) => 3,
            CliError::JobFailed { .. } => 4,
            CliError::Timeout(_) => 5,
            CliError::Unreachable { .. } => 6,
            CliError::Other(_) => 1,
        }
    }

    /// Makes the error ready to show: reads the body of an answer the spec does not declare
    /// (a 404 for a wrong base URL, a proxy's error page) for HeyGen's code and message, and
    /// names `base_url` where no request URL is known.
    pub async fn settle(self, base_url: &str) -> Self {
        match self {
            CliError::Unexpected(response) => {
                let status = response.status();
                let url = response.url().to_string();
                let body = response.text().await.unwrap_or_default();
                let (code, message) = envelope(&body).unwrap_or_else(|| {
                    let text = snippet(&body);
                    let shown = if text.is_empty() {
                        status.canonical_reason().unwrap_or("no body").to_owned()
                    } else {
                        text
                    };
                    (None, shown)
                });
                if status.is_success() {
                    CliError::Other(format!(
                        "HTTP {status} from {url} is not an answer this call expects: {message}"
                    ))
                } else {
                    CliError::Api {
                        status: status.as_u16(),
                        code,
                        message,
                        url: Some(url),
                    }
                }
            }
            CliError::Api {
                status,
                code,
                message,
                url: None,
            } => CliError::Api {
                status,
                code,
                message,
                url: Some(base_url.to_owned()),
            },
            other => other,
        }
    }

    /// The `--json` form: `{"code", "message", "status", "url", "exit_code"}`, where `code` is
    /// HeyGen's (a number, or a string on v3 paths) or null, `message` HeyGen's message (or
    /// the error's text), and `status` the HTTP status or null.
    pub fn to_json(&self) -> Value {
        let (code, message, status, url) = match self {
            CliError::Api {
                status,
                code,
                message,
                url,
            } => (
                code.as_ref().map(Code::to_json),
                message.clone(),
                Some(*status),
                url.clone(),
            ),
            CliError::JobFailed { code, message, .. } => (
                code.as_ref().map(Code::to_json),
                message.clone(),
                None,
                None,
            ),
            CliError::Unreachable { url, .. } => (None, self.to_string(), None, url.clone()),
            CliError::Unexpected(response) => (
                None,
                self.to_string(),
                Some(response.status().as_u16()),
                Some(response.url().to_string()),
            ),
            _ => (None, self.to_string(), None, None),
        };
        json!({
            "code": code,
            "message": message,
            "status": status,
            "url": url,
            "exit_code": self.exit_code(),
        })
    }
}

impl<E: ErrorEnvelope + fmt::Debug + 'static> From<heygen_api::Error<E>> for CliError {
    fn from(e: heygen_api::Error<E>) -> Self {
        match e {
            heygen_api::Error::ErrorResponse(r) => CliError::Api {
                status: r.status().as_u16(),
                code: Some(Code::of(&*r)),
                message: r.message().to_owned(),
                url: None,
            },
            heygen_api::Error::CommunicationError(e) => CliError::Unreachable {
                url: e.url().map(ToString::to_string),
                message: chain(&e.without_url()),
            },
            heygen_api::Error::UnexpectedResponse(r) => CliError::Unexpected(Box::new(r)),
            heygen_api::Error::ResponseBodyError(e) => CliError::Other(format!(
                "reading the answer{} failed: {}",
                e.url().map(|u| format!(" from {u}")).unwrap_or_default(),
                chain(&e)
            )),
            heygen_api::Error::InvalidResponsePayload(body, e) => CliError::Other(format!(
                "the answer does not match the API spec ({e}): {}",
                snippet(&String::from_utf8_lossy(&body))
            )),
            other => CliError::Other(other.to_string()),
        }
    }
}

impl From<WaitError> for CliError {
    fn from(e: WaitError) -> Self {
        match e {
            WaitError::Failed {
                id,
                code,
                message,
                detail,
            } => CliError::JobFailed {
                id: format!("job {id}"),
                code: Some(Code::Numeric(code)),
                message: match detail {
                    Some(detail) if detail != message => format!("{message} ({detail})"),
                    _ => message,
                },
            },
            WaitError::Timeout { .. } => CliError::Timeout(e.to_string()),
            WaitError::Api(api) => api.into(),
            WaitError::ApiV3(api) => api.into(),
        }
    }
}

impl From<DownloadError> for CliError {
    fn from(e: DownloadError) -> Self {
        match e {
            DownloadError::Api(api) => api.into(),
            DownloadError::Failed { id, code, message } => CliError::JobFailed {
                id: format!("video {id}"),
                code: Some(Code::Numeric(code)),
                message,
            },
            DownloadError::NotReady { id, status } => CliError::Other(format!(
                "video {id} is {status}, not completed: `heygen video wait {id}` waits for it"
            )),
            DownloadError::Http(e) if e.is_connect() || e.is_timeout() => CliError::Unreachable {
                url: e.url().map(ToString::to_string),
                message: chain(&e.without_url()),
            },
            DownloadError::Http(e) => CliError::Other(format!("download failed: {}", chain(&e))),
            other => CliError::Other(other.to_string()),
        }
    }
}

impl From<UploadError> for CliError {
    fn from(e: UploadError) -> Self {
        match e {
            UploadError::Call(api) => api.into(),
            UploadError::Api {
                status,
                code,
                message,
            } => CliError::Api {
                status,
                code: Some(Code::Named(V3ErrorCode::from_code(&code))),
                message,
                url: None,
            },
            UploadError::Http(e) if e.is_connect() || e.is_timeout() => CliError::Unreachable {
                url: e.url().map(ToString::to_string),
                message: chain(&e.without_url()),
            },
            UploadError::Http(e) => CliError::Other(format!("upload failed: {}", chain(&e))),
            UploadError::Read { .. } | UploadError::TooLarge { .. } => {
                CliError::Usage(e.to_string())
            }
        }
    }
}

impl From<ProofreadError> for CliError {
    fn from(e: ProofreadError) -> Self {
        match e {
            ProofreadError::Call(api) => api.into(),
            ProofreadError::Upload(upload) => upload.into(),
            ProofreadError::Download(e) => DownloadError::from(e).into(),
            // An edited file HeyGen would refuse: the user's to fix, so a usage error.
            ProofreadError::Srt(e) => CliError::Usage(format!("the SRT is not usable: {e}")),
            other => CliError::Other(other.to_string()),
        }
    }
}

impl From<BuildError> for CliError {
    fn from(e: BuildError) -> Self {
        CliError::Usage(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelopes_of_every_generation_give_code_and_message() {
        let v1 = r#"{"code":40004,"data":null,"message":"Video not found"}"#;
        let v2 = r#"{"error":{"code":40004,"message":"no route"},"data":null}"#;
        let v3 = r#"{"error":{"code":"not_found","message":"gone","doc_url":"x"}}"#;
        assert_eq!(
            envelope(v1),
            Some((
                Some(Code::Numeric(HeyGenCode::NotFound)),
                "Video not found".into()
            ))
        );
        assert_eq!(
            envelope(v2).map(|(c, _)| c.map(|c| c.to_json())),
            Some(Some(json!(40004)))
        );
        assert_eq!(
            envelope(v3).map(|(c, _)| c.map(|c| c.to_json())),
            Some(Some(json!("not_found")))
        );
        assert_eq!(envelope("<html>502 Bad Gateway</html>"), None);
    }

    #[test]
    fn json_errors_carry_code_status_and_exit_code_apart() {
        let e = CliError::Api {
            status: 404,
            code: Some(Code::Numeric(HeyGenCode::NotFound)),
            message: "Template not found".into(),
            url: Some("http://127.0.0.1:4010".into()),
        };
        assert_eq!(
            e.to_json(),
            json!({"code": 40004, "message": "Template not found", "status": 404,
                   "url": "http://127.0.0.1:4010", "exit_code": 3})
        );
        assert_eq!(
            e.to_string(),
            "HeyGen error 40004 (Resource not found: verify IDs for avatars, voices, etc.): \
             Template not found (HTTP 404 from http://127.0.0.1:4010)"
        );
        let usage = CliError::Usage("no API key".into()).to_json();
        assert_eq!(usage["code"], Value::Null);
        assert_eq!(usage["exit_code"], 2);
    }

    #[test]
    fn long_bodies_are_cut_to_one_line() {
        assert_eq!(snippet("a\n  b"), "a b");
        assert_eq!(snippet(&"x".repeat(500)).chars().count(), 201);
    }
}
