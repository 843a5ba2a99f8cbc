//! `on_mount` hooks: checks a live session runs before every mount of its views, over HTTP and
//! at join (e.g. "a user must be logged in").

use std::sync::Arc;

use live_core::hooks::HookFlow;
use live_core::mount_hooks::AnySocket;
use live_core::{Event, Flash, Params, Session};

/// What an `on_mount` hook sees and may change.
#[derive(Debug)]
pub struct MountContext<'a> {
    /// The route's path and query params.
    pub params: &'a Params,
    /// The session `mount` will receive; a hook may add to it (e.g. the loaded user).
    pub session: &'a mut Session,
    /// False for the HTTP render, true at join.
    pub connected: bool,
    /// The URL being mounted.
    pub uri: &'a str,
}

impl MountContext<'_> {
    /// Assigns `value` to the view being mounted: `mount` reads it with
    /// [`Session::assigned`](live_core::Session::assigned) (Phoenix's `assign` in `on_mount`).
    ///
    /// ```
    /// use live_server::on_mount::{Halt, MountContext};
    /// #[derive(Clone)]
    /// struct CurrentUser { name: String }
    ///
    /// fn load_user(ctx: &mut MountContext<'_>) -> Result<(), Halt> {
    ///     let name = ctx.session.get("user").and_then(|v| v.as_str()).ok_or_else(|| Halt::redirect("/login"))?;
    ///     let user = CurrentUser { name: name.to_owned() };
    ///     ctx.assign(user);
    ///     Ok(())
    /// }
    /// # let _ = live_server::Router::new().live_session("app", |r| r.on_mount(load_user));
    /// ```
    pub fn assign<T: std::any::Any + Send + Sync>(&mut self, value: T) {
        self.session.assign(value);
    }

    /// Attaches `hook` to the view being mounted, to run before its `handle_event` (Phoenix's
    /// `attach_hook(socket, name, :handle_event, fun)` in `on_mount`): for a live session's
    /// hook, every view of the session gets it. Returning [`HookFlow::Halt`] handles the event
    /// there (the view's `handle_event` does not run), [`HookFlow::Cont`] passes it on. Hooks
    /// attached here run before those the view attaches in `mount`; `name` is for
    /// [`Socket::detach_hook`](live_core::Socket::detach_hook).
    ///
    /// ```
    /// use std::sync::{atomic::{AtomicU64, Ordering}, Arc};
    /// use live_core::hooks::HookFlow;
    /// let events = Arc::new(AtomicU64::new(0));
    /// let seen = events.clone();
    /// let router = live_server::Router::new().live_session("app", |r| {
    ///     r.on_mount(move |ctx| {
    ///         let seen = seen.clone();
    ///         ctx.attach_event_hook("analytics", move |_event, _socket| {
    ///             seen.fetch_add(1, Ordering::Relaxed);
    ///             HookFlow::Cont
    ///         });
    ///         Ok(())
    ///     })
    /// });
    /// # let _ = router;
    /// ```
    pub fn attach_event_hook(
        &mut self,
        name: &str,
        hook: impl FnMut(&Event, &mut dyn AnySocket) -> HookFlow + Send + 'static,
    ) {
        self.session.mount_hooks_mut().event(name, hook);
    }

    /// Attaches `hook` to run before the view's `handle_params` (it gets the params and the
    /// URI), as [`attach_event_hook`](MountContext::attach_event_hook) does for events.
    ///
    /// ```
    /// use live_core::hooks::HookFlow;
    /// let router = live_server::Router::new().live_session("app", |r| {
    ///     r.on_mount(|ctx| {
    ///         ctx.attach_params_hook("log", |_params, uri, _socket| {
    ///             println!("now at {uri}");
    ///             HookFlow::Cont
    ///         });
    ///         Ok(())
    ///     })
    /// });
    /// # let _ = router;
    /// ```
    pub fn attach_params_hook(
        &mut self,
        name: &str,
        hook: impl FnMut(&Params, &str, &mut dyn AnySocket) -> HookFlow + Send + 'static,
    ) {
        self.session.mount_hooks_mut().params(name, hook);
    }

    /// Attaches `hook` to run before the view's `handle_info`, for views whose messages
    /// (`LiveView::Info`) are of type `M` (other views do not get it).
    ///
    /// ```
    /// use live_core::hooks::HookFlow;
    /// enum Notice { Maintenance }
    /// let router = live_server::Router::new().live_session("app", |r| {
    ///     r.on_mount(|ctx| {
    ///         ctx.attach_info_hook::<Notice>("maintenance", |Notice::Maintenance, socket| {
    ///             socket.redirect("/maintenance");
    ///             HookFlow::Halt
    ///         });
    ///         Ok(())
    ///     })
    /// });
    /// # let _ = router;
    /// ```
    pub fn attach_info_hook<M: std::any::Any>(
        &mut self,
        name: &str,
        hook: impl FnMut(&M, &mut dyn AnySocket) -> HookFlow + Send + 'static,
    ) {
        self.session.mount_hooks_mut().info(name, hook);
    }

    /// Attaches `hook` to run after every render of the view (it gets the view's id).
    ///
    /// ```
    /// let router = live_server::Router::new().live_session("app", |r| {
    ///     r.on_mount(|ctx| {
    ///         ctx.attach_after_render_hook("trace", |view_id| println!("rendered {view_id}"));
    ///         Ok(())
    ///     })
    /// });
    /// # let _ = router;
    /// ```
    pub fn attach_after_render_hook(
        &mut self,
        name: &str,
        hook: impl FnMut(&str) + Send + 'static,
    ) {
        self.session.mount_hooks_mut().after_render(name, hook);
    }

    /// Runs `attach` on the socket of the view being mounted when it is a `V` (other views
    /// skip it), before `V::mount`: it attaches `V`'s typed hooks
    /// ([`Socket::attach_event_hook`](live_core::Socket::attach_event_hook) and its siblings),
    /// which read and change `V`'s assigns.
    ///
    /// ```
    /// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// # #[derive(LiveView)] struct Cart { items: u32 }
    /// # impl LiveView for Cart {
    /// #     type Info = ();
    /// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Cart { items: 0 }) }
    /// #     fn render(assigns: &Assigns<Self>) -> Rendered { html! { <p>{@items}</p> } }
    /// # }
    /// use live_core::hooks::HookFlow;
    /// let router = live_server::Router::new()
    ///     .view_on_mount::<Cart>(|ctx| {
    ///         ctx.attach_view_hooks::<Cart>(|socket| {
    ///             socket.attach_event_hook("empty", |assigns, event, _| match event.name() {
    ///                 "empty" => { assigns.set_items(0); HookFlow::Halt }
    ///                 _ => HookFlow::Cont,
    ///             });
    ///         });
    ///         Ok(())
    ///     })
    ///     .live::<Cart>("/cart");
    /// # let _ = router;
    /// ```
    pub fn attach_view_hooks<V: live_core::LiveView>(
        &mut self,
        attach: impl Fn(&mut live_core::Socket<V>) + Send + Sync + 'static,
    ) {
        self.session.mount_hooks_mut().view::<V>(attach);
    }

    /// What the request in front of this mount says about the client (peer address, user
    /// agent, headers): the page's `GET` for the HTTP render, the WebSocket upgrade at join.
    pub fn request(&self) -> Option<&crate::RequestInfo> {
        self.session.connect_info::<crate::RequestInfo>()
    }
}

