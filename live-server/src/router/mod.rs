//! Routes: which LiveView, plain handler or file directory answers which path.

pub(crate) mod colocated;
pub(crate) mod connect_info;
pub mod on_mount;
pub(crate) mod route_match;
pub(crate) mod static_digest;

use std::path::PathBuf;
use std::sync::Arc;

use live_core::runtime::{Mounter, ViewFactory};
use live_core::{AppState, LiveView, Params};

use crate::http::handler::{Handler, Request, Response};
use crate::http::root_layout::RootLayout;
use crate::router::on_mount::Halt;
use crate::router::on_mount::{MountContext, OnMount};
use crate::router::route_match::RouteMatch;

/// The routes of an application: live views, plain handlers and static files.
///
/// Paths are matched by a radix tree ([`matchit`](https://docs.rs/matchit)): a segment `:name`
/// matches any one segment and puts it (percent-decoded) into the [`Params`]; a last segment
/// `*name` (a glob) matches the rest of the path, slashes included (`/files/*path`). A literal
/// segment wins over a parameter at the same place (`/posts/new` before `/posts/:id`), whatever
/// the order they were added in. Empty segments are ignored, in routes and requests alike
/// (`/a/` is `/a`). The query string is added to the params too (path params win).
///
/// Two routes that would match the same paths (the same path twice, or two different parameter
/// names at one place) are a mistake found when the router is built: adding the second one
/// panics, naming both. The server lists every route in its debug log when it starts.
///
/// ```
/// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
/// # #[derive(live_core::LiveView)] struct Home {}
/// # impl LiveView for Home {
/// #     type Info = ();
/// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Home {}) }
/// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p>home</p> } }
/// # }
/// use live_server::{handler::Response, Router};
/// let router = Router::new()
///     .live::<Home>("/")
///     .live::<Home>("/houses/:house")
///     .get("/health", |_| Response::text("ok"));
/// let (route, params) = router.find("/houses/garden?x=1").expect("routed").into_parts();
/// assert_eq!(route.path(), "/houses/:house");
/// assert_eq!(params.get("house"), Some("garden"));
/// assert_eq!(params.get("x"), Some("1"));
/// assert!(router.find("/nowhere").is_none());
///
/// let files = Router::new().live::<Home>("/files/*path").live::<Home>("/files/new");
/// assert_eq!(files.find("/files/new").expect("routed").route().path(), "/files/new");
/// let (_, params) = files.find("/files/a/b%20c.txt").expect("routed").into_parts();
/// assert_eq!(params.get("path"), Some("a/b c.txt"));
/// ```
///
/// ```should_panic
/// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
/// # #[derive(live_core::LiveView)] struct Home {}
/// # impl LiveView for Home {
/// #     type Info = ();
/// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Home {}) }
/// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p>home</p> } }
/// # }
/// // `:id` and `:slug` at the same place: which one would `/posts/7` set?
/// let _ = live_server::Router::new().live::<Home>("/posts/:id").live::<Home>("/posts/:slug");
/// ```
#[derive(Clone, Default)]
pub struct Router {
    routes: Vec<Arc<Route>>,
    /// The live routes' paths, matched by `matchit`; values index `routes`.
    live_table: matchit::Router<usize>,
    plain: Vec<Arc<PlainRoute>>,
    /// The plain routes' paths per method; values index `plain`.
    plain_tables: Vec<(&'static str, matchit::Router<usize>)>,
    files: Vec<(Pattern, PathBuf)>,
    /// The live session `live` puts new routes in.
    session: String,
    /// The `on_mount` hooks of that live session.
    hooks: Vec<OnMount>,
    /// The request extensions handed to `mount` as connect info, router-wide.
    connect_info: Vec<connect_info::Copier>,
    /// The application state every view can read, router-wide.
    state: AppState,
    /// `on_mount` hooks of one view type (`view_on_mount`), for its routes added later.
    view_hooks: Vec<(std::any::TypeId, OnMount)>,
    /// The root layout of the routes added next (`root_layout`).
    layout: Option<RootLayout>,
    /// Digests of the files served (`static_path`, ETags, `static_changed`).
    digests: static_digest::Digests,
    /// The routed views' colocated hooks and styles.
    colocated: colocated::Colocated,
}

/// A path pattern split into segments.
#[derive(Clone, Debug)]
struct Pattern(Vec<Segment>);

#[derive(Clone, Debug)]
enum Segment {
    Literal(String),
    Param(String),
}

impl Pattern {
    fn new(path: &str) -> Self {
        Pattern(
            split(path)
                .map(|s| match s.strip_prefix(':') {
                    Some(name) => Segment::Param(name.to_owned()),
                    None => Segment::Literal(s.to_owned()),
                })
                .collect(),
        )
    }

