//! `heygen template`: videos generated from a template by filling in its variables, through
//! the legacy `/v2/template/{id}/generate` or, with `--v3`, HeyGen's current
//! `POST /v3/templates/{id}` (scene selection, captions, a v3 video to wait for).

use clap::{Args, Subcommand};
use heygen_api::{types, variables::TemplateVariables};

use super::jobs::{WaitArgs, print_v3_video, report_created, wait_for_v3_video};
use crate::{ctx::Ctx, error::CliError, parse::name_value};

/// The `heygen template` subcommands.
#[derive(Subcommand)]
pub enum TemplateCommand {
    /// Generate a video from a template.
    Generate(GenerateArgs),
}

/// The flags of `heygen template generate`: the template and its variables by kind.
#[derive(Args)]
pub struct GenerateArgs {
    /// Template id.
    id: String,
    /// A text variable, `name=value` (repeatable).
    #[arg(long = "var", value_parser = name_value)]
    vars: Vec<(String, String)>,
    /// An image variable, `name=url`.
    #[arg(long = "image", value_parser = name_value)]
    images: Vec<(String, String)>,
    /// A video variable, `name=url`.
    #[arg(long = "video", value_parser = name_value)]
    videos: Vec<(String, String)>,
    /// An audio variable, `name=url`.
    #[arg(long = "audio", value_parser = name_value)]
    audios: Vec<(String, String)>,
    /// An avatar variable, `name=avatar_id`.
    #[arg(long = "avatar", value_parser = name_value)]
    avatars: Vec<(String, String)>,
    /// A voice variable, `name=voice_id`.
    #[arg(long = "voice", value_parser = name_value)]
    voices: Vec<(String, String)>,
    /// Video title.
    #[arg(long, default_value = "Generated from template")]
    title: String,
    /// Render through HeyGen's current v3 API.
    #[arg(long)]
    v3: bool,
    /// A scene to render, in order (repeatable, repeats allowed; `heygen templates show`
    /// lists them); every scene when not given. v3 only.
    #[arg(long = "scene", requires = "v3")]
    scenes: Vec<String>,
    /// Burn captions into the video. v3 only.
    #[arg(long, requires = "v3")]
    caption: bool,
    #[command(flatten)]
    wait: WaitArgs,
}

/// Runs one `heygen template` subcommand.
pub async fn run(ctx: &Ctx, command: TemplateCommand) -> Result<(), CliError> {
    match command {
        TemplateCommand::Generate(args) => generate(ctx, args).await,
    }
}

async fn generate(ctx: &Ctx, args: GenerateArgs) -> Result<(), CliError> {
    let mut variables = TemplateVariables::from_iter(args.vars);
    for (n, v) in args.images {
        variables = variables.image(n, v);
    }
    for (n, v) in args.videos {
        variables = variables.video(n, v);
    }
    for (n, v) in args.audios {
        variables = variables.audio(n, v);
    }
    for (n, v) in args.avatars {
        variables = variables.avatar(n, v);
    }
    for (n, v) in args.voices {
        variables = variables.voice(n, v);
    }
    if args.v3 {
        let request: types::GenerateTemplateV3Request = serde_json::from_value(serde_json::json!({
            "variables": variables.into_map(),
            "scene_ids": (!args.scenes.is_empty()).then_some(args.scenes),
            "title": args.title,
            "caption": args.caption,
        }))
        .map_err(|e| CliError::Usage(e.to_string()))?;
        let video = ctx
            .client
            .generate_template_v3()
            .template_id(&args.id)
            .body(request)
            .send()
            .await?
            .into_inner()
            .data;
        if !args.wait.wait && args.wait.download.is_none() {
            return print_v3_video(ctx, &video);
        }
        return wait_for_v3_video(ctx, &video.id, &args.wait).await;
    }
    let request = variables.into_request(args.title);
    let video_id = ctx
        .client
        .generate_from_template()
        .template_id(&args.id)
        .body(request)
        .send()
        .await?
        .into_inner()
        .data
        .video_id;
    report_created(ctx, &video_id, &args.wait).await
}
