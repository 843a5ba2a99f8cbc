//! The core of **live**, Phoenix LiveView for Rust: the rendered tree, the diff engine and the
//! view runtime. No I/O lives here; `live-server` puts it behind a WebSocket, and tests drive it
//! in-process.
//!
//! - [`html!`]: the template language (tags, `{expr}`, `@assign`, `:if`, `:for` with `:key`,
//!   function components and slots, literal choices); its docs are the syntax reference.
//! - [`Rendered`], [`Statics`], [`Dynamic`], [`Comprehension`]: what `html!` builds.
//! - [`diff::ClientTree`]: the fingerprint tree of what the client holds, and the diff writer
//!   producing the exact JSON the official LiveView client merges.
//! - [`LiveView`], [`Assigns`], [`Socket`], [`Event`]: what a view implements and receives.
//! - [`form`]: event params read through serde ([`EventParams`]), form decoding, validation
//!   ([`Changeset`]) and the `<.form>` / `<.input>` components.
//! - [`LiveComponent`]: stateful components inside a view, `<.live_component module={Row} id={…}/>`,
//!   with their own state, events and renders (the `"c"` map of the protocol).
//! - [`components`]: core components (`<.button>`, `<.simple_form>`, `<.flash_group>`,
//!   `<.modal>`, `<.table>`, `<.header>`, `<.list>`, `<.icon>`) styled by live-server's stylesheet.
//! - [`LiveVec`]: a list assign that records in-place edits and appends, so a `:for` over it
//!   renders only the changed rows.
//! - [`Stream`]: rows the client keeps and the server forgets after each render (feeds, logs,
//!   infinite scroll), iterated by a `:for` inside a `phx-update="stream"` container.
//! - [`static_render`]: the HTML of a first render written straight into one `String`.
//! - [`runtime::ViewRuntime`]: mount, render, handle events, produce diffs.
//! - [`protocol::ViewChannel`]: the protocol decisions of one joined view (join, events,
//!   patches, navigation, crashes), driven by the server's view task and by the test harness.
//! - [`upload`]: file uploads ([`Upload`], [`UploadOptions`], `<.live_file_input>`), received by
//!   the server in chunks over their own channel.
//! - [`JS`]: client-side commands (show, hide, classes, focus, enhanced pushes) for binding
//!   attributes, `phx-click={JS::push("inc").hide("#modal")}`.
//!
//! ```
//! use live_core::{diff::ClientTree, Dynamic, Rendered, Statics};
//! static COUNT: Statics = Statics::new(&["<p>Count: ", "</p>"], r#"["<p>Count: ","</p>"]"#, true);
//! let node = Rendered::new(&COUNT, vec![Dynamic::text("3")]);
//! assert_eq!(node.to_html(), "<p>Count: 3</p>");
//! let mut client = ClientTree::default();
//! assert_eq!(client.diff(&node).unwrap(), r#"{"0":"3","s":["<p>Count: ","</p>"]}"#);
//! ```

// Generated code names `::live_core`; this makes that path work inside the crate too.
extern crate self as live_core;

pub mod app_state;
pub mod assigns;
pub mod async_result;
pub mod broadcast;
pub mod call;
pub mod change;
pub mod components;
pub mod connect_info;
mod content_hash;
pub mod diff;
pub mod escape;
pub mod event;
pub mod fingerprint;
pub mod flash;
pub mod form;
pub mod hooks;
pub mod html;
pub mod js;
pub mod link;
pub mod live_component;
pub mod live_event;
pub mod live_vec;
pub mod mount_hooks;
pub mod nested;
pub mod params;
pub mod persist;
pub mod portal;
pub mod protocol;
mod recycle;
pub mod rendered;
pub mod runtime;
pub mod session;
pub mod socket;
pub mod static_render;
pub mod stream;
mod text_writer;
pub mod upload;
pub mod url_safety;
pub mod view;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use app_state::AppState;
pub use assigns::{Assigns, Tracked};
pub use async_result::{AsyncOutcome, AsyncResult};
pub use change::ChangeSet;
pub use connect_info::ConnectInfo;
pub use event::Event;
pub use flash::Flash;
pub use form::{Changeset, EventParams, Form, FormField, ParamsError};
pub use html::{raw, AttrValue, ClassList, ClassValue, OmitNone, Raw, ToHtml};
pub use js::{JsCommand, JS};
pub use live_component::{live_component, ComponentSocket, LiveComponent};
pub use live_event::LiveEvent;
#[doc(inline)]
pub use live_macros::{component, html, LiveComponent, LiveEvent, LiveView};
pub use live_vec::LiveVec;
pub use nested::live_render;
pub use params::Params;
pub use rendered::{Comprehension, Dynamic, Rendered, Slot, Statics};
pub use session::Session;
pub use socket::Socket;
pub use stream::Stream;
pub use upload::{Upload, UploadEntry, UploadOptions};
pub use view::{LiveView, TerminateReason, ViewError};
