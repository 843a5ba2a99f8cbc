//! Reads the tokens of `html! { … }` into an [`ast::Template`](crate::ast::Template).
//!
//! The parser never stops at the first mistake: it records a spanned error, skips what it cannot
//! use and goes on, so every problem is reported at once and the best-effort tree still compiles
//! (rust-analyzer keeps completing inside the template).

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;

use crate::ast::{Attribute, AttributeValue, Element, Interpolation, Name, Node, Template, Text};

/// Parses a template; returns the tree and every error found.
pub(crate) fn parse(input: TokenStream) -> (Template, Vec<syn::Error>) {
    let mut parser = Parser { errors: Vec::new() };
    let mut cursor = Cursor::new(input);
    let (nodes, _) = parser.children(&mut cursor, None, None);
    (Template { nodes }, parser.errors)
}

/// Elements that never have children nor a closing tag (HTML Living Standard, "void elements").
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Whether `name` is a void element.
pub(crate) fn is_void(name: &str) -> bool {
    VOID_ELEMENTS
        .iter()
        .any(|void| void.eq_ignore_ascii_case(name))
}

/// A position in the token list of one group.
struct Cursor {
    tokens: Vec<TokenTree>,
    pos: usize,
}

impl Cursor {
    fn new(stream: TokenStream) -> Self {
        Cursor {
            tokens: stream.into_iter().collect(),
            pos: 0,
        }
    }

    fn peek(&self) -> Option<&TokenTree> {
        self.tokens.get(self.pos)
    }

    fn peek_nth(&self, n: usize) -> Option<&TokenTree> {
        self.tokens.get(self.pos + n)
    }

    fn next(&mut self) -> Option<TokenTree> {
        let token = self.tokens.get(self.pos).cloned();
        if token.is_some() {
            self.pos += 1;
        }
        token
    }

    fn peek_punct(&self, ch: char) -> bool {
        matches!(self.peek(), Some(TokenTree::Punct(p)) if p.as_char() == ch)
    }

    fn peek_nth_punct(&self, n: usize, ch: char) -> bool {
        matches!(self.peek_nth(n), Some(TokenTree::Punct(p)) if p.as_char() == ch)
    }
}

/// What a piece of markup is, for deciding whether the whitespace before or after it is kept.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A start tag, an end tag or a whole void element.
    Tag,
    /// An identifier, a literal or an interpolation.
    Word,
    /// Punctuation and brackets.
    Punct,
}

/// The previous item of a sibling list, as far as the whitespace after it is concerned.
#[derive(Clone, Copy)]
struct Edge {
    /// Its last token.
    last: Span,
    kind: Kind,
}

/// The element whose children are being parsed.
struct Parent<'a> {
    name: &'a Name,
    /// Names of the enclosing elements, innermost last, this one included.
    open: &'a [String],
}

struct Parser {
    errors: Vec<syn::Error>,
}

impl Parser {
    fn error(&mut self, tokens: impl ToTokens, message: impl std::fmt::Display) {
        self.errors.push(syn::Error::new_spanned(tokens, message));
    }

