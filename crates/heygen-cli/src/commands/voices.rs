//! `heygen voices`: the voices the account can use (v3: list with filters, read, design,
//! clone, delete), and text to speech into an audio file.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use heygen_api::{paginate::PageToken, types};
use serde_json::json;

use super::jobs::{WaitArgs, download_link, list_items, upload_asset, wait_v3};
use crate::{
    ctx::Ctx,
    error::CliError,
    output::{Table, print_fields, print_json},
};

/// The `heygen voices` subcommands.
#[derive(Subcommand)]
pub enum VoicesCommand {
    /// List voices: the shared library, or your cloned voices (`--type private`).
    List(ListArgs),
    /// Show a voice, and a clone's status.
    Get {
        /// Voice id (a clone's id is its voice id).
        id: String,
    },
    /// Find up to 3 library voices matching a description.
    Design {
        /// The voice wanted, e.g. "warm, confident female narrator".
        prompt: String,
        /// Only `male` or `female` voices.
        #[arg(long)]
        gender: Option<String>,
        /// Only voices of this locale's language, e.g. en-US.
        #[arg(long)]
        locale: Option<String>,
        /// Which batch of 3 (0 for the best matches).
        #[arg(long, default_value_t = 0)]
        seed: u64,
    },
    /// Clone a voice from a recording (a local file, an uploaded asset or a URL).
    Clone(CloneArgs),
    /// Delete one of your cloned voices.
    Delete {
        /// Voice id.
        id: String,
    },
    /// Synthesize speech and write the audio to a file.
    Speech(SpeechArgs),
}

/// `--type`.
#[derive(Clone, Copy, ValueEnum)]
enum VoiceType {
    /// The shared voice library.
    Public,
    /// Your cloned voices.
    Private,
}

/// `heygen voices list`.
#[derive(Args)]
pub struct ListArgs {
    /// Library or cloned voices.
    #[arg(long = "type", value_enum, default_value = "public")]
    type_: VoiceType,
    /// Only voices this engine speaks (starfish: those `voices speech` can use).
    #[arg(long)]
    engine: Option<String>,
    /// e.g. English, Spanish (case-insensitive).
    #[arg(long)]
    language: Option<String>,
    /// male or female.
    #[arg(long)]
    gender: Option<String>,
    /// At most this many (all of them with --all).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..=100))]
    limit: u64,
    /// Every voice, fetching page after page.
    #[arg(long)]
    all: bool,
}

/// `heygen voices clone`.
#[derive(Args)]
pub struct CloneArgs {
    /// Display name of the new voice.
    #[arg(long)]
    name: String,
    /// A local recording, uploaded first.
    #[arg(long, required_unless_present_any = ["asset", "url"], conflicts_with_all = ["asset", "url"])]
    file: Option<PathBuf>,
    /// An uploaded recording (asset id).
    #[arg(long, conflicts_with = "url")]
    asset: Option<String>,
    /// A recording at a public URL.
    #[arg(long)]
    url: Option<String>,
    /// Language code of the recording (en, es, …); detected when absent.
    #[arg(long)]
    language: Option<String>,
    /// Clone the recording as it is, background noise included.
    #[arg(long)]
    keep_noise: bool,
    #[command(flatten)]
    wait: WaitArgs,
}

/// `heygen voices speech`.
#[derive(Args)]
pub struct SpeechArgs {
    /// What to say (SSML with --ssml).
    text: String,
    /// Voice id (a starfish voice: `heygen voices list --engine starfish`).
    #[arg(long)]
    voice: String,
    /// Where to write the audio.
    #[arg(long, short)]
    output: PathBuf,
    /// Speed, 0.5 to 2.0.
    #[arg(long)]
    speed: Option<f64>,
    /// The text is SSML markup.
    #[arg(long)]
    ssml: bool,
    /// Language code (en, pt, …).
    #[arg(long)]
    language: Option<String>,
    /// Locale (en-US, pt-BR, …).
    #[arg(long)]
    locale: Option<String>,
}

/// Runs one `heygen voices` subcommand.
pub async fn run(ctx: &Ctx, command: VoicesCommand) -> Result<(), CliError> {
    match command {
        VoicesCommand::List(args) => list(ctx, args).await,
        VoicesCommand::Get { id } => get(ctx, &id).await,
        VoicesCommand::Design {
            prompt,
            gender,
            locale,
            seed,
        } => design(ctx, prompt, gender, locale, seed).await,
        VoicesCommand::Clone(args) => clone(ctx, args).await,
        VoicesCommand::Delete { id } => delete(ctx, &id).await,
        VoicesCommand::Speech(args) => speech(ctx, args).await,
    }
}

