//! What a request authenticates with: [`Secret`] strings, the static [`Credential`] kinds, and
//! the [`TokenSource`] trait for tokens that change over a client's life (OAuth sessions).
//!
//! A leaf: it imports nothing from the rest of this crate, so [`crate::auth`] (which builds clients),
//! [`crate::hooks`] (which sends and refreshes tokens on every call) and [`crate::oauth`] (which
//! obtains and refreshes them) can all depend on it without depending on each other.

use std::fmt;

use futures::future::BoxFuture;
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

/// A secret string (API key or token) whose `Debug` output never reveals it (it has no `Display`).
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself; call only where it is sent or compared.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

/// How requests authenticate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credential {
    /// An API key, sent as `X-Api-Key`.
    ApiKey(Secret),
    /// An OAuth access token, sent as `Authorization: Bearer ...`.
    Bearer(Secret),
}

impl Credential {
    /// The header name and (sensitive) value that carry this credential.
    pub fn header(&self) -> Result<(HeaderName, HeaderValue), InvalidCredential> {
        let (name, raw) = match self {
            Credential::ApiKey(key) => (
                HeaderName::from_static("x-api-key"),
                key.expose().to_owned(),
            ),
            Credential::Bearer(token) => (AUTHORIZATION, format!("Bearer {}", token.expose())),
        };
        let mut value = HeaderValue::from_str(&raw).map_err(|_| InvalidCredential)?;
        value.set_sensitive(true);
        Ok((name, value))
    }
}

/// A key or token holds characters that cannot go in an HTTP header.
///
/// Converts into [`crate::auth::BuildError::InvalidCredential`], so `?` keeps working where a
/// client is being built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the API key or token contains characters not allowed in an HTTP header")]
pub struct InvalidCredential;

/// Why a [`TokenSource`] could not produce a token; the hooks only report it (as text).
pub type TokenSourceError = Box<dyn std::error::Error + Send + Sync>;

/// A bearer token that can change while a client lives, e.g. an OAuth session
/// ([`crate::oauth::OAuthSession`]) refreshing itself.
///
/// The client's hooks ask it for the `Authorization` value before every call, and once more
/// after HeyGen answers 401. The futures are boxed: a token source may itself call the API
/// through a client running the same hooks, and an unboxed async cycle has no finite size.
pub trait TokenSource: fmt::Debug + Send + Sync {
    /// The `Authorization` value to send now; refresh first if the token is about to expire.
    fn authorization(&self) -> BoxFuture<'_, Result<HeaderValue, TokenSourceError>>;

    /// HeyGen answered 401 to a request carrying `rejected`: return a value worth one resend,
    /// refreshing unless another call already replaced the rejected token.
    fn on_unauthorized<'a>(
        &'a self,
        rejected: Option<&'a HeaderValue>,
    ) -> BoxFuture<'a, Result<HeaderValue, TokenSourceError>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values_are_sensitive_and_checked() {
        let (name, value) = Credential::ApiKey("sk-very-secret".into())
            .header()
            .unwrap();
        assert_eq!(name, "x-api-key");
        assert!(value.is_sensitive());
        assert!(!format!("{value:?}").contains("very-secret"));
        let (name, value) = Credential::Bearer("tok".into()).header().unwrap();
        assert_eq!(name, AUTHORIZATION);
        assert_eq!(value, "Bearer tok");
        assert_eq!(
            Credential::ApiKey("bad\nkey".into()).header(),
            Err(InvalidCredential)
        );
        assert_eq!(format!("{:?}", Secret::new("s3cr3t")), "Secret(***)");
    }
}
