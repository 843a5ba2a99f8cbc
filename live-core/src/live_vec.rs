//! [`LiveVec`]: a list assign that remembers which rows were edited since the last render.
//!
//! A plain `Vec<T>` in the assigns is opaque to the renderer: when it changes, the whole
//! `:for` comprehension is rendered again and the diff engine compares every row with what the
//! client holds. That is O(rows) per event even when one row changed. A `LiveVec<T>` offers the
//! same read access (it derefs to `[T]`) but routes every mutation through methods that keep a
//! small log:
//!
//! - the *baseline*: the length the list had at the last render ([`LiveVec::settle`]), or
//!   unknown when the list is fresh or its shape changed since (rows inserted in the middle,
//!   removed, reordered, or handed out through [`LiveVec::iter_mut`] / [`LiveVec::as_mut_vec`]);
//! - the *touched* positions: rows edited in place ([`LiveVec::get_mut`], [`LiveVec::set`],
//!   [`LiveVec::update`], …) plus every row appended after the baseline ([`LiveVec::push`],
//!   [`Extend`]).
//!
//! When the baseline is known, [`LiveVec::patch`] describes the change exactly: rows outside
//! the touched set are the very rows the last render saw, at the same positions, so the
//! renderer may render only the touched rows (a *patch*). When it is unknown, the renderer
//! renders every row and lets the diff engine compare them (a *full comparison*).
//!
//! Reach for `LiveVec` when an assign holds a large keyed list that events edit a row at a
//! time or grow at the end: a table of a thousand rows where a click toggles one, a chat log
//! that only appends. For small lists, or lists rebuilt on every event, a `Vec` is simpler and
//! just as fast.
//!
//! The log is an optimisation, never a source of truth: a full render of a `LiveVec` is always
//! valid, and anything the log cannot describe (a sort, a removal, raw mutable access) simply
//! turns the next render into a full comparison.
//!
//! ```
//! use live_core::LiveVec;
//!
//! let mut rows: LiveVec<String> = (0..1000).map(|i| format!("row {i}")).collect();
//! assert!(rows.patch().is_none()); // never rendered: compare everything
//! rows.settle(); // after each render, a view's derive settles its lists (`settle_as`)
//!
//! rows.set(7, "edited".to_string());
//! rows.push("new".to_string());
//! let patch = rows.patch().unwrap();
//! assert_eq!((patch.base_len(), patch.len()), (1000, 1001));
//! let positions: Vec<usize> = patch.entries().map(|(i, _)| i).collect();
//! assert_eq!(positions, [7, 1000]);
//!
//! rows.sort(); // reorders rows: the next render is a full comparison
//! assert!(rows.patch().is_none());
//! ```

use std::fmt;
use std::hash::{Hash, Hasher};
use std::iter::{Enumerate, FusedIterator};
use std::ops::{Deref, RangeBounds};
use std::slice;

/// A `Vec<T>` that records which positions were edited since the last render.
///
/// Reads go through [`Deref<Target = [T]>`](Deref) (`len`, indexing, `get`, slicing, …);
/// writes go through logging methods, so there is deliberately no `DerefMut`. Equality,
/// hashing and `Debug` look at the items only, never at the log. See the
/// [module docs](self) for the model.
///
/// ```
/// use live_core::LiveVec;
///
/// let mut todos = LiveVec::from(vec!["milk", "eggs", "bread"]);
/// todos.settle();
/// if let Some(todo) = todos.get_mut(1) {
///     *todo = "free-range eggs";
/// }
/// assert_eq!(todos[1], "free-range eggs");
/// let touched: Vec<(usize, &&str)> = todos.patch().unwrap().entries().collect();
/// assert_eq!(touched, [(1, &"free-range eggs")]);
/// ```
pub struct LiveVec<T> {
    items: Vec<T>,
    /// The length at the last settle; `None` when unknown. When `Some(b)`: `items.len() >= b`,
    /// `items.len() <= u32::MAX`, and every position in `b..items.len()` is in `touched`.
    baseline: Option<usize>,
    /// Positions edited since the last settle, sorted, without duplicates, all `< items.len()`.
    /// Empty whenever the baseline is unknown.
    touched: Vec<u32>,
    /// Which render of which field the last settle was ([`LiveVec::settle_as`]): the renderer
    /// only trusts the log of the very list it rendered last time in that place.
    stamp: Option<(u64, &'static str)>,
}

impl<T> LiveVec<T> {
    /// An empty list with an unknown baseline.
    ///
    /// ```
    /// use live_core::LiveVec;
    /// let list: LiveVec<u8> = LiveVec::new();
    /// assert!(list.is_empty());
    /// assert!(list.patch().is_none());
    /// ```
    pub const fn new() -> Self {
        LiveVec {
            items: Vec::new(),
            baseline: None,
            touched: Vec::new(),
            stamp: None,
        }
    }

    /// An empty list with room for `capacity` items, with an unknown baseline.
    pub fn with_capacity(capacity: usize) -> Self {
        LiveVec {
            items: Vec::with_capacity(capacity),
            baseline: None,
            touched: Vec::new(),
            stamp: None,
        }
    }

    /// How many items the list can hold without reallocating.
    pub fn capacity(&self) -> usize {
        self.items.capacity()
    }

