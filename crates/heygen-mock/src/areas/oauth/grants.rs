//! Consent pages waiting for a decision, and authorization codes waiting to be exchanged,
//! with what the exchange must match.

use std::{
    collections::{HashMap, VecDeque},
    sync::Mutex,
};

use crate::core::{Resettable, clock::Millis, error::ApiError, ids::new_id, sync::lock};

/// How long an authorization code may wait to be exchanged, and a consent page for its
/// decision (mock time).
const CODE_TTL_MS: Millis = 10 * 60 * 1000;
/// Most consent pages and codes remembered at once; beyond it the oldest are forgotten, so
/// that fetching the public consent page in a loop cannot grow memory without bound.
const MAX_PENDING: usize = 10_000;

/// A PKCE challenge and how it was derived from the verifier.
#[derive(Clone)]
pub struct Challenge {
    /// The challenge as sent.
    pub value: String,
    /// S256 (else RFC 7636 `plain`: the challenge is the verifier itself).
    pub s256: bool,
}

/// What a consent page checked, kept under its nonce until the decision, then under the code
/// until the exchange. No `Debug`: the nonce and code that key it are secrets.
#[derive(Clone)]
pub struct Consent {
    /// The client asking.
    pub client_id: String,
    /// Where the decision goes, exactly as the authorize request gave it.
    pub redirect_uri: String,
    /// The client's `state`, echoed in the redirect (empty if none).
    pub state: String,
    /// The PKCE challenge, if the client sent one.
    pub challenge: Option<Challenge>,
}

/// Single-use secrets with a value, an expiry and a bound on how many are kept.
struct Pending<V> {
    entries: HashMap<String, (V, Millis)>,
    /// Keys oldest first (some may have been taken already).
    order: VecDeque<String>,
}

impl<V> Default for Pending<V> {
    fn default() -> Self {
        Self {
            entries: HashMap::new(),
            order: VecDeque::new(),
        }
    }
}

impl<V> Pending<V> {
    fn insert(&mut self, key: String, value: V, expires_ms: Millis, now: Millis) {
        while let Some(oldest) = self.order.front() {
            let gone = self
                .entries
                .get(oldest)
                .is_none_or(|(_, expires)| now >= *expires);
            if !gone && self.order.len() < MAX_PENDING {
                break;
            }
            if let Some(oldest) = self.order.pop_front() {
                self.entries.remove(&oldest);
            }
        }
        self.order.push_back(key.clone());
        self.entries.insert(key, (value, expires_ms));
    }

    /// Removes and returns an entry with its expiry.
    fn take(&mut self, key: &str) -> Option<(V, Millis)> {
        self.entries.remove(key)
    }

    fn clear(&mut self) {
        self.entries.clear();
        self.order.clear();
    }
}

/// Consent pages awaiting a decision and codes awaiting an exchange.
#[derive(Default)]
pub struct Grants {
    consents: Mutex<Pending<Consent>>,
    codes: Mutex<Pending<Consent>>,
}

impl Resettable for Grants {
    fn reset(&self) {
        lock(&self.consents).clear();
        lock(&self.codes).clear();
    }
}

/// base64url(SHA-256(verifier)) without padding, as RFC 7636 S256 defines it.
pub fn pkce_challenge(verifier: &str) -> String {
    heygen_api::oauth::Pkce::from_verifier(verifier).challenge
}

impl Grants {
    /// Remembers what a consent page checked; returns the nonce its form carries.
    pub fn remember(&self, consent: Consent, now: Millis) -> String {
        let nonce = new_id("consent_");
        lock(&self.consents).insert(nonce.clone(), consent, now.saturating_add(CODE_TTL_MS), now);
        nonce
    }

    /// The consent page a decision answers, once: `None` if the nonce is unknown, used or
    /// expired.
    pub fn recall(&self, nonce: &str, now: Millis) -> Option<Consent> {
        let (consent, expires_ms) = lock(&self.consents).take(nonce)?;
        (now < expires_ms).then_some(consent)
    }

