//! OAuth 2.0 for acting on behalf of HeyGen users: PKCE, the authorize URL, code exchange,
//! refresh, and a session that keeps a client's bearer token fresh.
//!
//! ```no_run
//! # async fn demo(code_from_callback: &str) -> Result<(), Box<dyn std::error::Error>> {
//! use heygen_api::{auth::ClientBuilder, oauth::{OAuthClient, OAuthConfig, OAuthSession, Pkce, authorize_url, random_state}};
//! let config = OAuthConfig::new("YOUR_CLIENT_ID", "https://yourapp.com/oauth/callback");
//! let pkce = Pkce::new();
//! let state = random_state();
//! let url = authorize_url(heygen_api::oauth::AUTHORIZE_URL, &config, &state, Some(&pkce))?;
//! // ... send the user to `url`; HeyGen redirects back with ?code=...&state=... ...
//! let oauth = OAuthClient::new(config)?;
//! let tokens = oauth.exchange_code(code_from_callback, Some(pkce.verifier.expose())).await?;
//! let session = OAuthSession::new(oauth, tokens);
//! let client = ClientBuilder::new().oauth_session(session).build()?;
//! let account = client.get_account().send().await?;
//! # Ok(()) }
//! ```

use std::{
    sync::Arc,
    time::{Duration, SystemTime},
};

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use futures::future::BoxFuture;
use rand::RngCore;
use reqwest::header::HeaderValue;
use sha2::{Digest, Sha256};
use tokio::sync::Mutex;

use crate::{
    Client,
    auth::BuildError,
    credentials::{Credential, Secret, TokenSource, TokenSourceError},
    hooks::ClientState,
    types,
};

/// HeyGen's browser consent page.
pub const AUTHORIZE_URL: &str = "https://app.heygen.com/oauth/authorize";
/// The host of HeyGen's token endpoints.
pub const OAUTH_BASE_URL: &str = "https://api2.heygen.com";
/// Refresh this long before the token's stated expiry.
const EXPIRY_SKEW: Duration = Duration::from_secs(60);

