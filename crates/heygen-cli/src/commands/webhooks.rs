//! `heygen webhooks`: webhook endpoints, event types and sent events through HeyGen's v3
//! API. `heygen webhook` is the legacy (v1) family.

use clap::Subcommand;
use futures::TryStreamExt;
use heygen_api::{
    paginate::{PageToken, paginate},
    types,
};
use serde_json::json;

use crate::{
    ctx::Ctx,
    error::CliError,
    output::{Table, print_json},
};

/// The `heygen webhooks` subcommands.
#[derive(Subcommand)]
pub enum WebhooksCommand {
    /// Every event type an endpoint can subscribe to.
    EventTypes,
    /// Registered endpoints.
    #[command(subcommand)]
    Endpoints(EndpointsCommand),
    /// Events sent to this account's endpoints, newest first.
    Events {
        /// Only this event type.
        #[arg(long = "type")]
        event_type: Option<String>,
        /// Only events about this resource (e.g. a video id).
        #[arg(long)]
        entity: Option<String>,
        /// At most this many.
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=100))]
        limit: u64,
    },
}

/// The `heygen webhooks endpoints` subcommands.
#[derive(Subcommand)]
pub enum EndpointsCommand {
    /// Register an endpoint; prints its signing secret (shown only now and on rotation).
    Create {
        /// Receiver URL.
        url: String,
        /// Event type to subscribe to (repeatable; none = all).
        #[arg(long = "event")]
        events: Vec<String>,
        /// Only events about this resource.
        #[arg(long)]
        entity: Option<String>,
    },
    /// List every endpoint.
    List,
    /// Change an endpoint's URL or events (`--event` replaces the whole list).
    Update {
        /// Endpoint id.
        id: String,
        /// New URL.
        #[arg(long)]
        url: Option<String>,
        /// New event types (repeatable).
        #[arg(long = "event")]
        events: Vec<String>,
    },
    /// Remove an endpoint.
    Delete {
        /// Endpoint id.
        id: String,
    },
    /// Give an endpoint a new signing secret; the old one stops working at once.
    RotateSecret {
        /// Endpoint id.
        id: String,
    },
}

/// Runs a `heygen webhooks` subcommand.
pub async fn run(ctx: &Ctx, command: WebhooksCommand) -> Result<(), CliError> {
    match command {
        WebhooksCommand::EventTypes => event_types(ctx).await,
        WebhooksCommand::Endpoints(command) => endpoints(ctx, command).await,
        WebhooksCommand::Events {
            event_type,
            entity,
            limit,
        } => events(ctx, event_type, entity, limit).await,
    }
}

async fn event_types(ctx: &Ctx) -> Result<(), CliError> {
    let types = ctx.client.list_webhook_event_types_v3().send().await?;
    let types = types.into_inner().data;
    if ctx.json {
        return print_json(&types);
    }
    let mut table = Table::new(["EVENT TYPE", "DESCRIPTION"]);
    for t in types {
        table.row([t.event_type, t.description]);
    }
    table.print();
    Ok(())
}

/// Event type names as the generated request types take them.
fn event_list(events: &[String]) -> Option<Vec<String>> {
    (!events.is_empty()).then(|| events.to_vec())
}

fn parse<T: serde::de::DeserializeOwned>(body: serde_json::Value) -> Result<T, CliError> {
    serde_json::from_value(body).map_err(|e| CliError::Usage(e.to_string()))
}

fn print_endpoint(ctx: &Ctx, endpoint: &types::WebhookEndpointV3) -> Result<(), CliError> {
    if ctx.json {
        return print_json(endpoint);
    }
    let mut table = Table::new(["FIELD", "VALUE"]);
    table.row(["endpoint_id".into(), endpoint.endpoint_id.clone()]);
    table.row(["url".into(), endpoint.url.clone()]);
    table.row([
        "events".into(),
        endpoint
            .events
            .as_ref()
            .map_or_else(|| "all".into(), |e| e.join(",")),
    ]);
    if let Some(secret) = &endpoint.secret {
        table.row(["secret".into(), secret.clone()]);
    }
    table.print();
    Ok(())
}

async fn endpoints(ctx: &Ctx, command: EndpointsCommand) -> Result<(), CliError> {
    let client = &ctx.client;
    match command {
        EndpointsCommand::Create {
            url,
            events,
            entity,
        } => {
            let body: types::WebhookEndpointCreateV3Request =
                parse(json!({"url": url, "events": event_list(&events), "entity_id": entity}))?;
            let endpoint = client
                .create_webhook_endpoint_v3()
                .body(body)
                .send()
                .await?;
            print_endpoint(ctx, &endpoint.into_inner().data)
        }
        EndpointsCommand::List => {
            let all: Vec<types::WebhookEndpointV3> = paginate(|token| {
                client
                    .list_webhook_endpoints_v3()
                    .limit(100)
                    .page_token(token)
                    .send()
            })
            .try_collect()
            .await?;
            if ctx.json {
                return print_json(&all);
            }
            let mut table = Table::new(["ENDPOINT ID", "URL", "EVENTS", "STATUS"]);
            for e in all {
                let events = e.events.map_or_else(|| "all".into(), |e| e.join(","));
                table.row([e.endpoint_id, e.url, events, e.status]);
            }
            table.print();
            Ok(())
        }
        EndpointsCommand::Update { id, url, events } => {
            let mut body = json!({});
            if let Some(url) = url {
                body["url"] = json!(url);
            }
            if !events.is_empty() {
                body["events"] = json!(events);
            }
            let endpoint = client
                .update_webhook_endpoint_v3()
                .endpoint_id(&id)
                .body(parse::<types::WebhookEndpointUpdateV3Request>(body)?)
                .send()
                .await?;
            print_endpoint(ctx, &endpoint.into_inner().data)
        }
        EndpointsCommand::Delete { id } => {
            client
                .delete_webhook_endpoint_v3()
                .endpoint_id(&id)
                .send()
                .await?;
            if ctx.json {
                return print_json(&json!({"endpoint_id": id, "deleted": true}));
            }
            println!("deleted {id}");
            Ok(())
        }
        EndpointsCommand::RotateSecret { id } => {
            let rotated = client
                .rotate_webhook_secret_v3()
                .endpoint_id(&id)
                .send()
                .await?
                .into_inner()
                .data;
            if ctx.json {
                return print_json(&rotated);
            }
            println!("{}", rotated.secret);
            Ok(())
        }
    }
}

async fn events(
    ctx: &Ctx,
    event_type: Option<String>,
    entity: Option<String>,
    limit: u64,
) -> Result<(), CliError> {
    let mut request = ctx.client.list_webhook_events_v3().limit(limit);
    if let Some(t) = event_type {
        let t: types::WebhookEventTypeV3 = parse(json!(t))?;
        request = request.event_type(t);
    }
    if let Some(entity) = entity {
        request = request.entity_id(entity);
    }
    let events = request.send().await?.into_inner().data;
    if ctx.json {
        return print_json(&events);
    }
    let mut table = Table::new(["EVENT ID", "TYPE", "CREATED AT"]);
    for e in events {
        table.row([e.event_id, e.event_type, e.created_at]);
    }
    table.print();
    Ok(())
}
