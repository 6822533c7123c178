//! The consent step: `GET /oauth/authorize` shows HeyGen's consent page; its form posts to
//! `/_mock/oauth/decide` (standing in for HeyGen's web app), which redirects back to the
//! client with a code or `error=access_denied`.
//!
//! The page checks the request (client, a redirect URI a browser may be sent to, PKCE S256)
//! and remembers it under a one-time nonce that its form carries; the decision acts on what
//! the page checked, found by that nonce, never on fields posted to it. So a decision can only
//! follow a page that was shown, once. When the mock runs with `--api-key`, the form also asks
//! for one of the keys (the mock's stand-in for being signed in to HeyGen): otherwise anyone
//! who can reach the mock could mint a bearer token that passes its API auth.

use std::sync::Arc;

use axum::{
    Router,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{Html, IntoResponse, Response},
    routing::{get, post},
};
use serde::Deserialize;

use super::{
    OAuthArea,
    grants::{Challenge, Consent},
};
use crate::core::{
    envelope::Generation,
    error::{ApiError, echo},
    extract::{ApiForm, ApiQuery},
    layers,
};

/// URI schemes a consent never redirects to: they run code in, or read from, the browser
/// that follows the redirect.
const REFUSED_SCHEMES: [&str; 6] = ["javascript", "data", "file", "vbscript", "blob", "about"];

/// `GET /oauth/authorize` (public, rate-limited like the API) and its form target
/// `POST /_mock/oauth/decide`; errors in the v1 envelope.
pub fn routes(area: Arc<OAuthArea>) -> Router {
    let page = Router::new().route("/oauth/authorize", get(authorize));
    // The decision is the browser's form post: it carries the page's nonce rather than an
    // X-Api-Key header, so it is served here and not behind the /_mock key check.
    let decision = Router::new().route("/_mock/oauth/decide", post(decide));
    layers::public(&area.core.clone(), Generation::V1, page)
        .merge(Generation::V1.stamp(decision))
        .with_state(area)
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

/// Parses a redirect URI and refuses schemes a browser must not be sent to.
fn redirect_target(redirect_uri: &str) -> Result<url::Url, ApiError> {
    let redirect = url::Url::parse(redirect_uri)
        .map_err(|e| ApiError::invalid(format!("redirect_uri is not a URL: {e}")))?;
    if REFUSED_SCHEMES.contains(&redirect.scheme()) {
        return Err(ApiError::invalid(format!(
            "redirect_uri must not use the {}: scheme",
            redirect.scheme()
        )));
    }
    Ok(redirect)
}

async fn authorize(
    State(area): State<Arc<OAuthArea>>,
    ApiQuery(q): ApiQuery<AuthorizeQuery>,
) -> Result<Html<String>, ApiError> {
    if q.response_type != "code" {
        return Err(ApiError::invalid("response_type must be code"));
    }
    if q.client_id.is_empty() {
        return Err(ApiError::invalid("client_id must not be empty"));
    }
    let redirect = redirect_target(&q.redirect_uri)?;
    if q.code_challenge_method
        .as_deref()
        .is_some_and(|m| m != "S256")
    {
        return Err(ApiError::invalid("code_challenge_method must be S256"));
    }
    // RFC 7636: without a method the challenge is the verifier itself ("plain").
    let challenge = q
        .code_challenge
        .filter(|c| !c.is_empty())
        .map(|value| Challenge {
            value,
            s256: q.code_challenge_method.is_some(),
        });
    let nonce = area.grants.remember(
        Consent {
            client_id: q.client_id.clone(),
            // The raw value: the exchange compares it with what the client sends, byte for byte.
            redirect_uri: q.redirect_uri.clone(),
            state: q.state.unwrap_or_default(),
            challenge,
        },
        area.core.clock.now_ms(),
    );
    let key_field = if area.core.config.api_keys.is_empty() {
        String::new()
    } else {
        r#"
<p><label>API key of this mock (it runs with <code>--api-key</code>): <input type="password" name="api_key" autocomplete="off" required></label></p>"#
            .to_owned()
    };
    Ok(Html(format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Authorize {client} - HeyGen (mock)</title>
<style>body{{font-family:sans-serif;max-width:32rem;margin:4rem auto}}button{{font-size:1rem;padding:.5rem 1.5rem;margin-right:1rem}}</style></head>
<body><h1>Connect with HeyGen</h1>
<p><strong>{client}</strong> wants to create and manage videos on your HeyGen account.</p>
<p>After you decide you go back to <code>{redirect}</code>.</p>
<form method="post" action="/_mock/oauth/decide"><input type="hidden" name="nonce" value="{nonce}">{key_field}
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form></body></html>"#,
        client = escape(&q.client_id),
        redirect = escape(redirect.as_str()),
        nonce = escape(&nonce),
    )))
}

/// The consent form as posted. No `Debug`: it may hold an API key.
#[derive(Deserialize)]
struct Decision {
    decision: String,
    #[serde(default)]
    nonce: String,
    api_key: Option<String>,
}

async fn decide(
    State(area): State<Arc<OAuthArea>>,
    headers: HeaderMap,
    ApiForm(d): ApiForm<Decision>,
) -> Result<Response, ApiError> {
    let keys = &area.core.config.api_keys;
    if !keys.is_empty() {
        let given = headers
            .get("x-api-key")
            .and_then(|v| v.to_str().ok())
            .or(d.api_key.as_deref())
            .map(str::trim);
        if !given.is_some_and(|given| keys.iter().any(|k| k == given)) {
            return Err(ApiError::unauthorized(
                "Unauthorized: this mock runs with --api-key; enter one of its keys on the consent page",
            ));
        }
    }
    let approve = match d.decision.as_str() {
        "approve" => true,
        "deny" => false,
        other => {
            return Err(ApiError::invalid(format!(
                "decision must be approve or deny, not {}",
                echo(other)
            )));
        }
    };
    let now = area.core.clock.now_ms();
    let consent = area.grants.recall(&d.nonce, now).ok_or_else(|| {
        ApiError::invalid(
            "the consent form is unknown, already used or expired: open /oauth/authorize again",
        )
    })?;
    // Checked by the page already; parsed again to build the redirect.
    let mut target = redirect_target(&consent.redirect_uri)?;
    {
        let mut query = target.query_pairs_mut();
        if approve {
            let code = area.grants.approve(&consent, now);
            query.append_pair("code", &code);
        } else {
            query.append_pair("error", "access_denied");
        }
        if !consent.state.is_empty() {
            query.append_pair("state", &consent.state);
        }
    }
    Ok((StatusCode::FOUND, [(header::LOCATION, target.to_string())]).into_response())
}
