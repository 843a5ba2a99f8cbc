//! The diff engine: a rendered tree plus what the client holds gives the JSON the client merges.
//!
//! The server keeps, per connected view, a [`ClientTree`]: for every node it sent, the
//! fingerprint of the statics the client holds and a content hash of each of its text slots,
//! and for every comprehension the keys of its entries and a content hash of every slot of
//! every entry. It never keeps rendered strings. Diffing a [`Rendered`] against that tree writes
//! the minimal JSON of docs/protocol.md §4 and updates the tree to the new state; the very first
//! render is the same operation against an empty tree.
//!
//! What is minimal here:
//! - a slot that is [`Dynamic::Unchanged`] is left out, and so is evaluated text whose hash is
//!   the one the client holds (a slot whose assigns changed but whose output did not: an
//!   input's `id` derived from a form that changed, a link's `class` that reads the filter);
//! - a nested node with the statics the client holds is sent as a partial object, and left out
//!   when nothing in it changed;
//! - a comprehension is compared entry by entry (comprehension entries are always evaluated):
//!   an unchanged entry at its old position is left out, a moved one is sent as its old position,
//!   a changed one as the slots whose content changed, a new one in full. An unchanged
//!   comprehension, or one that was and stays empty, is left out.

use std::collections::HashMap;

use crate::content_hash::{seeds, ContentHasher, Seeds};

use crate::escape::{escape_json_from, escape_json_into, json_clean_prefix};
use crate::rendered::{
    Comprehension, Dynamic, Entry, KeyIdentity, Rendered, SlotContent, SlotRef, Statics,
};
use crate::text_writer::{TextSink, TextWriter};

/// What the client holds for one view: the fingerprint tree of its rendered content.
///
/// ```
/// use live_core::{diff::ClientTree, Dynamic, Rendered, Statics};
/// static S: Statics = Statics::new(&["<b>", "</b>"], r#"["<b>","</b>"]"#, true);
/// let mut tree = ClientTree::default();
/// let full = tree.diff(&Rendered::new(&S, vec![Dynamic::text("1")]));
/// assert_eq!(full.as_deref(), Some(r#"{"0":"1","s":["<b>","</b>"]}"#));
/// let same = tree.diff(&Rendered::new(&S, vec![Dynamic::Unchanged]));
/// assert_eq!(same, None);
/// let next = tree.diff(&Rendered::new(&S, vec![Dynamic::text("2")]));
/// assert_eq!(next.as_deref(), Some(r#"{"0":"2"}"#));
/// // Evaluated again to the text the client holds: nothing to send.
/// assert_eq!(tree.diff(&Rendered::new(&S, vec![Dynamic::text("2")])), None);
/// ```
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ClientTree {
    root: Option<HeldNode>,
}

impl ClientTree {
    /// Writes the diff that brings the client from this tree to `rendered`, and records the new
    /// state. Returns `None` when the client already holds exactly `rendered`.
    ///
    /// The top-level object never carries the root flag: at the top of a LiveView diff `"r"` is
    /// the event reply (docs/protocol.md §4.3).
    pub fn diff(&mut self, rendered: &Rendered) -> Option<String> {
        let mut out = String::with_capacity(64);
        out.push('{');
        self.diff_members(&mut out, rendered);
        if out.len() == 1 {
            return None;
        }
        out.push('}');
        Some(out)
    }

    /// Like [`ClientTree::diff`], but writes only the members of the top-level object (no
    /// braces) into `out`, so the caller can add keys such as `"t"` or `"e"`.
    ///
    /// The members are appended as they are: when `out` already ends with a member, the caller
    /// writes the separating comma (and only if this wrote anything).
    pub fn diff_members(&mut self, out: &mut String, rendered: &Rendered) {
        let held = match &mut self.root {
            Some(held) if held.fingerprint == rendered.statics().fingerprint() => held,
            slot => {
                let held = slot.insert(HeldNode::new(rendered.statics()));
                write_full_members(out, rendered, held, false);
                return;
            }
        };
        write_changed_members(out, rendered, held);
    }

