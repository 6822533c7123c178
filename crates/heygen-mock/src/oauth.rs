//! OAuth 2.0 with PKCE: the consent page, code exchange, refresh, and the account a token
//! acts for. Codes and tokens expire on the mock clock, so a test can age a token in one call.

use std::collections::HashMap;

use axum::{
    Json, Router,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{Html, IntoResponse, Response},
    routing::{get, post},
};
use heygen_api::types as wire;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::{
    clock::Millis,
    error::{ApiError, V1, v1},
    extract::{ApiForm, ApiQuery},
    jobs::new_id,
    state::{AppState, lock},
};

/// How long an authorization code may wait to be exchanged (mock time).
const CODE_TTL_MS: Millis = 10 * 60 * 1000;

/// The OAuth API routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/oauth/authorize", get(authorize))
        .route("/v1/oauth/token", post(token))
        .route("/v1/oauth/refresh_token", post(refresh))
        .route("/v1/pacific/account.get", get(account))
}

/// The consent form's target: the HeyGen web app's own decision step, mock-only.
pub fn control_routes() -> Router<AppState> {
    Router::new().route("/_mock/oauth/decide", post(decide))
}

// No Debug on these: codes and tokens are secrets.
#[derive(Clone)]
struct Grant {
    client_id: String,
    redirect_uri: String,
    challenge: Option<Challenge>,
    expires_ms: Millis,
}

/// A PKCE challenge and how it was derived from the verifier.
#[derive(Clone)]
struct Challenge {
    value: String,
    s256: bool,
}

#[derive(Clone)]
struct Token {
    client_id: String,
    expires_ms: Millis,
}

/// Codes, access tokens and refresh tokens.
#[derive(Default)]
pub struct OAuthStore {
    codes: HashMap<String, Grant>,
    access: HashMap<String, Token>,
    refresh: HashMap<String, String>,
}

/// Why a bearer token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenProblem {
    /// Never issued (or revoked by a reset).
    Unknown,
    /// Past its `expires_in`.
    Expired,
}

impl std::fmt::Debug for OAuthStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuthStore")
            .field("codes", &self.codes.len())
            .field("access_tokens", &self.access.len())
            .field("refresh_tokens", &self.refresh.len())
            .finish()
    }
}

impl OAuthStore {
    /// The client a valid token acts for, or the 401 that refuses it.
    pub fn authorize(&self, token: &str, now: Millis) -> Result<&str, ApiError> {
        self.check(token, now).map_err(|problem| {
            ApiError::unauthorized(match problem {
                TokenProblem::Unknown => "Unauthorized: unknown access token",
                TokenProblem::Expired => "Unauthorized: the access token has expired; refresh it",
            })
        })
    }

    /// The OAuth client a valid access token belongs to.
    pub fn check(&self, token: &str, now: Millis) -> Result<&str, TokenProblem> {
        match self.access.get(token) {
            None => Err(TokenProblem::Unknown),
            Some(t) if now >= t.expires_ms => Err(TokenProblem::Expired),
            Some(t) => Ok(&t.client_id),
        }
    }

    fn issue(&mut self, client_id: &str, now: Millis, ttl_secs: u64) -> Value {
        let access_token = new_id("at_");
        let refresh_token = new_id("rt_");
        self.access.insert(
            access_token.clone(),
            Token {
                client_id: client_id.to_owned(),
                expires_ms: now.saturating_add(ttl_secs.saturating_mul(1000)),
            },
        );
        self.refresh
            .insert(refresh_token.clone(), client_id.to_owned());
        json!({
            "token_type": "Bearer",
            "access_token": access_token,
            "expires_in": ttl_secs,
            "refresh_token": refresh_token,
        })
    }
}

