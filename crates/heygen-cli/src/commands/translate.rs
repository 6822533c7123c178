//! `heygen translate`: dub a video into other languages through HeyGen's v3 video translations
//! (create, list, get, rename, delete, languages), with an optional proofreading round trip:
//! `create --proofread` prepares the translated script as SRT files, opens them in an editor,
//! and renders from the corrected text; `proofread` does the last step for a file edited later.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use heygen_api::{paginate::PageToken, proofread, srt, types};
use serde_json::json;

use super::jobs::{WaitArgs, download_link, list_items, media_input, wait_v3};
use crate::{
    ctx::Ctx,
    error::CliError,
    output::{Table, print_fields, print_json, seconds},
};

/// The `heygen translate` subcommands.
#[derive(Subcommand)]
pub enum TranslateCommand {
    /// Translate a video into one or more languages (one translation each).
    Create(CreateArgs),
    /// Render a proofread from a corrected SRT file (after `create --proofread`).
    Proofread(ProofreadArgs),
    /// Show a translation.
    #[command(alias = "status")]
    Get {
        /// Translation id.
        id: String,
    },
    /// List translations, newest first.
    List {
        /// At most this many (all of them with --all).
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=100))]
        limit: u64,
        /// Every translation, fetching page after page.
        #[arg(long)]
        all: bool,
    },
    /// Give a translation a new title.
    Rename {
        /// Translation id.
        id: String,
        /// The new title.
        #[arg(long)]
        title: String,
    },
    /// Delete a translation and its files.
    Delete {
        /// Translation id.
        id: String,
    },
    /// The language names `--language` takes.
    Languages,
}

/// `--mode`.
#[derive(Clone, Copy, ValueEnum)]
enum Mode {
    /// Faster.
    Speed,
    /// Higher quality.
    Precision,
}

/// `heygen translate create`.
#[derive(Args)]
pub struct CreateArgs {
    /// URL of the source video.
    #[arg(
        long,
        alias = "video-url",
        required_unless_present = "video_asset",
        conflicts_with = "video_asset"
    )]
    video: Option<String>,
    /// Uploaded source video (asset id, from `heygen assets upload`).
    #[arg(long)]
    video_asset: Option<String>,
    /// Target language, by name as `heygen translate languages` lists it (repeat for more).
    #[arg(long = "language", required = true)]
    languages: Vec<String>,
    /// Title shown in listings (and of the proofreads).
    #[arg(long)]
    title: Option<String>,
    /// Also produce SRT and WebVTT captions.
    #[arg(long)]
    caption: bool,
    /// Translate the audio only and keep the original video.
    #[arg(long)]
    audio_only: bool,
    /// Quality mode.
    #[arg(long, value_enum)]
    mode: Option<Mode>,
    /// Makes the create safe to repeat: HeyGen answers a repeat with the first translations.
    #[arg(long)]
    idempotency_key: Option<String>,
    /// Proofread first: prepare the translated script, write it as `<proofread id>.srt` in
    /// --srt-dir, open each file in --editor, then render from the corrected files. Without an
    /// editor, the files are left for you and `heygen translate proofread` renders them.
    #[arg(long)]
    proofread: bool,
    /// Where --proofread writes the SRT files.
    #[arg(long, default_value = ".", requires = "proofread")]
    srt_dir: PathBuf,
    /// The command that edits each SRT file (it gets the path as its last argument); $VISUAL
    /// or $EDITOR when not given.
    #[arg(long, requires = "proofread")]
    editor: Option<String>,
    #[command(flatten)]
    wait: WaitArgs,
}

/// `heygen translate proofread`.
#[derive(Args)]
pub struct ProofreadArgs {
    /// Proofread id (from `create --proofread`).
    id: String,
    /// The corrected SRT file.
    #[arg(long)]
    srt: PathBuf,
    /// Also produce SRT and WebVTT captions of the corrected script.
    #[arg(long)]
    caption: bool,
    /// Translate the audio only and keep the original video.
    #[arg(long)]
    audio_only: bool,
    #[command(flatten)]
    wait: WaitArgs,
}

/// Runs one `heygen translate` subcommand.
pub async fn run(ctx: &Ctx, command: TranslateCommand) -> Result<(), CliError> {
    match command {
        TranslateCommand::Create(args) if args.proofread => create_proofreads(ctx, args).await,
        TranslateCommand::Create(args) => create(ctx, args).await,
        TranslateCommand::Proofread(args) => {
            let output = Render {
                caption: args.caption,
                audio_only: args.audio_only,
            };
            let done = render(ctx, &args.id, &args.srt, output, &args.wait).await?;
            finish(ctx, &[done], &args.wait).await
        }
        TranslateCommand::Get { id } => get(ctx, &id).await,
        TranslateCommand::List { limit, all } => list(ctx, limit, all).await,
        TranslateCommand::Rename { id, title } => rename(ctx, &id, title).await,
        TranslateCommand::Delete { id } => delete(ctx, &id).await,
        TranslateCommand::Languages => languages(ctx).await,
    }
}

