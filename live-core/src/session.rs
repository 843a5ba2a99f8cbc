//! Session data carried, signed, from the HTTP render to the connected mount.

use serde_json::{Map, Value};

use std::sync::Arc;

use crate::mount_hooks::MountHooks;
use crate::nested::{HostSlot, NestedHost};
use crate::{AppState, ConnectInfo};

/// Key/value data of the user's session, available to `mount`.
///
/// The server signs it into the page's session token, so what the disconnected mount saw is what
/// the connected mount sees.
///
/// ```
/// use live_core::Session;
/// let mut session = Session::default();
/// session.insert("user_id", 7);
/// assert_eq!(session.get("user_id").and_then(|v| v.as_i64()), Some(7));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Session {
    data: Map<String, Value>,
    /// Typed values from the mounting request; never signed into the page.
    connect_info: ConnectInfo,
    /// The application's shared state; never signed into the page.
    state: AppState,
    /// What renders the view's children (`nested`); never signed into the page.
    host: HostSlot,
    /// The persisted state this join restores (`#[live(persist)]`); never signed into the page.
    snapshot: Option<Arc<str>>,
    /// Typed values the `on_mount` hooks assigned for this mount; never signed into the page.
    assigned: ConnectInfo,
    /// The `params` the client's LiveSocket sent with the join; `None` before it connects.
    connect_params: Option<Arc<Map<String, Value>>>,
    /// The page's tracked static assets differ from the server's (`phx-track-static`).
    static_changed: bool,
    /// Lifecycle hooks the `on_mount` hooks attached for this mount; never signed into the page.
    mount_hooks: MountHooks,
}

impl Session {
    /// A session holding `map`.
    pub fn from_map(map: Map<String, Value>) -> Self {
        Session {
            data: map,
            connect_info: ConnectInfo::default(),
            state: AppState::default(),
            host: HostSlot::default(),
            snapshot: None,
            assigned: ConnectInfo::default(),
            connect_params: None,
            static_changed: false,
            mount_hooks: MountHooks::default(),
        }
    }

