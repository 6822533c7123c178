//! Signed, retried delivery of events to endpoints and callback URLs.
//!
//! Delivery is at-least-once; what a receiver can rely on:
//!
//! - **Order of first attempts.** Each target (a registered endpoint, or a job's
//!   `callback_url`) has a queue worked by one task, so first attempts to a target go out one
//!   at a time, in the order the events happened. HeyGen does not promise ordering, and
//!   neither does a retry: a failed event moves to its own retry schedule and later events
//!   proceed, so one failing event never holds back the rest (no head-of-line blocking), and a
//!   retried event can arrive after later ones. Receivers order by the event's data.
//! - **Retries.** A failed attempt (non-2xx, timeout, refused connection) is retried with
//!   exponential backoff and jitter up to `webhook_max_attempts`; every retry (and a resend)
//!   carries the same `X-Heygen-Event-Id`, so receivers drop duplicates by it.
//! - **Memory.** A target's queue and task exist only while it has first attempts waiting;
//!   retry tasks only while an event has retries left. Thousands of distinct callback URLs
//!   leave nothing behind; the delivery log keeps the last 10 000 deliveries.
//! - **Logs** never show a URL's credentials or query (they often hold tokens).

use std::{
    collections::{HashMap, VecDeque},
    future::Future,
    sync::{Arc, Mutex, Weak},
    time::{Duration, Instant},
};

use heygen_api::{retry::RetryPolicy, webhooks::sign};
use serde::Serialize;
use serde_json::json;
use tokio::task::AbortHandle;

use super::{
    endpoints::{Endpoint, Endpoints},
    events::Event,
};
use crate::{
    config::Config,
    core::{error::ApiError, ids::new_id, sync::lock},
};

/// How many deliveries `/_mock/webhooks/deliveries` remembers.
const DELIVERY_LOG_LIMIT: usize = 10_000;
/// Longest wait between two delivery attempts.
const MAX_RETRY_DELAY: Duration = Duration::from_secs(3600);
/// How long the OPTIONS probe of a new endpoint URL may take, as on HeyGen.
const PROBE_TIMEOUT: Duration = Duration::from_secs(1);

/// One attempt to deliver.
#[derive(Debug, Clone, Serialize)]
pub struct Attempt {
    /// Real time of the attempt (mock time does not drive retries).
    pub at_ms_since_start: u64,
    /// The receiver's status, if it answered.
    pub http_status: Option<u16>,
    /// How long the attempt took.
    pub latency_ms: u64,
    /// Why it failed, if it did.
    pub error: Option<String>,
}

/// One event to one target, and what happened to it.
#[derive(Debug, Clone, Serialize)]
pub struct Delivery {
    /// Id of this delivery (event × target).
    pub delivery_id: String,
    /// Id of the event, sent as `X-Heygen-Event-Id`; equal across retries and re-sends.
    pub event_id: String,
    /// The event type.
    pub event_type: String,
    /// Where it goes.
    pub url: String,
    /// The endpoint, or `None` for a job's callback URL.
    pub endpoint_id: Option<String>,
    /// The hex HMAC sent in `Signature` / `X-Heygen-Signature` (`None` for callback URLs).
    pub signature: Option<String>,
    /// `pending`, `delivered` or `failed`.
    pub status: &'static str,
    /// Attempts so far.
    pub attempts: Vec<Attempt>,
    /// The exact body sent.
    pub body: String,
}

/// A delivery waiting for an attempt.
#[derive(Clone)]
struct Queued {
    delivery_id: String,
    endpoint_id: Option<String>,
    url: String,
    body: Arc<str>,
    event_id: String,
    event_type: String,
    signature: Option<String>,
}

/// A target's first attempts, in event order, and the task that makes them.
struct Queue {
    worker: u64,
    pending: VecDeque<Queued>,
}

#[derive(Default)]
struct Inner {
    deliveries: VecDeque<Delivery>,
    /// Targets with first attempts waiting or in flight; a queue goes when it is drained.
    queues: HashMap<String, Queue>,
    /// Every running worker and retry task by id, so a reset can stop them; each removes its
    /// own entry when it ends.
    tasks: HashMap<u64, AbortHandle>,
    next_task: u64,
    /// Bumped by a reset: a task from before it stops at its next step.
    generation: u64,
}

