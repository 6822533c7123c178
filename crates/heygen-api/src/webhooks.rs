//! Receiving HeyGen webhooks: check the signature, then parse the event into a typed enum.
//!
//! HeyGen signs deliveries to registered endpoints with the lowercase hex HMAC-SHA256 of the
//! exact raw body, keyed with the endpoint's `secret`, in the `Signature` header (the tutorial's
//! receiver reads `X-Heygen-Signature`; heygen-mock sends both). Verify the raw bytes before
//! parsing them: re-serialized JSON would not match.
//!
//! ```
//! use heygen_api::webhooks::{WebhookEvent, sign, verify_signature};
//! let body = br#"{"event_type":"avatar_video.success","event_data":{"video_id":"v1","url":"https://x/v.mp4","callback_id":null}}"#;
//! let signature = sign("whsec_test", body);
//! assert!(verify_signature(body, &signature, "whsec_test"));
//! match WebhookEvent::parse(body).unwrap() {
//!     WebhookEvent::AvatarVideoSuccess(data) => assert_eq!(data.video_id, "v1"),
//!     other => panic!("unexpected {other:?}"),
//! }
//! ```

use hmac::{Hmac, Mac};
use reqwest::header::HeaderMap;
use serde::Deserialize;
use sha2::Sha256;

use crate::types;

/// Headers that carry the signature, in the order they are tried.
pub const SIGNATURE_HEADERS: [&str; 2] = ["signature", "x-heygen-signature"];
/// The header with the event id, the same on every retry of one event.
pub const EVENT_ID_HEADER: &str = "x-heygen-event-id";

/// Why a webhook delivery was refused.
#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    /// No signature header was present.
    #[error("the delivery has no Signature or X-Heygen-Signature header")]
    MissingSignature,
    /// The signature does not match the body and secret.
    #[error("the signature does not match the body")]
    BadSignature,
    /// The body is not a HeyGen event.
    #[error("the body is not a HeyGen webhook event: {0}")]
    Parse(#[from] serde_json::Error),
}

/// The lowercase hex HMAC-SHA256 of `body` keyed with `secret`.
pub fn sign(secret: &str, body: &[u8]) -> String {
    hex::encode(mac(secret, body).finalize().into_bytes())
}

fn mac(secret: &str, body: &[u8]) -> Hmac<Sha256> {
    // HMAC takes keys of any length; new_from_slice cannot fail for it.
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).unwrap_or_else(|_| unreachable!());
    mac.update(body);
    mac
}

/// Whether `signature` (hex) is the HMAC of `body` under `secret`, compared in constant time.
pub fn verify_signature(body: &[u8], signature: &str, secret: &str) -> bool {
    match hex::decode(signature.trim()) {
        Ok(expected) => mac(secret, body).verify_slice(&expected).is_ok(),
        Err(_) => false,
    }
}

/// Verifies a delivery's signature header, then parses its body.
pub fn verify_and_parse(
    body: &[u8],
    headers: &HeaderMap,
    secret: &str,
) -> Result<WebhookEvent, WebhookError> {
    let signature = SIGNATURE_HEADERS
        .iter()
        .find_map(|h| headers.get(*h).and_then(|v| v.to_str().ok()))
        .ok_or(WebhookError::MissingSignature)?;
    if !verify_signature(body, signature, secret) {
        return Err(WebhookError::BadSignature);
    }
    WebhookEvent::parse(body)
}

