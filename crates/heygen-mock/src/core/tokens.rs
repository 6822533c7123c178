//! OAuth access and refresh tokens the mock has issued: the OAuth area issues and rotates
//! them, the credential check reads them. Expiry runs on the mock clock, so a test can age a
//! token in one call.

use std::{collections::HashMap, sync::Mutex};

use super::{clock::Millis, error::ApiError, ids::new_id, sync::lock};

/// Why a bearer token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenProblem {
    /// Never issued (or revoked by a reset).
    Unknown,
    /// Past its `expires_in`.
    Expired,
}

/// A freshly issued token pair. No `Debug`: the fields are secrets.
pub struct IssuedTokens {
    /// The bearer token.
    pub access_token: String,
    /// The single-use token that buys the next pair.
    pub refresh_token: String,
    /// Seconds the access token lives.
    pub expires_in: u64,
}

// No Debug on these: tokens are secrets.
struct AccessToken {
    client_id: String,
    expires_ms: Millis,
}

#[derive(Default)]
struct Issued {
    access: HashMap<String, AccessToken>,
    /// Refresh token → the client it was issued to.
    refresh: HashMap<String, String>,
}

/// Every token issued since the last reset.
#[derive(Default)]
pub struct Tokens {
    issued: Mutex<Issued>,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let issued = lock(&self.issued);
        f.debug_struct("Tokens")
            .field("access_tokens", &issued.access.len())
            .field("refresh_tokens", &issued.refresh.len())
            .finish()
    }
}

impl Tokens {
    /// The client a valid token acts for, or the 401 that refuses it.
    pub fn authorize(&self, token: &str, now: Millis) -> Result<String, ApiError> {
        self.check(token, now).map_err(|problem| {
            ApiError::unauthorized(match problem {
                TokenProblem::Unknown => "Unauthorized: unknown access token",
                TokenProblem::Expired => "Unauthorized: the access token has expired; refresh it",
            })
        })
    }

    /// The OAuth client a valid access token belongs to.
    pub fn check(&self, token: &str, now: Millis) -> Result<String, TokenProblem> {
        match lock(&self.issued).access.get(token) {
            None => Err(TokenProblem::Unknown),
            Some(t) if now >= t.expires_ms => Err(TokenProblem::Expired),
            Some(t) => Ok(t.client_id.clone()),
        }
    }

    /// Issues a new pair for a client, the access token living `ttl_secs` of mock time.
    pub fn issue(&self, client_id: &str, now: Millis, ttl_secs: u64) -> IssuedTokens {
        let tokens = IssuedTokens {
            access_token: new_id("at_"),
            refresh_token: new_id("rt_"),
            expires_in: ttl_secs,
        };
        let mut issued = lock(&self.issued);
        issued.access.insert(
            tokens.access_token.clone(),
            AccessToken {
                client_id: client_id.to_owned(),
                expires_ms: now.saturating_add(ttl_secs.saturating_mul(1000)),
            },
        );
        issued
            .refresh
            .insert(tokens.refresh_token.clone(), client_id.to_owned());
        tokens
    }

    /// Trades a refresh token for a new pair. Refresh tokens rotate: the old one stops
    /// working once the new pair is issued.
    pub fn rotate(
        &self,
        client_id: &str,
        refresh_token: &str,
        now: Millis,
        ttl_secs: u64,
    ) -> Result<IssuedTokens, ApiError> {
        {
            let mut issued = lock(&self.issued);
            match issued.refresh.get(refresh_token) {
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
            issued.refresh.remove(refresh_token);
        }
        Ok(self.issue(client_id, now, ttl_secs))
    }

    /// Revokes every token.
    pub fn reset(&self) {
        *lock(&self.issued) = Issued::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_expire_on_the_mock_clock() {
        let tokens = Tokens::default();
        let issued = tokens.issue("c", 1000, 10);
        assert_eq!(tokens.check(&issued.access_token, 5000), Ok("c".into()));
        assert_eq!(
            tokens.check(&issued.access_token, 11_000),
            Err(TokenProblem::Expired)
        );
        assert_eq!(tokens.check("nope", 0), Err(TokenProblem::Unknown));
    }

    #[test]
    fn refresh_tokens_are_single_use() {
        let tokens = Tokens::default();
        let first = tokens.issue("c", 0, 10);
        assert!(tokens.rotate("other", &first.refresh_token, 0, 10).is_err());
        let second = tokens.rotate("c", &first.refresh_token, 0, 10).unwrap();
        assert!(tokens.rotate("c", &first.refresh_token, 0, 10).is_err());
        assert!(tokens.rotate("c", &second.refresh_token, 0, 10).is_ok());
    }
}
