//! v3 batches and bulk status reads, as every job family with batches answers them (videos
//! and assets today; translations and lipsyncs use the same shapes): a batch with one page of
//! its items, and `/statuses` entries for ids and batches. Areas say what each item's status
//! is; this module counts, aggregates and pages.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{
    error::ApiError,
    pagination::{Page, PageRequest},
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
