//! `<.list>`.

use crate::{component, html, Rendered, Slot};

/// The attributes of an `<:item>` of [`list()`].
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Item {
    /// The item's title (`<dt>`).
    pub title: String,
}

/// A data list: each `<:item title="…">` is a title and its value, one per row.
///
/// ```
/// use live_core::components::list;
/// use live_core::html;
/// let email = "ada@example.com";
/// let html = html! {
///     <.list>
///         <:item title="Name">Ada</:item>
///         <:item title="Email">{email}</:item>
///     </.list>
/// }.to_html();
/// assert_eq!(html, "<dl class=\"list\"><div><dt>Name</dt><dd>Ada</dd></div><div><dt>Email</dt><dd>ada@example.com</dd></div></dl>");
/// ```
#[component]
pub fn list(
    /// `id`.
    id: Option<String>,
    /// The items.
    item: Vec<Slot<Item>>,
) -> Rendered {
    html! {
        <dl id={@id.as_deref()} class="list">
            <div :for={entry in @item.iter()}><dt>{entry.attrs.title}</dt><dd>{entry}</dd></div>
        </dl>
    }
}
