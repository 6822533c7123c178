//! Uploading files to HeyGen as assets, with progress: `POST /v3/assets` (multipart, up to
//! 32 MB; progenitor cannot generate multipart calls, so this one is written by hand), the
//! presigned direct upload (open a slot, PUT the bytes, complete) for files of any size, and the
//! legacy raw-body uploads on HeyGen's upload host (`POST /v1/asset`, `POST /v1/talking_photo`),
//! which progenitor cannot generate either.
//!
//! ```no_run
//! # async fn demo(client: heygen_api::Client) -> Result<(), Box<dyn std::error::Error>> {
//! use heygen_api::assets::upload_file;
//!
//! let asset = upload_file(&client, "face.png".as_ref(), |sent, total| {
//!     eprintln!("{sent}/{total} bytes");
//! })
//! .await?;
//! println!("use asset_id {} as an input", asset.asset_id);
//! # Ok(())
//! # }
//! ```

use std::{
    path::Path,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
};

use futures::{TryStreamExt, stream};
use reqwest::header::{HeaderName, HeaderValue};
use tokio::io::AsyncReadExt;

use crate::{
    Client, ClientInfo,
    retry::{IDEMPOTENCY_KEY, new_idempotency_key},
    types,
};

/// Largest file `POST /v3/assets` takes; larger ones go through [`upload_direct`].
pub const MAX_MULTIPART_BYTES: u64 = 32 * 1024 * 1024;
/// Bytes read from the file per chunk sent.
const CHUNK: usize = 64 * 1024;

