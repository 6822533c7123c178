//! [`Core`]: one cheap handle on everything the areas share. It holds no area's data: areas
//! keep their own and register job tables and event types with it.

use std::{
    ops::Deref,
    sync::{Arc, RwLock, Weak},
};

use axum::http::{HeaderMap, header};

use super::{
    cache::ResponseCache,
    clock::MockClock,
    credits::Credits,
    error::ApiError,
    idempotency::Idempotency,
    jobs::{ForcedOutcome, JobData, JobEngine, JobTable, NewJob, StartRules, Started},
    limits::Limits,
    media::{Links, MediaSigner},
    requests::RequestLog,
    sync::{read, write},
    tokens::Tokens,
    webhooks::Webhooks,
};
use crate::config::Config;

/// Cheap to clone; every area and layer holds one.
#[derive(Clone)]
pub struct Core(Arc<Shared>);

impl Deref for Core {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What [`Core`] holds.
pub struct Shared {
    /// The configuration the server started with.
    pub config: Config,
    /// Mock time.
    pub clock: MockClock,
    /// Job areas and the schedule of unfinished jobs.
    pub jobs: JobEngine,
    /// Event types, endpoints and deliveries.
    pub webhooks: Webhooks,
    /// Issued OAuth tokens.
    pub tokens: Tokens,
    /// Rate limits and injected faults.
    pub limits: Limits,
    /// Recent requests, for `/_mock/requests`.
    pub requests: RequestLog,
    /// Signs and checks media links.
    pub media: MediaSigner,
    /// Catalogue answers, serialized once per Host.
    pub responses: ResponseCache,
    /// v3 `Idempotency-Key` answers kept for replay.
    pub idempotency: Idempotency,
    /// The account's credit balance.
    pub credits: Credits,
    /// The server's own address, once bound (for links in webhook payloads).
    public_url: RwLock<String>,
    /// Area state other than jobs that a reset forgets.
    resettable: RwLock<Vec<Arc<dyn Resettable>>>,
}

/// Area state other than job tables (those reset through the engine) that `/_mock/reset`
/// must forget, e.g. pending OAuth authorization codes.
pub trait Resettable: Send + Sync + 'static {
    /// Forgets everything.
    fn reset(&self);
}

impl std::fmt::Debug for Core {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Core")
            .field("config", &self.config)
            .field("jobs", &self.jobs)
            .finish_non_exhaustive()
    }
}

impl Core {
    /// A fresh core for a configuration; areas register with it next.
    pub fn new(config: Config) -> Self {
        Core(Arc::new(Shared {
            clock: MockClock::new(config.clock_speed),
            jobs: JobEngine::default(),
            webhooks: Webhooks::new(&config),
            tokens: Tokens::default(),
            limits: Limits::default(),
            requests: RequestLog::default(),
            media: MediaSigner::new(),
            responses: ResponseCache::default(),
            idempotency: Idempotency::default(),
            credits: Credits::new(config.credits),
            public_url: RwLock::new("http://127.0.0.1:4010".into()),
            resettable: RwLock::default(),
            config,
        }))
    }

    /// Has `/_mock/reset` forget an area's state too.
    pub fn register_resettable(&self, state: Arc<dyn Resettable>) {
        write(&self.resettable).push(state);
    }

    /// A weak handle for background tasks, so they end when the server is dropped.
    pub fn downgrade(&self) -> Weak<Shared> {
        Arc::downgrade(&self.0)
    }

    /// Back from a weak handle.
    pub fn upgrade(weak: &Weak<Shared>) -> Option<Self> {
        weak.upgrade().map(Core)
    }

    /// Records the address the server was bound to.
    pub fn set_bound_url(&self, url: String) {
        *write(&self.public_url) = url;
    }

    /// The bound address as a URL.
    pub fn bound_url(&self) -> String {
        read(&self.public_url).clone()
    }

    /// The URL clients reach this server at: the request's Host, else the bound address.
    pub fn base_url(&self, headers: &HeaderMap) -> String {
        headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .filter(|h| {
                !h.is_empty()
                    && h.chars()
                        .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
            })
            .map(|h| format!("http://{h}"))
            .unwrap_or_else(|| self.bound_url())
    }

    /// Links on `base` signed now.
    pub fn links<'a>(&'a self, base: &'a str) -> Links<'a> {
        Links::new(&self.media, base, self.clock.now_ms())
    }

    /// Starts a job in an area's table (announcing finished jobs first, so they do not count
    /// against the concurrency limit).
    pub fn start_job<T: JobData>(
        &self,
        table: &JobTable<T>,
        new: NewJob,
        forced: ForcedOutcome,
        data: T,
    ) -> Result<Started, ApiError> {
        self.settle();
        let rules = StartRules {
            job_duration: self.config.job_duration,
            max_concurrent: self.config.max_concurrent_jobs,
        };
        self.jobs
            .start(&self.clock, rules, table, new, forced, data)
    }

    /// Charges a v3 job like a v3 video (1 credit per started minute of its estimated output;
    /// 402 when the balance cannot cover it), then starts it; the credits go back if it
    /// cannot start (the concurrency limit).
    pub fn start_charged_job<T: JobData>(
        &self,
        table: &JobTable<T>,
        new: NewJob,
        forced: ForcedOutcome,
        data: T,
    ) -> Result<Started, ApiError> {
        let cost = super::credits::cost_of(new.estimated_seconds);
        self.credits.charge(cost)?;
        self.start_job(table, new, forced, data)
            .inspect_err(|_| self.credits.refund(cost))
    }

    /// Announces every job that has finished by now: webhook events, once each.
    pub fn settle(&self) {
        let base = self.bound_url();
        let links = self.links(&base);
        let now = links.now();
        self.jobs
            .settle(&links, |event| drop(self.webhooks.publish(&event, now)));
    }

    /// Forgets every job, endpoint, token, idempotency key, delivery, fault and logged request;
    /// restores the credit balance; stops pending retries; stores the seed jobs again.
    pub fn reset(&self) {
        self.jobs.reset(self.clock.now_ms());
        self.tokens.reset();
        self.idempotency.reset();
        self.credits.reset();
        self.requests.reset();
        self.limits.reset();
        self.webhooks.reset();
        for state in read(&self.resettable).iter() {
            state.reset();
        }
    }
}