    /// The params of `given` segments when they match exactly.
    fn matches(&self, given: &[&str], params: &mut Params) -> bool {
        if self.0.len() != given.len() {
            return false;
        }
        for (segment, part) in self.0.iter().zip(given) {
            match segment {
                Segment::Literal(literal) if literal == part => {}
                Segment::Literal(_) => return false,
                Segment::Param(name) => params.insert(name.clone(), percent_decode(part)),
            }
        }
        true
    }

    /// The rest of `given` after this pattern as a prefix.
    fn strip_prefix<'a>(&self, given: &'a [&'a str]) -> Option<&'a [&'a str]> {
        let mut ignored = Params::default();
        let prefix = given.get(..self.0.len())?;
        self.matches(prefix, &mut ignored)
            .then(|| &given[self.0.len()..])
    }
}

/// One live route: a path pattern, the view mounted there, its live session and hooks.
pub struct Route {
    path: String,
    live_session: String,
    hooks: Vec<OnMount>,
    factory: Box<dyn ViewFactory>,
    /// The live action given with [`Router::live_action`].
    action: Option<Arc<str>>,
    /// The live session's root layout, if it has its own.
    layout: Option<RootLayout>,
}

/// One plain route: a method, a path pattern and its handler.
pub(crate) struct PlainRoute {
    method: &'static str,
    path: String,
    pub(crate) handler: Handler,
}

impl Route {
    /// The path pattern, as given to [`Router::live`].
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The live session the route belongs to (`""` for routes outside any).
    pub fn live_session(&self) -> &str {
        &self.live_session
    }

    /// The view's factory.
    pub fn factory(&self) -> &dyn ViewFactory {
        &*self.factory
    }

    /// The live action of the route (see [`Router::live_action`]).
    pub fn live_action(&self) -> Option<&str> {
        self.action.as_deref()
    }

    /// The root layout of the route's live session, when it has its own.
    pub(crate) fn root_layout(&self) -> Option<&RootLayout> {
        self.layout.as_ref()
    }

    /// Runs the live session's `on_mount` hooks.
    pub(crate) fn on_mount(&self, ctx: &mut MountContext<'_>) -> Result<(), Halt> {
        crate::router::on_mount::run(&self.hooks, ctx)
    }
}

impl std::fmt::Debug for Route {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Route")
            .field("path", &self.path)
            .field("live_session", &self.live_session)
            .field("view", &self.factory.name())
            .finish()
    }
}

impl std::fmt::Debug for Router {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Router")
            .field("live", &self.routes)
            .field(
                "plain",
                &self
                    .plain
                    .iter()
                    .map(|p| (p.method, &p.path))
                    .collect::<Vec<_>>(),
            )
            .field("files", &self.files)
            .field("connect_info", &self.connect_info.len())
            .finish()
    }
}

impl Router {
    /// An empty router.
    pub fn new() -> Self {
        Router::default()
    }

    /// Mounts the LiveView `V` at `path` (e.g. `"/"`, `"/thermostat/:house"`, `"/docs/*page"`).
    ///
    /// # Panics
    /// When `path` conflicts with a live route added before (see [`Router`]).
    pub fn live<V: LiveView>(self, path: &str) -> Self {
        self.live_route::<V>(path, None)
    }

    /// Mounts the LiveView `V` at `path` with the live action `action` (Phoenix's
    /// `live "/posts/new", PostLive.Index, :new`): one view at several routes, which `mount`
    /// and `handle_params` read with [`Params::live_action`] and templates with
    /// [`Assigns::live_action`](live_core::Assigns::live_action). Patches between the routes
    /// of one view keep it mounted and update the action (the index + modal form pattern).
    ///
    /// ```
    /// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// # #[derive(LiveView)] struct Posts {}
    /// # impl LiveView for Posts {
    /// #     type Info = ();
    /// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Posts {}) }
    /// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p></p> } }
    /// # }
    /// let router = live_server::Router::new()
    ///     .live_action::<Posts>("/posts", "index")
    ///     .live_action::<Posts>("/posts/new", "new")
    ///     .live_action::<Posts>("/posts/:id/edit", "edit");
    /// let (route, params) = router.find("/posts/7/edit").expect("routed").into_parts();
    /// assert_eq!(route.live_action(), Some("edit"));
    /// assert_eq!(params.live_action(), Some("edit"));
    /// assert_eq!(params.get("id"), Some("7"));
    /// ```
    pub fn live_action<V: LiveView>(self, path: &str, action: &str) -> Self {
        self.live_route::<V>(path, Some(action))
    }

    fn live_route<V: LiveView>(mut self, path: &str, action: Option<&str>) -> Self {
        self.colocated
            .add(std::any::type_name::<V>(), V::HOOKS, V::STYLES);
        let mut hooks = self.hooks.clone();
        let view = std::any::TypeId::of::<V>();
        hooks.extend(
            self.view_hooks
                .iter()
                .filter(|(id, _)| *id == view)
                .map(|(_, hook)| hook.clone()),
        );
        self.add_live(Arc::new(Route {
            path: path.to_owned(),
            live_session: self.session.clone(),
            hooks,
            factory: Box::new(Mounter::<V>::new()),
            action: action.map(Arc::from),
            layout: self.layout.clone(),
        }));
        self
    }