/// Why an upload failed.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file is too large for a multipart upload.
    #[error(
        "{path} has {size} bytes; a one-request upload takes at most {MAX_MULTIPART_BYTES}: use upload_direct"
    )]
    TooLarge {
        /// The file.
        path: String,
        /// Its size.
        size: u64,
    },
    /// HeyGen answered with an error (status, code and message).
    #[error("HeyGen answered {status}: {code}: {message}")]
    Api {
        /// The HTTP status.
        status: u16,
        /// HeyGen's code: a v3 string, or a legacy number as text.
        code: String,
        /// HeyGen's message.
        message: String,
    },
    /// A generated call of the direct upload failed.
    #[error(transparent)]
    Call(#[from] progenitor_client::Error<types::V3ErrorResponse>),
    /// The request could not be sent or the answer not read.
    #[error("upload failed: {0}")]
    Http(#[from] reqwest::Error),
}

/// A file's bytes as a stream that reports how many have been read so far.
async fn counted_body(
    path: &Path,
    total: u64,
    on_progress: impl FnMut(u64, u64) + Send + 'static,
) -> Result<reqwest::Body, UploadError> {
    let shown = path.display().to_string();
    let file = tokio::fs::File::open(path)
        .await
        .map_err(|source| UploadError::Read {
            path: shown.clone(),
            source,
        })?;
    let sent = Arc::new(AtomicU64::new(0));
    let on_progress = Arc::new(std::sync::Mutex::new(on_progress));
    let chunks = stream::try_unfold(file, |mut file| async move {
        let mut buffer = vec![0u8; CHUNK];
        let read = file.read(&mut buffer).await?;
        if read == 0 {
            return Ok::<_, std::io::Error>(None);
        }
        buffer.truncate(read);
        Ok(Some((bytes::Bytes::from(buffer), file)))
    })
    .inspect_ok(move |chunk| {
        let now = sent.fetch_add(chunk.len() as u64, Ordering::Relaxed) + chunk.len() as u64;
        if let Ok(mut report) = on_progress.lock() {
            report(now, total);
        }
    });
    Ok(reqwest::Body::wrap_stream(chunks))
}

async fn size_of(path: &Path) -> Result<u64, UploadError> {
    tokio::fs::metadata(path)
        .await
        .map(|m| m.len())
        .map_err(|source| UploadError::Read {
            path: path.display().to_string(),
            source,
        })
}

/// Reads HeyGen's error envelope from a failed answer: v3 and v2 (`{error: {code, message}}`,
/// string or numeric codes) and v1 (`{code, message}`).
async fn api_error(response: reqwest::Response) -> UploadError {
    let status = response.status().as_u16();
    let body: serde_json::Value = response.json().await.unwrap_or_default();
    let error = if body["error"].is_object() {
        &body["error"]
    } else {
        &body
    };
    let code = match &error["code"] {
        serde_json::Value::String(code) => code.clone(),
        serde_json::Value::Number(code) => code.to_string(),
        _ => "unknown".to_owned(),
    };
    UploadError::Api {
        status,
        code,
        message: error["message"]
            .as_str()
            .unwrap_or("no error body")
            .to_owned(),
    }
}

/// Uploads a file of up to 32 MB with `POST /v3/assets` (multipart), reporting
/// `(bytes sent, total)` as it goes. The call carries an `Idempotency-Key`, so repeating it
/// after a lost answer does not store the file twice.
pub async fn upload_file(
    client: &Client,
    path: &Path,
    on_progress: impl FnMut(u64, u64) + Send + 'static,
) -> Result<types::AssetUploadedV3, UploadError> {
    let size = size_of(path).await?;
    if size > MAX_MULTIPART_BYTES {
        return Err(UploadError::TooLarge {
            path: path.display().to_string(),
            size,
        });
    }
    let name = path
        .file_name()
        .map_or_else(|| "file".to_owned(), |n| n.to_string_lossy().into_owned());
    let body = counted_body(path, size, on_progress).await?;
    post_asset(
        client,
        reqwest::multipart::Part::stream_with_length(body, size).file_name(name),
    )
    .await
}

/// Uploads bytes held in memory as a file called `name` with `POST /v3/assets` (multipart): a
/// generated caption file, say, that never touches the disk. At most 32 MB, as for
/// [`upload_file`]; HeyGen tells the kind from the bytes.
pub async fn upload_bytes(
    client: &Client,
    name: &str,
    bytes: Vec<u8>,
) -> Result<types::AssetUploadedV3, UploadError> {
    let size = bytes.len() as u64;
    if size > MAX_MULTIPART_BYTES {
        return Err(UploadError::TooLarge {
            path: name.to_owned(),
            size,
        });
    }
    post_asset(
        client,
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
    )
    .await
}

/// `POST /v3/assets` with one file part, under a fresh `Idempotency-Key`.
async fn post_asset(
    client: &Client,
    part: reqwest::multipart::Part,
) -> Result<types::AssetUploadedV3, UploadError> {
    let form = reqwest::multipart::Form::new().part("file", part);
    let request = client
        .client()
        .post(format!("{}/v3/assets", client.baseurl()))
        .header(IDEMPOTENCY_KEY, new_idempotency_key())
        .multipart(form);
    let answer: types::AssetUploadedV3Response = send(client, request).await?;
    Ok(answer.data)
}

/// Sends a hand-written call with the credentials the generated calls carry; the answer, or
/// HeyGen's error.
async fn send<T: serde::de::DeserializeOwned>(
    client: &Client,
    mut request: reqwest::RequestBuilder,
) -> Result<T, UploadError> {
    if let Some(session) = &client.inner().session
        && let Ok(value) = session.authorization().await
    {
        request = request.header(reqwest::header::AUTHORIZATION, value);
    }
    let response = request.send().await?;
    if !response.status().is_success() {
        return Err(api_error(response).await);
    }
    Ok(response.json().await?)
}

/// HeyGen's upload host, which takes the legacy raw-body uploads.
pub const UPLOAD_BASE_URL: &str = "https://upload.heygen.com";

/// Where a client's legacy raw-body uploads go: HeyGen's upload host when the client talks to
/// `https://api.heygen.com`, else the client's own base URL, since a mock or a proxy serves
/// both.
pub fn upload_base_url(client: &Client) -> String {
    if client.baseurl().trim_end_matches('/') == "https://api.heygen.com" {
        UPLOAD_BASE_URL.to_owned()
    } else {
        client.baseurl().trim_end_matches('/').to_owned()
    }
}

/// The `Content-Type` HeyGen's raw uploads take for a file name's extension.
pub fn content_type_of(path: &Path) -> Option<&'static str> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match extension.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => return None,
    })
}

