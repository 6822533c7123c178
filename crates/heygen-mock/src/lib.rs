//! A stateful mock of the HeyGen API.
//!
//! [`router`] gives an `axum::Router` to embed in tests; [`MockServer::start`] binds it to a
//! loopback port and serves it until dropped; the `heygen-mock` binary is the same behind a
//! command line. Each API area owns its routes, state and rules in one module:
//! [`avatars`], [`voices`], [`videos`], [`templates`], [`photo_avatars`], [`translations`],
//! [`webhooks`], [`oauth`], plus [`media`] (the files behind links) and [`control`]
//! (`/_mock/`). Cross-cutting pieces: [`jobs`] (lifecycles on the mock [`clock`]), [`auth`],
//! [`limits`], [`error`] (HeyGen's envelopes) and [`spec`] (the OpenAPI document as validators).

#![warn(missing_docs)]

pub mod auth;
pub mod avatars;
pub mod clock;
pub mod config;
pub mod control;
pub mod error;
pub mod extract;
pub mod fixtures;
pub mod jobs;
pub mod limits;
pub mod media;
pub mod oauth;
pub mod photo_avatars;
pub mod spec;
pub mod state;
pub mod templates;
pub mod translations;
pub mod videos;
pub mod voices;
pub mod webhooks;

use std::{net::SocketAddr, time::Duration};

use axum::{
    Router,
    extract::{DefaultBodyLimit, Request},
    middleware::{from_fn, from_fn_with_state},
};
pub use config::{Config, RateLimit};
use error::ApiError;
pub use fixtures::Catalogue;
pub use state::AppState;
use tokio::{net::TcpListener, sync::oneshot, task::JoinHandle};

/// Largest request body accepted; larger ones get 413 / 40011.
pub const BODY_LIMIT: usize = 1024 * 1024;
/// How often finished jobs are announced when no request arrives to do it.
const SETTLE_INTERVAL: Duration = Duration::from_millis(100);

/// Why the mock could not start.
#[derive(Debug, thiserror::Error)]
pub enum MockError {
    /// The fixtures file is unusable.
    #[error(transparent)]
    Fixtures(#[from] fixtures::FixturesError),
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
    let catalogue = Catalogue::for_config(&config)?;
    Ok(router_with_state(AppState::new(config, catalogue)))
}

/// The router for a prepared state (tests keep a clone of the state to inspect it).
pub fn router_with_state(state: AppState) -> Router {
    spawn_settler(&state);
    let api = Router::new()
        .merge(avatars::routes())
        .merge(voices::routes())
        .merge(videos::routes())
        .merge(templates::routes())
        .merge(photo_avatars::routes())
        .merge(translations::routes())
        .merge(webhooks::routes())
        .merge(oauth::routes())
        // route_layer: unknown paths stay 404 instead of becoming 401s.
        .route_layer(from_fn_with_state(state.clone(), limits::apply))
        .route_layer(from_fn_with_state(state.clone(), auth::require_credentials));
    Router::new()
        .merge(api)
        .merge(media::routes())
        .merge(control::routes())
        .fallback(unknown_route)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(from_fn(error::envelope))
        .layer(from_fn_with_state(state.clone(), control::observe))
        .with_state(state)
}

async fn unknown_route(request: Request) -> ApiError {
    ApiError::not_found(
        "route",
        &format!("{} {}", request.method(), request.uri().path()),
    )
}

/// Announces finished jobs in the background while the state lives.
fn spawn_settler(state: &AppState) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    let weak = state.downgrade();
    runtime.spawn(async move {
        loop {
            tokio::time::sleep(SETTLE_INTERVAL).await;
            match AppState::upgrade(&weak) {
                Some(state) => state.settle(),
                None => return,
            }
        }
    });
}

/// A running mock on a loopback port; stops when dropped.
pub struct MockServer {
    addr: SocketAddr,
    state: AppState,
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
        let catalogue = Catalogue::for_config(&config)?;
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| MockError::Bind { addr, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| MockError::Bind { addr, source })?;
        let state = AppState::new(config, catalogue);
        if let Ok(mut url) = state.public_url.write() {
            *url = format!("http://{addr}");
        }
        let app = wrap(router_with_state(state.clone()));
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
            if let Err(e) = served {
                tracing::error!("server error: {e}");
            }
        });
        Ok(Self {
            addr,
            state,
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

    /// The live state: clock, stores, webhooks.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Stops accepting connections and waits for open ones to finish.
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