    /// Adds a live route to the table.
    ///
    /// # Panics
    /// When its path conflicts with a live route already added (the same path, or two
    /// different parameters or globs at one place): a router is built once, at start-up.
    fn add_live(&mut self, route: Arc<Route>) {
        let index = self.routes.len();
        if let Err(err) = self.live_table.insert(table_pattern(&route.path), index) {
            panic!(
                "live route {:?} conflicts with a route added before it: {err}",
                route.path
            );
        }
        self.routes.push(route);
    }

    /// Adds a plain route to the table of its method.
    ///
    /// # Panics
    /// When its path conflicts with a route of the same method already added.
    fn add_plain(&mut self, route: Arc<PlainRoute>) {
        let index = self.plain.len();
        let table = match self
            .plain_tables
            .iter()
            .position(|(m, _)| *m == route.method)
        {
            Some(at) => &mut self.plain_tables[at].1,
            None => {
                self.plain_tables
                    .push((route.method, matchit::Router::new()));
                let last = self.plain_tables.len() - 1;
                &mut self.plain_tables[last].1
            }
        };
        if let Err(err) = table.insert(table_pattern(&route.path), index) {
            panic!(
                "{} route {:?} conflicts with a route added before it: {err}",
                route.method, route.path
            );
        }
        self.plain.push(route);
    }

    /// The live routes, in the order they were added (for listings and logs).
    ///
    /// ```
    /// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// # #[derive(LiveView)] struct Home {}
    /// # impl LiveView for Home {
    /// #     type Info = ();
    /// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Home {}) }
    /// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p></p> } }
    /// # }
    /// let router = live_server::Router::new().live::<Home>("/").live::<Home>("/files/*path");
    /// let paths: Vec<&str> = router.routes().map(|r| r.path()).collect();
    /// assert_eq!(paths, ["/", "/files/*path"]);
    /// ```
    pub fn routes(&self) -> impl Iterator<Item = &Route> {
        self.routes.iter().map(|r| &**r)
    }

    /// Logs every route at debug level (the server does this when it starts).
    pub(crate) fn log_routes(&self) {
        for route in &self.routes {
            tracing::debug!(path = %route.path, view = route.factory.name(), live_session = %route.live_session, action = route.live_action().unwrap_or(""), "live route");
        }
        for route in &self.plain {
            tracing::debug!(path = %route.path, method = route.method, "plain route");
        }
        for (prefix, dir) in &self.files {
            tracing::debug!(prefix = ?prefix, dir = %dir.display(), "file route");
        }
    }

    /// Adds the JavaScript hook `name` (a JavaScript object expression, e.g.
    /// `include_str!("hooks/focus.js")`) to every page, for `phx-hook="name"`: like a view's
    /// colocated [`HOOKS`](live_core::LiveView::HOOKS), for hooks several views share. Pages
    /// load the collected hooks from one script before the client starts.
    ///
    /// ```
    /// let router = live_server::Router::new().hook("Focus", "{ mounted() { this.el.focus() } }");
    /// # let _ = router;
    /// ```
    pub fn hook(mut self, name: &str, source: &str) -> Self {
        self.colocated.add_hook(name, source);
        self
    }

    /// The colocated hooks and styles, ready to serve.
    pub(crate) fn colocated(&self) -> &colocated::Colocated {
        &self.colocated
    }