    /// Whether `rendered` marks as [`Dynamic::Unchanged`] a value the client does not hold, so
    /// that no correct diff of it exists: an unevaluated slot inside a node the client does not
    /// hold with those statics (a newly taken branch, a different template), or anywhere inside a
    /// comprehension entry (entries are compared by content and must be fully evaluated).
    ///
    /// [`ClientTree::diff`] sends such a slot as empty text. A caller that cannot rule this out
    /// checks first and renders again with every assign marked changed.
    ///
    /// ```
    /// use live_core::{diff::ClientTree, Dynamic, Rendered, Statics};
    /// static PAGE: Statics = Statics::new(&["<div>", "</div>"], r#"["<div>","</div>"]"#, true);
    /// static NAME: Statics = Statics::new(&["<p>", "</p>"], r#"["<p>","</p>"]"#, true);
    /// let mut tree = ClientTree::default();
    /// tree.diff(&Rendered::new(&PAGE, vec![Dynamic::text("")]));
    /// // A branch the client does not hold, with a slot that was not evaluated.
    /// let branch = Rendered::new(&NAME, vec![Dynamic::Unchanged]);
    /// assert!(tree.missing_values(&Rendered::new(&PAGE, vec![Dynamic::Nested(branch)])));
    /// assert!(!tree.missing_values(&Rendered::new(&PAGE, vec![Dynamic::Unchanged])));
    /// ```
    pub fn missing_values(&self, rendered: &Rendered) -> bool {
        match &self.root {
            Some(held) if held.fingerprint == rendered.statics().fingerprint() => {
                missing_in_held(rendered, held)
            }
            _ => !rendered.is_complete(),
        }
    }

    /// Writes the diff of a component's render (the value of its cid in `"c"`) into `out`,
    /// and records the new state; returns false when nothing changed (nothing was written).
    ///
    /// A component the client does not hold is sent in full with the root flag; `shared`
    /// then names a component whose statics the client reuses (`"s": cid`, positive for a
    /// component of the same diff, negative for one it held before: docs/protocol.md §4.6).
    ///
    /// ```
    /// use live_core::{diff::ClientTree, Dynamic, Rendered, Statics};
    /// static ROW: Statics = Statics::new(&["<li>", "</li>"], r#"["<li>","</li>"]"#, true);
    /// let mut tree = ClientTree::default();
    /// let mut out = String::new();
    /// assert!(tree.diff_component(&mut out, &Rendered::new(&ROW, vec![Dynamic::text("a")]), Some(-1)));
    /// assert_eq!(out, r#"{"0":"a","s":-1,"r":1}"#);
    /// out.clear();
    /// assert!(!tree.diff_component(&mut out, &Rendered::new(&ROW, vec![Dynamic::Unchanged]), None));
    /// assert_eq!(out, "");
    /// ```
    pub fn diff_component(
        &mut self,
        out: &mut String,
        rendered: &Rendered,
        shared: Option<i64>,
    ) -> bool {
        let mark = out.len();
        out.push('{');
        let inner = out.len();
        match &mut self.root {
            Some(held) if held.fingerprint == rendered.statics().fingerprint() => {
                write_changed_members(out, rendered, held);
            }
            slot => {
                let held = slot.insert(HeldNode::new(rendered.statics()));
                write_full_members_as(out, rendered, held, true, shared);
            }
        }
        if out.len() == inner {
            out.truncate(mark);
            return false;
        }
        out.push('}');
        true
    }

    /// Whether the client holds a render of this tree (a first diff was written).
    pub fn is_held(&self) -> bool {
        self.root.is_some()
    }

    /// The statics fingerprint of the node the client holds at the top, if any.
    pub fn held_fingerprint(&self) -> Option<u64> {
        self.root.as_ref().map(|held| held.fingerprint)
    }

    /// Forgets everything: the next diff is a full render.
    pub fn reset(&mut self) {
        self.root = None;
    }

    /// Approximate heap and inline bytes this tree holds.
    pub fn memory_bytes(&self) -> usize {
        std::mem::size_of::<Self>() + self.root.as_ref().map_or(0, HeldNode::heap_bytes)
    }
}