/// Why an OAuth step failed.
#[derive(Debug, thiserror::Error)]
pub enum OAuthError {
    /// The token endpoint refused (bad code, verifier, or refresh token).
    #[error("HeyGen refused the token request: {0}")]
    Refused(String),
    /// The session holds no refresh token.
    #[error("the access token expired and there is no refresh token")]
    NoRefreshToken,
    /// A token cannot be sent in a header.
    #[error(transparent)]
    Build(#[from] BuildError),
}

/// A PKCE verifier and its S256 challenge (RFC 7636).
#[derive(Debug, Clone)]
pub struct Pkce {
    /// The secret verifier; send it with the code exchange.
    pub verifier: Secret,
    /// base64url(SHA-256(verifier)); send it in the authorize URL.
    pub challenge: String,
}

impl Default for Pkce {
    fn default() -> Self {
        Self::new()
    }
}

impl Pkce {
    /// A fresh random verifier (43 characters).
    pub fn new() -> Self {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        Self::from_verifier(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// The challenge for a given verifier.
    pub fn from_verifier(verifier: impl Into<String>) -> Self {
        let verifier = verifier.into();
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        Self {
            verifier: Secret::new(verifier),
            challenge,
        }
    }
}

/// A random `state` value to tie the callback to the request (CSRF protection).
pub fn random_state() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The integration's identity.
#[derive(Debug, Clone)]
pub struct OAuthConfig {
    /// The client id HeyGen issued.
    pub client_id: String,
    /// The approved redirect URI.
    pub redirect_uri: String,
    /// The token host (`https://api2.heygen.com`, or the mock's URL).
    pub base_url: String,
}

impl OAuthConfig {
    /// A configuration for HeyGen's production token host.
    pub fn new(client_id: impl Into<String>, redirect_uri: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            redirect_uri: redirect_uri.into(),
            base_url: OAUTH_BASE_URL.into(),
        }
    }

    /// Points the token calls at another host (e.g. the mock).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }
}

/// The URL to send a user to; `authorize_base` is [`AUTHORIZE_URL`] or the mock's `/oauth/authorize`.
pub fn authorize_url(
    authorize_base: &str,
    config: &OAuthConfig,
    state: &str,
    pkce: Option<&Pkce>,
) -> Result<url::Url, url::ParseError> {
    let mut url = url::Url::parse(authorize_base)?;
    {
        let mut q = url.query_pairs_mut();
        q.append_pair("client_id", &config.client_id)
            .append_pair("state", state)
            .append_pair("redirect_uri", &config.redirect_uri)
            .append_pair("response_type", "code");
        if let Some(pkce) = pkce {
            q.append_pair("code_challenge", &pkce.challenge)
                .append_pair("code_challenge_method", "S256");
        }
    }
    Ok(url)
}

/// The answer of `/v1/oauth/token` and `/v1/oauth/refresh_token`, as in the spec's
/// `OAuthTokenResponse`, with the tokens held as [`Secret`]s.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TokenResponse {
    /// `Bearer`.
    pub token_type: String,
    /// The access token.
    pub access_token: Secret,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// Trades for a new access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Secret>,
}

/// Tokens and when the access token expires.
#[derive(Clone, PartialEq)]
pub struct TokenSet {
    /// The bearer token.
    pub access_token: Secret,
    /// Trades for a new access token.
    pub refresh_token: Option<Secret>,
    /// When the access token stops working (by this machine's clock).
    pub expires_at: SystemTime,
}

impl std::fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenSet")
            .field("access_token", &self.access_token)
            .field("refresh_token", &self.refresh_token)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

impl TokenSet {
    fn from_response(response: TokenResponse) -> Self {
        Self {
            access_token: response.access_token,
            refresh_token: response.refresh_token,
            expires_at: SystemTime::now()
                .checked_add(Duration::from_secs(response.expires_in.max(0) as u64))
                .unwrap_or(SystemTime::UNIX_EPOCH + Duration::from_secs(u32::MAX.into())),
        }
    }

    fn header(&self) -> Result<HeaderValue, BuildError> {
        let (_, value) = Credential::Bearer(self.access_token.clone()).header()?;
        Ok(value)
    }
}

/// Calls the token endpoints.
#[derive(Debug, Clone)]
pub struct OAuthClient {
    config: OAuthConfig,
    api: Client,
}

fn refused<E: std::fmt::Debug>(e: progenitor_client::Error<E>) -> OAuthError {
    match e {
        progenitor_client::Error::ErrorResponse(r) => {
            OAuthError::Refused(format!("{} {:?}", r.status(), r.into_inner()))
        }
        other => OAuthError::Refused(other.to_string()),
    }
}

impl OAuthClient {
    /// A client for the configured token host.
    pub fn new(config: OAuthConfig) -> Result<Self, BuildError> {
        let http = crate::tls::client_builder()
            .timeout(Duration::from_secs(30))
            .build()?;
        let api = Client::new_with_client(
            config.base_url.trim_end_matches('/'),
            http,
            ClientState::default(),
        );
        Ok(Self { config, api })
    }

    /// Exchanges the callback's `code` (with the PKCE verifier if one was used).
    pub async fn exchange_code(
        &self,
        code: &str,
        verifier: Option<&str>,
    ) -> Result<TokenSet, OAuthError> {
        let body = types::OAuthTokenRequest {
            grant_type: types::OAuthTokenRequestGrantType::AuthorizationCode,
            client_id: self.config.client_id.clone(),
            code: Some(code.to_owned()),
            redirect_uri: Some(self.config.redirect_uri.clone()),
            code_verifier: verifier.map(str::to_owned),
            refresh_token: None,
        };
        let response = self
            .api
            .exchange_oauth_token()
            .body(body)
            .send()
            .await
            .map_err(refused)?;
        Ok(TokenSet::from_response(response.into_inner()))
    }