fn mode_name(mode: Option<Mode>) -> Option<&'static str> {
    mode.map(|m| match m {
        Mode::Speed => "speed",
        Mode::Precision => "precision",
    })
}

async fn create(ctx: &Ctx, args: CreateArgs) -> Result<(), CliError> {
    let body: types::CreateVideoTranslationV3Request = serde_json::from_value(json!({
        "video": media_input(args.video.as_deref(), args.video_asset.as_deref()),
        "output_languages": args.languages,
        "title": args.title,
        "enable_caption": args.caption,
        "translate_audio_only": args.audio_only,
        "mode": mode_name(args.mode),
    }))
    .map_err(|e| CliError::Usage(e.to_string()))?;
    let mut request = ctx.client.create_video_translation_v3().body(body);
    if let Some(key) = &args.idempotency_key {
        request = request.idempotency_key(key.as_str());
    }
    let created = request.send().await?.into_inner().data;
    if !args.wait.wait && args.wait.download.is_none() {
        return if ctx.json {
            print_json(&created)
        } else {
            created
                .video_translation_ids
                .iter()
                .for_each(|id| println!("{id}"));
            Ok(())
        };
    }
    let mut done = Vec::with_capacity(created.video_translation_ids.len());
    for id in &created.video_translation_ids {
        done.push(wait_v3::<types::VideoTranslationV3>(ctx, id, &args.wait).await?);
    }
    finish(ctx, &done, &args.wait).await
}

/// Prepares one proofread per language, writes their scripts as SRT files, and (with an
/// editor) renders each from the edited file.
async fn create_proofreads(ctx: &Ctx, args: CreateArgs) -> Result<(), CliError> {
    let body: types::CreateProofreadV3Request = serde_json::from_value(json!({
        "video": media_input(args.video.as_deref(), args.video_asset.as_deref()),
        "output_languages": args.languages,
        "title": args.title.as_deref().unwrap_or("Translation"),
        "mode": mode_name(args.mode),
    }))
    .map_err(|e| CliError::Usage(e.to_string()))?;
    let mut request = ctx.client.create_proofread_v3().body(body);
    if let Some(key) = &args.idempotency_key {
        request = request.idempotency_key(key.as_str());
    }
    let created = request.send().await?.into_inner().data;
    std::fs::create_dir_all(&args.srt_dir)
        .map_err(|e| CliError::Other(format!("creating {}: {e}", args.srt_dir.display())))?;
    let mut files = Vec::with_capacity(created.proofread_ids.len());
    for id in &created.proofread_ids {
        let ready: types::ProofreadV3 = wait_v3(ctx, id, &args.wait).await?;
        let cues = proofread::download_srt(&ctx.client, id).await?;
        let path = args.srt_dir.join(format!("{id}.srt"));
        std::fs::write(&path, srt::write(&cues))
            .map_err(|e| CliError::Other(format!("writing {}: {e}", path.display())))?;
        files.push((ready, path));
    }
    let editor = args
        .editor
        .or_else(|| std::env::var("VISUAL").ok())
        .or_else(|| std::env::var("EDITOR").ok())
        .filter(|e| !e.trim().is_empty());
    let Some(editor) = editor else {
        return report_files(ctx, &files);
    };
    let mut done = Vec::with_capacity(files.len());
    for (proofread, path) in &files {
        edit(&editor, path)?;
        let output = Render {
            caption: args.caption,
            audio_only: args.audio_only,
        };
        done.push(render(ctx, &proofread.id, path, output, &args.wait).await?);
    }
    finish(ctx, &done, &args.wait).await
}

/// Says where the scripts are and how to render them once edited.
fn report_files(ctx: &Ctx, files: &[(types::ProofreadV3, PathBuf)]) -> Result<(), CliError> {
    if ctx.json {
        let listed: Vec<_> = files
            .iter()
            .map(|(p, path)| {
                json!({"proofread_id": p.id, "output_language": p.output_language, "srt_file": path})
            })
            .collect();
        return print_json(&listed);
    }
    for (proofread, path) in files {
        println!(
            "{}: wrote {}; edit it, then `heygen translate proofread {} --srt {} --wait`",
            proofread.output_language.as_deref().unwrap_or("?"),
            path.display(),
            proofread.id,
            path.display()
        );
    }
    Ok(())
}

/// Runs the editor on `path` and waits for it (through `sh`, so the editor may carry flags).
fn edit(editor: &str, path: &Path) -> Result<(), CliError> {
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$0\""))
        .arg(path)
        .status()
        .map_err(|e| CliError::Other(format!("running the editor {editor:?}: {e}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(CliError::Other(format!(
            "the editor {editor:?} exited with {status}; nothing was uploaded for {}",
            path.display()
        )))
    }
}

/// What a render from a proofread produces besides the video.
#[derive(Clone, Copy)]
struct Render {
    /// SRT and WebVTT captions of the script.
    caption: bool,
    /// Only the audio translated, the original video kept.
    audio_only: bool,
}

