//! What `<.table>` iterates ([`Rows`]) and what its cells receive ([`Row`]).

use std::ops::Deref;

use crate::{LiveVec, Stream};

/// The rows of a [`table`](super::table): a [`Stream`]'s queued rows, or a slice.
///
/// Built by `From` from `&Stream<T>`, `&[T]`, `&Vec<T>`, `&[T; N]` and `&LiveVec<T>`, so
/// `rows={&@contacts}` takes any of them.
///
/// ```
/// use live_core::components::Rows;
/// use live_core::Stream;
/// let names = vec!["Ada", "Grace"];
/// assert!(matches!(Rows::from(&names), Rows::List(["Ada", "Grace"])));
/// let stream: Stream<&str> = Stream::new("names", |name: &&str| name.to_string());
/// assert!(matches!(Rows::from(&stream), Rows::Stream(_)));
/// ```
#[derive(Debug)]
pub enum Rows<'a, T> {
    /// A stream: the body is its container and each row carries its DOM id.
    Stream(&'a Stream<T>),
    /// Every row, in order.
    List(&'a [T]),
}

impl<T> Clone for Rows<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Rows<'_, T> {}

impl<'a, T> From<&'a Stream<T>> for Rows<'a, T> {
    fn from(stream: &'a Stream<T>) -> Self {
        Rows::Stream(stream)
    }
}

impl<'a, T> From<&'a [T]> for Rows<'a, T> {
    fn from(items: &'a [T]) -> Self {
        Rows::List(items)
    }
}

impl<'a, T> From<&'a Vec<T>> for Rows<'a, T> {
    fn from(items: &'a Vec<T>) -> Self {
        Rows::List(items)
    }
}

impl<'a, T, const N: usize> From<&'a [T; N]> for Rows<'a, T> {
    fn from(items: &'a [T; N]) -> Self {
        Rows::List(items)
    }
}

impl<'a, T> From<&'a LiveVec<T>> for Rows<'a, T> {
    fn from(items: &'a LiveVec<T>) -> Self {
        Rows::List(items.as_slice())
    }
}

/// One row as a table's cells receive it (`:let={contact}`): the item, which it dereferences
/// to (`{contact.name}`), and its DOM id.
///
/// ```
/// use live_core::components::Row;
/// struct Person { name: &'static str }
/// let ada = Person { name: "Ada" };
/// let row = Row::new(&ada, Some("people-1"));
/// assert_eq!((row.name, row.dom_id()), ("Ada", Some("people-1")));
/// assert_eq!(row.item().name, "Ada");
/// ```
#[derive(Debug)]
pub struct Row<'r, T> {
    row_item: &'r T,
    row_dom_id: Option<&'r str>,
}

impl<T> Clone for Row<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Row<'_, T> {}

impl<'r, T> Row<'r, T> {
    /// A row showing `item`, whose element has the id `dom_id`.
    pub fn new(item: &'r T, dom_id: Option<&'r str>) -> Self {
        Row {
            row_item: item,
            row_dom_id: dom_id,
        }
    }

    /// The item.
    pub fn item(&self) -> &'r T {
        self.row_item
    }

    /// The row element's id: the stream's DOM id for a stream, `row_id(item)` for a slice
    /// (`None` without `row_id`).
    pub fn dom_id(&self) -> Option<&'r str> {
        self.row_dom_id
    }
}

impl<T> Deref for Row<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.row_item
    }
}
