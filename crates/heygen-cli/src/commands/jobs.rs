//! Waiting for, downloading and reporting jobs: shared by `video` (create, wait, download,
//! status) and `template generate`, which all end the same way, and by the v3 job commands
//! (`lipsync`, `background-removal`, `clip`, `agent`, …), which wait through one generic
//! poller, list through [`list_items`] and upload local inputs through [`upload_asset`].

use std::{future::Future, path::PathBuf, time::Duration};

use clap::Args;
use futures::TryStreamExt;
use heygen_api::{
    Error, ResponseValue,
    assets::upload_file,
    download::{DownloadError, Media, download_url, download_video, media_client},
    paginate::{Paged, paginate},
    types,
    wait::{V3Job, WaitOptions, wait_for_v3, wait_for_video, wait_for_video_v3},
};

use crate::{
    ctx::Ctx,
    error::CliError,
    output::{print_fields, print_json, seconds},
    progress::{byte_bar, show_bytes, show_progress, spinner},
};

/// The first `limit` items of a v3 list, or with `all` every item, fetched `page_size` at a
/// time (the `list` subcommands). `fetch(limit, token)` sends one list request; the first page
/// gets no token.
pub async fn list_items<P, Fut>(
    all: bool,
    limit: u64,
    page_size: u64,
    mut fetch: impl FnMut(u64, Option<String>) -> Fut,
) -> Result<Vec<P::Item>, CliError>
where
    P: Paged,
    Fut: Future<Output = Result<ResponseValue<P>, Error<types::V3ErrorResponse>>>,
{
    if all {
        Ok(paginate(|token| fetch(page_size, token))
            .try_collect()
            .await?)
    } else {
        Ok(fetch(limit, None).await?.into_inner().into_page().0)
    }
}

/// Uploads a local file as a v3 asset with a byte bar (inputs given as paths); the asset.
pub async fn upload_asset(
    ctx: &Ctx,
    path: &std::path::Path,
) -> Result<types::AssetUploadedV3, CliError> {
    let bar = byte_bar(ctx.json);
    let shown = bar.clone();
    let uploaded = upload_file(&ctx.client, path, move |sent, total| {
        shown.set_length(total);
        shown.set_position(sent);
    })
    .await;
    bar.finish_and_clear();
    Ok(uploaded?)
}

/// The `--wait`, `--timeout` and `--download` flags of commands that start a video job.
#[derive(Args)]
pub struct WaitArgs {
    /// Wait until the job finishes (with a progress display).
    #[arg(long)]
    pub wait: bool,
    /// Give up waiting after this long.
    #[arg(long, default_value = "30m", value_parser = humantime::parse_duration)]
    pub timeout: Duration,
    /// Download the finished output here (implies --wait): a file, or a directory for jobs
    /// with several files (background-removal layers, clips).
    #[arg(long)]
    pub download: Option<PathBuf>,
}

/// Reports a just-created video: its final status if `wait` asks to wait (downloading it if
/// asked), otherwise just its id (`{"video_id": …}` under `--json`).
pub async fn report_created(ctx: &Ctx, id: &str, wait: &WaitArgs) -> Result<(), CliError> {
    match wait_and_download(ctx, id, wait).await? {
        Some(status) => print_status(ctx, &status),
        None if ctx.json => print_json(&serde_json::json!({"video_id": id})),
        None => {
            println!("{id}");
            Ok(())
        }
    }
}

/// Waits for video `id` with a spinner, then downloads it if `--download` was given; `None`
/// without waiting when neither `--wait` nor `--download` was.
pub async fn wait_and_download(
    ctx: &Ctx,
    id: &str,
    wait: &WaitArgs,
) -> Result<Option<types::VideoStatus>, CliError> {
    if !wait.wait && wait.download.is_none() {
        return Ok(None);
    }
    let bar = spinner(ctx.json);
    let options = WaitOptions {
        timeout: wait.timeout,
        ..WaitOptions::default()
    };
    let result = wait_for_video(&ctx.client, id, &options, show_progress(&bar)).await;
    bar.finish_and_clear();
    let status = result?;
    if let Some(path) = &wait.download {
        download(ctx, id, Media::Video, status.video_url.as_deref(), path).await?;
    }
    Ok(Some(status))
}

/// Downloads one of video `id`'s files to `path` with a byte bar, from `link` if known (a
/// fresh link is fetched when it has expired); says where it went unless `--json`.
pub async fn download(
    ctx: &Ctx,
    id: &str,
    media: Media,
    link: Option<&str>,
    path: &std::path::Path,
) -> Result<u64, CliError> {
    let bar = byte_bar(ctx.json);
    let written = download_video(&ctx.client, id, media, link, path, show_bytes(&bar)).await;
    bar.finish_and_clear();
    let written = written?;
    if !ctx.json {
        eprintln!("saved {} ({written} bytes)", path.display());
    }
    Ok(written)
}

