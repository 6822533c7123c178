//! The files behind media links: real MP4, WebM (with alpha), JPEG, GIF, MP3 and captions.
//!
//! Job media links are presigned like HeyGen's CDN links: they carry an expiry seven days of
//! mock time ahead and an HMAC over path and expiry. An expired or tampered link answers 403;
//! reading the job's status again mints a fresh link, as on the real service.

use axum::{
    http::header,
    response::{IntoResponse, Response},
};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use super::{clock::Millis, error::ApiError};

/// How long a media link stays valid: 7 days.
pub const LINK_TTL_SECS: u64 = 7 * 24 * 3600;

/// A 2-second 320×180 H.264/AAC MP4.
pub const VIDEO_MP4: &[u8] = include_bytes!("../../media/video.mp4");
/// The same as VP9 WebM with an alpha channel, for transparent backgrounds.
pub const VIDEO_WEBM: &[u8] = include_bytes!("../../media/video.webm");
/// A 320×180 JPEG.
pub const THUMBNAIL_JPG: &[u8] = include_bytes!("../../media/thumbnail.jpg");
/// A small animated GIF.
pub const PREVIEW_GIF: &[u8] = include_bytes!("../../media/preview.gif");
/// A one-second MP3 tone, for voice previews.
pub const VOICE_MP3: &[u8] = include_bytes!("../../media/voice-preview.mp3");

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
    pub fn link(&self, base: &str, kind: &str, id: &str, file: &str, now_ms: Millis) -> String {
        let path = format!("/media/{kind}/{id}/{file}");
        self.sign(base, &path, now_ms, LINK_TTL_SECS)
    }

    /// Any path of this server, presigned for `ttl_secs` from `now_ms` (as S3 presigns URLs).
    pub fn sign(&self, base: &str, path: &str, now_ms: Millis, ttl_secs: u64) -> String {
        let expires = (now_ms / 1000).saturating_add(ttl_secs);
        let signature =
            hex::encode(&self.keyed(path, expires).finalize().into_bytes()[..SIGNATURE_BYTES]);
        format!("{base}{path}?Expires={expires}&Signature={signature}")
    }

    /// Constant-time check (the hmac crate's), so a probe learns nothing from timing.
    pub fn verify(&self, path: &str, expires: u64, signature: &str) -> bool {
        match hex::decode(signature) {
            Ok(bytes) if bytes.len() == SIGNATURE_BYTES => self
                .keyed(path, expires)
                .verify_truncated_left(&bytes)
                .is_ok(),
            _ => false,
        }
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

/// A catalogue preview file by name (`/media/preview/{file}`).
pub fn preview(file: &str) -> Result<Response, ApiError> {
    match file {
        "image.jpg" => Ok(serve(THUMBNAIL_JPG, "image/jpeg")),
        "video.mp4" => Ok(serve(VIDEO_MP4, "video/mp4")),
        "audio.mp3" => Ok(serve(VOICE_MP3, "audio/mpeg")),
        "animation.gif" => Ok(serve(PREVIEW_GIF, "image/gif")),
        _ => Err(ApiError::not_found("media file", file)),
    }
}

/// Checks a job file link's signature and expiry (`now_secs`); the 403 that explains why not.
pub fn check_link(
    signer: &MediaSigner,
    path: &str,
    expires: Option<u64>,
    signature: Option<&str>,
    now_secs: u64,
) -> Result<(), ApiError> {
    let (Some(expires), Some(signature)) = (expires, signature) else {
        return Err(ApiError::forbidden(
            "the link is not signed; use the URL from the status answer",
        ));
    };
    if !signer.verify(path, expires, signature) {
        return Err(ApiError::forbidden("the link's signature does not match"));
    }
    if now_secs > expires {
        return Err(ApiError::forbidden(
            "Request has expired: media links live 7 days; read the status again for a fresh link",
        ));
    }
    Ok(())
}

/// Links for one answer: signed job links and catalogue previews, for one base URL at one
/// instant of mock time.
#[derive(Clone, Copy)]
pub struct Links<'a> {
    signer: &'a MediaSigner,
    base: &'a str,
    now: Millis,
}

impl<'a> Links<'a> {
    /// Links on `base` (`http://host:port`) signed at `now`.
    pub fn new(signer: &'a MediaSigner, base: &'a str, now: Millis) -> Self {
        Self { signer, base, now }
    }

    /// The instant the links are signed at (also "now" for the answer they appear in).
    pub fn now(&self) -> Millis {
        self.now
    }

    /// A signed link to a job's file; `kind` is the job area's registered kind.
    pub fn job(&self, kind: &str, id: &str, file: &str) -> String {
        self.signer.link(self.base, kind, id, file, self.now)
    }
}

/// An owned file made for the request (generated audio).
pub fn serve_bytes(bytes: Vec<u8>, content_type: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], bytes).into_response()
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
        let link = signer.link("http://h", "videos", "abc", "video.mp4", 1_000_000);
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
