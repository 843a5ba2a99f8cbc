//! Routes: which LiveView answers which path.

use std::sync::Arc;

use live_core::runtime::{Mounter, ViewFactory};
use live_core::{LiveView, Params};

/// The live routes of an application.
///
/// Paths are matched segment by segment; a segment `:name` matches any one segment and puts it
/// into the view's [`Params`]. The query string is added to the params too (path params win).
///
/// ```
/// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
/// # #[derive(live_core::LiveView)] struct Home {}
/// # impl LiveView for Home {
/// #     type Info = ();
/// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Home {}) }
/// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p>home</p> } }
/// # }
/// use live_server::Router;
/// let router = Router::new().live::<Home>("/").live::<Home>("/houses/:house");
/// let (route, params) = router.find("/houses/garden?x=1").expect("routed");
/// assert_eq!(route.path(), "/houses/:house");
/// assert_eq!(params.get("house"), Some("garden"));
/// assert_eq!(params.get("x"), Some("1"));
/// assert!(router.find("/nowhere").is_none());
/// ```
#[derive(Clone, Default)]
pub struct Router {
    routes: Vec<Arc<Route>>,
    /// The live session `live` puts new routes in.
    session: String,
}

/// One live route: a path pattern, the view mounted there and its live session.
pub struct Route {
    path: String,
    live_session: String,
    segments: Vec<Segment>,
    factory: Box<dyn ViewFactory>,
}

enum Segment {
    Literal(String),
    Param(String),
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
        f.debug_list().entries(self.routes.iter()).finish()
    }
}

impl Router {
    /// An empty router.
    pub fn new() -> Self {
        Router::default()
    }

    /// Mounts the LiveView `V` at `path` (e.g. `"/"`, `"/thermostat/:house"`).
    pub fn live<V: LiveView>(mut self, path: &str) -> Self {
        let segments = split(path)
            .map(|s| match s.strip_prefix(':') {
                Some(name) => Segment::Param(name.to_owned()),
                None => Segment::Literal(s.to_owned()),
            })
            .collect();
        self.routes.push(Arc::new(Route {
            path: path.to_owned(),
            live_session: self.session.clone(),
            segments,
            factory: Box::new(Mounter::<V>::new()),
        }));
        self
    }

    /// Groups the routes `build` adds into the live session `name`.
    ///
    /// Live navigation (`push_navigate`, `<a data-phx-link="redirect">`) between views of the
    /// same live session keeps the WebSocket; crossing live sessions makes the client load the
    /// page over HTTP, as the official client expects. Routes added outside any group share the
    /// unnamed session `""`.
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
    /// assert_eq!(router.find("/admin").expect("routed").0.live_session(), "admin");
    /// assert_eq!(router.find("/").expect("routed").0.live_session(), "");
    /// ```
    pub fn live_session(mut self, name: &str, build: impl FnOnce(Router) -> Router) -> Self {
        let group = build(Router {
            routes: Vec::new(),
            session: name.to_owned(),
        });
        self.routes.extend(group.routes);
        self
    }

    /// The first route mounting the view type named `name` (see
    /// [`ViewFactory::name`]), with no params. Used to mount views joined without a URL.
    pub fn find_view(&self, name: &str) -> Option<(Arc<Route>, Params)> {
        self.routes
            .iter()
            .find(|route| route.factory.name() == name)
            .map(|route| (route.clone(), Params::default()))
    }

    /// The route matching `path_and_query` (a path, optionally with `?query`), and its params.
    pub fn find(&self, path_and_query: &str) -> Option<(Arc<Route>, Params)> {
        let (path, query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        let path = path.split_once('#').map_or(path, |(p, _)| p);
        let given: Vec<&str> = split(path).collect();
        'routes: for route in &self.routes {
            if route.segments.len() != given.len() {
                continue;
            }
            let mut params = Params::default();
            for (key, value) in query_pairs(query) {
                params.insert(key, value);
            }
            for (segment, part) in route.segments.iter().zip(&given) {
                match segment {
                    Segment::Literal(literal) if literal == part => {}
                    Segment::Literal(_) => continue 'routes,
                    Segment::Param(name) => params.insert(name.clone(), percent_decode(part)),
                }
            }
            return Some((route.clone(), params));
        }
        None
    }
}

fn split(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

/// `key=value` pairs of a query string, decoded (`+` is a space).
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
