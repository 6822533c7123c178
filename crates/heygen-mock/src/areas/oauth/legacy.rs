//! `POST /v1/oauth/token` (code exchange or refresh) and `POST /v1/oauth/refresh_token`:
//! form-encoded requests, bare token answers (no envelope), errors in the v1 envelope.

use std::sync::Arc;

use axum::{Json, Router, extract::State, routing::post};
use heygen_api::types as wire;
use serde::Serialize;

use super::OAuthArea;
use crate::core::{
    envelope::Generation, error::ApiError, extract::ApiForm, layers, tokens::IssuedTokens,
};

/// The token routes.
pub fn routes(area: Arc<OAuthArea>) -> Router {
    let routes = Router::new()
        .route("/v1/oauth/token", post(token))
        .route("/v1/oauth/refresh_token", post(refresh));
    layers::public(&area.core.clone(), Generation::V1, routes).with_state(area)
}

/// A token answer, as OAuth clients read it. No `Debug`: it holds secrets.
#[derive(Serialize)]
struct TokenAnswer {
    token_type: &'static str,
    access_token: String,
    expires_in: u64,
    refresh_token: String,
}

impl From<IssuedTokens> for TokenAnswer {
    fn from(t: IssuedTokens) -> Self {
        Self {
            token_type: "Bearer",
            access_token: t.access_token,
            expires_in: t.expires_in,
            refresh_token: t.refresh_token,
        }
    }
}

async fn token(
    State(area): State<Arc<OAuthArea>>,
    ApiForm(form): ApiForm<wire::OAuthTokenRequest>,
) -> Result<Json<TokenAnswer>, ApiError> {
    match form.grant_type {
        wire::OAuthTokenRequestGrantType::AuthorizationCode => {
            let code = form.code.ok_or_else(|| {
                ApiError::invalid("code is required for grant_type=authorization_code")
            })?;
            let core = &area.core;
            let now = core.clock.now_ms();
            area.grants.redeem(
                &code,
                &form.client_id,
                form.redirect_uri.as_deref(),
                form.code_verifier.as_deref(),
                now,
            )?;
            let ttl = core.config.oauth_token_ttl.as_secs();
            Ok(Json(core.tokens.issue(&form.client_id, now, ttl).into()))
        }
        wire::OAuthTokenRequestGrantType::RefreshToken => {
            let refresh_token = form.refresh_token.ok_or_else(|| {
                ApiError::invalid("refresh_token is required for grant_type=refresh_token")
            })?;
            rotate(&area, &form.client_id, &refresh_token)
        }
    }
}

async fn refresh(
    State(area): State<Arc<OAuthArea>>,
    ApiForm(form): ApiForm<wire::OAuthRefreshRequest>,
) -> Result<Json<TokenAnswer>, ApiError> {
    rotate(&area, &form.client_id, &form.refresh_token)
}

fn rotate(
    area: &OAuthArea,
    client_id: &str,
    refresh_token: &str,
) -> Result<Json<TokenAnswer>, ApiError> {
    let core = &area.core;
    let ttl = core.config.oauth_token_ttl.as_secs();
    let issued = core
        .tokens
        .rotate(client_id, refresh_token, core.clock.now_ms(), ttl)?;
    Ok(Json(issued.into()))
}
