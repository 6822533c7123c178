//! v3 batches and bulk status reads, as every job family with batches answers them (videos,
//! lipsyncs and assets; translations use the same shapes): the stored batches with the
//! countdown that announces `batch.finished` once, a batch with one page of its items, and
//! `/statuses` entries for ids and batches. Areas say how to plan and start an item; this
//! module charges, counts, aggregates and pages.

use std::{
    collections::BTreeMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
};

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use indexmap::IndexMap;
use serde::Serialize;
use serde_json::json;

use super::{
    Core, Resettable,
    clock::Millis,
    credits::Credits,
    envelope::{V3, v3},
    error::ApiError,
    ids::new_id,
    inputs::check_url,
    jobs::{Follower, JobData, JobTable, Phase},
    pagination::{Page, PageQuery, PageRequest},
    sync::lock,
    webhooks::Event,
};

/// Most ids one bulk status read takes, ids and batch ids together.
pub const MAX_STATUS_IDS: usize = 100;

/// Why an item failed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemError {
    /// A v3 error code, e.g. `not_found`.
    pub code: String,
    /// What went wrong.
    pub message: String,
}

/// One item of a batch as its area reads it: status (`queued`, `processing`, `completed` or
/// `failed`), the id it made (HeyGen calls it `video_id` whatever the resource), and why it
/// failed.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemState {
    /// Its status.
    pub status: &'static str,
    /// The id of what it made, once made.
    pub id: Option<String>,
    /// Why it failed.
    pub error: Option<ItemError>,
}

#[derive(Debug, Serialize)]
struct BatchItem {
    item_index: usize,
    status: &'static str,
    video_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ItemError>,
}

/// A batch with one page of its items: the `data` of `GET …/batches/{batch_id}`.
#[derive(Debug, Serialize)]
pub struct BatchDetail {
    batch_id: String,
    status: &'static str,
    title: Option<String>,
    created_at: u64,
    total_items: usize,
    counts_by_status: BTreeMap<&'static str, usize>,
    items: Vec<BatchItem>,
    has_more: bool,
    next_token: Option<String>,
}

fn terminal(status: &str) -> bool {
    status == "completed" || status == "failed"
}

impl BatchDetail {
    /// A batch's answer from its items' states: counts by status, the aggregate status
    /// (`processing` until every item is final, `failed` if all failed, else `completed`) and
    /// the page of items `page` asks for (the cursor is the item index).
    pub fn new(
        batch_id: String,
        title: Option<String>,
        created_s: u64,
        items: Vec<ItemState>,
        page: PageRequest,
    ) -> Self {
        let mut counts = BTreeMap::new();
        for item in &items {
            *counts.entry(item.status).or_insert(0) += 1;
        }
        let status = if !items.iter().all(|i| terminal(i.status)) {
            "processing"
        } else if !items.is_empty() && items.iter().all(|i| i.status == "failed") {
            "failed"
        } else {
            "completed"
        };
        let total_items = items.len();
        let paged = items
            .into_iter()
            .enumerate()
            .skip_while(|(i, _)| page.after.is_some_and(|after| *i as u64 <= after))
            .map(|(i, item)| {
                let entry = BatchItem {
                    item_index: i,
                    status: item.status,
                    video_id: item.id,
                    error: item.error,
                };
                (i as u64, entry)
            });
        let paged = Page::of(paged, page.limit);
        Self {
            batch_id,
            status,
            title,
            created_at: created_s,
            total_items,
            counts_by_status: counts,
            items: paged.data,
            has_more: paged.has_more,
            next_token: paged.next_token,
        }
    }
}

/// One entry of a bulk status read.
#[derive(Debug, Serialize)]
pub struct StatusEntry {
    video_id: Option<String>,
    status: &'static str,
    batch_id: Option<String>,
    item_index: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ItemError>,
}

impl StatusEntry {
    /// The entry of an id asked for directly (`not_found` when there is no such thing).
    pub fn of_id(id: &str, state: Option<ItemState>) -> Self {
        match state {
            Some(state) => Self {
                video_id: Some(id.to_owned()),
                status: state.status,
                batch_id: None,
                item_index: None,
                error: state.error,
            },
            None => Self {
                video_id: Some(id.to_owned()),
                status: "not_found",
                batch_id: None,
                item_index: None,
                error: None,
            },
        }
    }