/// Sends a file as the raw body of `POST {upload_base}{route}`, with its `Content-Type`.
async fn upload_body<T: serde::de::DeserializeOwned>(
    client: &Client,
    upload_base: &str,
    route: &str,
    path: &Path,
    content_type: &str,
    on_progress: impl FnMut(u64, u64) + Send + 'static,
) -> Result<T, UploadError> {
    let size = size_of(path).await?;
    if size > MAX_MULTIPART_BYTES {
        return Err(UploadError::TooLarge {
            path: path.display().to_string(),
            size,
        });
    }
    let body = counted_body(path, size, on_progress).await?;
    let request = client
        .client()
        .post(format!("{}{route}", upload_base.trim_end_matches('/')))
        .header(reqwest::header::CONTENT_TYPE, content_type)
        .header(reqwest::header::CONTENT_LENGTH, size)
        .body(body);
    send(client, request).await
}

/// Uploads a file (PNG, JPEG, MP4, WebM or MP3, up to 32 MB) as the raw body of the legacy
/// `POST /v1/asset` on `upload_base` ([`upload_base_url`] picks it), reporting
/// `(bytes sent, total)`. An image's `image_key` is what `/v2/video/av4/generate` takes.
pub async fn upload_raw(
    client: &Client,
    upload_base: &str,
    path: &Path,
    content_type: &str,
    on_progress: impl FnMut(u64, u64) + Send + 'static,
) -> Result<types::AssetV1, UploadError> {
    let answer: types::AssetV1Response = upload_body(
        client,
        upload_base,
        "/v1/asset",
        path,
        content_type,
        on_progress,
    )
    .await?;
    Ok(answer.data)
}

/// Uploads a JPEG or PNG as a talking photo (`POST /v1/talking_photo` on `upload_base`); its
/// `talking_photo_id` works as a `/v2/video/generate` character.
pub async fn upload_talking_photo(
    client: &Client,
    upload_base: &str,
    path: &Path,
    content_type: &str,
) -> Result<types::TalkingPhotoUploaded, UploadError> {
    let answer: types::TalkingPhotoUploadResponse = upload_body(
        client,
        upload_base,
        "/v1/talking_photo",
        path,
        content_type,
        |_, _| {},
    )
    .await?;
    Ok(answer.data)
}

/// Uploads a file of any size through a presigned direct upload: opens a slot, PUTs the
/// bytes to its `upload_url` (reporting `(bytes sent, total)`), then completes it.
pub async fn upload_direct(
    client: &Client,
    path: &Path,
    content_type: &str,
    on_progress: impl FnMut(u64, u64) + Send + 'static,
) -> Result<types::UploadCompletedV3, UploadError> {
    let size = size_of(path).await?;
    let filename = path
        .file_name()
        .map_or_else(|| "file".to_owned(), |n| n.to_string_lossy().into_owned());
    let file: types::DirectUploadFileV3 = serde_json::from_value(serde_json::json!({
        "filename": filename,
        "content_type": content_type,
        "size_bytes": size,
    }))
    .map_err(|e| UploadError::Api {
        status: 400,
        code: "invalid_parameter".into(),
        message: e.to_string(),
    })?;
    let slot = client
        .create_direct_upload_v3()
        .body(file)
        .send()
        .await?
        .into_inner()
        .data;
    let body = counted_body(path, size, on_progress).await?;
    let mut put = client
        .client()
        .put(&slot.upload_url)
        .header(reqwest::header::CONTENT_LENGTH, size)
        .body(body);
    for (name, value) in &slot.upload_headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            put = put.header(name, value);
        }
    }
    let stored = put.send().await?;
    if !stored.status().is_success() {
        return Err(api_error(stored).await);
    }
    let completed = client
        .complete_direct_upload_v3()
        .asset_id(&slot.asset_id)
        .body(types::CompleteUploadV3Request::default())
        .send()
        .await?;
    Ok(completed.into_inner().data)
}
