//! Comprehensions: the rendered form of a `:for`, one template repeated for every entry.
//!
//! A comprehension is small on purpose: its statics and one pointer to its contents (entry
//! index, slot values, text, and what a patch needs). The contents come from a per-thread pool
//! and go back to it when the comprehension is dropped (the `recycle` module), so a view that
//! renders a list on every event neither allocates nor frees for it, and moving the
//! comprehension around (into a [`Dynamic`], into the slots of its parent) copies two words.

use std::cell::RefCell;

use super::{Dynamic, SlotRef, Statics};
use crate::recycle::{self, Buffer, Pool};
use crate::text_writer::TextWriter;

/// A comprehension: the statics of one entry and the slot values of every entry.
///
/// Entries may carry a key (from `:key`); entries without one are keyed by position. The text
/// of the entries' slots (and their keys) lives in one buffer per comprehension, so a list of a
/// thousand rows is a handful of allocations, not one per cell.
///
/// ```
/// use live_core::{Comprehension, Dynamic, Statics};
/// static ITEM: Statics = Statics::new(&["<li>", "</li>"], r#"["<li>","</li>"]"#, true);
/// let mut list = Comprehension::new(&ITEM);
/// list.push(None, vec![Dynamic::text("Apple")]);
/// list.push(None, [Dynamic::text("Banana")]);
/// assert_eq!(list.to_html(), "<li>Apple</li><li>Banana</li>");
/// ```
///
/// A comprehension can also be a *patch* ([`Comprehension::patch`]): only some entries, at
/// known positions, of a list whose other entries the client already holds. `html!` builds one
/// when a `:for` iterates a [`LiveVec`](crate::LiveVec) assign that was edited in place.
#[derive(Debug, Clone, PartialEq)]
pub struct Comprehension {
    statics: &'static Statics,
    /// `Some` for the whole life of the comprehension: `Drop` takes it to give it back to the
    /// pool.
    contents: Option<Box<Contents>>,
}

/// The entries of a comprehension, and what a patch needs to be checked.
#[derive(Debug, Clone, PartialEq, Default)]
struct Contents {
    /// Position and key of every entry present.
    index: Vec<EntryIndex>,
    /// The slot values of every entry present, entry after entry.
    values: Vec<Value>,
    /// The text of `Value::Text` values and of keys.
    text: String,
    /// The values of `Value::Nested` slots: nested templates and lists.
    nested: Vec<Dynamic>,
    shape: Shape,
    /// For a comprehension over a [`Stream`](crate::Stream): its `"stream"` member as JSON
    /// (empty otherwise).
    stream: String,
}

/// Whether a comprehension is a patch, and what the diff engine checks before it compares
/// one, kept as entries are added (no walk over the entries before the diff).
#[derive(Debug, Clone, PartialEq, Default)]
struct Shape {
    /// `Some((base_len, len))` for a patch.
    patch: Option<(usize, usize)>,
    /// Some value holds a slot that was not evaluated (see [`Rendered::is_complete`]).
    ///
    /// [`Rendered::is_complete`]: super::Rendered::is_complete
    incomplete: bool,
    /// Some entry's position is not above the previous entry's.
    disordered: bool,
    /// For a patch, the number of entries at or past `base_len` (appended entries).
    appended: usize,
    /// A stream comprehension with operations queued (inserts, deletes or a reset).
    stream_changes: bool,
}

/// What a comprehension whose contents were taken reads as (only its own `Drop` takes them).
static NO_CONTENTS: Contents = Contents {
    index: Vec::new(),
    values: Vec::new(),
    text: String::new(),
    nested: Vec::new(),
    shape: Shape {
        patch: None,
        incomplete: false,
        disordered: false,
        appended: 0,
        stream_changes: false,
    },
    stream: String::new(),
};

thread_local! {
    /// Emptied contents of dropped comprehensions.
    static POOL: RefCell<Pool<Box<Contents>>> = const { RefCell::new(Pool::new()) };
}

