//! The test client of an app: the browser's session, the shared PubSub, and the page loads and
//! navigations that mount views (docs/protocol.md §2, §3, §6).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use live_core::runtime::{Mounter, ViewFactory};
use live_core::socket::Navigation;
use live_core::{AppState, Flash, LiveView, Params, Session};
use serde_json::Value;

use super::error::{Redirect, TestError};
use super::oracle;
use super::runtime::PatchScope;
use super::view::{join, Join, TestView};
use crate::pubsub::LocalPubSub;
use crate::router::on_mount::MountContext;
use crate::router::route_match::RouteMatch;
use crate::router::{query_params, Router};
use live_core::protocol::guarded;

/// What every view of one [`LiveTest`] shares: the app, the "browser" and the PubSub.
#[derive(Clone)]
pub(crate) struct Shared {
    pub(super) router: Router,
    pub(super) pubsub: Arc<LocalPubSub>,
    /// The session of the browser (what the session cookie holds).
    pub(super) session: Session,
    pub(super) origin: String,
    pub(super) oracle: bool,
    pub(super) verify: bool,
    /// The application state views mount with (the router's, unless the test replaced it).
    pub(super) state: AppState,
    pub(super) next_id: Arc<AtomicU64>,
    /// The children views rendered and the views running (nested views).
    pub(super) nesting: Arc<super::nested::Nesting>,
    /// The `params` the "browser's" LiveSocket sends at join.
    pub(super) connect_params: serde_json::Map<String, Value>,
}

impl Shared {
    pub(super) fn new_id(&self) -> String {
        format!(
            "phx-test-{}",
            self.next_id.fetch_add(1, Ordering::Relaxed) + 1
        )
    }

    /// The path and query of `target` when it is a path or a URL of this app.
    pub(super) fn local_path(&self, target: &str) -> Option<String> {
        if target.starts_with('/') {
            return Some(target.to_owned());
        }
        let rest = target.strip_prefix(&self.origin)?;
        Some(if rest.is_empty() {
            "/".to_owned()
        } else {
            rest.to_owned()
        })
        .filter(|p| p.starts_with('/'))
    }

    pub(super) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }
}

/// Where a live navigation starts: the container it reuses and the session token it carries.
#[derive(Clone)]
pub(crate) struct NavigationFrom {
    pub(super) id: String,
    pub(super) live_session: String,
    pub(super) session: Session,
}

/// A test client for an app: the router, the browser's session, and one in-process PubSub
/// shared by every view it mounts (so views can talk to each other, like two browser tabs).
///
/// ```
/// use live_server::testing::LiveTest;
/// # let router = live_server::testing::__fixture::router();
/// let app = LiveTest::new(&router).session("user", "ada");
/// let mut view = app.live("/private")?;
/// assert!(view.render().contains("Hello, ada"));
/// # Ok::<(), live_server::testing::TestError>(())
/// ```
#[derive(Clone)]
pub struct LiveTest {
    shared: Shared,
}

impl std::fmt::Debug for LiveTest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveTest")
            .field("router", &self.shared.router)
            .field("session", &self.shared.session)
            .field("origin", &self.shared.origin)
            .field("oracle", &self.shared.oracle)
            .field("verify", &self.shared.verify)
            .finish()
    }
}

impl LiveTest {
    /// A test client for `router`, with an empty session. The Node oracle cross-check is on
    /// when the environment variable `LIVE_TEST_ORACLE=1` is set.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let app = live_server::testing::LiveTest::new(&router);
    /// assert!(app.live("/").is_ok());
    /// ```
    pub fn new(router: &Router) -> Self {
        LiveTest {
            shared: Shared {
                router: router.clone(),
                pubsub: Arc::new(LocalPubSub::default()),
                session: Session::default(),
                origin: "http://localhost:4000".to_owned(),
                oracle: oracle::enabled_by_env(),
                verify: true,
                state: router.app_state().clone(),
                next_id: Arc::new(AtomicU64::new(0)),
                nesting: Arc::default(),
                connect_params: serde_json::Map::new(),
            },
        }
    }