/// The client's copy of one node: statics fingerprint, the nested values it holds and the
/// content hash of each of its text slots.
#[derive(Debug, Clone, PartialEq)]
struct HeldNode {
    fingerprint: u64,
    /// Only slots holding nested nodes or comprehensions, sorted by slot index.
    children: Vec<(u32, HeldChild)>,
    /// By slot index, the [`text_hash`] of the text the client holds there; [`NO_TEXT`] where
    /// it holds something else. A text slot evaluated again to the same text is left out of
    /// the diff (its assigns changed, its output did not).
    texts: Box<[u64]>,
}

/// The held hash of a slot that holds no text (or one not known): never equal to a text's.
const NO_TEXT: u64 = 0;

#[derive(Debug, Clone, PartialEq)]
enum HeldChild {
    Node(HeldNode),
    List(HeldList),
    /// A comprehension that was empty when first sent: the client holds the string `""`, not a
    /// comprehension, so its next non-empty render must be sent in full.
    EmptyList,
    /// A comprehension over a stream, by the fingerprint of its entry statics: the client keeps
    /// the rows in its DOM, the server nothing per row.
    Stream(u64),
}

/// The client's copy of a comprehension: entry statics and, per entry, its key and the content
/// hash of each of its slots.
#[derive(Debug, Clone, PartialEq)]
struct HeldList {
    fingerprint: u64,
    keys: Vec<u64>,
    /// `keys.len() × slot count` hashes, entry after entry.
    slots: Vec<u64>,
}

impl HeldNode {
    fn new(statics: &Statics) -> Self {
        HeldNode {
            fingerprint: statics.fingerprint(),
            children: Vec::new(),
            texts: vec![NO_TEXT; statics.slot_count()].into_boxed_slice(),
        }
    }

    /// Records that the client now holds, at `slot`, a text of hash `hash` ([`NO_TEXT`]: no
    /// text); returns false when it already held that very text.
    #[inline]
    fn set_text(&mut self, slot: u32, hash: u64) -> bool {
        match self.texts.get_mut(slot as usize) {
            Some(held) if *held == hash && hash != NO_TEXT => false,
            Some(held) => {
                *held = hash;
                true
            }
            None => true,
        }
    }

    fn child(&self, slot: u32) -> Option<&HeldChild> {
        match self.children.binary_search_by_key(&slot, |(s, _)| *s) {
            Ok(i) => Some(&self.children[i].1),
            Err(_) => None,
        }
    }

    fn child_mut(&mut self, slot: u32) -> Option<&mut HeldChild> {
        match self.children.binary_search_by_key(&slot, |(s, _)| *s) {
            Ok(i) => Some(&mut self.children[i].1),
            Err(_) => None,
        }
    }

    fn set_child(&mut self, slot: u32, child: Option<HeldChild>) {
        match (
            self.children.binary_search_by_key(&slot, |(s, _)| *s),
            child,
        ) {
            (Ok(i), Some(child)) => self.children[i].1 = child,
            (Ok(i), None) => {
                self.children.remove(i);
            }
            (Err(i), Some(child)) => self.children.insert(i, (slot, child)),
            (Err(_), None) => {}
        }
    }

    fn heap_bytes(&self) -> usize {
        std::mem::size_of::<Self>()
            + std::mem::size_of_val::<[u64]>(&self.texts)
            + self
                .children
                .iter()
                .map(|(_, c)| {
                    std::mem::size_of::<(u32, HeldChild)>()
                        + match c {
                            HeldChild::Node(n) => n.heap_bytes(),
                            HeldChild::List(l) => (l.keys.capacity() + l.slots.capacity()) * 8,
                            HeldChild::EmptyList | HeldChild::Stream(_) => 0,
                        }
                })
                .sum::<usize>()
    }
}