impl Buffer for Box<Contents> {
    fn capacity_bytes(&self) -> usize {
        std::mem::size_of::<Contents>()
            + self.index.capacity_bytes()
            + self.values.capacity_bytes()
            + self.text.capacity_bytes()
            + self.nested.capacity_bytes()
            + self.stream.capacity_bytes()
    }

    fn empty(&mut self) {
        let contents: &mut Contents = self;
        contents.index.clear();
        // `Value` owns nothing: constant time.
        contents.values.clear();
        contents.text.clear();
        contents.nested.clear();
        contents.stream.clear();
        contents.shape = Shape::default();
    }
}

/// New contents, for a comprehension whose own were taken (never, outside its `Drop`): out of
/// line, so that the builders the generated code inlines stay small.
#[cold]
#[inline(never)]
fn new_contents() -> Box<Contents> {
    Box::default()
}

/// A dropped comprehension's contents go back to the per-thread pool.
impl Drop for Comprehension {
    fn drop(&mut self) {
        if let Some(contents) = self.contents.take() {
            recycle::give(&POOL, contents);
        }
    }
}

/// The position and key of one entry of a [`Comprehension`].
#[derive(Debug, Clone, PartialEq)]
struct EntryIndex {
    position: u32,
    key: StoredKey,
}

/// The key of an entry as a comprehension stores it: integers as they are (the diff engine
/// hashes the number, no text is written), anything else as text.
#[derive(Debug, Clone, Copy, PartialEq)]
enum StoredKey {
    /// No `:key`: the entry is identified by its position.
    None,
    /// A range of the text buffer.
    Text(u32, u32),
    /// A signed integer of up to 64 bits.
    Signed(i64),
    /// An unsigned integer of up to 64 bits.
    Unsigned(u64),
}

/// The `:key` of a comprehension entry.
///
/// Integer keys (of up to 64 bits) are kept as numbers, other keys as their text. Displayed,
/// a key is its text.
///
/// ```
/// use live_core::{html, Dynamic};
/// let ids = [7_u32, 9];
/// let Dynamic::List(list) = html! { <p :for={id in ids} :key={id}>{id}</p> }.slot(0).clone() else {
///     unreachable!()
/// };
/// let keys: Vec<String> = list.keys().flatten().map(|key| key.to_string()).collect();
/// assert_eq!(keys, ["7", "9"]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKey<'a> {
    /// A key given as text (or any `Display` value, as its text).
    Text(&'a str),
    /// An integer key.
    Integer(i128),
}

impl std::fmt::Display for EntryKey<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EntryKey::Text(text) => f.write_str(text),
            EntryKey::Integer(n) => write!(f, "{n}"),
        }
    }
}

/// An entry's key as the diff engine identifies entries by: the key's bytes, its number, or
/// (without a `:key`) the entry's position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum KeyIdentity<'a> {
    /// No `:key`.
    Position,
    /// The text of the key.
    Text(&'a [u8]),
    /// An integer key (its 64 bits; the key expression has one type, so no two keys of one
    /// list share the bits of different numbers).
    Integer(u64),
}

/// One slot value of a comprehension entry. It owns nothing, so emptying a buffer of them
/// (when the contents are recycled) is constant time.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Value {
    /// Escaped HTML: a range of the text buffer.
    Text(u32, u32),
    /// Anything else (a nested template or list): an index into `nested`.
    Nested(u32),
}

impl Contents {
    #[inline]
    fn text_of(&self, (start, end): (u32, u32)) -> &str {
        self.text
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }

    #[inline]
    fn bytes_of(&self, (start, end): (u32, u32)) -> &[u8] {
        self.text
            .as_bytes()
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }

