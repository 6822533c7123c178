//! `heygen assets`: files uploaded to HeyGen (v3, or the legacy raw upload on HeyGen's upload
//! host), usable as `asset_id` inputs.

use std::path::PathBuf;

use clap::Subcommand;
use futures::TryStreamExt;
use heygen_api::{
    assets::{content_type_of, upload_base_url, upload_direct, upload_file, upload_raw},
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
        /// The file's MIME type, for --direct (e.g. video/mp4) and --legacy (guessed from the
        /// file name when left out).
        #[arg(long)]
        content_type: Option<String>,
        /// Use the legacy raw-body upload (`POST /v1/asset` on HeyGen's upload host); prints
        /// the asset id and, for images, the `image_key` Avatar IV and photo avatars take.
        #[arg(long, conflicts_with = "direct")]
        legacy: bool,
        /// Where --legacy uploads go: HeyGen's upload host for https://api.heygen.com, else
        /// --base-url (a mock serves both).
        #[arg(long, env = "HEYGEN_UPLOAD_URL", requires = "legacy")]
        upload_url: Option<String>,
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
            legacy,
            upload_url,
        } => {
            let how = match (legacy, direct) {
                (true, _) => Upload::Legacy(upload_url),
                (false, true) => Upload::Direct,
                (false, false) => Upload::Multipart,
            };
            upload(ctx, &file, how, content_type).await
        }
        AssetsCommand::List => list(ctx).await,
        AssetsCommand::Get { id } => get(ctx, &id).await,
        AssetsCommand::Delete { id } => delete(ctx, &id).await,
    }
}

/// Which upload call to make.
enum Upload {
    /// `POST /v3/assets` (multipart).
    Multipart,
    /// The presigned direct upload.
    Direct,
    /// `POST /v1/asset` (raw body) on this upload host, or the client's default one.
    Legacy(Option<String>),
}

async fn upload(
    ctx: &Ctx,
    file: &std::path::Path,
    how: Upload,
    content_type: Option<String>,
) -> Result<(), CliError> {
    let content_type = content_type
        .or_else(|| content_type_of(file).map(str::to_owned))
        .unwrap_or_else(|| "application/octet-stream".to_owned());
    let bar = byte_bar(ctx.json);
    let shown = bar.clone();
    let progress = move |sent: u64, total: u64| {
        shown.set_length(total);
        shown.set_position(sent);
    };
    let result = match how {
        Upload::Direct => upload_direct(&ctx.client, file, &content_type, progress)
            .await
            .map(|a| json!({"asset_id": a.asset_id, "url": a.url, "mime_type": a.mime_type, "size_bytes": a.size_bytes})),
        Upload::Multipart => upload_file(&ctx.client, file, progress)
            .await
            .map(|a| json!({"asset_id": a.asset_id, "url": a.url, "mime_type": a.mime_type, "size_bytes": a.size_bytes})),
        Upload::Legacy(host) => {
            let host = host.unwrap_or_else(|| upload_base_url(&ctx.client));
            upload_raw(&ctx.client, &host, file, &content_type, progress)
                .await
                .map(|a| json!({"asset_id": a.id, "url": a.url, "file_type": a.file_type, "image_key": a.image_key}))
        }
    };
    bar.finish_and_clear();
    let asset = result?;
    if ctx.json {
        return print_json(&asset);
    }
    println!("{}", asset["asset_id"].as_str().unwrap_or_default());
    if let Some(key) = asset["image_key"].as_str() {
        println!("image_key {key}");
    }
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
