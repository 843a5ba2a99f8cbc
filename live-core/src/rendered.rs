//! The rendered tree: static fragments interleaved with dynamic slots.
//!
//! `html!` compiles a template into one [`Statics`] value (a `static` item) and code that builds
//! a [`Rendered`] holding only the dynamic parts. The same tree gives the HTML of the static
//! render ([`Rendered::to_html`]) and, through [`crate::diff`], the JSON the client merges.
//! A `:for` renders as a [`Comprehension`] (the `comprehension` submodule, re-exported here).

use crate::escape::escape_html_into;

mod comprehension;

pub use comprehension::{Comprehension, Entry, EntryKey, EntryWriter};
pub(crate) use comprehension::{KeyIdentity, SlotContent};

/// The static fragments of one template, known at compile time.
///
/// A template with `n` dynamic slots has `n + 1` fragments; it renders as
/// `parts[0] slot0 parts[1] slot1 … parts[n]`.
///
/// ```
/// use live_core::Statics;
/// static GREETING: Statics = Statics::new(&["<p>Hello, ", "!</p>"], r#"["<p>Hello, ","!</p>"]"#, true);
/// assert_eq!(GREETING.slot_count(), 1);
/// ```
#[derive(Debug, PartialEq, Eq)]
pub struct Statics {
    parts: &'static [&'static str],
    json: &'static str,
    fingerprint: u64,
    root: bool,
}

impl Statics {
    /// Statics from their fragments, the same fragments pre-encoded as a JSON array, and whether
    /// the template renders exactly one HTML element (the client's root flag, `"r": 1`).
    ///
    /// The fingerprint is computed from `parts`. `json` must be the JSON encoding of `parts`;
    /// `html!` emits both at compile time.
    pub const fn new(parts: &'static [&'static str], json: &'static str, root: bool) -> Self {
        Statics {
            parts,
            json,
            fingerprint: crate::fingerprint::fingerprint(parts),
            root,
        }
    }

    /// [`Statics::new`] with the fingerprint of `parts` already computed (`html!` computes it
    /// at expansion, which is cheaper than evaluating [`fingerprint`](crate::fingerprint::fingerprint)
    /// as a constant).
    ///
    /// `fingerprint` must be `fingerprint(parts)`; a different value only makes the diff engine
    /// treat these statics as another template's.
    ///
    /// ```
    /// use live_core::{fingerprint::fingerprint, Statics};
    /// const PARTS: &[&str] = &["<b>", "</b>"];
    /// static S: Statics = Statics::with_fingerprint(PARTS, r#"["<b>","</b>"]"#, 0x51e4_d6a1_7c4c_2f0e, true);
    /// assert_eq!(S.fingerprint(), 0x51e4_d6a1_7c4c_2f0e);
    /// assert_eq!(Statics::new(PARTS, r#"["<b>","</b>"]"#, true).fingerprint(), fingerprint(PARTS));
    /// ```
    pub const fn with_fingerprint(
        parts: &'static [&'static str],
        json: &'static str,
        fingerprint: u64,
        root: bool,
    ) -> Self {
        Statics {
            parts,
            json,
            fingerprint,
            root,
        }
    }

    /// The static fragments.
    pub fn parts(&self) -> &'static [&'static str] {
        self.parts
    }

    /// The fragments as a JSON array, ready to be written into a diff.
    pub fn json(&self) -> &'static str {
        self.json
    }

    /// The fingerprint identifying these statics.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Whether the template is exactly one HTML element.
    pub fn is_root(&self) -> bool {
        self.root
    }

    /// Number of dynamic slots the template has.
    pub fn slot_count(&self) -> usize {
        self.parts.len().saturating_sub(1)
    }
}

