//! `<.table>`: rows from a [`Stream`] or a slice, one cell per `<:col>`, an `<:action>` cell.
//!
//! The rows' type is a type parameter of the call, which `#[component]` does not take
//! (components are generic over lifetimes only), so this component implements by hand what
//! `html!` calls on a component: `<table>::__builder()`, one method per attribute and slot
//! entry, `<table>::__build`, `__live_with_changes`, `__live_attribute_bits` and
//! `__live_render`. The builder carries the row type; `__build` erases it into the table.

use std::marker::PhantomData;

use super::table_rows::{Row, Rows};
use crate::__private::{Set, Unset};
use crate::{html, ChangeSet, JsCommand, OmitNone, Rendered};

/// The attributes of a `<:col>` entry of [`table`].
///
/// ```
/// let col = live_core::components::Column { label: "Name".into() };
/// assert_eq!(col.label, "Name");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Column {
    /// The column's heading.
    pub label: String,
}

/// What a cell renders for a row.
type CellFn<'a, T> = Box<dyn for<'r> Fn(Row<'r, T>) -> Rendered + 'a>;

/// A row's DOM id, for rows of a slice.
type RowIdFn<'a, T> = Box<dyn Fn(&T) -> String + 'a>;

/// The JS command a click on a row's cells runs.
type RowClickFn<'a, T> = Box<dyn for<'r> Fn(Row<'r, T>) -> JsCommand + 'a>;

/// The call's attributes and slot entries, with the row type.
struct Parts<'a, T> {
    id: Option<String>,
    rows: Option<Rows<'a, T>>,
    row_id: Option<RowIdFn<'a, T>>,
    row_click: Option<RowClickFn<'a, T>>,
    cols: Vec<(Column, CellFn<'a, T>)>,
    actions: Vec<CellFn<'a, T>>,
    empty: Option<Box<dyn Fn(()) -> Rendered + 'a>>,
}

/// A table: one row per item of `rows`, one cell per `<:col>` entry (its `label` is the
/// column's heading, its `:let` receives the row), and a last cell holding the `<:action>`
/// entries, as in Phoenix's core `table`.
///
/// `rows` is a [`Stream`](crate::Stream) assign (`rows={&@contacts}`) or a slice (`&@rows`, a
/// `Vec`, an array, a [`LiveVec`](crate::LiveVec)):
/// - with a stream, the body is the stream's container (`phx-update="stream"`, id `{id}-rows`)
///   and each row carries the stream's DOM id: inserts and deletes reach the browser without
///   the server keeping rows;
/// - with a slice, each row's id is `row_id(item)` when `row_id` is given.
///
/// The `:let` value is a [`Row`]: it dereferences to the item (`{contact.name}`) and knows
/// its DOM id ([`Row::dom_id`]). `row_click` makes every `<:col>` cell clickable with the JS
/// command it returns for the row. `<:empty>` shows when there are no rows: for a slice when
/// it is empty; for a stream (whose rows only the browser knows) as the body's last row, which
/// the stylesheet shows only while it is the only one (`.table-empty-row:only-child`).
///
/// The attributes are `id` (required; the body's id is `{id}-rows`), `rows` (required),
/// `row_id`, `row_click`; the slots `<:col label="…">` (any number), `<:action>` (any number),
/// `<:empty>`. Give `rows` before `row_id` and `row_click`, so that their closures know the
/// row's type.
///
/// ```
/// use live_core::components::table;
/// use live_core::{html, Stream};
///
/// struct Person { id: u32, name: &'static str }
/// let people = vec![Person { id: 1, name: "Ada" }, Person { id: 2, name: "Grace" }];
/// let html = html! {
///     <.table id="people" rows={&people} row_id={|p: &Person| format!("person-{}", p.id)}>
///         <:col label="Name" :let={person}>{person.name}</:col>
///         <:action :let={person}><a href={format!("/people/{}", person.id)}>Show</a></:action>
///     </.table>
/// }.to_html();
/// assert_eq!(html, "<div class=\"table-wrap\"><table id=\"people\" class=\"table\"><thead><tr>\
///                   <th scope=\"col\">Name</th><th scope=\"col\"><span class=\"sr-only\">Actions</span></th>\
///                   </tr></thead><tbody id=\"people-rows\">\
///                   <tr id=\"person-1\"><td>Ada</td><td class=\"table-actions\"><a href=\"/people/1\">Show</a></td></tr>\
///                   <tr id=\"person-2\"><td>Grace</td><td class=\"table-actions\"><a href=\"/people/2\">Show</a></td></tr>\
///                   </tbody></table></div>");
///
/// // The same table over a stream: the body is the stream's container.
/// let mut stream = Stream::new("people", |p: &Person| p.id);
/// stream.insert(Person { id: 3, name: "Edsger" });
/// let html = html! {
///     <.table id="people" rows={&stream}>
///         <:col label="Name" :let={person}>{person.name}</:col>
///         <:empty>Nobody yet.</:empty>
///     </.table>
/// }.to_html();
/// assert!(html.contains("<tbody id=\"people-rows\" phx-update=\"stream\">\
///                        <tr id=\"people-3\"><td>Edsger</td></tr>\
///                        <tr id=\"people-empty\" class=\"table-empty-row\"><td colspan=\"1\">Nobody yet.</td></tr></tbody>"), "{html}");
/// ```
#[allow(non_camel_case_types)]
pub struct table<'a> {
    render: Box<dyn Fn() -> Rendered + 'a>,
}

impl std::fmt::Debug for table<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("table").finish_non_exhaustive()
    }
}