/// Whether a node has an unevaluated slot where the client holds nothing (see
/// [`ClientTree::missing_values`]); `held` is the client's copy of it, with the same statics.
fn missing_in_held(node: &Rendered, held: &HeldNode) -> bool {
    if node.written_html().is_some() {
        return false;
    }
    node.slots().iter().any(|(i, dynamic)| match dynamic {
        Dynamic::Unchanged | Dynamic::Text(_) | Dynamic::Component(_) => false,
        Dynamic::Nested(child) => match held.child(*i) {
            Some(HeldChild::Node(h)) if h.fingerprint == child.statics().fingerprint() => {
                missing_in_held(child, h)
            }
            _ => !child.is_complete(),
        },
        Dynamic::List(list) if list.is_patch() => match held.child(*i) {
            Some(HeldChild::List(h)) if h.fingerprint == list.statics().fingerprint() => {
                !list.patch_applies_to(h.keys.len())
            }
            _ => true,
        },
        Dynamic::List(list) => !list.is_complete(),
    })
}

/// Writes `,` unless this is the first member of the object being written.
fn separator(out: &mut String, object_start: usize) {
    if out.len() > object_start {
        out.push(',');
    }
}

/// Writes `"index":`, in one push for the indices below 10 (most slot indices).
#[inline(always)]
fn write_key(out: &mut impl TextSink, index: usize) {
    if index < 10 {
        out.push_ascii([b'"', b'0' + index as u8, b'"', b':']);
    } else {
        out.push_str("\"");
        push_usize(out, index);
        out.push_str("\":");
    }
}

#[inline(always)]
fn push_usize(out: &mut impl TextSink, n: usize) {
    crate::html::Integer::push_decimal(n, out);
}

/// A JSON string: clean text (the common case) in three pushes, the rest by the escaper (from
/// where the clean check stopped).
#[inline(always)]
fn push_json_string(out: &mut impl TextSink, text: &str) {
    match json_clean_prefix(text.as_bytes()) {
        None => {
            out.push_str("\"");
            out.push_str(text);
            out.push_str("\"");
        }
        Some(clean) => out.with_string(|json| {
            json.push('"');
            escape_json_from(json, text, clean);
        }),
    }
}

/// Members of a node the client does not hold: every slot, then `"s"` and (below the top) `"r"`.
fn write_full_members(out: &mut String, node: &Rendered, held: &mut HeldNode, root_flag: bool) {
    write_full_members_as(out, node, held, root_flag, None);
}

/// [`write_full_members`], with `"s"` a reference to the statics of another component
/// (`shared`: a positive cid of the same diff, a negative one held before it) when given.
fn write_full_members_as(
    out: &mut String,
    node: &Rendered,
    held: &mut HeldNode,
    root_flag: bool,
    shared: Option<i64>,
) {
    let start = out.len();
    if let Some(html) = node.written_html() {
        // HTML from the static render: one text slot.
        write_key(out, 0);
        escape_json_into(out, html);
        held.set_child(0, None);
        held.set_text(0, NO_TEXT);
        out.push_str(",\"s\":");
        out.push_str(node.statics().json());
        return;
    }
    let seeds = seeds();
    let mut slots = node.slots().iter().peekable();
    for i in 0..node.statics().slot_count() {
        separator(out, start);
        write_key(out, i);
        // A slot missing from a full render is sent empty (see `ClientTree::missing_values`).
        let (child, text) = match slots.next_if(|(index, _)| *index as usize == i) {
            Some((_, Dynamic::Text(text))) => {
                escape_json_into(out, text);
                (None, text_hash(seeds, text.as_bytes()))
            }
            Some((_, dynamic)) => (write_full_value(out, dynamic.as_slot()), NO_TEXT),
            None => (write_full_value(out, SlotRef::Unchanged), NO_TEXT),
        };
        held.set_child(i as u32, child);
        held.set_text(i as u32, text);
    }
    separator(out, start);
    out.push_str("\"s\":");
    match shared {
        Some(cid) => out.push_str(itoa::Buffer::new().format(cid)),
        None => out.push_str(node.statics().json()),
    }
    if root_flag && node.statics().is_root() {
        out.push_str(",\"r\":1");
    }
}

