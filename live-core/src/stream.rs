//! [`Stream`]: a collection the client keeps and the server forgets.
//!
//! A feed, a log or a long table would cost the server memory per row for as long as the view
//! lives if it were an ordinary assign. A stream holds no rows: it queues operations (insert at a
//! position, delete, reset) until the next render, the render sends them to the client in the
//! `"stream"` member of the `:for` comprehension that iterates the stream, and then the queue is
//! emptied. The rows live in the browser's DOM, inside a container marked
//! `phx-update="stream"`, whose children each carry their *DOM id*.
//!
//! ```
//! use live_core::{html, Assigns, LiveView, Rendered, Stream};
//!
//! struct Song { id: u32, title: String }
//!
//! #[derive(LiveView)]
//! struct Playlist { songs: Stream<Song> }
//!
//! impl Playlist {
//!     fn render(assigns: &Assigns<Self>) -> Rendered {
//!         html! {
//!             <ul id="songs" phx-update="stream">
//!                 <li :for={(id, song) in @songs.iter()} id={id}>{&song.title}</li>
//!             </ul>
//!         }
//!     }
//! }
//!
//! let mut songs = Stream::new("songs", |song: &Song| song.id);
//! songs.insert(Song { id: 1, title: "One".into() });
//! songs.insert_at(0, Song { id: 2, title: "Two".into() });
//! let ids: Vec<&str> = songs.iter().map(|(id, _)| id).collect();
//! assert_eq!(ids, ["songs-1", "songs-2"]);
//! songs.settle(); // after the render: the rows are gone from the server
//! assert_eq!(songs.iter().len(), 0);
//! ```
//!
//! What the client does with the operations (the official client's DOM patch):
//! - an insert of a DOM id the container does not hold adds the row at `at`: `-1` at the end
//!   (before trailing children that are not stream rows), `0` at the top, `n` before the
//!   `n`-th child; then, when the insert has a `limit` and the container holds more children
//!   than `|limit|`, it removes the excess from the end (`limit > 0`, keep the first) or from
//!   the start (`limit < 0`, keep the last);
//! - an insert of a DOM id the container holds replaces the row in place (an *upsert*: `at` and
//!   `limit` are ignored); [`Stream::update`] only ever does that;
//! - a delete removes the row (running its `phx-remove` transition);
//! - a reset removes every row of the stream before this render's inserts.

use std::collections::HashSet;
use std::fmt::{self, Display, Write as _};
use std::hash::{BuildHasher, RandomState};
use std::sync::Arc;

use crate::escape::escape_json_into;

/// Where an insert places a new row, and how many rows the container keeps after it.
///
/// ```
/// use live_core::stream::Placement;
/// let top = Placement::prepend().limit(-60);
/// assert_eq!((top.at(), top.limit_value()), (0, Some(-60)));
/// assert_eq!(Placement::append().at(), -1);
/// assert_eq!(Placement::index(3).at(), 3);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    at: i32,
    limit: Option<i32>,
    update_only: bool,
}

impl Placement {
    /// At the end of the container (`at = -1`).
    pub const fn append() -> Self {
        Placement::index(-1)
    }

    /// At the top of the container (`at = 0`).
    pub const fn prepend() -> Self {
        Placement::index(0)
    }

    /// Before the `at`-th child of the container (`-1`: at the end).
    pub const fn index(at: i32) -> Self {
        Placement {
            at,
            limit: None,
            update_only: false,
        }
    }