/// One dynamic slot of a [`Rendered`] node.
#[derive(Debug, Clone, PartialEq)]
pub enum Dynamic {
    /// The slot reads only assigns that did not change: it was not evaluated, and the client's
    /// copy is still right. Never present in a full render.
    Unchanged,
    /// HTML text, already escaped.
    Text(String),
    /// A nested template (a branch of a conditional, a component call, an embedded `html!`).
    Nested(Rendered),
    /// A comprehension: one template repeated for every entry of a list.
    List(Comprehension),
    /// A stateful component ([`LiveComponent`](crate::live_component::LiveComponent)), by its
    /// cid: the client finds its content in the diff's `"c"` map (docs/protocol.md §4.6).
    Component(u32),
}

impl Dynamic {
    /// Escaped text from plain text.
    ///
    /// ```
    /// use live_core::Dynamic;
    /// assert_eq!(Dynamic::text("a<b"), Dynamic::Text("a&lt;b".into()));
    /// ```
    pub fn text(text: &str) -> Self {
        let mut out = String::with_capacity(text.len());
        escape_html_into(&mut out, text);
        Dynamic::Text(out)
    }

    fn write_html(&self, out: &mut String) {
        match self {
            Dynamic::Unchanged => {}
            Dynamic::Text(text) => out.push_str(text),
            Dynamic::Nested(rendered) => rendered.write_html(out),
            Dynamic::List(list) => list.write_html(out),
            // Its HTML is the component's own render, held by the view's components.
            Dynamic::Component(_) => {}
        }
    }
}

/// A rendered template: its statics and the values of its dynamic slots.
///
/// Only evaluated slots are stored, as `(index, value)` pairs in ascending index order: a render
/// after one assign changed holds the one or two slots that read it, whatever the size of the
/// template, so its cost does not grow with the number of slots left alone.
///
/// ```
/// use live_core::{Dynamic, Rendered, Statics};
/// static S: Statics = Statics::new(&["<b>", "</b>"], r#"["<b>","</b>"]"#, true);
/// let node = Rendered::new(&S, vec![Dynamic::text("1 < 2")]);
/// assert_eq!(node.to_html(), "<b>1 &lt; 2</b>");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    statics: &'static Statics,
    slots: Vec<(u32, Dynamic)>,
    /// The HTML of a node written by the static render ([`Rendered::from_html`]); empty
    /// otherwise.
    html: String,
}

/// What [`Rendered::slot`] returns for a slot that was not evaluated.
static UNCHANGED: Dynamic = Dynamic::Unchanged;

