//! `heygen-mock`: the mock HeyGen API on a local port. `heygen-mock --help` lists the options;
//! each one can also come from `HEYGEN_MOCK_<NAME>`.

use std::{net::SocketAddr, path::PathBuf, process::ExitCode, time::Duration};

use clap::Parser;
use heygen_mock::{Catalogue, Config, MockServer, RateLimit};
use tracing_subscriber::EnvFilter;

// No Debug: the arguments hold API keys.
#[derive(Parser)]
#[command(
    name = "heygen-mock",
    version,
    about = "A stateful mock of the HeyGen API for offline development and CI"
)]
struct Args {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "HEYGEN_MOCK_ADDR", default_value = "127.0.0.1:4010")]
    addr: SocketAddr,
    /// An accepted API key (repeat for several); with none, any non-empty key is accepted.
    #[arg(
        long = "api-key",
        env = "HEYGEN_MOCK_API_KEY",
        value_delimiter = ',',
        hide_env_values = true
    )]
    api_keys: Vec<String>,
    /// Render time of a 30-second video; longer scripts take longer (`0s`: done at first read).
    #[arg(long, env = "HEYGEN_MOCK_JOB_DURATION", default_value = "10s", value_parser = humantime::parse_duration)]
    job_duration: Duration,
    /// Mock time per real second (1 = real time, 0 = frozen; advance it via /_mock/clock/advance).
    #[arg(long, env = "HEYGEN_MOCK_CLOCK_SPEED", default_value_t = 1.0)]
    clock_speed: f64,
    /// Longest video the plan renders, in seconds; longer jobs fail with 40119.
    #[arg(long, env = "HEYGEN_MOCK_PLAN_LIMIT", default_value_t = 3600.0)]
    plan_limit: f64,
    /// Catalogue file (JSON or YAML) replacing the built-in avatars, voices and templates.
    #[arg(long, env = "HEYGEN_MOCK_FIXTURES")]
    fixtures: Option<PathBuf>,
    /// Requests per window of mock time before 429, e.g. `10/1s`.
    #[arg(long, env = "HEYGEN_MOCK_RATE_LIMIT")]
    rate_limit: Option<RateLimit>,
    /// Unfinished jobs allowed at once before creation answers 429.
    #[arg(long, env = "HEYGEN_MOCK_MAX_CONCURRENT_JOBS")]
    max_concurrent_jobs: Option<usize>,
    /// Credits v3 jobs can spend (1 per started minute of output); then 402. Unlimited if unset.
    #[arg(long, env = "HEYGEN_MOCK_CREDITS")]
    credits: Option<u64>,
    /// Latency added to every API answer, e.g. `50ms`.
    #[arg(long, env = "HEYGEN_MOCK_LATENCY", default_value = "0s", value_parser = humantime::parse_duration)]
    latency: Duration,
    /// Share of API requests answered 500 / 50001 (0.0 to 1.0).
    #[arg(long, env = "HEYGEN_MOCK_ERROR_RATE", default_value_t = 0.0)]
    error_rate: f64,
    /// Lifetime of OAuth access tokens in mock time.
    #[arg(long, env = "HEYGEN_MOCK_OAUTH_TOKEN_TTL", default_value = "10days", value_parser = humantime::parse_duration)]
    oauth_token_ttl: Duration,
    /// Webhook delivery attempts per event.
    #[arg(long, env = "HEYGEN_MOCK_WEBHOOK_MAX_ATTEMPTS", default_value_t = 8)]
    webhook_max_attempts: u32,
    /// First webhook retry delay (real time); doubles each attempt, with jitter.
    #[arg(long, env = "HEYGEN_MOCK_WEBHOOK_RETRY_BASE", default_value = "1s", value_parser = humantime::parse_duration)]
    webhook_retry_base: Duration,
    /// Accept webhook endpoint URLs without the OPTIONS probe.
    #[arg(long, env = "HEYGEN_MOCK_NO_WEBHOOK_VALIDATION")]
    no_webhook_validation: bool,
    /// Longest wait for a request's headers, and then for its body (real time); slower
    /// clients are cut off.
    #[arg(long, env = "HEYGEN_MOCK_READ_TIMEOUT", default_value = "30s", value_parser = humantime::parse_duration)]
    read_timeout: Duration,
    /// Longest wait for open connections after Ctrl-C or SIGTERM; a second signal exits at once.
    #[arg(long, env = "HEYGEN_MOCK_SHUTDOWN_TIMEOUT", default_value = "10s", value_parser = humantime::parse_duration)]
    shutdown_timeout: Duration,
    /// Print the JSON Schema of the --fixtures file format and exit.
    #[arg(long)]
    print_fixtures_schema: bool,
}

