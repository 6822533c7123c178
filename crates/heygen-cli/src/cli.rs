//! The command line: the global flags and the subcommand (see [`crate::commands`]).

use clap::Parser;

use crate::commands::Command;

/// `heygen`'s command line: global flags, then one subcommand.
#[derive(Parser)]
#[command(
    name = "heygen",
    version,
    about = "The HeyGen API from the command line (works against heygen-mock too)"
)]
pub struct Cli {
    /// API host; point it at heygen-mock with http://127.0.0.1:4010.
    #[arg(long, global = true, env = "HEYGEN_BASE_URL", default_value = heygen_api::auth::DEFAULT_BASE_URL)]
    pub base_url: String,
    /// Your HeyGen API key.
    #[arg(long, global = true, env = "HEYGEN_API_KEY", hide_env_values = true)]
    pub api_key: Option<String>,
    /// Print JSON instead of tables (for scripts).
    #[arg(long, global = true)]
    pub json: bool,
    /// Retries of transient failures (429, 5xx, connection errors) per call.
    #[arg(long, global = true, env = "HEYGEN_RETRIES", default_value_t = 3)]
    pub retries: u32,
    /// The subcommand to run.
    #[command(subcommand)]
    pub command: Command,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