    /// A new code for an approved consent.
    pub fn approve(&self, consent: &Consent, now: Millis) -> String {
        let code = new_id("code_");
        lock(&self.codes).insert(
            code.clone(),
            consent.clone(),
            now.saturating_add(CODE_TTL_MS),
            now,
        );
        code
    }

    /// Redeems a code: it must be live, issued to `client_id`, for the same `redirect_uri`
    /// as the authorize request (which always has one, so the exchange must send it: RFC 6749
    /// §4.1.3), and match the PKCE challenge. A code is single-use: it is gone whether or not
    /// the exchange succeeds.
    pub fn redeem(
        &self,
        code: &str,
        client_id: &str,
        redirect_uri: Option<&str>,
        verifier: Option<&str>,
        now: Millis,
    ) -> Result<(), ApiError> {
        let (grant, expires_ms) = lock(&self.codes).take(code).ok_or_else(|| {
            ApiError::invalid("invalid_grant: unknown or already used authorization code")
        })?;
        if now >= expires_ms {
            return Err(ApiError::invalid(
                "invalid_grant: the authorization code has expired",
            ));
        }
        if grant.client_id != client_id {
            return Err(ApiError::invalid(
                "invalid_grant: the code was issued to another client_id",
            ));
        }
        match redirect_uri {
            None => {
                return Err(ApiError::invalid(
                    "invalid_request: redirect_uri is required: the authorize request had one (RFC 6749 section 4.1.3)",
                ));
            }
            Some(r) if r != grant.redirect_uri => {
                return Err(ApiError::invalid(
                    "invalid_grant: redirect_uri does not match the authorize request",
                ));
            }
            Some(_) => {}
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

    fn consent(challenge: Option<Challenge>) -> Consent {
        Consent {
            client_id: "c".into(),
            redirect_uri: "http://cb".into(),
            state: String::new(),
            challenge,
        }
    }

    #[test]
    fn codes_are_single_use_and_checked() {
        let grants = Grants::default();
        let code = grants.approve(&consent(None), 0);
        assert!(
            grants
                .redeem(&code, "other", Some("http://cb"), None, 0)
                .is_err()
        );
        assert!(
            grants
                .redeem(&code, "c", Some("http://cb"), None, 0)
                .is_err(),
            "used"
        );
        let code = grants.approve(&consent(None), 0);
        assert!(
            grants
                .redeem(&code, "c", Some("http://cb"), None, 1)
                .is_ok()
        );
    }

    #[test]
    fn the_exchange_needs_the_redirect_uri_of_the_authorize_request() {
        let grants = Grants::default();
        let code = grants.approve(&consent(None), 0);
        let missing = grants.redeem(&code, "c", None, None, 0).unwrap_err();
        assert!(
            missing.message.contains("redirect_uri is required"),
            "{missing}"
        );
        let code = grants.approve(&consent(None), 0);
        assert!(
            grants
                .redeem(&code, "c", Some("http://other"), None, 0)
                .is_err()
        );
    }

    #[test]
    fn consent_nonces_are_single_use_expire_and_are_bounded() {
        let grants = Grants::default();
        let nonce = grants.remember(consent(None), 0);
        assert!(grants.recall(&nonce, 1).is_some());
        assert!(grants.recall(&nonce, 1).is_none(), "used");
        let nonce = grants.remember(consent(None), 0);
        assert!(grants.recall(&nonce, CODE_TTL_MS).is_none(), "expired");
        let first = grants.remember(consent(None), 0);
        for _ in 0..MAX_PENDING {
            grants.remember(consent(None), 0);
        }
        assert!(lock(&grants.consents).entries.len() <= MAX_PENDING);
        assert!(
            grants.recall(&first, 0).is_none(),
            "the oldest is forgotten"
        );
    }
}
