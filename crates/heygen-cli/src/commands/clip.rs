//! `heygen clip`: cut a long video into short social clips through HeyGen's v3 AI clipping
//! jobs (create, list, get, delete).

use clap::{Args, Subcommand, ValueEnum};
use heygen_api::{paginate::PageToken, types};
use serde_json::json;

use super::jobs::{WaitArgs, download_all, list_items, media_input, wait_v3};
use crate::{
    ctx::Ctx,
    error::CliError,
    output::{Table, print_json},
};

/// The `heygen clip` subcommands.
#[derive(Subcommand)]
pub enum ClipCommand {
    /// Start a clipping job; `--download DIR` saves each clip in DIR.
    Create(CreateArgs),
    /// List clipping jobs, newest first.
    List {
        /// At most this many (all of them with --all).
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=100))]
        limit: u64,
        /// Every job, fetching page after page.
        #[arg(long)]
        all: bool,
    },
    /// Show a job and its clips.
    Get {
        /// Job id.
        id: String,
    },
    /// Delete a job and its clips.
    Delete {
        /// Job id.
        id: String,
    },
}

/// `--aspect-ratio`.
#[derive(Clone, Copy, ValueEnum)]
enum AspectRatio {
    /// 16:9.
    Landscape,
    /// 9:16.
    Portrait,
    /// 1:1.
    Square,
}

/// `heygen clip create`.
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
    /// A clip length: 30, 60, 180 or long (repeat for several clips; one 60 s clip by default).
    #[arg(long = "duration", value_parser = ["30", "60", "180", "long"])]
    durations: Vec<String>,
    /// Shape of every clip.
    #[arg(long, value_enum)]
    aspect_ratio: Option<AspectRatio>,
    /// Leave captions out of the clips.
    #[arg(long)]
    no_captions: bool,
    /// Guidance for choosing highlights (up to 500 characters).
    #[arg(long)]
    prompt: Option<String>,
    /// Title.
    #[arg(long)]
    title: Option<String>,
    /// Spoken language, ISO-639-1 (detected when left out).
    #[arg(long)]
    language: Option<String>,
    #[command(flatten)]
    wait: WaitArgs,
}

/// Runs a `heygen clip` subcommand.
pub async fn run(ctx: &Ctx, command: ClipCommand) -> Result<(), CliError> {
    match command {
        ClipCommand::Create(args) => create(ctx, args).await,
        ClipCommand::List { limit, all } => list(ctx, limit, all).await,
        ClipCommand::Get { id } => get(ctx, &id).await,
        ClipCommand::Delete { id } => delete(ctx, &id).await,
    }
}

/// The create body the flags describe.
fn body(args: &CreateArgs) -> Result<types::CreateAiClippingV3Request, CliError> {
    let mut settings = json!({
        "captions": !args.no_captions,
        "prompt": args.prompt,
    });
    if !args.durations.is_empty() {
        settings["duration_types"] = json!(args.durations);
    }
    if let Some(ratio) = args.aspect_ratio {
        settings["aspect_ratio"] = json!(match ratio {
            AspectRatio::Landscape => "landscape",
            AspectRatio::Portrait => "portrait",
            AspectRatio::Square => "square",
        });
    }
    let body = json!({
        "video": media_input(args.video.as_deref(), args.video_asset.as_deref()),
        "title": args.title,
        "input_language": args.language,
        "output_settings": settings,
    });
    serde_json::from_value(body).map_err(|e| CliError::Usage(e.to_string()))
}

async fn create(ctx: &Ctx, args: CreateArgs) -> Result<(), CliError> {
    let created = ctx
        .client
        .create_ai_clipping_v3()
        .body(body(&args)?)
        .send()
        .await?
        .into_inner()
        .data;
    if !args.wait.wait && args.wait.download.is_none() {
        return if ctx.json {
            print_json(&created)
        } else {
            println!("{}", created.id);
            Ok(())
        };
    }
    let done: types::AiClippingJobV3 = wait_v3(ctx, &created.id, &args.wait).await?;
    if let Some(dir) = &args.wait.download {
        let files = done.clips.iter().filter_map(|clip| {
            let link = clip.video_url.clone()?;
            Some((format!("{}.mp4", clip.id), link))
        });
        download_all(ctx, dir, files).await?;
    }
    print_job(ctx, &done)
}

async fn list(ctx: &Ctx, limit: u64, all: bool) -> Result<(), CliError> {
    let jobs: Vec<types::AiClippingJobV3> = list_items(all, limit, 100, |limit, token| {
        ctx.client
            .list_ai_clipping_v3()
            .limit(limit)
            .page_token(token)
            .send()
    })
    .await?;
    if ctx.json {
        return print_json(&jobs);
    }
    let mut table = Table::new(["ID", "STATUS", "TITLE", "CLIPS"]);
    for job in &jobs {
        table.row([
            job.id.clone(),
            job.status.to_string(),
            job.title.clone().unwrap_or_default(),
            job.clips.len().to_string(),
        ]);
    }
    table.print();
    Ok(())
}

fn print_job(ctx: &Ctx, job: &types::AiClippingJobV3) -> Result<(), CliError> {
    if ctx.json {
        return print_json(job);
    }
    println!("{} {} ({}%)", job.id, job.status, job.progress);
    if let Some(message) = &job.failure_message {
        println!("failed: {message}");
    }
    let mut table = Table::new(["CLIP", "STATUS", "DURATION", "VIRALITY", "TITLE", "VIDEO"]);
    for clip in &job.clips {
        table.row([
            clip.id.clone(),
            clip.status.to_string(),
            clip.duration_seconds
                .map(|d| format!("{d:.0}s"))
                .unwrap_or_default(),
            clip.virality_score
                .map(|v| v.to_string())
                .unwrap_or_default(),
            clip.title.clone().unwrap_or_default(),
            clip.video_url.clone().unwrap_or_default(),
        ]);
    }
    table.print();
    Ok(())
}

async fn get(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let job = ctx.client.get_ai_clipping_v3().job_id(id).send().await?;
    print_job(ctx, &job.into_inner().data)
}

async fn delete(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let deleted = ctx.client.delete_ai_clipping_v3().job_id(id).send().await?;
    if ctx.json {
        return print_json(&deleted.into_inner().data);
    }
    println!("deleted {id}");
    Ok(())
}