impl Args {
    fn config(&self) -> Result<Config, String> {
        let config = Config {
            api_keys: self
                .api_keys
                .iter()
                .filter(|k| !k.is_empty())
                .cloned()
                .collect(),
            job_duration: self.job_duration,
            clock_speed: self.clock_speed,
            plan_limit_seconds: self.plan_limit,
            fixtures: self.fixtures.clone(),
            rate_limit: self.rate_limit,
            max_concurrent_jobs: self.max_concurrent_jobs,
            credits: self.credits,
            latency: self.latency,
            error_rate: self.error_rate,
            oauth_token_ttl: self.oauth_token_ttl,
            webhook_max_attempts: self.webhook_max_attempts,
            webhook_retry_base: self.webhook_retry_base,
            webhook_validate_urls: !self.no_webhook_validation,
            read_timeout: self.read_timeout,
            shutdown_timeout: self.shutdown_timeout,
            ..Config::default()
        };
        config.validate().map_err(|e| e.to_string())?;
        Ok(config)
    }
}

/// Ctrl-C and SIGTERM, listened for from startup on: the first starts a graceful shutdown, a
/// second one exits at once.
struct Signals {
    #[cfg(unix)]
    interrupt: Option<tokio::signal::unix::Signal>,
    #[cfg(unix)]
    terminate: Option<tokio::signal::unix::Signal>,
}

impl Signals {
    fn new() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Self {
                interrupt: signal(SignalKind::interrupt()).ok(),
                terminate: signal(SignalKind::terminate()).ok(),
            }
        }
        #[cfg(not(unix))]
        {
            Self {}
        }
    }

    /// The next Ctrl-C or SIGTERM.
    async fn next(&mut self) {
        #[cfg(unix)]
        {
            let interrupt = async {
                match self.interrupt.as_mut() {
                    Some(signal) => drop(signal.recv().await),
                    None => drop(tokio::signal::ctrl_c().await),
                }
            };
            let terminate = async {
                match self.terminate.as_mut() {
                    Some(signal) => drop(signal.recv().await),
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                () = interrupt => {},
                () = terminate => {},
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("heygen_mock=info")),
        )
        .with_writer(std::io::stderr)
        .init();
    if args.print_fixtures_schema {
        println!(
            "{}",
            serde_json::to_string_pretty(&Catalogue::json_schema()).unwrap_or_default()
        );
        return ExitCode::SUCCESS;
    }
    let config = match args.config() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    tracing::debug!(?config, "starting");
    let mut signals = Signals::new();
    let server = match MockServer::start_on(config, args.addr).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Scripts wait for this exact first line.
    println!("listening on {}", server.url());
    signals.next().await;
    tracing::info!("shutting down (a second Ctrl-C or SIGTERM exits at once)");
    tokio::select! {
        () = server.shutdown() => ExitCode::SUCCESS,
        () = signals.next() => {
            eprintln!("second signal: exiting without waiting for open connections");
            // Not a return: dropping the runtime would wait for blocking tasks.
            std::process::exit(1);
        }
    }
}