impl Inner {
    /// Runs a tracked task: registered before it can run (the lock is held), removed by itself
    /// when done. `make` gets the task's id.
    fn spawn<F>(
        &mut self,
        this: &Weak<Mutex<Inner>>,
        runtime: &tokio::runtime::Handle,
        make: impl FnOnce(u64) -> F,
    ) where
        F: Future<Output = ()> + Send + 'static,
    {
        let id = self.next_task;
        self.next_task += 1;
        let work = make(id);
        let this = this.clone();
        let handle = runtime.spawn(async move {
            work.await;
            if let Some(inner) = this.upgrade() {
                lock(&inner).tasks.remove(&id);
            }
        });
        self.tasks.insert(id, handle.abort_handle());
    }
}

/// What delivery holds at one instant: live queues (targets with first attempts waiting) and
/// live tasks (their workers plus events waiting for a retry). Both return to zero once every
/// delivery is done, whatever the number of distinct targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Activity {
    /// Targets with a queue.
    pub queues: usize,
    /// Running workers and retry tasks.
    pub tasks: usize,
}

/// The delivery log and the delivery queues.
pub struct Deliveries {
    inner: Arc<Mutex<Inner>>,
    endpoints: Arc<Endpoints>,
    client: reqwest::Client,
    max_attempts: u32,
    backoff: RetryPolicy,
    validate_urls: bool,
    started: Instant,
}

impl Drop for Deliveries {
    fn drop(&mut self) {
        for task in lock(&self.inner).tasks.values() {
            task.abort();
        }
    }
}

impl Deliveries {
    /// Delivery for a configuration, to the given endpoints.
    pub fn new(config: &Config, endpoints: Arc<Endpoints>) -> Self {
        // The client crate's builder: it installs the TLS provider its features chose, so
        // delivery works whichever way the workspace's features unify.
        let client = heygen_api::tls::client_builder()
            .timeout(config.webhook_timeout)
            .user_agent("heygen-mock-webhooks")
            .build()
            .unwrap_or_default();
        Self {
            inner: Arc::default(),
            endpoints,
            client,
            max_attempts: config.webhook_max_attempts.max(1),
            backoff: RetryPolicy {
                base_delay: config.webhook_retry_base,
                max_delay: MAX_RETRY_DELAY,
                ..RetryPolicy::default()
            },
            validate_urls: config.webhook_validate_urls,
            started: Instant::now(),
        }
    }

    /// Forgets deliveries and stops every queued or retrying delivery.
    pub fn reset(&self) {
        let mut inner = lock(&self.inner);
        for (_, task) in inner.tasks.drain() {
            task.abort();
        }
        *inner = Inner {
            next_task: inner.next_task,
            generation: inner.generation + 1,
            ..Inner::default()
        };
    }

    /// Live queues and tasks now (see [`Activity`]).
    pub fn activity(&self) -> Activity {
        let inner = lock(&self.inner);
        Activity {
            queues: inner.queues.len(),
            tasks: inner.tasks.len(),
        }
    }

    /// Delivers an event to every subscribed endpoint (signed) and its callback URL
    /// (unsigned); returns the event's id.
    pub fn publish(&self, event: &Event) -> String {
        let event_id = new_id("evt_");
        let body: Arc<str> =
            json!({"event_type": event.event_type, "event_data": event.event_data})
                .to_string()
                .into();
        let mut targets: Vec<(Option<Endpoint>, String)> = self
            .endpoints
            .subscribed(event)
            .into_iter()
            .map(|e| {
                let url = e.url.clone();
                (Some(e), url)
            })
            .collect();
        if let Some(url) = &event.callback_url {
            targets.push((None, url.clone()));
        }
        for (endpoint, url) in targets {
            let signature = endpoint.as_ref().map(|e| sign(&e.secret, body.as_bytes()));
            let delivery = Delivery {
                delivery_id: new_id("dlv_"),
                event_id: event_id.clone(),
                event_type: event.event_type.clone(),
                url,
                endpoint_id: endpoint.map(|e| e.endpoint_id),
                signature,
                status: "pending",
                attempts: Vec::new(),
                body: body.to_string(),
            };
            self.enqueue(delivery, body.clone());
        }
        event_id
    }

    /// Sends a recorded delivery again (same event id and body).
    pub fn resend(&self, delivery_id: &str) -> Option<Delivery> {
        let original = lock(&self.inner)
            .deliveries
            .iter()
            .find(|d| d.delivery_id == delivery_id)
            .cloned()?;
        let delivery = Delivery {
            delivery_id: new_id("dlv_"),
            status: "pending",
            attempts: Vec::new(),
            ..original
        };
        let body: Arc<str> = delivery.body.clone().into();
        self.enqueue(delivery.clone(), body);
        Some(delivery)
    }