/// The statics of HTML written by the static render ([`Rendered::from_html`]).
static WRITTEN: Statics = Statics::new(&["", ""], r#"["",""]"#, false);

impl Rendered {
    /// A node from its statics and the values of all its slots, in order;
    /// [`Dynamic::Unchanged`] values are left out.
    ///
    /// # Panics
    /// When the number of slots does not match the statics: that is a bug in generated code,
    /// never a consequence of input.
    pub fn new(statics: &'static Statics, dynamics: Vec<Dynamic>) -> Self {
        assert_eq!(
            statics.slot_count(),
            dynamics.len(),
            "rendered node has {} slots for {} statics",
            dynamics.len(),
            statics.parts.len()
        );
        let slots = (0u32..)
            .zip(dynamics)
            .filter(|(_, d)| !matches!(d, Dynamic::Unchanged))
            .collect();
        Rendered {
            statics,
            slots,
            html: String::new(),
        }
    }

    /// A node from the slots that were evaluated, as `(index, value)` pairs (the form `html!`
    /// generates). They are sorted by index if they are not already; an
    /// [`Dynamic::Unchanged`] value is dropped.
    ///
    /// ```
    /// use live_core::{Dynamic, Rendered, Statics};
    /// static S: Statics = Statics::new(&["<p>", " ", "</p>"], r#"["<p>"," ","</p>"]"#, true);
    /// let partial = Rendered::from_slots(&S, vec![(1, Dynamic::text("b"))]);
    /// assert_eq!(partial.slot(0), &Dynamic::Unchanged);
    /// assert_eq!(partial.slot(1), &Dynamic::text("b"));
    /// assert!(!partial.is_complete());
    /// ```
    ///
    /// # Panics
    /// When an index is not a slot of `statics` (a bug in generated code).
    pub fn from_slots(statics: &'static Statics, mut slots: Vec<(u32, Dynamic)>) -> Self {
        if !slots.is_sorted_by_key(|(i, _)| *i) {
            slots.sort_by_key(|(i, _)| *i);
        }
        if slots.iter().any(|(_, d)| matches!(d, Dynamic::Unchanged)) {
            slots.retain(|(_, d)| !matches!(d, Dynamic::Unchanged));
        }
        if let Some((last, _)) = slots.last() {
            assert!(
                (*last as usize) < statics.slot_count(),
                "slot {last} of a template with {} slots",
                statics.slot_count()
            );
        }
        Rendered {
            statics,
            slots,
            html: String::new(),
        }
    }

    /// HTML written by the static render ([`crate::static_render`]), as a node. It renders,
    /// nests and converts to HTML like any node, but holds no slot values ([`Rendered::slots`]
    /// is empty): a client fed its diff receives the HTML as one string.
    ///
    /// ```
    /// use live_core::Rendered;
    /// let written = Rendered::from_html("<p>hi</p>".to_owned());
    /// assert_eq!(written.to_html(), "<p>hi</p>");
    /// assert_eq!(written.into_html(), "<p>hi</p>");
    /// ```
    #[inline]
    pub fn from_html(html: String) -> Self {
        Rendered {
            statics: &WRITTEN,
            slots: Vec::new(),
            html,
        }
    }

    /// The HTML of this node, without a copy when it was written by the static render.
    #[inline]
    pub fn into_html(self) -> String {
        if self.is_written() {
            return self.html;
        }
        self.to_html()
    }

    /// The HTML of a node written by the static render ([`Rendered::from_html`]).
    pub fn written_html(&self) -> Option<&str> {
        self.is_written().then_some(self.html.as_str())
    }

    fn is_written(&self) -> bool {
        std::ptr::eq(self.statics, &WRITTEN)
    }

    /// The statics of this node.
    pub fn statics(&self) -> &'static Statics {
        self.statics
    }

    /// The evaluated slots, as `(index, value)` pairs in ascending index order.
    pub fn slots(&self) -> &[(u32, Dynamic)] {
        &self.slots
    }

    /// The value of slot `index`: [`Dynamic::Unchanged`] when it was not evaluated (or is not a
    /// slot of this template).
    pub fn slot(&self, index: usize) -> &Dynamic {
        match self
            .slots
            .binary_search_by_key(&index, |(i, _)| *i as usize)
        {
            Ok(found) => &self.slots[found].1,
            Err(_) => &UNCHANGED,
        }
    }

    /// Every slot in order, [`Dynamic::Unchanged`] where it was not evaluated.
    pub fn dynamics(&self) -> impl Iterator<Item = &Dynamic> + '_ {
        (0..self.statics.slot_count()).map(|i| self.slot(i))
    }

    /// Whether every slot, recursively, was evaluated (no [`Dynamic::Unchanged`]).
    pub fn is_complete(&self) -> bool {
        if self.is_written() {
            return true;
        }
        self.slots.len() == self.statics.slot_count()
            && self.slots.iter().all(|(_, d)| d.is_complete())
    }

    /// The HTML of this node. Slots that were not evaluated render as nothing, so call this on a
    /// full render.
    pub fn to_html(&self) -> String {
        let mut out = String::with_capacity(self.size_hint());
        self.write_html(&mut out);
        out
    }

    /// Appends the HTML of this node to `out`.
    pub fn write_html(&self, out: &mut String) {
        if self.is_written() {
            out.push_str(&self.html);
            return;
        }
        let parts = self.statics.parts;
        out.push_str(parts[0]);
        let mut slots = self.slots.iter().peekable();
        for (i, part) in parts[1..].iter().enumerate() {
            if let Some((_, dynamic)) = slots.next_if(|(index, _)| *index as usize == i) {
                dynamic.write_html(out);
            }
            out.push_str(part);
        }
    }

    fn size_hint(&self) -> usize {
        self.html.len()
            + self.statics.parts.iter().map(|p| p.len()).sum::<usize>()
            + 16 * self.slots.len()
    }
}