    /// Adds an `on_mount` hook for the view `V` alone, run before its `mount` on the routes of
    /// `V` added after it, after the live session's hooks ([`on_mount`](Router::on_mount)).
    ///
    /// ```
    /// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// # #[derive(LiveView)] struct Admin {}
    /// # impl LiveView for Admin {
    /// #     type Info = ();
    /// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Admin {}) }
    /// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p></p> } }
    /// # }
    /// use live_server::on_mount::Halt;
    /// let router = live_server::Router::new()
    ///     .view_on_mount::<Admin>(|ctx| match ctx.session.get("admin") {
    ///         Some(_) => Ok(()),
    ///         None => Err(Halt::redirect("/")),
    ///     })
    ///     .live::<Admin>("/admin");
    /// # let _ = router;
    /// ```
    pub fn view_on_mount<V: LiveView>(
        mut self,
        hook: impl Fn(&mut MountContext<'_>) -> Result<(), Halt> + Send + Sync + 'static,
    ) -> Self {
        self.view_hooks
            .push((std::any::TypeId::of::<V>(), Arc::new(hook)));
        self
    }

    /// Renders the pages of the live routes added after it (in this live session) in `layout`
    /// instead of [`Config::root_layout`](crate::Config::root_layout) or the default document.
    ///
    /// ```
    /// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// # #[derive(LiveView)] struct Dashboard {}
    /// # impl LiveView for Dashboard {
    /// #     type Info = ();
    /// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Dashboard {}) }
    /// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p></p> } }
    /// # }
    /// use live_server::{RootLayout, Router};
    /// let admin = RootLayout::new(|page| format!(
    ///     "<!DOCTYPE html><html><head>{}{}</head><body class=\"admin\">{}</body></html>",
    ///     page.title_tag(), page.head(), page.body()
    /// ));
    /// let router = Router::new().live_session("admin", |r| r.root_layout(admin).live::<Dashboard>("/admin"));
    /// # let _ = router;
    /// ```
    pub fn root_layout(mut self, layout: RootLayout) -> Self {
        self.layout = Some(layout);
        self
    }

    /// Groups the routes `build` adds into the live session `name`.
    ///
    /// Live navigation (`push_navigate`, `<a data-phx-link="redirect">`) between views of the
    /// same live session keeps the WebSocket; crossing live sessions makes the client load the
    /// page over HTTP, as the official client expects. Routes added outside any group share the
    /// unnamed session `""`. Inside, [`on_mount`](Router::on_mount) adds hooks for the routes
    /// that follow.
    ///
    /// ```
    /// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// # #[derive(LiveView)] struct Page {}
    /// # impl LiveView for Page {
    /// #     type Info = ();
    /// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Page {}) }
    /// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p>page</p> } }
    /// # }
    /// use live_server::Router;
    /// let router = Router::new()
    ///     .live::<Page>("/")
    ///     .live_session("admin", |r| r.live::<Page>("/admin"));
    /// assert_eq!(router.find("/admin").expect("routed").route().live_session(), "admin");
    /// assert_eq!(router.find("/").expect("routed").route().live_session(), "");
    /// ```
    pub fn live_session(mut self, name: &str, build: impl FnOnce(Router) -> Router) -> Self {
        let group = build(Router {
            session: name.to_owned(),
            state: std::mem::take(&mut self.state),
            view_hooks: self.view_hooks.clone(),
            layout: self.layout.clone(),
            colocated: std::mem::take(&mut self.colocated),
            ..Router::default()
        });
        self.colocated = group.colocated;
        self.state = group.state;
        for route in group.routes {
            self.add_live(route);
        }
        for route in group.plain {
            self.add_plain(route);
        }
        self.files.extend(group.files);
        self.connect_info.extend(group.connect_info);
        self
    }

    /// Adds an `on_mount` hook to the live routes added after it in this live session. Hooks
    /// run in order before `mount`, over HTTP and at join; a halt redirects.
    pub fn on_mount(
        mut self,
        hook: impl Fn(&mut MountContext<'_>) -> Result<(), Halt> + Send + Sync + 'static,
    ) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// Gives every view of the app the state `value` (a database pool, a cache, a config), like
    /// axum's `State`: views read it in `mount` with [`Session::state`](live_core::Session::state)
    /// and in later callbacks with [`Socket::state`](live_core::Socket::state). One value per
    /// type, app-wide (also when set inside a live session); a second value of a type replaces
    /// the first. Tests give each [`LiveTest`](crate::testing::LiveTest) its own with
    /// [`LiveTest::state`](crate::testing::LiveTest::state).
    ///
    /// ```
    /// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// struct Db { name: &'static str }
    ///
    /// #[derive(LiveView)]
    /// struct Home { db: String }
    /// impl LiveView for Home {
    ///     type Info = ();
    ///     fn mount(_: &Params, session: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
    ///         let db = session.state::<Db>().ok_or("no database")?;
    ///         Ok(Home { db: db.name.to_owned() })
    ///     }
    ///     fn render(assigns: &Assigns<Self>) -> Rendered { html! { <p>{&assigns.db}</p> } }
    /// }
    ///
    /// let router = live_server::Router::new().state(Db { name: "main" }).live::<Home>("/");
    /// let mut view = live_server::testing::live(&router, "/")?;
    /// assert!(view.render().contains("main"));
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn state<T: Send + Sync + 'static>(mut self, value: T) -> Self {
        self.state.insert(value);
        self
    }

    /// Like [`state`](Router::state) for a value already shared with the rest of the application
    /// (e.g. the `Arc` an axum app keeps as its own state).
    ///
    /// ```
    /// use std::sync::Arc;
    /// let shared = Arc::new(String::from("config"));
    /// let router = live_server::Router::new().state_shared(shared.clone());
    /// # let _ = router;
    /// ```
    pub fn state_shared<T: Send + Sync + 'static>(mut self, value: Arc<T>) -> Self {
        self.state.insert_shared(value);
        self
    }

