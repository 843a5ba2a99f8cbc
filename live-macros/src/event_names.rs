//! Event names as Rust identifiers and types: the shared rules of `#[derive(LiveEvent)]` (which
//! declares its names by their characters) and of `html!` (which asks for every name it finds
//! by a type named like it, of the same characters).

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// The attributes whose value names an event the client pushes to the view
/// (docs/protocol-bindings.md §1).
pub(crate) const BINDINGS: &[&str] = &[
    "phx-click",
    "phx-click-away",
    "phx-change",
    "phx-submit",
    "phx-blur",
    "phx-focus",
    "phx-window-blur",
    "phx-window-focus",
    "phx-keydown",
    "phx-keyup",
    "phx-window-keydown",
    "phx-window-keyup",
    "phx-viewport-top",
    "phx-viewport-bottom",
    "phx-auto-recover",
];

/// The identifier standing for the event `name`: the name with `-` read as `_`, raw for
/// keywords; `None` for a name that is no identifier that way (it is not checked at compile
/// time).
pub(crate) fn ident(name: &str, span: Span) -> Option<Ident> {
    let text = name.replace('-', "_");
    let mut chars = text.chars();
    let first = chars.next()?;
    if !(first.is_ascii_alphabetic() || first == '_')
        || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        || text == "_"
    {
        return None;
    }
    if syn::parse_str::<Ident>(&text).is_ok() {
        return Some(Ident::new(&text, span));
    }
    // A keyword (`type`, `match`): raw, except the few that cannot be raw.
    match text.as_str() {
        "self" | "Self" | "super" | "crate" => None,
        _ => Some(Ident::new_raw(&text, span)),
    }
}

/// The key of the event `name` for the check: the tuple of its characters (`-` read as `_`)
/// as `live_core::live_event::check::Char` types, the same for the derive and for `html!`.
pub(crate) fn chars(name: &str) -> TokenStream {
    let chars = name
        .chars()
        .map(|c| if c == '-' { '_' } else { c })
        .map(|c| quote!(::live_core::live_event::check::Char<#c>));
    quote!((#(#chars,)*))
}

/// Where `name` writes `-` among its separators: bit `i` for the `i`-th `-` or `_`. `None` past
/// 64 separators (such a name is not checked).
pub(crate) fn hyphens(name: &str) -> Option<u64> {
    let mut mask = 0u64;
    for (i, c) in name.chars().filter(|c| *c == '-' || *c == '_').enumerate() {
        if i >= 64 {
            return None;
        }
        if c == '-' {
            mask |= 1 << i;
        }
    }
    Some(mask)
}

/// The event name of a variant: its identifier in snake case (`SaveItem` is `save_item`,
/// `HTTPGet` is `http_get`).
pub(crate) fn snake_case(ident: &str) -> String {
    let chars: Vec<char> = ident.chars().collect();
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        if c.is_uppercase() && i > 0 {
            let previous = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if previous.is_lowercase()
                || previous.is_ascii_digit()
                || (previous.is_uppercase() && next_lower)
            {
                out.push('_');
            }
        }
        out.extend(c.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(snake_case("SaveItem"), "save_item");
        assert_eq!(snake_case("HTTPGet"), "http_get");
        assert_eq!(snake_case("Inc"), "inc");
        assert_eq!(snake_case("Step2Next"), "step2_next");
        let span = Span::call_site();
        assert_eq!(
            ident("save-item", span).map(|i| i.to_string()),
            Some("save_item".into())
        );
        assert_eq!(
            ident("type", span).map(|i| i.to_string()),
            Some("r#type".into())
        );
        assert!(ident("a:b", span).is_none());
        assert!(ident("1x", span).is_none());
        assert_eq!(hyphens("a-b_c-d"), Some(0b101));
    }
}