    /// Trades a refresh token for new tokens (HeyGen rotates the refresh token).
    pub async fn refresh(&self, refresh_token: &str) -> Result<TokenSet, OAuthError> {
        let body = types::OAuthRefreshRequest {
            grant_type: types::OAuthRefreshRequestGrantType::RefreshToken,
            client_id: self.config.client_id.clone(),
            refresh_token: refresh_token.to_owned(),
        };
        let response = self
            .api
            .refresh_oauth_token()
            .body(body)
            .send()
            .await
            .map_err(refused)?;
        let mut tokens = TokenSet::from_response(response.into_inner());
        if tokens.refresh_token.is_none() {
            // Without rotation the old refresh token stays valid.
            tokens.refresh_token = Some(Secret::new(refresh_token));
        }
        Ok(tokens)
    }
}

/// Tokens that refresh themselves; give it to [`crate::auth::ClientBuilder::oauth_session`].
#[derive(Debug)]
pub struct OAuthSession {
    client: OAuthClient,
    tokens: Mutex<TokenSet>,
}

impl OAuthSession {
    /// A session starting from tokens obtained by [`OAuthClient::exchange_code`] (or stored).
    pub fn new(client: OAuthClient, tokens: TokenSet) -> Arc<Self> {
        Arc::new(Self {
            client,
            tokens: Mutex::new(tokens),
        })
    }

    /// The current tokens, e.g. to store them after a refresh.
    pub async fn tokens(&self) -> TokenSet {
        self.tokens.lock().await.clone()
    }

    /// The `Authorization` value to send, refreshing first if the token is about to expire.
    pub async fn authorization(&self) -> Result<HeaderValue, OAuthError> {
        let mut tokens = self.tokens.lock().await;
        if SystemTime::now() + EXPIRY_SKEW >= tokens.expires_at {
            *tokens = self.refreshed(&tokens).await?;
        }
        Ok(tokens.header()?)
    }

    /// Refreshes now unless another call already replaced the token that `failed` carried.
    pub async fn force_refresh(
        &self,
        failed: Option<&HeaderValue>,
    ) -> Result<HeaderValue, OAuthError> {
        let mut tokens = self.tokens.lock().await;
        let current = tokens.header()?;
        if failed.is_some_and(|f| f != current) {
            return Ok(current);
        }
        *tokens = self.refreshed(&tokens).await?;
        Ok(tokens.header()?)
    }

    /// Trades the refresh token for new tokens. The token call runs through the client hooks,
    /// which call back into sessions; [`TokenSource`]'s boxed futures keep that cycle finite.
    async fn refreshed(&self, tokens: &TokenSet) -> Result<TokenSet, OAuthError> {
        let refresh = tokens
            .refresh_token
            .as_ref()
            .ok_or(OAuthError::NoRefreshToken)?;
        tracing::debug!("refreshing the OAuth access token");
        self.client.refresh(refresh.expose()).await
    }
}

/// What the client hooks use: the inherent methods, with their errors boxed.
impl TokenSource for OAuthSession {
    fn authorization(&self) -> BoxFuture<'_, Result<HeaderValue, TokenSourceError>> {
        Box::pin(async move { Ok(OAuthSession::authorization(self).await?) })
    }

