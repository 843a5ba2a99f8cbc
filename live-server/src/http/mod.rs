//! Answering HTTP requests: static renders of live routes, plain routes, files, the client
//! bundle, the WebSocket upgrade and the long-poll transport.

pub(crate) mod assets;
pub(crate) mod dev;
pub mod handler;
pub(crate) mod headers;
pub(crate) mod longpoll;
pub(crate) mod page;
pub mod root_layout;
pub(crate) mod service;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use futures_util::future::Either;
use futures_util::FutureExt;
use tracing::Instrument;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Body, Bytes};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use live_core::socket::Navigation;
use live_core::{Flash, Params};
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

use crate::channel::family::ServerHost;
use crate::channel::websocket;
use crate::connection_limit::ConnectionPermit;
use crate::router::colocated;
use crate::router::on_mount::MountContext;
use crate::router::{query_pairs, Route};
use crate::security::cookie::{cookie_value, CookieSession};
use crate::security::csrf;
use crate::security::flash_token::{self, FLASH_COOKIE};
use crate::security::origin;
use crate::security::view_token::{self, Nesting, ViewClaims};
use crate::server::AppState;
use page::{Page, BUNDLE_PATH};

pub(crate) type HttpResponse = Response<Full<Bytes>>;

fn respond(status: StatusCode, content_type: &'static str, body: impl Into<Bytes>) -> HttpResponse {
    let mut response = Response::new(Full::new(body.into()));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn text(status: StatusCode, body: &'static str) -> HttpResponse {
    respond(status, "text/plain; charset=utf-8", body)
}

/// What the request's cookies say: the session (or a fresh one) and a redirect's flash.
struct RequestCookies {
    session: CookieSession,
    /// The session cookie must be (re)written.
    write_session: bool,
    flash: Flash,
    /// A flash cookie came in and must be deleted.
    clear_flash: bool,
}

impl RequestCookies {
    fn read(headers: &hyper::HeaderMap, state: &AppState) -> Self {
        let header = headers
            .get(header::COOKIE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let existing = CookieSession::from_header(&state.signer, header);
        let flash_token = cookie_value(header, FLASH_COOKIE).filter(|t| !t.is_empty());
        RequestCookies {
            write_session: existing.is_none(),
            session: existing.unwrap_or_else(CookieSession::fresh),
            flash: flash_token
                .map(|t| flash_token::verify(&state.signer, t))
                .unwrap_or_default(),
            clear_flash: flash_token.is_some(),
        }
    }

    /// Adds the `Set-Cookie` headers this request needs.
    fn write(&self, state: &AppState, response: &mut HttpResponse, next_flash: &Flash) {
        let headers = response.headers_mut();
        let secure = state.config.cookies_secure();
        if self.write_session {
            let cookie = self.session.to_set_cookie(&state.signer, secure);
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                headers.append(header::SET_COOKIE, value);
            }
        }
        let secure = if secure { "; Secure" } else { "" };
        let flash_cookie = match flash_token::sign(&state.signer, next_flash) {
            Some(token) => Some(format!(
                "{FLASH_COOKIE}={token}; Max-Age=60; Path=/; SameSite=Lax{secure}"
            )),
            None if self.clear_flash => Some(format!("{FLASH_COOKIE}=; Max-Age=0; Path=/{secure}")),
            None => None,
        };
        if let Some(value) = flash_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
            headers.append(header::SET_COOKIE, value);
        }
    }
}

