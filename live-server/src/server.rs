//! The HTTP server: static renders of live routes, the client bundle and the WebSocket upgrade.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use live_core::socket::Navigation;
use live_core::Session;
use tokio::net::{TcpListener, ToSocketAddrs};
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::{Role, WebSocketConfig};
use tokio_tungstenite::WebSocketStream;

use crate::channel::connection;
use crate::config::Config;
use crate::cookie::CookieSession;
use crate::page::{self, Page, BUNDLE_PATH};
use crate::pubsub::{LocalPubSub, PubSub};
use crate::router::{query_pairs, Router};
use crate::token::Signer;
use crate::view_token::{self, ViewClaims};
use crate::{assets, csrf};

/// Shared by every connection of a server.
pub(crate) struct AppState {
    pub(crate) router: Router,
    pub(crate) config: Config,
    pub(crate) signer: Signer,
    pub(crate) pubsub: Arc<dyn PubSub>,
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

    /// A server for `router` with an explicit configuration.
    pub fn with_config(router: Router, config: Config) -> Self {
        Server::with_pubsub(router, config, Arc::new(LocalPubSub::default()))
    }

    /// A server whose views publish and subscribe through `pubsub` (share one between servers
    /// to connect them, or use another backend).
    pub fn with_pubsub(router: Router, config: Config, pubsub: Arc<dyn PubSub>) -> Self {
        let signer = Signer::new(&config.secret);
        Server {
            state: Arc::new(AppState {
                router,
                config,
                signer,
                pubsub,
            }),
        }
    }

    /// The server's PubSub: broadcast from any task to the views subscribed to a topic.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use live_server::{Router, Server};
    /// let server = Server::new(Router::new());
    /// server.pubsub().broadcast("news", Arc::new("extra!".to_owned()));
    /// ```
    pub fn pubsub(&self) -> Arc<dyn PubSub> {
        self.state.pubsub.clone()
    }

    /// Binds the listening socket.
    pub async fn bind(self, addr: impl ToSocketAddrs) -> std::io::Result<BoundServer> {
        let listener = TcpListener::bind(addr).await?;
        Ok(BoundServer {
            listener,
            state: self.state,
        })
    }
}

/// A server bound to its address, ready to [`serve`](BoundServer::serve).
#[derive(Debug)]
pub struct BoundServer {
    listener: TcpListener,
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

    /// Accepts connections until the task is dropped or the listener fails.
    pub async fn serve(self) -> std::io::Result<()> {
        loop {
            let (stream, peer) = self.listener.accept().await?;
            let state = self.state.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |req| {
                    let state = state.clone();
                    async move { Ok::<_, Infallible>(handle(req, state)) }
                });
                let served = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .with_upgrades()
                    .await;
                if let Err(err) = served {
                    tracing::debug!(%peer, "HTTP connection ended: {err}");
                }
            });
        }
    }
}

type HttpResponse = Response<Full<Bytes>>;

fn respond(status: StatusCode, content_type: &'static str, body: impl Into<Bytes>) -> HttpResponse {
    let mut response = Response::new(Full::new(body.into()));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn handle(req: Request<Incoming>, state: Arc<AppState>) -> HttpResponse {
    let path = req.uri().path();
    if path == "/live/websocket" {
        return websocket(req, state);
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return respond(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain; charset=utf-8",
            "method not allowed\n",
        );
    }
    if path == BUNDLE_PATH {
        let mut response = respond(
            StatusCode::OK,
            "text/javascript; charset=utf-8",
            assets::CLIENT_BUNDLE,
        );
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=3600"),
        );
        return response;
    }
    let path_and_query = req.uri().path_and_query().map_or("/", |pq| pq.as_str());
    match state.router.find(path_and_query) {
        Some((route, params)) => live_page(&req, &state, &route, &params),
        None => respond(
            StatusCode::NOT_FOUND,
            "text/html; charset=utf-8",
            page::not_found_html(path),
        ),
    }
}

