//! `<.portal>`: markup a view renders into another part of the document (a modal at the end of
//! `<body>`, a toast container), still owned and updated by the view.

use crate::{component, html, Rendered, Slot};

/// Renders its inner block into the element matched by `target` (a CSS selector, e.g.
/// `"body"` or `"#modals"`) instead of where the call stands (Phoenix LiveView 1.1's
/// `<.portal>`). The view keeps owning it: events from inside go to the view (or component)
/// that rendered it, and every update of the view updates it there.
///
/// It renders a `<template id={id} data-phx-portal={target}>` that the official client
/// teleports; the inner block must have **one root element with an `id`**. Until the client
/// connects, the content is not shown (it is inside a `<template>`).
///
/// ```
/// use live_core::{html, portal::portal};
/// let open = true;
/// let page = html! {
///     <.portal id="confirm-portal" target="body">
///         <div id="confirm" class="modal" :if={open}>"Sure?"</div>
///     </.portal>
/// };
/// assert_eq!(
///     page.to_html(),
///     "<template id=\"confirm-portal\" data-phx-portal=\"body\"><div id=\"confirm\" class=\"modal\">Sure?</div></template>"
/// );
/// ```
#[component]
pub fn portal(
    /// The `id` of the template (unique in the page).
    id: String,
    /// A CSS selector of the element the content goes into.
    target: String,
    /// The content: one root element with an `id`.
    inner_block: Slot,
) -> Rendered {
    html! {
        <template id={@id} data-phx-portal={@target}>{@inner_block}</template>
    }
}
