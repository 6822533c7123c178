//! `heygen agent`: HeyGen's Video Agent (v3): a prompt in, a video out, in one go or as a
//! conversation (create, send, get, list, stop, videos, resource, styles).

use std::path::Path;

use clap::{Args, Subcommand, ValueEnum};
use futures::TryStreamExt;
use heygen_api::{
    download::Media,
    paginate::{PageToken, paginate},
    types,
};
use serde_json::json;

use super::jobs::{
    WaitArgs, download, list_items, media_input, print_v3_video, upload_asset, wait_v3,
};
use crate::{
    ctx::Ctx,
    error::CliError,
    output::{Table, print_fields, print_json},
};

/// The `heygen agent` subcommands.
#[derive(Subcommand)]
pub enum AgentCommand {
    /// Start a session from a prompt; with --wait or --download, follow it to its video.
    Create(CreateArgs),
    /// Answer the agent, or ask for a revision, in a chat session (--chat).
    Send(SendArgs),
    /// Show a session: status, progress, video and messages.
    Get {
        /// Session id.
        id: String,
    },
    /// List sessions, newest first.
    List {
        /// At most this many (all of them with --all).
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=100))]
        limit: u64,
        /// Every session, fetching page after page.
        #[arg(long)]
        all: bool,
    },
    /// Stop a session's run (a video still rendering fails; a chat session takes messages again).
    Stop {
        /// Session id.
        id: String,
    },
    /// List the videos a session made, newest first.
    Videos {
        /// Session id.
        id: String,
    },
    /// Show one resource of a session (an attached file, a storyboard, a video).
    Resource {
        /// Session id.
        id: String,
        /// Resource id (from a message's resources).
        resource_id: String,
    },
    /// List the visual styles a session can use.
    Styles {
        /// Only styles with this tag (cinematic, retro-tech, iconic-artist, pop-culture,
        /// handmade, print).
        #[arg(long)]
        tag: Option<String>,
    },
}

/// `--orientation`.
#[derive(Clone, Copy, ValueEnum)]
enum Orientation {
    /// 16:9.
    Landscape,
    /// 9:16.
    Portrait,
}

/// What a message may carry besides its text (create and send).
#[derive(Args)]
pub struct MessageArgs {
    /// Avatar look presenting the video (`heygen avatars looks`).
    #[arg(long)]
    avatar: Option<String>,
    /// Voice narrating it (`heygen voices list`).
    #[arg(long)]
    voice: Option<String>,
    /// Brand kit to apply (`heygen brand kits`).
    #[arg(long)]
    brand_kit: Option<String>,
    /// A file for the agent to use: a local path (uploaded first) or an http(s) URL. Repeat
    /// for several (at most 20 with --asset).
    #[arg(long = "file")]
    files: Vec<String>,
    /// An uploaded file (asset id) for the agent to use. Repeatable.
    #[arg(long = "asset")]
    assets: Vec<String>,
    /// Makes the request safe to repeat: HeyGen answers a repeat with the first answer.
    #[arg(long)]
    idempotency_key: Option<String>,
    #[command(flatten)]
    wait: WaitArgs,
}

/// `heygen agent create`.
#[derive(Args)]
pub struct CreateArgs {
    /// What the video should be about, e.g. "a 30-second teaser for our new headphones".
    prompt: String,
    /// Chat mode: the agent asks before it renders, and takes revisions (`heygen agent send`).
    #[arg(long)]
    chat: bool,
    /// Visual style (`heygen agent styles`).
    #[arg(long)]
    style: Option<String>,
    /// Landscape or portrait; from the style when absent.
    #[arg(long, value_enum)]
    orientation: Option<Orientation>,
    /// Receives the session's `video_agent.*` events.
    #[arg(long)]
    callback_url: Option<String>,
    /// Echoed in the session's events.
    #[arg(long)]
    callback_id: Option<String>,
    #[command(flatten)]
    message: MessageArgs,
}

/// `heygen agent send`.
#[derive(Args)]
pub struct SendArgs {
    /// Session id.
    id: String,
    /// Your answer or revision request.
    message: String,
    #[command(flatten)]
    with: MessageArgs,
}

/// Runs a `heygen agent` subcommand.
pub async fn run(ctx: &Ctx, command: AgentCommand) -> Result<(), CliError> {
    match command {
        AgentCommand::Create(args) => create(ctx, args).await,
        AgentCommand::Send(args) => send(ctx, args).await,
        AgentCommand::Get { id } => get(ctx, &id).await,
        AgentCommand::List { limit, all } => list(ctx, limit, all).await,
        AgentCommand::Stop { id } => stop(ctx, &id).await,
        AgentCommand::Videos { id } => videos(ctx, &id).await,
        AgentCommand::Resource { id, resource_id } => resource(ctx, &id, &resource_id).await,
        AgentCommand::Styles { tag } => styles(ctx, tag).await,
    }
}