    /// The entries of a batch asked for by id: one per item, or one `not_found`.
    pub fn of_batch(batch_id: &str, items: Option<Vec<ItemState>>) -> Vec<Self> {
        let Some(items) = items else {
            return vec![Self {
                video_id: None,
                status: "not_found",
                batch_id: Some(batch_id.to_owned()),
                item_index: None,
                error: None,
            }];
        };
        items
            .into_iter()
            .enumerate()
            .map(|(i, item)| Self {
                video_id: item.id,
                status: item.status,
                batch_id: Some(batch_id.to_owned()),
                item_index: Some(i),
                error: item.error,
            })
            .collect()
    }
}

/// The ids of a comma-separated query parameter, and of another, at most
/// [`MAX_STATUS_IDS`] together (`param` names the first in the error).
pub fn status_ids<'a>(
    ids: Option<&'a str>,
    batch_ids: Option<&'a str>,
    param: &str,
) -> Result<(Vec<&'a str>, Vec<&'a str>), ApiError> {
    let split = |list: Option<&'a str>| -> Vec<&'a str> {
        list.map(|l| {
            l.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
    };
    let (ids, batch_ids) = (split(ids), split(batch_ids));
    if ids.len() + batch_ids.len() > MAX_STATUS_IDS {
        return Err(ApiError::invalid(format!(
            "give at most {MAX_STATUS_IDS} ids in {param} and batch_ids together"
        ))
        .with_param(param));
    }
    Ok((ids, batch_ids))
}

/// What became of one submitted item of a batch.
#[derive(Debug, Clone)]
pub enum Made {
    /// A job was started; its id.
    Job(String),
    /// The item was refused (invalid, or the job could not start).
    Refused(ItemError),
}

/// A stored batch.
#[derive(Debug, Clone)]
pub struct Stored {
    /// Its display name.
    pub title: Option<String>,
    /// When it was created (mock time).
    pub created_ms: Millis,
    /// Its items, by index.
    pub items: Vec<Made>,
}

/// A job's place in a batch: the batch's countdown of unfinished items. Each job of a batch
/// holds one and counts down when it finishes (in its [`JobData::finished`]).
#[derive(Debug)]
pub struct BatchMember {
    /// The batch's id.
    pub batch_id: String,
    /// Unfinished items; the job that takes it to zero announces `batch.finished`.
    unfinished: AtomicUsize,
    /// Where `batch.finished` goes (unsigned), if anywhere.
    callback_url: Option<String>,
}

impl BatchMember {
    /// Counts one item of the batch as finished; the last one announces `batch.finished`, to
    /// subscribed endpoints and, unsigned, to the batch's callback URL.
    pub fn count_down(&self) -> Option<Event> {
        let before = self.unfinished.fetch_sub(1, Ordering::AcqRel);
        (before == 1).then(|| {
            Event::new(
                "batch.finished",
                json!({"batch_id": self.batch_id}),
                self.callback_url.clone(),
            )
            .about(&self.batch_id)
        })
    }
}

impl Follower for BatchMember {
    fn job_finished(&self, _id: &str, _phase: Phase<'_>, _output: Option<&str>) -> Vec<Event> {
        self.count_down().into_iter().collect()
    }
}

/// Every batch of one job family, in creation order.
#[derive(Debug, Default)]
pub struct Batches {
    batches: Mutex<IndexMap<String, Stored>>,
}

impl Resettable for Batches {
    fn reset(&self) {
        lock(&self.batches).clear();
    }
}

/// One submitted item, checked: what to start and what it costs, or why it is refused.
pub type Planned<P> = Result<(P, u64), ApiError>;

/// A new batch's answer: its id, and `batch.finished` when no item is left to finish.
#[derive(Debug)]
pub struct Opened {
    /// The batch's id.
    pub batch_id: String,
    /// The event to publish now (every item was refused).
    pub finished: Option<Event>,
}

impl Batches {
    /// Creates a batch from checked items: charges every valid item first (so a shortfall
    /// refuses the whole batch with 402), starts each with `start` (which hands the job the
    /// batch's [`BatchMember`]), refunds items that cannot start, and stores what became of
    /// each. The creating request holds one count of the countdown until every item is in,
    /// so `batch.finished` fires once, after the last item — here if no job was started.
    pub fn create<P>(
        &self,
        credits: &Credits,
        now: Millis,
        title: Option<String>,
        callback_url: Option<String>,
        planned: Vec<Planned<P>>,
        mut start: impl FnMut(P, Arc<BatchMember>) -> Result<String, ApiError>,
    ) -> Result<Opened, ApiError> {
        let cost = planned
            .iter()
            .filter_map(|p| p.as_ref().ok())
            .fold(0u64, |sum, (_, cost)| sum.saturating_add(*cost));
        credits.charge(cost)?;
        let batch_id = new_id("batch_");
        let valid = planned.iter().filter(|p| p.is_ok()).count();
        let member = Arc::new(BatchMember {
            batch_id: batch_id.clone(),
            unfinished: AtomicUsize::new(valid + 1),
            callback_url,
        });
        let refused = |e: ApiError| {
            Made::Refused(ItemError {
                code: e.v3_code.to_owned(),
                message: e.message,
            })
        };
        let items = planned
            .into_iter()
            .map(|item| match item {
                Err(e) => refused(e),
                Ok((plan, cost)) => match start(plan, member.clone()) {
                    Ok(id) => Made::Job(id),
                    Err(e) => {
                        credits.refund(cost);
                        // It will never count down by itself; the creating request still
                        // holds its count, so this cannot finish the batch.
                        let _ = member.count_down();
                        refused(e)
                    }
                },
            })
            .collect();
        lock(&self.batches).insert(
            batch_id.clone(),
            Stored {
                title,
                created_ms: now,
                items,
            },
        );
        // The creating request's own count: the event when every job has already finished.
        let finished = member.count_down();
        Ok(Opened { batch_id, finished })
    }

    /// A batch by id.
    pub fn get(&self, id: &str) -> Option<Stored> {
        lock(&self.batches).get(id).cloned()
    }

    /// A batch with one page of its items, each read from `table` (`noun` names the
    /// resource in errors: `video`, `lipsync`).
    pub fn detail<T: JobData>(
        &self,
        table: &JobTable<T>,
        batch_id: String,
        page: PageRequest,
        now: Millis,
        noun: &str,
    ) -> Result<BatchDetail, ApiError> {
        let stored = self
            .get(&batch_id)
            .ok_or_else(|| ApiError::not_found("batch", &batch_id).with_param("batch_id"))?;
        let states = stored
            .items
            .iter()
            .map(|made| item_state(table, made, now, noun))
            .collect();
        Ok(BatchDetail::new(
            batch_id,
            stored.title,
            stored.created_ms / 1000,
            states,
            page,
        ))
    }

    /// The entries of a bulk status read: one per id (`not_found` for unknown ones), then one
    /// per item of each batch.
    pub fn statuses<T: JobData>(
        &self,
        table: &JobTable<T>,
        ids: &[&str],
        batch_ids: &[&str],
        now: Millis,
        noun: &str,
    ) -> Vec<StatusEntry> {
        let mut entries = Vec::with_capacity(ids.len());
        for id in ids {
            let known = table.lock().get(id).is_some();
            let state = known.then(|| item_state(table, &Made::Job((*id).to_owned()), now, noun));
            entries.push(StatusEntry::of_id(id, state));
        }
        for batch_id in batch_ids {
            let items = self.get(batch_id).map(|stored| {
                stored
                    .items
                    .iter()
                    .map(|made| item_state(table, made, now, noun))
                    .collect()
            });
            entries.extend(StatusEntry::of_batch(batch_id, items));
        }
        entries
    }
}

/// The three batch routes of a job family (`POST …/batches`, `GET …/batches/{batch_id}`,
/// `GET …/statuses`) answered over its batches and job table; the area keeps only how to plan
/// and start an item. `noun` names the family's resource in errors (`video`, `lipsync`).
pub struct BatchRoutes<'a, T: JobData> {
    /// The core: credits, clock, webhooks.
    pub core: &'a Core,
    /// The family's batches.
    pub batches: &'a Batches,
    /// The family's jobs.
    pub table: &'a JobTable<T>,
    /// The resource, in errors.
    pub noun: &'static str,
}

#[derive(Debug, Serialize)]
struct BatchCreated {
    batch_id: String,
}

impl<T: JobData> BatchRoutes<'_, T> {
    /// `POST …/batches`: checks the batch's `callback_url`, creates the batch from the planned
    /// items (see [`Batches::create`]), publishes `batch.finished` at once when nothing is left
    /// to run, and answers 202 `{batch_id}`.
    pub fn create<P>(
        &self,
        title: Option<String>,
        callback_url: Option<String>,
        planned: Vec<Planned<P>>,
        start: impl FnMut(P, Arc<BatchMember>) -> Result<String, ApiError>,
    ) -> Result<Response, ApiError> {
        if let Some(url) = &callback_url {
            check_url(url, "callback_url")?;
        }
        let now = self.core.clock.now_ms();
        let opened =
            self.batches
                .create(&self.core.credits, now, title, callback_url, planned, start)?;
        if let Some(event) = opened.finished {
            self.core.webhooks.publish(&event, now);
        }
        Ok((
            StatusCode::ACCEPTED,
            v3(BatchCreated {
                batch_id: opened.batch_id,
            }),
        )
            .into_response())
    }

    /// `GET …/batches/{batch_id}`: the batch with one page (100 items by default) of its items.
    pub fn read(
        &self,
        batch_id: String,
        query: &PageQuery,
    ) -> Result<Json<V3<BatchDetail>>, ApiError> {
        let page = query.request(100, 100)?;
        let now = self.core.clock.now_ms();
        let detail = self
            .batches
            .detail(self.table, batch_id, page, now, self.noun)?;
        Ok(v3(detail))
    }

    /// `GET …/statuses`: one entry per id in `ids` (the query parameter `ids_param`), then
    /// one per item of each batch in `batch_ids`.
    pub fn statuses(
        &self,
        ids: Option<&str>,
        batch_ids: Option<&str>,
        ids_param: &str,
    ) -> Result<Json<Page<StatusEntry>>, ApiError> {
        let (ids, batch_ids) = status_ids(ids, batch_ids, ids_param)?;
        let now = self.core.clock.now_ms();
        let entries = self
            .batches
            .statuses(self.table, &ids, &batch_ids, now, self.noun);
        Ok(Json(Page::all(entries)))
    }
}