    /// Recorded deliveries, oldest first.
    pub fn deliveries(&self) -> Vec<Delivery> {
        lock(&self.inner).deliveries.iter().cloned().collect()
    }

    fn enqueue(&self, delivery: Delivery, body: Arc<str>) {
        let target = delivery
            .endpoint_id
            .clone()
            .unwrap_or_else(|| format!("url:{}", delivery.url));
        let queued = Queued {
            delivery_id: delivery.delivery_id.clone(),
            endpoint_id: delivery.endpoint_id.clone(),
            url: delivery.url.clone(),
            body,
            event_id: delivery.event_id.clone(),
            event_type: delivery.event_type.clone(),
            signature: delivery.signature.clone(),
        };
        let mut inner = lock(&self.inner);
        inner.deliveries.push_back(delivery);
        while inner.deliveries.len() > DELIVERY_LOG_LIMIT {
            inner.deliveries.pop_front();
        }
        // Sent under the lock a worker takes to find its queue empty and remove it, so an
        // event is never left in a queue nobody works.
        if let Some(queue) = inner.queues.get_mut(&target) {
            queue.pending.push_back(queued);
            return;
        }
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            tracing::warn!("no async runtime: webhook delivery skipped");
            return;
        };
        let courier = Courier {
            inner: Arc::downgrade(&self.inner),
            endpoints: Arc::downgrade(&self.endpoints),
            client: self.client.clone(),
            max_attempts: self.max_attempts,
            backoff: self.backoff.clone(),
            started: self.started,
            generation: inner.generation,
            runtime: runtime.clone(),
        };
        let worker = inner.next_task;
        inner.queues.insert(
            target.clone(),
            Queue {
                worker,
                pending: VecDeque::from([queued]),
            },
        );
        let weak = courier.inner.clone();
        inner.spawn(&weak, &runtime, move |id| {
            debug_assert_eq!(id, worker);
            courier.work(target, id)
        });
    }

    /// Checks that a URL can take deliveries: http(s), and (unless validation is off) answers
    /// an OPTIONS request with 2xx within a second, as HeyGen checks new endpoints.
    pub async fn validate_url(&self, url: &str) -> Result<(), ApiError> {
        let parsed = url::Url::parse(url)
            .map_err(|e| ApiError::invalid(format!("url {url:?} is not a URL: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(ApiError::invalid(format!(
                "url {url:?} must be http or https"
            )));
        }
        if !self.validate_urls {
            return Ok(());
        }
        let probe = self
            .client
            .request(reqwest::Method::OPTIONS, url)
            .timeout(PROBE_TIMEOUT)
            .send()
            .await;
        match probe {
            Ok(r) if r.status().is_success() => Ok(()),
            Ok(r) => Err(ApiError::invalid(format!(
                "url {url:?} answered the OPTIONS validation request with {}; it must answer 2xx",
                r.status()
            ))),
            Err(e) => Err(ApiError::invalid(format!(
                "url {url:?} did not answer the OPTIONS validation request within 1 s: {}",
                describe(e)
            ))),
        }
    }
}

/// What the delivery tasks share: weak handles (so they end with the server), the HTTP
/// client and the retry policy.
#[derive(Clone)]
struct Courier {
    inner: Weak<Mutex<Inner>>,
    endpoints: Weak<Endpoints>,
    client: reqwest::Client,
    max_attempts: u32,
    backoff: RetryPolicy,
    started: Instant,
    /// The reset generation the courier works for.
    generation: u64,
    runtime: tokio::runtime::Handle,
}

/// How one attempt went, for what comes next.
enum Next {
    /// Delivered, failed for good, or the server is gone / was reset: nothing more.
    Done,
    /// Failed with attempts left.
    Retry,
}

impl Courier {
    /// A target's worker: first attempts in order until the queue is empty, then the queue
    /// goes (in the same critical section that finds it empty).
    async fn work(self, target: String, id: u64) {
        loop {
            let job = {
                let Some(inner) = self.inner.upgrade() else {
                    return;
                };
                let mut inner = lock(&inner);
                let Some(queue) = inner.queues.get_mut(&target).filter(|q| q.worker == id) else {
                    return;
                };
                match queue.pending.pop_front() {
                    Some(job) => job,
                    None => {
                        inner.queues.remove(&target);
                        return;
                    }
                }
            };
            if let Next::Retry = self.attempt(&job, 1).await {
                self.schedule_retries(job);
            }
        }
    }