/// The `files` of a message: URLs as they are, local files uploaded first, then assets.
async fn files(ctx: &Ctx, args: &MessageArgs) -> Result<Option<Vec<serde_json::Value>>, CliError> {
    let mut files = Vec::new();
    for file in &args.files {
        if file.starts_with("http://") || file.starts_with("https://") {
            files.push(media_input(Some(file), None));
        } else {
            let asset = upload_asset(ctx, Path::new(file)).await?;
            files.push(media_input(None, Some(&asset.asset_id)));
        }
    }
    files.extend(args.assets.iter().map(|a| media_input(None, Some(a))));
    Ok((!files.is_empty()).then_some(files))
}

/// The create body the flags describe.
async fn create_body(
    ctx: &Ctx,
    args: &CreateArgs,
) -> Result<types::CreateVideoAgentV3Request, CliError> {
    let with = &args.message;
    let body = json!({
        "prompt": args.prompt,
        "mode": if args.chat { "chat" } else { "generate" },
        "avatar_id": with.avatar,
        "voice_id": with.voice,
        "style_id": args.style,
        "orientation": args.orientation.map(|o| match o {
            Orientation::Landscape => "landscape",
            Orientation::Portrait => "portrait",
        }),
        "brand_kit_id": with.brand_kit,
        "files": files(ctx, with).await?,
        "callback_url": args.callback_url,
        "callback_id": args.callback_id,
    });
    serde_json::from_value(body).map_err(|e| CliError::Usage(e.to_string()))
}

async fn create(ctx: &Ctx, args: CreateArgs) -> Result<(), CliError> {
    let body = create_body(ctx, &args).await?;
    let mut request = ctx.client.create_video_agent_v3().body(body);
    if let Some(key) = &args.message.idempotency_key {
        request = request.idempotency_key(key.as_str());
    }
    let created = request.send().await?.into_inner().data;
    let wait = &args.message.wait;
    if !wait.wait && wait.download.is_none() {
        return if ctx.json {
            print_json(&created)
        } else {
            println!("{}", created.session_id);
            Ok(())
        };
    }
    follow(ctx, &created.session_id, wait).await
}

async fn send(ctx: &Ctx, args: SendArgs) -> Result<(), CliError> {
    let with = &args.with;
    let body = json!({
        "message": args.message,
        "avatar_id": with.avatar,
        "voice_id": with.voice,
        "brand_kit_id": with.brand_kit,
        "files": files(ctx, with).await?,
    });
    let body: types::SendVideoAgentMessageV3Request =
        serde_json::from_value(body).map_err(|e| CliError::Usage(e.to_string()))?;
    let mut request = ctx
        .client
        .send_video_agent_message_v3()
        .session_id(&args.id)
        .body(body);
    if let Some(key) = &with.idempotency_key {
        request = request.idempotency_key(key.as_str());
    }
    // The video the session shows before this message: following the session, a read that
    // still shows it (HeyGen may not have started the new run yet) is not this run's end.
    let previous = if with.wait.wait || with.wait.download.is_some() {
        let session = ctx.client.get_video_agent_session_v3().session_id(&args.id);
        session.send().await?.into_inner().data.video_id
    } else {
        None
    };
    let run = request.send().await?.into_inner().data;
    if !with.wait.wait && with.wait.download.is_none() {
        return if ctx.json {
            print_json(&run)
        } else {
            println!("{}", run.run_id);
            Ok(())
        };
    }
    let started = std::time::Instant::now();
    loop {
        let session: types::VideoAgentSessionV3 = wait_v3(ctx, &args.id, &with.wait).await?;
        let new_video = session.video_id.is_some() && session.video_id != previous;
        let waited_out = started.elapsed() >= with.wait.timeout;
        if new_video || session.status != types::VideoAgentSessionV3Status::Completed || waited_out
        {
            return finish(ctx, &args.id, session, &with.wait).await;
        }
        tokio::time::sleep(RUN_START_POLL).await;
    }
}

/// How often `send --wait` reads a session that still shows the previous run's video.
const RUN_START_POLL: std::time::Duration = std::time::Duration::from_secs(2);

/// Waits until the session completes, fails or waits for input, then [`finish`]es.
async fn follow(ctx: &Ctx, id: &str, wait: &WaitArgs) -> Result<(), CliError> {
    let session: types::VideoAgentSessionV3 = wait_v3(ctx, id, wait).await?;
    finish(ctx, id, session, wait).await
}

/// Downloads a waited-for session's latest video if asked (and there is one), then prints
/// the session.
async fn finish(
    ctx: &Ctx,
    id: &str,
    session: types::VideoAgentSessionV3,
    wait: &WaitArgs,
) -> Result<(), CliError> {
    if let Some(path) = &wait.download {
        match (&session.status, &session.video_id) {
            (types::VideoAgentSessionV3Status::Completed, Some(video_id)) => {
                download(ctx, video_id, Media::Video, None, path).await?;
            }
            _ => {
                return Err(CliError::Other(format!(
                    "session {id} is {} without a finished video to download; answer it with \
                     `heygen agent send {id} MESSAGE --download {}`",
                    session.status,
                    path.display()
                )));
            }
        }
    }
    print_session(ctx, &session)
}