    /// The application state (see [`state`](Router::state)).
    pub(crate) fn app_state(&self) -> &AppState {
        &self.state
    }

    /// Hands the request extension `T` to every `mount` (and `on_mount` hook) as connect info,
    /// read with [`Session::connect_info`](live_core::Session::connect_info).
    ///
    /// The value comes from the request in front of each mount: the page's `GET` for the static
    /// render, the WebSocket upgrade for the connected mount (and for every live navigation on
    /// that socket). Middleware in front of the server sets it, e.g. an axum or tower layer that
    /// authenticates the user and inserts a `CurrentUser` into the request extensions; axum's own
    /// `ConnectInfo<SocketAddr>` works too. It is never signed into the page. A mount whose
    /// request did not carry a `T` sees `None`.
    ///
    /// ```
    /// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// #[derive(Clone)]
    /// struct CurrentUser { name: String }
    ///
    /// #[derive(LiveView)]
    /// struct Greeting { name: String }
    ///
    /// impl LiveView for Greeting {
    ///     type Info = ();
    ///     fn mount(_: &Params, session: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
    ///         let name = session.connect_info::<CurrentUser>().map_or("stranger", |u| &u.name);
    ///         Ok(Greeting { name: name.to_owned() })
    ///     }
    ///     fn render(assigns: &Assigns<Self>) -> Rendered { html! { <p>Hello {@name}</p> } }
    /// }
    ///
    /// let router = live_server::Router::new()
    ///     .connect_info::<CurrentUser>()
    ///     .live::<Greeting>("/");
    /// ```
    pub fn connect_info<T: Clone + Send + Sync + 'static>(mut self) -> Self {
        self.connect_info.push(connect_info::copier::<T>());
        self
    }

    /// The connect info of a request: the extensions the router names, and its
    /// [`RequestInfo`](crate::RequestInfo).
    pub(crate) fn connect_info_of(
        &self,
        extensions: &hyper::http::Extensions,
        headers: &hyper::HeaderMap,
        trust_proxy: bool,
    ) -> live_core::ConnectInfo {
        let mut info = connect_info::collect(&self.connect_info, extensions);
        info.insert(connect_info::request_info(extensions, headers, trust_proxy));
        info
    }

    /// Answers `GET` (and `HEAD`) on `path` with `handler`.
    pub fn get(
        self,
        path: &str,
        handler: impl Fn(&mut Request) -> Response + Send + Sync + 'static,
    ) -> Self {
        self.plain_route("GET", path, Arc::new(handler))
    }

    /// Answers `POST` on `path` with `handler`. The urlencoded form must carry a valid
    /// `_csrf_token` (from [`Request::csrf_token`]); otherwise the server answers 403.
    pub fn post(
        self,
        path: &str,
        handler: impl Fn(&mut Request) -> Response + Send + Sync + 'static,
    ) -> Self {
        self.plain_route("POST", path, Arc::new(handler))
    }

    fn plain_route(mut self, method: &'static str, path: &str, handler: Handler) -> Self {
        self.add_plain(Arc::new(PlainRoute {
            method,
            path: path.to_owned(),
            handler,
        }));
        self
    }

    /// Serves the files under `dir` at `prefix` (e.g. `"/static"`). Each path segment is
    /// percent-decoded first, then refused when empty, `.`-prefixed (`..`, hidden files) or
    /// holding a separator, NUL, `:` or a leftover `%` (double encoding): nothing outside `dir`
    /// is ever served.
    pub fn files(mut self, prefix: &str, dir: impl Into<PathBuf>) -> Self {
        self.files.push((Pattern::new(prefix), dir.into()));
        self
    }

    /// The URL of the static file at `path` (a path a [`files`](Router::files) route serves)
    /// with its content digest, `path?vsn=…`: browsers may cache it for good (the server
    /// answers it with a year-long `Cache-Control`), and a new deploy with changed content
    /// gives a new URL. Put it in the root layout with `phx-track-static`
    /// (`<link phx-track-static rel="stylesheet" href="…">`, see
    /// [`PageParts::static_path`](crate::root_layout::PageParts::static_path)): the client sends
    /// the tracked URLs when it joins, and a view learns from
    /// [`Session::static_changed`](live_core::Session::static_changed) that its page runs
    /// older assets than the server's, to ask the user to reload. `path` as given when no
    /// file route serves it.
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("live-doc-static-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// std::fs::write(dir.join("app.css"), "body { margin: 0 }")?;
    /// let router = live_server::Router::new().files("/static", &dir);
    /// let url = router.static_path("/static/app.css");
    /// assert!(url.starts_with("/static/app.css?vsn="));
    /// assert_eq!(router.static_path("/static/missing.css"), "/static/missing.css");
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn static_path(&self, path: &str) -> String {
        match self.static_digest(path) {
            Some(digest) => format!("{path}?{}={digest}", static_digest::VERSION_PARAM),
            None => path.to_owned(),
        }
    }

    /// The content digest of the file a file route serves at `path`.
    pub(crate) fn static_digest(&self, path: &str) -> Option<String> {
        let path = path.split_once('?').map_or(path, |(p, _)| p);
        let file = self.find_file(path)?;
        self.digests.of(&file)
    }

    /// Whether any of the URLs a page tracks (`phx-track-static`, sent by the client as
    /// `_track_static`) names a file this router serves with another content now.
    pub(crate) fn static_changed<'a>(&self, tracked: impl Iterator<Item = &'a str>) -> bool {
        tracked.into_iter().any(|url| {
            let path_and_query = crate::channel::connection::path_and_query(url);
            let (path, query) = path_and_query
                .split_once('?')
                .unwrap_or((path_and_query, ""));
            // Only files this router serves, tracked with their digest, can be judged.
            match (self.static_digest(path), static_digest::version_of(query)) {
                (Some(now), Some(loaded)) => now != loaded,
                _ => false,
            }
        })
    }

    /// The first route mounting the view type named `name` (see [`ViewFactory::name`]), with
    /// no params. Used to mount views joined without a URL.
    pub fn find_view(&self, name: &str) -> Option<(Arc<Route>, Params)> {
        self.routes
            .iter()
            .find(|route| route.factory.name() == name)
            .map(|route| {
                let mut params = Params::default();
                params.set_live_action(route.live_action());
                (route.clone(), params)
            })
    }

    /// The live route matching `path_and_query` (a path, optionally with `?query`): a
    /// [`RouteMatch`] borrowing the router and the target, which reads the params on demand
    /// (finding a route allocates nothing unless the path needs normalizing, e.g. `//a/b/`).
    #[inline]
    pub fn find<'r, 'p>(&'r self, path_and_query: &'p str) -> Option<RouteMatch<'r, 'p>> {
        let (path, query, normal) = scan_target(path_and_query);
        let path: std::borrow::Cow<'p, str> = if normal {
            path.into()
        } else {
            normalize(path).into()
        };
        let index = *self.live_table.at(&path).ok()?.value;
        let route = self.routes.get(index)?;
        Some(RouteMatch::new(&self.live_table, route, path, query))
    }

    /// The plain route for `method` on `path_and_query`, and its params.
    pub(crate) fn find_plain(
        &self,
        method: &str,
        path_and_query: &str,
    ) -> Option<(Arc<PlainRoute>, Params)> {
        let (path, mut params) = parse_target(path_and_query);
        let method = if method == "HEAD" { "GET" } else { method };
        let (_, table) = self.plain_tables.iter().find(|(m, _)| *m == method)?;
        let route = lookup(table, &self.plain, &path, &mut params)?;
        Some((route.clone(), params))
    }

    /// The file a `GET` on `path` would serve, if a file route covers it and it exists.
    pub(crate) fn find_file(&self, path: &str) -> Option<PathBuf> {
        let given: Vec<&str> = split(path).collect();
        self.files.iter().find_map(|(prefix, dir)| {
            let rest = prefix.strip_prefix(&given)?;
            if rest.is_empty() {
                return None;
            }
            let mut file = dir.clone();
            for segment in rest {
                file.push(safe_file_segment(segment)?);
            }
            file.is_file().then_some(file)
        })
    }
}

