//! `heygen`: the HeyGen API from the command line, against the real service or `heygen-mock`.
//!
//! Human-readable tables by default, `--json` for scripts. Exit codes scripts can test:
//! 0 success, 2 usage error, 3 HeyGen answered with an error, 4 a job failed, 5 a wait timed
//! out, 6 the service could not be reached, 1 anything else.

mod output;

use std::{path::PathBuf, process::ExitCode, time::Duration};

use clap::{Args, Parser, Subcommand, ValueEnum};
use heygen_api::{
    Client,
    auth::{BuildError, ClientBuilder},
    download::{DownloadError, Media, download_video},
    errors::{ErrorEnvelope, HeyGenCode},
    types,
    variables::TemplateVariables,
    wait::{Progress, WaitError, WaitOptions, wait_for_translation, wait_for_video},
};
use indicatif::{ProgressBar, ProgressStyle};
use output::{Table, print_json};

#[derive(Parser)]
#[command(
    name = "heygen",
    version,
    about = "The HeyGen API from the command line (works against heygen-mock too)"
)]
struct Cli {
    /// API host; point it at heygen-mock with http://127.0.0.1:4010.
    #[arg(long, global = true, env = "HEYGEN_BASE_URL", default_value = heygen_api::auth::DEFAULT_BASE_URL)]
    base_url: String,
    /// Your HeyGen API key.
    #[arg(long, global = true, env = "HEYGEN_API_KEY", hide_env_values = true)]
    api_key: Option<String>,
    /// Print JSON instead of tables (for scripts).
    #[arg(long, global = true)]
    json: bool,
    /// Retries of transient failures (429, 5xx, connection errors) per call.
    #[arg(long, global = true, env = "HEYGEN_RETRIES", default_value_t = 3)]
    retries: u32,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Avatars.
    #[command(subcommand)]
    Avatars(ListOnly),
    /// Voices.
    #[command(subcommand)]
    Voices(VoicesCommand),
    /// Templates.
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Avatar videos.
    #[command(subcommand)]
    Video(VideoCommand),
    /// Videos from templates.
    #[command(subcommand)]
    Template(TemplateCommand),
    /// Video translation.
    #[command(subcommand)]
    Translate(TranslateCommand),
    /// Webhook endpoints.
    #[command(subcommand)]
    Webhook(WebhookCommand),
}

#[derive(Subcommand)]
enum ListOnly {
    /// List them.
    List,
}

#[derive(Subcommand)]
enum VoicesCommand {
    /// List voices, optionally of one language.
    List {
        /// e.g. English, Spanish (case-insensitive).
        #[arg(long)]
        language: Option<String>,
    },
}

#[derive(Subcommand)]
enum TemplatesCommand {
    /// List your templates.
    List,
    /// Show a template's variables.
    Show {
        /// Template id.
        id: String,
    },
}

#[derive(Args)]
struct WaitArgs {
    /// Wait until the job finishes (with a progress display).
    #[arg(long)]
    wait: bool,
    /// Give up waiting after this long.
    #[arg(long, default_value = "30m", value_parser = humantime::parse_duration)]
    timeout: Duration,
    /// Download the finished video here (implies --wait).
    #[arg(long)]
    download: Option<PathBuf>,
}

