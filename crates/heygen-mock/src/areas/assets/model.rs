//! Uploaded files: their bytes, what kind of file they are, and the direct-upload lifecycle
//! (`pending_upload` → bytes PUT → `completed`).

use std::sync::Mutex;

use axum::body::Bytes;
use indexmap::IndexMap;

use crate::core::{Resettable, clock::Millis, error::ApiError, ids::new_id, sync::lock};

/// Largest file `POST /v3/assets` takes (HeyGen's limit).
pub const MAX_UPLOAD_BYTES: usize = 32 * 1024 * 1024;
/// Largest file a direct upload takes (the mock keeps files in memory).
pub const MAX_DIRECT_BYTES: u64 = 100 * 1024 * 1024;
/// How long a direct-upload URL lives.
pub const UPLOAD_TTL_SECS: u64 = 3600;
/// Most bytes all assets together may hold, so a long-running mock cannot grow without bound.
pub const MAX_TOTAL_BYTES: usize = 512 * 1024 * 1024;

/// Where an asset is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssetStatus {
    /// A direct upload was opened; the bytes have not been confirmed.
    PendingUpload,
    /// Usable as an input.
    Completed,
}

impl AssetStatus {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PendingUpload => "pending_upload",
            Self::Completed => "completed",
        }
    }
}

/// One stored file.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Its id (`ast_…`).
    pub id: String,
    /// The file name it came with.
    pub name: String,
    /// Its MIME type, from its bytes (or, for a direct upload, as declared until completed).
    pub mime_type: String,
    /// The bytes, once uploaded.
    pub bytes: Option<Bytes>,
    /// The size a direct upload promised.
    pub expected_size: u64,
    /// The SHA-256 a direct upload promised, if any.
    pub checksum_sha256: Option<String>,
    /// Where it is in its life.
    pub status: AssetStatus,
    /// When it was created (mock time).
    pub created_ms: Millis,
    /// The direct-upload batch it belongs to, if any.
    pub batch_id: Option<String>,
}

impl Asset {
    /// `image`, `video`, `audio`, `pdf` or `subtitle`, from the MIME type.
    pub fn kind(&self) -> &'static str {
        kind_of(&self.mime_type)
    }
}

/// The asset kind of a MIME type.
pub fn kind_of(mime: &str) -> &'static str {
    match mime.split('/').next() {
        Some("image") => "image",
        Some("video") => "video",
        Some("audio") => "audio",
        _ if mime == "application/pdf" => "pdf",
        _ => "subtitle",
    }
}

/// The MIME type of a file, from its first bytes (as HeyGen sniffs uploads); `None` for a
/// kind HeyGen does not take.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if starts(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.len() > 8 && &bytes[4..8] == b"ftyp" {
        Some("video/mp4")
    } else if starts(&[0x1A, 0x45, 0xDF, 0xA3]) {
        Some("video/webm")
    } else if starts(b"ID3") || (bytes.len() > 1 && bytes[0] == 0xFF && bytes[1] & 0xE0 == 0xE0) {
        Some("audio/mpeg")
    } else if starts(b"RIFF") && bytes.len() > 12 && &bytes[8..12] == b"WAVE" {
        Some("audio/wav")
    } else if starts(b"%PDF-") {
        Some("application/pdf")
    } else if looks_like_srt(bytes) {
        Some("application/x-subrip")
    } else {
        None
    }
}

/// An SRT file: text whose first cue is a number, then a `-->` timing line.
fn looks_like_srt(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let first = lines.next().unwrap_or("").trim();
    let second = lines.next().unwrap_or("");
    !first.is_empty() && first.chars().all(|c| c.is_ascii_digit()) && second.contains("-->")
}

/// Every asset, in upload order.
#[derive(Debug, Default)]
pub struct Assets {
    assets: Mutex<IndexMap<String, (u64, Asset)>>,
    next_seq: std::sync::atomic::AtomicU64,
}

impl Resettable for Assets {
    fn reset(&self) {
        lock(&self.assets).clear();
    }
}

fn total_bytes(assets: &IndexMap<String, (u64, Asset)>) -> usize {
    assets
        .values()
        .filter_map(|(_, a)| a.bytes.as_ref().map(Bytes::len))
        .sum()
}

impl Assets {
    fn insert(&self, asset: Asset) -> Result<Asset, ApiError> {
        let mut assets = lock(&self.assets);
        let incoming = asset.bytes.as_ref().map_or(0, Bytes::len);
        if total_bytes(&assets).saturating_add(incoming) > MAX_TOTAL_BYTES {
            return Err(ApiError::invalid(
                "the mock holds 512 MiB of assets at most; delete some or reset",
            ));
        }
        let seq = self
            .next_seq
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        assets.insert(asset.id.clone(), (seq, asset.clone()));
        Ok(asset)
    }