/// A slot value in full; returns what the client then holds for it.
fn write_full_value(out: &mut String, slot: SlotRef<'_>) -> Option<HeldChild> {
    match slot {
        // A full render never has unchanged slots; an empty string keeps the JSON valid.
        SlotRef::Unchanged => {
            escape_json_into(out, "");
            None
        }
        SlotRef::Text(text) => {
            escape_json_into(out, text);
            None
        }
        SlotRef::Nested(node) => {
            let mut held = HeldNode::new(node.statics());
            out.push('{');
            write_full_members(out, node, &mut held, true);
            out.push('}');
            Some(HeldChild::Node(held))
        }
        SlotRef::List(list) => Some(write_full_list(out, list)),
        SlotRef::Component(cid) => {
            push_usize(out, cid as usize);
            None
        }
    }
}

/// Members of a node the client holds with the same statics: only the changed slots.
fn write_changed_members(out: &mut String, node: &Rendered, held: &mut HeldNode) {
    let start = out.len();
    if let Some(html) = node.written_html() {
        write_key(out, 0);
        escape_json_into(out, html);
        held.set_text(0, NO_TEXT);
        return;
    }
    let seeds = seeds();
    for (slot, dynamic) in node.slots() {
        let (slot, i) = (*slot, *slot as usize);
        match dynamic {
            Dynamic::Unchanged => {}
            Dynamic::Text(text) => {
                // Its assigns changed; its text may not have.
                if held.set_text(slot, text_hash(seeds, text.as_bytes())) {
                    separator(out, start);
                    write_key(out, i);
                    escape_json_into(out, text);
                    held.set_child(slot, None);
                }
            }
            Dynamic::Component(cid) => {
                separator(out, start);
                write_key(out, i);
                push_usize(out, *cid as usize);
                held.set_child(slot, None);
                held.set_text(slot, NO_TEXT);
            }
            Dynamic::Nested(child) => {
                let fingerprint = child.statics().fingerprint();
                match held.child_mut(slot) {
                    Some(HeldChild::Node(h)) if h.fingerprint == fingerprint => {
                        let mark = out.len();
                        separator(out, start);
                        write_key(out, i);
                        out.push('{');
                        let inner = out.len();
                        write_changed_members(out, child, h);
                        if out.len() == inner {
                            out.truncate(mark);
                        } else {
                            out.push('}');
                        }
                    }
                    _ => {
                        separator(out, start);
                        write_key(out, i);
                        let new = write_full_value(out, dynamic.as_slot());
                        held.set_child(slot, new);
                        held.set_text(slot, NO_TEXT);
                    }
                }
            }
            Dynamic::List(list) if list.stream_json().is_some() => {
                match held.child(slot) {
                    Some(HeldChild::Stream(fingerprint))
                        if *fingerprint == list.statics().fingerprint() =>
                    {
                        // Nothing queued: the client's rows stay as they are.
                        if list.has_stream_changes() {
                            separator(out, start);
                            write_key(out, i);
                            write_stream(out, list, false);
                        }
                    }
                    _ => {
                        separator(out, start);
                        write_key(out, i);
                        let new = write_full_list(out, list);
                        held.set_child(slot, Some(new));
                        held.set_text(slot, NO_TEXT);
                    }
                }
            }
            Dynamic::List(list) => match held.child_mut(slot) {
                Some(HeldChild::List(h)) if h.fingerprint == list.statics().fingerprint() => {
                    let mark = out.len();
                    separator(out, start);
                    write_key(out, i);
                    let wrote = if list.is_patch() {
                        write_list_patch(out, list, h)
                    } else {
                        write_list_diff(out, list, h)
                    };
                    if !wrote {
                        out.truncate(mark);
                    }
                }
                // The client shows nothing there and nothing is to be shown: whatever empty
                // comprehension (or `""`) it holds stays right, and stays what it holds.
                Some(HeldChild::EmptyList) if list.is_empty() => {}
                Some(HeldChild::List(h)) if h.keys.is_empty() && list.is_empty() => {}
                _ => {
                    separator(out, start);
                    write_key(out, i);
                    let new = write_full_list(out, list);
                    held.set_child(slot, Some(new));
                    held.set_text(slot, NO_TEXT);
                }
            },
        }
    }
}

