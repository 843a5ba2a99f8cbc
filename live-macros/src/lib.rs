//! The template compiler of **live**: [`html!`] and [`#[derive(LiveView)]`](macro@LiveView).
//!
//! Use them through `live_core` (`live_core::html!`, `#[derive(live_core::LiveView)]`); the
//! generated code calls `::live_core::__private`.
//!
//! - `html! { … }` compiles HEEx-like markup, written as Rust tokens, into a
//!   `live_core::Rendered`: the static HTML becomes one `static` list of fragments (escaped and
//!   JSON-encoded at compile time, fingerprinted once), and the expression evaluates only the
//!   dynamic slots, skipping those whose assigns did not change.
//! - `#[derive(LiveView)]` makes a struct's fields the view's assigns: it implements
//!   `live_core::Tracked` and generates change-tracking setters on `Assigns<YourView>`.
//!
//! # Example
//!
//! ```ignore
//! use live_core::{html, Assigns, LiveView, Rendered};
//!
//! #[derive(LiveView)]
//! pub struct Counter { count: i64 }
//!
//! fn render(assigns: &Assigns<Counter>) -> Rendered {
//!     html! {
//!         <div id="counter">
//!             <h1>Count: <span id="count">{@count}</span></h1>
//!             <button id="inc" phx-click="inc">+</button>
//!         </div>
//!     }
//! }
//! // renders <div id="counter"><h1>Count: <span id="count">0</span></h1><button id="inc" phx-click="inc">+</button></div>
//! ```
//!
//! Runnable examples live in `live-core/tests/html_macro.rs` and `live-core/tests/derive.rs`.
//!
//! # Template syntax
//!
//! | written | means |
//! | --- | --- |
//! | `<div …>…</div>` | an element; the closing tag must match |
//! | `<br>`, `<input …>`, `<br/>` | a void element (`area base br col embed hr img input link meta source track wbr`): no closing tag; only void elements may self-close |
//! | `id="main"` | a static attribute; the value is HTML-escaped at compile time |
//! | `disabled` | a boolean attribute, always present |
//! | `value={expr}` | a dynamic attribute: `expr` is rendered through `live_core::AttrValue` as ` value="…"` (escaped); `true` gives ` value`, `false` and `None` drop it |
//! | `phx-click`, `data-id`, `aria-label`, `xlink:href` | attribute and tag names may contain `-` and `:`, written without spaces |
//! | `Count: 3 items` | unquoted text, taken as HTML exactly as written (see whitespace below) |
//! | `"<b> & co"` | quoted text: plain text, HTML-escaped at compile time |
//! | `{expr}` | a dynamic slot: `expr` is rendered through `live_core::ToHtml` (text is escaped; a `Rendered` nests; `live_core::raw(…)` is inserted verbatim) |
//! | `@name` inside `{…}` | the assign `name`: it reads `assigns.name` and makes the slot depend on `name` |
//! | `<!DOCTYPE html>` | kept as written |
//!
//! `@name` needs a variable `assigns` in scope (`fn render(assigns: &Assigns<Self>)`); templates
//! without `@` do not. An `@` right after an identifier that is not a keyword is Rust's pattern
//! binding (`n @ 1..=9`) and is left alone.
//!
//! Unquoted text is made of Rust tokens, so a few characters need quotes: an apostrophe (`don't`
//! is read as a lifetime), `{` and `}` (they start an expression), `<` (it starts a tag), an `@`
//! directly before a word, and characters Rust does not tokenize (such as `\` or emoji).
//! Parentheses and brackets in text must balance, and tags opened inside them must close inside
//! them. Comments are Rust comments (`//`, `/* */`); HTML comments are not supported.
//!
//! # Whitespace
//!
//! The compiler sees tokens, not characters, so it recovers whitespace from token positions:
//!
//! 1. Whitespace between two tags (start tags, end tags, void elements) is dropped:
//!    `<ul>\n  <li>` gives `<ul><li>`. To keep a space between inline elements, quote it:
//!    `<b>a</b>" "<i>b</i>`.
//! 2. Anywhere else (around words, punctuation, quoted text and `{…}`), any run of whitespace,
//!    newlines and comments included, becomes exactly one space: `<h1>Count:  {@count}</h1>`
//!    gives `<h1>Count: 3</h1>`, `<p>\n  Hello\n</p>` gives `<p> Hello </p>`.
//! 3. Tokens written without whitespace stay joined: `Count:` stays `Count:`, `(a)` stays `(a)`.
//! 4. The inside of a string literal is kept exactly as written.
//!
//! When positions are not available (tokens produced by another procedural macro), words are
//! separated by one space and everything else is joined.
//!
//! # Change tracking
//!
//! Every slot that reads assigns is guarded by the assigns it reads: when none of them changed
//! since the last render, the slot is not evaluated and becomes `Dynamic::Unchanged`, which the
//! diff engine leaves out. Slots that read no assign are evaluated on every render (unlike
//! HEEx, which treats them as constants: a Rust expression may read locals, clocks or globals).
//!
//! # Errors
//!
//! Mistakes are reported at compile time on the offending token, all at once: unclosed,
//! mismatched and stray closing tags, a closing tag for a void element, a self-closing non-void
//! element, duplicate attributes, unquoted attribute values, an apostrophe in unquoted text, an
//! `@` not followed by a name, an empty `{}`. The macro still expands to a best-effort
//! `Rendered`, so the surrounding code keeps type-checking and completing in the editor.

mod ast;
mod derive;
mod generate;
mod parse;

// The one HTML/JSON escaper of the project, shared with `live-core`.
#[allow(dead_code, unreachable_pub)]
#[path = "../../live-core/src/escape.rs"]
mod escape;

use proc_macro::TokenStream;
use quote::quote;

/// Compiles a template into a `live_core::Rendered` expression.
///
/// See the [crate documentation](crate) for the syntax, the whitespace rules and an example.
#[proc_macro]
pub fn html(input: TokenStream) -> TokenStream {
    let (template, errors) = parse::parse(input.into());
    let expr = generate::generate(&template);
    if errors.is_empty() {
        return expr.into();
    }
    let errors = errors.iter().map(syn::Error::to_compile_error);
    quote!({ #(#errors)* #expr }).into()
}

/// Makes the named fields of a struct the assigns of a LiveView.
///
/// For `struct Counter { count: i64 }` it generates:
/// - `impl live_core::Tracked for Counter`, with `ASSIGNS = &["count"]` (field `i` has the change
///   bit `ChangeSet::bit(i)`);
/// - a trait `CounterAssigns` (same visibility as the struct), implemented for
///   `live_core::Assigns<Counter>`, with for every field `x: X`:
///   `set_x(&mut self, value: X)` (a change unless the value is equal, for `PartialEq` types),
///   `update_x(&mut self, f: impl FnOnce(&mut X))` and `x_mut(&mut self) -> &mut X` (always a
///   change);
/// - hidden items `html!` reads the change bits through.
///
/// The struct must have named fields and no generic parameters.
///
/// ```ignore
/// use live_core::{Assigns, LiveView};
/// #[derive(LiveView)]
/// struct Counter { count: i64 }
///
/// let mut assigns = Assigns::new(Counter { count: 0 });
/// assigns.clear_changed();
/// assigns.set_count(0); // equal: not a change
/// assert!(assigns.changed().is_empty());
/// assigns.update_count(|c| *c += 1);
/// assert_eq!(assigns.count, 1);
/// ```
#[proc_macro_derive(LiveView)]
pub fn derive_live_view(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    derive::derive(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
