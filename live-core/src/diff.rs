//! The diff engine: a rendered tree plus what the client holds gives the JSON the client merges.
//!
//! The server keeps, per connected view, a [`ClientTree`]: for every node it sent, the
//! fingerprint of the statics the client holds, and for every comprehension the keys and content
//! hashes of its entries. It never keeps rendered strings. Diffing a [`Rendered`] against that
//! tree writes the minimal JSON of PROTOCOL.md §4 and updates the tree to the new state; the very
//! first render is the same operation against an empty tree.

use std::hash::{Hash, Hasher};

use crate::escape::escape_json_into;
use crate::rendered::{Comprehension, Dynamic, Rendered};

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
    /// the event reply (PROTOCOL.md §4.3).
    pub fn diff(&mut self, rendered: &Rendered) -> Option<String> {
        let mut out = String::with_capacity(64);
        self.diff_members(&mut out, rendered);
        if out.is_empty() {
            return None;
        }
        out.insert(0, '{');
        out.push('}');
        Some(out)
    }

    /// Like [`ClientTree::diff`], but writes only the members of the top-level object (no
    /// braces) into `out`, so the caller can add keys such as `"t"` or `"e"`.
    pub fn diff_members(&mut self, out: &mut String, rendered: &Rendered) {
        let held = match &mut self.root {
            Some(held) if held.fingerprint == rendered.statics().fingerprint() => held,
            slot => {
                let held = slot.insert(HeldNode::new(rendered.statics().fingerprint()));
                write_full_members(out, rendered, held, false);
                return;
            }
        };
        write_changed_members(out, rendered, held);
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

/// The client's copy of one node: statics fingerprint and the nested values it holds.
#[derive(Debug, Clone, PartialEq)]
struct HeldNode {
    fingerprint: u64,
    /// Only slots holding nested nodes or comprehensions, sorted by slot index.
    children: Vec<(u32, HeldChild)>,
}

#[derive(Debug, Clone, PartialEq)]
enum HeldChild {
    Node(HeldNode),
    List(HeldList),
}

/// The client's copy of a comprehension: entry statics and, per entry, key and content hash.
#[derive(Debug, Clone, PartialEq)]
struct HeldList {
    fingerprint: u64,
    keys: Vec<u64>,
    hashes: Vec<u64>,
}

impl HeldNode {
    fn new(fingerprint: u64) -> Self {
        HeldNode {
            fingerprint,
            children: Vec::new(),
        }
    }

    fn child_mut(&mut self, slot: u32) -> Option<&mut HeldChild> {
        match self.children.binary_search_by_key(&slot, |(s, _)| *s) {
            Ok(i) => Some(&mut self.children[i].1),
            Err(_) => None,
        }
    }

    fn set_child(&mut self, slot: u32, child: Option<HeldChild>) {
        match (self.children.binary_search_by_key(&slot, |(s, _)| *s), child) {
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
            + self
                .children
                .iter()
                .map(|(_, c)| {
                    std::mem::size_of::<(u32, HeldChild)>()
                        + match c {
                            HeldChild::Node(n) => n.heap_bytes(),
                            HeldChild::List(l) => (l.keys.len() + l.hashes.len()) * 8,
                        }
                })
                .sum::<usize>()
    }
}

/// Writes `,` unless this is the first member of the object being written.
fn separator(out: &mut String, object_start: usize) {
    if out.len() > object_start {
        out.push(',');
    }
}

fn write_key(out: &mut String, index: usize) {
    out.push('"');
    push_usize(out, index);
    out.push_str("\":");
}

fn push_usize(out: &mut String, n: usize) {
    use std::fmt::Write;
    let _ = write!(out, "{n}");
}

/// Members of a node the client does not hold: every slot, then `"s"` and (below the top) `"r"`.
fn write_full_members(out: &mut String, node: &Rendered, held: &mut HeldNode, root_flag: bool) {
    let start = out.len();
    for (i, dynamic) in node.dynamics().iter().enumerate() {
        separator(out, start);
        write_key(out, i);
        let child = write_full_value(out, dynamic);
        held.set_child(i as u32, child);
    }
    separator(out, start);
    out.push_str("\"s\":");
    out.push_str(node.statics().json());
    if root_flag && node.statics().is_root() {
        out.push_str(",\"r\":1");
    }
}

/// A slot value in full; returns what the client then holds for it.
fn write_full_value(out: &mut String, dynamic: &Dynamic) -> Option<HeldChild> {
    match dynamic {
        // A full render never has unchanged slots; an empty string keeps the JSON valid.
        Dynamic::Unchanged | Dynamic::Text(_) => {
            let text = match dynamic {
                Dynamic::Text(t) => t.as_str(),
                _ => "",
            };
            escape_json_into(out, text);
            None
        }
        Dynamic::Nested(node) => {
            let mut held = HeldNode::new(node.statics().fingerprint());
            out.push('{');
            write_full_members(out, node, &mut held, true);
            out.push('}');
            Some(HeldChild::Node(held))
        }
        Dynamic::List(list) => write_full_list(out, list),
    }
}

/// Members of a node the client holds with the same statics: only the changed slots.
fn write_changed_members(out: &mut String, node: &Rendered, held: &mut HeldNode) {
    let start = out.len();
    for (i, dynamic) in node.dynamics().iter().enumerate() {
        let slot = i as u32;
        match dynamic {
            Dynamic::Unchanged => {}
            Dynamic::Text(text) => {
                separator(out, start);
                write_key(out, i);
                escape_json_into(out, text);
                held.set_child(slot, None);
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
                        let new = write_full_value(out, dynamic);
                        held.set_child(slot, new);
                    }
                }
            }
            Dynamic::List(list) => match held.child_mut(slot) {
                Some(HeldChild::List(h)) if h.fingerprint == list.statics().fingerprint() => {
                    let mark = out.len();
                    separator(out, start);
                    write_key(out, i);
                    if !write_list_diff(out, list, h) {
                        out.truncate(mark);
                    }
                }
                _ => {
                    separator(out, start);
                    write_key(out, i);
                    let new = write_full_list(out, list);
                    held.set_child(slot, new);
                }
            },
        }
    }
}