    /// After inserting, keep at most `|limit|` children: the first ones when `limit >= 0`, the
    /// last ones when it is negative.
    pub const fn limit(mut self, limit: i32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Only replace a row the client holds; never add one.
    pub const fn update_only(mut self) -> Self {
        self.update_only = true;
        self
    }

    /// The position (`-1` end, `0` top, `n` before the `n`-th child).
    pub const fn at(&self) -> i32 {
        self.at
    }

    /// The limit, if any.
    pub const fn limit_value(&self) -> Option<i32> {
        self.limit
    }
}

/// One queued insert.
struct Insert<T> {
    dom_id: String,
    item: T,
    placement: Placement,
}

/// Computes an item's DOM id.
type DomIdFn<T> = Arc<dyn Fn(&T) -> String + Send + Sync>;

/// A stream assign: queued inserts and deletes of rows the client keeps in its DOM (see the
/// [module docs](self)).
///
/// Iterate it in a template with `:for={(dom_id, item) in @name.iter()}` inside a container
/// with `phx-update="stream"` and a unique `id`; each row's root element takes `id={dom_id}`.
/// The queue is emptied after each render (the view's derive does it), so the server keeps
/// only the stream's name, DOM id function and limit.
///
/// ```
/// use live_core::Stream;
/// let mut log: Stream<(u64, &str)> = Stream::new("log", |line: &(u64, &str)| line.0);
/// log.set_limit(Some(-100)); // keep the last 100 rows in the DOM
/// log.insert((1, "started"));
/// log.delete(&(1, "started"));
/// assert_eq!(log.iter().len(), 0);
/// assert_eq!(log.deleted(), ["log-1"]);
/// ```
pub struct Stream<T> {
    name: Box<str>,
    dom_id: DomIdFn<T>,
    limit: Option<i32>,
    inserts: Vec<Insert<T>>,
    /// Hashes of the queued inserts' DOM ids: a new id is found new without a walk over the
    /// queue (the walk happens only on a hash match).
    queued: HashSet<u64>,
    hasher: RandomState,
    deletes: Vec<String>,
    reset: bool,
}

/// Queues shrink back to this many entries after a render that queued more.
const KEPT_CAPACITY: usize = 256;

impl<T> Stream<T> {
    /// A stream named `name` (its reference on the wire and the prefix of its DOM ids) whose
    /// rows have the DOM id `"{name}-{id(item)}"`.
    ///
    /// ```
    /// use live_core::Stream;
    /// let songs: Stream<u32> = Stream::new("songs", |n: &u32| *n);
    /// assert_eq!(songs.dom_id(&42), "songs-42");
    /// ```
    pub fn new<K: Display>(
        name: impl Into<String>,
        id: impl Fn(&T) -> K + Send + Sync + 'static,
    ) -> Self {
        let name: Box<str> = name.into().into_boxed_str();
        let prefix = name.clone();
        Stream::with_dom_id(name, move |item| format!("{prefix}-{}", id(item)))
    }

    /// A stream whose rows' DOM ids are computed by `dom_id` (ids must be unique in the page).
    ///
    /// ```
    /// use live_core::Stream;
    /// let users: Stream<String> = Stream::with_dom_id("users", |name: &String| format!("user-{name}"));
    /// assert_eq!(users.dom_id(&"ada".to_owned()), "user-ada");
    /// ```
    pub fn with_dom_id(
        name: impl Into<String>,
        dom_id: impl Fn(&T) -> String + Send + Sync + 'static,
    ) -> Self {
        Stream {
            name: name.into().into_boxed_str(),
            dom_id: Arc::new(dom_id),
            limit: None,
            inserts: Vec::new(),
            queued: HashSet::new(),
            hasher: RandomState::new(),
            deletes: Vec::new(),
            reset: false,
        }
    }

    /// The stream's name (its reference on the wire).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The DOM id of `item`.
    pub fn dom_id(&self, item: &T) -> String {
        (self.dom_id)(item)
    }

    /// The limit every insert without one of its own carries (`None`: no limit).
    ///
    /// ```
    /// use live_core::Stream;
    /// let mut feed: Stream<u32> = Stream::new("feed", |n: &u32| *n);
    /// feed.set_limit(Some(3));
    /// assert_eq!(feed.limit(), Some(3));
    /// ```
    pub fn set_limit(&mut self, limit: Option<i32>) {
        self.limit = limit;
    }

    /// The stream's limit ([`Stream::set_limit`]).
    pub fn limit(&self) -> Option<i32> {
        self.limit
    }

    /// Appends `item` (or replaces the row with its DOM id in place).
    pub fn insert(&mut self, item: T) {
        self.insert_with(item, Placement::append());
    }

