//! The compile-time check of a template's event names: every literal name of an event binding
//! (`phx-click="inc"`, `phx-submit`, …, `JS::push("inc")` in a binding's expression) is looked
//! up among the declared event names (`#[live(events = Msg)]`) of where the event goes, so a
//! name that is not declared is an error on the literal:
//! - no `phx-target`: the view's events (in a view's template; a LiveComponent's template does
//!   not know the view it is rendered in, so there they are not checked);
//! - `phx-target={@myself}`: the events of the LiveComponent whose template this is;
//! - any other target (a CSS selector, a computed value): not checkable, not checked.
//!
//! A view or component without declared events accepts any name.

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned};
use syn::ext::IdentExt;

use crate::ast::{AttributeValue, Block, Component, Node, SlotEntry, Template};
use crate::event_names;

/// The literal event names of a template, with where each is written, by where they go.
#[derive(Default)]
pub(crate) struct Uses {
    /// Names of bindings without a `phx-target`: the view's events.
    view: Vec<(String, Span)>,
    /// Names of bindings with `phx-target={@myself}`: the LiveComponent's own events.
    myself: Vec<(String, Span)>,
}

/// Where the events of an element or component go, read from its `phx-target`.
enum Target {
    /// No target: the view.
    View,
    /// `{@myself}`: the LiveComponent rendering the template.
    Myself,
    /// A selector or a computed target: unknown at compile time.
    Unknown,
}

impl Uses {
    fn of(&mut self, target: Target) -> Option<&mut Vec<(String, Span)>> {
        match target {
            Target::View => Some(&mut self.view),
            Target::Myself => Some(&mut self.myself),
            Target::Unknown => None,
        }
    }
}

/// Whether `expr` is `@myself` as the parser rewrites it.
fn is_myself(expr: &TokenStream) -> bool {
    let text: String = expr.to_string().split_whitespace().collect();
    text == "(::live_core::live_component::myself())"
}

/// The target of a `phx-target` attribute value.
fn target_of(value: &AttributeValue) -> Target {
    match value {
        AttributeValue::Dynamic(value) if value.expr.as_ref().is_some_and(is_myself) => {
            Target::Myself
        }
        _ => Target::Unknown,
    }
}

/// The literal event names of `template`, with where each is written, by where they go.
pub(crate) fn uses(template: &Template) -> Uses {
    let mut found = Uses::default();
    nodes(&template.nodes, &mut found);
    found
}

fn nodes(list: &[Node], found: &mut Uses) {
    for node in list {
        match node {
            Node::Element(element) => {
                let target = element
                    .attributes
                    .iter()
                    .find(|a| a.name.text == "phx-target")
                    .map_or(Target::View, |a| target_of(&a.value));
                if let Some(names) = found.of(target) {
                    for attribute in &element.attributes {
                        if !event_names::BINDINGS.contains(&attribute.name.text.as_str()) {
                            continue;
                        }
                        match &attribute.value {
                            AttributeValue::Static(name, span) => names.push((name.clone(), *span)),
                            AttributeValue::Dynamic(value) => {
                                if let Some(expr) = &value.expr {
                                    pushes(expr.clone(), names);
                                }
                            }
                            _ => {}
                        }
                    }
                }
                nodes(&element.children, found);
            }
            Node::Block(Block::If {
                branches,
                otherwise,
            }) => {
                for (_, body) in branches {
                    nodes(body, found);
                }
                if let Some(body) = otherwise {
                    nodes(body, found);
                }
            }
            Node::Block(Block::Match { arms, .. }) => {
                for (_, body) in arms {
                    nodes(body, found);
                }
            }
            Node::Block(Block::For { body, .. }) => nodes(body, found),
            Node::Component(component) => self::component(component, found),
            Node::Slot(slot) => self::slot(slot, found),
            Node::Text(_) | Node::Interpolation(_) | Node::Doctype(_) => {}
        }
    }
}

