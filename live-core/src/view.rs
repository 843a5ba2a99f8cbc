//! The `LiveView` trait: what a view implements.

use crate::assigns::{Assigns, Tracked};
use crate::async_result::AsyncOutcome;
use crate::event::Event;
use crate::params::Params;
use crate::rendered::Rendered;
use crate::session::Session;
use crate::socket::Socket;

/// The error type of view callbacks. Any error converts into it with `?`, and so do a message
/// (`&str`, `String`) and a boxed error.
///
/// An error returned from a callback ends the view like a crash: the client shows an error
/// state and rejoins (a fresh mount). Other views never notice.
///
/// ```
/// use live_core::ViewError;
/// fn parse_id(text: &str) -> Result<u32, ViewError> {
///     if text.is_empty() {
///         return Err(ViewError::new("bad id"));
///     }
///     Ok(text.parse::<u32>()?)
/// }
/// assert_eq!(parse_id("").unwrap_err().to_string(), "bad id");
/// assert_eq!(parse_id("x").unwrap_err().to_string(), "invalid digit found in string");
/// let from_string: ViewError = format!("no user {}", 7).into();
/// assert_eq!(from_string.to_string(), "no user 7");
/// ```
pub struct ViewError(Box<dyn std::error::Error + Send + Sync>);

impl ViewError {
    /// An error from a message or from any error.
    pub fn new(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        ViewError(error.into())
    }

    /// The error, boxed.
    ///
    /// ```
    /// let error = live_core::ViewError::new("gone");
    /// let boxed: Box<dyn std::error::Error + Send + Sync> = error.into_inner();
    /// assert_eq!(boxed.to_string(), "gone");
    /// ```
    pub fn into_inner(self) -> Box<dyn std::error::Error + Send + Sync> {
        self.0
    }

    /// The error as `E`, when it is one.
    ///
    /// ```
    /// let error = live_core::ViewError::from("x".parse::<u8>().unwrap_err());
    /// assert!(error.downcast_ref::<std::num::ParseIntError>().is_some());
    /// ```
    pub fn downcast_ref<E: std::error::Error + 'static>(&self) -> Option<&E> {
        self.0.downcast_ref()
    }
}

impl<E: Into<Box<dyn std::error::Error + Send + Sync>>> From<E> for ViewError {
    fn from(error: E) -> Self {
        ViewError(error.into())
    }
}

impl std::fmt::Display for ViewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.0, f)
    }
}

impl std::fmt::Debug for ViewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.0, f)
    }
}

impl std::ops::Deref for ViewError {
    type Target = dyn std::error::Error + Send + Sync;

    fn deref(&self) -> &Self::Target {
        &*self.0
    }
}

/// Why a view ends, as told to [`LiveView::terminate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TerminateReason {
    /// The client left the channel (navigation away, element removed, page closed).
    Leave,
    /// The WebSocket connection closed or dropped.
    Closed,
    /// The view redirected or navigated away on its own.
    Navigated,
    /// A new join for the same view replaced this one.
    Replaced,
    /// The server is shutting down.
    Shutdown,
}