/// A borrowed slot value: what a [`Dynamic`] or a comprehension entry's slot holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SlotRef<'a> {
    /// Not evaluated.
    Unchanged,
    /// HTML text, already escaped.
    Text(&'a str),
    /// A nested template.
    Nested(&'a Rendered),
    /// A comprehension.
    List(&'a Comprehension),
    /// A stateful component, by cid.
    Component(u32),
}

impl Dynamic {
    /// Whether this value, recursively, was evaluated (see [`Rendered::is_complete`]).
    pub(crate) fn is_complete(&self) -> bool {
        match self {
            Dynamic::Unchanged => false,
            Dynamic::Text(_) => true,
            Dynamic::Nested(node) => node.is_complete(),
            Dynamic::List(list) => list.is_complete(),
            Dynamic::Component(_) => true,
        }
    }

    /// This value, borrowed.
    pub fn as_slot(&self) -> SlotRef<'_> {
        match self {
            Dynamic::Unchanged => SlotRef::Unchanged,
            Dynamic::Text(text) => SlotRef::Text(text),
            Dynamic::Nested(node) => SlotRef::Nested(node),
            Dynamic::List(list) => SlotRef::List(list),
            Dynamic::Component(cid) => SlotRef::Component(*cid),
        }
    }
}

impl SlotRef<'_> {
    /// Appends the HTML of this value.
    pub fn write_html(self, out: &mut String) {
        match self {
            SlotRef::Unchanged => {}
            SlotRef::Text(text) => out.push_str(text),
            SlotRef::Nested(node) => node.write_html(out),
            SlotRef::List(list) => list.write_html(out),
            SlotRef::Component(_) => {}
        }
    }
}

/// A slot given to a function component: markup from the caller, rendered by the component.
///
/// `html!` builds slots from the children of a component call: the inner block (the children
/// that are not named slots) and one `Slot` per `<:name …>…</:name>` entry. `A` holds the
/// entry's attributes (a `Default` struct declared by the component, `()` for none) and `T` is
/// the value the component passes when it renders the slot (received with `:let={pattern}`).
///
/// ```
/// use live_core::{html, Rendered, Slot};
/// let row = Slot::new((), |n: i32| html! { <td>{n}</td> });
/// assert_eq!(row.render(7).to_html(), "<td>7</td>");
/// ```
pub struct Slot<'a, A = (), T = ()> {
    /// The attributes of this slot entry.
    pub attrs: A,
    render: Box<dyn Fn(T) -> Rendered + 'a>,
}

impl<'a, A, T> Slot<'a, A, T> {
    /// A slot entry with its attributes and its body.
    pub fn new(attrs: A, render: impl Fn(T) -> Rendered + 'a) -> Self {
        Slot {
            attrs,
            render: Box::new(render),
        }
    }

    /// Renders the body with `value` (what the caller's `:let` receives).
    pub fn render(&self, value: T) -> Rendered {
        (self.render)(value)
    }
}

impl<A: std::fmt::Debug, T> std::fmt::Debug for Slot<'_, A, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Slot")
            .field("attrs", &self.attrs)
            .finish_non_exhaustive()
    }
}

impl<A> crate::html::ToHtml for Slot<'_, A, ()> {
    fn to_dynamic(&self) -> Dynamic {
        Dynamic::Nested(self.render(()))
    }
}

impl<A> crate::html::ToHtml for &Slot<'_, A, ()> {
    fn to_dynamic(&self) -> Dynamic {
        Dynamic::Nested(self.render(()))
    }
}