/// A batch item's state, read from its job (a deleted job is a failed item).
pub fn item_state<T: JobData>(
    table: &JobTable<T>,
    made: &Made,
    now: Millis,
    noun: &str,
) -> ItemState {
    let failed = |id: Option<String>, error: ItemError| ItemState {
        status: "failed",
        id,
        error: Some(error),
    };
    match made {
        Made::Refused(error) => failed(None, error.clone()),
        Made::Job(id) => {
            let jobs = table.lock();
            match jobs.get(id).map(|job| job.lifecycle.phase(now)) {
                None => failed(
                    Some(id.clone()),
                    ItemError {
                        code: "not_found".into(),
                        message: format!("the {noun} was deleted"),
                    },
                ),
                Some(phase) => ItemState {
                    status: match phase {
                        Phase::Pending => "queued",
                        other => other.as_str(),
                    },
                    id: Some(id.clone()),
                    error: phase.failure().map(|f| ItemError {
                        code: f.v3_code(),
                        message: f.summary(),
                    }),
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(status: &'static str) -> ItemState {
        ItemState {
            status,
            id: Some("x".into()),
            error: None,
        }
    }

    #[test]
    fn a_batch_is_processing_until_every_item_is_final() {
        let page = PageRequest {
            limit: 1,
            after: None,
        };
        let open = BatchDetail::new(
            "b".into(),
            None,
            0,
            vec![state("queued"), state("failed")],
            page,
        );
        assert_eq!(open.status, "processing");
        assert_eq!(open.items.len(), 1);
        assert!(open.has_more);
        let done = BatchDetail::new(
            "b".into(),
            None,
            0,
            vec![state("completed"), state("failed")],
            page,
        );
        assert_eq!(done.status, "completed");
        assert_eq!(done.counts_by_status.get("failed"), Some(&1));
        let failed = BatchDetail::new("b".into(), None, 0, vec![state("failed")], page);
        assert_eq!(failed.status, "failed");
    }

    #[test]
    fn status_ids_are_split_and_bounded() {
        let (ids, batches) = status_ids(Some("a, b,,c"), None, "video_ids").unwrap();
        assert_eq!((ids, batches.len()), (vec!["a", "b", "c"], 0));
        let many = vec!["x"; 101].join(",");
        assert_eq!(
            status_ids(Some(&many), None, "video_ids")
                .unwrap_err()
                .param
                .as_deref(),
            Some("video_ids")
        );
    }
}
