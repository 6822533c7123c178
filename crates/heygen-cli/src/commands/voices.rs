//! `heygen voices`: the voices the account can use.

use clap::Subcommand;

use crate::{
    ctx::Ctx,
    error::CliError,
    output::{Table, print_json},
};

/// The `heygen voices` subcommands.
#[derive(Subcommand)]
pub enum VoicesCommand {
    /// List voices, optionally of one language.
    List {
        /// e.g. English, Spanish (case-insensitive).
        #[arg(long)]
        language: Option<String>,
    },
}

/// Runs one `heygen voices` subcommand.
pub async fn run(ctx: &Ctx, command: VoicesCommand) -> Result<(), CliError> {
    match command {
        VoicesCommand::List { language } => list(ctx, language.as_deref()).await,
    }
}

async fn list(ctx: &Ctx, language: Option<&str>) -> Result<(), CliError> {
    let mut voices = ctx
        .client
        .list_voices()
        .send()
        .await?
        .into_inner()
        .data
        .voices;
    if let Some(language) = language {
        voices.retain(|v| v.language.eq_ignore_ascii_case(language));
    }
    if ctx.json {
        return print_json(&voices);
    }
    let mut table = Table::new(["VOICE ID", "NAME", "LANGUAGE", "GENDER", "EMOTIONS"]);
    for v in &voices {
        table.row([
            v.voice_id.clone(),
            v.name.clone(),
            v.language.clone(),
            v.gender.clone().unwrap_or_default(),
            if v.emotion_support == Some(true) {
                "yes"
            } else {
                "no"
            }
            .into(),
        ]);
    }
    table.print();
    Ok(())
}
