//! Any v3 list as a [`Stream`] of its items: pages are fetched on demand, each with the
//! previous page's `next_token`, until `has_more` is false.
//!
//! ```no_run
//! # async fn demo(client: heygen_api::Client) -> Result<(), Box<dyn std::error::Error>> {
//! use futures::TryStreamExt;
//! use heygen_api::paginate::paginate;
//!
//! use heygen_api::paginate::PageToken;
//!
//! let videos: Vec<_> =
//!     paginate(|token| client.list_videos_v3().limit(100).page_token(token).send())
//!         .try_collect()
//!         .await?;
//! println!("{} videos", videos.len());
//! # Ok(())
//! # }
//! ```
//!
//! The closure gets `None` for the first page; [`PageToken::page_token`] sets the cursor on
//! any v3 list builder when there is one.

use std::future::Future;

use futures::{Stream, TryStreamExt, stream};
use progenitor_client::{Error, ResponseValue};

use crate::types;

/// A v3 list answer: one page of items and the cursor of the next.
pub trait Paged {
    /// What the list holds.
    type Item;
    /// The items, and the token of the next page if there is one.
    fn into_page(self) -> (Vec<Self::Item>, Option<String>);
}

macro_rules! paged {
    ($($list:ty => $item:ty),* $(,)?) => {$(
        impl Paged for $list {
            type Item = $item;
            fn into_page(self) -> (Vec<$item>, Option<String>) {
                let next = if self.has_more { self.next_token } else { None };
                (self.data, next)
            }
        }
    )*};
}

paged! {
    types::VideoListV3Response => types::VideoV3,
    types::WebhookEndpointListV3Response => types::WebhookEndpointV3,
    types::WebhookEventListV3Response => types::WebhookEventV3,
    types::AssetListV3Response => types::AssetV3,
    types::AssetSearchV3Response => types::AssetSearchResultV3,
    types::LipsyncListV3Response => types::LipsyncV3,
    types::BackgroundRemovalListV3Response => types::BackgroundRemovalV3,
    types::AiClippingListV3Response => types::AiClippingJobV3,
    types::VideoTranslationListV3Response => types::VideoTranslationV3,
    types::VoiceListV3Response => types::VoiceV3,
    types::AudioSoundListV3Response => types::AudioSoundV3,
    types::BrandKitListV3Response => types::BrandKitV3,
    types::BrandGlossaryListV3Response => types::BrandGlossaryV3,
    types::AvatarGroupListV3Response => types::AvatarGroupV3,
    types::AvatarLookListV3Response => types::AvatarLookV3,
    types::VideoAgentSessionListV3Response => types::VideoAgentSessionSummaryV3,
    types::VideoAgentStyleListV3Response => types::VideoAgentStyleV3,
}

/// Sets a list request's cursor when there is one (the generated `.token()` takes a value,
/// not an `Option`).
pub trait PageToken: Sized {
    /// The same request, resuming at `token` if it is `Some`.
    fn page_token(self, token: Option<String>) -> Self;
}

macro_rules! page_token {
    ($($builder:ident),* $(,)?) => {$(
        impl PageToken for crate::builder::$builder<'_> {
            fn page_token(self, token: Option<String>) -> Self {
                match token {
                    Some(token) => self.token(token),
                    None => self,
                }
            }
        }
    )*};
}

page_token!(
    ListVideosV3,
    ListWebhookEndpointsV3,
    ListWebhookEventsV3,
    ListAssetsV3,
    SearchAssetsV3,
    ListLipsyncsV3,
    ListBackgroundRemovalsV3,
    ListAiClippingV3,
    ListVideoTranslationsV3,
    ListVoicesV3,
    ListAudioSoundsV3,
    ListBrandKitsV3,
    ListBrandGlossariesV3,
    ListAvatarGroupsV3,
    ListAvatarLooksV3,
    ListVideoAgentSessionsV3,
    ListVideoAgentStylesV3,
);

enum Cursor {
    First,
    Next(String),
    Done,
}

/// Every item of a v3 list, fetching pages as the stream is read. `fetch` sends one list
/// request with the token it is given (`None` for the first page).
pub fn paginate<P, E, F, Fut>(mut fetch: F) -> impl Stream<Item = Result<P::Item, Error<E>>>
where
    P: Paged,
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<ResponseValue<P>, Error<E>>>,
{
    stream::try_unfold(Cursor::First, move |cursor| {
        let request = match cursor {
            Cursor::First => Some(fetch(None)),
            Cursor::Next(token) => Some(fetch(Some(token))),
            Cursor::Done => None,
        };
        async move {
            let Some(request) = request else {
                return Ok::<_, Error<E>>(None);
            };
            let (items, next) = request.await?.into_inner().into_page();
            let cursor = next.map_or(Cursor::Done, Cursor::Next);
            Ok(Some((stream::iter(items.into_iter().map(Ok)), cursor)))
        }
    })
    .try_flatten()
}
