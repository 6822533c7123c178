//! One module per `heygen` subcommand, each with its clap arguments, its `run`, and one
//! private function per sub-subcommand; [`jobs`] holds what the video-making ones share.
//!
//! Commands depend on `ctx`, `error`, `output`, `progress` and `parse`, never the reverse.

mod agent;
mod assets;
mod avatars;
mod background_removal;
mod brand;
mod clip;
mod jobs;
mod lipsync;
mod sounds;
mod template;
mod templates;
mod translate;
mod video;
mod videos;
mod voices;
mod webhook;
mod webhooks;

use clap::Subcommand;

use crate::{ctx::Ctx, error::CliError};

/// Every `heygen` subcommand, as parsed by clap.
#[derive(Subcommand)]
pub enum Command {
    /// Avatars.
    #[command(subcommand)]
    Avatars(avatars::AvatarsCommand),
    /// Files uploaded to HeyGen, usable as `asset_id` inputs (v3).
    #[command(subcommand)]
    Assets(assets::AssetsCommand),
    /// Voices (v3): list, design, clone, delete, and text to speech into a file.
    #[command(subcommand)]
    Voices(voices::VoicesCommand),
    /// The music and sound effect library (v3).
    #[command(subcommand)]
    Sounds(sounds::SoundsCommand),
    /// Brand kits and brand glossaries (v3).
    #[command(subcommand)]
    Brand(brand::BrandCommand),
    /// Video Agent (v3): a prompt in, a video out, in one go or as a conversation.
    #[command(subcommand)]
    Agent(agent::AgentCommand),
    /// Templates.
    #[command(subcommand)]
    Templates(templates::TemplatesCommand),
    /// Avatar videos through the legacy v2 API.
    #[command(subcommand)]
    Video(video::VideoCommand),
    /// Videos through HeyGen's current v3 API.
    #[command(subcommand)]
    Videos(videos::VideosCommand),
    /// Videos from templates.
    #[command(subcommand)]
    Template(template::TemplateCommand),
    /// Video translation.
    #[command(subcommand)]
    Translate(translate::TranslateCommand),
    /// Lipsyncs: re-animate a speaker to new audio (v3).
    #[command(subcommand)]
    Lipsync(lipsync::LipsyncCommand),
    /// Background removals: foreground, matte and background layers of a video (v3).
    #[command(subcommand)]
    BackgroundRemoval(background_removal::BackgroundRemovalCommand),
    /// AI clipping: short social clips cut from a long video (v3).
    #[command(subcommand)]
    Clip(clip::ClipCommand),
    /// Webhook endpoints through the legacy v1 API.
    #[command(subcommand)]
    Webhook(webhook::WebhookCommand),
    /// Webhook endpoints, event types and sent events through HeyGen's current v3 API.
    #[command(subcommand)]
    Webhooks(webhooks::WebhooksCommand),
}

/// Runs a parsed subcommand with the shared context.
pub async fn run(ctx: &Ctx, command: Command) -> Result<(), CliError> {
    match command {
        Command::Avatars(command) => avatars::run(ctx, command).await,
        Command::Agent(command) => agent::run(ctx, command).await,
        Command::Assets(command) => assets::run(ctx, command).await,
        Command::Voices(command) => voices::run(ctx, command).await,
        Command::Sounds(command) => sounds::run(ctx, command).await,
        Command::Brand(command) => brand::run(ctx, command).await,
        Command::Templates(command) => templates::run(ctx, command).await,
        Command::Video(command) => video::run(ctx, command).await,
        Command::Videos(command) => videos::run(ctx, command).await,
        Command::Template(command) => template::run(ctx, command).await,
        Command::Translate(command) => translate::run(ctx, command).await,
        Command::Lipsync(command) => lipsync::run(ctx, command).await,
        Command::BackgroundRemoval(command) => background_removal::run(ctx, command).await,
        Command::Clip(command) => clip::run(ctx, command).await,
        Command::Webhook(command) => webhook::run(ctx, command).await,
        Command::Webhooks(command) => webhooks::run(ctx, command).await,
    }
}
