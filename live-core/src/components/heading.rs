//! `<.header>`.

use crate::{component, html, Rendered, Slot};

/// A page or section heading: the title (`<h1>`), an optional subtitle and actions (buttons,
/// links) on the side.
///
/// ```
/// use live_core::components::{button, header};
/// use live_core::html;
/// let html = html! {
///     <.header id="top">
///         Contacts
///         <:subtitle>Everyone you know</:subtitle>
///         <:actions><.button type="button" phx-click="new">New contact</.button></:actions>
///     </.header>
/// }.to_html();
/// assert_eq!(html, "<header id=\"top\" class=\"header\"><div><h1>Contacts</h1><p class=\"subtitle\">Everyone you know</p></div>\
///                   <div class=\"actions\"><button type=\"button\" class=\"btn btn-primary\" phx-click=\"new\">New contact</button></div></header>");
/// ```
#[component]
pub fn header(
    /// `id`.
    id: Option<String>,
    /// More classes.
    class: Option<String>,
    /// The title.
    inner_block: Slot,
    /// A line under the title.
    subtitle: Option<Slot>,
    /// Buttons or links beside the title.
    actions: Option<Slot>,
) -> Rendered {
    html! {
        <header id={@id.as_deref()} class={["header", @class.as_deref()]}>
            <div><h1>{@inner_block}</h1><p :if={let Some(subtitle) = &@subtitle} class="subtitle">{subtitle}</p></div>
            <div :if={let Some(actions) = &@actions} class="actions">{actions}</div>
        </header>
    }
}
