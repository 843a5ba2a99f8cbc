//! The HTTP server: static renders of live routes, the client bundle and the WebSocket upgrade.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, ToSocketAddrs};

use crate::channel::longpoll::Sessions;
use crate::config::Config;
use crate::connection_limit::ConnectionLimits;
use crate::http;
use crate::http::service::LiveService;
use crate::pubsub::{LocalPubSub, PubSub};
use crate::router::Router;
use crate::security::token::Signer;
use crate::shutdown::RunningViews;
use crate::write_deadline::WriteDeadline;

/// Shared by every connection of a server.
pub(crate) struct AppState {
    pub(crate) router: Router,
    pub(crate) config: Config,
    pub(crate) signer: Signer,
    pub(crate) pubsub: Arc<dyn PubSub>,
    /// Flips to `true` when the server shuts down; every connection watches it.
    pub(crate) shutdown: tokio::sync::watch::Sender<bool>,
    /// Random per server start: live reload sees a new one after a restart.
    pub(crate) boot_id: String,
    /// The open long-poll sessions.
    pub(crate) longpoll: Sessions,
    /// The view types rendered as nested views, for their joins.
    pub(crate) child_views: crate::channel::family::ChildViews,
    /// Where uploads are received.
    pub(crate) uploads: crate::upload::dir::UploadDir,
    /// The router's colocated hooks script and stylesheet, built once.
    pub(crate) colocated_script: Option<crate::router::colocated::Asset>,
    pub(crate) colocated_styles: Option<crate::router::colocated::Asset>,
    /// The view tasks still running, waited for on shutdown.
    pub(crate) running_views: Arc<RunningViews>,
}

/// A live application server: live routes rendered over HTTP and served over WebSocket.
///
/// ```no_run
/// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
/// # #[derive(live_core::LiveView)] struct Home {}
/// # impl LiveView for Home {
/// #     type Info = ();
/// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Home {}) }
/// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p>home</p> } }
/// # }
/// use live_server::{Router, Server};
/// # async fn run() -> std::io::Result<()> {
/// let server = Server::new(Router::new().live::<Home>("/")).bind("127.0.0.1:4000").await?;
/// println!("listening on http://{}", server.local_addr()?);
/// server.serve().await
/// # }
/// ```
pub struct Server {
    state: Arc<AppState>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("router", &self.state.router)
            .field("config", &self.state.config)
            .finish()
    }
}

impl Server {
    /// A server for `router`, configured from the environment ([`Config::from_env`]).
    pub fn new(router: Router) -> Self {
        Server::with_config(router, Config::from_env())
    }

    /// A server for `router` with an explicit configuration: its PubSub is in-process, or on
    /// the Redis of [`Config::redis_url`] (feature `redis`; call it inside a tokio runtime then).
    pub fn with_config(router: Router, config: Config) -> Self {
        let pubsub = pubsub_for(&config);
        Server::with_pubsub(router, config, pubsub)
    }

    /// A server whose views publish and subscribe through `pubsub` (share one between servers
    /// to connect them, or use another backend).
    pub fn with_pubsub(router: Router, config: Config, pubsub: Arc<dyn PubSub>) -> Self {
        let signer = Signer::rotating(&config.secret, &config.previous_secrets);
        let uploads = crate::upload::dir::UploadDir::open(config.upload_dir.clone());
        router.log_routes();
        let colocated_script = router.colocated().script();
        let colocated_styles = router.colocated().stylesheet();
        Server {
            state: Arc::new(AppState {
                colocated_script,
                colocated_styles,
                router,
                config,
                signer,
                pubsub,
                shutdown: tokio::sync::watch::channel(false).0,
                boot_id: crate::security::view_token::new_view_id(),
                longpoll: Sessions::default(),
                child_views: Default::default(),
                uploads,
                running_views: Arc::default(),
            }),
        }
    }

    /// The server's PubSub: broadcast from any task to the views subscribed to a topic.
    ///
    /// ```
    /// use live_server::{Router, Server};
    /// let server = Server::new(Router::new());
    /// server.pubsub().publish("news", "extra!".to_owned());
    /// ```
    pub fn pubsub(&self) -> Arc<dyn PubSub> {
        self.state.pubsub.clone()
    }

    /// This application as a `tower::Service`, to mount inside axum or under tower middleware
    /// instead of binding a socket of its own (see [`LiveService`]).
    ///
    /// ```
    /// use live_server::{Router, Server};
    /// let live = Server::new(Router::new()).into_service();
    /// let also_live = live.clone(); // one Arc: clone it per connection, per route
    /// # drop(also_live);
    /// ```
    pub fn into_service(self) -> LiveService {
        LiveService::new(self.state)
    }