fn redirect_response(to: &str) -> HttpResponse {
    let mut response = respond(StatusCode::FOUND, "text/plain; charset=utf-8", "");
    if let Ok(location) = HeaderValue::from_str(to) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// The error of a request body, boxed (what [`Limited`] needs of the bodies it wraps).
pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Answers one HTTP request, with the configured security headers: the one path of the
/// standalone server and of [`LiveService`], whatever the request body (hyper's `Incoming`,
/// axum's `Body`…).
///
/// [`LiveService`]: service::LiveService
pub(crate) async fn handle<B>(req: Request<B>, state: Arc<AppState>) -> HttpResponse
where
    B: Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
{
    let mut response = route(req, state.clone()).await;
    headers::apply(&state.config, &mut response);
    response
}

/// The answer to one HTTP request.
async fn route<B>(req: Request<B>, state: Arc<AppState>) -> HttpResponse
where
    B: Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
{
    let path = req.uri().path().to_owned();
    if path == "/live/websocket" {
        return websocket(req, state);
    }
    if path == "/live/longpoll" {
        return longpoll::handle(req, state).await;
    }
    let path_and_query = req
        .uri()
        .path_and_query()
        .map_or("/", |pq| pq.as_str())
        .to_owned();
    let method = req.method().clone();
    if let Some((route, params)) = state.router.find_plain(method.as_str(), &path_and_query) {
        return plain(req, &state, &route.handler, params).await;
    }
    if method != Method::GET && method != Method::HEAD {
        return text(StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n");
    }
    if path == dev::RELOAD_PATH && state.config.live_reload {
        let mut response = respond(
            StatusCode::OK,
            "text/plain; charset=utf-8",
            state.boot_id.clone(),
        );
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return response;
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
    let colocated = match path.as_str() {
        colocated::SCRIPT_PATH => Some((&state.colocated_script, "text/javascript; charset=utf-8")),
        colocated::STYLES_PATH => Some((&state.colocated_styles, "text/css; charset=utf-8")),
        _ => None,
    };
    if let Some((Some(asset), content_type)) = colocated {
        let mut response = respond(StatusCode::OK, content_type, asset.text.clone());
        let versioned = crate::router::static_digest::version_of(req.uri().query().unwrap_or(""))
            .is_some_and(|v| v == asset.digest);
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(if versioned {
                "public, max-age=31536000, immutable"
            } else {
                "no-cache"
            }),
        );
        return response;
    }
    if path == assets::STYLESHEET_PATH || path == assets::stylesheet_digest_path() {
        return stylesheet(&req, path == assets::STYLESHEET_PATH);
    }
    if let Some(found) = state.router.find(&path_and_query) {
        return live_page(&req, &state, found.route(), &found.params());
    }
    if let Some(file) = state.router.find_file(&path) {
        return match tokio::fs::read(&file).await {
            Ok(bytes) => static_file(&req, &file, bytes),
            Err(err) => {
                tracing::warn!(file = %file.display(), "could not read file: {err}");
                text(StatusCode::NOT_FOUND, "not found\n")
            }
        };
    }
    if path == assets::FAVICON_PATH {
        let mut response = respond(StatusCode::OK, "image/png", assets::FAVICON);
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=86400"),
        );
        return response;
    }
    respond(
        StatusCode::NOT_FOUND,
        "text/html; charset=utf-8",
        page::not_found_html(&path),
    )
}

/// A file of a file route, with its content digest as `ETag`: `304` when the browser holds it,
/// cached for a year when asked for under its digest URL (`?vsn=…`, which changes with the
/// content), revalidated otherwise.
fn static_file<B>(req: &Request<B>, file: &std::path::Path, bytes: Vec<u8>) -> HttpResponse {
    use crate::router::static_digest::{digest_of, version_of};
    let digest = digest_of(&bytes);
    let etag = format!("\"{digest}\"");
    let fresh = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|tag| tag.trim() == etag || tag.trim() == "*")
        });
    let versioned = version_of(req.uri().query().unwrap_or("")).is_some_and(|v| v == digest);
    let mut response = if fresh {
        let mut response = Response::new(Full::new(Bytes::new()));
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        response
    } else {
        respond(StatusCode::OK, content_type(file), bytes)
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if versioned {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        }),
    );
    response
}

/// The stylesheet, with its digest as `ETag` (`304` when the browser has it): revalidated at
/// its stable path, cached for good at its digest path.
fn stylesheet<B>(req: &Request<B>, stable: bool) -> HttpResponse {
    let etag = format!("\"{}\"", assets::stylesheet_digest());
    let fresh = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| {
            tags.split(',')
                .any(|tag| tag.trim() == etag || tag.trim() == "*")
        });
    let mut response = if fresh {
        respond(StatusCode::NOT_MODIFIED, "text/css; charset=utf-8", "")
    } else {
        respond(
            StatusCode::OK,
            "text/css; charset=utf-8",
            assets::STYLESHEET,
        )
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if stable {
            "public, no-cache"
        } else {
            "public, max-age=31536000, immutable"
        }),
    );
    response
}