/// Uploads the SRT at `path` to proofread `id` (checked first, as HeyGen would) and starts the
/// render; the finished translation when waiting, else the one just started.
async fn render(
    ctx: &Ctx,
    id: &str,
    path: &Path,
    output: Render,
    wait: &WaitArgs,
) -> Result<types::VideoTranslationV3, CliError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::Usage(format!("reading {}: {e}", path.display())))?;
    let cues =
        srt::parse(&text).map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))?;
    proofread::upload_srt(&ctx.client, id, &cues).await?;
    let body: types::GenerateFromProofreadV3Request = serde_json::from_value(json!({
        "captions": output.caption,
        "translate_audio_only": output.audio_only,
    }))
    .map_err(|e| CliError::Usage(e.to_string()))?;
    let started = ctx
        .client
        .generate_from_proofread_v3()
        .proofread_id(id)
        .body(body)
        .send()
        .await?
        .into_inner()
        .data;
    let translation_id = started.video_translation_id;
    if wait.wait || wait.download.is_some() {
        return wait_v3(ctx, &translation_id, wait).await;
    }
    Ok(ctx
        .client
        .get_video_translation_v3()
        .video_translation_id(&translation_id)
        .send()
        .await?
        .into_inner()
        .data)
}

/// Downloads finished translations if asked (one file, or `<language>.mp4` each in a
/// directory when there are several) and prints them.
async fn finish(
    ctx: &Ctx,
    done: &[types::VideoTranslationV3],
    wait: &WaitArgs,
) -> Result<(), CliError> {
    if let Some(target) = &wait.download {
        for translation in done {
            let link = translation.video_url.as_deref().ok_or_else(|| {
                CliError::Other(format!("translation {} has no video_url", translation.id))
            })?;
            let path = if done.len() == 1 {
                target.clone()
            } else {
                std::fs::create_dir_all(target)
                    .map_err(|e| CliError::Other(format!("creating {}: {e}", target.display())))?;
                let language = translation
                    .output_language
                    .as_deref()
                    .unwrap_or("translation");
                target.join(format!(
                    "{}.mp4",
                    language.replace([' ', '/', '(', ')', ','], "_")
                ))
            };
            download_link(ctx, link, &path).await?;
        }
    }
    if ctx.json {
        return print_json(done);
    }
    done.iter().try_for_each(|t| print_translation(ctx, t))
}

fn print_translation(ctx: &Ctx, t: &types::VideoTranslationV3) -> Result<(), CliError> {
    if ctx.json {
        return print_json(t);
    }
    print_fields([
        ("id", Some(t.id.clone())),
        ("status", Some(t.status.to_string())),
        ("duration", t.duration.map(seconds)),
        ("title", t.title.clone()),
        ("output_language", t.output_language.clone()),
        ("video_url", t.video_url.clone()),
        ("srt_caption_url", t.srt_caption_url.clone()),
        ("vtt_caption_url", t.vtt_caption_url.clone()),
        ("failure_message", t.failure_message.clone()),
    ]);
    Ok(())
}

async fn get(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let translation = ctx
        .client
        .get_video_translation_v3()
        .video_translation_id(id)
        .send()
        .await?;
    print_translation(ctx, &translation.into_inner().data)
}

async fn list(ctx: &Ctx, limit: u64, all: bool) -> Result<(), CliError> {
    let translations: Vec<types::VideoTranslationV3> =
        list_items(all, limit, 100, |limit, token| {
            ctx.client
                .list_video_translations_v3()
                .limit(limit)
                .page_token(token)
                .send()
        })
        .await?;
    if ctx.json {
        return print_json(&translations);
    }
    let mut table = Table::new(["ID", "STATUS", "LANGUAGE", "TITLE"]);
    for t in &translations {
        table.row([
            t.id.clone(),
            t.status.to_string(),
            t.output_language.clone().unwrap_or_default(),
            t.title.clone().unwrap_or_default(),
        ]);
    }
    table.print();
    Ok(())
}

async fn rename(ctx: &Ctx, id: &str, title: String) -> Result<(), CliError> {
    let renamed = ctx
        .client
        .update_video_translation_v3()
        .video_translation_id(id)
        .body(types::UpdateVideoTranslationV3Request { title })
        .send()
        .await?;
    print_translation(ctx, &renamed.into_inner().data)
}

async fn delete(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let deleted = ctx
        .client
        .delete_video_translation_v3()
        .video_translation_id(id)
        .send()
        .await?;
    if ctx.json {
        return print_json(&deleted.into_inner().data);
    }
    println!("deleted {id}");
    Ok(())
}

async fn languages(ctx: &Ctx) -> Result<(), CliError> {
    let languages = ctx
        .client
        .list_video_translation_languages_v3()
        .send()
        .await?
        .into_inner()
        .data
        .languages;
    if ctx.json {
        return print_json(&languages);
    }
    languages.iter().for_each(|l| println!("{l}"));
    Ok(())
}