/// A LiveView: a stateful, server-rendered view.
///
/// Derive [`Tracked`] with `#[derive(LiveView)]` on the state struct; its fields become the
/// assigns the template reads as `@field`, and setters (`set_field`, `update_field`,
/// `field_mut`) mark them changed.
///
/// The lifecycle, as in Phoenix:
/// 1. `GET`: [`mount`](LiveView::mount) with `socket.connected() == false`, then
///    [`handle_params`](LiveView::handle_params), then [`render`](LiveView::render) to HTML.
/// 2. WebSocket join: `mount` again (connected), `handle_params`, full render.
/// 3. Then [`handle_event`](LiveView::handle_event) for client events,
///    [`handle_info`](LiveView::handle_info) for messages (timers, PubSub, other tasks),
///    `handle_params` for live patches; after each, only the changed slots are rendered and sent.
/// 4. [`terminate`](LiveView::terminate) when the view ends.
///
/// ```
/// use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
///
/// #[derive(LiveView)]
/// struct Hello {
///     name: String,
/// }
///
/// impl LiveView for Hello {
///     type Info = ();
///
///     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
///         Ok(Hello { name: "world".into() })
///     }
///
///     fn handle_event(assigns: &mut Assigns<Self>, event: &Event, _: &mut Socket<Self>) -> Result<(), ViewError> {
///         if event.name() == "shout" {
///             assigns.update_name(|name| *name = name.to_uppercase());
///         }
///         Ok(())
///     }
///
///     fn render(assigns: &Assigns<Self>) -> Rendered {
///         html! { <p phx-click="shout">Hello, {@name}!</p> }
///     }
/// }
/// ```
pub trait LiveView: Tracked + Sized + Send + 'static {
    /// JavaScript hooks written next to the view (Phoenix 1.1's colocated hooks): `(name,
    /// source)` pairs, the source a JavaScript object expression such as
    /// `{ mounted() { … } }`, usually `include_str!("chart_hook.js")` of a sibling file. The
    /// router collects the hooks of every routed view and each page loads them, registered
    /// under their names for `phx-hook="name"`, before the client starts: no `head_html` to
    /// edit. The first hook of a name wins.
    ///
    /// ```
    /// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// #[derive(LiveView)]
    /// struct Chart {}
    /// impl LiveView for Chart {
    ///     type Info = ();
    ///     const HOOKS: &'static [(&'static str, &'static str)] =
    ///         &[("Chart", "{ mounted() { this.el.textContent = 'drawn'; } }")];
    ///     const STYLES: &'static str = "#chart { min-height: 10rem }";
    ///     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Chart {}) }
    ///     fn render(_: &Assigns<Self>) -> Rendered { html! { <div id="chart" phx-hook="Chart"></div> } }
    /// }
    /// assert_eq!(Chart::HOOKS[0].0, "Chart");
    /// ```
    const HOOKS: &'static [(&'static str, &'static str)] = &[];

    /// CSS written next to the view (colocated styles), served with the colocated hooks in one
    /// stylesheet every page loads. Not scoped: prefix selectors with the view's ids or classes.
    const STYLES: &'static str = "";

    /// The messages [`handle_info`](LiveView::handle_info) receives (from timers, PubSub and
    /// [`ViewHandle`](crate::socket::ViewHandle)s). Use `()` when the view takes none.
    type Info: Send + 'static;

    /// Builds the view's state. Runs twice per page visit: for the HTTP render
    /// (`socket.connected()` is false) and again when the browser joins over the WebSocket.
    fn mount(
        params: &Params,
        session: &Session,
        socket: &mut Socket<Self>,
    ) -> Result<Self, ViewError>;

    /// Called after `mount` (over HTTP and again at the join) and on every live patch, with the
    /// URL's path and query params and the URL itself.
    fn handle_params(
        assigns: &mut Assigns<Self>,
        params: &Params,
        uri: &str,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let _ = (assigns, params, uri, socket);
        Ok(())
    }

    /// Handles an event from the client. Change assigns through the generated setters; reply
    /// with [`Socket::reply`], push events with [`Socket::push_event`]. The default ignores it.
    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let _ = (assigns, event, socket);
        Ok(())
    }

    /// Handles a message sent to the view. The default ignores it.
    fn handle_info(
        assigns: &mut Assigns<Self>,
        message: Self::Info,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let _ = (assigns, message, socket);
        Ok(())
    }

    /// Receives the outcome of a task started with
    /// [`Socket::start_async`](crate::Socket::start_async). The default ignores it.
    fn handle_async(
        assigns: &mut Assigns<Self>,
        name: &str,
        outcome: AsyncOutcome,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let _ = (assigns, name, outcome, socket);
        Ok(())
    }

    /// Called when an entry of one of the view's uploads made progress (the client reports it
    /// after each chunk the server acknowledged; `progress.done` once the server holds the
    /// whole file). The default does nothing; an auto upload can consume finished entries here.
    ///
    /// ```
    /// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, Upload, UploadOptions, ViewError};
    /// use live_core::upload::UploadProgress;
    /// #[derive(LiveView)]
    /// struct Photos { photos: Upload, saved: usize }
    /// impl LiveView for Photos {
    ///     type Info = ();
    ///     fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
    ///         Ok(Photos { photos: socket.allow_upload("photos", UploadOptions::new().auto_upload(true)), saved: 0 })
    ///     }
    ///     fn handle_progress(a: &mut Assigns<Self>, progress: &UploadProgress, _: &mut Socket<Self>) -> Result<(), ViewError> {
    ///         if progress.done {
    ///             let kept = a.photos_mut().consume_uploaded_entry(&progress.entry_ref, |_path, _entry| Ok(()))?;
    ///             a.update_saved(|n| *n += usize::from(kept.is_some()));
    ///         }
    ///         Ok(())
    ///     }
    ///     fn render(assigns: &Assigns<Self>) -> Rendered { html! { <p>{@saved}</p> } }
    /// }
    /// ```
    fn handle_progress(
        assigns: &mut Assigns<Self>,
        progress: &crate::upload::UploadProgress,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let _ = (assigns, progress, socket);
        Ok(())
    }

    /// Called once when the view ends normally (not after a crash).
    fn terminate(assigns: &mut Assigns<Self>, reason: &TerminateReason) {
        let _ = (assigns, reason);
    }

    /// Renders the template, usually with `html!`. Slots whose assigns did not change are not
    /// evaluated.
    fn render(assigns: &Assigns<Self>) -> Rendered;
}