    /// Reserves room for at least `additional` more items. Leaves the log alone.
    pub fn reserve(&mut self, additional: usize) {
        self.items.reserve(additional);
    }

    /// The items as a slice (also reachable through `Deref`).
    pub fn as_slice(&self) -> &[T] {
        &self.items
    }

    /// The items as a `Vec`, dropping the log.
    pub fn into_vec(self) -> Vec<T> {
        self.items
    }

    /// Iterates over the items. The iterator remembers its list ([`Iter::source`]), which is how
    /// the renderer finds the log behind `:for={row in @rows.iter()}`.
    ///
    /// ```
    /// use live_core::LiveVec;
    /// let list = LiveVec::from(vec![1, 2, 3]);
    /// assert_eq!(list.iter().rev().copied().collect::<Vec<_>>(), [3, 2, 1]);
    /// ```
    pub fn iter(&self) -> Iter<'_, T> {
        Iter {
            inner: self.items.iter(),
            source: self,
        }
    }

    /// Mutable iteration. The log cannot follow it, so the shape becomes unknown.
    ///
    /// ```
    /// use live_core::LiveVec;
    /// let mut list = LiveVec::from(vec![1, 2, 3]);
    /// list.settle();
    /// list.iter_mut().for_each(|n| *n *= 10);
    /// assert_eq!(list, [10, 20, 30]);
    /// assert!(list.patch().is_none());
    /// ```
    pub fn iter_mut(&mut self) -> slice::IterMut<'_, T> {
        self.forget();
        self.items.iter_mut()
    }

    /// The underlying `Vec`, for edits the other methods do not offer. The log cannot follow
    /// them, so the shape becomes unknown.
    ///
    /// ```
    /// use live_core::LiveVec;
    /// let mut list = LiveVec::from(vec![3, 1, 3, 2]);
    /// list.settle();
    /// list.as_mut_vec().dedup();
    /// assert!(list.patch().is_none());
    /// ```
    pub fn as_mut_vec(&mut self) -> &mut Vec<T> {
        self.forget();
        &mut self.items
    }

    /// Appends an item. Appends keep the baseline: the new position is recorded as touched.
    ///
    /// ```
    /// use live_core::LiveVec;
    /// let mut log = LiveVec::from(vec!["joined"]);
    /// log.settle();
    /// log.push("said hi");
    /// let patch = log.patch().unwrap();
    /// assert_eq!((patch.base_len(), patch.len()), (1, 2));
    /// assert_eq!(patch.entries().collect::<Vec<_>>(), [(1, &"said hi")]);
    /// ```
    pub fn push(&mut self, value: T) {
        let at = self.items.len();
        self.items.push(value);
        self.changed_from(at);
    }

    /// Removes and returns the last item. Popping an item appended since the last settle keeps
    /// the baseline; popping below it makes the shape unknown.
    pub fn pop(&mut self) -> Option<T> {
        let value = self.items.pop()?;
        self.changed_from(self.items.len());
        Some(value)
    }

    /// Inserts an item at `index`, shifting the following ones. Inserting at or after the
    /// baseline keeps it (every shifted row was appended anyway); before it, the shape becomes
    /// unknown.
    ///
    /// # Panics
    ///
    /// Panics if `index > len`, like [`Vec::insert`].
    pub fn insert(&mut self, index: usize, value: T) {
        self.items.insert(index, value);
        self.changed_from(index);
    }

    /// Removes and returns the item at `index`, shifting the following ones. Removing below the
    /// baseline makes the shape unknown.
    ///
    /// # Panics
    ///
    /// Panics if `index >= len`, like [`Vec::remove`].
    pub fn remove(&mut self, index: usize) -> T {
        let value = self.items.remove(index);
        self.changed_from(index);
        value
    }

    /// Removes and returns the item at `index`, moving the last item into its place. Removing
    /// below the baseline makes the shape unknown.
    ///
    /// # Panics
    ///
    /// Panics if `index >= len`, like [`Vec::swap_remove`].
    pub fn swap_remove(&mut self, index: usize) -> T {
        let value = self.items.swap_remove(index);
        self.changed_from(index);
        value
    }

    /// Keeps the first `len` items. Cutting below the baseline makes the shape unknown; a
    /// `len` at or past the current length changes nothing.
    pub fn truncate(&mut self, len: usize) {
        if len < self.items.len() {
            self.items.truncate(len);
            self.changed_from(len);
        }
    }

    /// Removes every item. Unless the list held only rows appended since the last settle, the
    /// shape becomes unknown.
    pub fn clear(&mut self) {
        self.truncate(0);
    }

    /// Keeps the items for which `keep` returns `true`. Removing any item below the baseline
    /// makes the shape unknown; removing none changes nothing.
    ///
    /// ```
    /// use live_core::LiveVec;
    /// let mut list = LiveVec::from(vec![1, 2, 3, 4]);
    /// list.settle();
    /// list.retain(|n| *n < 10);
    /// assert!(list.patch().is_some_and(|patch| patch.is_clean()));
    /// list.retain(|n| n % 2 == 0);
    /// assert_eq!(list, [2, 4]);
    /// assert!(list.patch().is_none());
    /// ```
    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        let mut index = 0;
        let mut first_removed = None;
        self.items.retain(|item| {
            let kept = keep(item);
            if !kept && first_removed.is_none() {
                first_removed = Some(index);
            }
            index += 1;
            kept
        });
        if let Some(from) = first_removed {
            self.changed_from(from);
        }
    }

    /// Removes the items in `range` and iterates over them. The shape becomes unknown.
    ///
    /// # Panics
    ///
    /// Panics if the range is out of bounds, like [`Vec::drain`].
    pub fn drain(&mut self, range: impl RangeBounds<usize>) -> std::vec::Drain<'_, T> {
        self.forget();
        self.items.drain(range)
    }

    /// Sorts the items (stable). The shape becomes unknown.
    pub fn sort(&mut self)
    where
        T: Ord,
    {
        self.forget();
        self.items.sort();
    }

    /// Sorts the items with a comparator (stable). The shape becomes unknown.
    pub fn sort_by(&mut self, compare: impl FnMut(&T, &T) -> std::cmp::Ordering) {
        self.forget();
        self.items.sort_by(compare);
    }

    /// Sorts the items by a key (stable). The shape becomes unknown.
    pub fn sort_by_key<K: Ord>(&mut self, key: impl FnMut(&T) -> K) {
        self.forget();
        self.items.sort_by_key(key);
    }

    /// Reverses the order of the items. The shape becomes unknown.
    pub fn reverse(&mut self) {
        self.forget();
        self.items.reverse();
    }

    /// Swaps two items. The shape becomes unknown: rows moved, they were not edited.
    ///
    /// # Panics
    ///
    /// Panics if `a` or `b` is out of bounds, like [`slice::swap`].
    pub fn swap(&mut self, a: usize, b: usize) {
        self.items.swap(a, b);
        self.forget();
    }

    /// Mutable access to the item at `index`, recorded as an edit of that position (whether or
    /// not the caller writes). Out of bounds: `None`, nothing recorded.
    ///
    /// ```
    /// use live_core::LiveVec;
    /// let mut scores = LiveVec::from(vec![0, 0, 0]);
    /// scores.settle();
    /// *scores.get_mut(2).unwrap() += 1;
    /// *scores.get_mut(0).unwrap() += 1;
    /// assert!(scores.get_mut(3).is_none());
    /// let positions: Vec<usize> = scores.patch().unwrap().entries().map(|(i, _)| i).collect();
    /// assert_eq!(positions, [0, 2]);
    /// ```
    pub fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        if index < self.items.len() {
            self.touch(index);
        }
        self.items.get_mut(index)
    }

    /// Mutable access to the first item, recorded as an edit of position 0.
    pub fn first_mut(&mut self) -> Option<&mut T> {
        self.get_mut(0)
    }

    /// Mutable access to the last item, recorded as an edit of its position.
    pub fn last_mut(&mut self) -> Option<&mut T> {
        let last = self.items.len().checked_sub(1)?;
        self.get_mut(last)
    }

    /// Replaces the item at `index` and returns the old one, recording the edit. Out of bounds:
    /// `None`, and `value` is dropped without any change.
    ///
    /// ```
    /// use live_core::LiveVec;
    /// let mut list = LiveVec::from(vec!['a', 'b']);
    /// list.settle();
    /// assert_eq!(list.set(1, 'B'), Some('b'));
    /// assert_eq!(list.set(5, 'z'), None);
    /// assert_eq!(list, ['a', 'B']);
    /// assert_eq!(list.patch().unwrap().entries().count(), 1);
    /// ```
    pub fn set(&mut self, index: usize, value: T) -> Option<T> {
        self.get_mut(index)
            .map(|slot| std::mem::replace(slot, value))
    }

    /// Runs `f` on the item at `index`, recording the edit, and returns what `f` returns. Out
    /// of bounds: `None`, `f` is not called and nothing is recorded.
    ///
    /// ```
    /// use live_core::LiveVec;
    /// struct Row { id: u32, done: bool }
    /// let mut rows = LiveVec::from(vec![Row { id: 1, done: false }, Row { id: 2, done: false }]);
    /// rows.settle();
    /// let now_done = rows.update(1, |row| { row.done = !row.done; row.done });
    /// assert_eq!(now_done, Some(true));
    /// assert_eq!(rows.update(9, |row| row.id), None);
    /// ```
    pub fn update<R>(&mut self, index: usize, f: impl FnOnce(&mut T) -> R) -> Option<R> {
        self.get_mut(index).map(f)
    }

    /// Marks the current items as rendered: the baseline becomes the current length and the
    /// touched set is emptied. After each render, `#[derive(LiveView)]` settles every
    /// `LiveVec` field through [`LiveVec::settle_as`], which also records which render and
    /// field the log belongs to; only such a log is trusted by `html!`.
    ///
    /// ```
    /// use live_core::LiveVec;
    /// let mut list = LiveVec::from(vec![1, 2]);
    /// list.settle();
    /// let patch = list.patch().unwrap();
    /// assert_eq!((patch.base_len(), patch.len()), (2, 2));
    /// assert!(patch.is_clean());
    /// ```
    pub fn settle(&mut self) {
        self.touched.clear();
        let len = self.items.len();
        self.baseline = u32::try_from(len).is_ok().then_some(len);
        self.stamp = None;
    }

    /// Settles the log as the list that render `epoch` showed for the field `field` (called by
    /// the code `#[derive(LiveView)]` generates after each render). [`LiveVec::entries_for`]
    /// then gives a patch only for that same render and field: a list moved out of the field
    /// and back in later, or swapped with another field's list, is compared in full.
    #[doc(hidden)]
    pub fn settle_as(&mut self, epoch: u64, field: &'static str) {
        self.settle();
        self.stamp = Some((epoch, field));
    }

    /// The entries to render for the field `field` after render `epoch`: the touched ones when
    /// this list was settled as exactly that ([`LiveVec::settle_as`]) and the log knows the
    /// shape; all of them otherwise (and always when `expected` is `None`).
    ///
    /// ```
    /// use live_core::LiveVec;
    /// let mut list = LiveVec::from(vec!["a", "b", "c"]);
    /// list.settle_as(7, "rows");
    /// list.set(2, "C");
    /// assert_eq!(list.entries_for(Some((7, "rows"))).collect::<Vec<_>>(), [(2, &"C")]);
    /// assert_eq!(list.entries_for(Some((8, "rows"))).count(), 3);
    /// assert_eq!(list.entries_for(Some((7, "other"))).count(), 3);
    /// assert_eq!(list.entries_for(None).count(), 3);
    /// ```
    #[doc(hidden)]
    pub fn entries_for(&self, expected: Option<(u64, &'static str)>) -> Entries<'_, T> {
        match (self.patch(), expected) {
            (Some(patch), Some(expected)) if self.stamp == Some(expected) => patch.entries(),
            _ => Entries::all(&self.items),
        }
    }

    /// What changed since the last settle, or `None` when that is unknown (fresh list, or a
    /// shape-changing operation since): then only a full comparison is valid.
    ///
    /// In a patch, every position in `base_len()..len()` (the appended rows) is among the
    /// entries, and `len() >= base_len()`; rows outside the entries are unchanged since the
    /// last settle.
    ///
    /// ```
    /// use live_core::LiveVec;
    /// let mut list = LiveVec::from(vec![10, 20, 30]);
    /// assert!(list.patch().is_none());
    /// list.settle();
    /// list.update(0, |n| *n += 1);
    /// list.extend([40, 50]);
    /// let patch = list.patch().unwrap();
    /// assert_eq!(patch.entries().collect::<Vec<_>>(), [(0, &11), (3, &40), (4, &50)]);
    /// ```
    pub fn patch(&self) -> Option<Patch<'_, T>> {
        let base_len = self.baseline?;
        Some(Patch {
            items: &self.items,
            base_len,
            touched: &self.touched,
        })
    }

    /// The entries the renderer should render: the touched ones when `allow_patch` is set and
    /// the log knows the shape, otherwise all of them.
    ///
    /// ```
    /// use live_core::LiveVec;
    /// let mut list = LiveVec::from(vec!["a", "b", "c"]);
    /// list.settle();
    /// list.set(2, "C");
    /// assert_eq!(list.entries(true).collect::<Vec<_>>(), [(2, &"C")]);
    /// assert_eq!(list.entries(true).patch_shape(), Some((3, 3)));
    /// assert_eq!(list.entries(false).count(), 3);
    /// assert_eq!(list.entries(false).patch_shape(), None);
    /// ```
    pub fn entries(&self, allow_patch: bool) -> Entries<'_, T> {
        match self.patch() {
            Some(patch) if allow_patch => patch.entries(),
            _ => Entries::all(&self.items),
        }
    }

    /// Records an in-place edit of `index` (which must be in bounds).
    fn touch(&mut self, index: usize) {
        if self.baseline.is_none() {
            return; // the next render compares everything anyway
        }
        let Ok(position) = u32::try_from(index) else {
            self.forget();
            return;
        };
        if let Err(at) = self.touched.binary_search(&position) {
            self.touched.insert(at, position);
        }
    }

    /// Records that the items at `from..` may have changed, moved, appeared or disappeared,
    /// while the items before `from` are untouched by the operation.
    fn changed_from(&mut self, from: usize) {
        let Some(base) = self.baseline else {
            return;
        };
        let len = self.items.len();
        if from < base || len < base {
            self.forget();
            return;
        }
        let (Ok(start), Ok(end)) = (u32::try_from(from.min(len)), u32::try_from(len)) else {
            self.forget();
            return;
        };
        // Positions in `base..from` are still touched (appended earlier); redo the tail after.
        let keep = self.touched.partition_point(|&p| p < start);
        self.touched.truncate(keep);
        self.touched.extend(start..end);
    }

    /// Makes the shape unknown: the next render compares everything.
    fn forget(&mut self) {
        self.baseline = None;
        self.touched.clear();
        self.stamp = None;
    }
}

