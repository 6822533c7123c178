//! [`Ctx`]: what every command needs, built once from the global flags.

use heygen_api::{Client, auth::ClientBuilder, retry::RetryPolicy};

use crate::error::CliError;

/// Shared by every command: built once in `main` before the command runs, so no command
/// builds its own client or re-reads global flags.
pub struct Ctx {
    /// The API client, with the key, base URL and retry policy of the global flags.
    pub client: Client,
    /// `--json`: print JSON for scripts instead of tables, and no progress display.
    pub json: bool,
}

impl Ctx {
    /// Checks the API key and builds the client; a missing key or an unusable key or URL is a
    /// usage error (exit 2), reported before any request is sent.
    pub fn new(
        base_url: &str,
        api_key: Option<String>,
        retries: u32,
        json: bool,
    ) -> Result<Self, CliError> {
        let key = api_key.filter(|k| !k.is_empty()).ok_or_else(|| {
            CliError::Usage("no API key: pass --api-key or set HEYGEN_API_KEY".into())
        })?;
        let retry = RetryPolicy {
            max_retries: retries,
            ..Default::default()
        };
        let client = ClientBuilder::new()
            .api_key(key)
            .base_url(base_url)
            .retry(retry)
            .build()?;
        Ok(Self { client, json })
    }
}
