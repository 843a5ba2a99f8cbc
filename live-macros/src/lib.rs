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
//! Runnable examples live in `live-core/tests/` (`html_macro.rs`, `control_flow.rs`,
//! `attributes.rs`, `components.rs`, `derive.rs`) and in the template corpus of the `tests/`
//! crate (`tests/src/corpus.rs`), whose snapshots in `tests/snapshots/` show the HTML and JSON
//! of every syntax item.
//!
//! # Template syntax
//!
//! | written | means |
//! | --- | --- |
//! | `<div …>…</div>` | an element; the closing tag must match |
//! | `<br>`, `<input …>`, `<br/>` | a void element (`area base br col embed hr img input link meta source track wbr`): no closing tag; only void elements and components may self-close |
//! | `id="main"` | a static attribute; the value is HTML-escaped at compile time |
//! | `disabled` | a boolean attribute, always present |
//! | `value={expr}` | a dynamic attribute: `expr` is rendered through `live_core::AttrValue` as ` value="…"` (escaped); `true` gives ` value`, `false` and `None` drop it; `raw(…)` is inserted unescaped |
//! | `class={["btn", @on.then_some("on"), ("big", @big)]}` | a list attribute (any name): the entries (`live_core::ClassValue`: text, `Option`, `(text, bool)`, nested lists) are joined with spaces; falsy ones (`""`, `None`, `(_, false)`) are dropped, and an all-falsy list drops the attribute |
//! | `{...pairs}` | a spread: every `(name, value)` of an `IntoIterator` (by value: write `{...&@attrs}` for an assign) becomes an attribute; values go through `AttrValue` (escaped), names are sanitized (see `live_core::html::attribute_name`) and escaped |
//! | `phx-click`, `data-id`, `aria-label`, `xlink:href` | attribute and tag names may contain `-` and `:`, written without spaces; global attributes pass through unchanged |
//! | `Count: 3 items` | unquoted text, taken as HTML exactly as written (see whitespace below) |
//! | `"<b> & co"` | quoted text: plain text, HTML-escaped at compile time |
//! | `{expr}` | a dynamic slot: `expr` is rendered through `live_core::ToHtml` (text is escaped; a `Rendered` or a `Slot` nests; `live_core::raw(…)` is inserted verbatim) |
//! | `@name` inside any expression | the assign `name`: it reads `assigns.name` and makes the slot depend on `name` |
//! | `<p :if={cond}>` | the tag only when `cond` holds (`:if={let Some(x) = &@opt}` binds `x` in the tag) |
//! | `<li :for={pat in iter} :key={expr}>` | the tag once per item: a comprehension; `:key` (optional) identifies entries across renders; with `:if` too, the condition filters entries |
//! | `{if c { … } else if d { … } else { … }}` | block form: the bodies are markup; `if let` works; no `else` renders nothing |
//! | `{match expr { Pat => { … }, Pat if guard => { … } }}` | block form: each arm's body is markup in braces |
//! | `{for pat in iter { … }}`, `{for pat in iter, key = expr { … }}` | block form of a loop whose body has no single tag |
//! | `<.card title={@t}>…</.card>`, `<.card title="x"/>` | a call of the function component `card` (see below) |
//! | `<:header title="x" :let={value}>…</:header>` | a named slot entry, only as a direct child of a component call |
//! | `<script>"…"</script>`, `<style>r#"…"#</style>` | raw text: the body is string literals, inserted verbatim (not escaped); it cannot contain `</script` / `</style`, and takes no `{…}` (pass data through `data-*` attributes) |
//! | `<!DOCTYPE html>` | kept as written |
//!
//! A `{…}` whose first token is `if`, `match` or `for` is always a block form, whose bodies are
//! markup. To interpolate a Rust `if`/`match` *expression*, wrap it in parentheses:
//! `{(if @n == 1 { "item" } else { "items" })}`.
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
//! 1. Whitespace between two tags (start tags, end tags, void elements, component calls, slot
//!    entries and block forms) is dropped: `<ul>\n  <li>` gives `<ul><li>`. To keep a space
//!    between inline elements, quote it: `<b>a</b>" "<i>b</i>`.
//! 2. Anywhere else (around words, punctuation, quoted text and `{…}`), any run of whitespace,
//!    newlines and comments included, becomes exactly one space: `<h1>Count:  {@count}</h1>`
//!    gives `<h1>Count: 3</h1>`, `<p>\n  Hello\n</p>` gives `<p> Hello </p>`.
//! 3. Tokens written without whitespace stay joined: `Count:` stays `Count:`, `(a)` stays `(a)`.
//! 4. The inside of a string literal is kept exactly as written. The body of a block form or a
//!    slot starts and ends without whitespace.
//!
//! When positions are not available (tokens produced by another procedural macro), words are
//! separated by one space and everything else is joined.
//!
//! # Function components
//!
//! ```ignore
//! use live_core::{component, html, Rendered, Slot};
//!
//! #[derive(Default)]
//! pub struct Column { pub label: String }
//!
//! /// A card. Parameters are attributes; `inner_block` is the children of the call.
//! #[component]
//! pub fn card(
//!     title: String,                      // required
//!     subtitle: Option<String>,           // optional (None)
//!     #[attr(default = 2)] level: u8,     // optional, with a default
//!     #[attr(default)] muted: bool,       // optional, Default::default()
//!     inner_block: Slot,                  // required slot (Option<Slot> / Vec<Slot> are optional)
//!     footer: Option<Slot>,               // named slot `<:footer>`
//! ) -> Rendered {
//!     html! {
//!         <article class={["card", ("muted", *muted)]} data-level={level}>
//!             <h2>{@title}</h2>
//!             <p :if={let Some(s) = &@subtitle}>{s}</p>
//!             {@inner_block}
//!             <footer :if={let Some(f) = &@footer}>{f}</footer>
//!         </article>
//!     }
//! }
//!
//! /// Slot entries with attributes (`A` of `Slot<A, T>`, a `Default` struct) and a value `T`
//! /// passed to the caller's `:let`.
//! #[component]
//! pub fn table<'a>(rows: &'a [Row], col: Vec<Slot<Column, &'a Row>>) -> Rendered {
//!     html! {
//!         <table>
//!             <tr><th :for={c in @col.iter()}>{c.attrs.label}</th></tr>
//!             <tr :for={row in @rows.iter()}><td :for={c in col.iter()}>{c.render(row)}</td></tr>
//!         </table>
//!     }
//! }
//!
//! html! {
//!     <.card title={@title} level={3} muted>
//!         Hello <b>{@name}</b>
//!         <:footer>Sent</:footer>
//!     </.card>
//!     <.table rows={&@rows}>
//!         <:col label="Name" :let={row}>{row.name}</:col>
//!     </.table>
//! }
//! ```
//!
//! - `<.card>` calls the function `card` in scope and builds its attributes struct, also named
//!   `card` (a type, beside the function). A component from another module is brought into
//!   scope with `use other::card;`, which imports both.
//! - Inside the body, `@title` reads the attribute (and the parameters are also bound as
//!   plain variables, by reference). Attribute values convert with `Into` (`title="x"` for a
//!   `String`); reference parameters take the value as it is; `Option<T>` parameters also take
//!   a `T` (or `"text"` for `Option<String>`). A bare attribute (`muted`) passes `true`.
//! - Component and slot attribute names are Rust identifiers (`type="x"` sets `r#type`).
//! - Render a slot with `{@inner_block}` (slots without a value), `slot.render(value)`, or
//!   iterate a `Vec<Slot>`. `:let={pattern}` on the call (inner block) or on a slot entry
//!   receives the value.
//! - Errors at the call site: an unknown attribute or slot is "no method named `x` found for
//!   `__card_Builder`", spanned on the attribute; a missing required attribute or slot is
//!   "missing required attribute `title` of component `card`"; a wrong type is reported on
//!   the value; an unknown component is "cannot find type `crad` in this scope", with the
//!   component of a similar name when there is one. A misspelt assign (`{@cuont}`) is one
//!   error, "no field `cuont` on type `&Assigns<View>`", with the field of a similar name.
//!
//! # Change tracking
//!
//! Every slot that reads assigns is guarded by the assigns it reads: when none of them changed
//! since the last render, the slot is not evaluated and not stored (the rendered node keeps
//! only the evaluated slots, as `(index, value)` pairs), and the diff engine leaves it out.
//! Slots reading the same set of assigns share one guard, so a change to one assign costs the
//! slots that read it, not the size of the template. Slots that read no assign and no variable
//! (literals, constants, `JS::push("x")`) are constants, evaluated on full renders only, as in
//! HEEx; slots that read a variable but no assign are evaluated on every render.
//!
//! A nested construct is one slot whose guard is the union of every assign read inside it
//! (conditions, iterators, keys, bodies, component attributes and slot bodies):
//! - `:if` / `{if}` / `{match}`: when the condition's assigns did not change, the taken branch
//!   is rendered with the real change set, so only its changed inner slots are sent; when they
//!   changed (or the condition reads no assign), the branch is rendered in full, since the
//!   client may hold another one. A false `:if` (or `if` without `else`) is the text `""`.
//! - `:for` / `{for}`: a comprehension whose entries are rendered in full (they read loop
//!   variables), each with its `:key` (or none). The diff engine leaves out entries whose
//!   content did not change. When the loop iterates one assign that is a
//!   [`LiveVec`](../live_core/live_vec/struct.LiveVec.html) (`@rows.iter()` or `&@rows`, no
//!   `:if` on the tag) and the render is not a full one, only the rows edited or appended since
//!   the last render are rendered, as a patch of the list the client holds.
//! - A component call is re-evaluated only when an assign it reads changed, and a call whose
//!   attributes and slot bodies read nothing that can change (`<.link navigate="/x">X</.link>`)
//!   is a constant, rendered on full renders only. When it is re-evaluated, the component
//!   learns which of its attributes changed: an attribute is changed when an assign its
//!   expression reads changed (a constant attribute never is, one reading only variables always
//!   is), a slot (`inner_block`, `<:name>` entries) when an assign of its body or attributes
//!   changed. Inside the component, `@title` is tracked like a view's assign, so only the
//!   slots reading a changed attribute are sent; values the component computes into locals
//!   from its attributes are untracked (read the attribute with `@` in the template, or a helper
//!   taking `&@attr`, to track them). A slot body without `:let` is itself tracked with the
//!   caller's change set; a `:let` body is rendered in full (its values come from the
//!   component, typically per entry of a loop). When a component puts a tracked body where the
//!   client holds nothing, the runtime notices (`ClientTree::missing_values`) and renders again
//!   in full.
//! - `assigns.flash()` is tracked like an assign: a slot reading it is re-evaluated only when
//!   the flash changed (`put_flash`, `clear_flash`, a navigation bringing one). So are
//!   `assigns.live_action()` (the route's live action) and `assigns.page_title()` (the title
//!   set with `Socket::set_page_title`).
//!
//! Expressions must depend only on assigns, loop variables and values that do not change
//! between renders: a slot reading a local that changes while its assigns do not is not
//! re-evaluated.
//!
//! # The static render
//!
//! Each `html!` also compiles to code that writes its HTML straight into one `String`, used
//! inside `live_core::static_render::render_to_string` (a view's first HTTP response): no tree,
//! one allocation sized from the previous render of the same template, integers and strings
//! written without `core::fmt`. Both paths produce the same HTML; the corpus, browser and
//! oracle tests compare the static render with the tree and with the official client's merge
//! of the tree's diffs.
//!
//! An expression whose every result is a string literal is written as a choice between
//! constants: `class={if @active { "tab on" } else { "tab" }}` (or a `match` whose arms are
//! literals, or a parenthesized `{("text")}` in a body) escapes each literal at compile time
//! and joins it with the markup around it, so the static render pushes one constant per arm
//! and escapes nothing at run time. The tree is unchanged: such a slot is dynamic as usual.
//!
//! ```
//! use live_core::{html, static_render::render_to_string, Rendered};
//!
//! fn tab(active: bool) -> Rendered {
//!     html! { <li class={if active { "tab on" } else { "tab" }}>Home</li> }
//! }
//!
//! assert_eq!(render_to_string(|| tab(true)), r#"<li class="tab on">Home</li>"#);
//! assert_eq!(tab(false).to_html(), r#"<li class="tab">Home</li>"#);
//! ```
//!
//! That second body is compiled where its speed matters and where it is tested: in release
//! builds (`cfg(not(debug_assertions))`) and in test crates (`cfg(test)`). A debug build
//! (`cargo build`, `cargo run`, `cargo check`) compiles only the tree, which then also serves
//! `render_to_string` (a full render, turned into HTML): the same HTML, and half the code for
//! the compiler to check and generate on every edit of a template.
//!
//! # Errors
//!
//! Mistakes are reported at compile time on the offending token, all at once: unclosed,
//! mismatched and stray closing tags, a closing tag for a void element, a self-closing non-void
//! element, duplicate attributes, unquoted attribute values, an apostrophe in unquoted text, an
//! `@` not followed by a name, an empty `{}`, unknown (`:iff`: "did you mean `:if`?"),
//! duplicate or misplaced special attributes (`:key` without `:for`, `:let` on an element, a
//! special attribute on a closing tag or on a slot entry), a `:for` without `in`, malformed
//! block forms, slots outside a component call, script bodies that are not string literals.
//! The macro still expands to a best-effort `Rendered`, so the surrounding code keeps
//! type-checking and completing in the editor.