impl<T> Default for LiveVec<T> {
    fn default() -> Self {
        LiveVec::new()
    }
}

/// The clone holds the same items with an unknown baseline: it has never been rendered.
impl<T: Clone> Clone for LiveVec<T> {
    fn clone(&self) -> Self {
        LiveVec::from(self.items.clone())
    }
}

/// Formats the items as a list, like `Vec`; the log is visible through [`LiveVec::patch`].
impl<T: fmt::Debug> fmt::Debug for LiveVec<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.items.fmt(f)
    }
}

impl<T> Deref for LiveVec<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.items
    }
}

impl<T> AsRef<[T]> for LiveVec<T> {
    fn as_ref(&self) -> &[T] {
        &self.items
    }
}

/// Compares the items only: two lists with the same items are equal whatever their logs.
impl<T: PartialEq> PartialEq for LiveVec<T> {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl<T: Eq> Eq for LiveVec<T> {}

impl<T: PartialEq> PartialEq<Vec<T>> for LiveVec<T> {
    fn eq(&self, other: &Vec<T>) -> bool {
        self.items == *other
    }
}

impl<T: PartialEq> PartialEq<[T]> for LiveVec<T> {
    fn eq(&self, other: &[T]) -> bool {
        self.items[..] == *other
    }
}

impl<T: PartialEq, const N: usize> PartialEq<[T; N]> for LiveVec<T> {
    fn eq(&self, other: &[T; N]) -> bool {
        self.items[..] == other[..]
    }
}

/// Hashes the items only, like `Vec`, consistent with `Eq`.
impl<T: Hash> Hash for LiveVec<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.items.hash(state);
    }
}

