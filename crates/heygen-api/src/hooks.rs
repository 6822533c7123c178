//! The hooks every generated operation runs through: OAuth bearer tokens kept fresh, retries
//! of transient failures, and a tracing span per call.

use std::sync::Arc;

use progenitor_client::{ClientHooks, ClientInfo, Error, OperationInfo};
use reqwest::{
    Method, Request, Response, StatusCode,
    header::{AUTHORIZATION, HeaderValue},
};

use crate::{
    Client,
    credentials::TokenSource,
    retry::{IDEMPOTENCY_KEY, RetryPolicy, Verdict, new_idempotency_key},
};

/// Per-client state the hooks read; set through `auth::ClientBuilder`.
///
/// The generated client carries it (build.rs names it as progenitor's inner type), so every
/// operation's hooks below can reach it through `self.inner()`.
#[derive(Debug, Clone, Default)]
pub struct ClientState {
    /// How transient failures are retried.
    pub retry: RetryPolicy,
    /// Where bearer tokens come from (e.g. an OAuth session): its token is sent with every
    /// call, and it is asked for a fresh one when HeyGen answers 401.
    pub session: Option<Arc<dyn TokenSource>>,
}

impl ClientHooks<ClientState> for Client {
    async fn pre<E>(&self, request: &mut Request, _info: &OperationInfo) -> Result<(), Error<E>> {
        if let Some(session) = &self.inner().session {
            let value = session
                .authorization()
                .await
                .map_err(|e| Error::Custom(e.to_string()))?;
            request.headers_mut().insert(AUTHORIZATION, value);
        }
        // Every v3 POST carries a key from its first attempt, so that a retry after a timeout
        // is replayed by HeyGen instead of creating a second video.
        if request.method() == Method::POST
            && request.url().path().starts_with("/v3/")
            && !request.headers().contains_key(IDEMPOTENCY_KEY)
            && let Ok(key) = HeaderValue::from_str(&new_idempotency_key())
        {
            request.headers_mut().insert(IDEMPOTENCY_KEY, key);
        }
        Ok(())
    }

    async fn exec(&self, mut request: Request, info: &OperationInfo) -> reqwest::Result<Response> {
        let state = self.inner();
        let may_repeat = state.retry.may_repeat_request(&request, info.operation_id);
        let mut refreshed = false;
        let mut attempt = 0;
        loop {
            // Streaming bodies cannot be cloned; such a request gets exactly one attempt.
            let spare = request.try_clone();
            let started = std::time::Instant::now();
            let result = self.client().execute(request).await;
            tracing::debug!(
                operation = info.operation_id,
                attempt,
                status = result.as_ref().ok().map(|r| r.status().as_u16()),
                elapsed_ms = started.elapsed().as_millis() as u64,
                "heygen call"
            );
            let Some(mut next) = spare else { return result };
            // A token that expired early (server clock ahead of ours) gets one refresh and resend.
            if let (Some(session), Ok(r)) = (&state.session, &result)
                && r.status() == StatusCode::UNAUTHORIZED
                && !refreshed
            {
                refreshed = true;
                if let Ok(value) = session
                    .on_unauthorized(next.headers().get(AUTHORIZATION))
                    .await
                {
                    next.headers_mut().insert(AUTHORIZATION, value);
                    request = next;
                    continue;
                }
                return result;
            }
            match state.retry.verdict(attempt, may_repeat, &result) {
                Verdict::Done => return result,
                Verdict::RetryAfter(delay) => {
                    tracing::warn!(
                        operation = info.operation_id,
                        attempt,
                        delay_ms = delay.as_millis() as u64,
                        "retrying"
                    );
                    tokio::time::sleep(delay).await;
                    request = next;
                    attempt += 1;
                }
            }
        }
    }
}
