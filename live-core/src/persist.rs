//! View state that survives a reconnect and a server restart: `#[live(persist)]`.
//!
//! A view whose `#[derive(LiveView)]` struct carries `#[live(persist)]` (and derives serde's
//! `Serialize` and `Deserialize`) is written to the server's snapshot store after every event
//! and message it handles, keyed by the signed session token of its page. When the client
//! joins again with that token (after its connection dropped, or after the server restarted
//! with a store that kept the snapshot), the view is restored from the snapshot: `mount` still
//! runs (to subscribe, start timers, read the session) and learns from
//! [`Socket::mount_kind`](crate::Socket::mount_kind) that its result will be replaced; then
//! `handle_params` runs as usual. A snapshot that no longer deserializes (the struct changed
//! in a deploy) is dropped with a warning and the view mounts fresh.
//!
//! Fields that should not be kept take `#[serde(skip)]` (and come back as their `Default`).
//!
//! ```
//! use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
//! use live_core::persist::MountKind;
//! use live_core::runtime::ViewRuntime;
//!
//! #[derive(LiveView, serde::Serialize, serde::Deserialize)]
//! #[live(persist)]
//! struct Wizard {
//!     step: u8,
//!     name: String,
//! }
//!
//! impl LiveView for Wizard {
//!     type Info = ();
//!     fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
//!         let _restoring = socket.mount_kind() == MountKind::Restored;
//!         Ok(Wizard { step: 1, name: String::new() })
//!     }
//!     fn render(assigns: &Assigns<Self>) -> Rendered {
//!         html! { <p>{@step}: {@name}</p> }
//!     }
//! }
//!
//! let mut session = Session::default();
//! session.set_snapshot(Some(r#"{"step":3,"name":"Ada"}"#.to_owned()));
//! let mut view = ViewRuntime::<Wizard>::mount("phx-1", &Params::default(), &session, None)?;
//! assert_eq!(view.render_html(), "<p>3: Ada</p>");
//! assert_eq!(view.snapshot().unwrap().unwrap(), r#"{"step":3,"name":"Ada"}"#);
//!
//! // A snapshot of an older shape: a fresh mount, and the reason for the log.
//! session.set_snapshot(Some(r#"{"page":3}"#.to_owned()));
//! let mut view = ViewRuntime::<Wizard>::mount("phx-1", &Params::default(), &session, None)?;
//! assert_eq!(view.render_html(), "<p>1: </p>");
//! assert!(view.take_restore_error().unwrap().contains("missing field"));
//! # Ok::<(), live_core::ViewError>(())
//! ```

/// How `mount` was reached.
///
/// ```
/// assert_eq!(live_core::persist::MountKind::default(), live_core::persist::MountKind::Fresh);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MountKind {
    /// A first render, or a join without a usable snapshot: the state `mount` returns is the
    /// view's state.
    #[default]
    Fresh,
    /// A join restoring a persisted view: the state `mount` returns is replaced by the
    /// snapshot (mount still runs for its side effects: subscriptions, timers).
    Restored,
}

/// The snapshot of `state` (what `#[live(persist)]` generates calls): its JSON.
///
/// ```
/// assert_eq!(live_core::persist::to_snapshot(&(1, "a")).unwrap(), r#"[1,"a"]"#);
/// ```
pub fn to_snapshot<T: serde::Serialize>(state: &T) -> Result<String, String> {
    serde_json::to_string(state).map_err(|error| error.to_string())
}

/// The state in `snapshot`, or why it does not fit `T` any more.
///
/// ```
/// let state: (u8, String) = live_core::persist::from_snapshot(r#"[1,"a"]"#).unwrap();
/// assert_eq!(state, (1, "a".to_owned()));
/// assert!(live_core::persist::from_snapshot::<(u8, String)>("{}").is_err());
/// ```
pub fn from_snapshot<T: serde::de::DeserializeOwned>(snapshot: &str) -> Result<T, String> {
    serde_json::from_str(snapshot).map_err(|error| error.to_string())
}