#[derive(Subcommand)]
enum VideoCommand {
    /// Create an avatar video from one scene.
    Create {
        /// Avatar id (see `heygen avatars list`).
        #[arg(long)]
        avatar: String,
        /// Voice id (see `heygen voices list`).
        #[arg(long)]
        voice: String,
        /// What the avatar says.
        #[arg(long)]
        text: String,
        /// `#RRGGBB`, an image or video URL, or `transparent` (WebM output).
        #[arg(long)]
        background: Option<String>,
        /// normal, casual, circle or closeUp.
        #[arg(long)]
        avatar_style: Option<String>,
        /// Speaking speed, 0.5 to 1.5.
        #[arg(long)]
        speed: Option<f64>,
        /// Output size as WIDTHxHEIGHT.
        #[arg(long, default_value = "1280x720")]
        dimension: String,
        /// Video title.
        #[arg(long)]
        title: Option<String>,
        /// Make captions from the script.
        #[arg(long)]
        caption: bool,
        /// Test mode (watermarked, free).
        #[arg(long)]
        test: bool,
        #[command(flatten)]
        wait: WaitArgs,
    },
    /// Show a video's status.
    Status {
        /// Video id.
        id: String,
    },
    /// Wait for a video to finish.
    Wait {
        /// Video id.
        id: String,
        /// Give up after this long.
        #[arg(long, default_value = "30m", value_parser = humantime::parse_duration)]
        timeout: Duration,
    },
    /// Download a finished video (or its thumbnail, GIF or captions).
    Download {
        /// Video id.
        id: String,
        /// Where to write it.
        file: PathBuf,
        /// Which file.
        #[arg(long, value_enum, default_value_t = MediaArg::Video)]
        media: MediaArg,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum MediaArg {
    Video,
    Thumbnail,
    Gif,
    Captions,
    CaptionedVideo,
}

impl From<MediaArg> for Media {
    fn from(m: MediaArg) -> Self {
        match m {
            MediaArg::Video => Media::Video,
            MediaArg::Thumbnail => Media::Thumbnail,
            MediaArg::Gif => Media::Gif,
            MediaArg::Captions => Media::Captions,
            MediaArg::CaptionedVideo => Media::CaptionedVideo,
        }
    }
}

#[derive(Subcommand)]
enum TemplateCommand {
    /// Generate a video from a template.
    Generate {
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
        #[command(flatten)]
        wait: WaitArgs,
    },
}

#[derive(Subcommand)]
enum TranslateCommand {
    /// Translate a video.
    Create {
        /// The video to translate.
        #[arg(long)]
        video_url: String,
        /// Target language code, e.g. es, fr, de.
        #[arg(long)]
        language: String,
        /// Voice to speak the translation.
        #[arg(long)]
        voice: Option<String>,
        /// Wait until the translation finishes.
        #[arg(long)]
        wait: bool,
        /// Give up waiting after this long.
        #[arg(long, default_value = "30m", value_parser = humantime::parse_duration)]
        timeout: Duration,
    },
    /// Show a translation's status.
    Status {
        /// Translation id.
        id: String,
    },
}

#[derive(Subcommand)]
enum WebhookCommand {
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

fn name_value(s: &str) -> Result<(String, String), String> {
    let (name, value) = s
        .split_once('=')
        .ok_or_else(|| format!("expected name=value, got {s:?}"))?;
    if name.is_empty() {
        return Err("the variable name is empty".into());
    }
    Ok((name.to_owned(), value.to_owned()))
}

/// A failure, with the exit code scripts see.
#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error("{0}")]
    Usage(String),
    #[error("HeyGen error {code}: {message} (HTTP {status})")]
    Api {
        status: u16,
        code: HeyGenCode,
        message: String,
    },
    #[error("{0}")]
    JobFailed(String),
    #[error("{0}")]
    Timeout(String),
    #[error("cannot reach the service: {0}")]
    Unreachable(String),
    #[error("{0}")]
    Other(String),
}

impl CliError {
    fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Api { .. } => 3,
            CliError::JobFailed(_) => 4,
            CliError::Timeout(_) => 5,
            CliError::Unreachable(_) => 6,
            CliError::Other(_) => 1,
        }
    }
}

impl<E: ErrorEnvelope + std::fmt::Debug> From<heygen_api::Error<E>> for CliError {
    fn from(e: heygen_api::Error<E>) -> Self {
        match e {
            heygen_api::Error::ErrorResponse(r) => CliError::Api {
                status: r.status().as_u16(),
                code: HeyGenCode::from_code(r.code()),
                message: r.message().to_owned(),
            },
            heygen_api::Error::CommunicationError(e) => CliError::Unreachable(e.to_string()),
            other => CliError::Other(other.to_string()),
        }
    }
}

impl From<WaitError> for CliError {
    fn from(e: WaitError) -> Self {
        match e {
            WaitError::Failed { .. } => CliError::JobFailed(e.to_string()),
            WaitError::Timeout { .. } => CliError::Timeout(e.to_string()),
            WaitError::Api(api) => api.into(),
        }
    }
}

impl From<DownloadError> for CliError {
    fn from(e: DownloadError) -> Self {
        match e {
            DownloadError::Api(api) => api.into(),
            other => CliError::Other(other.to_string()),
        }
    }
}

impl From<BuildError> for CliError {
    fn from(e: BuildError) -> Self {
        CliError::Usage(e.to_string())
    }
}

