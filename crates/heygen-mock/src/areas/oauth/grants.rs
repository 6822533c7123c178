//! Authorization codes waiting to be exchanged, with what the exchange must match.

use std::{collections::HashMap, sync::Mutex};

use crate::core::{Resettable, clock::Millis, error::ApiError, ids::new_id, sync::lock};

/// How long an authorization code may wait to be exchanged (mock time).
const CODE_TTL_MS: Millis = 10 * 60 * 1000;

/// A PKCE challenge and how it was derived from the verifier.
#[derive(Clone)]
pub struct Challenge {
    /// The challenge as sent.
    pub value: String,
    /// S256 (else RFC 7636 `plain`: the challenge is the verifier itself).
    pub s256: bool,
}

// No Debug on these: codes are secrets.
struct Grant {
    client_id: String,
    redirect_uri: String,
    challenge: Option<Challenge>,
    expires_ms: Millis,
}

/// Pending authorization codes.
#[derive(Default)]
pub struct Grants {
    codes: Mutex<HashMap<String, Grant>>,
}

impl Resettable for Grants {
    fn reset(&self) {
        lock(&self.codes).clear();
    }
}

/// base64url(SHA-256(verifier)) without padding, as RFC 7636 S256 defines it.
pub fn pkce_challenge(verifier: &str) -> String {
    heygen_api::oauth::Pkce::from_verifier(verifier).challenge
}

impl Grants {
    /// A new code for a client's approved request.
    pub fn approve(
        &self,
        client_id: &str,
        redirect_uri: &str,
        challenge: Option<Challenge>,
        now: Millis,
    ) -> String {
        let code = new_id("code_");
        lock(&self.codes).insert(
            code.clone(),
            Grant {
                client_id: client_id.to_owned(),
                redirect_uri: redirect_uri.to_owned(),
                challenge,
                expires_ms: now.saturating_add(CODE_TTL_MS),
            },
        );
        code
    }

    /// Redeems a code: it must be live, issued to `client_id`, for the same `redirect_uri`
    /// if one is given, and match the PKCE challenge. A code is single-use: it is gone whether
    /// or not the exchange succeeds.
    pub fn redeem(
        &self,
        code: &str,
        client_id: &str,
        redirect_uri: Option<&str>,
        verifier: Option<&str>,
        now: Millis,
    ) -> Result<(), ApiError> {
        let grant = lock(&self.codes).remove(code).ok_or_else(|| {
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
            let verifier = verifier.ok_or_else(|| {
                ApiError::invalid("invalid_grant: code_verifier is required (PKCE)")
            })?;
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
        Ok(())
    }
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
    fn codes_are_single_use_and_checked() {
        let grants = Grants::default();
        let code = grants.approve("c", "http://cb", None, 0);
        assert!(grants.redeem(&code, "other", None, None, 0).is_err());
        assert!(grants.redeem(&code, "c", None, None, 0).is_err(), "used");
        let code = grants.approve("c", "http://cb", None, 0);
        assert!(
            grants
                .redeem(&code, "c", Some("http://cb"), None, 1)
                .is_ok()
        );
    }
}
