//! [`Ctx`]: what every command needs, built once from the global flags.

use heygen_api::{Client, auth::ClientBuilder, http::Url, retry::RetryPolicy};

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
    /// Checks the API key and the base URL and builds the client; a missing key or an unusable
    /// key or URL is a usage error (exit 2), reported before any request is sent.
    pub fn new(
        base_url: &str,
        api_key: Option<String>,
        retries: u32,
        json: bool,
    ) -> Result<Self, CliError> {
        let base_url = normalize_base_url(base_url)?;
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

/// `--base-url` as the client wants it: http or https, no query or fragment, no trailing slash.
///
/// The client adds `/v1`, `/v2` or `/v3` to it, so a URL that already ends in an API version
/// (`https://api.heygen.com/v2`, copied from a request) would call `/v2/v2/avatars`: it is
/// refused with the host to use instead. Any other path is kept, for a proxy's prefix.
pub fn normalize_base_url(raw: &str) -> Result<String, CliError> {
    let usage = |why: String| {
        CliError::Usage(format!(
            "base URL {raw:?} (--base-url or HEYGEN_BASE_URL): {why}"
        ))
    };
    let url = Url::parse(raw.trim()).map_err(|e| {
        usage(format!(
            "not a URL ({e}); give an http:// or https:// URL such as http://127.0.0.1:4010"
        ))
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(usage("use an http:// or https:// URL".into()));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(usage("give the host without a query or fragment".into()));
    }
    let normalized = url.as_str().trim_end_matches('/').to_owned();
    if let Some(version) = url
        .path_segments()
        .and_then(|mut segments| segments.rfind(|s| !s.is_empty()))
        .filter(|segment| is_api_version(segment))
    {
        let host = normalized
            .strip_suffix(version)
            .unwrap_or(&normalized)
            .trim_end_matches('/');
        return Err(usage(format!(
            "leave out the API version /{version}: heygen adds /v1, /v2 and /v3 itself \
             (use --base-url {host})"
        )));
    }
    Ok(normalized)
}

/// `v1`, `v2`, `v3`, …
fn is_api_version(segment: &str) -> bool {
    segment
        .strip_prefix('v')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_lose_trailing_slashes_and_keep_a_proxy_prefix() {
        for (given, expected) in [
            ("http://127.0.0.1:4010", "http://127.0.0.1:4010"),
            ("http://127.0.0.1:4010/", "http://127.0.0.1:4010"),
            ("https://api.heygen.com//", "https://api.heygen.com"),
            (
                "https://proxy.example/heygen/",
                "https://proxy.example/heygen",
            ),
        ] {
            assert_eq!(normalize_base_url(given).unwrap(), expected);
        }
    }

    #[test]
    fn base_urls_with_an_api_version_or_junk_are_usage_errors() {
        let shown = |raw: &str| match normalize_base_url(raw) {
            Err(CliError::Usage(message)) => message,
            other => panic!("{raw}: {other:?}"),
        };
        assert!(
            shown("http://127.0.0.1:4010/v2").contains("use --base-url http://127.0.0.1:4010"),
            "{}",
            shown("http://127.0.0.1:4010/v2")
        );
        assert!(shown("https://api.heygen.com/v1/").contains("/v1"));
        assert!(shown("127.0.0.1:4010").contains("http"));
        assert!(shown("ftp://host").contains("http"));
        assert!(shown("http://host/?x=1").contains("query"));
        assert!(shown("not a url").contains("not a URL"));
    }
}
