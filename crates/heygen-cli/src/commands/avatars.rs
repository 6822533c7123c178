//! `heygen avatars`: the avatars the account can use (the legacy catalogue list) and HeyGen's
//! v3 avatars: groups and looks (list, get, rename, delete), new avatars from a photo (a local
//! file, uploaded first, a URL or an uploaded asset), footage or a prompt, and consent.

use std::{path::PathBuf, time::Duration};

use clap::{Args, Subcommand, ValueEnum};
use heygen_api::{paginate::PageToken, types};
use serde_json::json;

use super::jobs::{WaitArgs, list_items, media_input, upload_asset, wait_v3};
use crate::{
    ctx::Ctx,
    error::CliError,
    output::{Table, print_fields, print_json},
};

/// The `heygen avatars` subcommands.
#[derive(Subcommand)]
pub enum AvatarsCommand {
    /// List the catalogue's avatars (legacy `/v2/avatars`).
    List,
    /// List avatar groups (characters), yours first (v3).
    Groups {
        /// Only `public` (HeyGen's) or `private` (yours).
        #[arg(long, value_enum)]
        ownership: Option<Ownership>,
        /// At most this many (all of them with --all).
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=50))]
        limit: u64,
        /// Every group, fetching page after page.
        #[arg(long)]
        all: bool,
    },
    /// List avatar looks, whose ids are the `--avatar` of `heygen videos create` (v3).
    Looks {
        /// Only the looks of this group.
        #[arg(long)]
        group: Option<String>,
        /// Only looks of this type.
        #[arg(long = "type", value_enum)]
        avatar_type: Option<AvatarType>,
        /// Only `public` (HeyGen's) or `private` (yours).
        #[arg(long, value_enum)]
        ownership: Option<Ownership>,
        /// At most this many (all of them with --all).
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=50))]
        limit: u64,
        /// Every look, fetching page after page.
        #[arg(long)]
        all: bool,
    },
    /// Show a look (or, with --group, a group).
    Get {
        /// Look id (group id with --group).
        id: String,
        /// The id is a group's.
        #[arg(long)]
        group: bool,
    },
    /// Create an avatar from a photo, footage or a prompt, and optionally wait for training.
    Create(CreateArgs),
    /// Give one of your looks a new name.
    Rename {
        /// Look id.
        id: String,
        /// The new name.
        #[arg(long)]
        name: String,
    },
    /// Delete one of your looks (the last look of a group takes the group), or with --group
    /// a whole group.
    Delete {
        /// Look id (group id with --group).
        id: String,
        /// The id is a group's: delete it with all its looks.
        #[arg(long)]
        group: bool,
    },
    /// Start the consent flow of a digital twin's group: prints the page to open.
    Consent {
        /// Group id.
        group: String,
        /// Where the page sends the person after approving.
        #[arg(long)]
        reroute_url: Option<String>,
    },
}

/// `--ownership`.
#[derive(Clone, Copy, ValueEnum)]
pub enum Ownership {
    /// HeyGen's preset avatars.
    Public,
    /// Your own.
    Private,
}

impl Ownership {
    fn as_str(self) -> &'static str {
        match self {
            Ownership::Public => "public",
            Ownership::Private => "private",
        }
    }
}

/// `--type` of `looks`.
#[derive(Clone, Copy, ValueEnum)]
pub enum AvatarType {
    /// HeyGen's studio avatars.
    StudioAvatar,
    /// Digital twins from footage.
    DigitalTwin,
    /// Photo avatars (from a photo or a prompt).
    PhotoAvatar,
}

impl AvatarType {
    fn as_str(self) -> &'static str {
        match self {
            AvatarType::StudioAvatar => "studio_avatar",
            AvatarType::DigitalTwin => "digital_twin",
            AvatarType::PhotoAvatar => "photo_avatar",
        }
    }
}

/// `heygen avatars create`: exactly one source.
#[derive(Args)]
pub struct CreateArgs {
    /// The avatar's name.
    #[arg(long)]
    name: String,
    /// A photo on this machine: uploaded, then made a photo avatar.
    #[arg(long, group = "source")]
    photo: Option<PathBuf>,
    /// A photo by URL.
    #[arg(long, group = "source")]
    photo_url: Option<String>,
    /// An uploaded photo (asset id, from `heygen assets upload`).
    #[arg(long, group = "source")]
    photo_asset: Option<String>,
    /// Footage of the person by URL: a digital twin (needs consent, see `consent`).
    #[arg(long, group = "source")]
    footage_url: Option<String>,
    /// Uploaded footage (asset id): a digital twin.
    #[arg(long, group = "source")]
    footage_asset: Option<String>,
    /// A description of the person: an AI-generated avatar.
    #[arg(long, group = "source")]
    prompt: Option<String>,
    /// One of your groups to add the look to (default: a new group).
    #[arg(long)]
    group: Option<String>,
    /// Makes the create safe to repeat: HeyGen answers a repeat with the first avatar.
    #[arg(long)]
    idempotency_key: Option<String>,
    /// Wait until training finishes (with a progress display).
    #[arg(long)]
    wait: bool,
    /// Give up waiting after this long.
    #[arg(long, default_value = "30m", value_parser = humantime::parse_duration)]
    timeout: Duration,
}