    /// Binds the listening socket.
    /// Fails without binding when the configuration is unusable (see [`Config`]).
    pub async fn bind(self, addr: impl ToSocketAddrs) -> std::io::Result<BoundServer> {
        self.state.config.validate()?;
        let listener = TcpListener::bind(addr).await?;
        let config = &self.state.config;
        let limits =
            ConnectionLimits::new(config.max_connections_per_client, config.max_connections);
        Ok(BoundServer {
            listener,
            limits: Arc::new(limits),
            state: self.state,
        })
    }
}

/// Runs `router` the way the examples and small apps do: binds 127.0.0.1 on the port in `PORT`
/// (default 4000; `PORT=0` picks a free one), logs `"{name}: listening on http://…{path}"` (at
/// info level, through `tracing`) and serves until SIGTERM or Ctrl-C, then shuts down gracefully.
///
/// ```no_run
/// # async fn run(router: live_server::Router) -> std::io::Result<()> {
/// live_server::run_local("demo", "/", router, live_server::Config::from_env().title("Demo")).await
/// # }
/// ```
pub async fn run_local(
    name: &str,
    path: &str,
    router: Router,
    config: Config,
) -> std::io::Result<()> {
    let port: u16 = match std::env::var("PORT") {
        Ok(port) => port.parse().map_err(|_| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("PORT={port} is not a port number"),
            )
        })?,
        Err(_) => 4000,
    };
    let server = Server::with_config(router, config)
        .bind(("127.0.0.1", port))
        .await?;
    tracing::info!("{name}: listening on http://{}{path}", server.local_addr()?);
    server.serve_with_shutdown(crate::shutdown_signal()).await
}

/// The PubSub `config` asks for: on the Redis of [`Config::redis_url`] when set (feature
/// `redis`; call it inside a tokio runtime then), else in-process. [`Server::with_config`] uses
/// it; call it yourself to share the PubSub with a [`Presence`](crate::Presence) before
/// building the server with [`Server::with_pubsub`].
///
/// ```
/// let config = live_server::Config::insecure_dev_secret();
/// let pubsub = live_server::pubsub_for(&config);
/// let server = live_server::Server::with_pubsub(live_server::Router::new(), config, pubsub);
/// # drop(server);
/// ```
pub fn pubsub_for(config: &Config) -> Arc<dyn PubSub> {
    #[cfg(feature = "redis")]
    if let Some(url) = config.redis() {
        match crate::pubsub::redis::RedisPubSub::connect(url) {
            Ok(pubsub) => {
                tracing::info!(node = pubsub.node_id(), "PubSub shared through Redis");
                return pubsub;
            }
            Err(err) => {
                tracing::error!("Redis URL {url:?} unusable ({err}); PubSub in-process only")
            }
        }
    }
    let _ = config;
    Arc::new(LocalPubSub::default())
}

/// A server bound to its address, ready to [`serve`](BoundServer::serve).
#[derive(Debug)]
pub struct BoundServer {
    listener: TcpListener,
    limits: Arc<ConnectionLimits>,
    state: Arc<AppState>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("router", &self.router)
            .finish()
    }
}

impl BoundServer {
    /// The address the server listens on (useful after binding port 0).
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Accepts connections until the task is dropped. An `accept` error never ends the server:
    /// a connection that failed during accept is skipped, and running out of file descriptors
    /// (`EMFILE`, `ENFILE`) or memory pauses accepting briefly, then accepting resumes.
    pub async fn serve(self) -> std::io::Result<()> {
        self.serve_with_shutdown(std::future::pending()).await
    }