    #[inline]
    fn resolve(&self, value: Value) -> SlotRef<'_> {
        match value {
            Value::Text(start, end) => SlotRef::Text(self.text_of((start, end))),
            Value::Nested(index) => self.nested_slot(index),
        }
    }

    #[inline]
    fn key_of(&self, key: StoredKey) -> Option<EntryKey<'_>> {
        match key {
            StoredKey::None => None,
            StoredKey::Text(start, end) => Some(EntryKey::Text(self.text_of((start, end)))),
            StoredKey::Signed(n) => Some(EntryKey::Integer(i128::from(n))),
            StoredKey::Unsigned(n) => Some(EntryKey::Integer(i128::from(n))),
        }
    }

    #[inline]
    fn nested_slot(&self, index: u32) -> SlotRef<'_> {
        self.nested
            .get(index as usize)
            .map_or(SlotRef::Unchanged, Dynamic::as_slot)
    }
}

/// One entry of a [`Comprehension`]: its position, key and slot values.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    contents: &'a Contents,
    index: &'a EntryIndex,
    values: &'a [Value],
}

impl<'a> Entry<'a> {
    /// The position of the entry in the list.
    #[inline]
    pub fn position(&self) -> usize {
        self.index.position as usize
    }

    /// The entry's `:key`, if it has one.
    #[inline]
    pub fn key(&self) -> Option<EntryKey<'a>> {
        self.contents.key_of(self.index.key)
    }

    /// The number of slots.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the entry has no slots.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The value of slot `i` ([`SlotRef::Unchanged`] past the end).
    #[inline]
    pub fn slot(&self, i: usize) -> SlotRef<'a> {
        match self.values.get(i) {
            Some(value) => self.contents.resolve(*value),
            None => SlotRef::Unchanged,
        }
    }

    /// Every slot value, in order.
    #[inline]
    pub fn slots(&self) -> impl ExactSizeIterator<Item = SlotRef<'a>> + 'a {
        let contents = self.contents;
        self.values
            .iter()
            .map(move |value| contents.resolve(*value))
    }

    /// What identifies the entry, for hashing (text as bytes: no `str` slicing, whose
    /// boundary checks the diff of a row would pay for every slot).
    #[inline]
    pub(crate) fn key_identity(&self) -> KeyIdentity<'a> {
        match self.index.key {
            StoredKey::None => KeyIdentity::Position,
            StoredKey::Text(start, end) => KeyIdentity::Text(self.contents.bytes_of((start, end))),
            StoredKey::Signed(n) => KeyIdentity::Integer(n as u64),
            StoredKey::Unsigned(n) => KeyIdentity::Integer(n),
        }
    }

    /// Every slot value, text as bytes (see [`Entry::key_identity`]).
    #[inline]
    pub(crate) fn slot_contents(&self) -> impl ExactSizeIterator<Item = SlotContent<'a>> + 'a {
        let contents = self.contents;
        self.values.iter().map(move |value| match *value {
            Value::Text(start, end) => SlotContent::Text(contents.bytes_of((start, end))),
            Value::Nested(index) => SlotContent::Other(contents.nested_slot(index)),
        })
    }
}

