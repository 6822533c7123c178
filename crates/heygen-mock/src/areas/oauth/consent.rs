//! The consent step: `GET /oauth/authorize` shows HeyGen's consent page; its form posts to
//! `/_mock/oauth/decide` (standing in for HeyGen's web app), which redirects back to the
//! client with a code or `error=access_denied`.

use std::sync::Arc;

use axum::{
    Router,
    extract::State,
    http::{StatusCode, header},
    response::{Html, IntoResponse, Response},
    routing::{get, post},
};
use serde::Deserialize;

use super::{OAuthArea, grants::Challenge};
use crate::core::{
    envelope::Generation,
    error::ApiError,
    extract::{ApiForm, ApiQuery},
    layers,
};

/// `GET /oauth/authorize`: public, errors in the v1 envelope.
pub fn routes(area: Arc<OAuthArea>) -> Router {
    let routes = Router::new().route("/oauth/authorize", get(authorize));
    layers::public(&area.core.clone(), Generation::V1, routes).with_state(area)
}

/// `POST /_mock/oauth/decide`.
pub fn control_routes(area: Arc<OAuthArea>) -> Router {
    Router::new()
        .route("/_mock/oauth/decide", post(decide))
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
    State(area): State<Arc<OAuthArea>>,
    ApiForm(d): ApiForm<Decision>,
) -> Result<Response, ApiError> {
    let mut target = url::Url::parse(&d.redirect_uri)
        .map_err(|e| ApiError::invalid(format!("redirect_uri is not a URL: {e}")))?;
    {
        let mut query = target.query_pairs_mut();
        match d.decision.as_str() {
            "approve" => {
                // RFC 7636: without a method the challenge is the verifier itself.
                let challenge = (!d.code_challenge.is_empty()).then(|| Challenge {
                    value: d.code_challenge.clone(),
                    s256: d.code_challenge_method != "plain" && !d.code_challenge_method.is_empty(),
                });
                let code = area.grants.approve(
                    &d.client_id,
                    &d.redirect_uri,
                    challenge,
                    area.core.clock.now_ms(),
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
