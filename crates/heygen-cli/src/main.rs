//! `heygen`: the HeyGen API from the command line, against the real service or `heygen-mock`.
//!
//! Human-readable tables by default, `--json` for scripts. Exit codes scripts can test:
//! 0 success, 2 usage error, 3 HeyGen answered with an error, 4 a job failed, 5 a wait timed
//! out, 6 the service could not be reached, 1 anything else.
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

async fn run(cli: Cli) -> Result<(), CliError> {
    let ctx = Ctx::new(&cli.base_url, cli.api_key, cli.retries, cli.json)?;
    commands::run(&ctx, cli.command).await
}
