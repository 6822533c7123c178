//! Signed, retried delivery of events to endpoints and callback URLs.
//!
//! Delivery is at-least-once. Each target (a registered endpoint, or a job's `callback_url`)
//! has its own queue worked by one task, so events to one target arrive in order and a slow
//! receiver never blocks API requests or other receivers. A failed attempt (non-2xx, timeout,
//! refused connection) is retried with exponential backoff and jitter up to
//! `webhook_max_attempts`; every retry of one event carries the same `X-Heygen-Event-Id`.

use std::{
    collections::{HashMap, VecDeque},
    sync::{Arc, Mutex, Weak},
    time::{Duration, Instant},
};

use heygen_api::{retry::RetryPolicy, webhooks::sign};
use serde::Serialize;
use serde_json::json;
use tokio::{sync::mpsc, task::JoinHandle};

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

struct Queued {
    delivery_id: String,
    endpoint_id: Option<String>,
    url: String,
    body: Arc<str>,
    event_id: String,
    event_type: String,
    signature: Option<String>,
}

#[derive(Default)]
struct Inner {
    deliveries: VecDeque<Delivery>,
    queues: HashMap<String, mpsc::UnboundedSender<Queued>>,
    tasks: Vec<JoinHandle<()>>,
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
        for task in &lock(&self.inner).tasks {
            task.abort();
        }
    }
}

impl Deliveries {
    /// Delivery for a configuration, to the given endpoints.
    pub fn new(config: &Config, endpoints: Arc<Endpoints>) -> Self {
        let client = reqwest::Client::builder()
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
        for task in inner.tasks.drain(..) {
            task.abort();
        }
        *inner = Inner::default();
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
            .subscribed(&event.event_type)
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
        let sender = inner
            .queues
            .get(&target)
            .filter(|s| !s.is_closed())
            .cloned();
        let sender = match sender {
            Some(s) => s,
            None => {
                let Ok(runtime) = tokio::runtime::Handle::try_current() else {
                    tracing::warn!("no async runtime: webhook delivery skipped");
                    return;
                };
                let (tx, rx) = mpsc::unbounded_channel();
                let worker = Worker {
                    inner: Arc::downgrade(&self.inner),
                    endpoints: Arc::downgrade(&self.endpoints),
                    client: self.client.clone(),
                    max_attempts: self.max_attempts,
                    backoff: self.backoff.clone(),
                    started: self.started,
                };
                inner.tasks.push(runtime.spawn(worker.run(rx)));
                inner.queues.insert(target, tx.clone());
                tx
            }
        };
        // The worker holds the receiver for as long as the queue exists.
        let _ = sender.send(queued);
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
                "url {url:?} did not answer the OPTIONS validation request within 1 s: {e}"
            ))),
        }
    }
}

struct Worker {
    inner: Weak<Mutex<Inner>>,
    endpoints: Weak<Endpoints>,
    client: reqwest::Client,
    max_attempts: u32,
    backoff: RetryPolicy,
    started: Instant,
}

impl Worker {
    async fn run(self, mut rx: mpsc::UnboundedReceiver<Queued>) {
        while let Some(job) = rx.recv().await {
            for attempt in 1..=self.max_attempts {
                // A deleted endpoint gets nothing more; an updated one gets its new URL.
                let url = match self.current_url(&job) {
                    Some(url) => url,
                    None => {
                        self.record(&job, None, "failed");
                        break;
                    }
                };
                let record = self.attempt(&job, &url).await;
                let delivered = record.error.is_none();
                let last = attempt == self.max_attempts;
                let status = if delivered {
                    "delivered"
                } else if last {
                    "failed"
                } else {
                    "pending"
                };
                if !self.record(&job, Some(record), status) {
                    return;
                }
                if delivered {
                    break;
                }
                if !last {
                    tokio::time::sleep(self.backoff.backoff(attempt - 1)).await;
                }
            }
        }
    }

    /// The URL to deliver to now, or `None` if the endpoint was deleted meanwhile.
    fn current_url(&self, job: &Queued) -> Option<String> {
        let Some(endpoint_id) = &job.endpoint_id else {
            return Some(job.url.clone());
        };
        self.endpoints.upgrade()?.current_url(endpoint_id)
    }

    /// Notes an attempt (if any) and the status; false once the server is gone.
    fn record(&self, job: &Queued, attempt: Option<Attempt>, status: &'static str) -> bool {
        let Some(inner) = self.inner.upgrade() else {
            return false;
        };
        let mut inner = lock(&inner);
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

    async fn attempt(&self, job: &Queued, url: &str) -> Attempt {
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
            Err(e) => (None, Some(e.to_string())),
        };
        tracing::debug!(event_id = %job.event_id, %url, ?http_status, ?error, "webhook attempt");
        Attempt {
            at_ms_since_start: at.as_millis() as u64,
            http_status,
            latency_ms,
            error,
        }
    }
}