/// The identity of the entry at `position` with `key`: its `:key`, or its position when it has
/// none.
#[inline]
fn entry_key(seeds: &Seeds, key: KeyIdentity<'_>, position: usize) -> u64 {
    let number = |tag, n| {
        let mut hasher = ContentHasher::tagged_from(seeds, tag);
        hasher.write_u64(n);
        hasher.finish()
    };
    match key {
        KeyIdentity::Text(key) => text_hash(seeds, key),
        KeyIdentity::Integer(n) => number(4, n),
        KeyIdentity::Position => number(0, position as u64),
    }
}

/// The content hash of one slot of a comprehension entry: equal hashes mean the client's copy,
/// as sent in full, is still right.
fn slot_hash(seeds: &Seeds, slot: SlotRef<'_>) -> u64 {
    fn feed(hasher: &mut ContentHasher, slot: SlotRef<'_>) {
        match slot {
            SlotRef::Unchanged => hasher.write_u8(0),
            SlotRef::Text(text) => {
                hasher.write_u8(1);
                hasher.write_str(text);
            }
            SlotRef::Nested(node) => {
                hasher.write_u8(2);
                hasher.write_u64(node.statics().fingerprint());
                if let Some(html) = node.written_html() {
                    hasher.write_str(html);
                }
                for (i, d) in node.slots() {
                    hasher.write_u64(u64::from(*i));
                    feed(hasher, d.as_slot());
                }
            }
            SlotRef::Component(cid) => {
                hasher.write_u8(5);
                hasher.write_u64(u64::from(cid));
            }
            SlotRef::List(list) => {
                hasher.write_u8(3);
                hasher.write_u64(list.statics().fingerprint());
                hasher.write_u64(list.len() as u64);
                for entry in list.entries() {
                    hasher.write_u64(entry.position() as u64);
                    for slot in entry.slots() {
                        feed(hasher, slot);
                    }
                }
            }
        }
    }
    match slot {
        // The common case, without the recursive walk.
        SlotRef::Text(text) => text_hash(seeds, text.as_bytes()),
        slot => {
            let mut hasher = ContentHasher::new();
            feed(&mut hasher, slot);
            hasher.finish()
        }
    }
}

/// [`slot_hash`] of a slot of a comprehension entry, text hashed from its bytes.
fn content_hash(seeds: &Seeds, slot: SlotContent<'_>) -> u64 {
    match slot {
        SlotContent::Text(bytes) => text_hash(seeds, bytes),
        SlotContent::Other(slot) => slot_hash(seeds, slot),
    }
}

/// The hash of a text: an entry's key, or a text slot (tag 1, then the bytes).
#[inline]
fn text_hash(seeds: &Seeds, bytes: &[u8]) -> u64 {
    let mut hasher = ContentHasher::tagged_from(seeds, 1);
    hasher.write_bytes(bytes);
    hasher.finish()
}

/// Writes every slot of a comprehension entry in full, as an object.
fn write_full_entry(out: &mut impl TextSink, entry: Entry<'_>) {
    out.push_str("{");
    for (i, slot) in entry.slots().enumerate() {
        if i > 0 {
            out.push_str(",");
        }
        write_key(out, i);
        write_entry_value(out, slot);
    }
    out.push_str("}");
}

/// Writes, as an object, the slots of an entry at the indices `changed` yields, in order
/// (only those slots are looked up).
#[inline]
fn write_changed_entry(
    out: &mut impl TextSink,
    entry: Entry<'_>,
    changed: impl Iterator<Item = usize>,
) {
    out.push_str("{");
    for (n, i) in changed.enumerate() {
        if n > 0 {
            out.push_str(",");
        }
        write_key(out, i);
        write_entry_value(out, entry.slot(i));
    }
    out.push_str("}");
}

/// A slot of an entry in full (entries hold no nested state: their slots are hashed).
#[inline(always)]
fn write_entry_value(out: &mut impl TextSink, slot: SlotRef<'_>) {
    match slot {
        SlotRef::Text(text) => push_json_string(out, text),
        slot => {
            out.with_string(|json| write_full_value(json, slot));
        }
    }
}