fn entry_key(list: &Comprehension, index: usize) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    match &list.keys()[index] {
        Some(key) => {
            1u8.hash(&mut hasher);
            key.hash(&mut hasher);
        }
        None => {
            0u8.hash(&mut hasher);
            index.hash(&mut hasher);
        }
    }
    hasher.finish()
}

fn entry_hash(entry: &[Dynamic]) -> u64 {
    fn feed(hasher: &mut impl Hasher, dynamic: &Dynamic) {
        match dynamic {
            Dynamic::Unchanged => 0u8.hash(hasher),
            Dynamic::Text(t) => {
                1u8.hash(hasher);
                t.hash(hasher);
            }
            Dynamic::Nested(node) => {
                2u8.hash(hasher);
                node.statics().fingerprint().hash(hasher);
                for d in node.dynamics() {
                    feed(hasher, d);
                }
            }
            Dynamic::List(list) => {
                3u8.hash(hasher);
                list.statics().fingerprint().hash(hasher);
                list.entries().len().hash(hasher);
                for entry in list.entries() {
                    for d in entry {
                        feed(hasher, d);
                    }
                }
            }
        }
    }
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for d in entry {
        feed(&mut hasher, d);
    }
    hasher.finish()
}

/// Writes every slot of a comprehension entry in full, as an object.
fn write_full_entry(out: &mut String, entry: &[Dynamic]) {
    out.push('{');
    for (i, dynamic) in entry.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_key(out, i);
        write_full_value(out, dynamic);
    }
    out.push('}');
}

/// A comprehension the client does not hold. An empty one is sent as `""` (as upstream does).
fn write_full_list(out: &mut String, list: &Comprehension) -> Option<HeldChild> {
    if list.entries().is_empty() {
        out.push_str("\"\"");
        return None;
    }
    out.push_str("{\"k\":{");
    let mut keys = Vec::with_capacity(list.entries().len());
    let mut hashes = Vec::with_capacity(list.entries().len());
    for (i, entry) in list.entries().iter().enumerate() {
        write_key(out, i);
        write_full_entry(out, entry);
        out.push(',');
        keys.push(entry_key(list, i));
        hashes.push(entry_hash(entry));
    }
    out.push_str("\"kc\":");
    push_usize(out, list.entries().len());
    out.push_str("},\"s\":");
    out.push_str(list.statics().json());
    out.push('}');
    Some(HeldChild::List(HeldList {
        fingerprint: list.statics().fingerprint(),
        keys,
        hashes,
    }))
}

/// A keyed diff of a comprehension the client holds. Returns false when nothing changed.
fn write_list_diff(out: &mut String, list: &Comprehension, held: &mut HeldList) -> bool {
    let old_positions: std::collections::HashMap<u64, usize> =
        held.keys.iter().enumerate().map(|(i, k)| (*k, i)).collect();
    let count = list.entries().len();
    let mut keys = Vec::with_capacity(count);
    let mut hashes = Vec::with_capacity(count);
    let mut body = String::new();
    let mut moved = false;
    for (i, entry) in list.entries().iter().enumerate() {
        let key = entry_key(list, i);
        let hash = entry_hash(entry);
        match old_positions.get(&key) {
            Some(&j) if held.hashes[j] == hash => {
                if j != i {
                    write_key(&mut body, i);
                    push_usize(&mut body, j);
                    body.push(',');
                    moved = true;
                }
            }
            Some(&j) => {
                write_key(&mut body, i);
                if j != i {
                    body.push('[');
                    push_usize(&mut body, j);
                    body.push(',');
                    write_full_entry(&mut body, entry);
                    body.push(']');
                    moved = true;
                } else {
                    write_full_entry(&mut body, entry);
                }
                body.push(',');
            }
            None => {
                write_key(&mut body, i);
                write_full_entry(&mut body, entry);
                body.push(',');
            }
        }
        keys.push(key);
        hashes.push(hash);
    }
    let changed = !body.is_empty() || count != held.keys.len();
    held.keys = keys;
    held.hashes = hashes;
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
