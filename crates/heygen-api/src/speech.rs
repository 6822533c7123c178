//! Text to speech to a file: `POST /v3/voices/speech`, then the audio it links to, streamed
//! into a file.
//!
//! ```no_run
//! # async fn demo(client: heygen_api::Client) -> Result<(), Box<dyn std::error::Error>> {
//! use heygen_api::{speech::synthesize_to_file, types};
//!
//! let request = types::CreateSpeechV3Request::builder()
//!     .text("Hello from HeyGen.")
//!     .voice_id("1bd001e7e50f421d891986aad5158bc8");
//! let speech = synthesize_to_file(&client, request, "hello.wav".as_ref()).await?;
//! println!("{} s, {} words", speech.duration, speech.word_timestamps.map_or(0, |w| w.len()));
//! # Ok(())
//! # }
//! ```

use std::path::Path;

use crate::{
    Client,
    download::{DownloadError, download_url, media_client},
    types,
};

/// Why synthesizing to a file failed.
#[derive(Debug, thiserror::Error)]
pub enum SpeechError {
    /// HeyGen refused or failed the synthesis.
    #[error("speech synthesis failed: {0}")]
    Api(#[from] progenitor_client::Error<types::V3ErrorResponse>),
    /// The audio could not be fetched or written.
    #[error(transparent)]
    Download(#[from] DownloadError),
}

/// Synthesizes `request` and writes its audio to `path`; the answer (duration, word
/// timestamps, the link) comes back for captions or lip timing. The audio's format is the
/// link's (HeyGen's MP3, the mock's WAV): name `path` after it, or read `audio_url`.
pub async fn synthesize_to_file(
    client: &Client,
    request: impl TryInto<types::CreateSpeechV3Request, Error = impl std::fmt::Display>,
    path: &Path,
) -> Result<types::SpeechV3, SpeechError> {
    let speech = client
        .create_speech_v3()
        .body(request)
        .send()
        .await?
        .into_inner()
        .data;
    let http = media_client().map_err(DownloadError::from)?;
    download_url(&http, &speech.audio_url, path, |_, _| {}).await?;
    Ok(speech)
}
