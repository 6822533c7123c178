//! Background removals (v3 only): jobs that split a video into a foreground with alpha, a
//! grayscale matte and the background without the subject.
//!
//! - `model.rs`: the job data, its files (WebM with alpha, MP4s) and the view the wire renders;
//!   HeyGen names no webhook event and takes no `callback_url` for these jobs;
//! - `v3.rs`: `/v3/background-removals` (create, list, read, delete), with the body's
//!   `request_id` as the idempotency key.

mod model;
mod v3;

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use axum::Router;
pub use model::BackgroundRemoval;

use super::assets::AssetsArea;
use crate::core::{Core, Resettable, jobs::JobTable, sync::lock};

/// The background removals area: its jobs, the `request_id`s seen, and the uploads its
/// inputs may name.
pub struct BackgroundRemovalsArea {
    core: Core,
    jobs: Arc<JobTable<BackgroundRemoval>>,
    requests: Arc<RequestIds>,
    assets: Arc<AssetsArea>,
}

/// `request_id` → the job it created: HeyGen's idempotency for this endpoint (the
/// `Idempotency-Key` header is not honored here).
#[derive(Debug, Default)]
pub struct RequestIds {
    jobs: Mutex<HashMap<String, String>>,
}

impl Resettable for RequestIds {
    fn reset(&self) {
        lock(&self.jobs).clear();
    }
}

impl BackgroundRemovalsArea {
    /// Registers the jobs with the engine and the `request_id` table with reset.
    pub fn new(core: Core, assets: Arc<AssetsArea>) -> Arc<Self> {
        let jobs = Arc::new(JobTable::new(core.clock.now_ms()));
        core.jobs.register(jobs.clone());
        let requests = Arc::new(RequestIds::default());
        core.register_resettable(requests.clone());
        Arc::new(Self {
            core,
            jobs,
            requests,
            assets,
        })
    }
}

/// The background removal routes.
pub fn routes(area: Arc<BackgroundRemovalsArea>) -> Router {
    v3::routes(area)
}