#[derive(Debug, Deserialize)]
struct AuthorizeQuery {
    client_id: String,
    redirect_uri: String,
    response_type: String,
    state: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

async fn authorize(ApiQuery(q): ApiQuery<AuthorizeQuery>) -> Result<Html<String>, ApiError> {
    if q.response_type != "code" {
        return Err(ApiError::invalid("response_type must be code"));
    }
    if q.client_id.is_empty() {
        return Err(ApiError::invalid("client_id must not be empty"));
    }
    let redirect = url::Url::parse(&q.redirect_uri)
        .map_err(|e| ApiError::invalid(format!("redirect_uri is not a URL: {e}")))?;
    if q.code_challenge_method
        .as_deref()
        .is_some_and(|m| m != "S256")
    {
        return Err(ApiError::invalid("code_challenge_method must be S256"));
    }
    let hidden = |name: &str, value: &str| {
        format!(
            r#"<input type="hidden" name="{name}" value="{}">"#,
            escape(value)
        )
    };
    let fields = [
        hidden("client_id", &q.client_id),
        // The raw value: the exchange compares it with what the client sends, byte for byte.
        hidden("redirect_uri", &q.redirect_uri),
        hidden(
            "code_challenge_method",
            q.code_challenge_method.as_deref().unwrap_or(""),
        ),
        hidden("state", q.state.as_deref().unwrap_or("")),
        hidden("code_challenge", q.code_challenge.as_deref().unwrap_or("")),
    ]
    .concat();
    Ok(Html(format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Authorize {client} - HeyGen (mock)</title>
<style>body{{font-family:sans-serif;max-width:32rem;margin:4rem auto}}button{{font-size:1rem;padding:.5rem 1.5rem;margin-right:1rem}}</style></head>
<body><h1>Connect with HeyGen</h1>
<p><strong>{client}</strong> wants to create and manage videos on your HeyGen account.</p>
<p>After you decide you go back to <code>{redirect}</code>.</p>
<form method="post" action="/_mock/oauth/decide">{fields}
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form></body></html>"#,
        client = escape(&q.client_id),
        redirect = escape(redirect.as_str()),
    )))
}

#[derive(Debug, Deserialize)]
struct Decision {
    decision: String,
    client_id: String,
    redirect_uri: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    code_challenge: String,
    #[serde(default)]
    code_challenge_method: String,
}

async fn decide(
    State(state): State<AppState>,
    ApiForm(d): ApiForm<Decision>,
) -> Result<Response, ApiError> {
    let mut target = url::Url::parse(&d.redirect_uri)
        .map_err(|e| ApiError::invalid(format!("redirect_uri is not a URL: {e}")))?;
    {
        let mut query = target.query_pairs_mut();
        match d.decision.as_str() {
            "approve" => {
                let code = new_id("code_");
                lock(&state.oauth).codes.insert(
                    code.clone(),
                    Grant {
                        client_id: d.client_id.clone(),
                        redirect_uri: d.redirect_uri.clone(),
                        // RFC 7636: without a method the challenge is the verifier itself.
                        challenge: (!d.code_challenge.is_empty()).then(|| Challenge {
                            value: d.code_challenge.clone(),
                            s256: d.code_challenge_method != "plain"
                                && !d.code_challenge_method.is_empty(),
                        }),
                        expires_ms: state.clock.now_ms() + CODE_TTL_MS,
                    },
                );
                query.append_pair("code", &code);
            }
            "deny" => {
                query.append_pair("error", "access_denied");
            }
            other => {
                return Err(ApiError::invalid(format!(
                    "decision must be approve or deny, not {other:?}"
                )));
            }
        }
        if !d.state.is_empty() {
            query.append_pair("state", &d.state);
        }
    }
    Ok((StatusCode::FOUND, [(header::LOCATION, target.to_string())]).into_response())
}

/// base64url(SHA-256(verifier)) without padding, as RFC 7636 S256 defines it.
pub fn pkce_challenge(verifier: &str) -> String {
    heygen_api::oauth::Pkce::from_verifier(verifier).challenge
}

async fn token(
    State(state): State<AppState>,
    ApiForm(form): ApiForm<wire::OAuthTokenRequest>,
) -> Result<Json<Value>, ApiError> {
    match form.grant_type {
        wire::OAuthTokenRequestGrantType::AuthorizationCode => {
            let code = form.code.ok_or_else(|| {
                ApiError::invalid("code is required for grant_type=authorization_code")
            })?;
            exchange(
                &state,
                &form.client_id,
                &code,
                form.redirect_uri.as_deref(),
                form.code_verifier.as_deref(),
            )
        }
        wire::OAuthTokenRequestGrantType::RefreshToken => {
            let refresh_token = form.refresh_token.ok_or_else(|| {
                ApiError::invalid("refresh_token is required for grant_type=refresh_token")
            })?;
            rotate(&state, &form.client_id, &refresh_token)
        }
    }
}

