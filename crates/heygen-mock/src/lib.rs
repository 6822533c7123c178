//! A stateful mock of the HeyGen API.
//!
//! [`router`] gives an `axum::Router` to embed in tests; [`MockServer::start`] binds it to a
//! loopback port and serves it until dropped; the `heygen-mock` binary is the same behind a
//! command line.
//!
//! - [`core`]: what every area shares, naming none of them: clock, ids, the job engine,
//!   auth and tokens, limits, media signing, generated audio, webhook delivery, envelopes,
//!   extractors;
//! - [`areas`]: one folder per API area (videos, avatars, voices, templates, photo avatars,
//!   translations, lipsyncs, background removals, AI clipping, assets, webhooks, oauth,
//!   account, and the audio and brand library), each owning its routes, model and rules;
//! - [`control`]: the mock-only `/_mock` surface;
//! - [`server`]: the HTTP/1.1 server under the router (read timeouts, bounded shutdown, JSON
//!   answers to requests hyper cannot parse, unread bodies drained);
//! - [`catalogue`] (the built-in avatars, voices and templates) and [`config`].

#![warn(missing_docs)]

pub mod areas;
pub mod catalogue;
pub mod config;
pub mod control;
pub mod core;
pub mod server;

use std::{net::SocketAddr, sync::Arc, time::Duration};

pub use crate::core::Core;
use axum::{
    Router,
    extract::{DefaultBodyLimit, Request},
    middleware::{from_fn, from_fn_with_state},
};
pub use catalogue::Catalogue;
pub use config::{Config, ConfigError, RateLimit};
use tokio::{net::TcpListener, sync::oneshot, task::JoinHandle};

use crate::{
    core::{envelope, error::ApiError, files, layers},
    server::{BodyGuard, ServeOptions},
};

/// Largest request body accepted; larger ones get 413 / 40011.
pub const BODY_LIMIT: usize = 1024 * 1024;
/// How often finished jobs are announced when no request arrives to do it.
const SETTLE_INTERVAL: Duration = Duration::from_millis(100);

/// Why the mock could not start.
#[derive(Debug, thiserror::Error)]
pub enum MockError {
    /// The fixtures file is unusable.
    #[error(transparent)]
    Fixtures(#[from] catalogue::FixturesError),
    /// A configuration value the mock cannot run with.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
}

/// The whole mock as a router, with its catalogue loaded from `config.fixtures` if set.
pub fn router(config: Config) -> Result<Router, MockError> {
    config.validate()?;
    let catalogue = Catalogue::for_config(&config)?;
    Ok(router_with_core(Core::new(config), catalogue))
}

/// The router over a prepared core (tests keep a clone of the core to inspect it): the
/// areas' API routes, `/media`, `/_mock`, and the layers every request goes through.
pub fn router_with_core(core: Core, catalogue: Catalogue) -> Router {
    spawn_settler(&core);
    let areas = crate::areas::mount(&core, Arc::new(catalogue));
    let guard = BodyGuard {
        timeout: core.config.read_timeout,
        drain_limit: BODY_LIMIT,
    };
    Router::new()
        .merge(areas.api)
        .merge(files::routes(core.clone()))
        .merge(crate::control::routes(core.clone(), areas.control))
        .fallback(unknown_route)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        // Inside the envelope layer, so a 408 is written in the route's envelope; the guard
        // that drains unread bodies is outside it, so its `Connection: close` survives.
        .layer(from_fn_with_state(guard, server::answer_body_timeout))
        .layer(from_fn(envelope::render))
        .layer(from_fn_with_state(guard, server::guard_body))
        .layer(from_fn_with_state(core, layers::observe))
}

async fn unknown_route(request: Request) -> ApiError {
    ApiError::not_found(
        "route",
        &format!("{} {}", request.method(), request.uri().path()),
    )
}

/// Announces finished jobs in the background while the core lives.
fn spawn_settler(core: &Core) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    let weak = core.downgrade();
    runtime.spawn(async move {
        loop {
            tokio::time::sleep(SETTLE_INTERVAL).await;
            match Core::upgrade(&weak) {
                Some(core) => core.settle(),
                None => return,
            }
        }
    });
}

/// A running mock on a loopback port; stops when dropped.
pub struct MockServer {
    addr: SocketAddr,
    core: Core,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("addr", &self.addr)
            .finish()
    }
}

impl MockServer {
    /// Starts on `127.0.0.1` with a free port.
    pub async fn start(config: Config) -> Result<Self, MockError> {
        Self::start_on(config, SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    /// Starts on a given address (port 0 picks a free one).
    pub async fn start_on(config: Config, addr: SocketAddr) -> Result<Self, MockError> {
        Self::start_wrapped(config, addr, |router| router).await
    }

    /// Starts with the router passed through `wrap` first, e.g. to add a checking layer in tests.
    pub async fn start_wrapped(
        config: Config,
        addr: SocketAddr,
        wrap: impl FnOnce(Router) -> Router,
    ) -> Result<Self, MockError> {
        config.validate()?;
        let catalogue = Catalogue::for_config(&config)?;
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| MockError::Bind { addr, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| MockError::Bind { addr, source })?;
        let options = ServeOptions {
            read_timeout: config.read_timeout,
            shutdown_timeout: config.shutdown_timeout,
        };
        let core = Core::new(config);
        core.set_bound_url(format!("http://{addr}"));
        let app = wrap(router_with_core(core.clone(), catalogue));
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(server::serve(listener, app, options, async {
            let _ = rx.await;
        }));
        Ok(Self {
            addr,
            core,
            shutdown: Some(tx),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The live core: clock, jobs, webhooks.
    pub fn core(&self) -> &Core {
        &self.core
    }

    /// Stops accepting connections and waits for open ones to finish, for at most the
    /// configured `shutdown_timeout`; connections still open then are closed.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}
