//! Downloading finished media to a file, streamed (never held in memory), with progress, and
//! with a fresh link fetched through the status call when the one in hand has expired.

use std::path::{Path, PathBuf};

use futures::StreamExt;
use reqwest::StatusCode;
use tokio::io::AsyncWriteExt;

use crate::{Client, errors::HeyGenCode, types};

/// Which file of a finished video.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    /// `video_url` (MP4, or WebM for transparent backgrounds).
    Video,
    /// `thumbnail_url` (JPEG).
    Thumbnail,
    /// `gif_url`.
    Gif,
    /// `caption_url` (captions file).
    Captions,
    /// `video_url_caption` (video with burned-in captions).
    CaptionedVideo,
}

impl Media {
    fn link(self, status: &types::VideoStatus) -> Option<&str> {
        match self {
            Media::Video => status.video_url.as_deref(),
            Media::Thumbnail => status.thumbnail_url.as_deref(),
            Media::Gif => status.gif_url.as_deref(),
            Media::Captions => status.caption_url.as_deref(),
            Media::CaptionedVideo => status.video_url_caption.as_deref(),
        }
    }
}

/// Why a download failed.
#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    /// The video failed: it has no files, and never will.
    #[error("video {id} failed with {code}: {message}")]
    Failed {
        /// The video id.
        id: String,
        /// HeyGen's code (e.g. 40119 video too long).
        code: HeyGenCode,
        /// HeyGen's message.
        message: String,
    },
    /// The video is not completed yet.
    #[error("video {id} is {status}, not completed")]
    NotReady {
        /// The video id.
        id: String,
        /// Its status.
        status: String,
    },
    /// The completed video has no such file (e.g. captions were not asked for).
    #[error("video {id} has no {media:?} file")]
    NoSuchMedia {
        /// The video id.
        id: String,
        /// What was asked for.
        media: Media,
    },
    /// The media host answered with an error.
    #[error("the media host answered {0}")]
    Status(StatusCode),
    /// The transfer failed.
    #[error("download failed: {0}")]
    Http(#[from] reqwest::Error),
    /// Writing the file failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The status call failed.
    #[error("reading the status failed: {0}")]
    Api(#[from] progenitor_client::Error<types::V1ErrorResponse>),
}

/// A client for media hosts: no HeyGen credentials (links are presigned and may point at a
/// third-party CDN, which must never see the API key).
pub fn media_client() -> Result<reqwest::Client, reqwest::Error> {
    crate::tls::client_builder()
        .connect_timeout(std::time::Duration::from_secs(10))
        .read_timeout(std::time::Duration::from_secs(60))
        .build()
}

/// Streams `url` into `path` (through a `.part` file, renamed at the end); returns the bytes written.
pub async fn download_url(
    http: &reqwest::Client,
    url: &str,
    path: &Path,
    mut on_progress: impl FnMut(u64, Option<u64>),
) -> Result<u64, DownloadError> {
    let response = http.get(url).send().await?;
    if !response.status().is_success() {
        return Err(DownloadError::Status(response.status()));
    }
    let total = response.content_length();
    let part = path.with_extension(match path.extension() {
        Some(ext) => format!("{}.part", ext.to_string_lossy()),
        None => "part".into(),
    });
    let written = write_stream(response, &part, total, &mut on_progress).await;
    let renamed = match written {
        Ok(n) => tokio::fs::rename(&part, path)
            .await
            .map(|()| n)
            .map_err(|source| DownloadError::Io {
                path: path.to_owned(),
                source,
            }),
        Err(e) => Err(e),
    };
    if renamed.is_err() {
        // Leave no half-written file behind.
        let _ = tokio::fs::remove_file(&part).await;
    }
    renamed
}

async fn write_stream(
    response: reqwest::Response,
    part: &Path,
    total: Option<u64>,
    on_progress: &mut impl FnMut(u64, Option<u64>),
) -> Result<u64, DownloadError> {
    let io = |source| DownloadError::Io {
        path: part.to_owned(),
        source,
    };
    let mut file = tokio::fs::File::create(part).await.map_err(io)?;
    let mut written = 0u64;
    let mut stream = response.bytes_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        file.write_all(&chunk).await.map_err(io)?;
        written += chunk.len() as u64;
        on_progress(written, total);
    }
    file.flush().await.map_err(io)?;
    Ok(written)
}

/// Downloads a finished video's file. Tries `link` first when given (e.g. from a webhook);
/// if it has expired (403/404/410), or none was given, reads the status for a fresh link.
pub async fn download_video(
    client: &Client,
    video_id: &str,
    media: Media,
    link: Option<&str>,
    path: &Path,
    mut on_progress: impl FnMut(u64, Option<u64>),
) -> Result<u64, DownloadError> {
    let http = media_client()?;
    if let Some(link) = link {
        match download_url(&http, link, path, &mut on_progress).await {
            Err(DownloadError::Status(s)) if matches!(s.as_u16(), 403 | 404 | 410) => {
                tracing::info!(
                    video_id,
                    status = s.as_u16(),
                    "media link expired; fetching a fresh one"
                );
            }
            other => return other,
        }
    }
    let status = client
        .get_video_status()
        .video_id(video_id)
        .send()
        .await?
        .into_inner()
        .data;
    if status.status == types::VideoStatusValue::Failed {
        return Err(DownloadError::Failed {
            id: video_id.to_owned(),
            code: HeyGenCode::from_code(status.error.as_ref().map_or(50001, |e| e.code)),
            message: status
                .error
                .map_or_else(|| "failed without a reason".to_owned(), |e| e.message),
        });
    }
    if status.status != types::VideoStatusValue::Completed {
        return Err(DownloadError::NotReady {
            id: video_id.to_owned(),
            status: status.status.to_string(),
        });
    }
    let fresh = media
        .link(&status)
        .ok_or_else(|| DownloadError::NoSuchMedia {
            id: video_id.to_owned(),
            media,
        })?;
    download_url(&http, fresh, path, on_progress).await
}
