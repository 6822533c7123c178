//! `heygen translate`: dub a video into another language.

use std::time::Duration;

use clap::{Args, Subcommand};
use heygen_api::{
    types,
    wait::{WaitOptions, wait_for_translation},
};

use crate::{
    ctx::Ctx,
    error::CliError,
    output::print_json,
    parse::target_language,
    progress::{show_progress, spinner},
};

/// The `heygen translate` subcommands.
#[derive(Subcommand)]
pub enum TranslateCommand {
    /// Translate a video.
    Create(CreateArgs),
    /// Show a translation's status.
    Status {
        /// Translation id.
        id: String,
    },
}

/// The flags of `heygen translate create`: the video, the language, and whether to wait.
#[derive(Args)]
pub struct CreateArgs {
    /// The video to translate.
    #[arg(long)]
    video_url: String,
    /// Target language code, e.g. es, fr, de.
    #[arg(long)]
    language: String,
    /// Voice to speak the translation.
    #[arg(long)]
    voice: Option<String>,
    /// Wait until the translation finishes.
    #[arg(long)]
    wait: bool,
    /// Give up waiting after this long.
    #[arg(long, default_value = "30m", value_parser = humantime::parse_duration)]
    timeout: Duration,
}

/// Runs one `heygen translate` subcommand.
pub async fn run(ctx: &Ctx, command: TranslateCommand) -> Result<(), CliError> {
    match command {
        TranslateCommand::Create(args) => create(ctx, args).await,
        TranslateCommand::Status { id } => status(ctx, &id).await,
    }
}

async fn create(ctx: &Ctx, args: CreateArgs) -> Result<(), CliError> {
    let request = types::VideoTranslateRequest {
        video_url: args.video_url,
        target_language: target_language(&args.language)?,
        voice_id: args.voice,
        title: None,
        callback_id: None,
        callback_url: None,
    };
    let id = ctx
        .client
        .translate_video()
        .body(request)
        .send()
        .await?
        .into_inner()
        .data
        .video_translate_id;
    if !args.wait {
        if ctx.json {
            return print_json(&serde_json::json!({"video_translate_id": id}));
        }
        println!("{id}");
        return Ok(());
    }
    let bar = spinner(ctx.json);
    let options = WaitOptions {
        timeout: args.timeout,
        ..WaitOptions::default()
    };
    let result = wait_for_translation(&ctx.client, &id, &options, show_progress(&bar)).await;
    bar.finish_and_clear();
    let status = result?;
    if ctx.json {
        print_json(&status)
    } else {
        println!("{id} completed: {}", status.video_url.unwrap_or_default());
        Ok(())
    }
}

async fn status(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let status = ctx
        .client
        .get_video_translate_status()
        .video_translate_id(id)
        .send()
        .await?
        .into_inner()
        .data;
    if ctx.json {
        print_json(&status)
    } else {
        println!(
            "{} {} {}",
            status.id,
            status.status,
            status.video_url.unwrap_or_default()
        );
        Ok(())
    }
}
