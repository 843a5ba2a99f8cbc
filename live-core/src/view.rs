//! The `LiveView` trait: what a view implements.

use crate::assigns::{Assigns, Tracked};
use crate::async_result::AsyncOutcome;
use crate::event::Event;
use crate::params::Params;
use crate::rendered::Rendered;
use crate::session::Session;
use crate::socket::Socket;

/// The error type of view callbacks. Any error converts into it with `?`.
///
/// An error returned from a callback ends the view like a crash: the client shows an error
/// state and rejoins (a fresh mount). Other views never notice.
pub type ViewError = Box<dyn std::error::Error + Send + Sync>;

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

    /// Called once when the view ends normally (not after a crash).
    fn terminate(assigns: &mut Assigns<Self>, reason: &TerminateReason) {
        let _ = (assigns, reason);
    }

    /// Renders the template, usually with `html!`. Slots whose assigns did not change are not
    /// evaluated.
    fn render(assigns: &Assigns<Self>) -> Rendered;
}
