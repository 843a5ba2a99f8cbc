//! The live route a request target matched, with its params read from the target on demand.

use std::borrow::Cow;
use std::sync::Arc;

use live_core::Params;

use super::{percent_decode, query_pairs, Route};

/// The live route a request target matched ([`Router::find`](super::Router::find)), borrowing
/// the router and the target: finding a route allocates nothing. The params (path params,
/// percent-decoded, then the query; path params win) are read one at a time with
/// [`param`](RouteMatch::param) or built into an owned [`Params`] with
/// [`params`](RouteMatch::params) when a view is mounted.
///
/// ```
/// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
/// # #[derive(LiveView)] struct Post {}
/// # impl LiveView for Post {
/// #     type Info = ();
/// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Post {}) }
/// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p></p> } }
/// # }
/// let router = live_server::Router::new().live_action::<Post>("/posts/:id", "show");
/// let found = router.find("/posts/caf%C3%A9?tab=comments").expect("routed");
/// assert_eq!(found.route().path(), "/posts/:id");
/// assert_eq!(found.param("id").as_deref(), Some("café"));
/// assert_eq!(found.param("tab").as_deref(), Some("comments"));
/// let (route, params) = found.into_parts();
/// assert_eq!(route.live_action(), Some("show"));
/// assert_eq!(params.get("id"), Some("café"));
/// assert_eq!(params.live_action(), Some("show"));
/// ```
#[derive(Debug)]
pub struct RouteMatch<'r, 'p> {
    /// The table that matched: the params are read by matching `path` again, on demand.
    table: &'r matchit::Router<usize>,
    route: &'r Arc<Route>,
    /// The path that matched: the target's own, or a normalized copy (`//a/b/` is `/a/b`).
    path: Cow<'p, str>,
    /// The query string of the target, undecoded (`""` without one).
    query: &'p str,
}

impl<'r, 'p> RouteMatch<'r, 'p> {
    #[inline]
    pub(super) fn new(
        table: &'r matchit::Router<usize>,
        route: &'r Arc<Route>,
        path: Cow<'p, str>,
        query: &'p str,
    ) -> Self {
        RouteMatch {
            table,
            route,
            path,
            query,
        }
    }

    /// Calls `each` with every path param, undecoded, as matched.
    fn path_params(&self, mut each: impl FnMut(&str, &str)) {
        if let Ok(matched) = self.table.at(&self.path) {
            for (key, value) in matched.params.iter() {
                each(key, value);
            }
        }
    }

    /// The route that matched.
    ///
    /// ```
    /// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// # #[derive(LiveView)] struct Home {}
    /// # impl LiveView for Home {
    /// #     type Info = ();
    /// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Home {}) }
    /// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p></p> } }
    /// # }
    /// let router = live_server::Router::new().live::<Home>("/");
    /// assert_eq!(router.find("/").expect("routed").route().path(), "/");
    /// ```
    pub fn route(&self) -> &'r Arc<Route> {
        self.route
    }

    /// The value of the param `name`, decoded: the path param of that name, else the query's
    /// (its last value). Borrowed from the target when nothing needed decoding.
    ///
    /// ```
    /// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// # #[derive(LiveView)] struct Files {}
    /// # impl LiveView for Files {
    /// #     type Info = ();
    /// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Files {}) }
    /// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p></p> } }
    /// # }
    /// let router = live_server::Router::new().live::<Files>("/files/*path");
    /// let found = router.find("/files/a/b%20c.txt?path=spoofed&q=x+y").expect("routed");
    /// assert_eq!(found.param("path").as_deref(), Some("a/b c.txt"));
    /// assert_eq!(found.param("q").as_deref(), Some("x y"));
    /// assert_eq!(found.param("missing"), None);
    /// ```
    pub fn param(&self, name: &str) -> Option<Cow<'p, str>> {
        let in_path = match &self.path {
            Cow::Borrowed(path) => self
                .table
                .at(path)
                .ok()
                .and_then(|matched| matched.params.get(name))
                .map(decoded),
            Cow::Owned(_) => {
                let mut found = None;
                self.path_params(|key, value| {
                    if key == name {
                        found = Some(Cow::Owned(percent_decode(value)));
                    }
                });
                found
            }
        };
        in_path.or_else(|| {
            query_pairs(self.query)
                .filter(|(key, _)| key == name)
                .last()
                .map(|(_, value)| Cow::Owned(value))
        })
    }

    /// Every param as an owned [`Params`] (the query's, then the path's over them), with the
    /// route's live action: what `mount` and `handle_params` receive.
    ///
    /// ```
    /// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// # #[derive(LiveView)] struct Team {}
    /// # impl LiveView for Team {
    /// #     type Info = ();
    /// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Team {}) }
    /// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p></p> } }
    /// # }
    /// let router = live_server::Router::new().live::<Team>("/teams/:team");
    /// let params = router.find("/teams/blue?team=red&page=2").expect("routed").params();
    /// assert_eq!(params.get("team"), Some("blue"));
    /// assert_eq!(params.get("page"), Some("2"));
    /// ```
    pub fn params(&self) -> Params {
        let mut params = Params::default();
        for (key, value) in query_pairs(self.query) {
            params.insert(key, value);
        }
        self.path_params(|key, value| params.insert(key, percent_decode(value)));
        params.set_live_action(self.route.live_action());
        params
    }

    /// The route (shared) and its owned params, for a caller that keeps them.
    ///
    /// ```
    /// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// # #[derive(LiveView)] struct Home {}
    /// # impl LiveView for Home {
    /// #     type Info = ();
    /// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Home {}) }
    /// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p></p> } }
    /// # }
    /// let router = live_server::Router::new().live::<Home>("/:lang");
    /// let (route, params) = router.find("/fr").expect("routed").into_parts();
    /// assert_eq!((route.path(), params.get("lang")), ("/:lang", Some("fr")));
    /// ```
    pub fn into_parts(self) -> (Arc<Route>, Params) {
        let params = self.params();
        (self.route.clone(), params)
    }
}

/// `value` percent-decoded, borrowed when it holds no escape.
fn decoded(value: &str) -> Cow<'_, str> {
    if value.contains('%') {
        Cow::Owned(percent_decode(value))
    } else {
        Cow::Borrowed(value)
    }
}
