//! v3 `Idempotency-Key`: the first answer to a key is kept for 24 hours of mock time and
//! replayed to every repeat on the same method and path; a repeat that arrives while the
//! first is still being handled answers 409 `request_in_progress`.
//!
//! A repeat must carry the same request: HeyGen tolerates bodies that differ only in form, so
//! bodies are compared as parsed JSON (whitespace and key order do not matter), and a key
//! reused for a different request is refused (400) rather than answered with another
//! request's result.

use std::{collections::HashMap, sync::Mutex};

use axum::body::Bytes;

use super::{clock::Millis, error::ApiError, sync::lock};

/// How long an answer is replayed: 24 hours.
pub const REPLAY_MS: Millis = 24 * 3600 * 1000;
/// Keys kept before expired ones are swept.
const SWEEP_AT: usize = 10_000;
/// Keys kept at most; beyond it the oldest answers are forgotten first.
const MAX_KEYS: usize = 100_000;

/// A stored answer.
#[derive(Debug, Clone)]
pub struct Stored {
    /// HTTP status.
    pub status: u16,
    /// `Content-Type`, if any.
    pub content_type: Option<String>,
    /// The body.
    pub body: Bytes,
}

#[derive(Debug)]
enum Entry {
    InProgress {
        fingerprint: String,
    },
    Done {
        answer: Stored,
        expires_ms: Millis,
        fingerprint: String,
    },
}

/// What identifies a request's body: its SHA-256, of the canonical JSON when it is JSON.
pub fn fingerprint(body: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let canonical = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| serde_json::to_vec(&v).ok());
    hex::encode(Sha256::digest(canonical.as_deref().unwrap_or(body)))
}

/// What to do with a request that carries a key.
#[derive(Debug)]
pub enum Begin {
    /// First use: handle it, then [`Idempotency::finish`] (or [`Idempotency::abandon`]).
    Handle,
    /// Seen before: answer this again.
    Replay(Stored),
}

/// Keys by (scope, key), where scope is the method and path.
#[derive(Debug, Default)]
pub struct Idempotency {
    entries: Mutex<HashMap<(String, String), Entry>>,
}

/// Checks a key's format: 1 to 255 of `A-Z a-z 0-9 _ - : .`.
pub fn check_key(key: &str) -> Result<(), ApiError> {
    let valid = (1..=255).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-:.".contains(&b));
    if valid {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "Idempotency-Key must be 1 to 255 characters of A-Z, a-z, 0-9, '_', '-', ':' and '.'",
        )
        .with_param("Idempotency-Key"))
    }
}

impl Idempotency {
    /// Claims a key for a request with body `fingerprint`, or says to replay, or refuses a
    /// concurrent duplicate (409) or a reuse for a different request (400).
    pub fn begin(
        &self,
        scope: &str,
        key: &str,
        fingerprint: &str,
        now: Millis,
    ) -> Result<Begin, ApiError> {
        let mut entries = lock(&self.entries);
        let id = (scope.to_owned(), key.to_owned());
        match entries.get(&id) {
            Some(Entry::InProgress { .. }) => return Err(ApiError::request_in_progress()),
            Some(Entry::Done {
                answer,
                expires_ms,
                fingerprint: first,
            }) if now < *expires_ms => {
                if first != fingerprint {
                    return Err(ApiError::invalid(
                        "Idempotency-Key was first used with a different request body; use a new key for a new request",
                    )
                    .with_param("Idempotency-Key"));
                }
                return Ok(Begin::Replay(answer.clone()));
            }
            _ => {}
        }
        if entries.len() >= SWEEP_AT {
            sweep(&mut entries, now);
        }
        let fingerprint = fingerprint.to_owned();
        entries.insert(id, Entry::InProgress { fingerprint });
        Ok(Begin::Handle)
    }

    /// Keeps the first answer to a key for replays.
    pub fn finish(&self, scope: &str, key: &str, answer: Stored, now: Millis) {
        let mut entries = lock(&self.entries);
        let id = (scope.to_owned(), key.to_owned());
        let fingerprint = match entries.remove(&id) {
            Some(Entry::InProgress { fingerprint } | Entry::Done { fingerprint, .. }) => {
                fingerprint
            }
            None => return,
        };
        let entry = Entry::Done {
            answer,
            expires_ms: now.saturating_add(REPLAY_MS),
            fingerprint,
        };
        entries.insert(id, entry);
    }

    /// Releases a key whose request did not produce an answer worth replaying (a server
    /// error or a rate limit), so that the client's retry is handled afresh.
    pub fn abandon(&self, scope: &str, key: &str) {
        lock(&self.entries).remove(&(scope.to_owned(), key.to_owned()));
    }

    /// Forgets every key.
    pub fn reset(&self) {
        lock(&self.entries).clear();
    }
}

/// Drops expired answers, then (if still over the cap) the answers that expire first.
fn sweep(entries: &mut HashMap<(String, String), Entry>, now: Millis) {
    entries.retain(|_, e| !matches!(e, Entry::Done { expires_ms, .. } if *expires_ms <= now));
    if entries.len() < MAX_KEYS {
        return;
    }
    let mut expiries: Vec<Millis> = entries
        .values()
        .filter_map(|e| match e {
            Entry::Done { expires_ms, .. } => Some(*expires_ms),
            Entry::InProgress { .. } => None,
        })
        .collect();
    expiries.sort_unstable();
    if let Some(cut) = expiries.get(entries.len() - MAX_KEYS / 2) {
        let cut = *cut;
        entries.retain(|_, e| !matches!(e, Entry::Done { expires_ms, .. } if *expires_ms <= cut));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer() -> Stored {
        Stored {
            status: 200,
            content_type: None,
            body: Bytes::from_static(b"{}"),
        }
    }

    #[test]
    fn first_answer_is_replayed_for_a_day() {
        let keys = Idempotency::default();
        let body = fingerprint(br#"{"a": 1, "b": 2}"#);
        assert!(matches!(
            keys.begin("POST /v3/videos", "k", &body, 0),
            Ok(Begin::Handle)
        ));
        assert_eq!(
            keys.begin("POST /v3/videos", "k", &body, 1)
                .unwrap_err()
                .v3_code,
            "request_in_progress"
        );
        keys.finish("POST /v3/videos", "k", answer(), 1);
        let same = fingerprint(br#"{"b":2,"a":1}"#);
        assert!(matches!(
            keys.begin("POST /v3/videos", "k", &same, 2),
            Ok(Begin::Replay(_))
        ));
        let other = fingerprint(br#"{"a": 2}"#);
        assert_eq!(
            keys.begin("POST /v3/videos", "k", &other, 2)
                .unwrap_err()
                .status,
            400
        );
        assert!(matches!(
            keys.begin("POST /v3/other", "k", &other, 2),
            Ok(Begin::Handle)
        ));
        assert!(matches!(
            keys.begin("POST /v3/videos", "k", &other, 1 + REPLAY_MS),
            Ok(Begin::Handle)
        ));
    }

    #[test]
    fn abandoned_keys_can_be_used_again() {
        let keys = Idempotency::default();
        assert!(matches!(keys.begin("s", "k", "f", 0), Ok(Begin::Handle)));
        keys.abandon("s", "k");
        assert!(matches!(keys.begin("s", "k", "g", 0), Ok(Begin::Handle)));
    }

    #[test]
    fn keys_are_checked() {
        assert!(check_key("order-1234:video.v2_a").is_ok());
        assert!(check_key("").is_err());
        assert!(check_key("has space").is_err());
        assert!(check_key(&"x".repeat(256)).is_err());
    }
}