/// A slot of a comprehension entry as the diff engine hashes it: text as bytes, or any other
/// value.
pub(crate) enum SlotContent<'a> {
    /// Escaped text (a range of the shared buffer).
    Text(&'a [u8]),
    /// A nested template or list.
    Other(SlotRef<'a>),
}

impl Comprehension {
    /// An empty comprehension whose entries use `statics`.
    #[inline]
    pub fn new(statics: &'static Statics) -> Self {
        Comprehension {
            statics,
            contents: Some(recycle::take(&POOL)),
        }
    }

    /// A patch of a list of `base_len` entries the client holds, that now has `len` entries:
    /// entries are then added with [`Comprehension::push_at`], and every entry not added is
    /// unchanged at its position. Every position from `base_len` to `len` must be added.
    ///
    /// A patch is only diffable against a client that holds the list with `base_len`
    /// entries ([`ClientTree::missing_values`](crate::diff::ClientTree::missing_values) tells).
    ///
    /// ```
    /// use live_core::{Comprehension, Dynamic, Statics};
    /// static ITEM: Statics = Statics::new(&["<li>", "</li>"], r#"["<li>","</li>"]"#, true);
    /// let mut patch = Comprehension::patch(&ITEM, 3, 3);
    /// patch.push_at(1, None, [Dynamic::text("b")]);
    /// assert!(patch.is_patch());
    /// assert_eq!(patch.len(), 3);
    /// assert_eq!(patch.entries().map(|e| e.position()).collect::<Vec<_>>(), [1]);
    /// ```
    #[inline]
    pub fn patch(statics: &'static Statics, base_len: usize, len: usize) -> Self {
        let mut list = Comprehension::new(statics);
        list.contents_mut().shape.patch = Some((base_len, len));
        list
    }

    /// An empty comprehension rendering the queued rows of `stream`: its diff carries the
    /// stream's operations (the `"stream"` member) and only the rows queued since the last render.
    ///
    /// ```
    /// use live_core::{Comprehension, Dynamic, Statics, Stream};
    /// static ITEM: Statics = Statics::new(&["<li", ">", "</li>"], r#"["<li",">","</li>"]"#, true);
    /// let mut songs: Stream<u32> = Stream::new("songs", |n: &u32| *n);
    /// songs.insert(1);
    /// let mut list = Comprehension::for_stream(&ITEM, &songs);
    /// for (id, n) in songs.iter() {
    ///     list.push(None, [Dynamic::Text(format!(" id=\"{id}\"")), Dynamic::text(&n.to_string())]);
    /// }
    /// assert_eq!(list.stream_json(), Some(r#"["songs",[["songs-1",-1,null,false]],[]]"#));
    /// assert_eq!(list.to_html(), r#"<li id="songs-1">1</li>"#);
    /// ```
    pub fn for_stream<T>(statics: &'static Statics, stream: &crate::Stream<T>) -> Self {
        let mut list = Comprehension::new(statics);
        let contents = list.contents_mut();
        contents.stream = stream.wire_json();
        contents.shape.stream_changes = stream.has_changes();
        list
    }

    /// For a comprehension over a stream ([`Comprehension::for_stream`]): its `"stream"` member.
    #[inline]
    pub fn stream_json(&self) -> Option<&str> {
        let stream = &self.contents().stream;
        (!stream.is_empty()).then_some(stream.as_str())
    }

    /// Whether this comprehension over a stream carries operations (see
    /// [`Stream::has_changes`](crate::Stream::has_changes)).
    #[inline]
    pub fn has_stream_changes(&self) -> bool {
        self.contents().shape.stream_changes
    }

    #[inline]
    fn contents(&self) -> &Contents {
        self.contents.as_deref().unwrap_or(&NO_CONTENTS)
    }

    #[inline]
    fn contents_mut(&mut self) -> &mut Contents {
        self.contents.get_or_insert_with(new_contents)
    }

    /// Appends an entry.
    ///
    /// # Panics
    /// When the number of slots does not match the statics (a bug in generated code), or on a
    /// patch (use [`Comprehension::push_at`]).
    pub fn push(&mut self, key: Option<String>, dynamics: impl IntoIterator<Item = Dynamic>) {
        assert!(!self.is_patch(), "push on a patch comprehension");
        let position = self.contents().index.len();
        self.push_at(position, key, dynamics);
    }

    /// Adds the entry at `position`: appends it to a full comprehension (where positions
    /// follow each other), or records it in a patch.
    ///
    /// # Panics
    /// When the number of slots does not match the statics (a bug in generated code).
    pub fn push_at(
        &mut self,
        position: usize,
        key: Option<String>,
        dynamics: impl IntoIterator<Item = Dynamic>,
    ) {
        let mut entries = self.writer();
        entries.begin_entry(position);
        if let Some(key) = key {
            let start = entries.text_len();
            entries.text().push_str(&key);
            entries.end_key(start);
        }
        for dynamic in dynamics {
            entries.push_value(dynamic);
        }
        entries.end_entry();
        entries.finish();
    }

    /// Reserves room for `entries` more entries (generated code, from the loop's size hint).
    #[doc(hidden)]
    #[inline]
    pub fn reserve(&mut self, entries: usize) {
        let width = self.statics.slot_count();
        let contents = self.contents_mut();
        contents.index.reserve(entries);
        contents.values.reserve(entries * width);
        contents.text.reserve(entries * 8 * (width + 1));
    }

    /// The writer that adds entries (generated code): see [`EntryWriter`].
    #[doc(hidden)]
    #[inline]
    pub fn writer(&mut self) -> EntryWriter<'_> {
        let width = self.statics.slot_count();
        let Contents {
            index,
            values,
            text,
            nested,
            shape,
            stream: _,
        } = self.contents_mut();
        EntryWriter {
            text: TextWriter::new(text),
            index,
            values,
            nested,
            shape,
            width,
        }
    }

    /// The statics shared by every entry.
    #[inline]
    pub fn statics(&self) -> &'static Statics {
        self.statics
    }

    /// Every entry present, in order.
    #[inline]
    pub fn entries(&self) -> impl ExactSizeIterator<Item = Entry<'_>> + '_ {
        let width = self.statics.slot_count();
        let contents = self.contents();
        contents
            .index
            .iter()
            .enumerate()
            .map(move |(i, index)| Entry {
                contents,
                index,
                values: &contents.values[i * width..(i + 1) * width],
            })
    }

    /// The keys of the entries present, in order (`None` where no `:key` was given).
    ///
    /// ```
    /// use live_core::{rendered::EntryKey, Comprehension, Dynamic, Statics};
    /// static ITEM: Statics = Statics::new(&["<li>", "</li>"], r#"["<li>","</li>"]"#, true);
    /// let mut list = Comprehension::new(&ITEM);
    /// list.push(Some("a".into()), [Dynamic::text("A")]);
    /// assert_eq!(list.keys().collect::<Vec<_>>(), [Some(EntryKey::Text("a"))]);
    /// ```
    pub fn keys(&self) -> impl ExactSizeIterator<Item = Option<EntryKey<'_>>> + '_ {
        let contents = self.contents();
        contents
            .index
            .iter()
            .map(|index| contents.key_of(index.key))
    }

    /// Whether every entry holds every slot, evaluated, recursively (and this is not a patch,
    /// which lacks the entries the client keeps).
    #[inline]
    pub fn is_complete(&self) -> bool {
        let contents = self.contents();
        contents.shape.patch.is_none() && !contents.shape.incomplete
    }

    /// Whether this is a patch ([`Comprehension::patch`]).
    #[inline]
    pub fn is_patch(&self) -> bool {
        self.contents().shape.patch.is_some()
    }

    /// The number of entries of the list: those present, or for a patch the length after it.
    #[inline]
    pub fn len(&self) -> usize {
        let contents = self.contents();
        match contents.shape.patch {
            Some((_, len)) => len,
            None => contents.index.len(),
        }
    }

    /// Whether the list has no entries.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// For a patch, the number of entries the client holds before it.
    #[inline]
    pub fn base_len(&self) -> Option<usize> {
        self.contents().shape.patch.map(|(base_len, _)| base_len)
    }

    /// Whether this patch applies to a client holding `held_len` entries: it was made for
    /// that many, its positions ascend, stay below the new length and cover every appended
    /// position, and every entry present is fully evaluated. False for a full comprehension.
    #[inline]
    pub(crate) fn patch_applies_to(&self, held_len: usize) -> bool {
        let contents = self.contents();
        let Some((base_len, len)) = contents.shape.patch else {
            return false;
        };
        base_len == held_len
            && len >= base_len
            && !contents.shape.disordered
            && !contents.shape.incomplete
            && contents.shape.appended == len - base_len
            && contents
                .index
                .last()
                .is_none_or(|e| (e.position as usize) < len)
    }

    /// The HTML of every entry present, concatenated.
    pub fn to_html(&self) -> String {
        let contents = self.contents();
        let mut out = String::with_capacity(contents.text.len() + 16 * contents.index.len());
        self.write_html(&mut out);
        out
    }

    pub(crate) fn write_html(&self, out: &mut String) {
        let parts = self.statics.parts;
        for entry in self.entries() {
            out.push_str(parts[0]);
            for (slot, part) in entry.slots().zip(&parts[1..]) {
                slot.write_html(out);
                out.push_str(part);
            }
        }
    }
}