/// One path segment of a file request, decoded, when it names an ordinary entry of its
/// directory: `None` for empty or `.`-prefixed names (`.`, `..`, hidden files), names holding
/// a separator (`/`, `\\`), a NUL, a drive colon, or a `%` left over from double encoding.
/// The check runs on the decoded text, so `%2e%2e` is refused like `..`.
fn safe_file_segment(encoded: &str) -> Option<String> {
    let decoded = percent_decode(encoded);
    let refused = decoded.is_empty()
        || decoded.starts_with('.')
        || decoded.contains(['/', '\\', '\0', ':', '%', '\u{FFFD}']);
    (!refused).then_some(decoded)
}

/// The `matchit` form of a route path: `:name` becomes `{name}`, `*name` (a glob, last)
/// becomes `{*name}`, braces in literal segments are escaped; empty segments are dropped, so
/// `/a//b/` is `/a/b`, as requests are normalized.
fn table_pattern(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 4);
    for segment in split(path) {
        out.push('/');
        if let Some(name) = segment.strip_prefix(':') {
            out.push('{');
            out.push_str(name);
            out.push('}');
        } else if let Some(name) = segment.strip_prefix('*') {
            out.push_str("{*");
            out.push_str(name);
            out.push('}');
        } else {
            out.push_str(&segment.replace('{', "{{").replace('}', "}}"));
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// The entry of `items` the table matches for `path` (normalized), with its path params
/// (decoded) added to `params`.
fn lookup<'a, T>(
    table: &matchit::Router<usize>,
    items: &'a [Arc<T>],
    path: &str,
    params: &mut Params,
) -> Option<&'a Arc<T>> {
    let matched = table.at(path).ok()?;
    for (name, value) in matched.params.iter() {
        params.insert(name, percent_decode(value));
    }
    items.get(*matched.value)
}

