//! `heygen templates`: the account's templates and their variables.

use clap::Subcommand;

use crate::{
    ctx::Ctx,
    error::CliError,
    output::{Table, print_json},
};

/// The `heygen templates` subcommands.
#[derive(Subcommand)]
pub enum TemplatesCommand {
    /// List your templates.
    List,
    /// Show a template's variables.
    Show {
        /// Template id.
        id: String,
    },
}

/// Runs one `heygen templates` subcommand.
pub async fn run(ctx: &Ctx, command: TemplatesCommand) -> Result<(), CliError> {
    match command {
        TemplatesCommand::List => list(ctx).await,
        TemplatesCommand::Show { id } => show(ctx, &id).await,
    }
}

async fn list(ctx: &Ctx) -> Result<(), CliError> {
    let data = ctx.client.list_templates().send().await?.into_inner().data;
    if ctx.json {
        return print_json(&data);
    }
    let mut table = Table::new(["TEMPLATE ID", "TITLE", "CREATED"]);
    for t in &data.templates {
        table.row([
            t.template_id.clone(),
            t.title.clone(),
            t.created_at.clone().unwrap_or_default(),
        ]);
    }
    table.print();
    Ok(())
}

async fn show(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let data = ctx
        .client
        .get_template()
        .template_id(id)
        .send()
        .await?
        .into_inner()
        .data;
    if ctx.json {
        return print_json(&data);
    }
    println!("{} ({})", data.title, data.template_id);
    let mut table = Table::new(["VARIABLE", "TYPE", "DEFAULT"]);
    for (name, var) in &data.variables {
        let p = &var.properties;
        let default = [
            &p.default_content,
            &p.default_url,
            &p.default_avatar_id,
            &p.default_voice_id,
        ]
        .into_iter()
        .find_map(|d| d.clone())
        .unwrap_or_default();
        table.row([name.clone(), var.type_.to_string(), default]);
    }
    table.print();
    Ok(())
}
