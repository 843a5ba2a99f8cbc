//! Reads the tokens of `html! { … }` into an [`ast::Template`](crate::ast::Template).
//!
//! The parser never stops at the first mistake: it records a spanned error, skips what it cannot
//! use and goes on, so every problem is reported at once and the best-effort tree still compiles
//! (rust-analyzer keeps completing inside the template).

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;

use crate::ast::{
    Attribute, AttributeValue, Block, Component, ComponentAttribute, Element, ForLoop,
    Interpolation, Name, Node, SlotEntry, Specials, Template, Text,
};

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
    /// A component call: its children may be named slot entries.
    component: bool,
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
                TokenTree::Punct(p)
                    if p.as_char() == '<'
                        && (cursor.peek_nth_punct(1, '.') || cursor.peek_nth_punct(1, ':')) =>
                {
                    space(&mut nodes, prev, p.span(), Kind::Tag);
                    let (node, last) = self.component_or_slot(cursor, parent);
                    nodes.extend(node);
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
                            // Block forms count as tags for whitespace: they hold markup.
                            let kind = if block_keyword(group).is_some() {
                                Kind::Tag
                            } else {
                                Kind::Word
                            };
                            space(&mut nodes, prev, group.span(), kind);
                            match block_keyword(group) {
                                Some(keyword) => {
                                    if let Some(block) = self.block(group, &keyword) {
                                        nodes.push(Node::Block(block));
                                    }
                                }
                                None => {
                                    let interpolation = self.interpolation(group);
                                    nodes.push(Node::Interpolation(interpolation));
                                }
                            }
                            prev = Some(Edge {
                                last: group.span(),
                                kind,
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

    /// `</name>`, `</.name>` or `</:name>`; the cursor is at `<`. Returns `None` (after
    /// reporting) when malformed.
    fn end_tag(&mut self, cursor: &mut Cursor) -> Option<Name> {
        let open = cursor.next();
        let slash = cursor.next();
        let sigil = match cursor.peek() {
            Some(TokenTree::Punct(p)) if matches!(p.as_char(), '.' | ':') => cursor.next(),
            _ => None,
        };
        let Some(mut name) = self.name(cursor) else {
            self.error(
                quote::quote!(#open #slash #sigil),
                "expected a tag name after `</`",
            );
            return None;
        };
        if let Some(TokenTree::Punct(p)) = &sigil {
            name.text.insert(0, p.as_char());
            let rest = std::mem::take(&mut name.tokens);
            name.tokens = quote::quote!(#p #rest);
        }
        if cursor.peek_punct('>') {
            cursor.next();
            return Some(name);
        }
        if cursor.peek_punct(':') {
            let colon = cursor.next();
            let special = self.name(cursor).map(|n| n.tokens);
            self.error(
                quote::quote!(#colon #special),
                format_args!(
                    "special attributes go on the opening tag, not on `</{}>`\n\
                     help: move it to the start tag",
                    name.text
                ),
            );
        } else {
            self.error(
                &name.tokens,
                format_args!("expected `>` to end `</{}`", name.text),
            );
        }
        // Skip to the end of the closing tag.
        while let Some(token) = cursor.peek() {
            if matches!(token, TokenTree::Punct(p) if p.as_char() == '>') {
                cursor.next();
                break;
            }
            if matches!(token, TokenTree::Punct(p) if p.as_char() == '<') {
                break;
            }
            cursor.next();
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
        let tag = self.start_tag(cursor, &name, TagKind::Element);
        if tag.binding.is_some() {
            self.error(
                &tag.binding_tokens,
                "`:let` is only allowed on component calls (`<.name>`) and slot entries (`<:name>`)",
            );
        }
        let make = |children: Vec<Node>, attributes, specials| Element {
            name: name.clone(),
            attributes,
            children,
            void,
            specials,
        };
        let Some(tag_end) = tag.end else {
            self.error(
                quote::quote!(#open),
                format_args!("unterminated start tag `<{}`: expected `>`", name.text),
            );
            let end = cursor.tokens.last().map_or(open.span(), |t| t.span());
            return (Some(make(Vec::new(), tag.attributes, tag.specials)), end);
        };
        if tag.self_closing && !void {
            self.error(
                &tag.self_closing_tokens,
                format_args!(
                    "`<{0}/>`: only void elements (`<br/>`, `<input/>`, …) and components may close themselves\n\
                     help: write `<{0}></{0}>`",
                    name.text
                ),
            );
        }
        if void || tag.self_closing {
            return (
                Some(make(Vec::new(), tag.attributes, tag.specials)),
                tag_end,
            );
        }
        let before = cursor.pos;
        let children = if is_raw_text(&name.text) {
            self.raw_text_body(cursor, &name)
        } else {
            let mut open_names: Vec<String> = parent.map_or_else(Vec::new, |p| p.open.to_vec());
            open_names.push(name.text.clone());
            let me = Parent {
                name: &name,
                open: &open_names,
                component: false,
            };
            let start = Edge {
                last: tag_end,
                kind: Kind::Tag,
            };
            self.children(cursor, Some(&me), Some(start)).0
        };
        // The end tag, or the last child when the end tag is missing.
        let last = if cursor.pos > before {
            cursor.tokens[cursor.pos - 1].span()
        } else {
            tag_end
        };
        (Some(make(children, tag.attributes, tag.specials)), last)
    }

    /// The body of `<script>` or `<style>`: string literals kept verbatim, up to the end tag.
    fn raw_text_body(&mut self, cursor: &mut Cursor, name: &Name) -> Vec<Node> {
        let mut nodes = Vec::new();
        while let Some(token) = cursor.peek().cloned() {
            match &token {
                TokenTree::Punct(p) if p.as_char() == '<' && cursor.peek_nth_punct(1, '/') => {
                    if let Some(end) = self.end_tag(cursor) {
                        if !end.text.eq_ignore_ascii_case(&name.text) {
                            self.error(
                                &end.tokens,
                                format_args!(
                                    "mismatched closing tag `</{}>`\nhelp: expected `</{}>`",
                                    end.text, name.text
                                ),
                            );
                        }
                    }
                    return nodes;
                }
                TokenTree::Literal(literal) => {
                    cursor.next();
                    match syn::Lit::new(literal.clone()) {
                        syn::Lit::Str(text) => {
                            let value = text.value();
                            let closing = format!("</{}", name.text.to_ascii_lowercase());
                            if value.to_ascii_lowercase().contains(&closing) {
                                self.error(
                                    literal,
                                    format_args!(
                                        "the text of `<{0}>` cannot contain `</{0}`: it would end the element early",
                                        name.text
                                    ),
                                );
                            } else {
                                nodes.push(Node::Text(Text::Markup(value)));
                            }
                        }
                        _ => self.raw_text_error(&token, name),
                    }
                }
                _ => {
                    cursor.next();
                    self.raw_text_error(&token, name);
                }
            }
        }
        self.error(
            &name.tokens,
            format_args!(
                "unclosed tag `<{0}>`\nhelp: close it with `</{0}>`",
                name.text
            ),
        );
        nodes
    }

    fn raw_text_error(&mut self, token: &TokenTree, name: &Name) {
        self.error(
            token,
            format_args!(
                "the body of `<{0}>` is kept verbatim and must be written as string literals\n\
                 help: write `<{0}>r#\"…\"#</{0}>`; pass data through attributes (`data-*`)",
                name.text
            ),
        );
    }

    /// The attributes of a start tag up to `>` or `/>`; the cursor is after the tag name.
    fn start_tag(&mut self, cursor: &mut Cursor, name: &Name, kind: TagKind) -> StartTag {
        let mut tag = StartTag::default();
        let mut seen_specials: Vec<(String, TokenStream)> = Vec::new();
        while let Some(token) = cursor.peek().cloned() {
            match &token {
                TokenTree::Punct(p) if p.as_char() == '>' => {
                    cursor.next();
                    tag.end = Some(p.span());
                    break;
                }
                TokenTree::Punct(p) if p.as_char() == '/' && cursor.peek_nth_punct(1, '>') => {
                    cursor.next();
                    let Some(close) = cursor.next() else { break };
                    tag.end = Some(close.span());
                    tag.self_closing = true;
                    tag.self_closing_tokens = quote::quote!(#p #close);
                    break;
                }
                TokenTree::Punct(p) if p.as_char() == ':' => {
                    cursor.next();
                    let Some(special) = self.name(cursor) else {
                        self.error(p, "expected `if`, `for`, `key` or `let` after `:`");
                        continue;
                    };
                    let tokens = {
                        let special = &special.tokens;
                        quote::quote!(#p #special)
                    };
                    let value = self.special_value(cursor, &special, &tokens);
                    let text = special.text.clone();
                    if seen_specials.iter().any(|(seen, _)| *seen == text)
                        && KNOWN_SPECIALS.contains(&text.as_str())
                    {
                        self.error(&tokens, format_args!("duplicate `:{text}`"));
                        continue;
                    }
                    seen_specials.push((text.clone(), tokens.clone()));
                    let Some(value) = value else { continue };
                    match text.as_str() {
                        "if" => tag.specials.condition = Some(self.interpolation(&value)),
                        "for" => tag.specials.each = self.for_loop(&value),
                        "key" => tag.specials.key = Some(self.interpolation(&value)),
                        "let" => {
                            tag.binding = Some(value.stream());
                            tag.binding_tokens = tokens;
                        }
                        other => {
                            let help = match suggest(other) {
                                Some(known) => format!("\nhelp: did you mean `:{known}`?"),
                                None => String::from(
                                    "\nhelp: the special attributes are `:if`, `:for`, `:key` and `:let`",
                                ),
                            };
                            self.error(
                                &tokens,
                                format_args!("unknown special attribute `:{other}`{help}"),
                            );
                        }
                    }
                }
                TokenTree::Ident(_) => {
                    let Some(attribute_name) = self.name(cursor) else {
                        break;
                    };
                    let value = self.attribute_value(cursor, &attribute_name);
                    if tag.attributes.iter().any(|a: &Attribute| {
                        !matches!(a.value, AttributeValue::Spread(_))
                            && a.name.text.eq_ignore_ascii_case(&attribute_name.text)
                    }) {
                        self.error(
                            &attribute_name.tokens,
                            format_args!("duplicate attribute `{}`", attribute_name.text),
                        );
                        continue;
                    }
                    if let Some(value) = value {
                        tag.attributes.push(Attribute {
                            name: attribute_name,
                            value,
                        });
                    }
                }
                TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => {
                    cursor.next();
                    match spread(group) {
                        Some(rest) if kind == TagKind::Element => {
                            let interpolation = self.expression(rest, group);
                            tag.attributes.push(Attribute {
                                name: Name {
                                    text: String::from("..."),
                                    tokens: group.to_token_stream(),
                                },
                                value: AttributeValue::Spread(interpolation),
                            });
                        }
                        Some(_) => self.error(
                            group,
                            "attribute spreads `{...expr}` are only allowed on HTML elements",
                        ),
                        None => self.error(
                            group,
                            "expected an attribute name before `{…}`\n\
                             help: write `name={…}`, or `{...pairs}` to spread (name, value) pairs",
                        ),
                    }
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
        if tag.specials.key.is_some() && tag.specials.each.is_none() {
            if let Some((_, tokens)) = seen_specials.iter().find(|(n, _)| n == "key") {
                self.error(
                    tokens,
                    "`:key` without `:for`\nhelp: `:key` names the entries of a `:for` loop on the same tag",
                );
            }
        }
        if kind == TagKind::Slot {
            for (special, tokens) in &seen_specials {
                if matches!(special.as_str(), "if" | "for" | "key") {
                    self.error(
                        tokens,
                        format_args!(
                            "`:{special}` is not supported on a slot entry\n\
                             help: put the condition or loop inside the slot's body"
                        ),
                    );
                }
            }
            tag.specials = Specials::default();
        }
        tag
    }

    /// `={…}` after a special attribute; reports and returns `None` when missing.
    fn special_value(
        &mut self,
        cursor: &mut Cursor,
        special: &Name,
        tokens: &TokenStream,
    ) -> Option<Group> {
        let example = match special.text.as_str() {
            "for" => "`:for={item in @items}`",
            "key" => "`:key={item.id}`",
            "let" => "`:let={value}`",
            _ => "`:if={@condition}`",
        };
        if !cursor.peek_punct('=') {
            self.error(
                tokens,
                format_args!("`:{}` needs a value, as in {example}", special.text),
            );
            return None;
        }
        let equals = cursor.next();
        match cursor.peek().cloned() {
            Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Brace => {
                cursor.next();
                if group.stream().is_empty() {
                    self.error(&group, format_args!("empty value, as in {example}"));
                    return None;
                }
                Some(group)
            }
            other => {
                if other.is_some() {
                    cursor.next();
                }
                self.error(
                    quote::quote!(#equals #other),
                    format_args!(
                        "the value of `:{}` is an expression in braces, as in {example}",
                        special.text
                    ),
                );
                None
            }
        }
    }

    /// `pat in iter` inside `:for={…}`.
    fn for_loop(&mut self, group: &Group) -> Option<ForLoop> {
        let tokens: Vec<TokenTree> = group.stream().into_iter().collect();
        let split = tokens
            .iter()
            .position(|t| matches!(t, TokenTree::Ident(i) if i == "in"));
        let Some(split) = split.filter(|&i| i > 0 && i + 1 < tokens.len()) else {
            self.error(
                group,
                "expected `pattern in iterator`\nhelp: write `:for={item in @items}`",
            );
            return None;
        };
        let pattern: TokenStream = tokens[..split].iter().cloned().collect();
        let iter: TokenStream = tokens[split + 1..].iter().cloned().collect();
        let iter = self.expression(iter, group);
        Some(ForLoop { pattern, iter })
    }

    /// `<.name …>…</.name>` or `<:name …>…</:name>`; the cursor is at `<`.
    fn component_or_slot(
        &mut self,
        cursor: &mut Cursor,
        parent: Option<&Parent<'_>>,
    ) -> (Option<Node>, Span) {
        let Some(open) = cursor.next() else {
            return (None, Span::call_site());
        };
        let Some(TokenTree::Punct(sigil)) = cursor.next() else {
            return (None, open.span());
        };
        let is_slot = sigil.as_char() == ':';
        let Some(mut name) = self.name(cursor) else {
            self.error(
                quote::quote!(#open #sigil),
                if is_slot {
                    "expected a slot name after `<:`, as in `<:header>`"
                } else {
                    "expected a component name after `<.`, as in `<.card>`"
                },
            );
            return (None, sigil.span());
        };
        let ident = match syn::parse2::<Ident>(name.tokens.clone()) {
            Ok(ident) => ident,
            Err(_) => {
                self.error(
                    &name.tokens,
                    format_args!(
                        "`{}` is not a Rust identifier: components and slots are named like functions\n\
                         help: a component from another module is brought into scope with `use`",
                        name.text
                    ),
                );
                Ident::new("__live_invalid", sigil.span())
            }
        };
        let rest = std::mem::take(&mut name.tokens);
        name.tokens = quote::quote!(#sigil #rest);
        name.text.insert(0, sigil.as_char());
        if is_slot && !parent.is_some_and(|p| p.component) {
            self.error(
                &name.tokens,
                format_args!(
                    "slot `<{}>` outside a component call\n\
                     help: slot entries are direct children of `<.component>`",
                    name.text
                ),
            );
        }
        let kind = if is_slot {
            TagKind::Slot
        } else {
            TagKind::Component
        };
        let tag = self.start_tag(cursor, &name, kind);
        let attributes = self.component_attributes(tag.attributes);
        let Some(tag_end) = tag.end else {
            self.error(
                quote::quote!(#open),
                format_args!("unterminated start tag `<{}`: expected `>`", name.text),
            );
            return (None, cursor.tokens.last().map_or(open.span(), |t| t.span()));
        };
        let mut last = tag_end;
        let children = if tag.self_closing {
            None
        } else {
            let mut open_names: Vec<String> = parent.map_or_else(Vec::new, |p| p.open.to_vec());
            open_names.push(name.text.clone());
            let me = Parent {
                name: &name,
                open: &open_names,
                component: !is_slot,
            };
            let start = Edge {
                last: tag_end,
                kind: Kind::Tag,
            };
            let before = cursor.pos;
            let (children, _) = self.children(cursor, Some(&me), Some(start));
            if cursor.pos > before {
                last = cursor.tokens[cursor.pos - 1].span();
            }
            Some(children)
        };
        if is_slot {
            return (
                Some(Node::Slot(SlotEntry {
                    name: ident,
                    attributes,
                    binding: tag.binding,
                    body: children.unwrap_or_default(),
                })),
                last,
            );
        }
        let mut inner: Vec<Node> = Vec::new();
        let mut slots = Vec::new();
        for child in children.into_iter().flatten() {
            match child {
                Node::Slot(slot) => slots.push(slot),
                Node::Text(Text::Space)
                    if inner.is_empty()
                        || matches!(inner.last(), Some(Node::Text(Text::Space))) => {}
                other => inner.push(other),
            }
        }
        if matches!(inner.last(), Some(Node::Text(Text::Space))) {
            inner.pop();
        }
        let inner = (!inner.is_empty()).then_some(inner);
        let call = Component {
            name: ident,
            span: name
                .tokens
                .clone()
                .into_iter()
                .last()
                .map_or(sigil.span(), |t| t.span()),
            attributes,
            binding: tag.binding,
            inner,
            slots,
            specials: tag.specials,
        };
        let node = crate::async_result::lower(call);
        (Some(node), last)
    }

    /// Component and slot attributes: Rust identifiers with a value each.
    fn component_attributes(&mut self, attributes: Vec<Attribute>) -> Vec<ComponentAttribute> {
        let mut out = Vec::new();
        for attribute in attributes {
            let mut tokens = attribute.name.tokens.clone().into_iter();
            let single = match (tokens.next(), tokens.next()) {
                (Some(TokenTree::Ident(ident)), None) => Some(ident),
                _ => None,
            };
            // `phx-change="…"` sets the parameter `phx_change`, so components take the same
            // spelling as elements for dashed names.
            let dashed = attribute.name.text.contains('-')
                && attribute.name.text.split('-').all(|part| {
                    part.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                        && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                });
            let single = single.or_else(|| {
                let first = attribute.name.tokens.clone().into_iter().next()?;
                dashed.then(|| Ident::new(&attribute.name.text.replace('-', "_"), first.span()))
            });
            let name = match single {
                // `type="…"` sets the parameter `r#type`.
                Some(ident) if is_keyword(&ident.unraw().to_string()) => {
                    Ident::new_raw(&ident.unraw().to_string(), ident.span())
                }
                Some(ident) => ident,
                None => {
                    self.error(
                        &attribute.name.tokens,
                        format_args!(
                            "component attribute `{}` is not a Rust identifier\n\
                             help: component attributes are the parameters of the component function \
                             (a dashed name like `phx-change` sets `phx_change`)",
                            attribute.name.text
                        ),
                    );
                    continue;
                }
            };
            let span = name.span();
            let value = match attribute.value {
                AttributeValue::Empty => Interpolation {
                    expr: Some(quote::quote_spanned!(span=> true)),
                    assigns: Vec::new(),
                },
                AttributeValue::Static(text, span) => {
                    let mut literal = Literal::string(&text);
                    literal.set_span(span);
                    Interpolation {
                        expr: Some(literal.to_token_stream()),
                        assigns: Vec::new(),
                    }
                }
                AttributeValue::Dynamic(interpolation) => interpolation,
                AttributeValue::List(items) => {
                    // A list literal is passed as an array expression.
                    let mut assigns = Vec::new();
                    let mut exprs = Vec::new();
                    for item in items {
                        merge_assigns(&mut assigns, &item.assigns);
                        exprs.extend(item.expr);
                    }
                    Interpolation {
                        expr: Some(quote::quote!([#(#exprs),*])),
                        assigns,
                    }
                }
                AttributeValue::Spread(_) => continue,
            };
            out.push(ComponentAttribute { name, value });
        }
        out
    }

    /// `="text"`, `={expr}`, `={[a, b]}` or nothing, after an attribute name.
    fn attribute_value(&mut self, cursor: &mut Cursor, name: &Name) -> Option<AttributeValue> {
        if !cursor.peek_punct('=') {
            return Some(AttributeValue::Empty);
        }
        let equals = cursor.next();
        match cursor.peek().cloned() {
            Some(TokenTree::Literal(literal)) => {
                cursor.next();
                match syn::Lit::new(literal.clone()) {
                    syn::Lit::Str(text) => {
                        Some(AttributeValue::Static(text.value(), literal.span()))
                    }
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
                if let Some(list) = list_literal(&group) {
                    let items = split_commas(list.stream())
                        .into_iter()
                        .map(|item| self.expression(item, &list))
                        .collect();
                    return Some(AttributeValue::List(items));
                }
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

    /// A block form in a body: `{if …}`, `{match …}`, `{for …}`.
    fn block(&mut self, group: &Group, keyword: &str) -> Option<Block> {
        let tokens: Vec<TokenTree> = group.stream().into_iter().collect();
        match keyword {
            "if" => self.if_block(group, &tokens),
            "match" => self.match_block(group, &tokens),
            _ => self.for_block(group, &tokens),
        }
    }

    fn if_block(&mut self, group: &Group, tokens: &[TokenTree]) -> Option<Block> {
        let mut branches = Vec::new();
        let mut otherwise = None;
        let mut i = 1; // after `if`
        loop {
            let Some(body_at) = first_brace(tokens, i) else {
                self.error(
                    group,
                    "expected a body in braces after the condition: `{if cond { … }}`",
                );
                return None;
            };
            if body_at == i {
                self.error(&tokens[i], "expected a condition after `if`");
                return None;
            }
            let condition: TokenStream = tokens[i..body_at].iter().cloned().collect();
            let condition = self.expression(condition, group);
            let body = self.body(&tokens[body_at]);
            branches.push((condition, body));
            i = body_at + 1;
            match tokens.get(i) {
                None => break,
                Some(TokenTree::Ident(word)) if word == "else" => match tokens.get(i + 1) {
                    Some(TokenTree::Ident(word)) if word == "if" => i += 2,
                    Some(body @ TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
                        otherwise = Some(self.body(body));
                        if let Some(extra) = tokens.get(i + 2) {
                            self.error(extra, "unexpected tokens after the `else` body");
                        }
                        break;
                    }
                    _ => {
                        self.error(&tokens[i], "expected `else { … }` or `else if …`");
                        break;
                    }
                },
                Some(other) => {
                    self.error(other, "expected `else` or the end of the `if` block");
                    break;
                }
            }
        }
        Some(Block::If {
            branches,
            otherwise,
        })
    }

    fn match_block(&mut self, group: &Group, tokens: &[TokenTree]) -> Option<Block> {
        let Some(arms_at) = first_brace(tokens, 1).filter(|&at| at > 1) else {
            self.error(group, "expected `{match expr { Pattern => { … }, … }}`");
            return None;
        };
        let scrutinee: TokenStream = tokens[1..arms_at].iter().cloned().collect();
        let scrutinee = self.expression(scrutinee, group);
        if let Some(extra) = tokens.get(arms_at + 1) {
            self.error(extra, "unexpected tokens after the match arms");
        }
        let TokenTree::Group(arms_group) = &tokens[arms_at] else {
            return None;
        };
        let arm_tokens: Vec<TokenTree> = arms_group.stream().into_iter().collect();
        let errors = self.errors.len();
        let mut arms = Vec::new();
        let mut i = 0;
        while i < arm_tokens.len() {
            let arrow = (i..arm_tokens.len().saturating_sub(1)).find(|&j| {
                matches!(&arm_tokens[j], TokenTree::Punct(p) if p.as_char() == '=' && p.spacing() == Spacing::Joint)
                    && matches!(&arm_tokens[j + 1], TokenTree::Punct(p) if p.as_char() == '>')
            });
            let Some(arrow) = arrow.filter(|&j| j > i) else {
                self.error(&arm_tokens[i], "expected `Pattern => { … }`");
                break;
            };
            let pattern: TokenStream = arm_tokens[i..arrow].iter().cloned().collect();
            let pattern = self.expression(pattern, arms_group);
            match arm_tokens.get(arrow + 2) {
                Some(body @ TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
                    arms.push((pattern, self.body(body)));
                }
                other => {
                    let at = other
                        .cloned()
                        .unwrap_or_else(|| arm_tokens[arrow + 1].clone());
                    self.error(
                        at,
                        "the body of a match arm is markup in braces: `Pattern => { … }`\n\
                         help: to show text, write `Pattern => { \"text\" }` or `Pattern => { {value} }`",
                    );
                    break;
                }
            }
            i = arrow + 3;
            if matches!(arm_tokens.get(i), Some(TokenTree::Punct(p)) if p.as_char() == ',') {
                i += 1;
            }
        }
        // A match missing arms would not type-check: leave it out after an error.
        (self.errors.len() == errors).then_some(Block::Match { scrutinee, arms })
    }

    fn for_block(&mut self, group: &Group, tokens: &[TokenTree]) -> Option<Block> {
        let split = tokens
            .iter()
            .position(|t| matches!(t, TokenTree::Ident(i) if i == "in"));
        let body_at = first_brace(tokens, 1);
        let (Some(split), Some(body_at)) = (split, body_at) else {
            self.error(
                group,
                "expected `{for pattern in iterator { … }}`\nhelp: write `{for item in @items { <li>{item}</li> }}`",
            );
            return None;
        };
        if split <= 1 || split + 1 >= body_at {
            self.error(group, "expected `{for pattern in iterator { … }}`");
            return None;
        }
        let pattern: TokenStream = tokens[1..split].iter().cloned().collect();
        // `, key = expr` between the iterator and the body.
        let comma = (split + 1..body_at)
            .find(|&j| matches!(&tokens[j], TokenTree::Punct(p) if p.as_char() == ','));
        let iter_end = comma.unwrap_or(body_at);
        let iter: TokenStream = tokens[split + 1..iter_end].iter().cloned().collect();
        let iter = self.expression(iter, group);
        let mut key = None;
        if let Some(comma) = comma {
            let is_key = matches!(tokens.get(comma + 1), Some(TokenTree::Ident(k)) if k == "key")
                && matches!(tokens.get(comma + 2), Some(TokenTree::Punct(p)) if p.as_char() == '=')
                && comma + 3 < body_at;
            if is_key {
                let expr: TokenStream = tokens[comma + 3..body_at].iter().cloned().collect();
                key = Some(self.expression(expr, group));
            } else {
                self.error(
                    &tokens[comma],
                    "expected `, key = expr` before the loop body",
                );
            }
        }
        if let Some(extra) = tokens.get(body_at + 1) {
            self.error(extra, "unexpected tokens after the `for` body");
        }
        let body = self.body(&tokens[body_at]);
        Some(Block::For {
            each: ForLoop { pattern, iter },
            key,
            body,
        })
    }

    /// The markup inside the braces of a block body.
    fn body(&mut self, token: &TokenTree) -> Vec<Node> {
        let TokenTree::Group(group) = token else {
            return Vec::new();
        };
        let mut inner = Cursor::new(group.stream());
        self.children(&mut inner, None, None).0
    }

    /// An expression given as tokens: `@name` rewritten; `around` spans the error when empty.
    fn expression(&mut self, tokens: TokenStream, around: &Group) -> Interpolation {
        let mut group = Group::new(Delimiter::Brace, tokens);
        group.set_span(around.span());
        self.interpolation(&group)
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
                        // `@myself`: the LiveComponent being rendered, not an assign (it reads
                        // nothing that changes between renders of one component).
                        Some(TokenTree::Ident(name)) if name == "myself" => {
                            out.extend(quote::quote_spanned!(name.span()=>
                                (::live_core::live_component::myself())
                            ));
                            i += 2;
                        }
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
                    if let Some(pseudo) = pseudo_read(&tokens, i) {
                        if !assigns.contains(&pseudo) {
                            assigns.push(pseudo);
                        }
                    }
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

/// What kind of tag a start tag opens.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TagKind {
    Element,
    Component,
    Slot,
}

/// The parsed inside of a start tag.
#[derive(Default)]
struct StartTag {
    attributes: Vec<Attribute>,
    specials: Specials,
    /// `:let={pat}`.
    binding: Option<TokenStream>,
    binding_tokens: TokenStream,
    /// The span of `>` (or of `/>`), `None` when the tag never ends.
    end: Option<Span>,
    self_closing: bool,
    self_closing_tokens: TokenStream,
}

/// The special attributes, written `:name={…}`.
const KNOWN_SPECIALS: &[&str] = &["if", "for", "key", "let"];

/// The known special attribute closest to a misspelled one.
fn suggest(word: &str) -> Option<&'static str> {
    KNOWN_SPECIALS
        .iter()
        .copied()
        .map(|known| (edit_distance(word, known), known))
        .filter(|(distance, _)| *distance <= 2)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, known)| known)
}

/// Levenshtein distance, for suggestions.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Elements whose body is raw text, written as string literals and kept verbatim.
fn is_raw_text(name: &str) -> bool {
    name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style")
}

/// The expression of `{...expr}`, when `group` is a spread.
fn spread(group: &Group) -> Option<TokenStream> {
    let tokens: Vec<TokenTree> = group.stream().into_iter().collect();
    let dots = tokens
        .iter()
        .take(3)
        .filter(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == '.'))
        .count();
    (dots == 3).then(|| tokens[3..].iter().cloned().collect())
}

/// The `[…]` of `{[a, b]}`, when the value is a list literal.
fn list_literal(group: &Group) -> Option<Group> {
    let mut tokens = group.stream().into_iter();
    match (tokens.next(), tokens.next()) {
        (Some(TokenTree::Group(list)), None) if list.delimiter() == Delimiter::Bracket => {
            Some(list)
        }
        _ => None,
    }
}

/// The comma-separated items of a token list (commas inside groups do not count).
fn split_commas(stream: TokenStream) -> Vec<TokenStream> {
    let mut items = Vec::new();
    let mut current = TokenStream::new();
    for token in stream {
        if matches!(&token, TokenTree::Punct(p) if p.as_char() == ',') {
            items.push(std::mem::take(&mut current));
        } else {
            current.extend([token]);
        }
    }
    if !current.is_empty() {
        items.push(current);
    }
    items
}

/// The index of the first `{…}` group at or after `from`.
fn first_brace(tokens: &[TokenTree], from: usize) -> Option<usize> {
    (from..tokens.len())
        .find(|&i| matches!(&tokens[i], TokenTree::Group(g) if g.delimiter() == Delimiter::Brace))
}

/// `if`, `match` or `for` when a body `{…}` starts with that keyword (a block form).
fn block_keyword(group: &Group) -> Option<String> {
    match group.stream().into_iter().next() {
        Some(TokenTree::Ident(word))
            if matches!(word.to_string().as_str(), "if" | "match" | "for") =>
        {
            Some(word.to_string())
        }
        _ => None,
    }
}

/// The name under which a read of the flash is recorded among the assigns an expression reads:
/// `generate` guards it with `ChangeSet::FLASH` instead of a field's bit.
pub(crate) const FLASH: &str = "__live_flash";

/// The name under which a read of the live action is recorded, like [`FLASH`]: guarded with
/// `ChangeSet::LIVE_ACTION`.
pub(crate) const LIVE_ACTION: &str = "__live_live_action";

/// The name under which a read of the page title is recorded, like [`FLASH`]: guarded with
/// `ChangeSet::PAGE_TITLE`.
pub(crate) const PAGE_TITLE: &str = "__live_page_title";

/// Whether `name` is a pseudo-assign ([`FLASH`], [`LIVE_ACTION`], [`PAGE_TITLE`]), not a field.
pub(crate) fn is_pseudo(name: &Ident) -> bool {
    name == FLASH || name == LIVE_ACTION || name == PAGE_TITLE
}

/// When `tokens[i..]` starts `assigns.flash()`, `assigns.live_action()` or
/// `assigns.page_title()` (not after a `.`): the pseudo-assign [`FLASH`], [`LIVE_ACTION`] or
/// [`PAGE_TITLE`], spanned at the method, so the slot is re-evaluated only when that changed.
fn pseudo_read(tokens: &[TokenTree], i: usize) -> Option<Ident> {
    let after_dot = i > 0 && matches!(&tokens[i - 1], TokenTree::Punct(p) if p.as_char() == '.');
    match (
        &tokens[i],
        tokens.get(i + 1),
        tokens.get(i + 2),
        tokens.get(i + 3),
    ) {
        (
            TokenTree::Ident(receiver),
            Some(TokenTree::Punct(dot)),
            Some(TokenTree::Ident(method)),
            Some(TokenTree::Group(args)),
        ) if !after_dot
            && receiver == "assigns"
            && dot.as_char() == '.'
            && (method == "flash" || method == "live_action" || method == "page_title")
            && args.delimiter() == Delimiter::Parenthesis
            && args.stream().is_empty() =>
        {
            let name = if method == "flash" {
                FLASH
            } else if method == "live_action" {
                LIVE_ACTION
            } else {
                PAGE_TITLE
            };
            Some(Ident::new(name, method.span()))
        }
        _ => None,
    }
}

/// Adds the assigns of `more` not yet in `all`.
pub(crate) fn merge_assigns(all: &mut Vec<Ident>, more: &[Ident]) {
    for name in more {
        if !all.iter().any(|seen| seen.unraw() == name.unraw()) {
            all.push(name.clone());
        }
    }
}