    /// Stores an uploaded file, usable at once.
    pub fn upload(&self, name: String, bytes: Bytes, now: Millis) -> Result<Asset, ApiError> {
        let mime_type = sniff(&bytes).ok_or_else(|| {
            ApiError::invalid(
                "file: not a type HeyGen takes (PNG, JPEG, MP4, WebM, MP3, WAV, PDF or SRT)",
            )
            .with_param("file")
        })?;
        self.insert(Asset {
            id: new_id("ast_"),
            name,
            mime_type: mime_type.to_owned(),
            expected_size: bytes.len() as u64,
            bytes: Some(bytes),
            checksum_sha256: None,
            status: AssetStatus::Completed,
            created_ms: now,
            batch_id: None,
        })
    }

    /// Opens a direct upload: an asset waiting for its bytes.
    pub fn open(
        &self,
        name: String,
        content_type: String,
        size: u64,
        checksum_sha256: Option<String>,
        batch_id: Option<String>,
        now: Millis,
    ) -> Result<Asset, ApiError> {
        self.insert(Asset {
            id: new_id("ast_"),
            name,
            mime_type: content_type,
            bytes: None,
            expected_size: size,
            checksum_sha256,
            status: AssetStatus::PendingUpload,
            created_ms: now,
            batch_id,
        })
    }

    /// Takes the bytes PUT to a direct-upload URL (again, if the client retries).
    pub fn receive(&self, id: &str, bytes: Bytes) -> Result<(), ApiError> {
        let mut assets = lock(&self.assets);
        let others = total_bytes(&assets);
        let (_, asset) = assets
            .get_mut(id)
            .ok_or_else(|| ApiError::not_found("upload", id))?;
        if asset.status != AssetStatus::PendingUpload {
            return Err(ApiError::invalid("this upload was already completed"));
        }
        if bytes.len() as u64 != asset.expected_size {
            return Err(ApiError::invalid(format!(
                "the upload URL was signed for {} bytes, got {}",
                asset.expected_size,
                bytes.len()
            )));
        }
        if let Some(expected) = &asset.checksum_sha256 {
            use sha2::{Digest, Sha256};
            if !hex::encode(Sha256::digest(&bytes)).eq_ignore_ascii_case(expected) {
                return Err(ApiError::invalid("the bytes do not match checksum_sha256"));
            }
        }
        if others.saturating_add(bytes.len()) > MAX_TOTAL_BYTES {
            return Err(ApiError::invalid(
                "the mock holds 512 MiB of assets at most; delete some or reset",
            ));
        }
        asset.bytes = Some(bytes);
        Ok(())
    }

    /// Finalizes a direct upload: the bytes must have arrived (and match a checksum given now).
    pub fn complete(&self, id: &str, checksum_sha256: Option<&str>) -> Result<Asset, ApiError> {
        let mut assets = lock(&self.assets);
        let (_, asset) = assets
            .get_mut(id)
            .ok_or_else(|| ApiError::not_found("asset", id).with_param("asset_id"))?;
        if asset.status == AssetStatus::Completed {
            // Completing is idempotent, as HeyGen documents.
            return Ok(asset.clone());
        }
        let Some(bytes) = &asset.bytes else {
            return Err(ApiError::invalid(format!(
                "asset {id}: PUT the file to its upload_url before completing"
            ))
            .with_param("asset_id"));
        };
        if let Some(expected) = checksum_sha256 {
            use sha2::{Digest, Sha256};
            if !hex::encode(Sha256::digest(bytes)).eq_ignore_ascii_case(expected) {
                return Err(
                    ApiError::invalid("checksum_sha256 does not match the uploaded bytes")
                        .with_param("checksum_sha256"),
                );
            }
        }
        if let Some(sniffed) = sniff(bytes) {
            asset.mime_type = sniffed.to_owned();
        }
        asset.status = AssetStatus::Completed;
        Ok(asset.clone())
    }

    /// An asset by id.
    pub fn get(&self, id: &str) -> Option<Asset> {
        lock(&self.assets).get(id).map(|(_, a)| a.clone())
    }

