//! `heygen background-removal`: split a video into foreground (with alpha), matte and
//! background layers through HeyGen's v3 jobs (create, list, get, delete).

use clap::{Args, Subcommand, ValueEnum};
use heygen_api::{paginate::PageToken, types};
use serde_json::json;

use super::jobs::{WaitArgs, download_all, list_items, media_input, wait_v3};
use crate::{
    ctx::Ctx,
    error::CliError,
    output::{Table, print_fields, print_json, seconds},
};

/// The `heygen background-removal` subcommands.
#[derive(Subcommand)]
pub enum BackgroundRemovalCommand {
    /// Remove a video's background; `--download DIR` saves each layer in DIR.
    Create(CreateArgs),
    /// List background removal jobs, newest first.
    List {
        /// At most this many (all of them with --all).
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=100))]
        limit: u64,
        /// Every job, fetching page after page.
        #[arg(long)]
        all: bool,
    },
    /// Show a job and its layer links.
    Get {
        /// Job id.
        id: String,
    },
    /// Delete a job.
    Delete {
        /// Job id.
        id: String,
    },
}

/// `--layer`.
#[derive(Clone, Copy, ValueEnum)]
enum Layer {
    /// The subject on a transparent background (WebM with alpha).
    Foreground,
    /// The grayscale alpha matte.
    Mask,
    /// The scene without the subject.
    Background,
}

/// `heygen background-removal create`.
#[derive(Args)]
pub struct CreateArgs {
    /// URL of the video.
    #[arg(
        long,
        required_unless_present = "video_asset",
        conflicts_with = "video_asset"
    )]
    video: Option<String>,
    /// Uploaded video (asset id, from `heygen assets upload`).
    #[arg(long)]
    video_asset: Option<String>,
    /// A layer to produce (repeat for several; all three when left out).
    #[arg(long = "layer", value_enum)]
    layers: Vec<Layer>,
    /// Title.
    #[arg(long)]
    title: Option<String>,
    /// Makes the create safe to repeat: HeyGen answers a repeated request id with the first
    /// job (this endpoint ignores Idempotency-Key).
    #[arg(long)]
    request_id: Option<String>,
    #[command(flatten)]
    wait: WaitArgs,
}

/// Runs a `heygen background-removal` subcommand.
pub async fn run(ctx: &Ctx, command: BackgroundRemovalCommand) -> Result<(), CliError> {
    match command {
        BackgroundRemovalCommand::Create(args) => create(ctx, args).await,
        BackgroundRemovalCommand::List { limit, all } => list(ctx, limit, all).await,
        BackgroundRemovalCommand::Get { id } => get(ctx, &id).await,
        BackgroundRemovalCommand::Delete { id } => delete(ctx, &id).await,
    }
}

/// The create body the flags describe.
fn body(args: &CreateArgs) -> Result<types::CreateBackgroundRemovalV3Request, CliError> {
    let mut body = json!({
        "video": media_input(args.video.as_deref(), args.video_asset.as_deref()),
        "title": args.title,
        "request_id": args.request_id,
    });
    if !args.layers.is_empty() {
        let names: Vec<&str> = args
            .layers
            .iter()
            .map(|layer| match layer {
                Layer::Foreground => "foreground",
                Layer::Mask => "mask",
                Layer::Background => "background",
            })
            .collect();
        body["layers"] = json!(names);
    }
    serde_json::from_value(body).map_err(|e| CliError::Usage(e.to_string()))
}

/// A layer's file name: its name, with the extension of the link's file.
fn layer_file(name: &str, link: &str) -> String {
    let path = link.split('?').next().unwrap_or(link);
    match path.rsplit_once('.') {
        Some((_, ext)) if !ext.contains('/') => format!("{name}.{ext}"),
        _ => name.to_owned(),
    }
}

async fn create(ctx: &Ctx, args: CreateArgs) -> Result<(), CliError> {
    let created = ctx
        .client
        .create_background_removal_v3()
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
    let done: types::BackgroundRemovalV3 = wait_v3(ctx, &created.id, &args.wait).await?;
    if let Some(dir) = &args.wait.download {
        let files = done
            .layers
            .iter()
            .map(|(name, link)| (layer_file(name, link), link.clone()));
        download_all(ctx, dir, files).await?;
    }
    print_job(ctx, &done)
}

async fn list(ctx: &Ctx, limit: u64, all: bool) -> Result<(), CliError> {
    let jobs: Vec<types::BackgroundRemovalV3> = list_items(all, limit, 100, |limit, token| {
        ctx.client
            .list_background_removals_v3()
            .limit(limit)
            .page_token(token)
            .send()
    })
    .await?;
    if ctx.json {
        return print_json(&jobs);
    }
    let mut table = Table::new(["ID", "STATUS", "LAYERS"]);
    for job in &jobs {
        let layers: Vec<&str> = job.layers.keys().map(String::as_str).collect();
        table.row([job.id.clone(), job.status.clone(), layers.join(",")]);
    }
    table.print();
    Ok(())
}

fn print_job(ctx: &Ctx, job: &types::BackgroundRemovalV3) -> Result<(), CliError> {
    if ctx.json {
        return print_json(job);
    }
    let layers = job
        .layers
        .iter()
        .map(|(name, link)| (name.as_str(), Some(link.clone())));
    print_fields(
        [
            ("id", Some(job.id.clone())),
            ("status", Some(job.status.clone())),
            ("duration", job.duration.map(seconds)),
        ]
        .into_iter()
        .chain(layers)
        .chain([("error", job.error.clone())]),
    );
    Ok(())
}

async fn get(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let job = ctx
        .client
        .get_background_removal_v3()
        .job_id(id)
        .send()
        .await?;
    print_job(ctx, &job.into_inner().data)
}

async fn delete(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let deleted = ctx
        .client
        .delete_background_removal_v3()
        .job_id(id)
        .send()
        .await?;
    if ctx.json {
        return print_json(&deleted.into_inner().data);
    }
    println!("deleted {id}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layer_files_take_the_link_extension() {
        assert_eq!(
            layer_file(
                "foreground",
                "http://h/media/x/1/foreground.webm?Expires=1&Signature=a"
            ),
            "foreground.webm"
        );
        assert_eq!(layer_file("mask", "http://h/media/x/1/mask"), "mask");
    }
}