/// `<.form phx-submit="save">` (the attribute `phx_submit`) and the component's children.
fn component(component: &Component, found: &mut Uses) {
    let target = component
        .attributes
        .iter()
        .find(|a| a.name.unraw() == "phx_target")
        .map_or(Target::View, |a| match &a.value.expr {
            Some(expr) if is_myself(expr) => Target::Myself,
            _ => Target::Unknown,
        });
    if let Some(names) = found.of(target) {
        for attribute in &component.attributes {
            let name = attribute.name.unraw().to_string().replace('_', "-");
            if !event_names::BINDINGS.contains(&name.as_str()) {
                continue;
            }
            let Some(expr) = &attribute.value.expr else {
                continue;
            };
            let mut tokens = expr.clone().into_iter();
            match (tokens.next(), tokens.next()) {
                (Some(TokenTree::Literal(literal)), None) => {
                    if let syn::Lit::Str(text) = syn::Lit::new(literal.clone()) {
                        names.push((text.value(), literal.span()));
                    }
                }
                _ => pushes(expr.clone(), names),
            }
        }
    }
    if let Some(inner) = &component.inner {
        nodes(inner, found);
    }
    for entry in &component.slots {
        slot(entry, found);
    }
}

fn slot(entry: &SlotEntry, found: &mut Uses) {
    nodes(&entry.body, found);
}

/// The names of `push("name")` in a binding's expression (`JS::push("inc")`,
/// `JS::new().push("inc")`), unless the chain also sets a target.
fn pushes(expr: TokenStream, found: &mut Vec<(String, Span)>) {
    let tokens: Vec<TokenTree> = expr.into_iter().collect();
    if tokens
        .iter()
        .any(|t| matches!(t, TokenTree::Ident(i) if i == "target" || i == "push_with"))
    {
        return;
    }
    for (i, token) in tokens.iter().enumerate() {
        let TokenTree::Group(group) = token else {
            continue;
        };
        let after_push =
            i > 0 && matches!(&tokens[i - 1], TokenTree::Ident(ident) if ident == "push");
        if !after_push {
            pushes(group.stream(), found);
            continue;
        }
        if let Some(TokenTree::Literal(literal)) = group.stream().into_iter().next() {
            if let syn::Lit::Str(text) = syn::Lit::new(literal.clone()) {
                found.push((text.value(), literal.span()));
            }
        }
    }
}

/// The statements checking `uses` against the events of `assigns` (the user's variable,
/// spanned where the template first reads it); nothing when there are no names to check.
pub(crate) fn check(uses: &Uses, assigns: &Ident) -> TokenStream {
    let mut out = check_against(&uses.view, assigns, "__live_events");
    out.extend(check_against(&uses.myself, assigns, "__live_myself_events"));
    out
}

/// The statements checking `uses` against the names `assigns.<method>()` returns: a view's or
/// component's declared names (`#[derive(LiveEvent)]`), or (none declared) `AnyEvents`.
///
/// Each name is a type named like it, keyed by its characters, and the check is
/// `events.event::<name, _>()`, spanned at the literal: on a name that is not declared, the
/// derive's `on_unimplemented` says "unknown event `name`" there and lists the declared names.
/// (Reading the name as a field of a struct of names gave rustc's "a field with a similar name
/// exists", whose fix replaced the whole literal, quotes and all, by a bare identifier.)
fn check_against(uses: &[(String, Span)], assigns: &Ident, method: &str) -> TokenStream {
    let events = Ident::new("__live_events", Span::mixed_site());
    let mut reads = Vec::new();
    for (name, span) in uses {
        let (Some(key), Some(mask)) = (event_names::ident(name, *span), event_names::hyphens(name))
        else {
            continue;
        };
        let chars = event_names::chars(name);
        reads.push(quote_spanned! {*span=>
            {
                #[allow(non_camel_case_types, dead_code)]
                struct #key {}
                impl ::live_core::live_event::check::Name for #key {
                    type Chars = #chars;
                }
                ::live_core::live_event::check::spelled::<#mask, _>(#events.event::<#key, _>());
            }
        });
    }
    if reads.is_empty() {
        return TokenStream::new();
    }
    let method = Ident::new(method, assigns.span());
    // Not in a closure: the message names the type `name` by its path when another item of
    // the crate has its name, and `render::name` reads better than `render::{closure#0}::name`.
    // The calls do nothing.
    quote! {
        {
            let #events = #assigns.#method::<::live_core::live_event::check::AnyEvents>();
            #(#reads)*
        }
    }
}