/// The path and the query string of a request target (a fragment dropped), and whether the
/// path is normal already (rooted, no empty segment, no trailing slash): one pass over the
/// path's bytes, as this runs for every request.
#[inline]
fn scan_target(path_and_query: &str) -> (&str, &str, bool) {
    let bytes = path_and_query.as_bytes();
    let mut end = bytes.len();
    let mut empty_segment = false;
    let mut previous = 0u8;
    for (at, &byte) in bytes.iter().enumerate() {
        if byte == b'?' || byte == b'#' {
            end = at;
            break;
        }
        empty_segment |= byte == b'/' && previous == b'/';
        previous = byte;
    }
    let (path, rest) = path_and_query.split_at(end);
    let query = match rest.strip_prefix('?') {
        Some(query) => query.split_once('#').map_or(query, |(q, _)| q),
        None => "",
    };
    let normal = !empty_segment && path.starts_with('/') && (path.len() == 1 || previous != b'/');
    (path, query, normal)
}

/// `path` with its empty segments dropped (`//a/b/` is `/a/b`, `""` is `/`).
fn normalize(path: &str) -> String {
    let mut normalized = String::with_capacity(path.len() + 1);
    for segment in split(path) {
        normalized.push('/');
        normalized.push_str(segment);
    }
    if normalized.is_empty() {
        normalized.push('/');
    }
    normalized
}

/// The normalized path (empty segments dropped) and query params of a request target.
fn parse_target(path_and_query: &str) -> (std::borrow::Cow<'_, str>, Params) {
    let (path, query, normal) = scan_target(path_and_query);
    let mut params = Params::default();
    for (key, value) in query_pairs(query) {
        params.insert(key, value);
    }
    // Most request paths are normal already: no copy for them.
    if normal {
        return (path.into(), params);
    }
    (normalize(path).into(), params)
}

/// The query params of a request target (`/a?b=1` gives `b = 1`).
pub(crate) fn query_params(path_and_query: &str) -> Params {
    parse_target(path_and_query).1
}

fn split(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

/// `key=value` pairs of a query string or urlencoded form, decoded (`+` is a space).
pub(crate) fn query_pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    query.split('&').filter(|p| !p.is_empty()).map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (
            percent_decode(&k.replace('+', " ")),
            percent_decode(&v.replace('+', " ")),
        )
    })
}

