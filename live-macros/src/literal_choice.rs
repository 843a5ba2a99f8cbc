//! Expressions that choose between string literals, written by the static render as a choice
//! between whole fragments.
//!
//! `class={if i == 0 { "champion" } else { "" }}` can only ever produce one of its literals, so
//! the static render needs neither the run-time escaping of the value nor separate pushes for
//! the markup around it: each literal is escaped here, fused with the fragments before and
//! after the slot, and the generated code keeps the expression's control flow with one
//! `push_str` of a constant per arm. The rendered tree is unchanged (the slot stays dynamic).

use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::quote;
use syn::{Expr, Lit, Stmt};

/// An expression whose every result is a string literal: a literal, or `if`/`else` chains,
/// `match` arms and blocks ending in such expressions (parentheses allowed).
pub(crate) struct LiteralChoice(Expr);

impl LiteralChoice {
    /// The choice `expr` makes, if it is one; anything else is written at run time as usual.
    pub(crate) fn of(expr: &TokenStream) -> Option<Self> {
        // Parse only what can qualify: most slots are paths, calls and method chains.
        let first = expr.clone().into_iter().next()?;
        let candidate = match &first {
            TokenTree::Ident(ident) => ident == "if" || ident == "match",
            TokenTree::Literal(_) | TokenTree::Group(_) => true,
            TokenTree::Punct(_) => false,
        };
        if !candidate {
            return None;
        }
        let parsed = syn::parse2::<Expr>(expr.clone()).ok()?;
        chooses_literals(&parsed).then_some(LiteralChoice(parsed))
    }

    /// Statements pushing to `out` the text `fragment(literal)` for the literal the expression
    /// chooses (`fragment` escapes it and adds the markup around it).
    pub(crate) fn write(&self, out: &Ident, fragment: &dyn Fn(&str) -> String) -> TokenStream {
        let choice = pushes(&self.0, out, fragment);
        quote!(#choice;)
    }
}

/// Whether every value `expr` can produce is a string literal.
fn chooses_literals(expr: &Expr) -> bool {
    match expr {
        Expr::Lit(lit) => matches!(lit.lit, Lit::Str(_)),
        Expr::Paren(paren) => chooses_literals(&paren.expr),
        Expr::Group(group) => chooses_literals(&group.expr),
        Expr::Block(block) => {
            block.label.is_none() && block.attrs.is_empty() && block_value(&block.block).is_some()
        }
        Expr::If(branch) => {
            let then = block_value(&branch.then_branch);
            let otherwise = branch.else_branch.as_ref().map(|(_, e)| &**e);
            then.is_some() && otherwise.is_some_and(chooses_literals)
        }
        Expr::Match(choice) => choice.arms.iter().all(|arm| chooses_literals(&arm.body)),
        _ => false,
    }
}

/// The expression of a block made of one expression that chooses literals.
fn block_value(block: &syn::Block) -> Option<&Expr> {
    match block.stmts.as_slice() {
        [Stmt::Expr(value, None)] if chooses_literals(value) => Some(value),
        _ => None,
    }
}

/// `expr` with every literal it can produce replaced by a push of its fragment.
fn pushes(expr: &Expr, out: &Ident, fragment: &dyn Fn(&str) -> String) -> TokenStream {
    match expr {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Str(text),
            ..
        }) => {
            let text = fragment(&text.value());
            if text.is_empty() {
                quote!({})
            } else {
                quote!(#out.push_str(#text))
            }
        }
        Expr::Paren(paren) => pushes(&paren.expr, out, fragment),
        Expr::Group(group) => pushes(&group.expr, out, fragment),
        Expr::Block(block) => block_pushes(&block.block, out, fragment),
        Expr::If(branch) => {
            let condition = &branch.cond;
            let then = block_pushes(&branch.then_branch, out, fragment);
            let otherwise = match branch.else_branch.as_ref() {
                Some((_, otherwise)) => {
                    let otherwise = pushes(otherwise, out, fragment);
                    quote!({ #otherwise })
                }
                None => quote!({}),
            };
            quote!(if #condition #then else #otherwise)
        }
        Expr::Match(choice) => {
            let scrutinee = &choice.expr;
            let arms = choice.arms.iter().map(|arm| {
                let pattern = &arm.pat;
                let guard = arm.guard.as_ref().map(|(_, guard)| quote!(if #guard));
                let body = pushes(&arm.body, out, fragment);
                quote!(#pattern #guard => { #body })
            });
            quote!(match #scrutinee { #(#arms)* })
        }
        // `chooses_literals` admitted nothing else.
        other => quote!(#other),
    }
}

fn block_pushes(block: &syn::Block, out: &Ident, fragment: &dyn Fn(&str) -> String) -> TokenStream {
    match block.stmts.as_slice() {
        [Stmt::Expr(value, None)] => {
            let value = pushes(value, out, fragment);
            quote!({ #value })
        }
        _ => quote!(#block),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(source: &str) -> Option<LiteralChoice> {
        LiteralChoice::of(&source.parse().expect("tokens"))
    }

    #[test]
    fn literal_results_are_choices() {
        assert!(choice(r#"if i == 0 { "champion" } else { "" }"#).is_some());
        assert!(choice(r#"if a { "x" } else if b { ("y") } else { { "z" } }"#).is_some());
        assert!(choice(r#"match n { 0 => "none", 1 if odd => "one", _ => { "many" } }"#).is_some());
        assert!(choice(r#""plain""#).is_some());
    }

    #[test]
    fn anything_else_is_written_at_run_time() {
        assert!(choice(r#"if a { "x" }"#).is_none(), "no else: not a value");
        assert!(choice(r#"if a { "x" } else { name }"#).is_none());
        assert!(choice(r#"match n { 0 => "none", _ => label(n) }"#).is_none());
        assert!(choice(r#"if a { let b = 1; "x" } else { "y" }"#).is_none());
        assert!(choice("42").is_none());
        assert!(choice("name").is_none());
        assert!(choice(r#"b"bytes""#).is_none());
    }

    #[test]
    fn every_literal_becomes_one_push_of_its_fragment() {
        let out = Ident::new("out", proc_macro2::Span::call_site());
        let written = choice(r#"if name == "a" { "x&y" } else { "" }"#)
            .expect("a choice")
            .write(&out, &|text| {
                if text.is_empty() {
                    String::new()
                } else {
                    format!("<{}>", text.replace('&', "&amp;"))
                }
            })
            .to_string();
        // The literal in the condition is left alone; the empty fragment pushes nothing.
        assert!(written.contains(r#"name == "a""#), "{written}");
        assert!(
            written.contains(r#"out . push_str ("<x&amp;y>")"#),
            "{written}"
        );
        assert_eq!(written.matches("push_str").count(), 1, "{written}");
    }
}