    /// Inserts `item` at `at` (`-1` end, `0` top, `n` before the `n`-th child), or replaces the
    /// row with its DOM id in place.
    ///
    /// ```
    /// use live_core::Stream;
    /// let mut feed: Stream<u32> = Stream::new("feed", |n: &u32| *n);
    /// feed.insert_at(0, 7);
    /// assert_eq!(feed.iter().next(), Some(("feed-7", &7)));
    /// ```
    pub fn insert_at(&mut self, at: i32, item: T) {
        self.insert_with(item, Placement::index(at));
    }

    /// Inserts `item` as `placement` says. An item already queued with the same DOM id is
    /// replaced by this one (the newest content and placement win). Without a limit of its own,
    /// the insert carries the stream's ([`Stream::set_limit`]).
    ///
    /// ```
    /// use live_core::{stream::Placement, Stream};
    /// let mut feed: Stream<u32> = Stream::new("feed", |n: &u32| *n);
    /// feed.insert_with(1, Placement::prepend().limit(-10));
    /// feed.insert_with(1, Placement::append());
    /// assert_eq!(feed.iter().len(), 1);
    /// ```
    pub fn insert_with(&mut self, item: T, mut placement: Placement) {
        if placement.limit.is_none() {
            placement.limit = self.limit;
        }
        let dom_id = self.dom_id(&item);
        if !self.queued.insert(self.hasher.hash_one(&dom_id)) {
            if let Some(queued) = self.inserts.iter().position(|i| i.dom_id == dom_id) {
                self.inserts.remove(queued);
            }
        }
        self.inserts.push(Insert {
            dom_id,
            item,
            placement,
        });
    }

    /// Appends every item, in order.
    ///
    /// ```
    /// use live_core::Stream;
    /// let mut feed: Stream<u32> = Stream::new("feed", |n: &u32| *n);
    /// feed.insert_many([1, 2, 3]);
    /// assert_eq!(feed.iter().map(|(id, _)| id).collect::<Vec<_>>(), ["feed-1", "feed-2", "feed-3"]);
    /// ```
    pub fn insert_many(&mut self, items: impl IntoIterator<Item = T>) {
        self.insert_many_with(items, Placement::append());
    }

    /// Inserts every item, in order, each as `placement` says (each insert at `0` goes on top
    /// of the previous one: the last item ends up first).
    pub fn insert_many_with(&mut self, items: impl IntoIterator<Item = T>, placement: Placement) {
        let items = items.into_iter();
        self.inserts.reserve(items.size_hint().0);
        for item in items {
            self.insert_with(item, placement);
        }
    }

    /// Replaces the row of `item`'s DOM id if the client holds it; never adds a row.
    ///
    /// ```
    /// use live_core::Stream;
    /// let mut feed: Stream<u32> = Stream::new("feed", |n: &u32| *n);
    /// feed.update(5);
    /// assert_eq!(feed.iter().len(), 1);
    /// ```
    pub fn update(&mut self, item: T) {
        self.insert_with(item, Placement::append().update_only());
    }

    /// Deletes the row of `item` (only its DOM id is used).
    pub fn delete(&mut self, item: &T) {
        let dom_id = self.dom_id(item);
        self.delete_by_dom_id(dom_id);
    }

    /// Deletes the row with DOM id `dom_id`. A queued insert of it is dropped; an insert after
    /// the delete moves the row to the new insert's position.
    ///
    /// ```
    /// use live_core::Stream;
    /// let mut feed: Stream<u32> = Stream::new("feed", |n: &u32| *n);
    /// feed.insert(4);
    /// feed.delete_by_dom_id("feed-4");
    /// assert_eq!(feed.iter().len(), 0);
    /// assert_eq!(feed.deleted(), ["feed-4"]);
    /// ```
    pub fn delete_by_dom_id(&mut self, dom_id: impl Into<String>) {
        let dom_id = dom_id.into();
        if self.queued.contains(&self.hasher.hash_one(&dom_id)) {
            self.inserts.retain(|insert| insert.dom_id != dom_id);
        }
        if !self.deletes.contains(&dom_id) {
            self.deletes.push(dom_id);
        }
    }

    /// Removes every row of the stream from the client (operations queued before are dropped).
    ///
    /// ```
    /// use live_core::Stream;
    /// let mut feed: Stream<u32> = Stream::new("feed", |n: &u32| *n);
    /// feed.insert(1);
    /// feed.reset();
    /// assert!(feed.is_reset());
    /// assert_eq!(feed.iter().len(), 0);
    /// ```
    pub fn reset(&mut self) {
        self.inserts.clear();
        self.queued.clear();
        self.deletes.clear();
        self.reset = true;
    }