    /// Whether a completed asset of this kind exists (for `asset_id` inputs).
    pub fn usable(&self, id: &str) -> Option<&'static str> {
        lock(&self.assets)
            .get(id)
            .filter(|(_, a)| a.status == AssetStatus::Completed)
            .map(|(_, a)| a.kind())
    }

    /// Forgets an asset; false if there was none.
    pub fn remove(&self, id: &str) -> bool {
        lock(&self.assets).shift_remove(id).is_some()
    }

    /// Completed assets newest first, after the one numbered `before` when given.
    pub fn newest_first(&self, before: Option<u64>) -> Vec<(u64, Asset)> {
        lock(&self.assets)
            .values()
            .rev()
            .filter(|(seq, a)| {
                a.status == AssetStatus::Completed && before.is_none_or(|b| *seq < b)
            })
            .map(|(seq, a)| (*seq, a.clone()))
            .collect()
    }

    /// The assets of a direct-upload batch, in request order.
    pub fn of_batch(&self, batch_id: &str) -> Vec<Asset> {
        lock(&self.assets)
            .values()
            .filter(|(_, a)| a.batch_id.as_deref() == Some(batch_id))
            .map(|(_, a)| a.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::media;

    #[test]
    fn uploads_are_sniffed_from_their_bytes() {
        assert_eq!(sniff(media::THUMBNAIL_JPG), Some("image/jpeg"));
        assert_eq!(sniff(media::VIDEO_MP4), Some("video/mp4"));
        assert_eq!(sniff(media::VIDEO_WEBM), Some("video/webm"));
        assert_eq!(sniff(media::VOICE_MP3), Some("audio/mpeg"));
        assert_eq!(
            sniff(b"1\n00:00:00,000 --> 00:00:01,000\nHi\n"),
            Some("application/x-subrip")
        );
        assert_eq!(sniff(b"hello"), None);
    }

    #[test]
    fn a_direct_upload_is_usable_only_once_completed() {
        let assets = Assets::default();
        let bytes = Bytes::from_static(media::THUMBNAIL_JPG);
        let open = assets
            .open(
                "a.jpg".into(),
                "image/jpeg".into(),
                bytes.len() as u64,
                None,
                None,
                0,
            )
            .unwrap();
        assert!(assets.usable(&open.id).is_none());
        assert!(assets.complete(&open.id, None).is_err(), "no bytes yet");
        assert!(
            assets
                .receive(&open.id, Bytes::from_static(b"short"))
                .is_err()
        );
        assets.receive(&open.id, bytes).unwrap();
        let done = assets.complete(&open.id, None).unwrap();
        assert_eq!(done.status, AssetStatus::Completed);
        assert_eq!(assets.usable(&open.id), Some("image"));
        assert!(
            assets.complete(&open.id, None).is_ok(),
            "completing again is fine"
        );
    }
}

/// A direct-upload batch: its name, and what completing each item said.
#[derive(Debug, Clone)]
pub struct AssetBatch {
    /// Its display name.
    pub title: Option<String>,
    /// When it was opened (mock time).
    pub created_ms: Millis,
    /// Per item, in request order: why completing it failed, once a completion was asked for.
    pub failures: Vec<Option<String>>,
}

/// Every direct-upload batch.
#[derive(Debug, Default)]
pub struct AssetBatches {
    batches: Mutex<IndexMap<String, AssetBatch>>,
}

impl Resettable for AssetBatches {
    fn reset(&self) {
        lock(&self.batches).clear();
    }
}

impl AssetBatches {
    /// Opens a batch; its id.
    pub fn open(&self, title: Option<String>, now: Millis) -> String {
        let id = new_id("batch_");
        let batch = AssetBatch {
            title,
            created_ms: now,
            failures: Vec::new(),
        };
        lock(&self.batches).insert(id.clone(), batch);
        id
    }

    /// A batch by id.
    pub fn get(&self, id: &str) -> Option<AssetBatch> {
        lock(&self.batches).get(id).cloned()
    }

    /// Records what completing each item said.
    pub fn record(&self, id: &str, failures: Vec<Option<String>>) {
        if let Some(batch) = lock(&self.batches).get_mut(id) {
            batch.failures = failures;
        }
    }
}

/// Talking photos uploaded through `/v1/talking_photo`: each is an image asset under a
/// `talking_photo_id` of its own.
#[derive(Debug, Default)]
pub struct TalkingPhotos {
    /// Talking photo id → asset id, in upload order.
    photos: Mutex<IndexMap<String, String>>,
}

impl Resettable for TalkingPhotos {
    fn reset(&self) {
        lock(&self.photos).clear();
    }
}

impl TalkingPhotos {
    /// Registers an uploaded image as a talking photo; its new id.
    pub fn add(&self, asset_id: &str) -> String {
        let id = new_id("tp_");
        lock(&self.photos).insert(id.clone(), asset_id.to_owned());
        id
    }

    /// Whether this talking photo exists.
    pub fn contains(&self, id: &str) -> bool {
        lock(&self.photos).contains_key(id)
    }

    /// `(talking photo id, asset id)`, newest first.
    pub fn newest_first(&self) -> Vec<(String, String)> {
        lock(&self.photos)
            .iter()
            .rev()
            .map(|(id, asset)| (id.clone(), asset.clone()))
            .collect()
    }

    /// Forgets a talking photo; the asset id it named.
    pub fn remove(&self, id: &str) -> Option<String> {
        lock(&self.photos).shift_remove(id)
    }

    /// Forgets the talking photos of a deleted asset.
    pub fn forget_asset(&self, asset_id: &str) {
        lock(&self.photos).retain(|_, asset| asset != asset_id);
    }
}