async fn refresh(
    State(state): State<AppState>,
    ApiForm(form): ApiForm<wire::OAuthRefreshRequest>,
) -> Result<Json<Value>, ApiError> {
    rotate(&state, &form.client_id, &form.refresh_token)
}

fn exchange(
    state: &AppState,
    client_id: &str,
    code: &str,
    redirect_uri: Option<&str>,
    verifier: Option<&str>,
) -> Result<Json<Value>, ApiError> {
    let now = state.clock.now_ms();
    let mut store = lock(&state.oauth);
    // A code is single-use: it is gone whether or not the exchange succeeds.
    let grant = store.codes.remove(code).ok_or_else(|| {
        ApiError::invalid("invalid_grant: unknown or already used authorization code")
    })?;
    if now >= grant.expires_ms {
        return Err(ApiError::invalid(
            "invalid_grant: the authorization code has expired",
        ));
    }
    if grant.client_id != client_id {
        return Err(ApiError::invalid(
            "invalid_grant: the code was issued to another client_id",
        ));
    }
    if redirect_uri.is_some_and(|r| r != grant.redirect_uri) {
        return Err(ApiError::invalid(
            "invalid_grant: redirect_uri does not match the authorize request",
        ));
    }
    if let Some(challenge) = &grant.challenge {
        let verifier = verifier
            .ok_or_else(|| ApiError::invalid("invalid_grant: code_verifier is required (PKCE)"))?;
        let derived = if challenge.s256 {
            pkce_challenge(verifier)
        } else {
            verifier.to_owned()
        };
        if derived != challenge.value {
            return Err(ApiError::invalid(
                "invalid_grant: code_verifier does not match code_challenge",
            ));
        }
    }
    Ok(Json(store.issue(
        client_id,
        now,
        state.config.oauth_token_ttl.as_secs(),
    )))
}

fn rotate(state: &AppState, client_id: &str, refresh_token: &str) -> Result<Json<Value>, ApiError> {
    let now = state.clock.now_ms();
    let mut store = lock(&state.oauth);
    match store.refresh.get(refresh_token) {
        Some(owner) if owner == client_id => {}
        Some(_) => {
            return Err(ApiError::invalid(
                "invalid_grant: the refresh token belongs to another client_id",
            ));
        }
        None => {
            return Err(ApiError::invalid(
                "invalid_grant: unknown or already used refresh token",
            ));
        }
    }
    // Refresh tokens rotate: the old one stops working once the new pair is issued.
    store.refresh.remove(refresh_token);
    Ok(Json(store.issue(
        client_id,
        now,
        state.config.oauth_token_ttl.as_secs(),
    )))
}

/// The bearer token of a request, if it has one.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
}

async fn account(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<V1<Value>>, ApiError> {
    let token = bearer(&headers).ok_or_else(|| {
        ApiError::unauthorized(
            "Unauthorized: this call needs an OAuth access token (Authorization: Bearer)",
        )
    })?;
    let store = lock(&state.oauth);
    let client_id = store.authorize(token, state.clock.now_ms())?;
    Ok(v1(json!({
        "username": "mock-user",
        "email": "mock-user@example.com",
        "first_name": "Mock",
        "last_name": "User",
        "client_id": client_id,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_matches_rfc7636_appendix_b() {
        assert_eq!(
            pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn tokens_expire_on_the_mock_clock() {
        let mut store = OAuthStore::default();
        let issued = store.issue("c", 1000, 10);
        let token = issued["access_token"].as_str().unwrap();
        assert_eq!(store.check(token, 5000), Ok("c"));
        assert_eq!(store.check(token, 11_000), Err(TokenProblem::Expired));
        assert_eq!(store.check("nope", 0), Err(TokenProblem::Unknown));
    }
}
