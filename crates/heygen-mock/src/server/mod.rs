//! The HTTP server under the router: hyper's HTTP/1.1 connections with the limits a public
//! port needs, which `axum::serve` does not offer.
//!
//! - a header read timeout and a body read deadline ([`Config::read_timeout`]), so a stalled or
//!   trickling client (slowloris) is cut off instead of holding a connection forever;
//! - a bounded graceful shutdown ([`Config::shutdown_timeout`]): open connections get that long
//!   to finish, then they are closed;
//! - hyper's own answers to requests it cannot parse (400, 414, 431) in HeyGen's JSON envelope
//!   like every other error (`wire`);
//! - request bodies that a handler left unread (an unknown route, a wrong content type) are
//!   drained before the answer, so clients that stream a body read the error instead of a
//!   broken pipe (`body`).
//!
//! [`Config::read_timeout`]: crate::config::Config::read_timeout
//! [`Config::shutdown_timeout`]: crate::config::Config::shutdown_timeout

mod body;
mod wire;

use std::{future::Future, time::Duration};

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::{
    rt::{TokioIo, TokioTimer},
    service::TowerToHyperService,
};
use tokio::{net::TcpListener, sync::watch, task::JoinSet};

pub use body::{BodyGuard, answer_body_timeout, guard_body};

/// How long to pause accepting after an accept error (e.g. out of file descriptors), so the
/// loop does not spin.
const ACCEPT_ERROR_PAUSE: Duration = Duration::from_millis(50);

/// The limits a server runs with (from the configuration).
#[derive(Debug, Clone, Copy)]
pub struct ServeOptions {
    /// Longest wait for a request's headers.
    pub read_timeout: Duration,
    /// Longest wait for open connections once shutdown starts.
    pub shutdown_timeout: Duration,
}

/// Serves `app` on `listener` until `shutdown` resolves, then lets open connections finish for
/// at most `options.shutdown_timeout` and closes the rest.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    options: ServeOptions,
    shutdown: impl Future<Output = ()>,
) {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(options.read_timeout)
        // One flat buffer per write, so `wire` sees hyper's automatic answers whole.
        .writev(false);
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut connections = JoinSet::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        // Finished connections are reaped as we go, so the set holds only open ones.
        while connections.try_join_next().is_some() {}
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(ACCEPT_ERROR_PAUSE).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let io = TokioIo::new(wire::JsonErrors::new(stream));
        let connection = builder.serve_connection(io, TowerToHyperService::new(app.clone()));
        let mut stop = stop_rx.clone();
        connections.spawn(async move {
            let mut connection = std::pin::pin!(connection);
            let served = tokio::select! {
                served = connection.as_mut() => served,
                () = async { drop(stop.wait_for(|stop| *stop).await) } => {
                    // Ends after the request in flight, if any; idle connections end now.
                    connection.as_mut().graceful_shutdown();
                    connection.await
                }
            };
            if let Err(e) = served {
                tracing::debug!("connection ended: {e}");
            }
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    let open = connections.len();
    let drained = tokio::time::timeout(options.shutdown_timeout, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!(
            open = connections.len(),
            of = open,
            "shutdown timeout: closing connections that did not finish"
        );
        connections.abort_all();
        while connections.join_next().await.is_some() {}
    }
}