fn content_type(file: &std::path::Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// A plain route: reads the (small, urlencoded) body of a `POST`, checks its CSRF token, runs
/// the handler and saves the session if it changed.
async fn plain<B>(
    req: Request<B>,
    state: &AppState,
    handler: &handler::Handler,
    mut params: Params,
) -> HttpResponse
where
    B: Body,
    B::Error: Into<BoxError>,
{
    let mut cookies = RequestCookies::read(req.headers(), state);
    let method = req.method().as_str().to_owned();
    let path = req.uri().path().to_owned();
    if req.method() == Method::POST {
        let limit = state.config.max_body_bytes;
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|length| length > limit as u64) {
            return text(StatusCode::PAYLOAD_TOO_LARGE, "request body too large\n");
        }
        let read = Limited::new(req.into_body(), limit).collect();
        let body = match tokio::time::timeout(state.config.body_read_timeout, read).await {
            Ok(Ok(body)) => body.to_bytes(),
            Ok(Err(_)) => return text(StatusCode::PAYLOAD_TOO_LARGE, "request body too large\n"),
            Err(_) => {
                tracing::info!(%path, "request body not received in time");
                let mut response = text(StatusCode::REQUEST_TIMEOUT, "request body timed out\n");
                response
                    .headers_mut()
                    .insert(header::CONNECTION, HeaderValue::from_static("close"));
                return response;
            }
        };
        let body = String::from_utf8_lossy(&body).into_owned();
        let mut csrf_ok = false;
        for (key, value) in query_pairs(&body) {
            if key == "_csrf_token" {
                csrf_ok = csrf::matches(&cookies.session.csrf_secret, &value);
            } else {
                params.insert(key, value);
            }
        }
        if !csrf_ok {
            tracing::warn!(%path, "refused POST: missing or invalid CSRF token");
            return text(StatusCode::FORBIDDEN, "invalid CSRF token\n");
        }
    }
    let mut request = handler::Request {
        method,
        path,
        params,
        session: cookies.session.data.clone(),
        session_changed: false,
        csrf_token: csrf::mask(&cookies.session.csrf_secret).unwrap_or_default(),
        flash: std::mem::take(&mut cookies.flash),
    };
    let result = catch_unwind(AssertUnwindSafe(|| handler(&mut request)));
    let Ok(answer) = result else {
        tracing::error!(path = %request.path, "handler panicked");
        return respond(
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/html; charset=utf-8",
            page::error_html(),
        );
    };
    if request.session_changed {
        cookies.session.data = request.session;
        cookies.write_session = true;
    }
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = respond(status, answer.content_type, answer.body);
    if let Some(location) = answer
        .location
        .as_deref()
        .and_then(|l| HeaderValue::from_str(l).ok())
    {
        response.headers_mut().insert(header::LOCATION, location);
    }
    cookies.write(state, &mut response, &answer.flash);
    response
}