/// A fresh list with an unknown baseline.
impl<T> From<Vec<T>> for LiveVec<T> {
    fn from(items: Vec<T>) -> Self {
        LiveVec {
            items,
            baseline: None,
            touched: Vec::new(),
            stamp: None,
        }
    }
}

impl<T> From<LiveVec<T>> for Vec<T> {
    fn from(list: LiveVec<T>) -> Self {
        list.items
    }
}

/// A fresh list with an unknown baseline.
impl<T> FromIterator<T> for LiveVec<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        LiveVec::from(Vec::from_iter(iter))
    }
}

/// Appends, recording every new position as touched; the baseline is kept.
impl<T> Extend<T> for LiveVec<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        let at = self.items.len();
        self.items.extend(iter);
        if self.items.len() > at {
            self.changed_from(at);
        }
    }
}

/// Appends copies, recording every new position as touched; the baseline is kept.
impl<'a, T: Copy + 'a> Extend<&'a T> for LiveVec<T> {
    fn extend<I: IntoIterator<Item = &'a T>>(&mut self, iter: I) {
        self.extend(iter.into_iter().copied());
    }
}

impl<'a, T> IntoIterator for &'a LiveVec<T> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

impl<T> IntoIterator for LiveVec<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Iterator over the items of a [`LiveVec`], returned by [`LiveVec::iter`]; it keeps a
/// reference to its list so the renderer can ask it for a [`Patch`].
///
/// ```
/// use live_core::LiveVec;
/// let list = LiveVec::from(vec![1, 2, 3]);
/// let iter = list.iter();
/// assert!(std::ptr::eq(iter.source(), &list));
/// assert_eq!(iter.len(), 3);
/// ```
pub struct Iter<'a, T> {
    inner: slice::Iter<'a, T>,
    source: &'a LiveVec<T>,
}

