//! Project automation, all in Rust (matklad's xtask pattern). `cargo xtask --help` lists it.

mod bench;
mod conformance;
mod tools;

use std::{path::PathBuf, process::ExitCode};

use clap::{Parser, Subcommand};
use heygen_spec::{Spec, lint};

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
    /// Throughput, latency, memory and startup of the mock against Prism and a bare axum server,
    /// and status reads at 1k vs 1M stored jobs (needs `wrk`; installs Prism under target/tools).
    Bench {
        /// Seconds of load per route and server.
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// Concurrent connections.
        #[arg(long, default_value_t = 50)]
        connections: u32,
        /// Jobs stored for the scale run.
        #[arg(long, default_value_t = 1_000_000)]
        jobs: usize,
        /// Leave Prism out.
        #[arg(long)]
        skip_prism: bool,
    },
    /// Schemathesis against the mock (every check, positive and negative data) and Redocly's
    /// linter on the spec; installs both (pinned) under target/tools on first use.
    Conformance {
        /// Examples generated per operation.
        #[arg(long, default_value_t = 50)]
        max_examples: u32,
        /// Only lint the spec.
        #[arg(long)]
        skip_schemathesis: bool,
        /// Only run Schemathesis.
        #[arg(long)]
        skip_lint: bool,
    },
}

fn lint_spec(path: Option<PathBuf>) -> Result<(), String> {
    let path = path.unwrap_or_else(|| tools::root().join("openapi/heygen.yaml"));
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let spec = Spec::from_yaml(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let findings = lint::all(&spec);
    let shown = tools::shown(&path);
    if findings.is_empty() {
        println!(
            "{shown}: {} operations, no findings",
            spec.operations().len()
        );
        return Ok(());
    }
    for finding in &findings {
        println!("error: {finding}");
    }
    Err(format!("{shown}: {} finding(s)", findings.len()))
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::LintSpec { spec } => lint_spec(spec),
        Command::Bench {
            seconds,
            connections,
            jobs,
            skip_prism,
        } => bench::bench(&bench::Options {
            duration: std::time::Duration::from_secs(seconds),
            connections,
            skip_prism,
            jobs,
        }),
        Command::Conformance {
            max_examples,
            skip_schemathesis,
            skip_lint,
        } => conformance::conformance(&conformance::Options {
            max_examples,
            skip_schemathesis,
            skip_lint,
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