fn spinner(json: bool) -> ProgressBar {
    if json {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{elapsed}]")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

fn show_progress(bar: &ProgressBar) -> impl FnMut(Progress<'_>) + '_ {
    move |p: Progress<'_>| bar.set_message(format!("{} is {}", p.id, p.status))
}

async fn wait_and_download(
    client: &Client,
    id: &str,
    wait: &WaitArgs,
    json: bool,
) -> Result<Option<types::VideoStatus>, CliError> {
    if !wait.wait && wait.download.is_none() {
        return Ok(None);
    }
    let bar = spinner(json);
    let options = WaitOptions {
        timeout: wait.timeout,
        ..WaitOptions::default()
    };
    let result = wait_for_video(client, id, &options, show_progress(&bar)).await;
    bar.finish_and_clear();
    let status = result?;
    if let Some(path) = &wait.download {
        download(
            client,
            id,
            Media::Video,
            status.video_url.as_deref(),
            path,
            json,
        )
        .await?;
    }
    Ok(Some(status))
}

async fn download(
    client: &Client,
    id: &str,
    media: Media,
    link: Option<&str>,
    path: &std::path::Path,
    json: bool,
) -> Result<u64, CliError> {
    let bar = if json {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(0)
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {bytes}/{total_bytes} {binary_bytes_per_sec}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let written = download_video(client, id, media, link, path, |done, total| {
        if let Some(total) = total {
            bar.set_length(total);
        }
        bar.set_position(done);
    })
    .await;
    bar.finish_and_clear();
    let written = written?;
    if !json {
        eprintln!("saved {} ({written} bytes)", path.display());
    }
    Ok(written)
}

fn background(spec: &str) -> Result<types::Background, CliError> {
    let lower = spec.to_ascii_lowercase();
    let bg: types::Background = if lower == "transparent" {
        types::TransparentBackground {
            type_: types::TransparentBackgroundType::Transparent,
        }
        .into()
    } else if spec.starts_with('#') {
        types::ColorBackground {
            type_: types::ColorBackgroundType::Color,
            value: spec.parse().map_err(|_| {
                CliError::Usage(format!("--background {spec:?} is not a #RRGGBB colour"))
            })?,
        }
        .into()
    } else if lower.starts_with("http")
        && [".mp4", ".webm", ".mov"].iter().any(|e| lower.ends_with(e))
    {
        types::VideoBackground {
            type_: types::VideoBackgroundType::Video,
            url: Some(spec.to_owned()),
            video_asset_id: None,
            play_style: None,
            fit: None,
        }
        .into()
    } else if lower.starts_with("http") {
        types::ImageBackground {
            type_: types::ImageBackgroundType::Image,
            url: Some(spec.to_owned()),
            image_asset_id: None,
            fit: None,
        }
        .into()
    } else {
        return Err(CliError::Usage(format!(
            "--background {spec:?}: give #RRGGBB, an image or video URL, or transparent"
        )));
    };
    Ok(bg)
}

fn dimension(spec: &str) -> Result<types::Dimension, CliError> {
    let (w, h) = spec
        .split_once(['x', 'X'])
        .and_then(|(w, h)| Some((w.parse().ok()?, h.parse().ok()?)))
        .ok_or_else(|| CliError::Usage(format!("--dimension {spec:?}: expected WIDTHxHEIGHT")))?;
    Ok(types::Dimension {
        width: w,
        height: h,
    })
}

fn events(list: &[String]) -> Result<Option<Vec<types::WebhookEventType>>, CliError> {
    if list.is_empty() {
        return Ok(None);
    }
    list.iter()
        .map(|e| {
            e.parse().map_err(|_| {
                CliError::Usage(format!(
                    "unknown event type {e:?} (see `heygen webhook events`)"
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

async fn run(cli: Cli) -> Result<(), CliError> {
    let json = cli.json;
    let key = cli.api_key.filter(|k| !k.is_empty()).ok_or_else(|| {
        CliError::Usage("no API key: pass --api-key or set HEYGEN_API_KEY".into())
    })?;
    let retry = heygen_api::retry::RetryPolicy {
        max_retries: cli.retries,
        ..Default::default()
    };
    let client = ClientBuilder::new()
        .api_key(key)
        .base_url(&cli.base_url)
        .retry(retry)
        .build()?;
    match cli.command {
        Command::Avatars(ListOnly::List) => {
            let data = client.list_avatars().send().await?.into_inner().data;
            if json {
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
        }
        Command::Voices(VoicesCommand::List { language }) => {
            let mut voices = client.list_voices().send().await?.into_inner().data.voices;
            if let Some(language) = &language {
                voices.retain(|v| v.language.eq_ignore_ascii_case(language));
            }
            if json {
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
        }
        Command::Templates(TemplatesCommand::List) => {
            let data = client.list_templates().send().await?.into_inner().data;
            if json {
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
        }
        Command::Templates(TemplatesCommand::Show { id }) => {
            let data = client
                .get_template()
                .template_id(&id)
                .send()
                .await?
                .into_inner()
                .data;
            if json {
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
        }
        Command::Video(VideoCommand::Create {
            avatar,
            voice,
            text,
            background: bg,
            avatar_style,
            speed,
            dimension: dim,
            title,
            caption,
            test,
            wait,
        }) => {
            let style = avatar_style
                .map(|s| {
                    s.parse::<types::AvatarStyle>()
                        .map_err(|_| CliError::Usage(format!("unknown --avatar-style {s:?}")))
                })
                .transpose()?;
            let scene = types::VideoInput {
                character: Some(
                    types::AvatarCharacter {
                        type_: types::AvatarCharacterType::Avatar,
                        avatar_id: avatar,
                        avatar_style: style,
                        scale: 1.0,
                        offset: None,
                        matting: None,
                        circle_background_color: None,
                    }
                    .into(),
                ),
                voice: types::TextVoice {
                    type_: types::TextVoiceType::Text,
                    voice_id: voice,
                    input_text: text,
                    speed: speed.unwrap_or(1.0),
                    pitch: 0,
                    emotion: None,
                    locale: None,
                }
                .into(),
                background: bg.as_deref().map(background).transpose()?,
            };
            let request = types::VideoGenerateRequest {
                video_inputs: vec![scene],
                dimension: Some(dimension(&dim)?),
                title,
                caption,
                test,
                callback_id: None,
                callback_url: None,
                folder_id: None,
            };
            let id = client
                .generate_video()
                .body(request)
                .send()
                .await?
                .into_inner()
                .data
                .video_id;
            report_created(&client, &id, &wait, json).await?;
        }
        Command::Video(VideoCommand::Status { id }) => {
            let status = client
                .get_video_status()
                .video_id(&id)
                .send()
                .await?
                .into_inner()
                .data;
            print_status(&status, json)?;
        }
        Command::Video(VideoCommand::Wait { id, timeout }) => {
            let args = WaitArgs {
                wait: true,
                timeout,
                download: None,
            };
            if let Some(status) = wait_and_download(&client, &id, &args, json).await? {
                print_status(&status, json)?;
            }
        }
        Command::Video(VideoCommand::Download { id, file, media }) => {
            let written = download(&client, &id, media.into(), None, &file, json).await?;
            if json {
                print_json(&serde_json::json!({"video_id": id, "file": file, "bytes": written}))?;
            }
        }
        Command::Template(TemplateCommand::Generate {
            id,
            vars,
            images,
            videos,
            audios,
            avatars,
            voices,
            title,
            wait,
        }) => {
            let mut variables = TemplateVariables::from_iter(vars);
            for (n, v) in images {
                variables = variables.image(n, v);
            }
            for (n, v) in videos {
                variables = variables.video(n, v);
            }
            for (n, v) in audios {
                variables = variables.audio(n, v);
            }
            for (n, v) in avatars {
                variables = variables.avatar(n, v);
            }
            for (n, v) in voices {
                variables = variables.voice(n, v);
            }
            let request = variables.into_request(title);
            let video_id = client
                .generate_from_template()
                .template_id(&id)
                .body(request)
                .send()
                .await?
                .into_inner()
                .data
                .video_id;
            report_created(&client, &video_id, &wait, json).await?;
        }
        Command::Translate(TranslateCommand::Create {
            video_url,
            language,
            voice,
            wait,
            timeout,
        }) => {
            let request = types::VideoTranslateRequest {
                video_url,
                target_language: language.parse().map_err(|_| {
                    CliError::Usage(format!(
                        "--language {language:?} is not a language code such as es or pt-BR"
                    ))
                })?,
                voice_id: voice,
                title: None,
                callback_id: None,
                callback_url: None,
            };
            let id = client
                .translate_video()
                .body(request)
                .send()
                .await?
                .into_inner()
                .data
                .video_translate_id;
            if !wait {
                if json {
                    return print_json(&serde_json::json!({"video_translate_id": id}));
                }
                println!("{id}");
                return Ok(());
            }
            let bar = spinner(json);
            let options = WaitOptions {
                timeout,
                ..WaitOptions::default()
            };
            let result = wait_for_translation(&client, &id, &options, show_progress(&bar)).await;
            bar.finish_and_clear();
            let status = result?;
            if json {
                print_json(&status)?;
            } else {
                println!("{id} completed: {}", status.video_url.unwrap_or_default());
            }
        }
        Command::Translate(TranslateCommand::Status { id }) => {
            let status = client
                .get_video_translate_status()
                .video_translate_id(&id)
                .send()
                .await?
                .into_inner()
                .data;
            if json {
                print_json(&status)?;
            } else {
                println!(
                    "{} {} {}",
                    status.id,
                    status.status,
                    status.video_url.unwrap_or_default()
                );
            }
        }
        Command::Webhook(command) => webhook(&client, command, json).await?,
    }
    Ok(())
}

async fn report_created(
    client: &Client,
    id: &str,
    wait: &WaitArgs,
    json: bool,
) -> Result<(), CliError> {
    match wait_and_download(client, id, wait, json).await? {
        Some(status) => print_status(&status, json),
        None if json => print_json(&serde_json::json!({"video_id": id})),
        None => {
            println!("{id}");
            Ok(())
        }
    }
}

fn print_status(status: &types::VideoStatus, json: bool) -> Result<(), CliError> {
    if json {
        return print_json(status);
    }
    let mut table = Table::new(["FIELD", "VALUE"]);
    table.row(["id".into(), status.id.clone()]);
    table.row(["status".into(), status.status.to_string()]);
    if let Some(d) = status.duration {
        table.row(["duration".into(), format!("{d:.1}s")]);
    }
    for (name, value) in [
        ("video_url", &status.video_url),
        ("thumbnail_url", &status.thumbnail_url),
        ("gif_url", &status.gif_url),
        ("caption_url", &status.caption_url),
    ] {
        if let Some(v) = value {
            table.row([name.into(), v.clone()]);
        }
    }
    if let Some(e) = &status.error {
        table.row([
            "error".into(),
            format!(
                "{} {}",
                e.code,
                e.detail.clone().unwrap_or_else(|| e.message.clone())
            ),
        ]);
    }
    table.print();
    Ok(())
}

async fn webhook(client: &Client, command: WebhookCommand, json: bool) -> Result<(), CliError> {
    let show = |endpoints: &[types::WebhookEndpoint]| {
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
    };
    match command {
        WebhookCommand::Add { url, events: list } => {
            let body = types::WebhookEndpointAddRequest {
                url,
                events: events(&list)?,
                entity_id: None,
            };
            let endpoint = client
                .add_webhook_endpoint()
                .body(body)
                .send()
                .await?
                .into_inner()
                .data;
            if json {
                return print_json(&endpoint);
            }
            show(std::slice::from_ref(&endpoint));
            // The secret is shown once, on purpose: it is needed to verify deliveries.
            println!("secret: {}", endpoint.secret.unwrap_or_default());
        }
        WebhookCommand::List => {
            let endpoints = client
                .list_webhook_endpoints()
                .send()
                .await?
                .into_inner()
                .data;
            if json {
                return print_json(&endpoints);
            }
            show(&endpoints);
        }
        WebhookCommand::Update {
            id,
            url,
            events: list,
        } => {
            let body = types::WebhookEndpointUpdateRequest {
                endpoint_id: id,
                url,
                events: events(&list)?,
            };
            let endpoint = client
                .update_webhook_endpoint()
                .body(body)
                .send()
                .await?
                .into_inner()
                .data;
            if json {
                return print_json(&endpoint);
            }
            show(std::slice::from_ref(&endpoint));
        }
        WebhookCommand::Delete { id } => {
            client
                .delete_webhook_endpoint()
                .endpoint_id(&id)
                .send()
                .await?;
            if json {
                return print_json(&serde_json::json!({"deleted": id}));
            }
            println!("deleted {id}");
        }
        WebhookCommand::Events => {
            let data = client
                .list_webhook_event_types()
                .send()
                .await?
                .into_inner()
                .data;
            if json {
                return print_json(&data);
            }
            for event in data {
                println!("{event}");
            }
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.json;
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if json {
                let _ = print_json(
                    &serde_json::json!({"error": e.to_string(), "exit_code": e.exit_code()}),
                );
            }
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