/// The static render of a live route, setting the session cookie when there is none.
fn live_page(
    req: &Request<Incoming>,
    state: &AppState,
    route: &crate::router::Route,
    params: &live_core::Params,
) -> HttpResponse {
    let existing = req
        .headers()
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|header| CookieSession::from_header(&state.signer, header));
    let (cookie, set_cookie) = match existing {
        Some(cookie) => (cookie, None),
        None => {
            let cookie = CookieSession::fresh();
            let header = cookie.to_set_cookie(&state.signer);
            (cookie, Some(header))
        }
    };
    let view_id = view_token::new_view_id();
    let session = Session::default();
    let started = std::time::Instant::now();
    let uri = format!(
        "http://{}{}",
        req.headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("localhost"),
        req.uri().path_and_query().map_or("/", |pq| pq.as_str())
    );
    let rendered = catch_unwind(AssertUnwindSafe(|| {
        let mut view = route.factory().mount(&view_id, params, &session, None)?;
        let mut navigation = view.take_commands().navigation;
        let after_params = view.handle_params(params, &uri)?.navigation;
        navigation = after_params.or(navigation);
        Ok::<_, live_core::ViewError>(match navigation {
            Some(
                Navigation::Redirect { to }
                | Navigation::Navigate { to, .. }
                | Navigation::Patch { to, .. },
            ) => Err(to),
            None => Ok(view.render_html()),
        })
    }));
    let inner_html = match rendered {
        Ok(Ok(Ok(html))) => html,
        Ok(Ok(Err(location))) => {
            let mut response = respond(StatusCode::FOUND, "text/plain; charset=utf-8", "");
            if let Ok(location) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, location);
            }
            return response;
        }
        Ok(Err(err)) => {
            tracing::error!(
                view = route.factory().name(),
                "disconnected mount failed: {err}"
            );
            return respond(
                StatusCode::INTERNAL_SERVER_ERROR,
                "text/html; charset=utf-8",
                page::error_html(),
            );
        }
        Err(_) => {
            tracing::error!(view = route.factory().name(), "disconnected mount panicked");
            return respond(
                StatusCode::INTERNAL_SERVER_ERROR,
                "text/html; charset=utf-8",
                page::error_html(),
            );
        }
    };
    tracing::debug!(view = route.factory().name(), elapsed = ?started.elapsed(), "mounted (disconnected)");
    let claims = ViewClaims {
        id: view_id.clone(),
        view: route.factory().name().to_owned(),
        live_session: route.live_session().to_owned(),
        session,
    };
    let (session_token, static_token) = view_token::sign(&state.signer, &claims);
    let csrf_token = csrf::mask(&cookie.csrf_secret).unwrap_or_default();
    let html = Page {
        title: &state.config.title,
        csrf_token: &csrf_token,
        view_id: &view_id,
        session_token: &session_token,
        static_token: &static_token,
        inner_html: &inner_html,
    }
    .to_html();
    let mut response = respond(StatusCode::OK, "text/html; charset=utf-8", html);
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(set_cookie) = set_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        headers.insert(header::SET_COOKIE, set_cookie);
    }
    response
}

/// The WebSocket upgrade on `/live/websocket` (PROTOCOL.md §1.1).
fn websocket(mut req: Request<Incoming>, state: Arc<AppState>) -> HttpResponse {
    let headers = req.headers();
    let header_has = |name: header::HeaderName, token: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
    };
    if req.method() != Method::GET
        || !header_has(header::CONNECTION, "upgrade")
        || !header_has(header::UPGRADE, "websocket")
    {
        return respond(
            StatusCode::BAD_REQUEST,
            "text/plain; charset=utf-8",
            "expected a WebSocket upgrade\n",
        );
    }
    let Some(key) = headers
        .get(header::SEC_WEBSOCKET_KEY)
        .map(|k| derive_accept_key(k.as_bytes()))
    else {
        return respond(
            StatusCode::BAD_REQUEST,
            "text/plain; charset=utf-8",
            "missing Sec-WebSocket-Key\n",
        );
    };
    let query = req.uri().query().unwrap_or("");
    let mut vsn = None;
    let mut csrf_token = None;
    for (name, value) in query_pairs(query) {
        match name.as_str() {
            "vsn" => vsn = Some(value),
            "_csrf_token" => csrf_token = Some(value),
            _ => {}
        }
    }
    if !vsn.as_deref().is_some_and(|v| v.starts_with("2.0.")) {
        tracing::info!(?vsn, "refused WebSocket: unsupported serializer version");
        return respond(
            StatusCode::FORBIDDEN,
            "text/plain; charset=utf-8",
            "unsupported vsn (expected 2.0.0)\n",
        );
    }
    if !origin_allowed(headers, &state.config) {
        tracing::warn!(origin = ?headers.get(header::ORIGIN), "refused WebSocket: origin not allowed");
        return respond(
            StatusCode::FORBIDDEN,
            "text/plain; charset=utf-8",
            "origin not allowed\n",
        );
    }
    let authorized = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|header| CookieSession::from_header(&state.signer, header))
        .zip(csrf_token)
        .is_some_and(|(cookie, token)| csrf::matches(&cookie.csrf_secret, &token));
    let upgrade = hyper::upgrade::on(&mut req);
    let limit = state.config.max_message_bytes;
    tokio::spawn(async move {
        match upgrade.await {
            Ok(upgraded) => {
                let config = WebSocketConfig::default()
                    .max_message_size(Some(limit))
                    .max_frame_size(Some(limit));
                let ws = WebSocketStream::from_raw_socket(
                    TokioIo::new(upgraded),
                    Role::Server,
                    Some(config),
                )
                .await;
                connection::run(ws, state, authorized).await;
            }
            Err(err) => tracing::debug!("WebSocket upgrade failed: {err}"),
        }
    });
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
    let headers = response.headers_mut();
    headers.insert(header::CONNECTION, HeaderValue::from_static("Upgrade"));
    headers.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
    if let Ok(accept) = HeaderValue::from_str(&key) {
        headers.insert(header::SEC_WEBSOCKET_ACCEPT, accept);
    }
    response
}

/// Whether the upgrade's `Origin` (when present) is the server's own host or an allowed origin.
fn origin_allowed(headers: &hyper::HeaderMap, config: &Config) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    if config
        .allowed_origins
        .iter()
        .any(|allowed| allowed == origin)
    {
        return true;
    }
    let origin_host = origin.split_once("://").map_or(origin, |(_, host)| host);
    headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|host| host.eq_ignore_ascii_case(origin_host))
}
