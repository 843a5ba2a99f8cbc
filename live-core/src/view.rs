//! The `LiveView` trait: what a view implements.

use crate::assigns::{Assigns, Tracked};
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

/// A LiveView: a stateful, server-rendered view.
///
/// Derive [`Tracked`] with `#[derive(LiveView)]` (from `live-macros`) on the state struct; its
/// fields become the assigns the template reads as `@field`, and setters (`set_field`,
/// `update_field`, `field_mut`) mark them changed.
///
/// ```
/// use live_core::{Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
/// # use live_core::{Dynamic, Statics, ChangeSet};
/// struct Hello { name: String }
/// # impl live_core::Tracked for Hello { const ASSIGNS: &'static [&'static str] = &["name"]; }
///
/// impl LiveView for Hello {
///     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
///         Ok(Hello { name: "world".into() })
///     }
///     fn render(assigns: &Assigns<Self>) -> Rendered {
///         // `html! { <p>Hello, {@name}!</p> }` expands to about this:
///         static S: Statics = Statics::new(&["<p>Hello, ", "!</p>"], r#"["<p>Hello, ","!</p>"]"#, true);
///         let name = if assigns.changed().any(ChangeSet::bit(0)) {
///             Dynamic::text(&assigns.name)
///         } else {
///             Dynamic::Unchanged
///         };
///         Rendered::new(&S, vec![name])
///     }
/// }
/// ```
pub trait LiveView: Tracked + Sized + Send + 'static {
    /// Builds the view's state. Runs twice per page visit: for the HTTP render
    /// (`socket.connected()` is false) and again when the browser joins over the WebSocket.
    fn mount(
        params: &Params,
        session: &Session,
        socket: &mut Socket<Self>,
    ) -> Result<Self, ViewError>;

    /// Handles an event from the client. Change assigns through the generated setters; ask for
    /// a reply or push events through `socket`. The default ignores the event.
    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let _ = (assigns, event, socket);
        Ok(())
    }

    /// Renders the template, usually with `html!`. Slots whose assigns did not change are not
    /// evaluated.
    fn render(assigns: &Assigns<Self>) -> Rendered;
}
