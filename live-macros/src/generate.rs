//! Compiles an [`ast::Template`](crate::ast::Template) into an expression building a
//! `::live_core::Rendered`.
//!
//! Static markup is merged and escaped here, at compile time, into the fragments of one
//! `static` `Statics` per template (with its JSON encoding); the expression only evaluates the
//! dynamic slots, and only those whose assigns changed. `:if` branches, loop bodies, block forms
//! and component calls are nested templates with statics of their own.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::ext::IdentExt;

use crate::ast::{
    is_single_element, AttributeValue, Block, Component, ComponentAttribute, Element, ForLoop,
    Interpolation, Node, Specials, Template, Text,
};
use crate::escape::{escape_html_into, escape_json_into};
use crate::literal_choice::LiteralChoice;
use crate::parse::{is_pseudo, merge_assigns, FLASH, LIVE_ACTION, PAGE_TITLE};

/// The expression for `template`.
pub(crate) fn generate(template: &Template) -> TokenStream {
    let mut ctx = Ctx::default();
    let mut builder = Builder::new(Mode::Tracked, &mut ctx);
    builder.nodes(&template.nodes);
    builder.note_own_slots();
    let (parts, slots) = builder.finish();
    let body = rendered(
        &parts,
        is_single_element(&template.nodes),
        &slots,
        Mode::Tracked,
    );
    // Locals of the generated code are invisible to the user's expressions (mixed-site hygiene).
    let changed = changed_ident();
    let bits = bits_ident();
    let prelude = match &ctx.tracked {
        Some(first) => {
            // `assigns` is the user's variable: spanned at the first `@name`, so a template
            // with assigns but no `assigns` in scope is reported there.
            let assigns = Ident::new("assigns", first.span());
            let changed_now = quote_spanned!(first.span()=> #assigns.changed());
            let read_bits = ctx
                .bits
                .then(|| quote_spanned!(first.span()=> let #bits = #assigns.__live_bits();));
            // In a build without the static render (below), a template asked for HTML renders
            // its tree in full instead (`render_to_string` may run while only some assigns
            // changed).
            let events = crate::event_check::check(&crate::event_check::uses(template), &assigns);
            Some(quote_spanned! {first.span()=>
                #events
                #[cfg(any(not(debug_assertions), test))]
                let #changed = #changed_now;
                #[cfg(all(debug_assertions, not(test)))]
                let #changed = if ::live_core::__private::writing_html() {
                    ::live_core::ChangeSet::ALL
                } else {
                    #changed_now
                };
                #read_bits
            })
        }
        // Without assigns there is no change set: every render is a full one.
        None if ctx.constant => Some(quote!(let #changed = ::live_core::ChangeSet::ALL;)),
        None => None,
    };
    // The static render writes everything; a tracked slot body of a component call (a tree
    // built inside it) sees every assign changed.
    let write_prelude = prelude.as_ref().filter(|_| ctx.tracked_body).map(|_| {
        let read_bits = ctx.tracked.as_ref().filter(|_| ctx.bits).map(|first| {
            let assigns = Ident::new("assigns", first.span());
            quote!(let #bits = #assigns.__live_bits();)
        });
        quote! {
            #[allow(unused_variables)]
            let #changed = ::live_core::ChangeSet::ALL;
            #[allow(unused_variables)]
            #read_bits
        }
    });
    // The static render writes the HTML straight into one buffer (no tree), sized by the
    // previous render of this template. It is a second body for every template, so it is
    // compiled where its speed matters and its output must be checked: release builds and
    // tests. A debug build (`cargo build`, `cargo run`, `cargo check`) compiles only the tree,
    // which then serves `render_to_string` too (`Rendered::into_html`); same HTML, half the
    // code to type-check, borrow-check and generate.
    let write = written(&parts, &slots);
    let out = out_ident();
    let buffer = Ident::new("__live_buffer", Span::mixed_site());
    let writer = Ident::new("__live_writer", Span::mixed_site());
    let written = Ident::new("__live_written", Span::mixed_site());
    quote!({
        // The value dispatch of `__private` (fast paths for integers and strings) needs its
        // traits in scope; nested blocks see them too.
        #[allow(unused_imports)]
        use ::live_core::__private::{
            ViaAttrValue as _, ViaDisplayKey as _, ViaFastAttr as _, ViaFastKey as _,
            ViaFastText as _, ViaToHtml as _,
        };
        #[cfg(any(not(debug_assertions), test))]
        let #written = if ::live_core::__private::writing_html() {
            static __LIVE_SIZE: ::live_core::__private::SizeHint =
                ::live_core::__private::SizeHint::new();
            // A closure of its own: the borrow checker and the code generator see two bodies
            // of half the size instead of one (their cost grows faster than linearly).
            #[allow(clippy::redundant_closure_call)]
            let #buffer = (|| {
                let mut #buffer = __LIVE_SIZE.buffer();
                let mut #writer = ::live_core::__private::TextWriter::new(&mut #buffer);
                {
                    let #out = &mut #writer;
                    #write_prelude
                    #write
                }
                #writer.finish();
                #buffer
            })();
            __LIVE_SIZE.record(&#buffer);
            ::core::option::Option::Some(::live_core::__private::Rendered::from_html(#buffer))
        } else {
            ::core::option::Option::None
        };
        #[cfg(all(debug_assertions, not(test)))]
        let #written: ::core::option::Option<::live_core::__private::Rendered> =
            ::core::option::Option::None;
        match #written {
            ::core::option::Option::Some(written) => written,
            ::core::option::Option::None => {
                #prelude
                #body
            }
        }
    })
}

/// The `&mut TextWriter` the static render writes into.
fn out_ident() -> Ident {
    Ident::new("__live_out", Span::mixed_site())
}

/// The writer adding the entries of the comprehension a loop fills (`EntryWriter`).
fn list_ident() -> Ident {
    Ident::new("__live_list", Span::mixed_site())
}

/// Statements writing the HTML of a template (its fragments and slots) to `__live_out`, in
/// closures when there are many (see [`chunked`]).
///
/// An attribute whose value is text (integers, strings: known once types are, so one branch
/// is compiled away) is written as three pushes: the fragment before it with ` name="`, the
/// escaped value, and `"` with the fragment after it.
fn written(parts: &[String], slots: &[Slot]) -> TokenStream {
    let out = out_ident();
    let push = |text: &str| (!text.is_empty()).then(|| quote!(#out.push_str(#text);));
    let mut statements = Vec::new();
    let mut pending = parts.first().cloned().unwrap_or_default();
    for (i, slot) in slots.iter().enumerate() {
        let mut next = parts.get(i + 1).cloned().unwrap_or_default();
        if let Some(choice) = &slot.choice {
            // Each literal becomes one constant with the markup around it (see
            // `LiteralChoice`); long neighbours are pushed once rather than copied per arm.
            let (before, after) = if pending.len() + next.len() <= FUSED_NEIGHBOURS {
                (std::mem::take(&mut pending), std::mem::take(&mut next))
            } else {
                statements.extend(push(&std::mem::take(&mut pending)));
                (String::new(), String::new())
            };
            let (open, close) = match &slot.attr {
                Some((_, _, prefix)) => (prefix.as_str(), "\""),
                None => ("", ""),
            };
            statements.push(choice.write(&out, &|literal| {
                let mut text = format!("{before}{open}");
                escape_html_into(&mut text, literal);
                text.push_str(close);
                text.push_str(&after);
                text
            }));
            // Empty when it went into the literals.
            pending = next;
            continue;
        }
        match &slot.attr {
            Some((value, name, prefix)) => {
                let head = format!("{pending}{prefix}");
                let tail = format!("\"{next}");
                statements.push(quote! {
                    #value.write_fused(#name, [#head, #tail, #pending, #next], #out);
                });
                pending = String::new();
            }
            None => {
                statements.extend(push(&pending));
                statements.push(slot.write.clone());
                pending = next;
            }
        }
    }
    statements.extend(push(&pending));
    // The writer keeps its length in a register; in a long run of writes that is one long chain
    // of additions, which LLVM's analyses follow recursively (a 1,000-slot template overflowed
    // its stack). A checkpoint every few statements makes the length opaque again.
    let mut checked = Vec::with_capacity(statements.len() + statements.len() / CHUNK);
    for (i, statement) in statements.into_iter().enumerate() {
        if i > 0 && i % CHUNK == 0 {
            checked.push(quote!(#out.checkpoint();));
        }
        checked.push(statement);
    }
    chunked(checked)
}

/// The most static text (before and after a slot together) that a [`LiteralChoice`] copies
/// into each of its literals.
const FUSED_NEIGHBOURS: usize = 96;

fn changed_ident() -> Ident {
    Ident::new("__live_changed", Span::mixed_site())
}

fn bits_ident() -> Ident {
    Ident::new("__live_bits", Span::mixed_site())
}

/// How the slots of a template are evaluated.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Slots are guarded by the change set `__live_changed`: a slot whose assigns did not
    /// change is `Dynamic::Unchanged`.
    Tracked,
    /// Every slot is evaluated: loop entries (they read loop variables) and branches whose
    /// condition reads no assign (the client may hold another branch).
    Full,
}

/// What the whole expansion needs to know.
#[derive(Default)]
struct Ctx {
    /// The first assign read by a guarded slot: the prelude reading the change set is needed,
    /// and spanned there.
    tracked: Option<Ident>,
    /// Some slot is a constant guarded by the change set.
    constant: bool,
    /// Some guard reads an assign's bit (not only the flash's): the prelude reads the bits.
    bits: bool,
    /// Some component call has a tracked slot body (it reads the change set where the static
    /// render runs too).
    tracked_body: bool,
}

/// One dynamic slot: the code computing its `Dynamic`, and every assign it reads, nested
/// templates included.
struct Slot {
    code: TokenStream,
    /// Statements appending the slot's HTML to `__live_out` (the static render).
    write: TokenStream,
    /// In a comprehension entry: statements adding the slot through the entry writer
    /// `__live_list` (text goes to the list's shared buffer); `None` pushes `code`.
    entry: Option<TokenStream>,
    /// For a `name={expr}` attribute: the dispatched value, the name and ` name="`, so the
    /// static render can fuse the quotes with the surrounding fragments (`written` uses this
    /// instead of `write`, which is empty).
    attr: Option<(TokenStream, String, String)>,
    assigns: Vec<Ident>,
    /// The expression chooses between string literals: the static render writes the chosen
    /// literal with its neighbouring fragments as one constant (instead of `write`/`attr`).
    choice: Option<LiteralChoice>,
    /// The expression reads no assign and no variable (a literal, a constant, a call on a
    /// path like `JS::push("x")`): like HEEx, it is evaluated only on full renders.
    constant: bool,
    /// The same as `constant` but whatever the mode: the slot's value never changes between
    /// renders (a component call with only such attributes is constant too).
    pure: bool,
}

/// Walks nodes, accumulating static HTML until a slot cuts it into a new fragment.
struct Builder<'c> {
    parts: Vec<String>,
    current: String,
    slots: Vec<Slot>,
    mode: Mode,
    ctx: &'c mut Ctx,
}

impl<'c> Builder<'c> {
    fn new(mode: Mode, ctx: &'c mut Ctx) -> Self {
        Builder {
            parts: Vec::new(),
            current: String::new(),
            slots: Vec::new(),
            mode,
            ctx,
        }
    }

    /// The fragments and the slots (one fewer than fragments).
    fn finish(self) -> (Vec<String>, Vec<Slot>) {
        let mut parts = self.parts;
        parts.push(self.current);
        (parts, self.slots)
    }

    /// Compiles `nodes` (given by `fill`) as a nested template in `mode`.
    fn nested(
        &mut self,
        mode: Mode,
        fill: impl FnOnce(&mut Builder<'_>),
    ) -> (Vec<String>, Vec<Slot>) {
        let mut inner = Builder::new(mode, self.ctx);
        fill(&mut inner);
        inner.finish()
    }

    /// The expression of a nested `Rendered` for `nodes`, the statements writing its HTML,
    /// and the assigns it reads.
    fn nested_rendered(
        &mut self,
        mode: Mode,
        nodes: &[Node],
    ) -> (TokenStream, TokenStream, Vec<Ident>) {
        let (parts, slots) = self.nested(mode, |b| b.nodes(nodes));
        let assigns = slot_assigns(&slots);
        let code = rendered(&parts, is_single_element(nodes), &slots, mode);
        let write = written(&parts, &slots);
        self.note_tracked(mode, &slots);
        (code, write, assigns)
    }

    /// [`Builder::note_tracked`] for the slots of this (tracked) builder.
    fn note_own_slots(&mut self) {
        let assigns = slot_assigns(&self.slots);
        if self.ctx.tracked.is_none() {
            self.ctx.tracked = assigns.first().cloned();
        }
        self.ctx.bits |= assigns.iter().any(|a| !is_pseudo(a));
    }

    fn note_tracked(&mut self, mode: Mode, slots: &[Slot]) {
        if mode != Mode::Tracked {
            return;
        }
        if self.ctx.tracked.is_none() {
            self.ctx.tracked = slots.iter().find_map(|s| s.assigns.first().cloned());
        }
        self.ctx.bits |= slots
            .iter()
            .any(|s| s.assigns.iter().any(|a| !is_pseudo(a)));
    }

    fn nodes(&mut self, nodes: &[Node]) {
        for node in nodes {
            match node {
                Node::Element(element) if element.specials.is_plain() => self.element(element),
                Node::Element(element) => {
                    self.special(&element.specials, true, |b| b.element(element));
                }
                Node::Text(Text::Markup(html)) => self.current.push_str(html),
                Node::Text(Text::Quoted(text)) => escape_html_into(&mut self.current, text),
                Node::Text(Text::Space) => self.current.push(' '),
                Node::Doctype(html) => self.current.push_str(html),
                Node::Interpolation(interpolation) => self.interpolation(interpolation),
                Node::Block(block) => self.block(block),
                Node::Component(component) if component.specials.is_plain() => {
                    self.component(component)
                }
                Node::Component(component) => {
                    self.special(&component.specials, false, |b| b.component(component));
                }
                // Reported by the parser; nothing to render.
                Node::Slot(_) => {}
            }
        }
    }

    fn element(&mut self, element: &Element) {
        self.current.push('<');
        self.current.push_str(&element.name.text);
        for attribute in &element.attributes {
            let name = &attribute.name.text;
            match &attribute.value {
                AttributeValue::Empty => {
                    self.current.push(' ');
                    self.current.push_str(name);
                }
                AttributeValue::Static(value, _) => {
                    self.current.push(' ');
                    self.current.push_str(name);
                    self.current.push_str("=\"");
                    escape_html_into(&mut self.current, value);
                    self.current.push('"');
                }
                AttributeValue::Dynamic(interpolation) => {
                    if let Some(expr) = &interpolation.expr {
                        // URL attributes get the scheme check; the name is known here, so
                        // every other attribute keeps the plain path.
                        let value = if is_url_attribute(name) {
                            quote!((&::live_core::__private::UrlAttr(&(#expr))))
                        } else {
                            quote!((&::live_core::__private::Attr(&(#expr))))
                        };
                        let list = list_ident();
                        let code = quote!(#value.dynamic(#name));
                        let mut prefix = String::from(" ");
                        escape_html_into(&mut prefix, name);
                        prefix.push_str("=\"");
                        let entry = quote!(#value.push_entry(#name, #prefix, &mut #list););
                        // `written` writes it from `attr`, fused with its neighbours.
                        let write = TokenStream::new();
                        self.expression_slot(code, write, Some(entry), interpolation, expr);
                        if let Some(slot) = self.slots.last_mut() {
                            slot.attr = Some((value, name.clone(), prefix));
                        }
                    }
                }
                AttributeValue::List(items) => {
                    let list = Ident::new("__live_list", Span::mixed_site());
                    let mut assigns = Vec::new();
                    let pushes = items.iter().filter_map(|item| {
                        merge_assigns(&mut assigns, &item.assigns);
                        let expr = item.expr.as_ref()?;
                        Some(quote!(#list.push(&(#expr));))
                    });
                    let pushes: Vec<TokenStream> = pushes.collect();
                    let build = quote! {
                        let mut #list = ::live_core::__private::ClassList::new();
                        #(#pushes)*
                    };
                    let out = out_ident();
                    let code = quote!({
                        #build
                        ::live_core::__private::Dynamic::Text(
                            ::live_core::AttrValue::render_attr(&#list, #name),
                        )
                    });
                    let html = Ident::new("__live_html", Span::mixed_site());
                    let write = quote!({
                        #build
                        #out.with_string(|#html| {
                            ::live_core::AttrValue::write_attr(&#list, #name, #html)
                        });
                    });
                    self.slot(code, write, assigns);
                }
                AttributeValue::Spread(interpolation) => {
                    if let Some(expr) = &interpolation.expr {
                        let code = quote!(::live_core::__private::spread(#expr));
                        let out = out_ident();
                        let html = Ident::new("__live_html", Span::mixed_site());
                        let write = quote! {
                            #out.with_string(|#html| {
                                ::live_core::__private::spread_into(#expr, #html)
                            });
                        };
                        self.slot(code, write, interpolation.assigns.clone());
                    }
                }
            }
        }
        self.current.push('>');
        if !element.void {
            self.nodes(&element.children);
            self.current.push_str("</");
            self.current.push_str(&element.name.text);
            self.current.push('>');
        }
    }

    /// A tag with `:if` and/or `:for`: `fill` compiles the tag itself as a nested template.
    fn special(&mut self, specials: &Specials, root: bool, fill: impl FnOnce(&mut Builder<'_>)) {
        let condition = specials.condition.as_ref();
        let falsy = quote!(false);
        let cond_expr = condition.map(|c| c.expr.as_ref().unwrap_or(&falsy));
        if let Some(each) = &specials.each {
            // Entries are always rendered in full; `:if` filters entries.
            let (parts, slots) = self.nested(Mode::Full, fill);
            let mut assigns = slot_assigns(&slots);
            if let Some(c) = condition {
                merge_assigns(&mut assigns, &c.assigns);
            }
            if let Some(key) = &specials.key {
                merge_assigns(&mut assigns, &key.assigns);
            }
            let (code, write) = comprehension(
                each,
                specials.key.as_ref(),
                cond_expr,
                &parts,
                root,
                &slots,
                &mut assigns,
                self.mode,
            );
            self.slot(code, write, assigns);
            return;
        }
        let Some(condition) = condition else { return };
        let mode = self.branch_mode(&condition.assigns);
        let (parts, slots) = self.nested(mode, fill);
        let mut assigns = slot_assigns(&slots);
        merge_assigns(&mut assigns, &condition.assigns);
        self.note_tracked(mode, &slots);
        let body = rendered(&parts, root, &slots, mode);
        let body_write = written(&parts, &slots);
        let refresh = self.refresh(mode, &condition.assigns);
        let code = quote! {
            if #cond_expr {
                #refresh
                ::live_core::__private::Dynamic::Nested(#body)
            } else {
                ::live_core::__private::Dynamic::Text(::std::string::String::new())
            }
        };
        let write = quote!(if #cond_expr { #body_write });
        self.slot(code, write, assigns);
    }

    /// The mode of a branch chosen by a condition reading `condition` assigns: tracked when the
    /// condition itself is tracked, in full when it reads no assign (it may change any time).
    fn branch_mode(&self, condition: &[Ident]) -> Mode {
        if self.mode == Mode::Tracked && !condition.is_empty() {
            Mode::Tracked
        } else {
            Mode::Full
        }
    }

    /// In a tracked branch: when the condition's assigns changed, the client may hold another
    /// branch, so the taken one renders with every assign changed.
    fn refresh(&mut self, mode: Mode, condition: &[Ident]) -> Option<TokenStream> {
        if mode != Mode::Tracked || condition.is_empty() {
            return None;
        }
        if self.ctx.tracked.is_none() {
            self.ctx.tracked = condition.first().cloned();
        }
        self.ctx.bits |= condition.iter().any(|a| !is_pseudo(a));
        let changed = changed_ident();
        let mask = condition.iter().map(mask_of);
        Some(quote! {
            let #changed = if #changed.any(#(#mask)|*) {
                ::live_core::__private::ChangeSet::ALL
            } else {
                #changed
            };
        })
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::If {
                branches,
                otherwise,
            } => {
                let mut condition_assigns = Vec::new();
                for (condition, _) in branches {
                    merge_assigns(&mut condition_assigns, &condition.assigns);
                }
                let mode = self.branch_mode(&condition_assigns);
                let mut assigns = condition_assigns.clone();
                let mut arms = Vec::new();
                let mut write_arms = Vec::new();
                for (condition, body) in branches {
                    let (code, write, body_assigns) = self.nested_rendered(mode, body);
                    merge_assigns(&mut assigns, &body_assigns);
                    let expr = condition.expr.clone().unwrap_or_else(|| quote!(false));
                    arms.push(quote!(if #expr { ::live_core::__private::Dynamic::Nested(#code) }));
                    write_arms.push(quote!(if #expr { #write }));
                }
                let (fallback, write_fallback) = match otherwise {
                    Some(body) => {
                        let (code, write, body_assigns) = self.nested_rendered(mode, body);
                        merge_assigns(&mut assigns, &body_assigns);
                        (
                            quote!(::live_core::__private::Dynamic::Nested(#code)),
                            write,
                        )
                    }
                    None => (
                        quote!(::live_core::__private::Dynamic::Text(
                            ::std::string::String::new()
                        )),
                        TokenStream::new(),
                    ),
                };
                let refresh = self.refresh(mode, &condition_assigns);
                let code = quote!({
                    #refresh
                    #(#arms else)* { #fallback }
                });
                let write = quote!(#(#write_arms else)* { #write_fallback });
                self.slot(code, write, assigns);
            }
            Block::Match { scrutinee, arms } => {
                let mut condition_assigns = scrutinee.assigns.clone();
                for (pattern, _) in arms {
                    merge_assigns(&mut condition_assigns, &pattern.assigns);
                }
                let mode = self.branch_mode(&condition_assigns);
                let mut assigns = condition_assigns.clone();
                let mut code_arms = Vec::new();
                let mut write_arms = Vec::new();
                for (pattern, body) in arms {
                    let (code, write, body_assigns) = self.nested_rendered(mode, body);
                    merge_assigns(&mut assigns, &body_assigns);
                    let Some(pattern) = &pattern.expr else {
                        continue;
                    };
                    code_arms
                        .push(quote!(#pattern => ::live_core::__private::Dynamic::Nested(#code),));
                    write_arms.push(quote!(#pattern => { #write }));
                }
                let Some(expr) = &scrutinee.expr else { return };
                let refresh = self.refresh(mode, &condition_assigns);
                let code = quote!({
                    #refresh
                    match #expr { #(#code_arms)* }
                });
                let write = quote!(match #expr { #(#write_arms)* });
                self.slot(code, write, assigns);
            }
            Block::For { each, key, body } => {
                let (parts, slots) = self.nested(Mode::Full, |b| b.nodes(body));
                let mut assigns = slot_assigns(&slots);
                if let Some(key) = key {
                    merge_assigns(&mut assigns, &key.assigns);
                }
                let (code, write) = comprehension(
                    each,
                    key.as_ref(),
                    None,
                    &parts,
                    is_single_element(body),
                    &slots,
                    &mut assigns,
                    self.mode,
                );
                self.slot(code, write, assigns);
            }
        }
    }

    /// A component call: builds the attributes through the component's builder, then calls it.
    ///
    /// In a tracked template the call is evaluated only when an assign it reads changed (never
    /// again after the full render when it reads nothing that can change), and the component
    /// receives which of its attributes changed: the assigns of each attribute's expression (of
    /// each slot's body and attributes), so its own template re-sends only the slots reading
    /// those (docs of `html!`, "Change tracking").
    fn interpolation(&mut self, interpolation: &Interpolation) {
        if let Some(expr) = &interpolation.expr {
            let value = quote!((&::live_core::__private::Text(&(#expr))));
            let (out, list) = (out_ident(), list_ident());
            let code = quote!(#value.dynamic());
            let write = quote!(#value.write_html(#out););
            let entry = quote!(#value.push_entry(&mut #list););
            self.expression_slot(code, write, Some(entry), interpolation, expr);
        }
    }

    /// `<.live_component module={C} id={…} a={…}/>`: a slot holding the component `C` with
    /// the id and `C::Attrs { a: … }` (or `attrs={value}` for the whole value, `Default` with
    /// no attribute). The slot reads the assigns the attributes read.
    fn live_component(&mut self, component: &Component) {
        let span = component.span;
        let mut module = None;
        let mut id = None;
        let mut whole = None;
        let mut fields = Vec::new();
        let mut assigns = Vec::new();
        for attribute in &component.attributes {
            merge_assigns(&mut assigns, &attribute.value.assigns);
            let Some(value) = attribute.value.expr.clone() else {
                return;
            };
            match attribute.name.to_string().as_str() {
                "module" => module = Some(value),
                "id" => id = Some(value),
                "attrs" => whole = Some(value),
                _ => fields.push((attribute.name.clone(), value)),
            }
        }
        let fail = |message: &str| Interpolation {
            expr: Some(quote_spanned!(span=> ::core::compile_error!(#message))),
            assigns: Vec::new(),
        };
        let interpolation = match (module, id) {
            _ if component.inner.is_some() || !component.slots.is_empty() => fail(
                "`<.live_component>` takes no inner block or slots: pass what the component needs as attributes",
            ),
            (None, _) => fail(
                "`<.live_component>` needs `module={Component}`: the LiveComponent type to render",
            ),
            (_, None) => fail(
                "`<.live_component>` needs an `id={…}`: it names the component among those of its type, so that its state is kept across renders",
            ),
            (Some(_), Some(_)) if whole.is_some() && !fields.is_empty() => fail(
                "`<.live_component>` takes either `attrs={value}` or one attribute per field of the component's `Attrs`, not both",
            ),
            (Some(module), Some(id)) => {
                let names = fields.iter().map(|(name, _)| name);
                let values = fields.iter().map(|(_, value)| value);
                let attrs = match whole {
                    Some(whole) => whole,
                    None if fields.is_empty() => quote!(::core::default::Default::default()),
                    None => quote_spanned! {span=> {
                        type __LiveAttrs = <#module as ::live_core::live_component::LiveComponent>::Attrs;
                        __LiveAttrs { #(#names: #values),* }
                    }},
                };
                Interpolation {
                    expr: Some(quote_spanned! {span=>
                        ::live_core::live_component::live_component::<#module>(#id, #attrs)
                    }),
                    assigns,
                }
            }
        };
        self.interpolation(&interpolation);
    }

    fn component(&mut self, component: &Component) {
        if component.name == "live_component" {
            return self.live_component(component);
        }
        let name = &component.name;
        let span = component.span;
        let props = Ident::new("__live_props", Span::mixed_site());
        let mut assigns = Vec::new();
        let mut steps = Vec::new();
        // Per attribute (by its name): what marks it changed.
        let mut changes: Vec<(Ident, AttributeChange)> = Vec::new();
        let mut pure = true;
        for attribute in &component.attributes {
            merge_assigns(&mut assigns, &attribute.value.assigns);
            let method = &attribute.name;
            let value = attribute
                .value
                .expr
                .clone()
                .unwrap_or_else(|| quote_spanned!(method.span()=> ::core::unreachable!()));
            let constant = attribute.value.assigns.is_empty()
                && attribute.value.expr.as_ref().is_some_and(is_constant);
            pure &= constant;
            let change = if constant {
                AttributeChange::Never
            } else if attribute.value.assigns.is_empty() {
                AttributeChange::Always
            } else {
                AttributeChange::Assigns(attribute.value.assigns.clone())
            };
            changes.push((method.clone(), change));
            steps.push(quote!(let #props = #props.#method(#value);));
        }
        let attrs = Ident::new("__live_attrs", Span::mixed_site());
        let mut slot_call = |builder: &mut Builder<'_>,
                             method: &Ident,
                             attributes: &[ComponentAttribute],
                             binding: Option<&TokenStream>,
                             body: &[Node]| {
            // A slot body is tracked like the caller's template when the component renders
            // it once in place (the usual inner block): its slots whose assigns did not change
            // are left out. A body receiving a value (`:let`) is typically rendered per entry
            // of a loop, where every value is needed: it renders in full. When the component
            // puts a tracked body where the client holds nothing, `missing_values` catches it
            // and the runtime renders again in full.
            let mode = match (builder.mode, binding) {
                (Mode::Tracked, None) => Mode::Tracked,
                _ => Mode::Full,
            };
            builder.ctx.tracked_body |= mode == Mode::Tracked;
            let (parts, slots) = builder.nested(mode, |b| b.nodes(body));
            let body_assigns = slot_assigns(&slots);
            let code = rendered(&parts, is_single_element(body), &slots, mode);
            builder.note_tracked(mode, &slots);
            let mut slot_assigns = body_assigns.clone();
            let mut slot_pure = slots.iter().all(|s| s.pure);
            let mut untracked = slots.iter().any(|s| !s.pure && s.assigns.is_empty());
            merge_assigns(&mut assigns, &body_assigns);
            let sets = attributes.iter().map(|attribute| {
                merge_assigns(&mut assigns, &attribute.value.assigns);
                merge_assigns(&mut slot_assigns, &attribute.value.assigns);
                let constant = attribute.value.assigns.is_empty()
                    && attribute.value.expr.as_ref().is_some_and(is_constant);
                slot_pure &= constant;
                untracked |= !constant && attribute.value.assigns.is_empty();
                let field = &attribute.name;
                let value = attribute
                    .value
                    .expr
                    .clone()
                    .unwrap_or_else(|| quote!(::core::unreachable!()));
                quote! {
                    #attrs.#field = {
                        #[allow(unused_imports)]
                        use ::live_core::__private::{ViaInto as _, ViaOptionalValue as _};
                        (&&::live_core::__private::Convert(
                            ::live_core::__private::hint(&#attrs.#field),
                            ::core::cell::Cell::new(::core::option::Option::Some(#value)),
                        ))
                            .convert()
                    };
                }
            });
            let sets: Vec<TokenStream> = sets.collect();
            // A `:let` body reads the value the component passes: not constant.
            pure &= slot_pure && binding.is_none();
            let change = if untracked {
                AttributeChange::Always
            } else if slot_assigns.is_empty() {
                AttributeChange::Never
            } else {
                AttributeChange::Assigns(slot_assigns)
            };
            match changes
                .iter_mut()
                .find(|(name, _)| name.unraw() == method.unraw())
            {
                // Several `<:col>` entries fill one attribute.
                Some((_, existing)) => existing.merge(change),
                None => changes.push((method.clone(), change)),
            }
            let pattern = binding.cloned().unwrap_or_else(|| quote!(_));
            steps.push(quote! {
                let #props = #props.#method(
                    |#attrs| { let _ = &#attrs; #(#sets)* },
                    |#pattern| #code,
                );
            });
        };
        if let Some(inner) = &component.inner {
            let method = Ident::new("inner_block", span);
            slot_call(self, &method, &[], component.binding.as_ref(), inner);
        }
        for slot in &component.slots {
            slot_call(
                self,
                &slot.name,
                &slot.attributes,
                slot.binding.as_ref(),
                &slot.body,
            );
        }
        // A missing required attribute fails `__build`'s bounds: point at the component name.
        let located = Ident::new("__live_props", Span::mixed_site().located_at(span));
        let build = quote_spanned!(span=> <#name>::__build(#located));
        // In a tracked template, the call tells the component which attributes changed.
        let tracked = self.mode == Mode::Tracked && !assigns.is_empty();
        let build = if tracked {
            let changed = changed_ident();
            let own = Ident::new("__live_own", Span::mixed_site());
            let attr_changes = Ident::new("__live_attr_changes", Span::mixed_site());
            let marks = changes.iter().filter_map(|(field, change)| match change {
                AttributeChange::Never => None,
                AttributeChange::Always => Some(quote!(#attr_changes.mark(#own.#field);)),
                AttributeChange::Assigns(names) => {
                    let mask = names.iter().map(mask_of);
                    Some(quote! {
                        if #changed.any(#(#mask)|*) { #attr_changes.mark(#own.#field); }
                    })
                }
            });
            quote! {{
                let #attr_changes = if #changed == ::live_core::ChangeSet::ALL {
                    ::live_core::ChangeSet::ALL
                } else {
                    #[allow(elided_lifetimes_in_paths)]
                    let #own = <#name>::__live_attribute_bits();
                    let mut #attr_changes = ::live_core::ChangeSet::NONE;
                    #(#marks)*
                    #attr_changes
                };
                #build.__live_with_changes(#attr_changes)
            }}
        } else {
            build
        };
        // The component is named through its attributes struct only (`<name>::…`): an unknown
        // component is one error, "cannot find type", with the similar names in scope.
        // Every temporary (the attributes, the slots borrowing the caller's data) is dropped
        // inside this block, so a call may borrow locals even in a function's tail expression.
        let rendered = Ident::new("__live_rendered", Span::mixed_site());
        let call = quote_spanned!(span=> #[allow(elided_lifetimes_in_paths)] let #rendered = <#name>::__live_render(&#build););
        let code = quote!({
            #[allow(elided_lifetimes_in_paths)]
            let #props = <#name>::__builder();
            #(#steps)*
            #call
            ::live_core::__private::Dynamic::Nested(#rendered)
        });
        let out = out_ident();
        let plain_call = quote_spanned!(span=> #[allow(elided_lifetimes_in_paths)] let #rendered = <#name>::__live_render(&<#name>::__build(#located)););
        let write = quote!({
            #[allow(elided_lifetimes_in_paths)]
            let #props = <#name>::__builder();
            #(#steps)*
            #plain_call
            #out.push_rendered(&#rendered);
        });
        self.slot(code, write, assigns);
        if let Some(slot) = self.slots.last_mut() {
            slot.pure = pure;
            if pure && self.mode == Mode::Tracked {
                slot.constant = true;
                self.ctx.constant = true;
            }
        }
    }

    fn slot(&mut self, code: TokenStream, write: TokenStream, assigns: Vec<Ident>) {
        self.parts.push(std::mem::take(&mut self.current));
        self.slots.push(Slot {
            code,
            write,
            entry: None,
            attr: None,
            assigns,
            choice: None,
            constant: false,
            pure: false,
        });
    }

    /// A slot for an interpolated expression: constant when it reads nothing that can change.
    fn expression_slot(
        &mut self,
        code: TokenStream,
        write: TokenStream,
        entry: Option<TokenStream>,
        interpolation: &Interpolation,
        expr: &TokenStream,
    ) {
        let constant = interpolation.assigns.is_empty() && is_constant(expr);
        self.slot(code, write, interpolation.assigns.clone());
        if let Some(slot) = self.slots.last_mut() {
            slot.entry = entry;
            slot.choice = LiteralChoice::of(expr);
            slot.pure = constant;
        }
        if constant && self.mode == Mode::Tracked {
            self.ctx.constant = true;
            if let Some(slot) = self.slots.last_mut() {
                slot.constant = true;
            }
        }
    }
}

/// The change mask of the assign `name` read by a slot: its bit in the view's (or
/// component's) bits, or the bit of a socket-level value (`ChangeSet::FLASH`, `LIVE_ACTION`,
/// `PAGE_TITLE`).
fn mask_of(name: &Ident) -> TokenStream {
    if name == FLASH {
        quote!(::live_core::ChangeSet::FLASH)
    } else if name == LIVE_ACTION {
        quote!(::live_core::ChangeSet::LIVE_ACTION)
    } else if name == PAGE_TITLE {
        quote!(::live_core::ChangeSet::PAGE_TITLE)
    } else {
        // Read through the field itself (see `__private::FieldBits`): a misspelt assign is
        // reported once, on the user's type, not again on the bits struct.
        let bits = bits_ident();
        let assigns = Ident::new("assigns", name.span());
        quote_spanned!(name.span()=> ::live_core::__private::field_bits(&#assigns.#name, #bits).#name)
    }
}

/// What marks one attribute of a component call changed.
enum AttributeChange {
    /// A constant: only a full render.
    Never,
    /// It reads variables the change set does not track: every evaluation of the call.
    Always,
    /// A change of one of these assigns.
    Assigns(Vec<Ident>),
}

impl AttributeChange {
    /// The attribute is given twice (several entries of one named slot): changed when either is.
    fn merge(&mut self, other: AttributeChange) {
        *self = match (std::mem::replace(self, AttributeChange::Never), other) {
            (AttributeChange::Always, _) | (_, AttributeChange::Always) => AttributeChange::Always,
            (AttributeChange::Never, other) | (other, AttributeChange::Never) => other,
            (AttributeChange::Assigns(mut all), AttributeChange::Assigns(more)) => {
                merge_assigns(&mut all, &more);
                AttributeChange::Assigns(all)
            }
        };
    }
}

/// Every assign read by `slots`.
fn slot_assigns(slots: &[Slot]) -> Vec<Ident> {
    let mut all = Vec::new();
    for slot in slots {
        merge_assigns(&mut all, &slot.assigns);
    }
    all
}

/// The `static` statics item of a template.
fn statics_item(parts: &[String], root: bool) -> TokenStream {
    let mut json = String::from("[");
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        escape_json_into(&mut json, part);
    }
    json.push(']');
    let strs: Vec<&str> = parts.iter().map(String::as_str).collect();
    let fingerprint = crate::fingerprint::fingerprint(&strs);
    quote! {
        static __LIVE_STATICS: ::live_core::__private::Statics =
            ::live_core::__private::Statics::with_fingerprint(
                &[#(#parts),*], #json, #fingerprint, #root,
            );
    }
}

/// The statements filling `__live_slots` with the `(index, value)` pairs of a node.
///
/// In full mode every slot is pushed. In tracked mode slots are grouped by the set of assigns
/// they read, one guard per group: a render after one assign changed tests each distinct set
/// once and evaluates only the slots reading it, however many slots the template has.
/// Constants are pushed on full renders only; slots reading no assign (but variables) always.
fn fill_slots(slots: &[Slot], mode: Mode, target: &Ident) -> TokenStream {
    let push = |index: usize, slot: &Slot| {
        let index = index as u32;
        let code = &slot.code;
        quote!(#target.push((#index, #code));)
    };
    if mode == Mode::Full {
        let pushes = slots.iter().enumerate().map(|(i, slot)| push(i, slot));
        return quote!(#(#pushes)*);
    }
    let changed = changed_ident();
    // Groups in the order of their first slot, keyed by the sorted assign names (`None` for
    // the constants); each with the assigns of its first slot and the pushes of its slots.
    type Group<'s> = (Option<Vec<String>>, &'s [Ident], Vec<TokenStream>);
    let mut groups: Vec<Group<'_>> = Vec::new();
    for (i, slot) in slots.iter().enumerate() {
        let key = if slot.constant {
            None
        } else {
            let mut names: Vec<String> = slot.assigns.iter().map(ToString::to_string).collect();
            names.sort();
            Some(names)
        };
        let code = push(i, slot);
        match groups.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, _, codes)) => codes.push(code),
            None => groups.push((key, &slot.assigns, vec![code])),
        }
    }
    let groups = groups
        .into_iter()
        .map(|(key, assigns, codes)| (key, assigns, chunked(codes)));
    let groups = groups.map(|(key, assigns, codes)| match key {
        None => quote! {
            if #changed == ::live_core::ChangeSet::ALL { #codes }
        },
        Some(names) if names.is_empty() => codes,
        Some(_) => {
            let mask = assigns.iter().map(mask_of);
            quote! {
                if #changed.any(#(#mask)|*) { #codes }
            }
        }
    });
    quote!(#(#groups)*)
}

/// Statements per closure in a long run of slot pushes or writes (see [`chunked`]).
const CHUNK: usize = 24;

/// The statements `codes`, in closures of [`CHUNK`] statements each when there are more.
///
/// The borrow checker's region inference grows faster than linearly with the size of a body,
/// and a big template is one body: cut into closures called on the spot (separate bodies, the
/// same statements in the same order), a 500-line template borrow-checks in a fraction of the
/// time. Closures also cut the code generator's work per function; in release builds they are
/// inlined back. Used for the slot pushes of a group (the tree) and the writes of the static
/// render.
fn chunked(codes: Vec<TokenStream>) -> TokenStream {
    if codes.len() <= CHUNK {
        return quote!(#(#codes)*);
    }
    let chunks = codes.chunks(CHUNK).map(|chunk| {
        quote! {
            #[allow(clippy::redundant_closure_call)]
            (|| { #(#chunk)* })();
        }
    });
    quote!(#(#chunks)*)
}

/// The block building a `Rendered` from the evaluated slots.
fn rendered(parts: &[String], root: bool, slots: &[Slot], mode: Mode) -> TokenStream {
    let statics = statics_item(parts, root);
    let target = Ident::new("__live_slots", Span::mixed_site());
    let count = slots.len();
    if count == 0 {
        return quote! {
            {
                #statics
                ::live_core::__private::Rendered::from_slots(&__LIVE_STATICS, ::std::vec::Vec::new())
            }
        };
    }
    let fill = fill_slots(slots, mode, &target);
    let guarded = slots.iter().any(|s| s.constant || !s.assigns.is_empty());
    let capacity = match mode {
        Mode::Tracked if guarded => {
            let changed = changed_ident();
            quote!(::live_core::__private::slot_capacity(#changed, #count))
        }
        _ => quote!(#count),
    };
    quote! {
        {
            #statics
            let mut #target = ::std::vec::Vec::with_capacity(#capacity);
            #fill
            ::live_core::__private::Rendered::from_slots(&__LIVE_STATICS, #target)
        }
    }
}

/// The block building a `Dynamic::List` of one entry per loop iteration, and the statements
/// writing the same loop's HTML.
///
/// Entry slots whose value is text go straight into the comprehension's shared text buffer.
/// In a tracked template, a loop over an assign without a filter goes through
/// `__private::Source`: when the iterable is a `LiveVec` edited in place since the last render,
/// only the edited rows are rendered, as a patch of the list the client holds.
#[allow(clippy::too_many_arguments)]
fn comprehension(
    each: &ForLoop,
    key: Option<&Interpolation>,
    filter: Option<&TokenStream>,
    parts: &[String],
    root: bool,
    slots: &[Slot],
    assigns: &mut Vec<Ident>,
    mode: Mode,
) -> (TokenStream, TokenStream) {
    merge_assigns(assigns, &each.iter.assigns);
    let statics = statics_item(parts, root);
    let list = list_ident();
    let comprehension = Ident::new("__live_comprehension", Span::mixed_site());
    let pattern = &each.pattern;
    let iter = each.iter.expr.clone().unwrap_or_else(|| quote!([(); 0]));
    let key_expr = key.and_then(|k| k.expr.as_ref());
    let key =
        key_expr.map(|key| quote!((&::live_core::__private::Key(&(#key))).push_key(&mut #list);));
    let values = slots.iter().map(|slot| match &slot.entry {
        Some(entry) => entry.clone(),
        None => {
            let code = &slot.code;
            quote!(#list.push_value(#code);)
        }
    });
    let values: Vec<TokenStream> = values.collect();
    // The static render does not need the key, but bindings used only by `:key` are used.
    let key_use = key_expr.map(|key| quote!(if false { let _ = &(#key); }));
    let body_write = written(parts, slots);
    let body_write = quote!(#key_use #body_write);
    let write = match filter {
        Some(condition) => quote!(for #pattern in #iter { if #condition { #body_write } }),
        None => quote!(for #pattern in #iter { #body_write }),
    };
    // A patch needs the iterable to be one assign's own list: the log is checked against the
    // last render of that field.
    let own_list = matches!(each.iter.assigns.as_slice(), [field] if !is_pseudo(field));
    if let (Mode::Tracked, None, true, [field]) =
        (mode, filter, own_list, each.iter.assigns.as_slice())
    {
        let changed = changed_ident();
        let assigns = Ident::new("assigns", field.span());
        let field_name = field.unraw().to_string();
        let entries = Ident::new("__live_entries", Span::mixed_site());
        let position = Ident::new("__live_position", Span::mixed_site());
        let code = quote! {
            {
                #statics
                #[allow(unused_imports)]
                use ::live_core::__private::{
                    EntryShape as _, ViaIterator as _, ViaLiveVec as _, ViaStream as _,
                };
                let #entries = (&&::live_core::__private::Source(::core::cell::Cell::new(
                    ::core::option::Option::Some(#iter),
                )))
                    .entries(if #changed == ::live_core::ChangeSet::ALL {
                        ::core::option::Option::None
                    } else {
                        ::core::option::Option::Some((#assigns.__render_epoch(), #field_name))
                    });
                let mut #comprehension = #entries.comprehension(&__LIVE_STATICS);
                let mut #list = #comprehension.writer();
                for (#position, #pattern) in #entries {
                    #list.begin_entry(#position);
                    #key
                    #(#values)*
                    #list.end_entry();
                }
                #list.finish();
                ::live_core::__private::Dynamic::List(#comprehension)
            }
        };
        return (code, write);
    }
    let entry = quote! {
        #list.begin_next_entry();
        #key
        #(#values)*
        #list.end_entry();
    };
    let entry = match filter {
        Some(condition) => quote!(if #condition { #entry }),
        None => entry,
    };
    // The iterable is borrowed before the loop consumes it: a stream's operations go with the
    // comprehension. (A `match` keeps the iterable's temporaries alive through the loop.)
    let iterable = Ident::new("__live_iterable", Span::mixed_site());
    let code = quote! {
        {
            #statics
            match #iter {
                #iterable => {
                    #[allow(unused_imports)]
                    use ::live_core::__private::{ViaPlainList as _, ViaStreamList as _};
                    let mut #comprehension = (&&::live_core::__private::ListOf(&#iterable))
                        .comprehension(&__LIVE_STATICS);
                    let mut #list = #comprehension.writer();
                    for #pattern in #iterable {
                        #entry
                    }
                    #list.finish();
                    ::live_core::__private::Dynamic::List(#comprehension)
                }
            }
        }
    };
    (code, write)
}

/// Whether a `name={expr}` attribute holds a URL the browser navigates to or loads: the same
/// list as `live_core::url_safety::is_url_attribute` (`live-core` depends on this crate, not
/// the other way round, so the list is written twice; `tests/hostile.rs` renders each name).
fn is_url_attribute(name: &str) -> bool {
    const URL_ATTRIBUTES: [&str; 16] = [
        "action",
        "background",
        "cite",
        "codebase",
        "data",
        "formaction",
        "href",
        "icon",
        "longdesc",
        "manifest",
        "ping",
        "poster",
        "profile",
        "src",
        "usemap",
        "xlink:href",
    ];
    URL_ATTRIBUTES
        .iter()
        .any(|url| url.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fragments and the assigns of each slot for a template given as source text.
    fn compiled(source: &str) -> (Vec<String>, Vec<Vec<String>>) {
        let tokens: TokenStream = source.parse().expect("valid tokens");
        let (template, errors) = crate::parse::parse(tokens);
        assert!(errors.is_empty(), "{errors:?}");
        let mut ctx = Ctx::default();
        let mut builder = Builder::new(Mode::Tracked, &mut ctx);
        builder.nodes(&template.nodes);
        let (parts, slots) = builder.finish();
        let assigns = slots
            .iter()
            .map(|slot| slot.assigns.iter().map(ToString::to_string).collect())
            .collect();
        (parts, assigns)
    }

    #[test]
    fn adjacent_static_markup_is_one_fragment() {
        let (parts, slots) = compiled(r#"<p class="a">One <b>two</b> "&"</p><hr>"#);
        assert_eq!(parts, [r#"<p class="a">One <b>two</b> &amp;</p><hr>"#]);
        assert!(slots.is_empty());
    }

    #[test]
    fn slots_cut_fragments_and_carry_their_assigns() {
        let (parts, slots) = compiled("<p title={@a}>{@b + @a} and {@b} {1}</p>");
        assert_eq!(parts, ["<p", ">", " and ", " ", "</p>"]);
        assert_eq!(slots, [vec!["a"], vec!["b", "a"], vec!["b"], vec![]]);
    }

    #[test]
    fn whitespace_rules() {
        let source = "<ul>\n  <li>  a\n   b  </li>\n  <li>x{y}  z</li>\n</ul>";
        let (parts, _) = compiled(source);
        assert_eq!(parts, ["<ul><li> a b </li><li>x", " z</li></ul>"]);
    }

    #[test]
    fn words_stay_apart_without_positions() {
        // Tokens made by `quote!` carry no positions: words are separated, punctuation joined.
        let tokens = quote!(<p>Hello world, {x}!</p>);
        let (template, errors) = crate::parse::parse(tokens);
        assert!(errors.is_empty());
        let mut ctx = Ctx::default();
        let mut builder = Builder::new(Mode::Tracked, &mut ctx);
        builder.nodes(&template.nodes);
        let (parts, _) = builder.finish();
        assert_eq!(parts, ["<p>Hello world,", "!</p>"]);
    }

    #[test]
    fn binding_patterns_are_not_assigns() {
        let (_, slots) = compiled("{(match @n { small @ 0..=9 => 1, _ => 2 })}");
        assert_eq!(slots, [vec!["n"]]);
    }

    #[test]
    fn nested_slots_carry_the_union_of_their_assigns() {
        let (parts, slots) = compiled(
            "<ul><li :for={x in @items} :if={x.ok} :key={x.id}>{x.name} {@sel}</li></ul>\
             {if @a { {@b} } else { <b>{@c}</b> }}",
        );
        assert_eq!(parts, ["<ul>", "</ul>", ""]);
        assert_eq!(slots, [vec!["sel", "items"], vec!["a", "b", "c"]]);
    }
}

#[cfg(test)]
mod expansion {
    //! Snapshots of the code `html!` generates, formatted with prettyplease, for a handful of
    //! templates (`tests/snapshots/expansion_*.snap` at the repository root).

    fn expand(source: &str) -> String {
        let tokens: proc_macro2::TokenStream = source.parse().expect("valid tokens");
        let (template, errors) = crate::parse::parse(tokens);
        assert!(errors.is_empty(), "{errors:?}");
        let expr = super::generate(&template);
        let file: syn::File = syn::parse_quote!(
            fn render(assigns: &Assigns<View>) -> Rendered { #expr }
        );
        prettyplease::unparse(&file)
    }

    fn check(name: &str, source: &str) {
        let expanded = expand(source);
        insta::with_settings!({
            snapshot_path => "../../tests/snapshots",
            prepend_module_to_snapshot => false,
            description => source,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(format!("expansion_{name}"), expanded);
        });
    }

    #[test]
    fn expansion_snapshots() {
        check(
            "plain_slots",
            r#"<p class="a" title={@title}>Count: {@count}</p>"#,
        );
        check(
            "if_on_tag",
            r#"<div><p :if={@show}>Count: {@count}</p></div>"#,
        );
        check(
            "for_keyed",
            r#"<ul><li :for={item in @items.iter()} :key={item.id}>{item.name}</li></ul>"#,
        );
        check(
            "block_if_match",
            r#"{if @n > 0 { <b>{@n}</b> } else { none }}{match @mode { Mode::A => { a }, _ => { {@label} } }}"#,
        );
        check(
            "component_with_slots",
            r#"<.table rows={&@rows} class="x"><:col label="Id" :let={row}>{row.id}</:col>more</.table>"#,
        );
        check(
            "class_list_and_spread",
            r#"<button class={["btn", ("on", @active)]} {...&@extra}>Go</button>"#,
        );
    }
}

/// Whether `expr` reads nothing that can change between renders: no variable (a lowercase
/// single-segment path, `assigns` included), no macro, no closure. Paths with several segments
/// (`JS::push`, `Self::X`), upper-case constants, literals and method calls on those are fine.
fn is_constant(expr: &TokenStream) -> bool {
    use syn::visit::Visit;

    struct Reads(bool);

    impl<'ast> Visit<'ast> for Reads {
        fn visit_expr_path(&mut self, path: &'ast syn::ExprPath) {
            let single = path.qself.is_none()
                && path.path.leading_colon.is_none()
                && path.path.segments.len() == 1;
            if single {
                let name = path.path.segments[0].ident.to_string();
                if name.starts_with(|c: char| c.is_lowercase() || c == '_') {
                    self.0 = true;
                }
            }
            syn::visit::visit_expr_path(self, path);
        }
        fn visit_macro(&mut self, _: &'ast syn::Macro) {
            self.0 = true;
        }
        fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {
            self.0 = true;
        }
    }

    match syn::parse2::<syn::Expr>(expr.clone()) {
        Ok(parsed) => {
            let mut reads = Reads(false);
            reads.visit_expr(&parsed);
            !reads.0
        }
        Err(_) => false,
    }
}