impl<'a, T> Iter<'a, T> {
    /// The list being iterated (all of it, not just the items left).
    pub fn source(&self) -> &'a LiveVec<T> {
        self.source
    }

    /// The items not yet yielded.
    pub fn as_slice(&self) -> &'a [T] {
        self.inner.as_slice()
    }
}

impl<T> Clone for Iter<'_, T> {
    fn clone(&self) -> Self {
        Iter {
            inner: self.inner.clone(),
            source: self.source,
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Iter<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Iter").field(&self.inner.as_slice()).finish()
    }
}

impl<'a, T> Iterator for Iter<'a, T> {
    type Item = &'a T;

    fn next(&mut self) -> Option<&'a T> {
        self.inner.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }

    fn nth(&mut self, n: usize) -> Option<&'a T> {
        self.inner.nth(n)
    }

    fn count(self) -> usize {
        self.inner.len()
    }

    fn last(mut self) -> Option<&'a T> {
        self.inner.next_back()
    }
}

impl<'a, T> DoubleEndedIterator for Iter<'a, T> {
    fn next_back(&mut self) -> Option<&'a T> {
        self.inner.next_back()
    }

    fn nth_back(&mut self, n: usize) -> Option<&'a T> {
        self.inner.nth_back(n)
    }
}

impl<T> ExactSizeIterator for Iter<'_, T> {
    fn len(&self) -> usize {
        self.inner.len()
    }
}

impl<T> FusedIterator for Iter<'_, T> {}

/// What changed in a [`LiveVec`] since its last settle, from [`LiveVec::patch`].
///
/// Invariants: `len() >= base_len()`; every position in `base_len()..len()` is among the
/// [`entries`](Patch::entries); every position outside the entries holds the item it held at
/// the last settle.
///
/// ```
/// use live_core::LiveVec;
/// let mut list = LiveVec::from(vec![1, 2, 3]);
/// list.settle();
/// list.push(4);
/// let patch = list.patch().unwrap();
/// assert_eq!(patch.base_len(), 3);
/// assert_eq!(patch.len(), 4);
/// assert_eq!(patch.entries().collect::<Vec<_>>(), [(3, &4)]);
/// ```
pub struct Patch<'a, T> {
    items: &'a [T],
    base_len: usize,
    touched: &'a [u32],
}

impl<'a, T> Patch<'a, T> {
    /// The length of the list at the last settle.
    pub fn base_len(&self) -> usize {
        self.base_len
    }

    /// The current length of the list.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the list is empty now (not whether the patch is: see [`Patch::is_clean`]).
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Whether nothing changed since the last settle.
    pub fn is_clean(&self) -> bool {
        self.touched.is_empty()
    }

