//! Serialized catalogue answers by (route, base URL). Their links depend only on the Host a
//! client used, so each answer is built once and then served from memory.

use std::{collections::HashMap, sync::RwLock};

use axum::{
    body::Bytes,
    http::header,
    response::{IntoResponse, Response},
};

use super::sync::{read, write};

/// Distinct (route, Host) answers kept; the Host header is client-chosen, so the cache must
/// not grow without bound.
const LIMIT: usize = 64;

/// Built answers by (route, base URL).
#[derive(Debug, Default)]
pub struct ResponseCache {
    answers: RwLock<HashMap<(&'static str, String), Bytes>>,
}

impl ResponseCache {
    /// The JSON answer of `route` for `base`, built by `build` on first use.
    pub fn json<T: serde::Serialize>(
        &self,
        route: &'static str,
        base: &str,
        build: impl FnOnce() -> T,
    ) -> Response {
        let key = (route, base.to_owned());
        let hit = read(&self.answers).get(&key).cloned();
        let body = hit.unwrap_or_else(|| {
            let body = Bytes::from(serde_json::to_vec(&build()).unwrap_or_default());
            let mut answers = write(&self.answers);
            if answers.len() >= LIMIT {
                answers.clear();
            }
            answers.insert(key, body.clone());
            body
        });
        ([(header::CONTENT_TYPE, "application/json")], body).into_response()
    }
}
