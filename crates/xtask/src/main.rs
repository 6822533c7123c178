//! Project automation, all in Rust (matklad's xtask pattern). `cargo xtask --help` lists it.

use std::{path::PathBuf, process::ExitCode};

use clap::{Parser, Subcommand};
use heygen_mock::spec::{Spec, lint};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "heygen-rs automation")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check openapi/heygen.yaml against progenitor's limits and our rules; validate every example.
    LintSpec {
        /// Another spec file to check instead.
        #[arg(long)]
        spec: Option<PathBuf>,
    },
}

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn lint_spec(path: Option<PathBuf>) -> ExitCode {
    let path = path.unwrap_or_else(|| workspace_root().join("openapi/heygen.yaml"));
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let spec = match Spec::from_yaml(&text) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let findings = lint(&spec);
    if findings.is_empty() {
        println!(
            "{}: {} operations, no findings",
            path.display(),
            spec.operations().len()
        );
        return ExitCode::SUCCESS;
    }
    for finding in &findings {
        println!("error: {finding}");
    }
    println!("{}: {} finding(s)", path.display(), findings.len());
    ExitCode::FAILURE
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::LintSpec { spec } => lint_spec(spec),
    }
}