/// Waits for v3 job `id` with a spinner (`heygen videos`, `lipsync`, `background-removal`,
/// `clip`); `--timeout` bounds it.
pub async fn wait_v3<J: V3Job>(ctx: &Ctx, id: &str, wait: &WaitArgs) -> Result<J, CliError> {
    let bar = spinner(ctx.json);
    let options = WaitOptions {
        timeout: wait.timeout,
        ..WaitOptions::default()
    };
    let result = wait_for_v3::<J>(&ctx.client, id, &options, show_progress(&bar)).await;
    bar.finish_and_clear();
    Ok(result?)
}

/// Downloads a presigned link just read from a finished job to `path`, with a byte bar; says
/// where it went unless `--json`. The link is fresh (the job was read a moment ago), so unlike
/// [`download`] this does not re-read the job when the link fails.
pub async fn download_link(ctx: &Ctx, link: &str, path: &std::path::Path) -> Result<u64, CliError> {
    let http = media_client().map_err(DownloadError::from)?;
    let bar = byte_bar(ctx.json);
    let written = download_url(&http, link, path, show_bytes(&bar)).await;
    bar.finish_and_clear();
    let written = written?;
    if !ctx.json {
        eprintln!("saved {} ({written} bytes)", path.display());
    }
    Ok(written)
}

/// Downloads several named files of a finished job into directory `dir` (created if needed),
/// each as `<name>`.
pub async fn download_all(
    ctx: &Ctx,
    dir: &std::path::Path,
    files: impl IntoIterator<Item = (String, String)>,
) -> Result<(), CliError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError::Other(format!("creating {}: {e}", dir.display())))?;
    for (name, link) in files {
        download_link(ctx, &link, &dir.join(name)).await?;
    }
    Ok(())
}

/// A `{type: url}` or `{type: asset_id}` input from a URL flag and an asset flag (clap lets
/// exactly one through).
pub fn media_input(url: Option<&str>, asset: Option<&str>) -> serde_json::Value {
    match (url, asset) {
        (Some(url), _) => serde_json::json!({"type": "url", "url": url}),
        (None, Some(asset)) => serde_json::json!({"type": "asset_id", "asset_id": asset}),
        (None, None) => serde_json::Value::Null,
    }
}

/// Prints a video's status: a FIELD/VALUE table of what is known, or the JSON object.
pub fn print_status(ctx: &Ctx, status: &types::VideoStatus) -> Result<(), CliError> {
    if ctx.json {
        return print_json(status);
    }
    let error = status.error.as_ref().map(|e| {
        format!(
            "{} {}",
            e.code,
            e.detail.clone().unwrap_or_else(|| e.message.clone())
        )
    });
    print_fields([
        ("id", Some(status.id.clone())),
        ("status", Some(status.status.to_string())),
        ("duration", status.duration.map(seconds)),
        ("video_url", status.video_url.clone()),
        ("thumbnail_url", status.thumbnail_url.clone()),
        ("gif_url", status.gif_url.clone()),
        ("caption_url", status.caption_url.clone()),
        ("error", error),
    ]);
    Ok(())
}

/// Waits for v3 video `id` with a spinner, downloads it if `--download` was given, and
/// prints it (`heygen videos create|wait`, `heygen template generate --v3`).
pub async fn wait_for_v3_video(ctx: &Ctx, id: &str, wait: &WaitArgs) -> Result<(), CliError> {
    let bar = spinner(ctx.json);
    let options = WaitOptions {
        timeout: wait.timeout,
        ..WaitOptions::default()
    };
    let result = wait_for_video_v3(&ctx.client, id, &options, show_progress(&bar)).await;
    bar.finish_and_clear();
    let video = result?;
    if let Some(path) = &wait.download {
        download(ctx, id, Media::Video, video.video_url.as_deref(), path).await?;
    }
    print_v3_video(ctx, &video)
}

/// Prints a v3 video: a FIELD/VALUE table of what is known, or the JSON object.
pub fn print_v3_video(ctx: &Ctx, video: &types::VideoV3) -> Result<(), CliError> {
    if ctx.json {
        return print_json(video);
    }
    print_fields([
        ("id", Some(video.id.clone())),
        ("status", Some(video.status.to_string())),
        ("duration", video.duration.map(seconds)),
        ("title", video.title.clone()),
        ("video_url", video.video_url.clone()),
        ("thumbnail_url", video.thumbnail_url.clone()),
        ("subtitle_url", video.subtitle_url.clone()),
        ("failure_code", video.failure_code.clone()),
        ("failure_message", video.failure_message.clone()),
    ]);
    Ok(())
}
