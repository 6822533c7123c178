//! `heygen video`: create avatar videos, follow them, and fetch their files.

use std::{path::PathBuf, time::Duration};

use clap::{Args, Subcommand, ValueEnum};
use heygen_api::{download::Media, types};

use super::jobs::{WaitArgs, download, print_status, report_created, wait_and_download};
use crate::{
    ctx::Ctx,
    error::CliError,
    output::print_json,
    parse::{avatar_style, background, dimension},
};

/// The `heygen video` subcommands.
#[derive(Subcommand)]
pub enum VideoCommand {
    /// Create an avatar video from one scene.
    Create(CreateArgs),
    /// Show a video's status.
    Status {
        /// Video id.
        id: String,
    },
    /// Wait for a video to finish.
    Wait {
        /// Video id.
        id: String,
        /// Give up after this long.
        #[arg(long, default_value = "30m", value_parser = humantime::parse_duration)]
        timeout: Duration,
    },
    /// Download a finished video (or its thumbnail, GIF or captions).
    Download {
        /// Video id.
        id: String,
        /// Where to write it.
        file: PathBuf,
        /// Which file.
        #[arg(long, value_enum, default_value_t = MediaArg::Video)]
        media: MediaArg,
    },
}

/// The flags of `heygen video create`: one avatar speaking one script.
#[derive(Args)]
pub struct CreateArgs {
    /// Avatar id (see `heygen avatars list`).
    #[arg(long)]
    avatar: String,
    /// Voice id (see `heygen voices list`).
    #[arg(long)]
    voice: String,
    /// What the avatar says.
    #[arg(long)]
    text: String,
    /// `#RRGGBB`, an image or video URL, or `transparent` (WebM output).
    #[arg(long)]
    background: Option<String>,
    /// normal, casual, circle or closeUp.
    #[arg(long)]
    avatar_style: Option<String>,
    /// Speaking speed, 0.5 to 1.5.
    #[arg(long)]
    speed: Option<f64>,
    /// Output size as WIDTHxHEIGHT.
    #[arg(long, default_value = "1280x720")]
    dimension: String,
    /// Video title.
    #[arg(long)]
    title: Option<String>,
    /// Make captions from the script.
    #[arg(long)]
    caption: bool,
    /// Test mode (watermarked, free).
    #[arg(long)]
    test: bool,
    #[command(flatten)]
    wait: WaitArgs,
}

/// The `--media` choices, each naming one of a finished video's files.
// No doc comments on the variants: clap would show them as help and change `--help`.
#[derive(Clone, Copy, ValueEnum)]
pub enum MediaArg {
    Video,
    Thumbnail,
    Gif,
    Captions,
    CaptionedVideo,
}

impl From<MediaArg> for Media {
    fn from(m: MediaArg) -> Self {
        match m {
            MediaArg::Video => Media::Video,
            MediaArg::Thumbnail => Media::Thumbnail,
            MediaArg::Gif => Media::Gif,
            MediaArg::Captions => Media::Captions,
            MediaArg::CaptionedVideo => Media::CaptionedVideo,
        }
    }
}

/// Runs one `heygen video` subcommand.
pub async fn run(ctx: &Ctx, command: VideoCommand) -> Result<(), CliError> {
    match command {
        VideoCommand::Create(args) => create(ctx, args).await,
        VideoCommand::Status { id } => status(ctx, &id).await,
        VideoCommand::Wait { id, timeout } => wait(ctx, &id, timeout).await,
        VideoCommand::Download { id, file, media } => {
            download_file(ctx, &id, &file, media.into()).await
        }
    }
}

async fn create(ctx: &Ctx, args: CreateArgs) -> Result<(), CliError> {
    let style = args.avatar_style.as_deref().map(avatar_style).transpose()?;
    let scene = types::VideoInput {
        character: Some(
            types::AvatarCharacter {
                type_: types::AvatarCharacterType::Avatar,
                avatar_id: args.avatar,
                avatar_style: style,
                scale: Some(1.0),
                offset: None,
                matting: None,
                circle_background_color: None,
            }
            .into(),
        ),
        voice: types::TextVoice {
            type_: types::TextVoiceType::Text,
            voice_id: args.voice,
            input_text: args.text,
            speed: Some(args.speed.unwrap_or(1.0)),
            pitch: Some(0),
            emotion: None,
            locale: None,
        }
        .into(),
        background: args.background.as_deref().map(background).transpose()?,
    };
    let request = types::VideoGenerateRequest {
        video_inputs: vec![scene],
        dimension: Some(dimension(&args.dimension)?),
        title: args.title,
        caption: Some(args.caption),
        test: Some(args.test),
        callback_id: None,
        callback_url: None,
        folder_id: None,
    };
    let id = ctx
        .client
        .generate_video()
        .body(request)
        .send()
        .await?
        .into_inner()
        .data
        .video_id;
    report_created(ctx, &id, &args.wait).await
}

async fn status(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let status = ctx
        .client
        .get_video_status()
        .video_id(id)
        .send()
        .await?
        .into_inner()
        .data;
    print_status(ctx, &status)
}

async fn wait(ctx: &Ctx, id: &str, timeout: Duration) -> Result<(), CliError> {
    let args = WaitArgs {
        wait: true,
        timeout,
        download: None,
    };
    if let Some(status) = wait_and_download(ctx, id, &args).await? {
        print_status(ctx, &status)?;
    }
    Ok(())
}

async fn download_file(
    ctx: &Ctx,
    id: &str,
    file: &std::path::Path,
    media: Media,
) -> Result<(), CliError> {
    let written = download(ctx, id, media, None, file).await?;
    if ctx.json {
        print_json(&serde_json::json!({"video_id": id, "file": file, "bytes": written}))?;
    }
    Ok(())
}
