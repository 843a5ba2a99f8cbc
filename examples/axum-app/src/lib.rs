//! live inside axum: one process serves an axum JSON API and a LiveView dashboard, both reading
//! and changing one shared [`AppState`] (an `Arc`), under the same tower layers.
//!
//! - `GET /api/counter` answers `{"count": n, "user": "…"}`; `POST /api/counter/increment` with
//!   the JSON body `{"by": k}` adds `k` (1 to 100) and broadcasts the new count, so every open
//!   dashboard updates at once.
//! - `GET /login?name=ada` picks the demo user (a cookie; there is no password in a demo).
//! - Everything else goes to live through `fallback_service`: the dashboard at `/`, the client
//!   bundle, the WebSocket.
//! - An axum middleware, [`authenticate`], puts the [`CurrentUser`] into the request extensions;
//!   an `Extension` layer puts the `Arc<AppState>`. live's router names both as connect info, so
//!   [`Dashboard::mount`](live_core::LiveView::mount) reads them from the `GET` of the static
//!   render and again from the WebSocket upgrade of the connected mount.
//! - tower-http's trace, timeout and gzip compression layers wrap the whole app, live included.
//!
//! ```
//! use std::sync::Arc;
//! use live_core::runtime::ViewRuntime;
//! use live_core::{ConnectInfo, Params, Session};
//! use axum_app::{AppState, CurrentUser, Dashboard};
//!
//! let state = Arc::new(AppState::default());
//! state.add(2);
//! let mut info = ConnectInfo::default();
//! info.insert(CurrentUser { name: "ada".into() });
//! info.insert(state.clone());
//! let mut session = Session::default();
//! session.set_connect_info(info);
//!
//! let mut view = ViewRuntime::<Dashboard>::mount("phx-1", &Params::default(), &session, None)?;
//! let html = view.render_html();
//! assert!(html.contains(r#"<strong id="user">ada</strong>"#), "{html}");
//! assert!(html.contains(r#"<span id="count" class="big">2</span>"#), "{html}");
//! # Ok::<(), live_core::ViewError>(())
//! ```

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json};
use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
use live_server::{Config, PubSub, Server};
use serde::Deserialize;
use serde_json::json;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// The PubSub topic the dashboards listen on for [`CountChanged`].
pub const TOPIC: &str = "dashboard:count";

/// The cookie holding the demo user's name.
pub const USER_COOKIE: &str = "demo_user";

/// How long the app may take to answer one request (tower-http's timeout layer).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The user when no valid [`USER_COOKIE`] came with the request.
pub const GUEST: &str = "guest";

/// The application's own state, shared by the JSON handlers and the views.
///
/// ```
/// let state = axum_app::AppState::default();
/// assert_eq!(state.add(3), 3);
/// assert_eq!(state.count(), 3);
/// ```
#[derive(Debug, Default)]
pub struct AppState {
    count: AtomicI64,
}

impl AppState {
    /// The current count.
    ///
    /// ```
    /// assert_eq!(axum_app::AppState::default().count(), 0);
    /// ```
    pub fn count(&self) -> i64 {
        self.count.load(Ordering::Relaxed)
    }

    /// Adds `by` to the count; returns the new count.
    ///
    /// ```
    /// let state = axum_app::AppState::default();
    /// state.add(1);
    /// assert_eq!(state.add(1), 2);
    /// ```
    pub fn add(&self, by: i64) -> i64 {
        self.count.fetch_add(by, Ordering::Relaxed) + by
    }
}

/// Who is asking, as [`authenticate`] found it; a request extension and live connect info.
///
/// ```
/// let user = axum_app::CurrentUser { name: "ada".into() };
/// assert_eq!(user.clone(), user);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentUser {
    /// The user's name.
    pub name: String,
}

/// The new count, broadcast on [`TOPIC`] after every change.
///
/// ```
/// assert_eq!(axum_app::CountChanged(4).0, 4);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, Deserialize)]
pub struct CountChanged(pub i64);

/// The dashboard: who is signed in, the shared count, a button that adds one.
#[derive(LiveView)]
pub struct Dashboard {
    /// The state shared with the JSON API (from connect info).
    state: Arc<AppState>,
    /// The user's name (from connect info).
    user: String,
    /// The count this view shows.
    count: i64,
    /// Whether this is the connected mount (the static render says "static").
    live: bool,
}

impl LiveView for Dashboard {
    type Info = CountChanged;

