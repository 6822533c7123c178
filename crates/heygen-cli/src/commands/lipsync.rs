//! `heygen lipsync`: re-animate a speaker to new audio through HeyGen's v3 lipsync jobs
//! (create, list, get, rename, delete).

use clap::{Args, Subcommand, ValueEnum};
use heygen_api::{paginate::PageToken, types};
use serde_json::json;

use super::jobs::{WaitArgs, download_link, list_items, media_input, wait_v3};
use crate::{
    ctx::Ctx,
    error::CliError,
    output::{Table, print_fields, print_json, seconds},
};

/// The `heygen lipsync` subcommands.
#[derive(Subcommand)]
pub enum LipsyncCommand {
    /// Replace a video's audio and re-animate the speaker's lips to match.
    Create(CreateArgs),
    /// List lipsyncs, newest first.
    List {
        /// At most this many (all of them with --all).
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=100))]
        limit: u64,
        /// Every lipsync, fetching page after page.
        #[arg(long)]
        all: bool,
    },
    /// Show a lipsync.
    Get {
        /// Lipsync id.
        id: String,
    },
    /// Give a lipsync a new title.
    Rename {
        /// Lipsync id.
        id: String,
        /// The new title.
        #[arg(long)]
        title: String,
    },
    /// Delete a lipsync and its files.
    Delete {
        /// Lipsync id.
        id: String,
    },
}

/// `--mode`.
#[derive(Clone, Copy, ValueEnum)]
enum Mode {
    /// Faster.
    Speed,
    /// Higher quality.
    Precision,
}

/// `heygen lipsync create`.
#[derive(Args)]
pub struct CreateArgs {
    /// URL of the source video.
    #[arg(
        long,
        required_unless_present = "video_asset",
        conflicts_with = "video_asset"
    )]
    video: Option<String>,
    /// Uploaded source video (asset id, from `heygen assets upload`).
    #[arg(long)]
    video_asset: Option<String>,
    /// URL of the new audio.
    #[arg(
        long,
        required_unless_present = "audio_asset",
        conflicts_with = "audio_asset"
    )]
    audio: Option<String>,
    /// Uploaded new audio (asset id).
    #[arg(long)]
    audio_asset: Option<String>,
    /// Title shown in listings.
    #[arg(long)]
    title: Option<String>,
    /// Quality mode.
    #[arg(long, value_enum)]
    mode: Option<Mode>,
    /// Also produce SRT captions (`caption_url`).
    #[arg(long)]
    caption: bool,
    /// Makes the create safe to repeat: HeyGen answers a repeat with the first lipsync.
    #[arg(long)]
    idempotency_key: Option<String>,
    #[command(flatten)]
    wait: WaitArgs,
}

/// Runs a `heygen lipsync` subcommand.
pub async fn run(ctx: &Ctx, command: LipsyncCommand) -> Result<(), CliError> {
    match command {
        LipsyncCommand::Create(args) => create(ctx, args).await,
        LipsyncCommand::List { limit, all } => list(ctx, limit, all).await,
        LipsyncCommand::Get { id } => get(ctx, &id).await,
        LipsyncCommand::Rename { id, title } => rename(ctx, &id, title).await,
        LipsyncCommand::Delete { id } => delete(ctx, &id).await,
    }
}

/// The create body the flags describe.
fn body(args: &CreateArgs) -> Result<types::CreateLipsyncV3Request, CliError> {
    let mut body = json!({
        "video": media_input(args.video.as_deref(), args.video_asset.as_deref()),
        "audio": media_input(args.audio.as_deref(), args.audio_asset.as_deref()),
        "title": args.title,
        "enable_caption": args.caption,
    });
    if let Some(mode) = args.mode {
        body["mode"] = json!(match mode {
            Mode::Speed => "speed",
            Mode::Precision => "precision",
        });
    }
    serde_json::from_value(body).map_err(|e| CliError::Usage(e.to_string()))
}

async fn create(ctx: &Ctx, args: CreateArgs) -> Result<(), CliError> {
    let mut request = ctx.client.create_lipsync_v3().body(body(&args)?);
    if let Some(key) = &args.idempotency_key {
        request = request.idempotency_key(key.as_str());
    }
    let created = request.send().await?.into_inner().data;
    if !args.wait.wait && args.wait.download.is_none() {
        return if ctx.json {
            print_json(&created)
        } else {
            println!("{}", created.lipsync_id);
            Ok(())
        };
    }
    let done: types::LipsyncV3 = wait_v3(ctx, &created.lipsync_id, &args.wait).await?;
    if let Some(path) = &args.wait.download {
        let link = done
            .video_url
            .as_deref()
            .ok_or_else(|| CliError::Other(format!("lipsync {} has no video_url", done.id)))?;
        download_link(ctx, link, path).await?;
    }
    print_lipsync(ctx, &done)
}

async fn list(ctx: &Ctx, limit: u64, all: bool) -> Result<(), CliError> {
    let lipsyncs: Vec<types::LipsyncV3> = list_items(all, limit, 100, |limit, token| {
        ctx.client
            .list_lipsyncs_v3()
            .limit(limit)
            .page_token(token)
            .send()
    })
    .await?;
    if ctx.json {
        return print_json(&lipsyncs);
    }
    let mut table = Table::new(["ID", "STATUS", "TITLE", "DURATION"]);
    for l in &lipsyncs {
        table.row([
            l.id.clone(),
            l.status.to_string(),
            l.title.clone().unwrap_or_default(),
            l.duration.map(|d| format!("{d:.1}s")).unwrap_or_default(),
        ]);
    }
    table.print();
    Ok(())
}

fn print_lipsync(ctx: &Ctx, lipsync: &types::LipsyncV3) -> Result<(), CliError> {
    if ctx.json {
        return print_json(lipsync);
    }
    print_fields([
        ("id", Some(lipsync.id.clone())),
        ("status", Some(lipsync.status.to_string())),
        ("duration", lipsync.duration.map(seconds)),
        ("title", lipsync.title.clone()),
        ("video_url", lipsync.video_url.clone()),
        ("caption_url", lipsync.caption_url.clone()),
        ("failure_message", lipsync.failure_message.clone()),
    ]);
    Ok(())
}

async fn get(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let lipsync = ctx.client.get_lipsync_v3().lipsync_id(id).send().await?;
    print_lipsync(ctx, &lipsync.into_inner().data)
}

async fn rename(ctx: &Ctx, id: &str, title: String) -> Result<(), CliError> {
    let renamed = ctx
        .client
        .update_lipsync_v3()
        .lipsync_id(id)
        .body(types::UpdateLipsyncV3Request { title })
        .send()
        .await?;
    print_lipsync(ctx, &renamed.into_inner().data)
}

async fn delete(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let deleted = ctx.client.delete_lipsync_v3().lipsync_id(id).send().await?;
    if ctx.json {
        return print_json(&deleted.into_inner().data);
    }
    println!("deleted {id}");
    Ok(())
}
