//! `heygen videos`: videos through HeyGen's current v3 API (create, list, get, wait, delete).
//! `heygen video` is the legacy (v2) family.

use clap::{Args, Subcommand};
use heygen_api::{paginate::PageToken, types};
use serde_json::json;

use super::jobs::{WaitArgs, list_items, print_v3_video, wait_for_v3_video};
use crate::{
    ctx::Ctx,
    error::CliError,
    output::{Table, print_json},
};

/// The `heygen videos` subcommands.
#[derive(Subcommand)]
pub enum VideosCommand {
    /// Create a video from an avatar look or an image (v3).
    Create(CreateArgs),
    /// List videos, newest first.
    List {
        /// At most this many (all of them with --all).
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=100))]
        limit: u64,
        /// Every video, fetching page after page.
        #[arg(long)]
        all: bool,
        /// Only videos whose title contains this.
        #[arg(long)]
        title: Option<String>,
    },
    /// Show a video.
    Get {
        /// Video id.
        id: String,
    },
    /// Wait for a video to finish, optionally downloading it.
    Wait {
        /// Video id.
        id: String,
        #[command(flatten)]
        wait: WaitArgs,
    },
    /// Delete a video.
    Delete {
        /// Video id.
        id: String,
    },
}

/// `heygen videos create`.
#[derive(Args)]
pub struct CreateArgs {
    /// Avatar look id (e.g. from `heygen avatars list`).
    #[arg(long, conflicts_with = "image")]
    avatar: Option<String>,
    /// Image URL to animate instead of an avatar.
    #[arg(long, conflicts_with = "image_asset")]
    image: Option<String>,
    /// Uploaded image (asset id, from `heygen assets upload`) to animate instead of an avatar.
    #[arg(long, conflicts_with = "avatar")]
    image_asset: Option<String>,
    /// What to say.
    #[arg(long, conflicts_with = "audio_url")]
    script: Option<String>,
    /// Voice for the script (an avatar's own voice when left out).
    #[arg(long)]
    voice: Option<String>,
    /// Audio to lip-sync instead of a script.
    #[arg(long)]
    audio_url: Option<String>,
    /// Title shown in listings.
    #[arg(long)]
    title: Option<String>,
    /// Also produce SRT captions (`subtitle_url`).
    #[arg(long)]
    caption: bool,
    /// A WebM with a transparent background instead of an MP4.
    #[arg(long)]
    transparent: bool,
    /// Makes the create safe to repeat: HeyGen answers a repeat with the first video.
    #[arg(long)]
    idempotency_key: Option<String>,
    #[command(flatten)]
    wait: WaitArgs,
}

/// Runs a `heygen videos` subcommand.
pub async fn run(ctx: &Ctx, command: VideosCommand) -> Result<(), CliError> {
    match command {
        VideosCommand::Create(args) => create(ctx, args).await,
        VideosCommand::List { limit, all, title } => list(ctx, limit, all, title).await,
        VideosCommand::Get { id } => get(ctx, &id).await,
        VideosCommand::Wait { id, wait } => wait_for_v3_video(ctx, &id, &wait).await,
        VideosCommand::Delete { id } => delete(ctx, &id).await,
    }
}

/// The create body the flags describe.
fn body(args: &CreateArgs) -> Result<types::CreateVideoV3Request, CliError> {
    let mut body = json!({
        "script": args.script,
        "voice_id": args.voice,
        "audio_url": args.audio_url,
        "title": args.title,
    });
    match (&args.avatar, &args.image, &args.image_asset) {
        (Some(avatar), None, None) => {
            body["type"] = json!("avatar");
            body["avatar_id"] = json!(avatar);
        }
        (None, Some(image), None) => {
            body["type"] = json!("image");
            body["image"] = json!({"type": "url", "url": image});
        }
        (None, None, Some(asset)) => {
            body["type"] = json!("image");
            body["image"] = json!({"type": "asset_id", "asset_id": asset});
        }
        _ => {
            return Err(CliError::Usage(
                "give one of --avatar, --image or --image-asset".into(),
            ));
        }
    }
    if args.caption {
        body["caption"] = json!({"file_format": "srt"});
    }
    if args.transparent {
        body["output_format"] = json!("webm");
    }
    serde_json::from_value(body).map_err(|e| CliError::Usage(e.to_string()))
}

async fn create(ctx: &Ctx, args: CreateArgs) -> Result<(), CliError> {
    let mut request = ctx.client.create_video_v3().body(body(&args)?);
    if let Some(key) = &args.idempotency_key {
        request = request.idempotency_key(key.as_str());
    }
    let created = request.send().await?.into_inner().data;
    if !args.wait.wait && args.wait.download.is_none() {
        return if ctx.json {
            print_json(&created)
        } else {
            println!("{}", created.video_id);
            Ok(())
        };
    }
    wait_for_v3_video(ctx, &created.video_id, &args.wait).await
}

async fn list(ctx: &Ctx, limit: u64, all: bool, title: Option<String>) -> Result<(), CliError> {
    let request = |limit: u64| {
        let request = ctx.client.list_videos_v3().limit(limit);
        match &title {
            Some(title) => request.title(title.as_str()),
            None => request,
        }
    };
    let videos: Vec<types::VideoV3> = list_items(all, limit, 100, |limit, token| {
        request(limit).page_token(token).send()
    })
    .await?;
    if ctx.json {
        return print_json(&videos);
    }
    let mut table = Table::new(["ID", "STATUS", "TITLE", "DURATION"]);
    for v in &videos {
        table.row([
            v.id.clone(),
            v.status.to_string(),
            v.title.clone().unwrap_or_default(),
            v.duration.map(|d| format!("{d:.1}s")).unwrap_or_default(),
        ]);
    }
    table.print();
    Ok(())
}

async fn get(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let video = ctx.client.get_video_v3().video_id(id).send().await?;
    print_v3_video(ctx, &video.into_inner().data)
}

async fn delete(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let deleted = ctx.client.delete_video_v3().video_id(id).send().await?;
    if ctx.json {
        return print_json(&deleted.into_inner().data);
    }
    println!("deleted {id}");
    Ok(())
}