    /// Puts `key` = `value` into the session the views mount with (what a login would have
    /// stored in the session cookie).
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let app = live_server::testing::LiveTest::new(&router).session("user", "grace");
    /// assert!(app.live("/private")?.render().contains("grace"));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn session(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.shared.session.insert(key, value);
        self
    }

    /// Gives this client's views the application state `value` in place of the router's value
    /// of that type (see [`Router::state`]): each test its own database, clock or config, so
    /// tests run in parallel without sharing globals.
    ///
    /// ```
    /// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// struct Greeting(&'static str);
    /// #[derive(LiveView)]
    /// struct Hello { text: String }
    /// impl LiveView for Hello {
    ///     type Info = ();
    ///     fn mount(_: &Params, session: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
    ///         Ok(Hello { text: session.state::<Greeting>().map_or("?", |g| g.0).to_owned() })
    ///     }
    ///     fn render(assigns: &Assigns<Self>) -> Rendered { html! { <p>{&assigns.text}</p> } }
    /// }
    /// let router = live_server::Router::new().state(Greeting("production")).live::<Hello>("/");
    /// let app = live_server::testing::LiveTest::new(&router).state(Greeting("test"));
    /// assert!(app.live("/")?.render().contains("test"));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn state<T: Send + Sync + 'static>(mut self, value: T) -> Self {
        self.shared.state.insert(value);
        self
    }

    /// Sets `key` in the `params` the page's LiveSocket sends at join, read by connected mounts
    /// with [`Session::connect_params`] (e.g. the browser's time zone).
    ///
    /// ```
    /// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// #[derive(LiveView)]
    /// struct Clock { tz: String }
    /// impl LiveView for Clock {
    ///     type Info = ();
    ///     fn mount(_: &Params, session: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
    ///         let tz = session.connect_params().and_then(|p| p.get("tz")).and_then(|v| v.as_str());
    ///         Ok(Clock { tz: tz.unwrap_or("UTC").to_owned() })
    ///     }
    ///     fn render(assigns: &Assigns<Self>) -> Rendered { html! { <p>{@tz}</p> } }
    /// }
    /// let router = live_server::Router::new().live::<Clock>("/");
    /// let app = live_server::testing::LiveTest::new(&router).connect_params("tz", "Asia/Tokyo");
    /// assert!(app.live("/")?.render().contains("Asia/Tokyo"));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn connect_params(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.shared
            .connect_params
            .insert(key.to_owned(), value.into());
        self
    }

    /// The scheme and host of the URLs views see in `handle_params` (default
    /// `http://localhost:4000`).
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let app = live_server::testing::LiveTest::new(&router).origin("https://example.com");
    /// assert_eq!(app.live("/")?.url(), "https://example.com/");
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn origin(mut self, origin: &str) -> Self {
        self.shared.origin = origin.trim_end_matches('/').to_owned();
        self
    }

    /// Switches the cross-check against the official client (run in Node) on or off for the
    /// views mounted from now on, whatever `LIVE_TEST_ORACLE` says. It needs `node` and the
    /// repository's `tests/js/oracle.mjs` (or `LIVE_TEST_ORACLE_SCRIPT`), and is slow: use it
    /// to debug the harness itself.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let app = live_server::testing::LiveTest::new(&router).oracle(false);
    /// assert!(app.live("/").is_ok());
    /// ```
    pub fn oracle(mut self, on: bool) -> Self {
        self.shared.oracle = on;
        self
    }

    /// Switches off (or on again) the check of every diff against the server's full render
    /// of the same state. Needed for views whose full render legitimately differs from what
    /// the client holds: temporary assigns (`#[live(temporary)]`, reset after each render
    /// while the client keeps what it was sent), or a `render` that is not a pure function of
    /// the assigns. The client's merge still runs, and still fails on what the official client
    /// could not apply.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let app = live_server::testing::LiveTest::new(&router).verify(false);
    /// let mut view = app.live("/")?;
    /// // Unchecked: this wrong diff is merged as the client would merge it.
    /// assert!(view.inject_diff(r#"{"0":"99"}"#)?.contains(">99<"));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn verify(mut self, on: bool) -> Self {
        self.shared.verify = on;
        self
    }

    /// Loads `path` as a browser would: the static HTTP render (on_mount hooks, disconnected
    /// mount, `handle_params`, HTML) and then the join (hooks, connected mount,
    /// `handle_params`, full render), with this client's session.
    ///
    /// A halt of an `on_mount` hook or a navigation during mount is returned as
    /// [`TestError::Redirect`] or [`TestError::LiveRedirect`].
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let app = live_server::testing::LiveTest::new(&router);
    /// let mut view = app.live("/")?;
    /// assert!(view.render().contains("Count: <span id=\"count\">0</span>"));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn live(&self, path: &str) -> Result<TestView, TestError> {
        load(&self.shared, path, Flash::default())
    }

    /// Mounts the view `V` on its own, without a route (Phoenix's `live_isolated`): the static
    /// render and the join at `path`, whose query gives the params; no `on_mount` hooks run.
    /// Patches to any path of the app reach the view (`handle_params` with the new query);
    /// navigation away ends it as usual.
    ///
    /// ```
    /// use live_server::testing::{LiveTest, __fixture::Demo};
    /// let app = LiveTest::new(&live_server::Router::new());
    /// let mut view = app.live_isolated::<Demo>("/?tab=2")?;
    /// assert!(view.render().contains("Tab 2"));
    /// assert!(view.render_patch("/?tab=3")?.contains("Tab 3"));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn live_isolated<V: LiveView>(&self, path: &str) -> Result<TestView, TestError> {
        let shared = &self.shared;
        let Some(path) = shared.local_path(path) else {
            return Err(TestError::NoRoute(path.to_owned()));
        };
        let factory = Mounter::<V>::new();
        let params = query_params(&path);
        let url = shared.url(&path);
        let id = shared.new_id();
        let session = shared.session.clone();
        let (static_html, flash) = static_render(
            shared,
            &factory,
            &params,
            &session,
            &url,
            &id,
            Flash::default(),
        )?;
        join(
            shared,
            Join {
                factory: &factory,
                scope: PatchScope::Isolated,
                live_session: String::new(),
                params,
                id,
                url,
                session,
                flash,
                static_html,
                live_navigation: false,
                parent: None,
                nested: false,
            },
        )
    }
}

