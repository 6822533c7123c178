//! Building a [`Client`](crate::Client) that authenticates the way HeyGen expects.
//!
//! progenitor ignores `securitySchemes`, so credentials travel as default headers on the
//! underlying `reqwest::Client`, marked sensitive so they never show in `Debug` output.

use std::{sync::Arc, time::Duration};

use reqwest::header::HeaderMap;

pub use crate::credentials::{Credential, Secret, TokenSource};
use crate::{credentials::InvalidCredential, hooks::ClientState, retry::RetryPolicy};

/// The production API host.
pub const DEFAULT_BASE_URL: &str = "https://api.heygen.com";
/// Environment variable holding the API key.
pub const API_KEY_ENV: &str = "HEYGEN_API_KEY";
/// Environment variable overriding the base URL (point it at `heygen-mock`).
pub const BASE_URL_ENV: &str = "HEYGEN_BASE_URL";

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// `HEYGEN_API_KEY` is not set (or empty).
    #[error("environment variable {API_KEY_ENV} is not set")]
    MissingApiKey,
    /// The key or token holds characters that cannot go in an HTTP header.
    #[error("the API key or token contains characters not allowed in an HTTP header")]
    InvalidCredential,
    /// The base URL does not parse.
    #[error("invalid base URL {url:?}: {source}")]
    InvalidBaseUrl {
        /// The URL given.
        url: String,
        /// Why it does not parse.
        source: url::ParseError,
    },
    /// reqwest refused the configuration.
    #[error("cannot build the HTTP client: {0}")]
    Http(#[from] reqwest::Error),
}

impl From<InvalidCredential> for BuildError {
    fn from(_: InvalidCredential) -> Self {
        BuildError::InvalidCredential
    }
}

/// Configures and builds a [`Client`](crate::Client).
#[derive(Clone, Debug)]
pub struct ClientBuilder {
    base_url: String,
    credential: Option<Credential>,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    session: Option<Arc<dyn TokenSource>>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            credential: None,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            session: None,
        }
    }
}

impl ClientBuilder {
    /// A builder for the production host with no credential yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads `HEYGEN_API_KEY` (required) and `HEYGEN_BASE_URL` (optional).
    pub fn from_env() -> Result<Self, BuildError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`from_env`](Self::from_env) with a custom variable lookup, for tests and config files.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, BuildError> {
        let key = lookup(API_KEY_ENV)
            .filter(|k| !k.is_empty())
            .ok_or(BuildError::MissingApiKey)?;
        let mut builder = Self::new().api_key(key);
        if let Some(url) = lookup(BASE_URL_ENV).filter(|u| !u.is_empty()) {
            builder = builder.base_url(url);
        }
        Ok(builder)
    }

    /// Authenticates with an API key (`X-Api-Key`).
    pub fn api_key(mut self, key: impl Into<Secret>) -> Self {
        self.session = None;
        self.credential = Some(Credential::ApiKey(key.into()));
        self
    }

    /// Authenticates with an OAuth access token (`Authorization: Bearer`).
    pub fn bearer_token(mut self, token: impl Into<Secret>) -> Self {
        self.session = None;
        self.credential = Some(Credential::Bearer(token.into()));
        self
    }

    /// Sends requests to another host, e.g. `http://127.0.0.1:4010` for `heygen-mock`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Authenticates with an OAuth session whose token is refreshed when it expires (or when
    /// HeyGen answers 401 to it): an `Arc<`[`crate::oauth::OAuthSession`]`>`, or any other
    /// [`TokenSource`].
    pub fn oauth_session(mut self, session: Arc<dyn TokenSource>) -> Self {
        self.credential = None;
        self.session = Some(session);
        self
    }

    /// How transient failures are retried (default: 3 retries, see [`RetryPolicy`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The overall per-request timeout (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The base URL this builder targets, without a trailing slash.
    pub fn base_url_str(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }

    /// The configured `reqwest::Client` (credential headers, timeouts), for calls outside the spec
    /// such as media downloads.
    pub fn http_client(&self) -> Result<reqwest::Client, BuildError> {
        let mut headers = HeaderMap::new();
        if let Some(credential) = &self.credential {
            let (name, value) = credential.header()?;
            headers.insert(name, value);
        }
        Ok(crate::tls::client_builder()
            .default_headers(headers)
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .user_agent(concat!("heygen-rs/", env!("CARGO_PKG_VERSION")))
            .build()?)
    }

    /// Builds the client.
    pub fn build(&self) -> Result<crate::Client, BuildError> {
        let base = self.base_url_str();
        url::Url::parse(base).map_err(|source| BuildError::InvalidBaseUrl {
            url: base.to_owned(),
            source,
        })?;
        let state = ClientState {
            retry: self.retry.clone(),
            session: self.session.clone(),
        };
        Ok(crate::Client::new_with_client(
            base,
            self.http_client()?,
            state,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_show_in_debug_output() {
        let builder = ClientBuilder::new()
            .api_key("sk-very-secret")
            .bearer_token("tok-secret");
        let shown = format!("{builder:?}");
        assert!(!shown.contains("very-secret"), "{shown}");
        assert!(!shown.contains("tok-secret"), "{shown}");
        let (_, value) = Credential::ApiKey("sk-very-secret".into())
            .header()
            .unwrap();
        assert!(value.is_sensitive());
        assert!(!format!("{value:?}").contains("very-secret"));
    }

    #[test]
    fn from_lookup_reads_key_and_base_url() {
        let b = ClientBuilder::from_lookup(|n| match n {
            API_KEY_ENV => Some("k".into()),
            BASE_URL_ENV => Some("http://127.0.0.1:4010/".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(b.base_url_str(), "http://127.0.0.1:4010");
        assert_eq!(b.credential, Some(Credential::ApiKey("k".into())));
        assert!(matches!(
            ClientBuilder::from_lookup(|_| None),
            Err(BuildError::MissingApiKey)
        ));
    }

    #[test]
    fn bad_base_url_and_bad_key_are_errors_not_panics() {
        assert!(matches!(
            ClientBuilder::new()
                .api_key("k")
                .base_url("not a url")
                .build(),
            Err(BuildError::InvalidBaseUrl { .. })
        ));
        assert!(matches!(
            ClientBuilder::new().api_key("bad\nkey").build(),
            Err(BuildError::InvalidCredential)
        ));
    }
}
