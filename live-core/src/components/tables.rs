//! `<.table>`.

use crate::{component, html, Rendered, Slot};

/// A table: the column headings (`cols`), and the rows the caller renders in the body.
///
/// The rows are the caller's `:for` rather than a slot called per row (components are generic
/// over lifetimes only, so a row slot could not hand the caller its own row type). That keeps
/// the row markup in the view's template, where a `:for` over a [`LiveVec`](crate::LiveVec)
/// assign renders only the rows that changed. `empty` shows when `rows_empty` is true.
///
/// ```
/// use live_core::components::table;
/// use live_core::html;
/// let people = [(1, "Ada", "ada@example.com"), (2, "Grace", "grace@example.com")];
/// let html = html! {
///     <.table id="people" cols={&["Name", "Email"]} rows_empty={people.is_empty()}>
///         <tr :for={(id, name, email) in people.iter()} id={format!("person-{id}")}><td>{name}</td><td>{email}</td></tr>
///         <:empty>Nobody yet.</:empty>
///     </.table>
/// }.to_html();
/// assert_eq!(html, "<div class=\"table-wrap\"><table id=\"people\" class=\"table\"><thead><tr><th scope=\"col\">Name</th>\
///                   <th scope=\"col\">Email</th></tr></thead><tbody id=\"people-rows\">\
///                   <tr id=\"person-1\"><td>Ada</td><td>ada@example.com</td></tr>\
///                   <tr id=\"person-2\"><td>Grace</td><td>grace@example.com</td></tr></tbody></table></div>");
/// ```
#[component]
pub fn table<'a>(
    /// The table's `id`; the body's id is `{id}-rows`.
    id: String,
    /// The column headings.
    cols: &'a [&'a str],
    /// Whether there are no rows (shows `empty`).
    #[attr(default)]
    rows_empty: bool,
    /// The rows: `<tr>` elements.
    inner_block: Slot,
    /// What to show instead of rows when `rows_empty`.
    empty: Option<Slot>,
) -> Rendered {
    html! {
        <div class="table-wrap">
            <table id={@id} class="table">
                <thead><tr><th :for={col in @cols.iter()} scope="col">{*col}</th></tr></thead>
                <tbody id={format!("{}-rows", @id)}>{@inner_block}</tbody>
            </table>
            <p :if={let (true, Some(empty)) = (@rows_empty, &@empty)} class="table-empty">{empty}</p>
        </div>
    }
}