    /// Parses siblings until the parent's closing tag (consumed), a closing tag of an outer
    /// element (left for it) or the end of the tokens. `start` is what precedes the first
    /// sibling (the parent's start tag, an opening bracket), for the whitespace after it.
    /// Returns the siblings and the last of them.
    fn children(
        &mut self,
        cursor: &mut Cursor,
        parent: Option<&Parent<'_>>,
        start: Option<Edge>,
    ) -> (Vec<Node>, Option<Edge>) {
        let mut nodes = Vec::new();
        let mut prev = start;
        while let Some(token) = cursor.peek().cloned() {
            match &token {
                TokenTree::Punct(p) if p.as_char() == '<' && cursor.peek_nth_punct(1, '/') => {
                    let tag_start = p.span();
                    let checkpoint = cursor.pos;
                    let Some(name) = self.end_tag(cursor) else {
                        continue;
                    };
                    let Some(parent) = parent else {
                        self.stray_end_tag(&name);
                        continue;
                    };
                    if name.text.eq_ignore_ascii_case(&parent.name.text) {
                        space(&mut nodes, prev, tag_start, Kind::Tag);
                        return (nodes, prev);
                    }
                    if is_void(&name.text) {
                        self.void_end_tag(&name);
                        continue;
                    }
                    let outer = &parent.open[..parent.open.len() - 1];
                    if outer
                        .iter()
                        .any(|open| open.eq_ignore_ascii_case(&name.text))
                    {
                        // `<div><span></div>`: the span was never closed; the div's end tag is
                        // left for the div.
                        self.error(
                            &parent.name.tokens,
                            format_args!(
                                "unclosed tag `<{0}>`\n\
                                 help: close it with `</{0}>` before `</{1}>`",
                                parent.name.text, name.text
                            ),
                        );
                        cursor.pos = checkpoint;
                        return (nodes, prev);
                    }
                    self.error(
                        &name.tokens,
                        format_args!(
                            "mismatched closing tag `</{}>`\n\
                             help: expected `</{}>`",
                            name.text, parent.name.text
                        ),
                    );
                    // Most likely a typo in the name: take it as the parent's end tag.
                    space(&mut nodes, prev, tag_start, Kind::Tag);
                    return (nodes, prev);
                }
                TokenTree::Punct(p) if p.as_char() == '<' && cursor.peek_nth_punct(1, '!') => {
                    space(&mut nodes, prev, p.span(), Kind::Tag);
                    let last = self.doctype(cursor, &mut nodes);
                    prev = Some(Edge {
                        last,
                        kind: Kind::Tag,
                    });
                }
                TokenTree::Punct(p) if p.as_char() == '<' => {
                    space(&mut nodes, prev, p.span(), Kind::Tag);
                    let (element, last) = self.element(cursor, parent);
                    nodes.extend(element.map(Node::Element));
                    prev = Some(Edge {
                        last,
                        kind: Kind::Tag,
                    });
                }
                TokenTree::Group(group) => {
                    cursor.next();
                    match group.delimiter() {
                        Delimiter::Brace => {
                            space(&mut nodes, prev, group.span(), Kind::Word);
                            let interpolation = self.interpolation(group);
                            nodes.push(Node::Interpolation(interpolation));
                            prev = Some(Edge {
                                last: group.span(),
                                kind: Kind::Word,
                            });
                        }
                        delimiter => {
                            let (open, close) = match delimiter {
                                Delimiter::Parenthesis => ("(", ")"),
                                Delimiter::Bracket => ("[", "]"),
                                _ => ("", ""),
                            };
                            if !open.is_empty() {
                                space(&mut nodes, prev, group.span_open(), Kind::Punct);
                                nodes.push(Node::Text(Text::Markup(open.to_owned())));
                            }
                            // An invisible group (from `macro_rules!`) is transparent.
                            let inner_start = if open.is_empty() {
                                prev
                            } else {
                                Some(Edge {
                                    last: group.span_open(),
                                    kind: Kind::Punct,
                                })
                            };
                            let mut inner = Cursor::new(group.stream());
                            let (children, last) = self.children(&mut inner, None, inner_start);
                            nodes.extend(children);
                            if close.is_empty() {
                                prev = last;
                            } else {
                                space(&mut nodes, last, group.span_close(), Kind::Punct);
                                nodes.push(Node::Text(Text::Markup(close.to_owned())));
                                prev = Some(Edge {
                                    last: group.span_close(),
                                    kind: Kind::Punct,
                                });
                            }
                        }
                    }
                }
                TokenTree::Literal(literal) => {
                    cursor.next();
                    space(&mut nodes, prev, literal.span(), Kind::Word);
                    if let Some(text) = self.literal_text(literal) {
                        nodes.push(Node::Text(text));
                    }
                    prev = Some(Edge {
                        last: literal.span(),
                        kind: Kind::Word,
                    });
                }
                TokenTree::Ident(ident) => {
                    cursor.next();
                    space(&mut nodes, prev, ident.span(), Kind::Word);
                    nodes.push(Node::Text(Text::Markup(ident.to_string())));
                    prev = Some(Edge {
                        last: ident.span(),
                        kind: Kind::Word,
                    });
                }
                TokenTree::Punct(p) if p.as_char() == '\'' => {
                    cursor.next();
                    let mut end = p.span();
                    // `don't` reaches us as `don` and the lifetime `'t`: report the pair.
                    if p.spacing() == Spacing::Joint {
                        if let Some(TokenTree::Ident(_)) = cursor.peek() {
                            if let Some(lifetime_name) = cursor.next() {
                                end = lifetime_name.span();
                            }
                        }
                    }
                    self.apostrophe(p.span(), end);
                    prev = Some(Edge {
                        last: end,
                        kind: Kind::Word,
                    });
                }
                TokenTree::Punct(p)
                    if p.as_char() == '@'
                        && matches!(cursor.peek_nth(1), Some(TokenTree::Ident(_))) =>
                {
                    cursor.next();
                    let Some(TokenTree::Ident(name)) = cursor.next() else {
                        continue;
                    };
                    self.error(
                        quote::quote!(#p #name),
                        format_args!(
                            "`@{0}` outside `{{…}}` is plain text\n\
                             help: to show the assign write `{{@{0}}}`; to show an `@`, quote the text: \"@{0}\"",
                            name
                        ),
                    );
                    prev = Some(Edge {
                        last: name.span(),
                        kind: Kind::Word,
                    });
                }
                TokenTree::Punct(p) => {
                    cursor.next();
                    space(&mut nodes, prev, p.span(), Kind::Punct);
                    nodes.push(Node::Text(Text::Markup(p.as_char().to_string())));
                    prev = Some(Edge {
                        last: p.span(),
                        kind: Kind::Punct,
                    });
                }
            }
        }
        if let Some(parent) = parent {
            self.error(
                &parent.name.tokens,
                format_args!(
                    "unclosed tag `<{0}>`\n\
                     help: close it with `</{0}>`",
                    parent.name.text
                ),
            );
        }
        (nodes, prev)
    }

    fn stray_end_tag(&mut self, name: &Name) {
        if is_void(&name.text) {
            self.void_end_tag(name);
        } else {
            self.error(
                &name.tokens,
                format_args!(
                    "unexpected closing tag `</{}>`: no element is open here",
                    name.text
                ),
            );
        }
    }

    fn void_end_tag(&mut self, name: &Name) {
        self.error(
            &name.tokens,
            format_args!(
                "`{0}` is a void element and has no closing tag\n\
                 help: remove `</{0}>`",
                name.text
            ),
        );
    }

    /// Reports an apostrophe in unquoted text, underlining from `start` to `end`.
    fn apostrophe(&mut self, start: Span, end: Span) {
        // `new_spanned` underlines from its first token to its last: two tokens carry the range.
        let mut first = Punct::new('\'', Spacing::Alone);
        first.set_span(start);
        let range = [
            TokenTree::Punct(first),
            TokenTree::Ident(Ident::new("x", end)),
        ];
        self.error(
            range.into_iter().collect::<TokenStream>(),
            "an apostrophe cannot appear in unquoted text (Rust reads it as a lifetime or a character)\n\
             help: quote the text, as in \"don't\"",
        );
    }

    /// A literal in a body: quoted text, or a number written as is.
    fn literal_text(&mut self, literal: &Literal) -> Option<Text> {
        match syn::Lit::new(literal.clone()) {
            syn::Lit::Str(text) => Some(Text::Quoted(text.value())),
            syn::Lit::Int(_) | syn::Lit::Float(_) => Some(Text::Markup(literal.to_string())),
            syn::Lit::Char(_) => {
                self.apostrophe(literal.span(), literal.span());
                None
            }
            _ => {
                self.error(literal, "unsupported literal in a template\nhelp: write text as a string literal: \"…\"");
                None
            }
        }
    }

    /// `</name>`; the cursor is at `<`. Returns `None` (after reporting) when malformed.
    fn end_tag(&mut self, cursor: &mut Cursor) -> Option<Name> {
        let open = cursor.next();
        let slash = cursor.next();
        let Some(name) = self.name(cursor) else {
            self.error(
                quote::quote!(#open #slash),
                "expected a tag name after `</`",
            );
            return None;
        };
        if cursor.peek_punct('>') {
            cursor.next();
        } else {
            self.error(
                &name.tokens,
                format_args!("expected `>` to end `</{}`", name.text),
            );
        }
        Some(name)
    }

    /// A tag or attribute name: an identifier, then `-` or `:` and more parts, without spaces.
    fn name(&mut self, cursor: &mut Cursor) -> Option<Name> {
        let Some(TokenTree::Ident(first)) = cursor.peek().cloned() else {
            return None;
        };
        cursor.next();
        let mut text = first.unraw().to_string();
        let mut tokens = first.to_token_stream();
        let mut last = first.span();
        while let Some(TokenTree::Punct(p)) = cursor.peek().cloned() {
            if !matches!(p.as_char(), '-' | ':') || !touching(last, p.span()) {
                break;
            }
            match cursor.peek_nth(1) {
                Some(next) if touching(p.span(), next.span()) => last = next.span(),
                _ => break,
            }
            let part = match cursor.peek_nth(1) {
                Some(TokenTree::Ident(ident)) => ident.unraw().to_string(),
                Some(TokenTree::Literal(literal)) if is_name_literal(literal) => {
                    literal.to_string()
                }
                _ => break,
            };
            let Some(part_token) = cursor.peek_nth(1).cloned() else {
                break;
            };
            cursor.pos += 2;
            text.push(p.as_char());
            text.push_str(&part);
            tokens.extend([TokenTree::Punct(p), part_token]);
        }
        Some(Name { text, tokens })
    }

    /// `<!DOCTYPE html>`; the cursor is at `<`. Returns the span of its last token.
    fn doctype(&mut self, cursor: &mut Cursor, nodes: &mut Vec<Node>) -> Span {
        let Some(open) = cursor.next() else {
            return Span::call_site();
        };
        let bang = cursor.next();
        let mut end = open.span();
        let is_doctype = matches!(cursor.peek(), Some(TokenTree::Ident(ident)) if ident.to_string().eq_ignore_ascii_case("doctype"));
        let mut text = String::from("<!");
        let mut words = 0;
        while let Some(token) = cursor.next() {
            end = token.span();
            if matches!(&token, TokenTree::Punct(p) if p.as_char() == '>') {
                text.push('>');
                break;
            }
            if words > 0 {
                text.push(' ');
            }
            text.push_str(&token.to_string());
            words += 1;
        }
        if is_doctype {
            nodes.push(Node::Doctype(text));
        } else {
            self.error(
                quote::quote!(#open #bang),
                "only `<!DOCTYPE …>` may start with `<!`\n\
                 help: HTML comments are not supported; use Rust comments (`//`) in templates",
            );
        }
        end
    }

    /// An element; the cursor is at `<`. Returns the element (if a name was found) and the
    /// span of its last token.
    fn element(
        &mut self,
        cursor: &mut Cursor,
        parent: Option<&Parent<'_>>,
    ) -> (Option<Element>, Span) {
        let Some(open) = cursor.next() else {
            return (None, Span::call_site());
        };
        let name_follows = cursor
            .peek()
            .is_some_and(|next| touching(open.span(), next.span()));
        let name = if name_follows {
            self.name(cursor)
        } else {
            None
        };
        let Some(name) = name else {
            let message = "expected a tag name right after `<`\n\
                           help: to show a `<`, quote the text: \"<\"";
            self.error(&open, message);
            return (None, open.span());
        };
        let void = is_void(&name.text);
        let mut attributes: Vec<Attribute> = Vec::new();
        let mut self_closing = false;
        let mut tag_end = None;
        while let Some(token) = cursor.peek().cloned() {
            match &token {
                TokenTree::Punct(p) if p.as_char() == '>' => {
                    cursor.next();
                    tag_end = Some(p.span());
                    break;
                }
                TokenTree::Punct(p) if p.as_char() == '/' && cursor.peek_nth_punct(1, '>') => {
                    cursor.next();
                    let Some(close) = cursor.next() else { break };
                    tag_end = Some(close.span());
                    self_closing = true;
                    if !void {
                        self.error(
                            quote::quote!(#p #close),
                            format_args!(
                                "`<{0}/>`: only void elements (`<br/>`, `<input/>`, …) may close themselves\n\
                                 help: write `<{0}></{0}>`",
                                name.text
                            ),
                        );
                    }
                    break;
                }
                TokenTree::Punct(p) if p.as_char() == ':' => {
                    cursor.next();
                    let special = self.name(cursor);
                    let shown = special.as_ref().map_or("", |n| n.text.as_str()).to_owned();
                    let tokens = special.map(|n| n.tokens);
                    self.error(
                        quote::quote!(#p #tokens),
                        format_args!("special attribute `:{shown}` is not supported yet"),
                    );
                    if cursor.peek_punct('=') {
                        cursor.next();
                        cursor.next();
                    }
                }
                TokenTree::Ident(_) => {
                    let Some(attribute_name) = self.name(cursor) else {
                        break;
                    };
                    let value = self.attribute_value(cursor, &attribute_name);
                    if attributes
                        .iter()
                        .any(|a| a.name.text.eq_ignore_ascii_case(&attribute_name.text))
                    {
                        self.error(
                            &attribute_name.tokens,
                            format_args!("duplicate attribute `{}`", attribute_name.text),
                        );
                        continue;
                    }
                    if let Some(value) = value {
                        attributes.push(Attribute {
                            name: attribute_name,
                            value,
                        });
                    }
                }
                TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => {
                    cursor.next();
                    self.error(
                        group,
                        "attribute spreads `{…}` are not supported yet\nhelp: write `name={…}`",
                    );
                }
                other => {
                    cursor.next();
                    self.error(
                        other,
                        format_args!("expected an attribute name or `>` in `<{}`", name.text),
                    );
                }
            }
        }
        let Some(tag_end) = tag_end else {
            self.error(
                quote::quote!(#open),
                format_args!("unterminated start tag `<{}`: expected `>`", name.text),
            );
            let end = cursor.tokens.last().map_or(open.span(), |t| t.span());
            return (
                Some(Element {
                    name,
                    attributes,
                    children: Vec::new(),
                    void,
                }),
                end,
            );
        };
        if void || self_closing {
            return (
                Some(Element {
                    name,
                    attributes,
                    children: Vec::new(),
                    void,
                }),
                tag_end,
            );
        }
        let mut open_names: Vec<String> = parent.map_or_else(Vec::new, |p| p.open.to_vec());
        open_names.push(name.text.clone());
        let me = Parent {
            name: &name,
            open: &open_names,
        };
        let start = Edge {
            last: tag_end,
            kind: Kind::Tag,
        };
        let before = cursor.pos;
        let (children, _) = self.children(cursor, Some(&me), Some(start));
        // The end tag, or the last child when the end tag is missing.
        let last = if cursor.pos > before {
            cursor.tokens[cursor.pos - 1].span()
        } else {
            tag_end
        };
        (
            Some(Element {
                name,
                attributes,
                children,
                void,
            }),
            last,
        )
    }

    /// `="text"`, `={expr}` or nothing, after an attribute name.
    fn attribute_value(&mut self, cursor: &mut Cursor, name: &Name) -> Option<AttributeValue> {
        if !cursor.peek_punct('=') {
            return Some(AttributeValue::Empty);
        }
        let equals = cursor.next();
        match cursor.peek().cloned() {
            Some(TokenTree::Literal(literal)) => {
                cursor.next();
                match syn::Lit::new(literal.clone()) {
                    syn::Lit::Str(text) => Some(AttributeValue::Static(text.value())),
                    _ => {
                        self.error(
                            &literal,
                            format_args!(
                                "attribute values are string literals or `{{expr}}`\n\
                                 help: write `{}=\"{}\"`",
                                name.text,
                                literal.to_string().trim_matches('\'')
                            ),
                        );
                        None
                    }
                }
            }
            Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Brace => {
                cursor.next();
                Some(AttributeValue::Dynamic(self.interpolation(&group)))
            }
            _ => {
                self.error(
                    quote::quote!(#equals),
                    format_args!("expected `\"…\"` or `{{expr}}` after `{}=`", name.text),
                );
                None
            }
        }
    }

    /// The expression inside `{…}`, with `@name` rewritten to `assigns.name`.
    fn interpolation(&mut self, group: &Group) -> Interpolation {
        let mut assigns = Vec::new();
        if group.stream().is_empty() {
            self.error(
                group,
                "empty `{}`: put an expression inside\nhelp: to show braces, quote the text: \"{}\"",
            );
            return Interpolation {
                expr: None,
                assigns,
            };
        }
        let errors = self.errors.len();
        let expr = self.rewrite_assigns(group.stream(), &mut assigns);
        Interpolation {
            expr: (self.errors.len() == errors).then_some(expr),
            assigns,
        }
    }

    /// Rewrites `@name` to `assigns.name` throughout `stream`, recording each assign read.
    ///
    /// `binding @ pattern` (Rust's pattern binding) is left alone: an `@` right after an
    /// identifier that is not a keyword is taken as a binding.
    fn rewrite_assigns(&mut self, stream: TokenStream, assigns: &mut Vec<Ident>) -> TokenStream {
        let tokens: Vec<TokenTree> = stream.into_iter().collect();
        let mut out = TokenStream::new();
        let mut i = 0;
        while i < tokens.len() {
            match &tokens[i] {
                TokenTree::Punct(at) if at.as_char() == '@' => {
                    let after_binding = i > 0
                        && matches!(&tokens[i - 1], TokenTree::Ident(prev) if !is_keyword(&prev.to_string()));
                    if after_binding {
                        out.extend([tokens[i].clone()]);
                        i += 1;
                        continue;
                    }
                    match tokens.get(i + 1) {
                        Some(TokenTree::Ident(name)) => {
                            if let Some(field) = self.assign_field(name) {
                                let receiver = Ident::new("assigns", name.span());
                                let mut dot = Punct::new('.', Spacing::Alone);
                                dot.set_span(name.span());
                                out.extend([
                                    TokenTree::Ident(receiver),
                                    TokenTree::Punct(dot),
                                    TokenTree::Ident(field.clone()),
                                ]);
                                if !assigns
                                    .iter()
                                    .any(|seen: &Ident| seen.unraw() == field.unraw())
                                {
                                    assigns.push(field);
                                }
                            }
                            i += 2;
                        }
                        _ => {
                            self.error(
                                at,
                                "`@` must be followed by an assign name, as in `@count`",
                            );
                            i += 1;
                        }
                    }
                }
                TokenTree::Group(group) => {
                    let inner = self.rewrite_assigns(group.stream(), assigns);
                    let mut rebuilt = Group::new(group.delimiter(), inner);
                    rebuilt.set_span(group.span());
                    out.extend([TokenTree::Group(rebuilt)]);
                    i += 1;
                }
                other => {
                    out.extend([other.clone()]);
                    i += 1;
                }
            }
        }
        out
    }

    /// The field identifier for `@name`, made raw for keywords (`@type` reads `r#type`).
    fn assign_field(&mut self, name: &Ident) -> Option<Ident> {
        let text = name.unraw().to_string();
        if matches!(text.as_str(), "self" | "Self" | "super" | "crate" | "_") {
            self.error(name, format_args!("`@{text}` is not an assign name"));
            return None;
        }
        if is_keyword(&text) {
            Some(Ident::new_raw(&text, name.span()))
        } else {
            Some(Ident::new(&text, name.span()))
        }
    }
}

/// Pushes a space for the whitespace between the previous item and one starting at `next`.
///
/// Whitespace is dropped between two tags and kept (as one space) anywhere else. Token
/// positions tell where the source had whitespace; when they are not usable (tokens made by
/// another macro), words are separated and nothing else.
fn space(nodes: &mut Vec<Node>, prev: Option<Edge>, next: Span, next_kind: Kind) {
    let Some(prev) = prev else { return };
    if prev.kind == Kind::Tag && next_kind == Kind::Tag {
        return;
    }
    let (end, start) = (prev.last.end(), next.start());
    let located = has_position(prev.last) && has_position(next);
    let gap = match end.cmp(&start) {
        std::cmp::Ordering::Less if located => true,
        std::cmp::Ordering::Equal if located => false,
        _ => prev.kind == Kind::Word && next_kind == Kind::Word,
    };
    if gap && !matches!(nodes.last(), Some(Node::Text(Text::Space))) {
        nodes.push(Node::Text(Text::Space));
    }
}

/// Whether the compiler knows where `span` is: real tokens are at least one character wide
/// and lines count from 1.
fn has_position(span: Span) -> bool {
    let (start, end) = (span.start(), span.end());
    start.line > 0 && (start.line, start.column) != (end.line, end.column)
}

/// Whether `next` starts right where `prev` ends (assumed when positions are not known).
fn touching(prev: Span, next: Span) -> bool {
    !(has_position(prev) && has_position(next)) || prev.end() == next.start()
}

/// Whether a literal can be part of a name (`h-1`, `data-2x`).
fn is_name_literal(literal: &Literal) -> bool {
    literal
        .to_string()
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether `word` is a Rust keyword (strict or reserved), which an `@` binding cannot follow
/// and which a field must spell as a raw identifier.
fn is_keyword(word: &str) -> bool {
    matches!(
        word,
        "as" | "break"
            | "const"
            | "continue"
            | "crate"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "Self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "async"
            | "await"
            | "dyn"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            | "try"
            | "gen"
    )
}