async fn list(ctx: &Ctx, args: ListArgs) -> Result<(), CliError> {
    let type_ = match args.type_ {
        VoiceType::Public => types::VoiceTypeV3::Public,
        VoiceType::Private => types::VoiceTypeV3::Private,
    };
    let request = |limit: u64| {
        let mut request = ctx.client.list_voices_v3().type_(type_).limit(limit);
        if let Some(engine) = &args.engine {
            request = request.engine(engine.as_str());
        }
        if let Some(language) = &args.language {
            request = request.language(language.as_str());
        }
        if let Some(gender) = &args.gender {
            request = request.gender(gender.as_str());
        }
        request
    };
    let voices: Vec<types::VoiceV3> = list_items(args.all, args.limit, 100, |limit, token| {
        request(limit).page_token(token).send()
    })
    .await?;
    print_voices(ctx, &voices)
}

fn print_voices(ctx: &Ctx, voices: &[types::VoiceV3]) -> Result<(), CliError> {
    if ctx.json {
        return print_json(&voices);
    }
    let mut table = Table::new(["VOICE ID", "NAME", "LANGUAGE", "GENDER", "TYPE", "PAUSES"]);
    for v in voices {
        table.row([
            v.voice_id.clone(),
            v.name.clone(),
            v.language.clone(),
            v.gender.clone(),
            v.type_.to_string(),
            if v.support_pause { "yes" } else { "no" }.into(),
        ]);
    }
    table.print();
    Ok(())
}

fn print_voice(ctx: &Ctx, voice: &types::VoiceDetailV3) -> Result<(), CliError> {
    if ctx.json {
        return print_json(voice);
    }
    print_fields([
        ("voice_id", Some(voice.voice_id.clone())),
        ("status", voice.status.map(|s| s.to_string())),
        ("name", voice.name.clone()),
        ("language", voice.language.clone()),
        ("gender", voice.gender.clone()),
        ("preview_audio_url", voice.preview_audio_url.clone()),
        ("failure_message", voice.failure_message.clone()),
        ("support_pause", Some(voice.support_pause.to_string())),
    ]);
    Ok(())
}

async fn get(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let voice = ctx.client.get_voice_v3().voice_id(id).send().await?;
    print_voice(ctx, &voice.into_inner().data)
}

async fn design(
    ctx: &Ctx,
    prompt: String,
    gender: Option<String>,
    locale: Option<String>,
    seed: u64,
) -> Result<(), CliError> {
    let body: types::DesignVoiceV3Request = serde_json::from_value(json!({
        "prompt": prompt, "gender": gender, "locale": locale, "seed": seed,
    }))
    .map_err(|e| CliError::Usage(e.to_string()))?;
    let designed = ctx
        .client
        .design_voice_v3()
        .body(body)
        .send()
        .await?
        .into_inner()
        .data;
    print_voices(ctx, &designed.voices)
}

async fn clone(ctx: &Ctx, args: CloneArgs) -> Result<(), CliError> {
    let audio = match (&args.file, &args.asset, &args.url) {
        (Some(file), _, _) => {
            let uploaded = upload_asset(ctx, file).await?;
            json!({"type": "asset_id", "asset_id": uploaded.asset_id})
        }
        (None, Some(asset), _) => json!({"type": "asset_id", "asset_id": asset}),
        (None, None, url) => json!({"type": "url", "url": url}),
    };
    let body: types::CloneVoiceV3Request = serde_json::from_value(json!({
        "voice_name": args.name,
        "audio": audio,
        "language": args.language,
        "remove_background_noise": !args.keep_noise,
    }))
    .map_err(|e| CliError::Usage(e.to_string()))?;
    let created = ctx
        .client
        .clone_voice_v3()
        .body(body)
        .send()
        .await?
        .into_inner()
        .data;
    if !args.wait.wait {
        return if ctx.json {
            print_json(&created)
        } else {
            println!("{}", created.voice_clone_id);
            Ok(())
        };
    }
    let done: types::VoiceDetailV3 = wait_v3(ctx, &created.voice_clone_id, &args.wait).await?;
    print_voice(ctx, &done)
}

async fn delete(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let deleted = ctx.client.delete_voice_v3().voice_id(id).send().await?;
    if ctx.json {
        return print_json(&deleted.into_inner().data);
    }
    println!("deleted {id}");
    Ok(())
}

async fn speech(ctx: &Ctx, args: SpeechArgs) -> Result<(), CliError> {
    let body: types::CreateSpeechV3Request = serde_json::from_value(json!({
        "text": args.text,
        "voice_id": args.voice,
        "speed": args.speed,
        "input_type": if args.ssml { "ssml" } else { "text" },
        "language": args.language,
        "locale": args.locale,
    }))
    .map_err(|e| CliError::Usage(e.to_string()))?;
    let speech = ctx
        .client
        .create_speech_v3()
        .body(body)
        .send()
        .await?
        .into_inner()
        .data;
    download_link(ctx, &speech.audio_url, &args.output).await?;
    if ctx.json {
        return print_json(&json!({
            "file": args.output,
            "duration": speech.duration,
            "request_id": speech.request_id,
            "word_timestamps": speech.word_timestamps,
        }));
    }
    println!(
        "{} ({:.2} s, {} words)",
        args.output.display(),
        speech.duration,
        speech.word_timestamps.map_or(0, |w| w.len())
    );
    Ok(())
}