    /// Moves a failed event to its own retry task, so the target's later events go on.
    fn schedule_retries(&self, job: Queued) {
        let Some(inner) = self.inner.upgrade() else {
            return;
        };
        let mut inner = lock(&inner);
        if inner.generation != self.generation {
            return;
        }
        let courier = self.clone();
        inner.spawn(&self.inner, &self.runtime, |_| async move {
            for attempt in 2..=courier.max_attempts {
                tokio::time::sleep(courier.backoff.backoff(attempt - 2)).await;
                if let Next::Done = courier.attempt(&job, attempt).await {
                    return;
                }
            }
        });
    }

    /// Attempt number `attempt` (1-based) of a delivery, recorded in the log.
    async fn attempt(&self, job: &Queued, attempt: u32) -> Next {
        // A deleted endpoint gets nothing more; an updated one gets its new URL.
        let Some(url) = self.current_url(job) else {
            self.record(job, None, "failed");
            return Next::Done;
        };
        let record = self.send(job, &url).await;
        let delivered = record.error.is_none();
        let last = attempt >= self.max_attempts;
        let status = if delivered {
            "delivered"
        } else if last {
            "failed"
        } else {
            "pending"
        };
        if !self.record(job, Some(record), status) || delivered || last {
            Next::Done
        } else {
            Next::Retry
        }
    }

    /// The URL to deliver to now, or `None` if the endpoint was deleted meanwhile.
    fn current_url(&self, job: &Queued) -> Option<String> {
        let Some(endpoint_id) = &job.endpoint_id else {
            return Some(job.url.clone());
        };
        self.endpoints.upgrade()?.current_url(endpoint_id)
    }

    /// Notes an attempt (if any) and the status; false once the server is gone or was reset.
    fn record(&self, job: &Queued, attempt: Option<Attempt>, status: &'static str) -> bool {
        let Some(inner) = self.inner.upgrade() else {
            return false;
        };
        let mut inner = lock(&inner);
        if inner.generation != self.generation {
            return false;
        }
        if let Some(d) = inner
            .deliveries
            .iter_mut()
            .rev()
            .find(|d| d.delivery_id == job.delivery_id)
        {
            d.attempts.extend(attempt);
            d.status = status;
        }
        true
    }

    async fn send(&self, job: &Queued, url: &str) -> Attempt {
        let at = self.started.elapsed();
        let mut request = self
            .client
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("X-Heygen-Event-Id", &job.event_id)
            .header("X-Heygen-Event-Type", &job.event_type)
            .body(job.body.to_string());
        if let Some(signature) = &job.signature {
            request = request
                .header("Signature", signature)
                .header("X-Heygen-Signature", signature);
        }
        let started = Instant::now();
        let result = request.send().await;
        let latency_ms = started.elapsed().as_millis() as u64;
        let (http_status, error) = match result {
            Ok(r) if r.status().is_success() => (Some(r.status().as_u16()), None),
            Ok(r) => (
                Some(r.status().as_u16()),
                Some(format!("receiver answered {}", r.status())),
            ),
            Err(e) => (None, Some(describe(e))),
        };
        tracing::debug!(
            event_id = %job.event_id,
            url = %redact_url(url),
            ?http_status,
            ?error,
            "webhook attempt"
        );
        Attempt {
            at_ms_since_start: at.as_millis() as u64,
            http_status,
            latency_ms,
            error,
        }
    }
}

/// A request error with its causes and without its URL (which may hold credentials).
fn describe(error: reqwest::Error) -> String {
    let error = error.without_url();
    let mut text = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// A URL fit for logs: user name and password replaced by `***`, query and fragment dropped
/// (`?…` marks a query), so tokens embedded in webhook URLs stay out of them.
fn redact_url(url: &str) -> String {
    let Ok(mut parsed) = url::Url::parse(url) else {
        return "<not a URL>".to_owned();
    };
    let had_query = parsed.query().is_some();
    if !parsed.username().is_empty() || parsed.password().is_some() {
        let _ = parsed.set_username("***");
        let _ = parsed.set_password(None);
    }
    parsed.set_query(None);
    parsed.set_fragment(None);
    let mut shown = parsed.to_string();
    if had_query {
        shown.push_str("?…");
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logged_urls_lose_credentials_and_queries() {
        let shown = redact_url("https://user:s3cret@hooks.example:8443/in/path?token=t0k#frag");
        assert_eq!(shown, "https://***@hooks.example:8443/in/path?…");
        assert_eq!(redact_url("http://h/p"), "http://h/p");
        assert_eq!(redact_url("not a url"), "<not a URL>");
    }
}
