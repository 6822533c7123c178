//! `heygen brand`: the workspace's brand kits and brand glossaries (v3, read-only).

use clap::Subcommand;
use futures::TryStreamExt;
use heygen_api::{paginate::PageToken, paginate::paginate, types};

use crate::{
    ctx::Ctx,
    error::CliError,
    output::{Table, print_json},
};

/// The `heygen brand` subcommands.
#[derive(Subcommand)]
pub enum BrandCommand {
    /// Brand kits (colors and logos, for video agents).
    Kits,
    /// Brand glossaries (terms translations keep; legacy brand voices).
    Glossaries,
}

/// Runs one `heygen brand` subcommand.
pub async fn run(ctx: &Ctx, command: BrandCommand) -> Result<(), CliError> {
    match command {
        BrandCommand::Kits => kits(ctx).await,
        BrandCommand::Glossaries => glossaries(ctx).await,
    }
}

async fn kits(ctx: &Ctx) -> Result<(), CliError> {
    let kits: Vec<types::BrandKitV3> = paginate(|token| {
        ctx.client
            .list_brand_kits_v3()
            .limit(100)
            .page_token(token)
            .send()
    })
    .try_collect()
    .await?;
    if ctx.json {
        return print_json(&kits);
    }
    let mut table = Table::new(["BRAND KIT ID", "NAME", "COLORS", "LOGO"]);
    for k in &kits {
        table.row([
            k.brand_kit_id.clone(),
            k.name.clone(),
            k.colors.join(" "),
            k.logo_url.clone().unwrap_or_default(),
        ]);
    }
    table.print();
    Ok(())
}

async fn glossaries(ctx: &Ctx) -> Result<(), CliError> {
    let glossaries: Vec<types::BrandGlossaryV3> = paginate(|token| {
        ctx.client
            .list_brand_glossaries_v3()
            .limit(100)
            .page_token(token)
            .send()
    })
    .try_collect()
    .await?;
    if ctx.json {
        return print_json(&glossaries);
    }
    let mut table = Table::new(["BRAND GLOSSARY ID", "NAME", "UPDATED"]);
    for g in &glossaries {
        table.row([
            g.brand_glossary_id.clone(),
            g.name.clone(),
            g.updated_at.clone(),
        ]);
    }
    table.print();
    Ok(())
}
