//! Forms: decoding what the client sends, typed access, validation, and the `<.form>` /
//! `<.input>` components.
//!
//! A LiveView form is a plain `<form>` with `phx-change` (sent on every input) and
//! `phx-submit`. The client sends the form's fields urlencoded (`user%5Bemail%5D=…`); the
//! [`Event`](crate::Event) decodes them like Phoenix does ([`decode`]: nested names, lists,
//! last value wins), merges the event's `meta` over them and turns `_target` (the input that
//! changed) into a key path. Fields the user has not touched yet arrive with an extra
//! `_unused_<name>` key. All of it ends up in [`EventParams`], read through serde.
//!
//! | piece | what it does |
//! | --- | --- |
//! | [`decode`], [`decode_target`] | urlencoded → nested JSON, exactly as Plug decodes it |
//! | [`EventParams`] | an event's params; [`get`](EventParams::get) / [`parse`](EventParams::parse) into Rust types, errors with the field path ([`ParamsError`]) |
//! | [`Changeset`] | cast a form into a struct, validate, collect errors per field, know which fields were used |
//! | [`Form`], [`FormField`] | what a template renders: values, names, ids, errors to show |
//! | [`form()`], [`input()`] | the components: `<.form for={…}>`, `<.input field={…}/>` |
//!
//! # A form, end to end
//!
//! ```
//! use live_core::form::{form, input, Changeset, Form};
//! use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
//! use serde::Deserialize;
//!
//! #[derive(Deserialize, Default)]
//! #[serde(default)] // a field that fails to cast keeps its default; the others are still read
//! struct Signup { email: String, name: String }
//!
//! fn validate(event: &Event) -> Changeset<Signup> {
//!     Changeset::cast(event.params(), "user")
//!         .required(&["email", "name"])
//!         .format("email", |e| e.contains('@'), "must have the @ sign")
//! }
//!
//! #[derive(LiveView)]
//! struct SignupView { form: Form, welcome: Option<String> }
//!
//! impl LiveView for SignupView {
//!     type Info = ();
//!
//!     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
//!         Ok(SignupView { form: Form::new("user"), welcome: None })
//!     }
//!
//!     fn handle_event(assigns: &mut Assigns<Self>, event: &Event, _: &mut Socket<Self>) -> Result<(), ViewError> {
//!         match event.name() {
//!             // Every keystroke: re-validate; errors show for the fields the user touched.
//!             "validate" => assigns.set_form(validate(event).to_form()),
//!             "save" => match validate(event).apply() {
//!                 Ok(signup) => assigns.set_welcome(Some(signup.name)),
//!                 Err(invalid) => assigns.set_form(invalid.to_form()),
//!             },
//!             _ => {}
//!         }
//!         Ok(())
//!     }
//!
//!     fn render(assigns: &Assigns<Self>) -> Rendered {
//!         html! {
//!             <.form for={&@form} id="signup" phx-change="validate" phx-submit="save">
//!                 <.input field={@form.field("email")} type="email" label="Email"/>
//!                 <.input field={@form.field("name")} label="Name" phx-debounce="300"/>
//!                 <button phx-disable-with="Saving…">Sign up</button>
//!             </.form>
//!             <p :if={let Some(name) = &@welcome}>Welcome, {name}!</p>
//!         }
//!     }
//! }
//!
//! use live_core::runtime::ViewRuntime;
//! let mut view = ViewRuntime::<SignupView>::mount("phx-1", &Params::default(), &Session::default(), None)?;
//! // The user typed "ada" into the email field; the name was not touched.
//! view.handle_event(&Event::form("validate", "user%5Bemail%5D=ada&user%5B_unused_name%5D=&user%5Bname%5D=")
//!     .with_meta(serde_json::json!({"_target": "user[email]"})))?;
//! let html = view.render_html();
//! assert!(html.contains(r#"<p class="error">must have the @ sign</p>"#), "{html}");
//! assert!(!html.contains("can't be blank"), "the name's error waits until it is touched");
//! # Ok::<(), live_core::ViewError>(())
//! ```
//!
//! Write the bindings of `<.form>` and `<.input>` as in HTML (`phx-change`, `phx-submit`,
//! `phx-debounce`…), like on any element: `html!` turns the dashes of a component attribute
//! into underscores to find the component's field (`phx_change`), which is the name its Rust
//! API and docs use. Import the components by name
//! (`use live_core::form::{form, input};`), not the module with them: the component `form`
//! and the module `form` share a name.
//!
//! # What the client sends, and when errors show
//!
//! - `phx-change`: every field, each untouched one preceded by `…_unused_<name>=`, plus
//!   `meta._target` (the input that changed). A field counts as used once it fired an input
//!   event; [`FormField::visible_errors`] shows errors only then.
//! - `phx-submit`: every field, no markers (submitting marks everything used), and the
//!   clicked button's `name=value`. `phx-disable-with` on the button is client-only: the text
//!   shows until the server replies.
//! - After a reconnect, the client re-sends each form with an `id` and `phx-change` as a change
//!   event (form recovery), so a view that rebuilds its form state from `phx-change` events
//!   gets the typed values back.
//! - `phx-trigger-action`: once a form with it renders, the client submits it over HTTP to its
//!   `action`; see [`form()`].

mod changeset;
mod component;
mod decode;
mod params;

pub use changeset::{Changeset, FieldError};
pub use component::{form, input, Form, FormField};
pub use decode::{decode, decode_target, DecodeError, MAX_DEPTH};
pub use params::{EventParams, ParamsError, ParamsErrorKind};