/// The indices of the bits set in `mask`, lowest first.
fn mask_bits(mut mask: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (mask != 0).then(|| {
            let i = mask.trailing_zeros() as usize;
            mask &= mask - 1;
            i
        })
    })
}

/// A comprehension the client does not hold. An empty one is sent as `""` (as upstream does).
///
/// A patch cannot be sent in full (it lacks the entries the client was meant to keep): its
/// entries are written as if they were the whole list (see `ClientTree::missing_values`).
fn write_full_list(out: &mut String, list: &Comprehension) -> HeldChild {
    if list.stream_json().is_some() {
        write_stream(out, list, true);
        return HeldChild::Stream(list.statics().fingerprint());
    }
    if list.entries().len() == 0 {
        out.push_str("\"\"");
        return HeldChild::EmptyList;
    }
    out.push_str("{\"k\":{");
    let seeds = seeds();
    let count = list.entries().len();
    let mut keys = Vec::with_capacity(count);
    let mut slots = Vec::with_capacity(count * list.statics().slot_count());
    for (i, entry) in list.entries().enumerate() {
        write_key(out, i);
        write_full_entry(out, entry);
        out.push(',');
        keys.push(entry_key(seeds, entry.key_identity(), i));
        slots.extend(entry.slot_contents().map(|slot| content_hash(seeds, slot)));
    }
    out.push_str("\"kc\":");
    push_usize(out, count);
    out.push_str("},\"s\":");
    out.push_str(list.statics().json());
    out.push('}');
    HeldChild::List(HeldList {
        fingerprint: list.statics().fingerprint(),
        keys,
        slots,
    })
}

/// A comprehension over a stream: the queued rows as new entries (every slot), their count, the
/// statics when the client does not hold them, and the `"stream"` member with the operations.
/// Nothing per row is remembered: the client drops the entries once it rendered them (the rows
/// stay in its DOM), so the next diff again starts from none.
fn write_stream(out: &mut String, list: &Comprehension, statics: bool) {
    out.push_str("{\"k\":{");
    let mut count = 0;
    for (i, entry) in list.entries().enumerate() {
        write_key(out, i);
        write_full_entry(out, entry);
        out.push(',');
        count += 1;
    }
    out.push_str("\"kc\":");
    push_usize(out, count);
    out.push('}');
    if statics {
        out.push_str(",\"s\":");
        out.push_str(list.statics().json());
    }
    out.push_str(",\"stream\":");
    out.push_str(list.stream_json().unwrap_or("[\"\",[],[]]"));
    out.push('}');
}

/// A keyed diff of a comprehension the client holds. Returns false when nothing changed.
///
/// Every old entry is used at most once: with duplicate keys, the n-th new entry of a key takes
/// the n-th old entry of that key, and the others are sent as new entries. (The client copies a
/// moved entry with its magic ids; two copies of one entry would confuse its DOM patch.)
fn write_list_diff(out: &mut String, list: &Comprehension, held: &mut HeldList) -> bool {
    const NONE: usize = usize::MAX;
    let seeds = seeds();
    let width = list.statics().slot_count();
    let old_count = held.keys.len();
    // For every key its first old position not yet taken, and for every old position the next
    // old position with the same key.
    let mut first: HashMap<u64, usize> = HashMap::with_capacity(old_count);
    let mut next = vec![NONE; old_count];
    for (j, key) in held.keys.iter().enumerate().rev() {
        if let Some(later) = first.insert(*key, j) {
            next[j] = later;
        }
    }
    let count = list.entries().len();
    let mut keys = Vec::with_capacity(count);
    let mut slots: Vec<u64> = Vec::with_capacity(count * width);
    let mut body = String::new();
    let mut moved = false;
    for (i, entry) in list.entries().enumerate() {
        let key = entry_key(seeds, entry.key_identity(), i);
        let begin = slots.len();
        slots.extend(entry.slot_contents().map(|slot| content_hash(seeds, slot)));
        let new = &slots[begin..];
        let old = first.get_mut(&key).and_then(|head| {
            let j = *head;
            (j != NONE).then(|| {
                *head = next[j];
                j
            })
        });
        match old {
            Some(j) => {
                let old = &held.slots[j * width..(j + 1) * width];
                let same = old == new;
                if j == i && same {
                    // Unchanged, and the client has it at this very position.
                } else if j == i {
                    write_key(&mut body, i);
                    write_changed_entry(&mut body, entry, (0..width).filter(|&i| old[i] != new[i]));
                    body.push(',');
                } else {
                    moved = true;
                    write_key(&mut body, i);
                    if same {
                        push_usize(&mut body, j);
                    } else {
                        body.push('[');
                        push_usize(&mut body, j);
                        body.push(',');
                        write_changed_entry(
                            &mut body,
                            entry,
                            (0..width).filter(|&i| old[i] != new[i]),
                        );
                        body.push(']');
                    }
                    body.push(',');
                }
            }
            None => {
                // New: every slot, since the client merges it into whatever entry it holds at
                // this position (docs/protocol.md §4.5).
                write_key(&mut body, i);
                write_full_entry(&mut body, entry);
                body.push(',');
            }
        }
        keys.push(key);
    }
    let changed = !body.is_empty() || count != old_count;
    held.keys = keys;
    held.slots = slots;
    if !changed {
        return false;
    }
    out.push_str("{\"k\":{");
    out.push_str(&body);
    out.push_str("\"kc\":");
    push_usize(out, count);
    if moved {
        out.push_str(",\"km\":true");
    }
    out.push_str("}}");
    true
}