    /// [`Stream::reset`], then appends `items`: the client shows exactly these rows.
    pub fn reset_with(&mut self, items: impl IntoIterator<Item = T>) {
        self.reset();
        self.insert_many(items);
    }

    /// Whether a reset is queued.
    pub fn is_reset(&self) -> bool {
        self.reset
    }

    /// The DOM ids whose deletion is queued.
    pub fn deleted(&self) -> &[String] {
        &self.deletes
    }

    /// Whether anything is queued for the next render.
    pub fn has_changes(&self) -> bool {
        self.reset || !self.inserts.is_empty() || !self.deletes.is_empty()
    }

    /// The queued inserts, in order, as `(dom id, item)`: what a `:for` over the stream renders.
    pub fn iter(&self) -> Iter<'_, T> {
        Iter {
            stream: self,
            inserts: self.inserts.iter(),
        }
    }

    /// Forgets the queued operations once a render sent them (called after every render by the
    /// view's derive). The rows are dropped here: the server keeps none.
    pub fn settle(&mut self) {
        self.inserts.clear();
        self.queued.clear();
        self.deletes.clear();
        self.reset = false;
        if self.inserts.capacity() > KEPT_CAPACITY {
            self.inserts.shrink_to(KEPT_CAPACITY);
            self.queued.shrink_to(KEPT_CAPACITY);
        }
        if self.deletes.capacity() > KEPT_CAPACITY {
            self.deletes.shrink_to(KEPT_CAPACITY);
        }
    }

    /// Heap bytes the stream holds besides its rows' own heap data (queue buffers and DOM ids).
    ///
    /// ```
    /// use live_core::Stream;
    /// let mut feed: Stream<u32> = Stream::new("feed", |n: &u32| *n);
    /// let idle = feed.heap_bytes();
    /// feed.insert_many(0..1000);
    /// assert!(feed.heap_bytes() > idle);
    /// feed.settle();
    /// assert!(feed.heap_bytes() <= idle + 256 * 64);
    /// ```
    pub fn heap_bytes(&self) -> usize {
        self.name.len()
            + self.inserts.capacity() * std::mem::size_of::<Insert<T>>()
            + self
                .inserts
                .iter()
                .map(|i| i.dom_id.capacity())
                .sum::<usize>()
            + self.queued.capacity() * std::mem::size_of::<u64>()
            + self.deletes.capacity() * std::mem::size_of::<String>()
            + self.deletes.iter().map(String::capacity).sum::<usize>()
    }

    /// The `"stream"` member of the comprehension that renders this stream, as JSON:
    /// `[ref, [[dom_id, at, limit, update_only], …], [deleted dom_id, …]]`, with a fourth
    /// element `true` when resetting (absent otherwise: the client resets whenever it is there).
    ///
    /// ```
    /// use live_core::Stream;
    /// let mut feed: Stream<u32> = Stream::new("feed", |n: &u32| *n);
    /// feed.insert_at(0, 3);
    /// feed.delete_by_dom_id("feed-1");
    /// assert_eq!(feed.wire_json(), r#"["feed",[["feed-3",0,null,false]],["feed-1"]]"#);
    /// feed.reset();
    /// assert_eq!(feed.wire_json(), r#"["feed",[],[],true]"#);
    /// ```
    pub fn wire_json(&self) -> String {
        let mut out = String::with_capacity(32 + 32 * self.inserts.len());
        out.push('[');
        escape_json_into(&mut out, &self.name);
        out.push_str(",[");
        for (n, insert) in self.inserts.iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            out.push('[');
            escape_json_into(&mut out, &insert.dom_id);
            let Placement {
                at,
                limit,
                update_only,
            } = insert.placement;
            // Writing to a `String` cannot fail.
            let _ = write!(out, ",{at},");
            match limit {
                Some(limit) => {
                    let _ = write!(out, "{limit}");
                }
                None => out.push_str("null"),
            }
            out.push_str(if update_only { ",true]" } else { ",false]" });
        }
        out.push_str("],[");
        for (n, dom_id) in self.deletes.iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            escape_json_into(&mut out, dom_id);
        }
        out.push(']');
        if self.reset {
            out.push_str(",true");
        }
        out.push(']');
        out
    }
}