/// Decodes `%XX` escapes; invalid escapes are kept as written.
pub(crate) fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("a%20b%zz%"), "a b%zz%");
        assert_eq!(percent_decode("caf%C3%A9"), "café");
        let pairs: Vec<_> = query_pairs("a=1&b=x+y&c").collect();
        assert_eq!(
            pairs,
            [
                ("a".into(), "1".into()),
                ("b".into(), "x y".into()),
                ("c".into(), String::new())
            ]
        );
    }

    use live_core::{html, Assigns, LiveView, Rendered, Session, Socket, ViewError};

    #[derive(live_core::LiveView)]
    struct Page {}
    impl LiveView for Page {
        type Info = ();
        fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
            Ok(Page {})
        }
        fn render(_: &Assigns<Self>) -> Rendered {
            html! { <p></p> }
        }
    }

    fn path_of(router: &Router, target: &str) -> Option<String> {
        router
            .find(target)
            .map(|found| found.route().path().to_owned())
    }

    #[test]
    fn literals_win_over_params_and_globs_take_the_rest() {
        let router = Router::new()
            .live::<Page>("/posts/:id")
            .live::<Page>("/posts/new")
            .live::<Page>("/files/*path")
            .live::<Page>("/")
            .live_session("admin", |r| r.live::<Page>("/admin/:section"));
        assert_eq!(
            path_of(&router, "/posts/new").as_deref(),
            Some("/posts/new")
        );
        assert_eq!(path_of(&router, "/posts/7").as_deref(), Some("/posts/:id"));
        assert_eq!(path_of(&router, "/posts/7/").as_deref(), Some("/posts/:id"));
        assert_eq!(
            path_of(&router, "//posts//7").as_deref(),
            Some("/posts/:id")
        );
        assert_eq!(path_of(&router, "/").as_deref(), Some("/"));
        assert_eq!(path_of(&router, "").as_deref(), Some("/"));
        assert_eq!(path_of(&router, "/posts"), None);
        assert_eq!(path_of(&router, "/posts/7/8"), None);
        assert_eq!(path_of(&router, "/files"), None, "a glob needs one segment");
        let (route, params) = router
            .find("/files/a/b%2Fc?x=1")
            .expect("routed")
            .into_parts();
        assert_eq!(route.path(), "/files/*path");
        assert_eq!(params.get("path"), Some("a/b/c"));
        assert_eq!(params.get("x"), Some("1"));
        let (route, params) = router
            .find("/admin/users?section=spoofed")
            .expect("routed")
            .into_parts();
        assert_eq!(route.live_session(), "admin");
        assert_eq!(params.get("section"), Some("users"), "path params win");
        let (_, params) = router
            .find("/posts/caf%C3%A9")
            .expect("routed")
            .into_parts();
        assert_eq!(params.get("id"), Some("café"));
    }

    #[test]
    fn targets_are_split_and_judged_in_one_pass() {
        assert_eq!(scan_target("/a/b?x=1#top"), ("/a/b", "x=1", true));
        assert_eq!(scan_target("/a#frag?no"), ("/a", "", true));
        assert_eq!(scan_target("/"), ("/", "", true));
        assert_eq!(scan_target(""), ("", "", false));
        assert_eq!(scan_target("/a/"), ("/a/", "", false));
        assert_eq!(scan_target("//a"), ("//a", "", false));
        assert_eq!(scan_target("/a?next=//b/"), ("/a", "next=//b/", true));
        assert_eq!(scan_target("a/b"), ("a/b", "", false));
    }

    #[test]
    fn a_match_reads_its_params_on_demand() {
        let router = Router::new()
            .live_action::<Page>("/posts/:id", "show")
            .live::<Page>("/files/*path");
        let found = router
            .find("//posts/a%20b/?id=spoofed&q=1")
            .expect("routed");
        assert_eq!(found.param("id").as_deref(), Some("a b"));
        assert_eq!(found.param("q").as_deref(), Some("1"));
        let params = found.params();
        assert_eq!(params.get("id"), Some("a b"));
        assert_eq!(params.live_action(), Some("show"));
        let found = router.find("/files/x/y.txt").expect("routed");
        assert!(matches!(
            found.param("path"),
            Some(std::borrow::Cow::Borrowed("x/y.txt"))
        ));
        assert_eq!(found.params().live_action(), None);
    }

    #[test]
    fn plain_routes_match_per_method() {
        let router = Router::new()
            .get("/health", |_| Response::text("ok"))
            .post("/health", |_| Response::text("posted"))
            .get("/export/*rest", |_| Response::text("x"));
        assert!(router.find_plain("GET", "/health").is_some());
        assert!(router.find_plain("HEAD", "/health").is_some());
        assert!(router.find_plain("POST", "/health").is_some());
        assert!(router.find_plain("PUT", "/health").is_none());
        let (_, params) = router.find_plain("GET", "/export/a/b").expect("routed");
        assert_eq!(params.get("rest"), Some("a/b"));
    }

    #[test]
    #[should_panic(expected = "conflicts")]
    fn the_same_path_twice_is_refused_when_the_router_is_built() {
        let _ = Router::new().live::<Page>("/a").live::<Page>("/a/");
    }

    #[test]
    #[should_panic(expected = "conflicts")]
    fn a_conflict_across_live_sessions_is_refused_too() {
        let _ = Router::new()
            .live::<Page>("/x/:id")
            .live_session("other", |r| r.live::<Page>("/x/:name"));
    }

    #[test]
    fn files_refuse_traversal() {
        let dir = std::env::temp_dir().join(format!("live-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        std::fs::write(dir.join("app.css"), "p{}").expect("write");
        let router = Router::new().files("/static", &dir);
        assert_eq!(
            router.find_file("/static/app.css"),
            Some(dir.join("app.css"))
        );
        assert_eq!(router.find_file("/static/../etc/passwd"), None);
        assert_eq!(
            router.find_file("/static/%61pp.css"),
            Some(dir.join("app.css"))
        );
        assert_eq!(router.find_file("/static/missing.css"), None);
        assert_eq!(router.find_file("/other/app.css"), None);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn file_segments_are_checked_after_decoding() {
        for refused in [
            "..",
            ".",
            "%2e%2e",
            "%2E%2E",
            "%2e.",
            ".%2E",
            "%2e",
            "%2ehidden",
            "a%2fb",
            "a%2Fb",
            "%2f",
            "a%5cb",
            "%5C..",
            "%252e%252e",
            "%25",
            "a%00b",
            "c%3a",
            "",
            "%ff",
        ] {
            assert_eq!(safe_file_segment(refused), None, "{refused}");
        }
        assert_eq!(safe_file_segment("app.css").as_deref(), Some("app.css"));
        assert_eq!(
            safe_file_segment("my%20file.txt").as_deref(),
            Some("my file.txt")
        );
        assert_eq!(safe_file_segment("caf%C3%A9").as_deref(), Some("café"));
    }
}