    /// The touched positions and their current items, in ascending order of position.
    pub fn entries(&self) -> Entries<'a, T> {
        Entries {
            shape: Shape::Patch {
                items: self.items,
                touched: self.touched.iter(),
                base_len: self.base_len,
            },
        }
    }
}

impl<T> Clone for Patch<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Patch<'_, T> {}

impl<T> fmt::Debug for Patch<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Patch")
            .field("base_len", &self.base_len)
            .field("len", &self.items.len())
            .field("touched", &self.touched)
            .finish()
    }
}

/// `(position, item)` pairs for the renderer: either every entry of a list
/// ([`Entries::all`]) or the touched entries of a [`Patch`], in ascending order of position.
///
/// ```
/// use live_core::live_vec::Entries;
/// let items = ["a", "b"];
/// let all = Entries::all(&items);
/// assert_eq!(all.patch_shape(), None);
/// assert_eq!(all.collect::<Vec<_>>(), [(0, &"a"), (1, &"b")]);
/// ```
pub struct Entries<'a, T> {
    shape: Shape<'a, T>,
}

enum Shape<'a, T> {
    All(Enumerate<slice::Iter<'a, T>>),
    Patch {
        items: &'a [T],
        touched: slice::Iter<'a, u32>,
        base_len: usize,
    },
}

impl<'a, T> Entries<'a, T> {
    /// Every entry of `items`, as `(position, item)`.
    pub fn all(items: &'a [T]) -> Self {
        Entries {
            shape: Shape::All(items.iter().enumerate()),
        }
    }

    /// `Some((base_len, len))` when these are the touched entries of a patch, `None` when they
    /// are all the entries.
    pub fn patch_shape(&self) -> Option<(usize, usize)> {
        match &self.shape {
            Shape::All(_) => None,
            Shape::Patch {
                items, base_len, ..
            } => Some((*base_len, items.len())),
        }
    }
}

/// Position `p` of `items`; positions come from the log, which keeps them in bounds.
fn entry<T>(items: &[T], p: u32) -> Option<(usize, &T)> {
    // u32 → usize widens on every target live builds for.
    let index = p as usize;
    items.get(index).map(|item| (index, item))
}

impl<T> Clone for Entries<'_, T> {
    fn clone(&self) -> Self {
        let shape = match &self.shape {
            Shape::All(iter) => Shape::All(iter.clone()),
            Shape::Patch {
                items,
                touched,
                base_len,
            } => Shape::Patch {
                items,
                touched: touched.clone(),
                base_len: *base_len,
            },
        };
        Entries { shape }
    }
}

impl<T> fmt::Debug for Entries<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entries")
            .field("patch_shape", &self.patch_shape())
            .field("remaining", &self.len())
            .finish()
    }
}

impl<'a, T> Iterator for Entries<'a, T> {
    type Item = (usize, &'a T);

    fn next(&mut self) -> Option<(usize, &'a T)> {
        match &mut self.shape {
            Shape::All(iter) => iter.next(),
            Shape::Patch { items, touched, .. } => touched.find_map(|&p| entry(items, p)),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let len = self.len();
        (len, Some(len))
    }
}

impl<T> DoubleEndedIterator for Entries<'_, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        match &mut self.shape {
            Shape::All(iter) => iter.next_back(),
            Shape::Patch { items, touched, .. } => touched.rev().find_map(|&p| entry(items, p)),
        }
    }
}

impl<T> ExactSizeIterator for Entries<'_, T> {
    fn len(&self) -> usize {
        match &self.shape {
            Shape::All(iter) => iter.len(),
            Shape::Patch { touched, .. } => touched.len(),
        }
    }
}

impl<T> FusedIterator for Entries<'_, T> {}

#[cfg(test)]
mod tests {
    use super::*;

    fn positions<T>(list: &LiveVec<T>) -> Option<Vec<usize>> {
        list.patch()
            .map(|patch| patch.entries().map(|(i, _)| i).collect())
    }

