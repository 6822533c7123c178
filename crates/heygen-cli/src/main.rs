//! `heygen`: the HeyGen API from the command line, against the real service or `heygen-mock`.
//!
//! Human-readable tables by default, `--json` for scripts. Exit codes scripts can test:
//! 0 success, 2 usage error, 3 HeyGen answered with an error, 4 a job failed, 5 a wait timed
//! out, 6 the service could not be reached, 1 anything else. A failure is one line on stderr
//! (HTTP status, HeyGen's code and message, the URL); with `--json` also an object on stdout:
//! `{"code", "message", "status", "url", "exit_code"}`.
//!
//! `main` only parses, builds the shared [`ctx::Ctx`], dispatches to [`commands::run`] and turns
//! the outcome into an exit code; each subcommand lives in its own module under `commands`.

mod cli;
mod commands;
mod ctx;
mod error;
mod output;
mod parse;
mod progress;

use std::process::ExitCode;

use clap::Parser;

use crate::{cli::Cli, ctx::Ctx, error::CliError, output::print_json};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => usage_error(e),
    };
    let json = cli.json;
    let base_url = cli.base_url.trim_end_matches('/').to_owned();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let e = e.settle(&base_url).await;
            if json {
                let _ = print_json(&e.to_json());
            }
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// clap's own errors (and `--help`, `--version`): clap prints them and exits (2 for errors);
/// under `--json` an error is also the JSON object scripts expect.
fn usage_error(e: clap::Error) -> ! {
    if e.use_stderr() && std::env::args_os().any(|arg| arg == "--json") {
        // The error's paragraph, on one line: "error: …" and its indented details.
        let rendered = e.render().to_string();
        let paragraph: Vec<&str> = rendered
            .lines()
            .take_while(|line| !line.trim().is_empty())
            .map(str::trim)
            .collect();
        let message = paragraph.join(" ");
        let message = message.strip_prefix("error: ").unwrap_or(&message);
        let _ = print_json(&CliError::Usage(message.to_owned()).to_json());
    }
    e.exit()
}

async fn run(cli: Cli) -> Result<(), CliError> {
    let ctx = Ctx::new(&cli.base_url, cli.api_key, cli.retries, cli.json)?;
    commands::run(&ctx, cli.command).await
}