    /// The value stored under `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.data.get(key)
    }

    /// Stores `value` under `key`.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<Value>) {
        self.data.insert(key.into(), value.into());
    }

    /// The underlying map (the signed data; connect info is not part of it).
    pub fn as_map(&self) -> &Map<String, Value> {
        &self.data
    }

    /// The value of type `T` that the request mounting this view carried: for the static render
    /// the page's `GET`, for the connected mount the WebSocket upgrade. The server fills it from
    /// the request extensions its router names (`live_server::Router::connect_info`), for
    /// example the user an authentication middleware found; the value is never signed into the
    /// page, so each mount sees what its own request carried.
    ///
    /// ```
    /// use live_core::{ConnectInfo, Session};
    /// struct CurrentUser { name: String }
    ///
    /// let mut info = ConnectInfo::default();
    /// info.insert(CurrentUser { name: "ada".into() });
    /// let mut session = Session::default();
    /// session.set_connect_info(info);
    /// assert_eq!(session.connect_info::<CurrentUser>().map(|u| u.name.as_str()), Some("ada"));
    /// assert!(session.as_map().is_empty(), "connect info is not session data");
    /// ```
    pub fn connect_info<T: std::any::Any>(&self) -> Option<&T> {
        self.connect_info.get::<T>()
    }

    /// The application state of type `T` (given to the router with
    /// `live_server::Router::state`), for `mount`; later callbacks read it through
    /// [`Socket::state`](crate::Socket::state).
    ///
    /// ```
    /// use live_core::{AppState, Session};
    /// struct Pool(&'static str);
    ///
    /// let mut state = AppState::default();
    /// state.insert(Pool("postgres://…"));
    /// let mut session = Session::default();
    /// session.set_state(state);
    /// assert_eq!(session.state::<Pool>().map(|p| p.0), Some("postgres://…"));
    /// ```
    pub fn state<T: std::any::Any>(&self) -> Option<&T> {
        self.state.get::<T>()
    }

    /// The whole application state (what the socket of the mounted view gets).
    pub fn app_state(&self) -> &AppState {
        &self.state
    }

    /// Replaces the application state (the server does this before each mount; tests may too).
    ///
    /// ```
    /// let mut state = live_core::AppState::default();
    /// state.insert(3_u16);
    /// let mut session = live_core::Session::default();
    /// session.set_state(state);
    /// assert_eq!(session.state::<u16>(), Some(&3));
    /// ```
    pub fn set_state(&mut self, state: AppState) {
        self.state = state;
    }

    /// Replaces the connect info (the server does this before each mount; tests may too).
    ///
    /// ```
    /// let mut info = live_core::ConnectInfo::default();
    /// info.insert(42_u64);
    /// let mut session = live_core::Session::default();
    /// session.set_connect_info(info);
    /// assert_eq!(session.connect_info::<u64>(), Some(&42));
    /// ```
    pub fn set_connect_info(&mut self, info: ConnectInfo) {
        self.connect_info = info;
    }

    /// Gives the view mounted with this session the host of its child views (the server does
    /// this before each mount; see [`nested`](crate::nested)).
    ///
    /// ```
    /// use std::sync::Arc;
    /// use live_core::nested::{LiveRender, NestedHost};
    /// use live_core::Session;
    /// struct NoTokens;
    /// impl NestedHost for NoTokens {
    ///     fn session_token(&self, _: &str, _: &LiveRender) -> String { String::new() }
    ///     fn static_token(&self, _: &LiveRender) -> String { String::new() }
    ///     fn child_session(&self, _: &LiveRender) -> Session { Session::default() }
    /// }
    /// let mut session = Session::default();
    /// session.set_nested_host(Arc::new(NoTokens));
    /// assert!(session.nested_host().is_some());
    /// assert!(session.as_map().is_empty(), "the host is not session data");
    /// ```
    pub fn set_nested_host(&mut self, host: Arc<dyn NestedHost>) {
        self.host = HostSlot(Some(host));
    }

    /// The host of the view's children, if the server gave one.
    ///
    /// ```
    /// assert!(live_core::Session::default().nested_host().is_none());
    /// ```
    pub fn nested_host(&self) -> Option<&Arc<dyn NestedHost>> {
        self.host.0.as_ref()
    }

    /// Sets the snapshot a persisted view (`#[live(persist)]`) is restored from at this join;
    /// the server sets it from its snapshot store. See [`crate::persist`].
    ///
    /// ```
    /// let mut session = live_core::Session::default();
    /// session.set_snapshot(Some(r#"{"step":2}"#.to_owned()));
    /// assert_eq!(session.snapshot(), Some(r#"{"step":2}"#));
    /// assert!(session.as_map().is_empty(), "the snapshot is not session data");
    /// ```
    pub fn set_snapshot(&mut self, snapshot: Option<String>) {
        self.snapshot = snapshot.map(Arc::from);
    }

    /// The snapshot this join restores, if any.
    pub fn snapshot(&self) -> Option<&str> {
        self.snapshot.as_deref()
    }

    /// The lifecycle hooks an `on_mount` hook attached for this mount: the view's socket
    /// takes them when it mounts, before `mount` runs (see [`MountHooks`]).
    ///
    /// ```
    /// let session = live_core::Session::default();
    /// assert!(session.mount_hooks().is_empty());
    /// ```
    pub fn mount_hooks(&self) -> &MountHooks {
        &self.mount_hooks
    }

    /// The lifecycle hooks to attach to the view this session mounts (what the server's
    /// `MountContext::attach_event_hook` and its siblings add to).
    ///
    /// ```
    /// use live_core::hooks::HookFlow;
    /// let mut session = live_core::Session::default();
    /// session.mount_hooks_mut().event("log", |event, _| { println!("{}", event.name()); HookFlow::Cont });
    /// assert!(!session.mount_hooks().is_empty());
    /// ```
    pub fn mount_hooks_mut(&mut self) -> &mut MountHooks {
        &mut self.mount_hooks
    }

    /// The value of type `T` an `on_mount` hook assigned for this mount (Phoenix's
    /// `assign(socket, …)` in `on_mount`): e.g. the current user, loaded once by the live
    /// session's hook instead of in every view. Hooks run again before each mount (the HTTP
    /// render and the join), so the value is never signed into the page.
    ///
    /// ```
    /// use live_core::Session;
    /// struct CurrentUser { name: String }
    /// let mut session = Session::default();
    /// session.assign(CurrentUser { name: "ada".into() });
    /// assert_eq!(session.assigned::<CurrentUser>().map(|u| u.name.as_str()), Some("ada"));
    /// assert!(session.as_map().is_empty(), "assigned values are not session data");
    /// ```
    pub fn assigned<T: std::any::Any>(&self) -> Option<&T> {
        self.assigned.get::<T>()
    }

    /// Assigns `value` for `mount` to read with [`Session::assigned`] (the server's `on_mount`
    /// hooks call this through their mount context); a second value of a type replaces the
    /// first.
    ///
    /// ```
    /// let mut session = live_core::Session::default();
    /// session.assign(3_u8);
    /// session.assign(4_u8);
    /// assert_eq!(session.assigned::<u8>(), Some(&4));
    /// ```
    pub fn assign<T: std::any::Any + Send + Sync>(&mut self, value: T) {
        self.assigned.insert(value);
    }

    /// The `params` the page's LiveSocket sent when it connected (Phoenix's
    /// `get_connect_params`): values the page's JavaScript passes to the server, such as the
    /// user's time zone, plus the client's own (`_csrf_token`, `_mounts`, `_track_static`).
    /// `None` in the disconnected HTTP render.
    ///
    /// ```
    /// use live_core::Session;
    /// let mut session = Session::default();
    /// assert!(session.connect_params().is_none());
    /// let params = serde_json::json!({"tz": "Europe/Paris"});
    /// session.set_connect_params(params.as_object().cloned().unwrap_or_default());
    /// let tz = session.connect_params().and_then(|p| p.get("tz")).and_then(|v| v.as_str());
    /// assert_eq!(tz, Some("Europe/Paris"));
    /// ```
    pub fn connect_params(&self) -> Option<&Map<String, Value>> {
        self.connect_params.as_deref()
    }

    /// Sets the connect params (the server does this before a connected mount).
    ///
    /// ```
    /// let mut session = live_core::Session::default();
    /// session.set_connect_params(serde_json::Map::new());
    /// assert!(session.connect_params().is_some_and(|p| p.is_empty()));
    /// ```
    pub fn set_connect_params(&mut self, params: Map<String, Value>) {
        self.connect_params = Some(Arc::new(params));
    }

    /// Whether the static assets the page was loaded with (its `phx-track-static` elements,
    /// sent by the client when it joins) differ from the ones the server serves now (Phoenix's
    /// `static_changed?`): after a deploy, the view can ask the user to reload. Always false in
    /// the disconnected render.
    ///
    /// ```
    /// let mut session = live_core::Session::default();
    /// assert!(!session.static_changed());
    /// session.set_static_changed(true);
    /// assert!(session.static_changed());
    /// ```
    pub fn static_changed(&self) -> bool {
        self.static_changed
    }

    /// Sets [`Session::static_changed`] (the server does this before a connected mount).
    pub fn set_static_changed(&mut self, changed: bool) {
        self.static_changed = changed;
    }
}
