//! `on_mount` hooks: checks a live session runs before every mount of its views, over HTTP and
//! at join (e.g. "a user must be logged in").

use std::sync::Arc;

use live_core::{Flash, Params, Session};

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