fn print_session(ctx: &Ctx, session: &types::VideoAgentSessionV3) -> Result<(), CliError> {
    if ctx.json {
        return print_json(session);
    }
    print_fields([
        ("session_id", Some(session.session_id.clone())),
        ("status", Some(session.status.to_string())),
        ("progress", Some(format!("{}%", session.progress))),
        ("title", session.title.clone()),
        ("video_id", session.video_id.clone()),
    ]);
    if !session.messages.is_empty() {
        println!();
        let mut table = Table::new(["ROLE", "TYPE", "MESSAGE", "RESOURCES"]);
        // Oldest first, as a conversation reads.
        for m in session.messages.iter().rev() {
            table.row([
                m.role.to_string(),
                m.type_.to_string(),
                m.content.clone(),
                m.resource_ids.as_deref().unwrap_or_default().join(","),
            ]);
        }
        table.print();
    }
    Ok(())
}

async fn get(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let session = ctx
        .client
        .get_video_agent_session_v3()
        .session_id(id)
        .send()
        .await?;
    print_session(ctx, &session.into_inner().data)
}

async fn list(ctx: &Ctx, limit: u64, all: bool) -> Result<(), CliError> {
    let sessions = list_items(all, limit, 100, |limit, token| {
        ctx.client
            .list_video_agent_sessions_v3()
            .limit(limit)
            .page_token(token)
            .send()
    })
    .await?;
    if ctx.json {
        return print_json(&sessions);
    }
    let mut table = Table::new(["SESSION", "CREATED", "TITLE"]);
    for s in &sessions {
        table.row([
            s.session_id.clone(),
            s.created_at.to_string(),
            s.title.clone().unwrap_or_default(),
        ]);
    }
    table.print();
    Ok(())
}

async fn stop(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let stopped = ctx
        .client
        .stop_video_agent_session_v3()
        .session_id(id)
        .body(types::StopVideoAgentSessionV3Request {})
        .send()
        .await?
        .into_inner()
        .data;
    if ctx.json {
        print_json(&stopped)
    } else {
        println!("stopped {}", stopped.session_id);
        Ok(())
    }
}

async fn videos(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let videos = ctx
        .client
        .list_video_agent_videos_v3()
        .session_id(id)
        .send()
        .await?
        .into_inner()
        .data;
    if ctx.json {
        return print_json(&videos);
    }
    match videos.as_slice() {
        [only] => print_v3_video(ctx, only),
        _ => {
            let mut table = Table::new(["ID", "STATUS", "DURATION", "TITLE"]);
            for v in &videos {
                table.row([
                    v.id.clone(),
                    v.status.to_string(),
                    v.duration.map(|d| format!("{d:.1}s")).unwrap_or_default(),
                    v.title.clone().unwrap_or_default(),
                ]);
            }
            table.print();
            Ok(())
        }
    }
}

async fn resource(ctx: &Ctx, id: &str, resource_id: &str) -> Result<(), CliError> {
    let resource = ctx
        .client
        .get_video_agent_resource_v3()
        .session_id(id)
        .resource_id(resource_id)
        .send()
        .await?
        .into_inner()
        .data;
    if ctx.json {
        return print_json(&resource);
    }
    let metadata = resource
        .metadata
        .as_ref()
        .filter(|m| !m.is_empty())
        .map(|m| serde_json::to_string(m).unwrap_or_default());
    print_fields([
        ("resource_id", Some(resource.resource_id.clone())),
        ("resource_type", Some(resource.resource_type.clone())),
        ("source_type", resource.source_type.clone()),
        ("url", resource.url.clone()),
        ("thumbnail_url", resource.thumbnail_url.clone()),
        ("preview_url", resource.preview_url.clone()),
        ("metadata", metadata),
    ]);
    Ok(())
}

async fn styles(ctx: &Ctx, tag: Option<String>) -> Result<(), CliError> {
    let styles: Vec<types::VideoAgentStyleV3> = paginate(|token| {
        let mut request = ctx.client.list_video_agent_styles_v3().limit(100);
        if let Some(tag) = &tag {
            request = request.tag(tag.as_str());
        }
        request.page_token(token).send()
    })
    .try_collect()
    .await?;
    if ctx.json {
        return print_json(&styles);
    }
    let mut table = Table::new(["STYLE", "NAME", "ASPECT", "TAGS"]);
    for s in &styles {
        table.row([
            s.style_id.clone(),
            s.name.clone(),
            s.aspect_ratio.clone().unwrap_or_default(),
            s.tags.as_deref().unwrap_or_default().join(","),
        ]);
    }
    table.print();
    Ok(())
}
