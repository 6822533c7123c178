//! `heygen webhook`: the endpoints HeyGen delivers job events to.

use clap::Subcommand;
use heygen_api::types;

use crate::{
    ctx::Ctx,
    error::CliError,
    output::{Table, print_json},
    parse::events,
};

/// The `heygen webhook` subcommands.
#[derive(Subcommand)]
pub enum WebhookCommand {
    /// Register an endpoint (HeyGen probes it with OPTIONS first).
    Add {
        /// Receiver URL.
        url: String,
        /// Event to subscribe to (repeatable; none = all).
        #[arg(long = "event")]
        events: Vec<String>,
    },
    /// List endpoints.
    List,
    /// Change an endpoint.
    Update {
        /// Endpoint id.
        id: String,
        /// New URL.
        #[arg(long)]
        url: Option<String>,
        /// New events (repeatable).
        #[arg(long = "event")]
        events: Vec<String>,
    },
    /// Remove an endpoint.
    Delete {
        /// Endpoint id.
        id: String,
    },
    /// List the event types.
    Events,
}

/// Runs one `heygen webhook` subcommand.
pub async fn run(ctx: &Ctx, command: WebhookCommand) -> Result<(), CliError> {
    match command {
        WebhookCommand::Add { url, events } => add(ctx, url, &events).await,
        WebhookCommand::List => list(ctx).await,
        WebhookCommand::Update { id, url, events } => update(ctx, id, url, &events).await,
        WebhookCommand::Delete { id } => delete(ctx, &id).await,
        WebhookCommand::Events => event_types(ctx).await,
    }
}

async fn add(ctx: &Ctx, url: String, list: &[String]) -> Result<(), CliError> {
    let body = types::WebhookEndpointAddRequest {
        url,
        events: events(list)?,
        entity_id: None,
    };
    let endpoint = ctx
        .client
        .add_webhook_endpoint()
        .body(body)
        .send()
        .await?
        .into_inner()
        .data;
    if ctx.json {
        return print_json(&endpoint);
    }
    show(std::slice::from_ref(&endpoint));
    // The secret is shown once, on purpose: it is needed to verify deliveries.
    println!("secret: {}", endpoint.secret.unwrap_or_default());
    Ok(())
}

async fn list(ctx: &Ctx) -> Result<(), CliError> {
    let endpoints = ctx
        .client
        .list_webhook_endpoints()
        .send()
        .await?
        .into_inner()
        .data;
    if ctx.json {
        return print_json(&endpoints);
    }
    show(&endpoints);
    Ok(())
}

async fn update(
    ctx: &Ctx,
    id: String,
    url: Option<String>,
    list: &[String],
) -> Result<(), CliError> {
    let body = types::WebhookEndpointUpdateRequest {
        endpoint_id: id,
        url,
        events: events(list)?,
    };
    let endpoint = ctx
        .client
        .update_webhook_endpoint()
        .body(body)
        .send()
        .await?
        .into_inner()
        .data;
    if ctx.json {
        return print_json(&endpoint);
    }
    show(std::slice::from_ref(&endpoint));
    Ok(())
}

async fn delete(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    ctx.client
        .delete_webhook_endpoint()
        .endpoint_id(id)
        .send()
        .await?;
    if ctx.json {
        return print_json(&serde_json::json!({"deleted": id}));
    }
    println!("deleted {id}");
    Ok(())
}

async fn event_types(ctx: &Ctx) -> Result<(), CliError> {
    let data = ctx
        .client
        .list_webhook_event_types()
        .send()
        .await?
        .into_inner()
        .data;
    if ctx.json {
        return print_json(&data);
    }
    for event in data {
        println!("{event}");
    }
    Ok(())
}

/// Endpoints as a table; an endpoint with no event filter gets every event ("all").
fn show(endpoints: &[types::WebhookEndpoint]) {
    let mut table = Table::new(["ENDPOINT ID", "URL", "STATUS", "EVENTS"]);
    for e in endpoints {
        let events = e.events.as_ref().map_or("all".to_owned(), |list| {
            list.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(",")
        });
        table.row([
            e.endpoint_id.clone(),
            e.url.clone(),
            e.status.to_string(),
            events,
        ]);
    }
    table.print();
}