    fn mount(_: &Params, session: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        let state = session.connect_info::<Arc<AppState>>().cloned().ok_or(
            "the request carried no Arc<AppState>: mount the dashboard through axum_app::app",
        )?;
        let user = session
            .connect_info::<CurrentUser>()
            .map_or(GUEST, |u| u.name.as_str())
            .to_owned();
        socket.subscribe::<CountChanged>(TOPIC);
        Ok(Dashboard {
            count: state.count(),
            state,
            user,
            live: socket.connected(),
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        if event.name() == "inc" {
            let count = assigns.state.add(1);
            assigns.set_count(count);
            socket.broadcast(TOPIC, CountChanged(count));
        }
        Ok(())
    }

    fn handle_info(
        assigns: &mut Assigns<Self>,
        CountChanged(count): CountChanged,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        // Broadcasts may arrive out of order between concurrent changes; the state has the truth.
        let latest = assigns.state.count().max(count);
        assigns.set_count(latest);
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <main id="dashboard">
                <h1>Dashboard</h1>
                <p class="muted">Signed in as <strong id="user">{@user}</strong> (<span id="mode">{(if @live { "live" } else { "static" })}</span>)</p>
                <div class="card">
                    <p>Count: <span id="count" class="big">{@count}</span></p>
                    <button id="inc" class="btn btn-primary" phx-click="inc">+1</button>
                </div>
                <p class="muted">The same count over JSON: <code>GET /api/counter</code>, <code>POST /api/counter/increment</code>.</p>
            </main>
        }
    }
}

/// What the JSON handlers share: the app state and live's PubSub.
#[derive(Clone)]
struct Api {
    state: Arc<AppState>,
    pubsub: Arc<dyn PubSub>,
}

/// The whole application: the JSON API and `/login` in axum, live as the fallback, under an
/// authentication middleware, an `Extension` with the state, gzip compression, a request
/// timeout and tracing.
///
/// ```
/// use std::sync::Arc;
/// let app: axum::Router = axum_app::app(
///     Arc::new(axum_app::AppState::default()),
///     live_server::Config::new("a secret of at least thirty-two bytes!!"),
/// );
/// # drop(app);
/// ```
pub fn app(state: Arc<AppState>, config: Config) -> axum::Router {
    let live = Server::with_config(
        live_server::Router::new()
            .connect_info::<CurrentUser>()
            .connect_info::<Arc<AppState>>()
            .live::<Dashboard>("/"),
        config,
    )
    .into_service();
    let api = Api {
        state: state.clone(),
        pubsub: live.pubsub(),
    };
    axum::Router::new()
        .route("/api/counter", get(counter))
        .route("/api/counter/increment", post(increment))
        .route("/login", get(login))
        .with_state(api)
        .fallback_service(live)
        .layer(middleware::from_fn(authenticate))
        .layer(Extension(state))
        .layer(CompressionLayer::new())
        // Bounds the answer to each request; an upgraded WebSocket is not a pending answer.
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(TraceLayer::new_for_http())
}

/// The demo's authentication: the user named by the [`USER_COOKIE`] cookie, or [`GUEST`], as a
/// [`CurrentUser`] request extension for the handlers and the views behind it.
pub async fn authenticate(mut req: Request, next: Next) -> Response {
    let name = cookie(req.headers(), USER_COOKIE)
        .filter(|name| valid_name(name))
        .unwrap_or(GUEST)
        .to_owned();
    req.extensions_mut().insert(CurrentUser { name });
    next.run(req).await
}

/// The value of the cookie `name` in the request's `Cookie` headers.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            (key == name).then_some(value)
        })
}

/// 1 to 32 ASCII letters, digits, `-` or `_`.
fn valid_name(name: &str) -> bool {
    (1..=32).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

async fn counter(State(api): State<Api>, Extension(user): Extension<CurrentUser>) -> Response {
    Json(json!({ "count": api.state.count(), "user": user.name })).into_response()
}

/// The body of `POST /api/counter/increment`. Being JSON, a browser cannot send it from another
/// site without a CORS preflight, which this app never grants.
#[derive(Deserialize)]
struct Increment {
    by: i64,
}

async fn increment(State(api): State<Api>, Json(body): Json<Increment>) -> Response {
    if !(1..=100).contains(&body.by) {
        let error = json!({ "error": "`by` must be between 1 and 100" });
        return (StatusCode::UNPROCESSABLE_ENTITY, Json(error)).into_response();
    }
    let count = api.state.add(body.by);
    api.pubsub.publish(TOPIC, CountChanged(count));
    Json(json!({ "count": count })).into_response()
}

#[derive(Deserialize)]
struct Login {
    name: String,
}

async fn login(Query(login): Query<Login>) -> Response {
    if !valid_name(&login.name) {
        let error = json!({ "error": "a name is 1 to 32 letters, digits, - or _" });
        return (StatusCode::BAD_REQUEST, Json(error)).into_response();
    }
    let cookie = format!(
        "{USER_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax",
        login.name
    );
    match HeaderValue::from_str(&cookie) {
        Ok(cookie) => (
            StatusCode::SEE_OTHER,
            [
                (header::LOCATION, HeaderValue::from_static("/")),
                (header::SET_COOKIE, cookie),
            ],
        )
            .into_response(),
        Err(_) => StatusCode::BAD_REQUEST.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::{cookie, valid_name};
    use axum::http::{header, HeaderMap, HeaderValue};

    #[test]
    fn reads_the_user_cookie() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; demo_user=ada"),
        );
        assert_eq!(cookie(&headers, "demo_user"), Some("ada"));
        assert_eq!(cookie(&headers, "b"), None);
        assert!(valid_name("ada_9"));
        assert!(!valid_name("a b") && !valid_name("") && !valid_name(&"x".repeat(33)));
    }
}