/// Adds entries to a comprehension, as the loop of a `:for` renders them (generated code; not
/// a public API).
///
/// The entries' text (keys and text values) is written through a [`TextWriter`] on the
/// comprehension's text buffer: each value is a few stores, without the length bookkeeping of
/// `String`. An entry is `begin_entry`, the key (text, then `end_key`; or an integer), then each slot in
/// order (text, then `end_text`; or `push_value`), then `end_entry`; `finish` ends the
/// writing. A writer dropped without `finish` (a panic in a template) loses the text written
/// since it started, and the comprehension, about to be dropped too, stays valid.
///
/// ```
/// use live_core::{rendered::EntryKey, Comprehension, Statics};
/// static ITEM: Statics = Statics::new(&["<li>", "</li>"], r#"["<li>","</li>"]"#, true);
/// let mut list = Comprehension::new(&ITEM);
/// let mut entries = list.writer();
/// for (id, name) in [(1_u32, "Apple"), (2, "Pear")] {
///     entries.begin_next_entry();
///     entries.unsigned_key(u64::from(id));
///     let start = entries.text_len();
///     entries.text().push_escaped(name);
///     entries.end_text(start);
///     entries.end_entry();
/// }
/// entries.finish();
/// assert_eq!(list.to_html(), "<li>Apple</li><li>Pear</li>");
/// assert_eq!(list.keys().last(), Some(Some(EntryKey::Integer(2))));
/// ```
#[derive(Debug)]
pub struct EntryWriter<'a> {
    text: TextWriter<'a>,
    index: &'a mut Vec<EntryIndex>,
    values: &'a mut Vec<Value>,
    nested: &'a mut Vec<Dynamic>,
    shape: &'a mut Shape,
    width: usize,
}