/// The change bit of each attribute and slot of [`table`] (what `html!` marks when the
/// caller's assigns change).
#[doc(hidden)]
#[allow(non_camel_case_types, missing_docs)]
#[derive(Debug)]
pub struct __table_Bits {
    pub id: u64,
    pub rows: u64,
    pub row_id: u64,
    pub row_click: u64,
    pub col: u64,
    pub action: u64,
    pub empty: u64,
}

/// The builder `html!` fills from a `<.table>` call: `I` and `R` record whether `id` and
/// `rows` were given.
#[doc(hidden)]
#[allow(non_camel_case_types, missing_debug_implementations)]
pub struct __table_Builder<'a, T, I, R> {
    parts: Parts<'a, T>,
    state: PhantomData<(I, R)>,
}

/// `<.table>` without `id`.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "missing required attribute `id` of component `table`",
    label = "add `id={{…}}` to `<.table>`"
)]
pub trait TableNeedsId {}
impl TableNeedsId for Set {}

/// `<.table>` without `rows`.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "missing required attribute `rows` of component `table`",
    label = "add `rows={{…}}` to `<.table>`"
)]
pub trait TableNeedsRows {}
impl TableNeedsRows for Set {}

impl<'a, T, I, R> __table_Builder<'a, T, I, R> {
    #[doc(hidden)]
    pub fn id(self, value: impl Into<String>) -> __table_Builder<'a, T, Set, R> {
        let parts = Parts {
            id: Some(value.into()),
            ..self.parts
        };
        __table_Builder {
            parts,
            state: PhantomData,
        }
    }

    #[doc(hidden)]
    pub fn rows(self, value: impl Into<Rows<'a, T>>) -> __table_Builder<'a, T, I, Set> {
        let parts = Parts {
            rows: Some(value.into()),
            ..self.parts
        };
        __table_Builder {
            parts,
            state: PhantomData,
        }
    }

    #[doc(hidden)]
    pub fn row_id(mut self, value: impl Fn(&T) -> String + 'a) -> Self {
        self.parts.row_id = Some(Box::new(value));
        self
    }

    #[doc(hidden)]
    pub fn row_click(mut self, value: impl for<'r> Fn(Row<'r, T>) -> JsCommand + 'a) -> Self {
        self.parts.row_click = Some(Box::new(value));
        self
    }

    #[doc(hidden)]
    pub fn col(
        mut self,
        attrs: impl FnOnce(&mut Column),
        body: impl for<'r> Fn(Row<'r, T>) -> Rendered + 'a,
    ) -> Self {
        let mut column = Column::default();
        attrs(&mut column);
        self.parts.cols.push((column, Box::new(body)));
        self
    }

    #[doc(hidden)]
    pub fn action(
        mut self,
        attrs: impl FnOnce(&mut ()),
        body: impl for<'r> Fn(Row<'r, T>) -> Rendered + 'a,
    ) -> Self {
        attrs(&mut ());
        self.parts.actions.push(Box::new(body));
        self
    }

    #[doc(hidden)]
    pub fn empty(
        mut self,
        attrs: impl FnOnce(&mut ()),
        body: impl Fn(()) -> Rendered + 'a,
    ) -> Self {
        attrs(&mut ());
        self.parts.empty = Some(Box::new(body));
        self
    }
}

