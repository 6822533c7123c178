//! `heygen sounds`: search HeyGen's music and sound effect library (v3).

use clap::{Subcommand, ValueEnum};
use heygen_api::{paginate::PageToken, types};

use super::jobs::list_items;
use crate::{
    ctx::Ctx,
    error::CliError,
    output::{Table, print_json},
};

/// The `heygen sounds` subcommands.
#[derive(Subcommand)]
pub enum SoundsCommand {
    /// Tracks matching a description, best first, with download links.
    Search {
        /// What it should sound like, e.g. "upbeat lofi hip-hop".
        query: String,
        /// Music or sound effects.
        #[arg(long = "type", value_enum, default_value = "music")]
        type_: SoundType,
        /// The lowest similarity score (0 to 1).
        #[arg(long)]
        min_score: Option<f64>,
        /// At most this many (all of them with --all).
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=50))]
        limit: u64,
        /// Every match, fetching page after page.
        #[arg(long)]
        all: bool,
    },
}

/// `--type`.
#[derive(Clone, Copy, ValueEnum)]
pub enum SoundType {
    /// Background music.
    Music,
    /// Sound effects.
    SoundEffects,
}

/// Runs one `heygen sounds` subcommand.
pub async fn run(ctx: &Ctx, command: SoundsCommand) -> Result<(), CliError> {
    match command {
        SoundsCommand::Search {
            query,
            type_,
            min_score,
            limit,
            all,
        } => {
            let type_ = match type_ {
                SoundType::Music => types::AudioSoundTypeV3::Music,
                SoundType::SoundEffects => types::AudioSoundTypeV3::SoundEffects,
            };
            let request = |limit: u64| {
                let request = ctx
                    .client
                    .list_audio_sounds_v3()
                    .query(query.as_str())
                    .type_(type_)
                    .limit(limit);
                match min_score {
                    Some(score) => request.min_score(score),
                    None => request,
                }
            };
            let sounds: Vec<types::AudioSoundV3> = list_items(all, limit, 50, |limit, token| {
                request(limit).page_token(token).send()
            })
            .await?;
            print_sounds(ctx, &sounds)
        }
    }
}

fn print_sounds(ctx: &Ctx, sounds: &[types::AudioSoundV3]) -> Result<(), CliError> {
    if ctx.json {
        return print_json(&sounds);
    }
    let mut table = Table::new(["ID", "NAME", "SCORE", "DURATION", "URL"]);
    for s in sounds {
        table.row([
            s.id.clone(),
            s.name.clone(),
            format!("{:.2}", s.score),
            s.duration.map(|d| format!("{d:.1}s")).unwrap_or_default(),
            s.audio_url.clone(),
        ]);
    }
    table.print();
    Ok(())
}