mod ast;
mod async_result;
mod component;
mod derive;
mod event_check;
mod event_names;
mod generate;
mod literal_choice;
mod live_event;
mod parse;
mod view_options;

// The one HTML/JSON escaper of the project, shared with `live-core`.
#[allow(dead_code, unreachable_pub)]
#[path = "../../live-core/src/escape.rs"]
mod escape;

// The fingerprint of statics, shared with `live-core`: computed here at expansion so that the
// compiler does not evaluate it as a constant.
#[allow(unreachable_pub)]
#[path = "../../live-core/src/fingerprint.rs"]
mod fingerprint;

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

/// Turns a function into a function component, called in templates as `<.name …>`.
///
/// The parameters are the component's attributes: a plain type is required, `Option<T>` is
/// optional, `#[attr(default)]` / `#[attr(default = expr)]` give a default, and `Slot`,
/// `Option<Slot>`, `Vec<Slot>` are slots (`inner_block` is the children of the call). See the
/// [crate documentation](crate#function-components).
#[proc_macro_attribute]
pub fn component(args: TokenStream, input: TokenStream) -> TokenStream {
    let function = syn::parse_macro_input!(input as syn::ItemFn);
    component::component(args.into(), function)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
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
#[proc_macro_derive(LiveView, attributes(live))]
pub fn derive_live_view(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    derive::derive(&input, "LiveView")
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Makes the named fields of a struct the assigns of a LiveComponent: the same items as
/// `#[derive(LiveView)]` (a `Tracked` impl, a `<Name>Assigns` trait of setters on
/// `live_core::Assigns<Name>`), so a component's template re-renders only the slots whose
/// assigns changed.
///
/// ```ignore
/// use live_core::{Assigns, LiveComponent};
/// #[derive(LiveComponent)]
/// struct Row { label: String }
///
/// let mut assigns = Assigns::new(Row { label: "a".into() });
/// assigns.clear_changed();
/// assigns.set_label("b".into());
/// assert!(!assigns.changed().is_empty());
/// ```
#[proc_macro_derive(LiveComponent, attributes(live))]
pub fn derive_live_component(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    derive::derive(&input, "LiveComponent")
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Makes an enum a set of events (`live_core::LiveEvent`): each variant is an event, named in
/// snake case (`SaveItem` is `"save_item"`) or by `#[live(name = "save-item")]`, and decoded
/// from the event's params (named fields one by one, one unnamed field from all of them).
///
/// With `#[live(events = Msg)]` on a view's `#[derive(LiveView)]`, `html!` checks every literal
/// event name of the view's templates against the variants at compile time; on a
/// `#[derive(LiveComponent)]`, the names its template sends with `phx-target={@myself}`. See
/// `live_core::live_event`.
///
/// ```ignore
/// #[derive(LiveEvent)]
/// enum Msg { Inc, Dec, Save { id: u64 } }
/// ```
#[proc_macro_derive(LiveEvent, attributes(live))]
pub fn derive_live_event(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    live_event::derive(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