/// Runs one `heygen avatars` subcommand.
pub async fn run(ctx: &Ctx, command: AvatarsCommand) -> Result<(), CliError> {
    match command {
        AvatarsCommand::List => list(ctx).await,
        AvatarsCommand::Groups {
            ownership,
            limit,
            all,
        } => groups(ctx, ownership, limit, all).await,
        AvatarsCommand::Looks {
            group,
            avatar_type,
            ownership,
            limit,
            all,
        } => looks(ctx, group, avatar_type, ownership, limit, all).await,
        AvatarsCommand::Get { id, group: true } => get_group(ctx, &id).await,
        AvatarsCommand::Get { id, group: false } => get_look(ctx, &id).await,
        AvatarsCommand::Create(args) => create(ctx, args).await,
        AvatarsCommand::Rename { id, name } => rename(ctx, &id, name).await,
        AvatarsCommand::Delete { id, group } => delete(ctx, &id, group).await,
        AvatarsCommand::Consent { group, reroute_url } => consent(ctx, &group, reroute_url).await,
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

/// A status cell: `-` for the stock avatars, which have none.
fn status_cell(status: Option<String>) -> String {
    status.unwrap_or_else(|| "-".into())
}

async fn groups(
    ctx: &Ctx,
    ownership: Option<Ownership>,
    limit: u64,
    all: bool,
) -> Result<(), CliError> {
    let request = |limit: u64| {
        let mut request = ctx.client.list_avatar_groups_v3().limit(limit);
        if let Some(o) = ownership {
            request = request.ownership(o.as_str());
        }
        request
    };
    let groups: Vec<types::AvatarGroupV3> = list_items(all, limit, 50, |limit, token| {
        request(limit).page_token(token).send()
    })
    .await?;
    if ctx.json {
        return print_json(&groups);
    }
    let mut table = Table::new(["GROUP ID", "NAME", "LOOKS", "STATUS"]);
    for g in &groups {
        table.row([
            g.id.clone(),
            g.name.clone(),
            g.looks_count.to_string(),
            status_cell(g.status.as_ref().map(ToString::to_string)),
        ]);
    }
    table.print();
    Ok(())
}

async fn looks(
    ctx: &Ctx,
    group: Option<String>,
    avatar_type: Option<AvatarType>,
    ownership: Option<Ownership>,
    limit: u64,
    all: bool,
) -> Result<(), CliError> {
    let request = |limit: u64| {
        let mut request = ctx.client.list_avatar_looks_v3().limit(limit);
        if let Some(g) = &group {
            request = request.group_id(g.as_str());
        }
        if let Some(t) = avatar_type {
            request = request.avatar_type(t.as_str());
        }
        if let Some(o) = ownership {
            request = request.ownership(o.as_str());
        }
        request
    };
    let looks: Vec<types::AvatarLookV3> = list_items(all, limit, 50, |limit, token| {
        request(limit).page_token(token).send()
    })
    .await?;
    if ctx.json {
        return print_json(&looks);
    }
    let mut table = Table::new(["LOOK ID", "NAME", "TYPE", "GROUP", "STATUS"]);
    for l in &looks {
        table.row([
            l.id.clone(),
            l.name.clone(),
            l.avatar_type.to_string(),
            l.group_id.clone().unwrap_or_default(),
            status_cell(l.status.as_ref().map(ToString::to_string)),
        ]);
    }
    table.print();
    Ok(())
}

fn print_look(ctx: &Ctx, look: &types::AvatarLookV3) -> Result<(), CliError> {
    if ctx.json {
        return print_json(look);
    }
    print_fields([
        ("id", Some(look.id.clone())),
        ("name", Some(look.name.clone())),
        ("avatar_type", Some(look.avatar_type.to_string())),
        (
            "status",
            Some(status_cell(look.status.as_ref().map(ToString::to_string))),
        ),
        ("engines", Some(look.supported_api_engines.join(","))),
        ("group_id", look.group_id.clone()),
        ("preview_image_url", look.preview_image_url.clone()),
        ("preview_video_url", look.preview_video_url.clone()),
        ("default_voice_id", look.default_voice_id.clone()),
        (
            "error",
            look.error
                .as_ref()
                .map(|e| format!("{}: {}", e.code, e.message)),
        ),
    ]);
    Ok(())
}

fn print_group(ctx: &Ctx, group: &types::AvatarGroupV3) -> Result<(), CliError> {
    if ctx.json {
        return print_json(group);
    }
    print_fields([
        ("id", Some(group.id.clone())),
        ("name", Some(group.name.clone())),
        ("looks_count", Some(group.looks_count.to_string())),
        (
            "status",
            Some(status_cell(group.status.as_ref().map(ToString::to_string))),
        ),
        ("consent_status", group.consent_status.clone()),
        ("preview_image_url", group.preview_image_url.clone()),
        (
            "error",
            group
                .error
                .as_ref()
                .map(|e| format!("{}: {}", e.code, e.message)),
        ),
    ]);
    Ok(())
}

async fn get_look(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let look = ctx.client.get_avatar_look_v3().look_id(id).send().await?;
    print_look(ctx, &look.into_inner().data)
}

async fn get_group(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let group = ctx.client.get_avatar_group_v3().group_id(id).send().await?;
    print_group(ctx, &group.into_inner().data)
}

/// The create body the flags describe; a local photo is uploaded first.
async fn body(ctx: &Ctx, args: &CreateArgs) -> Result<types::CreateAvatarV3Request, CliError> {
    let mut body = if let Some(path) = &args.photo {
        let uploaded = upload_asset(ctx, path).await?;
        json!({"type": "photo", "file": media_input(None, Some(&uploaded.asset_id))})
    } else if args.photo_url.is_some() || args.photo_asset.is_some() {
        json!({"type": "photo",
               "file": media_input(args.photo_url.as_deref(), args.photo_asset.as_deref())})
    } else if args.footage_url.is_some() || args.footage_asset.is_some() {
        json!({"type": "digital_twin",
               "file": media_input(args.footage_url.as_deref(), args.footage_asset.as_deref())})
    } else if let Some(prompt) = &args.prompt {
        json!({"type": "prompt", "prompt": prompt})
    } else {
        return Err(CliError::Usage(
            "give one source: --photo, --photo-url, --photo-asset, --footage-url, --footage-asset or --prompt"
                .into(),
        ));
    };
    body["name"] = json!(args.name);
    body["avatar_group_id"] = json!(args.group);
    serde_json::from_value(body).map_err(|e| CliError::Usage(e.to_string()))
}

async fn create(ctx: &Ctx, args: CreateArgs) -> Result<(), CliError> {
    let mut request = ctx.client.create_avatar_v3().body(body(ctx, &args).await?);
    if let Some(key) = &args.idempotency_key {
        request = request.idempotency_key(key.as_str());
    }
    let created = request.send().await?.into_inner().data;
    let look = created
        .avatar_item
        .ok_or_else(|| CliError::Other("HeyGen answered without the new look".into()))?;
    if !args.wait {
        return if ctx.json {
            print_json(&look)
        } else {
            println!("{}", look.id);
            Ok(())
        };
    }
    let wait = WaitArgs {
        wait: true,
        timeout: args.timeout,
        download: None,
    };
    let trained: types::AvatarLookV3 = wait_v3(ctx, &look.id, &wait).await?;
    print_look(ctx, &trained)
}

async fn rename(ctx: &Ctx, id: &str, name: String) -> Result<(), CliError> {
    let body: types::UpdateAvatarLookV3Request = serde_json::from_value(json!({"name": name}))
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let renamed = ctx
        .client
        .update_avatar_look_v3()
        .look_id(id)
        .body(body)
        .send()
        .await?;
    print_look(ctx, &renamed.into_inner().data)
}

async fn delete(ctx: &Ctx, id: &str, group: bool) -> Result<(), CliError> {
    let deleted = if group {
        ctx.client
            .delete_avatar_group_v3()
            .group_id(id)
            .send()
            .await?
    } else {
        ctx.client
            .delete_avatar_look_v3()
            .look_id(id)
            .send()
            .await?
    };
    if ctx.json {
        return print_json(&deleted.into_inner().data);
    }
    println!("deleted {id}");
    Ok(())
}

async fn consent(ctx: &Ctx, group: &str, reroute_url: Option<String>) -> Result<(), CliError> {
    let body: types::CreateAvatarConsentV3Request =
        serde_json::from_value(json!({"reroute_url": reroute_url}))
            .map_err(|e| CliError::Usage(e.to_string()))?;
    let started = ctx
        .client
        .create_avatar_consent_v3()
        .group_id(group)
        .body(body)
        .send()
        .await?
        .into_inner()
        .data;
    if ctx.json {
        return print_json(&started);
    }
    match &started.url {
        Some(url) => println!("{url}"),
        None => println!(
            "consent {}",
            started
                .avatar_group
                .consent_status
                .as_deref()
                .unwrap_or("submitted")
        ),
    }
    Ok(())
}
