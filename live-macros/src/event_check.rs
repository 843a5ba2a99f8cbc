//! The compile-time check of a template's event names: every literal name of an event binding
//! (`phx-click="inc"`, `phx-submit`, …, `JS::push("inc")` in a binding's expression) is read as
//! a field of the view's declared event names (`#[live(events = Msg)]`), so a name that is not
//! declared is an error on the literal. A view without declared events accepts any name.

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned};
use syn::ext::IdentExt;

use crate::ast::{AttributeValue, Block, Component, Node, SlotEntry, Template};
use crate::event_names;

/// The literal event names of `template`, with where each is written; names of elements with
/// a `phx-target` (their events go to another view or component) are left out.
pub(crate) fn uses(template: &Template) -> Vec<(String, Span)> {
    let mut found = Vec::new();
    nodes(&template.nodes, &mut found);
    found
}

fn nodes(list: &[Node], found: &mut Vec<(String, Span)>) {
    for node in list {
        match node {
            Node::Element(element) => {
                let targeted = element
                    .attributes
                    .iter()
                    .any(|a| a.name.text == "phx-target");
                if !targeted {
                    for attribute in &element.attributes {
                        if !event_names::BINDINGS.contains(&attribute.name.text.as_str()) {
                            continue;
                        }
                        match &attribute.value {
                            AttributeValue::Static(name, span) => found.push((name.clone(), *span)),
                            AttributeValue::Dynamic(value) => {
                                if let Some(expr) = &value.expr {
                                    pushes(expr.clone(), found);
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
fn component(component: &Component, found: &mut Vec<(String, Span)>) {
    let targeted = component
        .attributes
        .iter()
        .any(|a| a.name.unraw() == "phx_target");
    if !targeted {
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
                        found.push((text.value(), literal.span()));
                    }
                }
                _ => pushes(expr.clone(), found),
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

fn slot(entry: &SlotEntry, found: &mut Vec<(String, Span)>) {
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
pub(crate) fn check(uses: &[(String, Span)], assigns: &Ident) -> TokenStream {
    let mut fields: Vec<Ident> = Vec::new();
    let mut reads = Vec::new();
    let events = Ident::new("__live_events", Span::mixed_site());
    for (name, span) in uses {
        // Spanned at the literal: an unknown name is an error there, with rustc's "a field
        // with a similar name exists" when one does.
        let at = *span;
        let (Some(field), Some(mask)) = (event_names::field(name, at), event_names::hyphens(name))
        else {
            continue;
        };
        if !fields.iter().any(|f| f == &field) {
            fields.push(field.clone());
        }
        reads.push(quote_spanned! {*span=>
            ::live_core::live_event::check::spelled::<#mask, _>(&#events.#field);
        });
    }
    if reads.is_empty() {
        return TokenStream::new();
    }
    let any = Ident::new("__LiveAnyEvents", Span::mixed_site());
    let method = Ident::new("__live_events", assigns.span());
    quote! {
        // A view without declared events fills in this struct of every name used here.
        #[allow(non_camel_case_types, dead_code)]
        #[derive(Default)]
        struct #any {
            #(#fields: ::live_core::live_event::check::AnySpelling,)*
        }
        #[allow(clippy::redundant_closure)]
        let _ = || {
            let #events = #assigns.#method::<#any>();
            #(#reads)*
        };
    }
}