    /// Like [`serve`](BoundServer::serve), until `signal` completes (e.g.
    /// [`shutdown_signal`](crate::shutdown_signal), SIGTERM): then the server stops accepting,
    /// every view finishes the event it is handling and runs `terminate` with
    /// [`TerminateReason::Shutdown`], every WebSocket closes with code 1012 ("service
    /// restart") and every long-poll session ends (its waiting poll is answered "session
    /// gone"), so clients reconnect to the next server instead of reloading the page
    /// (docs/protocol.md §1.5); kept-alive HTTP connections close once their request is
    /// answered. Returns when every view has ended, or after [`Config::shutdown_grace`].
    ///
    /// [`TerminateReason::Shutdown`]: live_core::TerminateReason::Shutdown
    ///
    /// ```no_run
    /// # async fn run(server: live_server::BoundServer) -> std::io::Result<()> {
    /// let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    /// // Hand `stop` to whatever decides to shut down (a signal handler, an admin endpoint…).
    /// # drop(stop);
    /// server.serve_with_shutdown(async { let _ = stopped.await; }).await
    /// # }
    /// ```
    pub async fn serve_with_shutdown(
        self,
        signal: impl std::future::Future<Output = ()>,
    ) -> std::io::Result<()> {
        tokio::pin!(signal);
        loop {
            let accepted = tokio::select! {
                accepted = self.listener.accept() => accepted,
                () = &mut signal => {
                    return self.stop().await;
                }
            };
            let (stream, peer) = match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    if let Some(pause) = accept_backoff(&err) {
                        tracing::warn!(
                            "accept failed ({err}); pausing {pause:?} before accepting again"
                        );
                        tokio::select! {
                            () = tokio::time::sleep(pause) => {}
                            () = &mut signal => {
                                return self.stop().await;
                            }
                        }
                    } else {
                        tracing::debug!("accept failed for one connection: {err}");
                    }
                    continue;
                }
            };
            let permit = match self.limits.admit(peer.ip()) {
                Ok(permit) => Arc::new(permit),
                Err(refused) => {
                    tracing::debug!(%peer, ?refused, "connection refused: over the limit");
                    drop(stream);
                    continue;
                }
            };
            // Frames are small and each is written when ready: Nagle's algorithm would hold one
            // back until the client acknowledged the one before (which it may delay), e.g. an
            // upload chunk's reply behind a progress reply.
            if let Err(err) = stream.set_nodelay(true) {
                tracing::debug!(%peer, "cannot set TCP_NODELAY: {err}");
            }
            let state = self.state.clone();
            let mut shutdown = self.state.shutdown.subscribe();
            let header_read_timeout = state.config.header_read_timeout;
            let write_timeout = state.config.socket_write_timeout;
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |mut req| {
                    let state = state.clone();
                    // A WebSocket upgrade takes the permit along (see `http::websocket`).
                    req.extensions_mut().insert(permit.clone());
                    req.extensions_mut()
                        .insert(crate::router::connect_info::PeerAddr(peer));
                    async move { Ok::<_, Infallible>(http::handle(req, state).await) }
                });
                let connection = hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(header_read_timeout)
                    .serve_connection(
                        TokioIo::new(WriteDeadline::new(stream, write_timeout)),
                        service,
                    )
                    .with_upgrades();
                tokio::pin!(connection);
                // On shutdown a kept-alive connection finishes its request and closes, so a
                // client (a long poll above all) reconnects to the next server instead of
                // reaching this one's state. The sender lives in `state`, which outlives this.
                let served = tokio::select! {
                    served = connection.as_mut() => served,
                    _ = shutdown.changed() => {
                        connection.as_mut().graceful_shutdown();
                        connection.await
                    }
                };
                if let Err(err) = served {
                    tracing::debug!(%peer, "HTTP connection ended: {err}");
                }
            });
        }
    }
}

impl BoundServer {
    /// Stops: tells every connection, then waits for the views up to the grace period.
    async fn stop(self) -> std::io::Result<()> {
        drop(self.listener);
        let views = self.state.running_views.count();
        tracing::info!(views, "shutting down: closing every socket with 1012");
        self.state.shutdown.send_replace(true);
        let grace = self.state.config.shutdown_grace;
        if self.state.running_views.wait_all_ended(grace).await {
            tracing::info!("shut down: every view terminated");
        } else {
            let left = self.state.running_views.count();
            tracing::warn!(left, "shut down after {grace:?} with views still running");
        }
        Ok(())
    }
}

/// How long to pause accepting after `err`, or `None` when only that one connection failed
/// (it was reset or aborted before we took it) and the next accept can run at once.
///
/// Out of descriptors (`EMFILE`, `ENFILE`), buffers or memory, the same error would come back
/// immediately: pausing lets connections end and free what they hold, without a busy loop.
fn accept_backoff(err: &std::io::Error) -> Option<std::time::Duration> {
    use std::io::ErrorKind;
    match err.kind() {
        ErrorKind::ConnectionAborted
        | ErrorKind::ConnectionReset
        | ErrorKind::ConnectionRefused
        | ErrorKind::Interrupted
        | ErrorKind::WouldBlock => None,
        _ => Some(ACCEPT_BACKOFF),
    }
}

/// The pause after an `accept` error that would repeat at once (descriptors exhausted).
const ACCEPT_BACKOFF: std::time::Duration = std::time::Duration::from_millis(50);

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Error, ErrorKind};

    #[test]
    fn descriptor_exhaustion_pauses_and_a_failed_connection_does_not() {
        // EMFILE and ENFILE are 24 and 23 on Linux and the BSDs.
        assert_eq!(
            accept_backoff(&Error::from_raw_os_error(24)),
            Some(ACCEPT_BACKOFF)
        );
        assert_eq!(
            accept_backoff(&Error::from_raw_os_error(23)),
            Some(ACCEPT_BACKOFF)
        );
        assert_eq!(
            accept_backoff(&Error::from(ErrorKind::OutOfMemory)),
            Some(ACCEPT_BACKOFF)
        );
        assert_eq!(
            accept_backoff(&Error::from(ErrorKind::ConnectionAborted)),
            None
        );
        assert_eq!(accept_backoff(&Error::from(ErrorKind::Interrupted)), None);
    }
}