impl<T> Parts<'_, T> {
    fn new() -> Self {
        Parts {
            id: None,
            rows: None,
            row_id: None,
            row_click: None,
            cols: Vec::new(),
            actions: Vec::new(),
            empty: None,
        }
    }
}

impl<'a> table<'a> {
    #[doc(hidden)]
    pub fn __builder<T>() -> __table_Builder<'a, T, Unset, Unset> {
        __table_Builder {
            parts: Parts::new(),
            state: PhantomData,
        }
    }

    #[doc(hidden)]
    #[allow(private_bounds)]
    pub fn __build<T: 'a, I: TableNeedsId, R: TableNeedsRows>(
        builder: __table_Builder<'a, T, I, R>,
    ) -> Self {
        let parts = builder.parts;
        table {
            render: Box::new(move || render(&parts)),
        }
    }

    #[doc(hidden)]
    pub fn __live_with_changes(self, _changed: ChangeSet) -> Self {
        // Re-evaluated only when an assign it reads changed, the table renders in full: its
        // rows are the caller's (a stream's queued rows, or a slice), its cells the caller's.
        self
    }

    #[doc(hidden)]
    pub fn __live_attribute_bits() -> &'static __table_Bits {
        static BITS: __table_Bits = __table_Bits {
            id: ChangeSet::bit(0),
            rows: ChangeSet::bit(1),
            row_id: ChangeSet::bit(2),
            row_click: ChangeSet::bit(3),
            col: ChangeSet::bit(4),
            action: ChangeSet::bit(5),
            empty: ChangeSet::bit(6),
        };
        &BITS
    }

    #[doc(hidden)]
    pub fn __live_render(&self) -> Rendered {
        (self.render)()
    }
}

/// The table's markup.
fn render<T>(parts: &Parts<'_, T>) -> Rendered {
    let id = parts.id.as_deref().unwrap_or_default();
    let body_id = format!("{id}-rows");
    html! {
        <div class="table-wrap">
            <table id={id} class="table">
                <thead>
                    <tr>
                        <th :for={(col, _) in parts.cols.iter()} scope="col">{col.label}</th>
                        <th :if={!parts.actions.is_empty()} scope="col"><span class="sr-only">Actions</span></th>
                    </tr>
                </thead>
                {match &parts.rows {
                    Some(Rows::Stream(stream)) => {
                        <tbody id={body_id} phx-update="stream">
                            <tr :for={(dom_id, item) in stream.iter()} id={dom_id}>{cells(parts, Row::new(item, Some(dom_id)))}</tr>
                            <tr :if={let Some(empty) = &parts.empty} id={format!("{id}-empty")} class="table-empty-row">
                                <td colspan={parts.cols.len() + usize::from(!parts.actions.is_empty())}>{empty(())}</td>
                            </tr>
                        </tbody>
                    }
                    Some(Rows::List(items)) => {
                        <tbody id={body_id}>
                            {for item in items.iter() {
                                {list_row(parts, item)}
                            }}
                        </tbody>
                    }
                    None => {}
                }}
            </table>
            {if let (Some(Rows::List([])), Some(empty)) = (&parts.rows, &parts.empty) {
                <p class="table-empty">{empty(())}</p>
            }}
        </div>
    }
}

/// A row of a slice: its id from `row_id`, if given.
fn list_row<T>(parts: &Parts<'_, T>, item: &T) -> Rendered {
    let dom_id = parts.row_id.as_ref().map(|row_id| row_id(item));
    let row = Row::new(item, dom_id.as_deref());
    html! { <tr id={dom_id.as_deref()}>{cells(parts, row)}</tr> }
}

/// The cells of one row: one per column, then the actions.
fn cells<T>(parts: &Parts<'_, T>, row: Row<'_, T>) -> Rendered {
    let click = parts.row_click.as_ref().map(|click| click(row));
    html! {
        <td :for={(_, body) in parts.cols.iter()} phx-click={click.as_ref()} class={OmitNone(click.is_some().then_some("table-clickable"))}>{body(row)}</td>
        <td :if={!parts.actions.is_empty()} class="table-actions">
            {for action in parts.actions.iter() { {action(row)} }}
        </td>
    }
}