/// Mounts `path` with [`LiveTest::new`]`(router)`: the static render, then the join.
///
/// ```
/// use live_server::testing::live;
/// # let router = live_server::testing::__fixture::router();
/// let mut view = live(&router, "/")?;
/// assert!(view.has_element("#count"));
/// # Ok::<(), live_server::testing::TestError>(())
/// ```
pub fn live(router: &Router, path: &str) -> Result<TestView, TestError> {
    LiveTest::new(router).live(path)
}

/// Mounts the view `V` without a router (see [`LiveTest::live_isolated`]).
///
/// ```
/// use live_server::testing::{live_isolated, __fixture::Demo};
/// let mut view = live_isolated::<Demo>("/")?;
/// assert!(view.has_element("#count"));
/// # Ok::<(), live_server::testing::TestError>(())
/// ```
pub fn live_isolated<V: LiveView>(path: &str) -> Result<TestView, TestError> {
    LiveTest::new(&Router::new()).live_isolated::<V>(path)
}

pub(super) fn redirect(shared: &Shared, to: String, flash: Flash, live: Option<bool>) -> Redirect {
    Redirect {
        to,
        flash,
        replace: live.unwrap_or(false),
        live: live.is_some(),
        shared: shared.clone(),
        from: None,
    }
}

/// A page load: the static render, then the join (docs/protocol.md §2, §3).
fn load(shared: &Shared, target: &str, flash: Flash) -> Result<TestView, TestError> {
    let Some(path) = shared.local_path(target) else {
        return Err(TestError::NoRoute(target.to_owned()));
    };
    let Some((route, params)) = shared.router.find(&path).map(RouteMatch::into_parts) else {
        return Err(TestError::NoRoute(path));
    };
    let url = shared.url(&path);
    let id = shared.new_id();
    let mut session = shared.session.clone();
    let mut ctx = MountContext {
        params: &params,
        session: &mut session,
        connected: false,
        uri: &url,
    };
    if let Err(halt) = route.on_mount(&mut ctx) {
        return Err(TestError::Redirect(Box::new(redirect(
            shared, halt.to, halt.flash, None,
        ))));
    }
    let (static_html, flash) =
        static_render(shared, route.factory(), &params, &session, &url, &id, flash)?;
    join(
        shared,
        Join {
            factory: route.factory(),
            live_session: route.live_session().to_owned(),
            scope: PatchScope::Routed(route.clone()),
            params,
            id,
            url,
            session,
            flash,
            static_html,
            live_navigation: false,
            parent: None,
            nested: false,
        },
    )
}

