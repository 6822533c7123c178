//! `heygen assets`: files uploaded to HeyGen (v3), usable as `asset_id` inputs.

use std::path::PathBuf;

use clap::Subcommand;
use futures::TryStreamExt;
use heygen_api::{
    assets::{upload_direct, upload_file},
    paginate::{PageToken, paginate},
    types,
};
use serde_json::json;

use crate::{
    ctx::Ctx,
    error::CliError,
    output::{Table, print_json},
    progress::byte_bar,
};

/// The `heygen assets` subcommands.
#[derive(Subcommand)]
pub enum AssetsCommand {
    /// Upload a file (with a progress bar); prints its asset id.
    Upload {
        /// The file.
        file: PathBuf,
        /// Use a presigned direct upload (any size) instead of multipart (up to 32 MB).
        #[arg(long)]
        direct: bool,
        /// The file's MIME type, for --direct (e.g. video/mp4).
        #[arg(long, default_value = "application/octet-stream")]
        content_type: String,
    },
    /// List uploaded files, newest first.
    List,
    /// Show an uploaded file.
    Get {
        /// Asset id.
        id: String,
    },
    /// Delete an uploaded file.
    Delete {
        /// Asset id.
        id: String,
    },
}

/// Runs a `heygen assets` subcommand.
pub async fn run(ctx: &Ctx, command: AssetsCommand) -> Result<(), CliError> {
    match command {
        AssetsCommand::Upload {
            file,
            direct,
            content_type,
        } => upload(ctx, &file, direct, &content_type).await,
        AssetsCommand::List => list(ctx).await,
        AssetsCommand::Get { id } => get(ctx, &id).await,
        AssetsCommand::Delete { id } => delete(ctx, &id).await,
    }
}

async fn upload(
    ctx: &Ctx,
    file: &std::path::Path,
    direct: bool,
    content_type: &str,
) -> Result<(), CliError> {
    let bar = byte_bar(ctx.json);
    let shown = bar.clone();
    let progress = move |sent: u64, total: u64| {
        shown.set_length(total);
        shown.set_position(sent);
    };
    let result = if direct {
        upload_direct(&ctx.client, file, content_type, progress)
            .await
            .map(|a| json!({"asset_id": a.asset_id, "url": a.url, "mime_type": a.mime_type, "size_bytes": a.size_bytes}))
    } else {
        upload_file(&ctx.client, file, progress)
            .await
            .map(|a| json!({"asset_id": a.asset_id, "url": a.url, "mime_type": a.mime_type, "size_bytes": a.size_bytes}))
    };
    bar.finish_and_clear();
    let asset = result?;
    if ctx.json {
        return print_json(&asset);
    }
    println!("{}", asset["asset_id"].as_str().unwrap_or_default());
    Ok(())
}

async fn list(ctx: &Ctx) -> Result<(), CliError> {
    // Assets are listed per workspace member: this account's own.
    let me = ctx
        .client
        .get_current_user_v3()
        .send()
        .await?
        .into_inner()
        .data;
    let assets: Vec<types::AssetV3> = paginate(|token| {
        ctx.client
            .list_assets_v3()
            .username(me.username.as_str())
            .limit(100)
            .page_token(token)
            .send()
    })
    .try_collect()
    .await?;
    if ctx.json {
        return print_json(&assets);
    }
    let mut table = Table::new(["ASSET ID", "TYPE", "NAME"]);
    for a in assets {
        table.row([a.id, a.type_, a.name]);
    }
    table.print();
    Ok(())
}

async fn get(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let asset = ctx.client.get_asset_v3().asset_id(id).send().await?;
    print_json(&asset.into_inner().data)
}

async fn delete(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    ctx.client.delete_asset_v3().asset_id(id).send().await?;
    if ctx.json {
        return print_json(&json!({"id": id, "deleted": true}));
    }
    println!("deleted {id}");
    Ok(())
}