    fn patch_of<T>(list: &LiveVec<T>) -> Patch<'_, T> {
        match list.patch() {
            Some(patch) => patch,
            None => panic!("expected a patch"),
        }
    }

    fn write(slot: Option<&mut u32>, value: u32) {
        match slot {
            Some(slot) => *slot = value,
            None => panic!("expected an item"),
        }
    }

    fn settled(items: Vec<u32>) -> LiveVec<u32> {
        let mut list = LiveVec::from(items);
        list.settle();
        list
    }

    #[test]
    fn fresh_lists_have_no_patch() {
        assert!(LiveVec::<u8>::new().patch().is_none());
        assert!(LiveVec::<u8>::with_capacity(4).patch().is_none());
        assert!(LiveVec::<u8>::default().patch().is_none());
        assert!(LiveVec::from(vec![1, 2]).patch().is_none());
        assert!((0..3).collect::<LiveVec<_>>().patch().is_none());
    }

    #[test]
    fn settle_gives_an_empty_patch_at_the_current_length() {
        let list = settled(vec![1, 2, 3]);
        let patch = patch_of(&list);
        assert_eq!((patch.base_len(), patch.len()), (3, 3));
        assert!(patch.is_clean());
        assert_eq!(patch.entries().count(), 0);
    }

    #[test]
    fn in_place_edits_are_ascending_and_deduplicated() {
        let mut list = settled(vec![0; 10]);
        write(list.get_mut(7), 7);
        write(list.get_mut(2), 2);
        write(list.get_mut(7), 8);
        list.set(2, 3);
        list.update(5, |n| *n = 5);
        assert_eq!(positions(&list), Some(vec![2, 5, 7]));
        let patch = patch_of(&list);
        assert_eq!(
            patch.entries().collect::<Vec<_>>(),
            [(2, &3), (5, &5), (7, &8)]
        );
        assert_eq!(patch.entries().len(), 3);
        assert_eq!(patch.base_len(), 10);
    }

    #[test]
    fn first_and_last_mut_touch_the_ends() {
        let mut list = settled(vec![1, 2, 3]);
        write(list.last_mut(), 30);
        write(list.first_mut(), 10);
        assert_eq!(positions(&list), Some(vec![0, 2]));
        let mut empty = settled(Vec::new());
        assert!(empty.first_mut().is_none());
        assert!(empty.last_mut().is_none());
        assert_eq!(positions(&empty), Some(vec![]));
    }

    #[test]
    fn appends_keep_the_baseline() {
        let mut list = settled(vec![1, 2]);
        list.push(3);
        list.extend([4, 5]);
        list.extend(&[6]);
        list.extend(Vec::<u32>::new());
        list.set(0, 0);
        let patch = patch_of(&list);
        assert_eq!((patch.base_len(), patch.len()), (2, 6));
        assert_eq!(positions(&list), Some(vec![0, 2, 3, 4, 5]));
        // Editing an appended row records nothing new.
        list.set(3, 40);
        assert_eq!(positions(&list), Some(vec![0, 2, 3, 4, 5]));
    }

    #[test]
    fn tail_edits_past_the_baseline_keep_it() {
        let mut list = settled(vec![1, 2]);
        list.extend([3, 4, 5]);
        assert_eq!(list.pop(), Some(5));
        list.insert(3, 9);
        assert_eq!(list.remove(2), 3);
        assert_eq!(list.swap_remove(2), 9);
        assert_eq!(list, [1, 2, 4]);
        assert_eq!(positions(&list), Some(vec![2]));
        list.truncate(2);
        assert_eq!(positions(&list), Some(vec![]));
        let mut appended_only = settled(Vec::new());
        appended_only.push(1);
        appended_only.clear();
        assert_eq!(positions(&appended_only), Some(vec![]));
    }

    #[test]
    fn shape_changes_make_the_patch_unknown() {
        type Op = fn(&mut LiveVec<u32>);
        let ops: Vec<(&str, Op)> = vec![
            ("pop", |l| {
                l.pop();
            }),
            ("insert", |l| l.insert(1, 9)),
            ("remove", |l| {
                l.remove(1);
            }),
            ("swap_remove", |l| {
                l.swap_remove(0);
            }),
            ("truncate", |l| l.truncate(1)),
            ("clear", |l| l.clear()),
            ("retain", |l| l.retain(|n| *n != 2)),
            ("drain", |l| drop(l.drain(..0))),
            ("sort", |l| l.sort()),
            ("sort_by", |l| l.sort_by(|a, b| b.cmp(a))),
            ("sort_by_key", |l| l.sort_by_key(|n| *n)),
            ("reverse", |l| l.reverse()),
            ("swap", |l| l.swap(0, 2)),
            ("iter_mut", |l| drop(l.iter_mut())),
            ("as_mut_vec", |l| {
                l.as_mut_vec();
            }),
        ];
        for (name, op) in ops {
            let mut list = settled(vec![3, 2, 1]);
            list.set(0, 3);
            op(&mut list);
            assert!(list.patch().is_none(), "{name} kept a patch");
            assert_eq!(list.entries(true).patch_shape(), None, "{name}");
            // A settle after any of them starts clean again.
            list.settle();
            let patch = patch_of(&list);
            assert!(patch.is_clean(), "{name}");
            assert_eq!(patch.base_len(), list.len(), "{name}");
        }
    }

    #[test]
    fn no_ops_keep_the_patch() {
        let mut list = settled(vec![1, 2, 3]);
        list.set(1, 20);
        list.truncate(3);
        list.truncate(5);
        list.retain(|_| true);
        list.reserve(10);
        assert_eq!(positions(&list), Some(vec![1]));
        let mut empty = settled(Vec::<u32>::new());
        assert_eq!(empty.pop(), None);
        empty.clear();
        assert_eq!(positions(&empty), Some(vec![]));
    }

    #[test]
    fn out_of_bounds_edits_touch_nothing() {
        let mut list = settled(vec![1, 2]);
        assert!(list.get_mut(2).is_none());
        assert_eq!(list.set(2, 9), None);
        let mut called = false;
        assert_eq!(list.update(7, |_| called = true), None);
        assert!(!called);
        assert_eq!(list, [1, 2]);
        assert_eq!(positions(&list), Some(vec![]));
    }

    #[test]
    fn clones_are_fresh() {
        let mut list = settled(vec![1, 2]);
        list.set(0, 5);
        let copy = list.clone();
        assert_eq!(copy, list);
        assert!(copy.patch().is_none());
        assert!(list.patch().is_some());
    }

    #[test]
    fn equality_ignores_the_log() {
        let fresh = LiveVec::from(vec![1, 2]);
        let mut edited = settled(vec![1, 0]);
        edited.set(1, 2);
        assert_eq!(fresh, edited);
        assert_eq!(fresh, vec![1, 2]);
        assert_eq!(fresh, [1, 2]);
        assert_eq!(fresh, *[1, 2].as_slice());
        assert_ne!(fresh, LiveVec::from(vec![2, 1]));
        let hash = |list: &LiveVec<u32>| {
            use std::collections::hash_map::DefaultHasher;
            let mut hasher = DefaultHasher::new();
            list.hash(&mut hasher);
            hasher.finish()
        };
        assert_eq!(hash(&fresh), hash(&edited));
        assert_eq!(format!("{fresh:?}"), "[1, 2]");
    }

    #[test]
    fn entries_all_is_enumerate() {
        let items = ["a", "b", "c"];
        let all = Entries::all(&items);
        assert_eq!(all.len(), 3);
        assert_eq!(all.patch_shape(), None);
        assert_eq!(
            all.clone().collect::<Vec<_>>(),
            items.iter().enumerate().collect::<Vec<_>>()
        );
        assert_eq!(all.clone().next_back(), Some((2, &"c")));
    }

    #[test]
    fn entries_choose_between_patch_and_all() {
        let mut list = LiveVec::from(vec![1, 2, 3]);
        assert_eq!(list.entries(true).count(), 3); // fresh: all
        list.settle();
        list.set(1, 20);
        list.push(4);
        let patch = list.entries(true);
        assert_eq!(patch.patch_shape(), Some((3, 4)));
        assert_eq!(patch.len(), 2);
        assert_eq!(patch.clone().rev().collect::<Vec<_>>(), [(3, &4), (1, &20)]);
        assert_eq!(patch.collect::<Vec<_>>(), [(1, &20), (3, &4)]);
        let all = list.entries(false);
        assert_eq!(all.patch_shape(), None);
        assert_eq!(all.map(|(i, _)| i).collect::<Vec<_>>(), [0, 1, 2, 3]);
    }

    #[test]
    fn iter_knows_its_source() {
        let list = LiveVec::from(vec![1, 2, 3]);
        let mut iter = list.iter();
        assert_eq!(iter.next(), Some(&1));
        assert!(std::ptr::eq(iter.source(), &list));
        assert_eq!(iter.as_slice(), [2, 3]);
        assert_eq!(iter.len(), 2);
        assert_eq!(iter.next_back(), Some(&3));
        let by_ref = (&list).into_iter();
        assert!(std::ptr::eq(by_ref.source(), &list));
        let mut sum = 0;
        for n in &list {
            sum += n;
        }
        assert_eq!(sum, 6);
        assert_eq!(list.into_iter().collect::<Vec<_>>(), [1, 2, 3]);
    }

    #[test]
    fn conversions_round_trip() {
        let list = LiveVec::from(vec![1, 2]);
        assert_eq!(list.as_slice(), [1, 2]);
        assert_eq!(&list[..1], [1]);
        assert_eq!(Vec::from(list.clone()), [1, 2]);
        assert_eq!(list.into_vec(), [1, 2]);
    }

    /// Random edits against a snapshot taken at each settle: whenever there is a patch, rows
    /// outside it are unchanged, appended rows are all in it, and its positions are sorted.
    #[test]
    fn patches_describe_every_change() {
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move |bound: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % bound.max(1) as u64) as usize
        };
        let mut list: LiveVec<u32> = (0..20).collect();
        let mut snapshot = list.as_slice().to_vec();
        let mut patches = 0;
        for step in 0..5_000u32 {
            let len = list.len();
            match next(16) {
                0 => {
                    list.settle();
                    snapshot = list.as_slice().to_vec();
                }
                1 | 2 => list.push(step),
                3 => list.extend([step, step + 1]),
                4 | 5 => drop(list.get_mut(next(len + 2)).map(|n| *n = step)),
                6 => drop(list.set(next(len + 2), step)),
                7 => drop(list.update(next(len + 2), |n| *n += 1)),
                8 => drop(list.pop()),
                9 if len > 0 => drop(list.remove(next(len))),
                10 if len > 0 => drop(list.swap_remove(next(len))),
                11 => list.insert(next(len + 1), step),
                12 => list.truncate(next(len + 3)),
                13 => list.retain(|n| n % 7 != 0),
                14 if next(8) == 0 => list.sort(),
                15 => drop(list.last_mut().map(|n| *n = step)),
                _ => {}
            }
            let Some(patch) = list.patch() else {
                continue;
            };
            patches += 1;
            let touched: Vec<usize> = patch.entries().map(|(i, _)| i).collect();
            assert_eq!(touched.len(), patch.entries().len());
            assert!(touched.windows(2).all(|w| w[0] < w[1]), "step {step}");
            assert!(patch.len() >= patch.base_len(), "step {step}");
            assert_eq!(patch.base_len(), snapshot.len(), "step {step}");
            for i in patch.base_len()..patch.len() {
                assert!(
                    touched.binary_search(&i).is_ok(),
                    "step {step}: {i} missing"
                );
            }
            for (i, item) in list.iter().enumerate().take(patch.base_len()) {
                if touched.binary_search(&i).is_err() {
                    assert_eq!(*item, snapshot[i], "step {step}: {i} changed untouched");
                }
            }
        }
        assert!(patches > 1_000, "only {patches} steps had a patch");
    }
}
