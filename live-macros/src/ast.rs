//! The syntax tree of a template, as `parse` reads it and `generate` compiles it.
//!
//! The tree is already normalized: whitespace is resolved into [`Text::Space`] nodes, and every
//! `@name` inside an expression is rewritten, so `generate` never looks at source positions.

use proc_macro2::{Ident, Span, TokenStream};

/// A whole `html! { … }` invocation.
#[derive(Debug, Default)]
pub(crate) struct Template {
    /// The top-level nodes, in order.
    pub(crate) nodes: Vec<Node>,
}

/// Whether `nodes` render exactly one HTML element (the client's root flag).
pub(crate) fn is_single_element(nodes: &[Node]) -> bool {
    matches!(nodes, [Node::Element(element)] if element.specials.is_plain())
}

/// One piece of markup.
#[derive(Debug)]
pub(crate) enum Node {
    /// `<name …>…</name>` or a void element.
    Element(Element),
    /// Static text.
    Text(Text),
    /// `{expr}` in a body.
    Interpolation(Interpolation),
    /// `<!DOCTYPE …>`, kept as written.
    Doctype(String),
    /// `{if …}`, `{match …}` or `{for …}` with markup bodies.
    Block(Block),
    /// `<.name …>…</.name>`: a function component call.
    Component(Component),
    /// `<:name …>…</:name>`: a named slot entry, only inside a component call.
    Slot(SlotEntry),
}

/// `:if`, `:for` and `:key` on a tag.
#[derive(Debug, Default)]
pub(crate) struct Specials {
    /// `:if={cond}`.
    pub(crate) condition: Option<Interpolation>,
    /// `:for={pat in iter}`.
    pub(crate) each: Option<ForLoop>,
    /// `:key={expr}` (only with `:for`).
    pub(crate) key: Option<Interpolation>,
}

impl Specials {
    /// Neither `:if` nor `:for`: the tag renders in place.
    pub(crate) fn is_plain(&self) -> bool {
        self.condition.is_none() && self.each.is_none()
    }
}

/// `pat in iter`, from `:for={…}` or `{for … { … }}`.
#[derive(Debug)]
pub(crate) struct ForLoop {
    /// The loop pattern, as written.
    pub(crate) pattern: TokenStream,
    /// The iterator expression.
    pub(crate) iter: Interpolation,
}

/// An element with its attributes and children.
#[derive(Debug)]
pub(crate) struct Element {
    /// The tag name as written (`div`, `my-widget`).
    pub(crate) name: Name,
    /// Attributes in source order.
    pub(crate) attributes: Vec<Attribute>,
    /// Children; always empty for void elements.
    pub(crate) children: Vec<Node>,
    /// A void element (`<br>`, `<input …>`): no children and no closing tag.
    pub(crate) void: bool,
    /// `:if`, `:for`, `:key`.
    pub(crate) specials: Specials,
}

/// A tag or attribute name made of several tokens (`phx-click`, `xlink:href`).
#[derive(Debug, Clone)]
pub(crate) struct Name {
    /// The name as it appears in the HTML.
    pub(crate) text: String,
    /// The tokens it was written with, so an error can underline all of them.
    pub(crate) tokens: TokenStream,
}

/// `name`, `name="value"`, `name={expr}`, `name={[a, b]}` or `{...expr}`.
#[derive(Debug)]
pub(crate) struct Attribute {
    /// The attribute name (`...` for a spread).
    pub(crate) name: Name,
    /// Its value.
    pub(crate) value: AttributeValue,
}

/// The value of an attribute.
#[derive(Debug)]
pub(crate) enum AttributeValue {
    /// No value: a boolean attribute such as `disabled`.
    Empty,
    /// `name="text"`: the unescaped text of the literal, and where it was written.
    Static(String, Span),
    /// `name={expr}`: rendered at run time.
    Dynamic(Interpolation),
    /// `name={[a, b, …]}`: the truthy entries joined with spaces (class lists).
    List(Vec<Interpolation>),
    /// `{...expr}`: every `(name, value)` pair of an iterator.
    Spread(Interpolation),
}

/// Static text in a body.
#[derive(Debug)]
pub(crate) enum Text {
    /// Unquoted text, taken as HTML exactly as written.
    Markup(String),
    /// A string literal: plain text, HTML-escaped at compile time.
    Quoted(String),
    /// One space standing for a run of whitespace in the source.
    Space,
}

/// An expression with every `@name` rewritten to `assigns.name`.
#[derive(Debug, Clone)]
pub(crate) struct Interpolation {
    /// The rewritten expression, or `None` when it had errors (they are reported; the slot is
    /// left out of the generated code so no follow-up errors pile up).
    pub(crate) expr: Option<TokenStream>,
    /// The assigns the expression reads, each once, spanned at its first `@name`.
    pub(crate) assigns: Vec<Ident>,
}

/// A control-flow block in a body.
#[derive(Debug)]
pub(crate) enum Block {
    /// `{if c1 { … } else if c2 { … } else { … }}`.
    If {
        /// Each condition (the tokens between `if` and the body) and its body.
        branches: Vec<(Interpolation, Vec<Node>)>,
        /// The `else` body.
        otherwise: Option<Vec<Node>>,
    },
    /// `{match expr { Pat => { … }, … }}`.
    Match {
        /// The matched expression.
        scrutinee: Interpolation,
        /// The arms: pattern (with its guard) and body.
        arms: Vec<(Interpolation, Vec<Node>)>,
    },
    /// `{for pat in iter { … }}`, optionally `{for pat in iter; key = expr { … }}`.
    For {
        /// The loop.
        each: ForLoop,
        /// The entry key.
        key: Option<Interpolation>,
        /// The body of one entry.
        body: Vec<Node>,
    },
}

/// A call of a function component.
#[derive(Debug)]
pub(crate) struct Component {
    /// The component function (and props struct) name.
    pub(crate) name: Ident,
    /// The span of the whole start tag name (`.card`), for errors about the call.
    pub(crate) span: Span,
    /// Attributes, each a Rust identifier and a value.
    pub(crate) attributes: Vec<ComponentAttribute>,
    /// `:let={pat}` on the call: the pattern receiving the inner block's value.
    pub(crate) binding: Option<TokenStream>,
    /// The children that are not named slots: the inner block (`None` for `<.card/>`).
    pub(crate) inner: Option<Vec<Node>>,
    /// The named slot entries, in order.
    pub(crate) slots: Vec<SlotEntry>,
    /// `:if`, `:for`, `:key` on the call.
    pub(crate) specials: Specials,
}

/// `name={expr}`, `name="text"` or `name` on a component or a slot entry.
#[derive(Debug)]
pub(crate) struct ComponentAttribute {
    /// The attribute (a Rust identifier, raw for keywords).
    pub(crate) name: Ident,
    /// The value expression (`"text"` for static values, `true` for bare names).
    pub(crate) value: Interpolation,
}

/// `<:name attr=… :let={pat}>…</:name>`.
#[derive(Debug)]
pub(crate) struct SlotEntry {
    /// The slot name.
    pub(crate) name: Ident,
    /// Slot attributes.
    pub(crate) attributes: Vec<ComponentAttribute>,
    /// `:let={pat}`.
    pub(crate) binding: Option<TokenStream>,
    /// The body.
    pub(crate) body: Vec<Node>,
}