/// The static render of a live route inside the layout; sets the session cookie when missing.
fn live_page<B>(
    req: &Request<B>,
    state: &Arc<AppState>,
    route: &Route,
    params: &Params,
) -> HttpResponse {
    let cookies = RequestCookies::read(req.headers(), state);
    let view_id = view_token::new_view_id();
    let mut session = cookies.session.data.clone();
    session.set_connect_info(state.router.connect_info_of(
        req.extensions(),
        req.headers(),
        state.config.trust_proxy,
    ));
    session.set_state(state.router.app_state().clone());
    let base = state.config.public_url().unwrap_or_else(|| {
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok());
        format!("http://{}", host.unwrap_or("localhost"))
    });
    // The browser's URL: under a mount path (axum's `nest_service`) the request lost it.
    let uri = format!(
        "{base}{}{}",
        state.config.mount_path,
        req.uri().path_and_query().map_or("/", |pq| pq.as_str())
    );
    let started = std::time::Instant::now();
    let mut ctx = MountContext {
        params,
        session: &mut session,
        connected: false,
        uri: &uri,
    };
    if let Err(halt) = route.on_mount(&mut ctx) {
        tracing::info!(view = route.factory().name(), to = %halt.to, "on_mount halted the HTTP render");
        let mut response = redirect_response(&halt.to);
        cookies.write(state, &mut response, &halt.flash);
        return response;
    }
    let flash = cookies.flash.clone();
    // The children the view renders mount with its session, as it stands after on_mount.
    let host = ServerHost::new(
        state.clone(),
        route.live_session(),
        &session,
        state
            .router
            .connect_info_of(req.extensions(), req.headers(), state.config.trust_proxy),
        None,
    );
    session.set_nested_host(Arc::new(host));
    let rendered = dev::catch_render(state.config.development, || {
        let mut view = route.factory().mount(&view_id, params, &session, None)?;
        view.set_flash(flash.clone());
        let mut navigation = view.take_commands().navigation;
        navigation = view.handle_params(params, &uri)?.navigation.or(navigation);
        Ok::<_, live_core::ViewError>(match navigation {
            Some(
                Navigation::Redirect { to }
                | Navigation::Navigate { to, .. }
                | Navigation::Patch { to, .. },
            ) => Err((to, view.flash().clone())),
            None => {
                let title = view.pending_title().map(str::to_owned);
                Ok((view.render_html(), view.flash().clone(), title))
            }
        })
    });
    let (inner_html, flash, title) = match rendered {
        Ok(Ok(Ok(rendered))) => rendered,
        Ok(Ok(Err((to, flash)))) => {
            let mut response = redirect_response(&to);
            cookies.write(state, &mut response, &flash);
            return response;
        }
        Ok(Err(err)) => {
            tracing::error!(
                view = route.factory().name(),
                "disconnected mount failed: {err}"
            );
            let failure = dev::RenderFailure {
                message: err.to_string(),
                location: None,
                backtrace: None,
            };
            return render_failed(state, route, req.uri().path(), failure);
        }
        Err(failure) => {
            tracing::error!(
                view = route.factory().name(),
                location = failure.location.as_deref().unwrap_or("?"),
                "disconnected mount {}",
                failure.message
            );
            return render_failed(state, route, req.uri().path(), failure);
        }
    };
    tracing::info!(view = route.factory().name(), path = %req.uri().path(), elapsed = ?started.elapsed(), "mounted (disconnected)");
    let claims = ViewClaims {
        id: view_id.clone(),
        view: route.factory().name().to_owned(),
        live_session: route.live_session().to_owned(),
        session,
        flash,
        nesting: Nesting::Root,
    };
    let (session_token, static_token) = view_token::sign(&state.signer, &claims);
    let csrf_token = csrf::mask(&cookies.session.csrf_secret).unwrap_or_default();
    let policy = state.config.content_security_policy.as_deref();
    let nonce = policy.map(|_| headers::new_nonce());
    let socket_options = (!state.config.live_socket_options.is_empty())
        .then(|| serde_json::Value::Object(state.config.live_socket_options.clone()).to_string());
    let html = Page {
        title: title.as_deref().unwrap_or(&state.config.title),
        default_title: &state.config.title,
        title_prefix: &state.config.title_prefix,
        title_suffix: &state.config.title_suffix,
        socket_options: socket_options.as_deref(),
        layout: route.root_layout().or(state.config.root_layout.as_ref()),
        router: &state.router,
        colocated_script: state.colocated_script.as_ref().map(|a| a.digest.as_str()),
        colocated_styles: state.colocated_styles.as_ref().map(|a| a.digest.as_str()),
        head_html: &state.config.head_html,
        stylesheet: state.config.stylesheet.then(assets::stylesheet_digest_path),
        mount_path: &state.config.mount_path,
        nonce: nonce.as_deref(),
        live_reload: state.config.live_reload.then_some(state.boot_id.as_str()),
        csrf_token: &csrf_token,
        view_id: &view_id,
        session_token: &session_token,
        static_token: &static_token,
        inner_html: &inner_html,
    }
    .to_html();
    let mut response = respond(StatusCode::OK, "text/html; charset=utf-8", html);
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some((policy, nonce)) = policy.zip(nonce.as_deref()) {
        headers::insert_policy(policy, nonce, &mut response);
    }
    cookies.write(state, &mut response, &Flash::default());
    response
}

/// The 500 page of a failed first render: in development mode the error page with the view,
/// the error, its place and the backtrace; otherwise a plain error page.
fn render_failed(
    state: &AppState,
    route: &Route,
    path: &str,
    failure: dev::RenderFailure,
) -> HttpResponse {
    let html = if state.config.development {
        dev::error_page(route.factory().name(), path, &failure)
    } else {
        page::error_html()
    };
    respond(
        StatusCode::INTERNAL_SERVER_ERROR,
        "text/html; charset=utf-8",
        html,
    )
}

/// The initial read buffer of a WebSocket.
const WEBSOCKET_READ_BUFFER: usize = 1024;