/// Follows a redirect: a live navigation within the live session, or a page load.
pub(crate) fn follow(redirect: &Redirect) -> Result<TestView, TestError> {
    let shared = &redirect.shared;
    if let (true, Some(from)) = (redirect.live, &redirect.from) {
        let target = shared.local_path(&redirect.to).and_then(|path| {
            let found = shared.router.find(&path)?.into_parts();
            Some((path, found))
        });
        if let Some((path, (route, params))) = target {
            if route.live_session() == from.live_session {
                return join(
                    shared,
                    Join {
                        factory: route.factory(),
                        live_session: route.live_session().to_owned(),
                        scope: PatchScope::Routed(route.clone()),
                        params,
                        id: from.id.clone(),
                        url: shared.url(&path),
                        session: from.session.clone(),
                        flash: redirect.flash.clone(),
                        static_html: String::new(),
                        live_navigation: true,
                        parent: None,
                        nested: false,
                    },
                );
            }
        }
        // The server refuses the join (another live session): the client loads the page,
        // and the flash of the live navigation is not carried.
        return load(shared, &redirect.to, Flash::default());
    }
    let flash = if redirect.live {
        Flash::default()
    } else {
        redirect.flash.clone()
    };
    load(shared, &redirect.to, flash)
}

/// The static (HTTP) render of a view, as the HTTP handler does it: any navigation during it
/// is a 302, returned as [`TestError::Redirect`].
fn static_render(
    shared: &Shared,
    factory: &dyn ViewFactory,
    params: &Params,
    session: &Session,
    url: &str,
    id: &str,
    flash: Flash,
) -> Result<(String, Flash), TestError> {
    let mut session = session.clone();
    session.set_state(shared.state.clone());
    let host = super::nested::TestHost::new(shared.nesting.clone(), &session, shared.state.clone());
    session.set_nested_host(Arc::new(host));
    let rendered = guarded(|| {
        let mut view = factory.mount(id, params, &session, None)?;
        view.set_flash(flash);
        let mut navigation = view.take_commands().navigation;
        navigation = view.handle_params(params, url)?.navigation.or(navigation);
        Ok(match navigation {
            Some(
                Navigation::Redirect { to }
                | Navigation::Navigate { to, .. }
                | Navigation::Patch { to, .. },
            ) => Err((to, view.flash().clone())),
            None => Ok((view.render_html(), view.flash().clone())),
        })
    });
    match rendered {
        Ok(Ok(rendered)) => Ok(rendered),
        Ok(Err((to, flash))) => Err(TestError::Redirect(Box::new(redirect(
            shared, to, flash, None,
        )))),
        Err(why) => Err(TestError::Crash(format!("disconnected mount: {why}"))),
    }
}
