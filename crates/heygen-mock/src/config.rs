//! Everything that changes how the mock behaves, in one struct the CLI and tests both fill.

use std::{path::PathBuf, time::Duration};

/// How the mock behaves. `Config::default()` is what `heygen-mock` runs with no options.
#[derive(Clone)]
pub struct Config {
    /// Accepted API keys; empty means any non-empty key.
    pub api_keys: Vec<String>,
    /// Render time of a ~30 s video; jobs scale it by their estimated length (see `jobs`).
    pub job_duration: Duration,
    /// How fast mock time runs against real time: 1.0 real time, 0.0 frozen (tests advance it).
    pub clock_speed: f64,
    /// Longest video the plan renders, in seconds; longer jobs fail with 40119.
    pub plan_limit_seconds: f64,
    /// A catalogue file replacing the built-in avatars, voices and templates.
    pub fixtures: Option<PathBuf>,
    /// Requests allowed per window of mock time before 429 (42902); `None` is unlimited.
    pub rate_limit: Option<RateLimit>,
    /// Unfinished jobs allowed at once before creation answers 429; `None` is unlimited.
    pub max_concurrent_jobs: Option<usize>,
    /// Credits v3 jobs can spend before creation answers 402; `None` is unlimited.
    pub credits: Option<u64>,
    /// Added latency on every API answer.
    pub latency: Duration,
    /// Share of API requests (0.0..=1.0) answered with 500 / 50001.
    pub error_rate: f64,
    /// Lifetime of an OAuth access token, in mock time.
    pub oauth_token_ttl: Duration,
    /// Webhook delivery attempts per event before it is given up (and listed as failed).
    pub webhook_max_attempts: u32,
    /// First retry delay of webhook delivery (real time); doubles per attempt, with jitter.
    pub webhook_retry_base: Duration,
    /// Timeout of one webhook delivery attempt (real time).
    pub webhook_timeout: Duration,
    /// Probe endpoint URLs with OPTIONS before accepting them, as HeyGen does.
    pub webhook_validate_urls: bool,
    /// Longest a client may take to send a request's headers, and then its body (real time):
    /// a stalled or trickling client is cut off instead of holding a connection (and shutdown)
    /// forever.
    pub read_timeout: Duration,
    /// Longest a graceful shutdown waits for open connections before closing them.
    pub shutdown_timeout: Duration,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // API keys are secrets: show only how many there are.
        f.debug_struct("Config")
            .field(
                "api_keys",
                &format_args!("[{} hidden]", self.api_keys.len()),
            )
            .field("job_duration", &self.job_duration)
            .field("clock_speed", &self.clock_speed)
            .field("plan_limit_seconds", &self.plan_limit_seconds)
            .field("fixtures", &self.fixtures)
            .field("rate_limit", &self.rate_limit)
            .field("max_concurrent_jobs", &self.max_concurrent_jobs)
            .field("credits", &self.credits)
            .field("latency", &self.latency)
            .field("error_rate", &self.error_rate)
            .field("oauth_token_ttl", &self.oauth_token_ttl)
            .field("webhook_max_attempts", &self.webhook_max_attempts)
            .field("webhook_retry_base", &self.webhook_retry_base)
            .field("webhook_timeout", &self.webhook_timeout)
            .field("webhook_validate_urls", &self.webhook_validate_urls)
            .field("read_timeout", &self.read_timeout)
            .field("shutdown_timeout", &self.shutdown_timeout)
            .finish()
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            api_keys: Vec::new(),
            job_duration: Duration::from_secs(10),
            clock_speed: 1.0,
            plan_limit_seconds: 3600.0,
            fixtures: None,
            rate_limit: None,
            max_concurrent_jobs: None,
            credits: None,
            latency: Duration::ZERO,
            error_rate: 0.0,
            oauth_token_ttl: Duration::from_secs(864_000),
            webhook_max_attempts: 8,
            webhook_retry_base: Duration::from_secs(1),
            webhook_timeout: Duration::from_secs(10),
            webhook_validate_urls: true,
            read_timeout: Duration::from_secs(30),
            shutdown_timeout: Duration::from_secs(10),
        }
    }
}

/// A configuration the mock cannot run with; the message names the option.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(String);

/// Longest `job_duration`: a job may scale it 10× and its timeline must still fit mock time.
pub const MAX_JOB_DURATION: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

impl Config {
    /// Checks the values a request would otherwise trip over (time arithmetic that overflows,
    /// timeouts that cannot be armed), so the mock refuses to start instead of failing later.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let fail = |m: &str| Err(ConfigError(m.to_owned()));
        if self.job_duration > MAX_JOB_DURATION {
            return fail("--job-duration must be at most 100 years");
        }
        if !(0.0..=1.0).contains(&self.error_rate) {
            return fail("--error-rate must be between 0 and 1");
        }
        if !self.clock_speed.is_finite() || self.clock_speed < 0.0 {
            return fail("--clock-speed must be 0 or more");
        }
        if !self.plan_limit_seconds.is_finite() || self.plan_limit_seconds <= 0.0 {
            return fail("--plan-limit must be a number of seconds above 0");
        }
        if self.read_timeout.is_zero() || self.read_timeout > MAX_TIMEOUT {
            return fail("--read-timeout must be above 0 and at most a day");
        }
        if self.shutdown_timeout > MAX_TIMEOUT {
            return fail("--shutdown-timeout must be at most a day");
        }
        Ok(())
    }

    /// A configuration for tests: frozen clock (advance it through the control routes), instant
    /// webhook retries.
    pub fn for_tests() -> Self {
        Self {
            clock_speed: 0.0,
            webhook_retry_base: Duration::from_millis(5),
            webhook_timeout: Duration::from_secs(2),
            ..Self::default()
        }
    }
}

/// Longest real-time timeout or delay the mock arms (timers that far out are as good as never).
const MAX_TIMEOUT: Duration = Duration::from_secs(24 * 3600);

/// `N` requests per `window` of mock time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// Requests allowed in one window.
    pub requests: u32,
    /// The window length.
    pub window: Duration,
}

impl std::str::FromStr for RateLimit {
    type Err = String;

    /// Parses `N/DURATION`, e.g. `10/1s` or `600/1m`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (n, window) = s
            .split_once('/')
            .ok_or_else(|| format!("expected N/DURATION such as 10/1s, got {s:?}"))?;
        let requests = n
            .trim()
            .parse()
            .map_err(|_| format!("{n:?} is not a whole number of requests"))?;
        let window =
            humantime::parse_duration(window.trim()).map_err(|e| format!("{window:?}: {e}"))?;
        if requests == 0 || window.is_zero() {
            return Err("both the request count and the window must be above zero".into());
        }
        Ok(Self { requests, window })
    }
}
