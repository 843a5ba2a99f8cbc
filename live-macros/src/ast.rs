//! The syntax tree of a template, as `parse` reads it and `generate` compiles it.
//!
//! The tree is already normalized: whitespace is resolved into [`Text::Space`] nodes, and every
//! `@name` inside an interpolation is rewritten, so `generate` never looks at source positions.

use proc_macro2::{Ident, TokenStream};

/// A whole `html! { … }` invocation.
#[derive(Debug, Default)]
pub(crate) struct Template {
    /// The top-level nodes, in order.
    pub(crate) nodes: Vec<Node>,
}

impl Template {
    /// Whether the template is exactly one element (the client's root flag).
    pub(crate) fn is_single_element(&self) -> bool {
        matches!(self.nodes.as_slice(), [Node::Element(_)])
    }
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
}

/// A tag or attribute name made of several tokens (`phx-click`, `xlink:href`).
#[derive(Debug, Clone)]
pub(crate) struct Name {
    /// The name as it appears in the HTML.
    pub(crate) text: String,
    /// The tokens it was written with, so an error can underline all of them.
    pub(crate) tokens: TokenStream,
}

/// `name`, `name="value"` or `name={expr}`.
#[derive(Debug)]
pub(crate) struct Attribute {
    /// The attribute name.
    pub(crate) name: Name,
    /// Its value.
    pub(crate) value: AttributeValue,
}

/// The value of an attribute.
#[derive(Debug)]
pub(crate) enum AttributeValue {
    /// No value: a boolean attribute such as `disabled`.
    Empty,
    /// `name="text"`: the unescaped text of the literal.
    Static(String),
    /// `name={expr}`: rendered at run time.
    Dynamic(Interpolation),
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

/// A `{expr}`: the expression with every `@name` rewritten to `assigns.name`.
#[derive(Debug)]
pub(crate) struct Interpolation {
    /// The rewritten expression, or `None` when it had errors (they are reported; the slot is
    /// left out of the generated code so no follow-up errors pile up).
    pub(crate) expr: Option<TokenStream>,
    /// The assigns the expression reads, each once, spanned at its first `@name`.
    pub(crate) assigns: Vec<Ident>,
}