    fn on_unauthorized<'a>(
        &'a self,
        rejected: Option<&'a HeaderValue>,
    ) -> BoxFuture<'a, Result<HeaderValue, TokenSourceError>> {
        Box::pin(async move { Ok(self.force_refresh(rejected).await?) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_matches_rfc7636() {
        let pkce = Pkce::from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        assert_eq!(
            pkce.challenge,
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        let fresh = Pkce::new();
        assert_eq!(fresh.verifier.expose().len(), 43);
        assert_ne!(fresh.verifier, Pkce::new().verifier);
    }

    #[test]
    fn authorize_url_carries_every_parameter() {
        let config = OAuthConfig::new("abc", "https://yourapp.com/oauth/callback");
        let pkce = Pkce::from_verifier("v");
        let url = authorize_url(AUTHORIZE_URL, &config, "xyz789", Some(&pkce)).unwrap();
        let q: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
        assert_eq!(q["client_id"], "abc");
        assert_eq!(q["redirect_uri"], "https://yourapp.com/oauth/callback");
        assert_eq!(q["state"], "xyz789");
        assert_eq!(q["response_type"], "code");
        assert_eq!(q["code_challenge_method"], "S256");
        assert_eq!(q["code_challenge"], pkce.challenge);
        assert!(
            url.as_str()
                .contains("redirect_uri=https%3A%2F%2Fyourapp.com%2Foauth%2Fcallback")
        );
    }

    #[test]
    fn tokens_do_not_show_in_debug() {
        let tokens = TokenSet {
            access_token: Secret::new("at-secret"),
            refresh_token: Some(Secret::new("rt-secret")),
            expires_at: SystemTime::now(),
        };
        let shown = format!("{tokens:?}");
        assert!(
            !shown.contains("at-secret") && !shown.contains("rt-secret"),
            "{shown}"
        );
    }

    /// The client hooks reach the session only through [`TokenSource`]: a token that expired is
    /// refreshed before the call, and one the server rejects is refreshed once and resent.
    #[tokio::test]
    async fn sessions_refresh_on_expiry_and_after_a_401() {
        use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

        use axum::{
            Json, Router,
            http::{HeaderMap, StatusCode},
            routing::{get, post},
        };
        use serde_json::json;

        let refreshes = Arc::new(AtomicUsize::new(0));
        let rejected = Arc::new(AtomicUsize::new(0));
        let (issued, denied) = (refreshes.clone(), rejected.clone());
        let app = Router::new()
            .route(
                "/v1/oauth/refresh_token",
                post(move || async move {
                    let n = issued.fetch_add(1, SeqCst) + 1;
                    Json(json!({
                        "token_type": "Bearer",
                        "access_token": format!("at-{n}"),
                        "expires_in": 3600,
                        "refresh_token": format!("rt-{n}"),
                    }))
                }),
            )
            .route(
                "/v1/pacific/account.get",
                get(move |headers: HeaderMap| async move {
                    let issued_by_refresh = headers
                        .get("authorization")
                        .and_then(|v| v.to_str().ok())
                        .is_some_and(|v| v.starts_with("Bearer at-"));
                    if !issued_by_refresh {
                        denied.fetch_add(1, SeqCst);
                        return Err(StatusCode::UNAUTHORIZED);
                    }
                    Ok(Json(json!({"code": 100, "data": {"username": "u"}})))
                }),
            );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });

        let oauth = || OAuthClient::new(OAuthConfig::new("c", "r").base_url(&url)).unwrap();
        let client_for = |session: Arc<OAuthSession>| {
            crate::auth::ClientBuilder::new()
                .base_url(&url)
                .oauth_session(session)
                .build()
                .unwrap()
        };
        let tokens = |expires_at| TokenSet {
            access_token: Secret::new("stale"),
            refresh_token: Some(Secret::new("rt-0")),
            expires_at,
        };

        // Still valid by our clock, but the server says no: one 401, one refresh, one resend.
        let session = OAuthSession::new(oauth(), tokens(SystemTime::now() + EXPIRY_SKEW * 60));
        client_for(session.clone())
            .get_account()
            .send()
            .await
            .unwrap();
        assert_eq!((rejected.load(SeqCst), refreshes.load(SeqCst)), (1, 1));
        let now = session.tokens().await;
        assert_eq!(now.access_token.expose(), "at-1");
        assert_eq!(now.refresh_token.as_ref().map(Secret::expose), Some("rt-1"));

        // Expired by our clock: refreshed before sending, so the server never sees the old one.
        let session = OAuthSession::new(oauth(), tokens(SystemTime::now()));
        client_for(session.clone())
            .get_account()
            .send()
            .await
            .unwrap();
        assert_eq!((rejected.load(SeqCst), refreshes.load(SeqCst)), (1, 2));
        assert_eq!(session.tokens().await.access_token.expose(), "at-2");
    }
}
