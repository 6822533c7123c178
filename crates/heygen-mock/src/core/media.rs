//! The files behind media links: real MP4, WebM (with alpha), JPEG, GIF, MP3 and captions.
//!
//! Job media links are presigned like HeyGen's CDN links: they carry an expiry seven days of
//! mock time ahead and an HMAC over path and expiry. An expired or tampered link answers 403;
//! reading the job's status again mints a fresh link, as on the real service.

use axum::{
    Router,
    extract::{Path, Query, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use hmac::{Hmac, Mac};
use rand::RngCore;
use serde::Deserialize;
use sha2::Sha256;

use crate::{clock::Millis, error::ApiError, jobs::JobKind, state::AppState};

/// How long a media link stays valid: 7 days.
pub const LINK_TTL_SECS: u64 = 7 * 24 * 3600;

/// A 2-second 320×180 H.264/AAC MP4.
pub const VIDEO_MP4: &[u8] = include_bytes!("../media/video.mp4");
/// The same as VP9 WebM with an alpha channel, for transparent backgrounds.
pub const VIDEO_WEBM: &[u8] = include_bytes!("../media/video.webm");
/// A 320×180 JPEG.
pub const THUMBNAIL_JPG: &[u8] = include_bytes!("../media/thumbnail.jpg");
/// A small animated GIF.
pub const PREVIEW_GIF: &[u8] = include_bytes!("../media/preview.gif");
/// A one-second MP3 tone, for voice previews.
pub const VOICE_MP3: &[u8] = include_bytes!("../media/voice-preview.mp3");

/// Signs media links with a per-process key.
pub struct MediaSigner {
    /// Keyed once; each signature starts from a clone, which skips the key schedule.
    mac: Hmac<Sha256>,
}

impl Default for MediaSigner {
    fn default() -> Self {
        Self::new()
    }
}

/// Bytes of the HMAC kept in a link (32 hex digits).
const SIGNATURE_BYTES: usize = 16;

impl MediaSigner {
    /// A signer with a fresh random key.
    pub fn new() -> Self {
        let mut key = [0u8; 32];
        rand::rng().fill_bytes(&mut key);
        // HMAC accepts keys of any length, so this cannot fail.
        let mac = <Hmac<Sha256> as Mac>::new_from_slice(&key).unwrap_or_else(|_| unreachable!());
        Self { mac }
    }

    fn keyed(&self, path: &str, expires: u64) -> Hmac<Sha256> {
        let mut mac = self.mac.clone();
        mac.update(path.as_bytes());
        mac.update(b":");
        mac.update(expires.to_string().as_bytes());
        mac
    }

    /// A link to a job's file, valid for 7 days from `now_ms`.
    pub fn link(&self, base: &str, kind: JobKind, id: &str, file: &str, now_ms: Millis) -> String {
        let path = format!("/media/{}/{id}/{file}", kind_segment(kind));
        let expires = now_ms / 1000 + LINK_TTL_SECS;
        let signature =
            hex::encode(&self.keyed(&path, expires).finalize().into_bytes()[..SIGNATURE_BYTES]);
        format!("{base}{path}?Expires={expires}&Signature={signature}")
    }

    /// Constant-time check (the hmac crate's), so a probe learns nothing from timing.
    fn verify(&self, path: &str, expires: u64, signature: &str) -> bool {
        match hex::decode(signature) {
            Ok(bytes) if bytes.len() == SIGNATURE_BYTES => self
                .keyed(path, expires)
                .verify_truncated_left(&bytes)
                .is_ok(),
            _ => false,
        }
    }
}

fn kind_segment(kind: JobKind) -> &'static str {
    match kind {
        JobKind::Video => "videos",
        JobKind::PhotoAvatar => "photo_avatars",
        JobKind::Translation => "translations",
    }
}

/// Links to catalogue previews (not signed: the catalogue's links do not expire).
pub fn preview_link(base: &str, file: &str, of: &str) -> String {
    format!("{base}/media/preview/{file}?of={of}")
}

/// A static file with its content type.
pub fn serve(bytes: &'static [u8], content_type: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], bytes).into_response()
}

/// The media routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/media/preview/{file}", get(preview))
        .route("/media/{kind}/{id}/{file}", get(job_file))
}

async fn preview(Path(file): Path<String>) -> Result<Response, ApiError> {
    match file.as_str() {
        "image.jpg" => Ok(serve(THUMBNAIL_JPG, "image/jpeg")),
        "video.mp4" => Ok(serve(VIDEO_MP4, "video/mp4")),
        "audio.mp3" => Ok(serve(VOICE_MP3, "audio/mpeg")),
        "animation.gif" => Ok(serve(PREVIEW_GIF, "image/gif")),
        _ => Err(ApiError::not_found("media file", &file)),
    }
}

#[derive(Deserialize)]
struct Signed {
    #[serde(rename = "Expires")]
    expires: Option<u64>,
    #[serde(rename = "Signature")]
    signature: Option<String>,
}

async fn job_file(
    State(state): State<AppState>,
    Path((kind, id, file)): Path<(String, String, String)>,
    Query(signed): Query<Signed>,
) -> Result<Response, ApiError> {
    let path = format!("/media/{kind}/{id}/{file}");
    let (Some(expires), Some(signature)) = (signed.expires, signed.signature) else {
        return Err(forbidden(
            "the link is not signed; use the URL from the status answer",
        ));
    };
    if !state.media.verify(&path, expires, &signature) {
        return Err(forbidden("the link's signature does not match"));
    }
    if state.clock.now_secs() > expires {
        return Err(forbidden(
            "Request has expired: media links live 7 days; read the status again for a fresh link",
        ));
    }
    let now = state.clock.now_ms();
    let found = match kind.as_str() {
        "videos" => crate::state::lock(&state.videos).media(&id, &file, now),
        "translations" => crate::state::lock(&state.translations).media(&id, &file, now),
        "photo_avatars" => crate::state::lock(&state.photo_avatars).media(&id, &file, now),
        _ => None,
    };
    found.ok_or_else(|| ApiError::not_found("media file", &path))
}

fn forbidden(message: &str) -> ApiError {
    let mut error = ApiError::from_status(StatusCode::FORBIDDEN, "");
    error.message = message.to_owned();
    error
}

/// An owned text file (captions).
pub fn serve_text(text: String, content_type: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], text).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_verify_and_tampering_fails() {
        let signer = MediaSigner::new();
        let link = signer.link("http://h", JobKind::Video, "abc", "video.mp4", 1_000_000);
        let (path, query) = link.trim_start_matches("http://h").split_once('?').unwrap();
        let expires: u64 = query
            .split('&')
            .next()
            .unwrap()
            .trim_start_matches("Expires=")
            .parse()
            .unwrap();
        let sig = query.split("Signature=").nth(1).unwrap();
        assert_eq!(expires, 1000 + LINK_TTL_SECS);
        assert!(signer.verify(path, expires, sig));
        assert!(!signer.verify(path, expires + 1, sig));
        assert!(!signer.verify("/media/videos/other/video.mp4", expires, sig));
    }

    #[test]
    fn media_files_are_real() {
        assert_eq!(&VIDEO_MP4[4..8], b"ftyp");
        assert_eq!(&VIDEO_WEBM[..4], &[0x1A, 0x45, 0xDF, 0xA3]);
        assert_eq!(&THUMBNAIL_JPG[..2], &[0xFF, 0xD8]);
        assert_eq!(&PREVIEW_GIF[..3], b"GIF");
    }
}