/// Stops a mount: the browser is redirected instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Halt {
    pub(crate) to: String,
    pub(crate) flash: Flash,
}

impl Halt {
    /// Halts with a redirect to `to` (a full page load).
    pub fn redirect(to: impl Into<String>) -> Self {
        Halt {
            to: to.into(),
            flash: Flash::default(),
        }
    }

    /// Adds a flash message shown on the page redirected to.
    pub fn with_flash(mut self, kind: impl Into<String>, message: impl Into<String>) -> Self {
        self.flash.put(kind, message);
        self
    }
}

/// A hook run before mounting the views of a live session. Return `Err(Halt)` to redirect.
///
/// ```
/// use live_server::on_mount::{Halt, MountContext};
/// fn require_user(ctx: &mut MountContext<'_>) -> Result<(), Halt> {
///     if ctx.session.get("user").is_some() {
///         Ok(())
///     } else {
///         Err(Halt::redirect("/login").with_flash("error", "Please log in"))
///     }
/// }
/// # let _ = live_server::Router::new().live_session("app", |r| r.on_mount(require_user));
/// ```
pub type OnMount = Arc<dyn Fn(&mut MountContext<'_>) -> Result<(), Halt> + Send + Sync>;

/// Runs `hooks` in order; the first halt wins.
pub(crate) fn run(hooks: &[OnMount], ctx: &mut MountContext<'_>) -> Result<(), Halt> {
    hooks.iter().try_for_each(|hook| hook(ctx))
}