/// A webhook event with its data typed by `event_type`.
#[derive(Debug, Clone, PartialEq)]
pub enum WebhookEvent {
    /// `avatar_video.success`.
    AvatarVideoSuccess(types::AvatarVideoSuccessData),
    /// `avatar_video.fail`.
    AvatarVideoFail(types::AvatarVideoFailData),
    /// `avatar_video_gif.success`.
    AvatarVideoGifSuccess(types::AvatarVideoSuccessData),
    /// `avatar_video_gif.fail`.
    AvatarVideoGifFail(types::AvatarVideoFailData),
    /// `avatar_video_caption.success`.
    AvatarVideoCaptionSuccess(types::AvatarVideoSuccessData),
    /// `avatar_video_caption.fail`.
    AvatarVideoCaptionFail(types::AvatarVideoFailData),
    /// `video_translate.success`.
    VideoTranslateSuccess(types::VideoTranslateSuccessData),
    /// `video_translate.fail`.
    VideoTranslateFail(types::VideoTranslateFailData),
    /// `photo_avatar_generation.success`.
    PhotoAvatarGenerationSuccess(types::PhotoAvatarSuccessData),
    /// `photo_avatar_generation.fail`.
    PhotoAvatarGenerationFail(types::PhotoAvatarFailData),
    /// `personalized_video`.
    PersonalizedVideo(types::PersonalizedVideoData),
    /// `batch.finished` (v3): every item of a batch reached a final status.
    BatchFinished(BatchFinishedData),
    /// `ai_clipping.success` (v3): the job, with its clips, as `get_ai_clipping_v3` reads it.
    AiClippingSuccess(types::AiClippingJobV3),
    /// `ai_clipping.fail` (v3): the job, with `failure_message`.
    AiClippingFail(types::AiClippingJobV3),
    /// An event type this crate does not know yet; kept whole rather than refused.
    Other {
        /// The `event_type`.
        event_type: String,
        /// The raw `event_data`.
        event_data: serde_json::Value,
    },
}

/// The data of `batch.finished`: which batch; read its items with `get_video_batch_v3`.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
pub struct BatchFinishedData {
    /// The batch's id.
    pub batch_id: String,
}

#[derive(Deserialize)]
struct Envelope {
    event_type: String,
    event_data: serde_json::Value,
}

impl WebhookEvent {
    /// Parses a delivery body.
    pub fn parse(body: &[u8]) -> Result<Self, WebhookError> {
        let Envelope {
            event_type,
            event_data,
        } = serde_json::from_slice(body)?;
        let data = event_data.clone();
        Ok(match event_type.as_str() {
            "avatar_video.success" => Self::AvatarVideoSuccess(serde_json::from_value(data)?),
            "avatar_video.fail" => Self::AvatarVideoFail(serde_json::from_value(data)?),
            "avatar_video_gif.success" => {
                Self::AvatarVideoGifSuccess(serde_json::from_value(data)?)
            }
            "avatar_video_gif.fail" => Self::AvatarVideoGifFail(serde_json::from_value(data)?),
            "avatar_video_caption.success" => {
                Self::AvatarVideoCaptionSuccess(serde_json::from_value(data)?)
            }
            "avatar_video_caption.fail" => {
                Self::AvatarVideoCaptionFail(serde_json::from_value(data)?)
            }
            "video_translate.success" => Self::VideoTranslateSuccess(serde_json::from_value(data)?),
            "video_translate.fail" => Self::VideoTranslateFail(serde_json::from_value(data)?),
            "photo_avatar_generation.success" => {
                Self::PhotoAvatarGenerationSuccess(serde_json::from_value(data)?)
            }
            "photo_avatar_generation.fail" => {
                Self::PhotoAvatarGenerationFail(serde_json::from_value(data)?)
            }
            "personalized_video" => Self::PersonalizedVideo(serde_json::from_value(data)?),
            "batch.finished" => Self::BatchFinished(serde_json::from_value(data)?),
            "ai_clipping.success" => Self::AiClippingSuccess(serde_json::from_value(data)?),
            "ai_clipping.fail" => Self::AiClippingFail(serde_json::from_value(data)?),
            _ => Self::Other {
                event_type,
                event_data,
            },
        })
    }

