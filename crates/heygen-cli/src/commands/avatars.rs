//! `heygen avatars`: the avatars the account can use.

use clap::Subcommand;

use crate::{
    ctx::Ctx,
    error::CliError,
    output::{Table, print_json},
};

/// The `heygen avatars` subcommands.
#[derive(Subcommand)]
pub enum AvatarsCommand {
    /// List them.
    List,
}

/// Runs one `heygen avatars` subcommand.
pub async fn run(ctx: &Ctx, command: AvatarsCommand) -> Result<(), CliError> {
    match command {
        AvatarsCommand::List => list(ctx).await,
    }
}

async fn list(ctx: &Ctx) -> Result<(), CliError> {
    let data = ctx.client.list_avatars().send().await?.into_inner().data;
    if ctx.json {
        return print_json(&data);
    }
    let mut table = Table::new(["AVATAR ID", "NAME", "GENDER", "STYLES"]);
    for a in &data.avatars {
        let styles: Vec<String> = a.avatar_styles.iter().map(ToString::to_string).collect();
        table.row([
            a.avatar_id.clone(),
            a.avatar_name.clone(),
            a.gender.clone().unwrap_or_default(),
            styles.join(","),
        ]);
    }
    table.print();
    Ok(())
}