/// The WebSocket upgrade on `/live/websocket` (docs/protocol.md §1.1).
fn websocket<B>(req: Request<B>, state: Arc<AppState>) -> HttpResponse {
    let (mut parts, _) = req.into_parts();
    let headers = &parts.headers;
    let header_has = |name: header::HeaderName, token: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
    };
    if parts.method != Method::GET
        || !header_has(header::CONNECTION, "upgrade")
        || !header_has(header::UPGRADE, "websocket")
    {
        return text(StatusCode::BAD_REQUEST, "expected a WebSocket upgrade\n");
    }
    let Some(key) = headers
        .get(header::SEC_WEBSOCKET_KEY)
        .map(|k| derive_accept_key(k.as_bytes()))
    else {
        return text(StatusCode::BAD_REQUEST, "missing Sec-WebSocket-Key\n");
    };
    let authorized = match SocketClient::check(&parts, &state) {
        Ok(client) => client.authorized,
        Err(refusal) => return text(StatusCode::FORBIDDEN, refusal),
    };
    let connect_info =
        state
            .router
            .connect_info_of(&parts.extensions, &parts.headers, state.config.trust_proxy);
    // hyper leaves this in the extensions of a request whose connection can upgrade; axum and
    // tower layers pass it on. Without it a 101 would never become a socket.
    let Some(upgrade) = parts.extensions.remove::<hyper::upgrade::OnUpgrade>() else {
        tracing::warn!("refused WebSocket: the connection cannot be upgraded (no OnUpgrade in the request extensions)");
        return text(
            StatusCode::INTERNAL_SERVER_ERROR,
            "this connection cannot be upgraded\n",
        );
    };
    let limit = state.config.max_message_bytes;
    // The connection's place under the connection limits, held as long as the socket lives.
    let permit = parts.extensions.remove::<Arc<ConnectionPermit>>();
    // Combinators, not an `async move` block: a block would keep its captured state beside the
    // socket's future for the socket's whole life.
    let socket = upgrade.then(move |upgraded| match upgraded {
        Ok(upgraded) => {
            // tungstenite's default read buffer is 128 KiB per socket, all of it resident
            // (zeroed on the first read): most of an idle view's memory. Frames from the
            // client are small; the buffer grows for a larger one.
            let config = WebSocketConfig::default()
                .read_buffer_size(WEBSOCKET_READ_BUFFER)
                .max_message_size(Some(limit))
                .max_frame_size(Some(limit));
            // The socket is made inside `run`: a stream made here would keep a second,
            // moved-from copy of itself in this task's state for the socket's whole life.
            let run = websocket::run(
                TokioIo::new(upgraded),
                config,
                state,
                authorized,
                connect_info,
            );
            Either::Left(run.instrument(crate::channel::connection::span("websocket")))
        }
        Err(err) => {
            tracing::debug!("WebSocket upgrade failed: {err}");
            Either::Right(std::future::ready(()))
        }
    });
    // The connection's place under the limits is given back when the socket ends.
    tokio::spawn(socket.map(move |()| drop(permit)));
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

/// The client opening a socket (a WebSocket upgrade or a long-poll request), as its query
/// parameters (`vsn`, `_csrf_token`), cookie and `Origin` describe it.
pub(crate) struct SocketClient {
    /// The session cookie is valid and the CSRF token matches it (otherwise joins are
    /// answered `stale`).
    pub(crate) authorized: bool,
    /// The CSRF secret of the session cookie, if the request has a valid one.
    pub(crate) cookie_secret: Option<String>,
}

impl SocketClient {
    /// Checks the serializer version and the origin; returns why the socket is refused.
    pub(crate) fn check(
        parts: &hyper::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, &'static str> {
        let headers = &parts.headers;
        let mut vsn = None;
        let mut csrf_token = None;
        for (name, value) in query_pairs(parts.uri.query().unwrap_or("")) {
            match name.as_str() {
                "vsn" => vsn = Some(value),
                "_csrf_token" => csrf_token = Some(value),
                _ => {}
            }
        }
        if !vsn.as_deref().is_some_and(|v| v.starts_with("2.0.")) {
            tracing::info!(?vsn, "refused socket: unsupported serializer version");
            return Err("unsupported vsn (expected 2.0.0)\n");
        }
        if !origin::allowed(
            headers,
            &state.config.allowed_origins,
            state.config.development,
        ) {
            tracing::warn!(origin = ?headers.get(header::ORIGIN), "refused socket: origin not allowed");
            return Err("origin not allowed\n");
        }
        let cookie = headers
            .get(header::COOKIE)
            .and_then(|v| v.to_str().ok())
            .and_then(|header| CookieSession::from_header(&state.signer, header));
        let authorized = cookie
            .as_ref()
            .zip(csrf_token)
            .is_some_and(|(cookie, token)| csrf::matches(&cookie.csrf_secret, &token));
        Ok(SocketClient {
            authorized,
            cookie_secret: cookie.map(|c| c.csrf_secret),
        })
    }
}
