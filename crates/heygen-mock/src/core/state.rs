//! The one typed struct every handler shares, and the work that crosses API areas.

use std::{
    collections::HashMap,
    ops::Deref,
    sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock},
};

use axum::{
    body::Bytes,
    http::{HeaderMap, header},
    response::{IntoResponse, Response},
};

use crate::{
    clock::MockClock,
    config::Config,
    control::RequestLog,
    fixtures::Catalogue,
    jobs::{JobKind, Schedule},
    limits::Limits,
    media::MediaSigner,
    oauth::OAuthStore,
    photo_avatars::PhotoAvatarStore,
    translations::TranslationStore,
    videos::VideoStore,
    webhooks::Webhooks,
};

/// Locks a mutex; a panic elsewhere while holding it must not take the whole mock down.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Cheap to clone; every handler gets one.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What [`AppState`] holds: configuration, the clock and each API area's state.
pub struct Shared {
    /// The configuration the server started with.
    pub config: Config,
    /// Mock time.
    pub clock: MockClock,
    /// Avatars, voices and templates.
    pub catalogue: Catalogue,
    /// Video jobs.
    pub videos: Mutex<VideoStore>,
    /// Photo avatar jobs.
    pub photo_avatars: Mutex<PhotoAvatarStore>,
    /// Translation jobs.
    pub translations: Mutex<TranslationStore>,
    /// Unfinished jobs by finish time, for webhook announcements and the concurrency limit.
    pub schedule: Mutex<Schedule>,
    /// Webhook endpoints and deliveries.
    pub webhooks: Webhooks,
    /// OAuth codes and tokens.
    pub oauth: Mutex<OAuthStore>,
    /// Rate limits and injected faults.
    pub limits: Limits,
    /// Recent requests, for `/_mock/requests`.
    pub requests: Mutex<RequestLog>,
    /// Signs and checks media links.
    pub media: MediaSigner,
    /// The server's own address, once bound (for links in webhook payloads).
    pub public_url: RwLock<String>,
    /// Serialized catalogue answers by (route, base URL): they change only with the Host.
    list_cache: RwLock<HashMap<(&'static str, String), Bytes>>,
}

/// Distinct Host values whose catalogue answers are kept; the Host header is client-chosen,
/// so the cache must not grow without bound.
const LIST_CACHE_LIMIT: usize = 64;

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// Fresh state for a configuration and catalogue.
    pub fn new(config: Config, catalogue: Catalogue) -> Self {
        let clock = MockClock::new(config.clock_speed);
        let webhooks = Webhooks::new(&config);
        let state = AppState(Arc::new(Shared {
            clock,
            catalogue,
            videos: Mutex::default(),
            photo_avatars: Mutex::default(),
            translations: Mutex::default(),
            schedule: Mutex::default(),
            webhooks,
            oauth: Mutex::default(),
            limits: Limits::default(),
            requests: Mutex::default(),
            media: MediaSigner::new(),
            public_url: RwLock::new("http://127.0.0.1:4010".into()),
            list_cache: RwLock::default(),
            config,
        }));
        state.seed();
        state
    }

    /// A weak handle for background tasks, so they end when the server is dropped.
    pub fn downgrade(&self) -> std::sync::Weak<Shared> {
        Arc::downgrade(&self.0)
    }

    /// Back from a weak handle.
    pub fn upgrade(weak: &std::sync::Weak<Shared>) -> Option<Self> {
        weak.upgrade().map(AppState)
    }

    /// Jobs the tutorial reads without creating them first (`abcdef123456`, ...), already done.
    fn seed(&self) {
        let now = self.clock.now_ms();
        lock(&self.videos).seed(now);
        lock(&self.photo_avatars).seed(now);
        lock(&self.translations).seed(now);
    }

    /// Forgets every job, endpoint, token, delivery and logged request; stops pending retries.
    pub fn reset(&self) {
        // Held throughout, so a job created meanwhile cannot lose its schedule entry.
        let mut schedule = lock(&self.schedule);
        schedule.clear();
        *lock(&self.videos) = VideoStore::default();
        *lock(&self.photo_avatars) = PhotoAvatarStore::default();
        *lock(&self.translations) = TranslationStore::default();
        *lock(&self.oauth) = OAuthStore::default();
        *lock(&self.requests) = RequestLog::default();
        self.limits.reset();
        self.webhooks.reset();
        drop(schedule);
        self.seed();
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

    /// A catalogue answer (read-only data whose links depend only on the base URL), built once
    /// per route and base URL and then served from memory.
    pub fn cached_json(
        &self,
        route: &'static str,
        base: String,
        build: impl FnOnce() -> serde_json::Value,
    ) -> Response {
        let key = (route, base);
        let hit = self
            .list_cache
            .read()
            .ok()
            .and_then(|c| c.get(&key).cloned());
        let body = hit.unwrap_or_else(|| {
            let body = Bytes::from(build().to_string());
            if let Ok(mut cache) = self.list_cache.write() {
                if cache.len() >= LIST_CACHE_LIMIT {
                    cache.clear();
                }
                cache.insert(key, body.clone());
            }
            body
        });
        ([(header::CONTENT_TYPE, "application/json")], body).into_response()
    }

    /// The bound address as a URL.
    pub fn bound_url(&self) -> String {
        self.public_url
            .read()
            .map(|u| u.clone())
            .unwrap_or_default()
    }

    /// Announces every job that has finished by now: webhook events, once each.
    ///
    /// The schedule stays locked while events are published, so two concurrent settles (a
    /// request's and the background ticker's) cannot publish out of finish order.
    pub fn settle(&self) {
        let now = self.clock.now_ms();
        let mut schedule = lock(&self.schedule);
        let due = schedule.take_due(now);
        if due.is_empty() {
            return;
        }
        let base = self.bound_url();
        for (kind, id) in due {
            let events = match kind {
                JobKind::Video => lock(&self.videos).event(&id, now, &base, &self.media),
                JobKind::PhotoAvatar => {
                    lock(&self.photo_avatars).event(&id, now, &base, &self.media)
                }
                JobKind::Translation => {
                    lock(&self.translations).event(&id, now, &base, &self.media)
                }
            };
            for event in events {
                self.webhooks.publish(event);
            }
        }
        drop(schedule);
    }
}