    /// The wire name of the event type.
    pub fn event_type(&self) -> &str {
        match self {
            Self::AvatarVideoSuccess(_) => "avatar_video.success",
            Self::AvatarVideoFail(_) => "avatar_video.fail",
            Self::AvatarVideoGifSuccess(_) => "avatar_video_gif.success",
            Self::AvatarVideoGifFail(_) => "avatar_video_gif.fail",
            Self::AvatarVideoCaptionSuccess(_) => "avatar_video_caption.success",
            Self::AvatarVideoCaptionFail(_) => "avatar_video_caption.fail",
            Self::VideoTranslateSuccess(_) => "video_translate.success",
            Self::VideoTranslateFail(_) => "video_translate.fail",
            Self::PhotoAvatarGenerationSuccess(_) => "photo_avatar_generation.success",
            Self::PhotoAvatarGenerationFail(_) => "photo_avatar_generation.fail",
            Self::PersonalizedVideo(_) => "personalized_video",
            Self::BatchFinished(_) => "batch.finished",
            Self::AiClippingSuccess(_) => "ai_clipping.success",
            Self::AiClippingFail(_) => "ai_clipping.fail",
            Self::Other { event_type, .. } => event_type,
        }
    }

    /// The `callback_id` the job was created with, if any.
    pub fn callback_id(&self) -> Option<&str> {
        match self {
            Self::AvatarVideoSuccess(d)
            | Self::AvatarVideoGifSuccess(d)
            | Self::AvatarVideoCaptionSuccess(d) => d.callback_id.as_deref(),
            Self::AvatarVideoFail(d)
            | Self::AvatarVideoGifFail(d)
            | Self::AvatarVideoCaptionFail(d) => d.callback_id.as_deref(),
            Self::VideoTranslateSuccess(d) => d.callback_id.as_deref(),
            Self::VideoTranslateFail(d) => d.callback_id.as_deref(),
            Self::PhotoAvatarGenerationSuccess(d) => d.callback_id.as_deref(),
            Self::PhotoAvatarGenerationFail(d) => d.callback_id.as_deref(),
            Self::PersonalizedVideo(d) => d.callback_id.as_deref(),
            Self::BatchFinished(_) => None,
            Self::AiClippingSuccess(d) | Self::AiClippingFail(d) => d.callback_id.as_deref(),
            Self::Other { event_data, .. } => {
                event_data.get("callback_id").and_then(|v| v.as_str())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_python_hmac_hexdigest() {
        // python3 -c "import hmac,hashlib;print(hmac.new(b'secret',b'{}',hashlib.sha256).hexdigest())"
        assert_eq!(
            sign("secret", b"{}"),
            "77325902caca812dc259733aacd046b73817372c777b8d95b402647474516e13"
        );
        assert!(verify_signature(b"{}", &sign("secret", b"{}"), "secret"));
        assert!(!verify_signature(b"{} ", &sign("secret", b"{}"), "secret"));
        assert!(!verify_signature(b"{}", &sign("other", b"{}"), "secret"));
        assert!(!verify_signature(b"{}", "not-hex", "secret"));
    }

    #[test]
    fn verify_and_parse_reads_either_header() {
        let body = br#"{"event_type":"video_translate.fail","event_data":{"video_translate_id":"vt_1","message":"no","callback_id":"c","output_language":"es"}}"#;
        let mut headers = HeaderMap::new();
        assert!(matches!(
            verify_and_parse(body, &headers, "s"),
            Err(WebhookError::MissingSignature)
        ));
        headers.insert("x-heygen-signature", sign("s", body).parse().unwrap());
        let event = verify_and_parse(body, &headers, "s").unwrap();
        assert_eq!(event.event_type(), "video_translate.fail");
        assert_eq!(event.callback_id(), Some("c"));
        assert!(matches!(
            verify_and_parse(body, &headers, "wrong"),
            Err(WebhookError::BadSignature)
        ));
    }

    #[test]
    fn unknown_events_are_kept() {
        let event =
            WebhookEvent::parse(br#"{"event_type":"live_avatar.success","event_data":{"x":1}}"#)
                .unwrap();
        assert_eq!(event.event_type(), "live_avatar.success");
    }
}