impl<T> fmt::Debug for Stream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stream")
            .field("name", &self.name)
            .field("limit", &self.limit)
            .field(
                "inserts",
                &self
                    .inserts
                    .iter()
                    .map(|i| (&i.dom_id, i.placement))
                    .collect::<Vec<_>>(),
            )
            .field("deletes", &self.deletes)
            .field("reset", &self.reset)
            .finish()
    }
}

/// A clone shares the DOM id function and copies the queue.
impl<T: Clone> Clone for Stream<T> {
    fn clone(&self) -> Self {
        Stream {
            name: self.name.clone(),
            dom_id: Arc::clone(&self.dom_id),
            limit: self.limit,
            inserts: self
                .inserts
                .iter()
                .map(|i| Insert {
                    dom_id: i.dom_id.clone(),
                    item: i.item.clone(),
                    placement: i.placement,
                })
                .collect(),
            queued: self.queued.clone(),
            hasher: self.hasher.clone(),
            deletes: self.deletes.clone(),
            reset: self.reset,
        }
    }
}

/// The queued inserts of a [`Stream`], as `(dom id, item)`; it remembers its stream, which is
/// how a `:for` over it sends the stream's operations along with the rows.
///
/// ```
/// use live_core::Stream;
/// let mut feed: Stream<u32> = Stream::new("feed", |n: &u32| *n);
/// feed.insert(1);
/// let iter = feed.iter();
/// assert_eq!(iter.stream().name(), "feed");
/// assert_eq!(iter.collect::<Vec<_>>(), [("feed-1", &1)]);
/// ```
pub struct Iter<'a, T> {
    stream: &'a Stream<T>,
    inserts: std::slice::Iter<'a, Insert<T>>,
}

impl<'a, T> Iter<'a, T> {
    /// The stream iterated.
    pub fn stream(&self) -> &'a Stream<T> {
        self.stream
    }
}

impl<T> Clone for Iter<'_, T> {
    fn clone(&self) -> Self {
        Iter {
            stream: self.stream,
            inserts: self.inserts.clone(),
        }
    }
}

impl<T> fmt::Debug for Iter<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Iter")
            .field("stream", &self.stream.name)
            .field("remaining", &self.inserts.len())
            .finish()
    }
}

impl<'a, T> Iterator for Iter<'a, T> {
    type Item = (&'a str, &'a T);

    fn next(&mut self) -> Option<Self::Item> {
        self.inserts
            .next()
            .map(|insert| (insert.dom_id.as_str(), &insert.item))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inserts.size_hint()
    }
}

impl<T> ExactSizeIterator for Iter<'_, T> {}

impl<'a, T> IntoIterator for &'a Stream<T> {
    type Item = (&'a str, &'a T);
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_insert_of_a_dom_id_wins_and_a_later_insert_survives_a_delete() {
        let mut s: Stream<(u32, &str)> = Stream::new("s", |i: &(u32, &str)| i.0);
        s.insert((1, "a"));
        s.insert_at(0, (1, "b"));
        assert_eq!(s.iter().map(|(_, i)| i.1).collect::<Vec<_>>(), ["b"]);
        assert_eq!(s.wire_json(), r#"["s",[["s-1",0,null,false]],[]]"#);
        s.delete(&(1, ""));
        s.insert_with((1, "c"), Placement::append().limit(-2));
        assert_eq!(s.wire_json(), r#"["s",[["s-1",-1,-2,false]],["s-1"]]"#);
        s.settle();
        assert!(!s.has_changes());
        assert_eq!(s.wire_json(), r#"["s",[],[]]"#);
    }

    #[test]
    fn dom_ids_and_names_are_json_escaped() {
        let mut s: Stream<&str> = Stream::with_dom_id("a\"b", |i: &&str| (*i).to_owned());
        s.update("x\\y");
        assert_eq!(s.wire_json(), r#"["a\"b",[["x\\y",-1,null,true]],[]]"#);
    }
}