/// A patch of a comprehension the client holds (see `Comprehension::patch`): only the entries
/// present are compared, at their positions; the others are the client's own. Returns false
/// when nothing changed.
///
/// The client must hold `base_len` entries (`ClientTree::missing_values` checks); otherwise
/// the held list is resized, and entries the patch does not carry stay whatever the client had.
fn write_list_patch(out: &mut String, list: &Comprehension, held: &mut HeldList) -> bool {
    let seeds = seeds();
    let width = list.statics().slot_count();
    let old_count = held.keys.len();
    let count = list.len();
    if count != old_count {
        held.keys.resize(count, 0);
        held.slots.resize(count * width, 0);
    }
    let mark = out.len();
    // The entries' keys, slots and separators go through a writer (short pushes).
    let mut writer = TextWriter::new(out);
    let out = &mut writer;
    out.push_str("{\"k\":{");
    let body = out.len();
    for entry in list.entries() {
        let position = entry.position();
        if position >= count {
            continue;
        }
        let start = position * width;
        let key = entry_key(seeds, entry.key_identity(), position);
        let Some(hashes) = held.slots.get_mut(start..start + width) else {
            continue;
        };
        if position < old_count && held.keys[position] == key {
            // Compare slot by slot, updating the held hashes; changed slots are remembered in a
            // mask, and the entry is written when any slot changed.
            let mut changed = 0u64;
            let mut wide_change = false;
            for ((j, slot), held_hash) in entry.slot_contents().enumerate().zip(hashes) {
                let hash = content_hash(seeds, slot);
                if *held_hash != hash {
                    *held_hash = hash;
                    if j < 64 {
                        changed |= 1 << j;
                    } else {
                        wide_change = true;
                    }
                }
            }
            if wide_change {
                // Slots past the 64th cannot be named in the mask: send the entry whole.
                write_key(out, position);
                write_full_entry(out, entry);
                out.push_str(",");
            } else if changed != 0 {
                write_key(out, position);
                write_changed_entry(out, entry, mask_bits(changed));
                out.push_str(",");
            }
        } else {
            // New at this position: every slot (docs/protocol.md §4.5).
            write_key(out, position);
            write_full_entry(out, entry);
            out.push_str(",");
            for (slot, held_hash) in entry.slot_contents().zip(hashes) {
                *held_hash = content_hash(seeds, slot);
            }
        }
        held.keys[position] = key;
    }
    if out.len() == body && count == old_count {
        out.with_string(|json| json.truncate(mark));
        writer.finish();
        return false;
    }
    out.push_str("\"kc\":");
    push_usize(out, count);
    out.push_str("}}");
    writer.finish();
    true
}
