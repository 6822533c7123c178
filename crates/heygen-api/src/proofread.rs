//! The proofreading round trip of a v3 video translation: read a completed proofread's script
//! as SRT cues, correct them, and send them back before rendering.
//!
//! ```no_run
//! # async fn demo(client: &heygen_api::Client) -> Result<(), heygen_api::proofread::ProofreadError> {
//! use heygen_api::proofread;
//! // "pr_…" from POST /v3/video-translations/proofreads, waited for until completed.
//! proofread::edit(client, "pr_123", |cues| {
//!     for cue in cues.iter_mut() {
//!         cue.text = cue.text.replace("Reformer", "reformador");
//!     }
//! })
//! .await?;
//! # Ok(()) }
//! ```

use crate::{
    Client,
    assets::{UploadError, upload_bytes},
    download::media_client,
    srt::{self, Cue, SrtError},
    types,
};

/// Why a step of the round trip failed.
#[derive(Debug, thiserror::Error)]
pub enum ProofreadError {
    /// HeyGen refused a call (an unknown proofread, one not completed yet, a bad SRT).
    #[error(transparent)]
    Call(#[from] progenitor_client::Error<types::V3ErrorResponse>),
    /// The SRT link could not be read.
    #[error("cannot download the SRT: {0}")]
    Download(#[from] reqwest::Error),
    /// The SRT is not well formed (HeyGen's, or the edited one).
    #[error("the SRT is not usable: {0}")]
    Srt(#[from] SrtError),
    /// The corrected SRT could not be uploaded.
    #[error(transparent)]
    Upload(#[from] UploadError),
    /// The upload answered an asset id that cannot be sent back (empty).
    #[error("the SRT upload answered an unusable asset id: {0}")]
    AssetId(String),
}

/// The proofread's script as it stands (with any corrections already uploaded).
pub async fn download_srt(client: &Client, proofread_id: &str) -> Result<Vec<Cue>, ProofreadError> {
    let links = client
        .get_proofread_srt_v3()
        .proofread_id(proofread_id)
        .send()
        .await?
        .into_inner()
        .data;
    // The link is presigned: it goes without the API key.
    let text = media_client()?
        .get(&links.srt_url)
        .send()
        .await?
        .error_for_status()?
        .text()
        .await?;
    Ok(srt::parse(&text)?)
}

/// Replaces the proofread's script with `cues`: checks them as HeyGen would, uploads them as
/// an SRT asset and points the proofread at it. The proofread as HeyGen then reports it.
pub async fn upload_srt(
    client: &Client,
    proofread_id: &str,
    cues: &[Cue],
) -> Result<types::ProofreadV3, ProofreadError> {
    let text = srt::write(cues);
    // Refuse locally what HeyGen would refuse, with the cue named, before uploading anything.
    srt::parse(&text)?;
    let asset = upload_bytes(client, &format!("{proofread_id}.srt"), text.into_bytes()).await?;
    let asset_id = types::V3AssetIdAssetId::try_from(asset.asset_id)
        .map_err(|e| ProofreadError::AssetId(e.to_string()))?;
    let body = types::UploadProofreadSrtV3Request {
        srt: types::V3MediaInput::Id(types::V3AssetId {
            asset_id,
            type_: types::V3AssetIdType::AssetId,
        }),
    };
    Ok(client
        .upload_proofread_srt_v3()
        .proofread_id(proofread_id)
        .body(body)
        .send()
        .await?
        .into_inner()
        .data)
}

/// Downloads the script, lets `correct` change the cues, and uploads the result.
pub async fn edit(
    client: &Client,
    proofread_id: &str,
    correct: impl FnOnce(&mut Vec<Cue>),
) -> Result<types::ProofreadV3, ProofreadError> {
    let mut cues = download_srt(client, proofread_id).await?;
    correct(&mut cues);
    upload_srt(client, proofread_id, &cues).await
}
