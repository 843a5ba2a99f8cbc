//! Core components: the building blocks of a page, styled by the stylesheet live-server serves
//! (`/assets/live.css`, linked by the default page; see `live_server::Config::stylesheet`).
//!
//! | component | renders |
//! | --- | --- |
//! | [`button()`] | a `<button class="btn …">` with a variant, a click binding (event or [`JS`](crate::JS) command) and `phx-disable-with` |
//! | [`input()`](crate::form::input()) | a labelled field of any type with help text and errors on touched fields ([`form`](crate::form)) |
//! | [`simple_form()`] | a [`form()`](crate::form::form()) with its fields stacked and an `actions` slot |
//! | [`flash()`], [`flash_group()`] | notices from the view's [`Flash`](crate::Flash), closed with a button (`lv:clear-flash`), auto-dismissed, plus the connection-lost notices |
//! | [`modal()`] | a dialog shown and hidden by JS commands (no round trip), with a focus trap, Escape and click-away to close |
//! | [`header()`] | a page heading with a subtitle and actions |
//! | [`table`] | a table of a [`Stream`](crate::Stream) or a slice: one cell per `<:col>`, an `<:action>` cell |
//! | [`list()`] | a data list of titled items |
//! | [`icon()`] | one of a small set of inline SVG icons |
//!
//! They are ordinary function components: import the ones you use and call them in `html!`.
//! Their markup uses plain class names (`btn`, `field`, `flash`, `modal`…), which the bundled
//! stylesheet styles in light and dark; an app that brings its own CSS (Tailwind or anything
//! else) turns the bundled one off and styles the same classes, or copies a component into its
//! own code and changes its markup.
//!
//! ```
//! use live_core::components::{button, header, simple_form};
//! use live_core::form::{input, Form};
//! use live_core::html;
//!
//! let form = Form::new("contact");
//! let page = html! {
//!     <.header>New contact<:subtitle>Who should we call?</:subtitle></.header>
//!     <.simple_form for={&form} phx-change="validate" phx-submit="save">
//!         <.input field={form.field("name")} label="Name" help="As it should appear on a letter"/>
//!         <:actions><.button phx-disable-with="Saving…">Save</.button></:actions>
//!     </.simple_form>
//! };
//! let html = page.to_html();
//! assert!(html.contains(r#"<h1>New contact</h1><p class="subtitle">Who should we call?</p>"#), "{html}");
//! assert!(html.contains(r#"aria-describedby="contact_name-help""#), "{html}");
//! assert!(html.contains(r#"<div class="actions"><button class="btn btn-primary" phx-disable-with="Saving…">Save</button></div>"#), "{html}");
//! ```

mod buttons;
mod data_list;
mod dialog;
mod heading;
mod icons;
mod notices;
mod stacked_form;
mod table_rows;
mod tables;

pub use buttons::{button, Action};
pub use data_list::{list, Item};
pub use dialog::{hide_modal, modal, show_modal};
pub use heading::header;
pub use icons::{icon, ICON_NAMES};
pub use notices::{flash, flash_group};
pub use stacked_form::simple_form;
pub use table_rows::{Row, Rows};
pub use tables::{table, Column};

pub use crate::form::{form, input};