impl<'a> EntryWriter<'a> {
    /// Starts the next entry of a full comprehension.
    #[inline]
    pub fn begin_next_entry(&mut self) {
        let position = self.index.len();
        self.begin_entry(position);
    }

    /// Starts the entry at `position`.
    #[inline]
    pub fn begin_entry(&mut self, position: usize) {
        // What `patch_applies_to` needs, kept as entries come.
        self.shape.disordered |= self
            .index
            .last()
            .is_some_and(|last| last.position as usize >= position);
        if let Some((base_len, _)) = self.shape.patch {
            self.shape.appended += usize::from(position >= base_len);
        }
        self.index.push(EntryIndex {
            position: position as u32,
            key: StoredKey::None,
        });
    }

    /// The length of the text written so far: where the next key or text value starts.
    #[inline(always)]
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// The text buffer, to write a key or a text value into.
    #[inline(always)]
    pub fn text(&mut self) -> &mut TextWriter<'a> {
        &mut self.text
    }

    /// The key of the current entry is the text written since `start`.
    #[inline]
    pub fn end_key(&mut self, start: usize) {
        let end = self.text.len() as u32;
        self.set_key(StoredKey::Text(start as u32, end));
    }

    /// The key of the current entry is the integer `key`.
    #[inline]
    pub fn signed_key(&mut self, key: i64) {
        self.set_key(StoredKey::Signed(key));
    }

    /// The key of the current entry is the integer `key`.
    #[inline]
    pub fn unsigned_key(&mut self, key: u64) {
        self.set_key(StoredKey::Unsigned(key));
    }

    #[inline]
    fn set_key(&mut self, key: StoredKey) {
        if let Some(entry) = self.index.last_mut() {
            entry.key = key;
        }
    }

    /// The next slot of the current entry is the text written since `start`.
    #[inline]
    pub fn end_text(&mut self, start: usize) {
        let end = self.text.len() as u32;
        self.values.push(Value::Text(start as u32, end));
    }

    /// The next slot of the current entry.
    pub fn push_value(&mut self, dynamic: Dynamic) {
        self.shape.incomplete |= !dynamic.is_complete();
        let value = match dynamic {
            // Text given as a value goes to the buffer too.
            Dynamic::Text(text) => {
                let start = self.text.len() as u32;
                self.text.push_str(&text);
                Value::Text(start, self.text.len() as u32)
            }
            other => {
                self.nested.push(other);
                Value::Nested(self.nested.len() as u32 - 1)
            }
        };
        self.values.push(value);
    }

    /// Ends the current entry.
    ///
    /// # Panics
    /// When the number of slots does not match the statics (a bug in generated code).
    #[inline]
    pub fn end_entry(&mut self) {
        assert_eq!(
            self.values.len(),
            self.index.len() * self.width,
            "comprehension entry slot count"
        );
    }

    /// Ends the writing: the comprehension holds every entry added.
    #[inline]
    pub fn finish(self) {
        self.text.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static ITEM: Statics = Statics::new(&["<li>", "</li>"], r#"["<li>","</li>"]"#, true);

    /// The point of boxing the contents: a comprehension moves as two words, and does not make
    /// every `Dynamic` (a slot of every rendered node) larger than a nested node.
    #[test]
    fn a_comprehension_is_two_words_and_no_larger_than_a_node() {
        assert_eq!(std::mem::size_of::<Comprehension>(), 16);
        assert_eq!(
            std::mem::size_of::<Dynamic>(),
            std::mem::size_of::<super::super::Rendered>()
        );
    }

    /// Recycled contents come back empty (no entry, text, nested value or patch shape of the
    /// comprehension they came from) and keep their capacity.
    #[test]
    fn recycled_contents_start_empty() {
        let mut first = Comprehension::patch(&ITEM, 2, 3);
        let nested = Dynamic::Nested(super::super::Rendered::from_html("<b>x</b>".into()));
        first.push_at(2, Some("k".into()), [nested]);
        assert!(first.patch_applies_to(2));
        let address = first.contents.as_deref().map(std::ptr::from_ref);
        drop(first);
        let second = Comprehension::new(&ITEM);
        // The same allocation, taken back from this thread's pool.
        assert_eq!(second.contents.as_deref().map(std::ptr::from_ref), address);
        assert_eq!(second.contents(), &Contents::default());
        assert!(second.contents().text.capacity() > 0);
        assert!(second.is_complete());
        assert_eq!(second.entries().len(), 0);
    }

    /// Entries written through the writer read back as pushed: keys of every kind, text
    /// written in pieces, and a nested value between text values.
    #[test]
    fn the_writer_records_entries_keys_and_values() {
        static PAIR: Statics = Statics::new(&["<p>", "", "</p>"], r#"["<p>","","</p>"]"#, true);
        let mut list = Comprehension::new(&PAIR);
        let mut entries = list.writer();
        entries.begin_next_entry();
        entries.signed_key(-3);
        let start = entries.text_len();
        entries.text().push_str("a");
        entries.text().push_str("b");
        entries.end_text(start);
        entries.push_value(Dynamic::Nested(super::super::Rendered::from_html(
            "<i>n</i>".into(),
        )));
        entries.end_entry();
        entries.begin_next_entry();
        let start = entries.text_len();
        entries.text().push_str("key");
        entries.end_key(start);
        entries.push_value(Dynamic::text("<c>"));
        entries.push_value(Dynamic::text("d"));
        entries.end_entry();
        entries.finish();
        assert_eq!(
            list.keys().collect::<Vec<_>>(),
            [Some(EntryKey::Integer(-3)), Some(EntryKey::Text("key"))]
        );
        assert_eq!(list.to_html(), "<p>ab<i>n</i></p><p>&lt;c&gt;d</p>");
        let first = list.entries().next().map(|entry| entry.key_identity());
        assert_eq!(first, Some(KeyIdentity::Integer(-3_i64 as u64)));
    }
}
