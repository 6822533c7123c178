//! Request bodies with a read deadline, drained before the answer when a handler left them
//! unread.
//!
//! hyper has no body read timeout: a client that sends headers and then trickles (or stalls)
//! its body would hold the connection, and a graceful shutdown, forever. And when a handler
//! answers without reading the body (an unknown route, a wrong content type), hyper closes the
//! connection with the body unread, so a client still streaming it gets a broken pipe instead
//! of the JSON error. [`guard_body`] fixes both: the handler reads the body through a proxy that
//! fails once the deadline passes (answered 408 by [`answer_body_timeout`], inside the envelope
//! layer so the 408 is in the route's envelope), and whatever the handler left unread is read
//! and discarded before the answer goes out, up to a limit; past the limit or the deadline the
//! answer says `Connection: close` (which is why [`guard_body`] sits outside the envelope
//! layer: that layer rebuilds error answers, headers and all).

use std::{
    pin::Pin,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    task::{Context, Poll},
    time::Duration,
};

use axum::{
    body::{Body, Bytes, HttpBody},
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http_body::{Frame, SizeHint};
use tokio::time::{Instant, Sleep};

use crate::core::{envelope::Generation, error::ApiError, sync::lock};

/// What [`guard_body`] enforces.
#[derive(Debug, Clone, Copy)]
pub struct BodyGuard {
    /// Longest time to receive a whole request body, from the end of its headers.
    pub timeout: Duration,
    /// Most bytes read and discarded after a handler that did not read the whole body.
    pub drain_limit: usize,
}

/// The body as the handler and the guard share it; also in the request's extensions, for
/// [`answer_body_timeout`].
#[derive(Clone)]
struct BodyState(Arc<Shared>);

/// The body as the handler and the guard share it.
struct Shared {
    body: Mutex<Option<Body>>,
    deadline: Instant,
    timed_out: AtomicBool,
}

/// Middleware (outside the envelope layer): gives the handler a body with a deadline, and
/// drains what it left unread before answering (`Connection: close` when it cannot).
pub async fn guard_body(State(guard): State<BodyGuard>, request: Request, next: Next) -> Response {
    if request.body().is_end_stream() {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let shared = Arc::new(Shared {
        body: Mutex::new(Some(body)),
        deadline: deadline_after(guard.timeout),
        timed_out: AtomicBool::new(false),
    });
    let proxy = Proxy {
        shared: shared.clone(),
        sleep: None,
    };
    parts.extensions.insert(BodyState(shared.clone()));
    let mut response = next.run(Request::from_parts(parts, Body::new(proxy))).await;
    let unread = lock(&shared.body).take();
    if let Some(body) = unread
        && !drain(body, shared.deadline, guard.drain_limit).await
    {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// Now plus `timeout`, or a day from now if that overflows (a configuration not validated).
fn deadline_after(timeout: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(timeout)
        .unwrap_or_else(|| now + Duration::from_secs(24 * 3600))
}

/// Middleware (inside the envelope layer): answers 408 in the route's envelope when the body's
/// deadline passed while the handler was reading it, whatever the handler made of the error.
pub async fn answer_body_timeout(
    State(guard): State<BodyGuard>,
    request: Request,
    next: Next,
) -> Response {
    let state = request.extensions().get::<BodyState>().cloned();
    let response = next.run(request).await;
    if !state.is_some_and(|s| s.0.timed_out.load(Ordering::Relaxed)) {
        return response;
    }
    let mut timed_out = ApiError::from_status(
        StatusCode::REQUEST_TIMEOUT,
        &format!(
            "the request body did not arrive within {}",
            humantime::format_duration(guard.timeout)
        ),
    )
    .into_response();
    if let Some(generation) = response.extensions().get::<Generation>().copied() {
        timed_out.extensions_mut().insert(generation);
    }
    timed_out
}

/// Reads and discards the rest of a body; false if it ended in an error, ran past the
/// deadline or the limit.
async fn drain(mut body: Body, deadline: Instant, limit: usize) -> bool {
    let mut read = 0usize;
    let all = async {
        while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await
        {
            match frame {
                Ok(frame) => {
                    read = read.saturating_add(frame.data_ref().map_or(0, Bytes::len));
                    if read > limit {
                        return false;
                    }
                }
                Err(_) => return false,
            }
        }
        true
    };
    tokio::time::timeout_at(deadline, all)
        .await
        .unwrap_or(false)
}

/// The handler's view of the body: frames from the shared body until the deadline.
struct Proxy {
    shared: Arc<Shared>,
    sleep: Option<Pin<Box<Sleep>>>,
}

/// The body did not arrive in time.
#[derive(Debug, thiserror::Error)]
#[error("the request body did not arrive in time")]
struct BodyTimeout;

impl HttpBody for Proxy {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        {
            let mut body = lock(&this.shared.body);
            let Some(body) = body.as_mut() else {
                return Poll::Ready(None);
            };
            if let Poll::Ready(frame) = Pin::new(body).poll_frame(cx) {
                return Poll::Ready(frame);
            }
        }
        let deadline = this.shared.deadline;
        let sleep = this
            .sleep
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        if sleep.as_mut().poll(cx).is_ready() {
            this.shared.timed_out.store(true, Ordering::Relaxed);
            return Poll::Ready(Some(Err(axum::Error::new(BodyTimeout))));
        }
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        lock(&self.shared.body)
            .as_ref()
            .is_none_or(HttpBody::is_end_stream)
    }

    fn size_hint(&self) -> SizeHint {
        lock(&self.shared.body)
            .as_ref()
            .map_or_else(|| SizeHint::with_exact(0), HttpBody::size_hint)
    }
}
