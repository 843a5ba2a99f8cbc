//! `<.async_result :let={org} assign={@org}>`: with a `:let` on the call, the template matches
//! the async assign itself, so the pattern receives `&T` of the `AsyncResult<T>` with its type
//! known to the template (a typo in `org.nmae` is a compile error on it). The `<:loading>` slot
//! renders while loading, `<:failed :let={why}>` (a `&str`) after a failure, the inner block once
//! loaded. Without `:let` the call is the `live_core::async_result::async_result` component.

use proc_macro2::{Span, TokenStream};
use quote::quote_spanned;

use crate::ast::{Block, Component, Interpolation, Node};

/// The call lowered to a `match` on the assign, or the call as it is when it is no typed
/// `<.async_result>` (no `:let`, another component, `:if`/`:for` on it, other attributes or
/// slots): the component then reports what is wrong with it.
pub(crate) fn lower(component: Component) -> Node {
    let typed = component.name == "async_result"
        && component.binding.is_some()
        && component.specials.is_plain()
        && component.attributes.len() == 1
        && component.attributes[0].name == "assign"
        && component
            .slots
            .iter()
            .all(|s| s.name == "loading" || s.name == "failed")
        && component
            .slots
            .iter()
            .filter(|s| s.name == "loading")
            .count()
            <= 1
        && component
            .slots
            .iter()
            .filter(|s| s.name == "failed")
            .count()
            <= 1;
    if !typed {
        return Node::Component(component);
    }
    let Component {
        name,
        mut attributes,
        binding,
        inner,
        slots,
        ..
    } = component;
    let assign = attributes.remove(0).value;
    let at = name.span();
    let view = quote_spanned!(at=> ::live_core::async_result::AsyncView);
    let scrutinee = Interpolation {
        expr: assign
            .expr
            .map(|expr| quote_spanned!(at=> #view::of(::core::borrow::Borrow::borrow(&(#expr))))),
        assigns: assign.assigns,
    };
    let pattern = |tokens: TokenStream| Interpolation {
        expr: Some(tokens),
        assigns: Vec::new(),
    };
    let mut loading = Vec::new();
    let mut failed = (None, Vec::new());
    for slot in slots {
        if slot.name == "loading" {
            loading = slot.body;
        } else {
            failed = (slot.binding, slot.body);
        }
    }
    let underscore = || quote_spanned!(Span::call_site()=> _);
    let why = failed.0.unwrap_or_else(underscore);
    let value = binding.unwrap_or_else(underscore);
    let arms = vec![
        (pattern(quote_spanned!(at=> #view::Loading)), loading),
        (pattern(quote_spanned!(at=> #view::Failed(#why))), failed.1),
        (
            pattern(quote_spanned!(at=> #view::Ok(#value))),
            inner.unwrap_or_default(),
        ),
    ];
    Node::Block(Block::Match { scrutinee, arms })
}
