//! v3 cursor pagination: `limit` and `token` in, `{data, has_more, next_token}` out.
//!
//! A token is opaque to clients; here it is the stable sequence number of the last item of
//! the previous page, so a page boundary survives items created or deleted in between.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use serde::{Deserialize, Serialize};

use super::error::ApiError;

/// Prefix that versions the token format.
const TOKEN_PREFIX: &str = "p1:";

/// The `limit` and `token` query parameters of a v3 list.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    /// Items per page.
    pub limit: Option<u32>,
    /// The previous page's `next_token`.
    pub token: Option<String>,
}

/// A checked page request.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageRequest {
    /// Items per page.
    pub limit: usize,
    /// Resume after the item with this sequence number.
    pub after: Option<u64>,
}

impl PageQuery {
    /// Checks `limit` (1 to `max`, `default` when absent) and decodes `token`.
    pub fn request(&self, default: u32, max: u32) -> Result<PageRequest, ApiError> {
        let limit = self.limit.unwrap_or(default);
        if !(1..=max).contains(&limit) {
            return Err(ApiError::invalid(format!(
                "limit must be between 1 and {max}, not {limit}"
            ))
            .with_param("limit"));
        }
        let after = self.token.as_deref().map(decode).transpose()?;
        Ok(PageRequest {
            limit: limit as usize,
            after,
        })
    }
}

fn decode(token: &str) -> Result<u64, ApiError> {
    URL_SAFE_NO_PAD
        .decode(token)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| text.strip_prefix(TOKEN_PREFIX)?.parse().ok())
        .ok_or_else(|| {
            ApiError::invalid("token is not a next_token this server gave out").with_param("token")
        })
}

fn encode(seq: u64) -> String {
    URL_SAFE_NO_PAD.encode(format!("{TOKEN_PREFIX}{seq}"))
}

/// One page of a v3 list: the v3 list envelope.
#[derive(Debug, Serialize)]
pub struct Page<T> {
    /// The items.
    pub data: Vec<T>,
    /// Whether another page follows.
    pub has_more: bool,
    /// Pass as `token` for the next page.
    pub next_token: Option<String>,
}

impl<T> Page<T> {
    /// A whole list in one page (lists HeyGen does not page).
    pub fn all(data: Vec<T>) -> Self {
        Self {
            data,
            has_more: false,
            next_token: None,
        }
    }

    /// Takes up to `limit` items of `(sequence number, item)` already in list order and
    /// already past the cursor.
    pub fn of(items: impl IntoIterator<Item = (u64, T)>, limit: usize) -> Self {
        let mut items = items.into_iter();
        let mut data = Vec::with_capacity(limit.min(100));
        let mut last = None;
        for (seq, item) in items.by_ref().take(limit) {
            data.push(item);
            last = Some(seq);
        }
        let has_more = items.next().is_some();
        Self {
            data,
            has_more,
            next_token: has_more.then(|| last.map(encode)).flatten(),
        }
    }

    /// The same page with its items converted.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            data: self.data.into_iter().map(f).collect(),
            has_more: self.has_more,
            next_token: self.next_token,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_carry_a_token_that_resumes_after_the_last_item() {
        let page = Page::of((0..5u64).map(|i| (i, i)), 2);
        assert_eq!(page.data, [0, 1]);
        assert!(page.has_more);
        let query = PageQuery {
            limit: Some(2),
            token: page.next_token.clone(),
        };
        assert_eq!(query.request(10, 100).unwrap().after, Some(1));
        let last = Page::of((3..5u64).map(|i| (i, i)), 2);
        assert!(!last.has_more);
        assert!(last.next_token.is_none());
    }

    #[test]
    fn bad_limits_and_tokens_name_the_parameter() {
        let query = PageQuery {
            limit: Some(0),
            token: None,
        };
        assert_eq!(
            query.request(10, 100).unwrap_err().param.as_deref(),
            Some("limit")
        );
        let query = PageQuery {
            limit: None,
            token: Some("forged".into()),
        };
        assert_eq!(
            query.request(10, 100).unwrap_err().param.as_deref(),
            Some("token")
        );
    }
}
