//! Compiles an [`ast::Template`](crate::ast::Template) into an expression building a
//! `::live_core::Rendered`.
//!
//! Static markup is merged and escaped here, at compile time, into the fragments of one
//! `static` `Statics` (with its JSON encoding); the expression only evaluates the dynamic slots,
//! and only those whose assigns changed.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, quote_spanned};

use crate::ast::{AttributeValue, Element, Interpolation, Node, Template, Text};
use crate::escape::{escape_html_into, escape_json_into};

/// The expression for `template`.
pub(crate) fn generate(template: &Template) -> TokenStream {
    let (parts, slots) = compile(template);
    render(&parts, template.is_single_element(), &slots)
}

/// The static fragments of `template` and its slots (one fewer than fragments).
fn compile(template: &Template) -> (Vec<String>, Vec<Slot>) {
    let mut builder = Builder::default();
    builder.nodes(&template.nodes);
    let Builder {
        mut parts,
        current,
        slots,
    } = builder;
    parts.push(current);
    (parts, slots)
}

/// One dynamic slot: the code computing its `Dynamic`, and the assigns it reads.
struct Slot {
    code: TokenStream,
    assigns: Vec<Ident>,
}

/// Walks the tree, accumulating static HTML until a slot cuts it into a new fragment.
#[derive(Default)]
struct Builder {
    parts: Vec<String>,
    current: String,
    slots: Vec<Slot>,
}

impl Builder {
    fn nodes(&mut self, nodes: &[Node]) {
        for node in nodes {
            match node {
                Node::Element(element) => self.element(element),
                Node::Text(Text::Markup(html)) => self.current.push_str(html),
                Node::Text(Text::Quoted(text)) => escape_html_into(&mut self.current, text),
                Node::Text(Text::Space) => self.current.push(' '),
                Node::Doctype(html) => self.current.push_str(html),
                Node::Interpolation(interpolation) => {
                    if let Some(expr) = &interpolation.expr {
                        self.slot(
                            quote!(::live_core::__private::text(&(#expr))),
                            interpolation,
                        );
                    }
                }
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
                AttributeValue::Static(value) => {
                    self.current.push(' ');
                    self.current.push_str(name);
                    self.current.push_str("=\"");
                    escape_html_into(&mut self.current, value);
                    self.current.push('"');
                }
                AttributeValue::Dynamic(interpolation) => {
                    if let Some(expr) = &interpolation.expr {
                        let code = quote!(::live_core::__private::attr(#name, &(#expr)));
                        self.slot(code, interpolation);
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

    fn slot(&mut self, code: TokenStream, interpolation: &Interpolation) {
        self.parts.push(std::mem::take(&mut self.current));
        self.slots.push(Slot {
            code,
            assigns: interpolation.assigns.clone(),
        });
    }
}

/// The block building the `Rendered`.
fn render(parts: &[String], root: bool, slots: &[Slot]) -> TokenStream {
    let mut json = String::from("[");
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        escape_json_into(&mut json, part);
    }
    json.push(']');

    // Locals of the generated code are invisible to the user's expressions (mixed-site hygiene).
    let changed = Ident::new("__live_changed", Span::mixed_site());
    let bits = Ident::new("__live_bits", Span::mixed_site());
    let tracked = slots.iter().find_map(|slot| slot.assigns.first());
    let prelude = tracked.map(|first| {
        // `assigns` is the user's variable: spanned at the first `@name`, so a template with
        // assigns but no `assigns` in scope is reported there.
        let assigns = Ident::new("assigns", first.span());
        quote_spanned! {first.span()=>
            let #changed = #assigns.changed();
            let #bits = #assigns.__live_bits();
        }
    });
    let dynamics = slots.iter().map(|slot| {
        let code = &slot.code;
        if slot.assigns.is_empty() {
            return code.clone();
        }
        let mask = slot.assigns.iter().map(|name| quote!(#bits.#name));
        quote! {
            if #changed.any(#(#mask)|*) {
                #code
            } else {
                ::live_core::__private::Dynamic::Unchanged
            }
        }
    });
    let dynamics = if slots.is_empty() {
        quote!(::std::vec::Vec::new())
    } else {
        quote!(::std::vec![#(#dynamics),*])
    };
    quote! {
        {
            static __LIVE_STATICS: ::live_core::__private::Statics =
                ::live_core::__private::Statics::new(&[#(#parts),*], #json, #root);
            #prelude
            ::live_core::__private::Rendered::new(&__LIVE_STATICS, #dynamics)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fragments and the assigns of each slot for a template given as source text.
    fn compiled(source: &str) -> (Vec<String>, Vec<Vec<String>>) {
        let tokens: TokenStream = source.parse().expect("valid tokens");
        let (template, errors) = crate::parse::parse(tokens);
        assert!(errors.is_empty(), "{errors:?}");
        let (parts, slots) = compile(&template);
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
        let (parts, _) = compile(&template);
        assert_eq!(parts, ["<p>Hello world,", "!</p>"]);
    }

    #[test]
    fn binding_patterns_are_not_assigns() {
        let (_, slots) = compiled("{match @n { small @ 0..=9 => 1, _ => 2 }}");
        assert_eq!(slots, [vec!["n"]]);
    }
}
