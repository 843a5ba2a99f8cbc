//! `#[component]`: a function component's parameters become the attributes `<.name …>` takes.
//!
//! For `fn card(title: String, …) -> Rendered` it generates, beside the function (which now
//! takes `assigns: &card`):
//! - a struct `card` (type namespace, so it coexists with the function and `use m::card;`
//!   imports both) holding the attributes, with `changed()` = everything and `__live_bits()`,
//!   so `@title` in the body works like an assign;
//! - a builder that `html!` calls one method per given attribute (an unknown attribute is a
//!   "no method" error on its name), with a type parameter per required attribute, `Unset` until
//!   given, so a missing one fails `__build`'s bound with an `on_unimplemented` message.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, ToTokens};
use syn::ext::IdentExt;
use syn::visit_mut::VisitMut;
use syn::{
    FnArg, GenericArgument, GenericParam, ItemFn, Lifetime, Pat, PathArguments, Type, TypePath,
};

/// How a parameter is given at the call site.
enum Kind {
    /// A plain type: must be given.
    Required,
    /// `Option<T>`: `None` unless given.
    Optional(Type),
    /// `#[attr(default)]` or `#[attr(default = expr)]`.
    Default(TokenStream),
    /// `Slot<'_, A, T>`: required slot (the inner block, or one `<:name>` entry).
    Slot { attrs: Type, value: Type },
    /// `Option<Slot<…>>`.
    OptionalSlot { attrs: Type, value: Type },
    /// `Vec<Slot<…>>`: any number of `<:name>` entries.
    Slots { attrs: Type, value: Type },
}

struct Param {
    name: syn::Ident,
    ty: Type,
    kind: Kind,
    docs: Vec<syn::Attribute>,
}

/// The expansion of `#[component]` on `input`.
pub(crate) fn component(args: TokenStream, mut input: ItemFn) -> syn::Result<TokenStream> {
    let mut errors: Option<syn::Error> = None;
    let mut fail = |error: syn::Error| match &mut errors {
        Some(all) => all.combine(error),
        None => errors = Some(error),
    };
    if !args.is_empty() {
        fail(syn::Error::new_spanned(
            &args,
            "`#[component]` takes no arguments",
        ));
    }
    for param in &input.sig.generics.params {
        if !matches!(param, GenericParam::Lifetime(_)) {
            fail(syn::Error::new_spanned(
                param,
                "components can be generic over lifetimes only",
            ));
        }
    }
    if let Some(asyncness) = &input.sig.asyncness {
        fail(syn::Error::new_spanned(
            asyncness,
            "a component renders synchronously",
        ));
    }
    let live: Lifetime = syn::parse_quote!('__live);
    let mut params = Vec::new();
    for arg in &mut input.sig.inputs {
        let FnArg::Typed(typed) = arg else {
            fail(syn::Error::new_spanned(
                arg,
                "a component is a free function: its parameters are its attributes",
            ));
            continue;
        };
        let Pat::Ident(pat) = &*typed.pat else {
            fail(syn::Error::new_spanned(
                &typed.pat,
                "component attributes are named parameters (`title: String`)",
            ));
            continue;
        };
        let mut ty = (*typed.ty).clone();
        NameLifetimes(&live).visit_type_mut(&mut ty);
        let mut default = None;
        let mut docs = Vec::new();
        for attr in &typed.attrs {
            if attr.path().is_ident("doc") {
                docs.push(attr.clone());
            } else if attr.path().is_ident("attr") {
                let result = attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident("default") {
                        default = Some(if meta.input.peek(syn::Token![=]) {
                            let expr: syn::Expr = meta.value()?.parse()?;
                            expr.into_token_stream()
                        } else {
                            quote!(::core::default::Default::default())
                        });
                        Ok(())
                    } else {
                        Err(meta.error(
                            "unknown attribute option\nhelp: write `#[attr(default)]` or `#[attr(default = expr)]`",
                        ))
                    }
                });
                if let Err(error) = result {
                    fail(error);
                }
            } else {
                fail(syn::Error::new_spanned(
                    attr,
                    "unknown parameter attribute\nhelp: write `#[attr(default)]` or `#[attr(default = expr)]`",
                ));
            }
        }
        let kind = match (default, slot_kind(&ty)) {
            (Some(_), Some(_)) => {
                fail(syn::Error::new_spanned(
                    &typed.ty,
                    "a slot has no default value",
                ));
                continue;
            }
            (Some(default), None) => Kind::Default(default),
            (None, Some(kind)) => kind,
            (None, None) => match option_inner(&ty) {
                Some(inner) => Kind::Optional(inner.clone()),
                None => Kind::Required,
            },
        };
        params.push(Param {
            name: pat.ident.clone(),
            ty,
            kind,
            docs,
        });
    }
    if let Some(errors) = errors {
        return Err(errors);
    }
    Ok(expand(&input, &params, &live))
}

fn expand(input: &ItemFn, params: &[Param], live: &Lifetime) -> TokenStream {
    let name = &input.sig.ident;
    let vis = &input.vis;
    let display = name.unraw().to_string();
    let user_lifetimes: Vec<&GenericParam> = input.sig.generics.params.iter().collect();
    let generics = quote!(<#live, #(#user_lifetimes),*>);
    let args: Vec<TokenStream> = input
        .sig
        .generics
        .params
        .iter()
        .filter_map(|p| match p {
            GenericParam::Lifetime(l) => Some(l.lifetime.to_token_stream()),
            _ => None,
        })
        .collect();
    let type_args = quote!(<#live, #(#args),*>);
    let anon_args = {
        let anon = args.iter().map(|_| quote!('_));
        quote!(<'_, #(#anon),*>)
    };
    let builder = format_ident!("__{}_Builder", display);
    let fields_struct = format_ident!("__{}_Fields", display);
    let bits_struct = format_ident!("__{}_Bits", display);

    let required: Vec<&Param> = params
        .iter()
        .filter(|p| matches!(p.kind, Kind::Required | Kind::Slot { .. }))
        .collect();
    let states: Vec<syn::Ident> = (0..required.len())
        .map(|i| format_ident!("R{}", i))
        .collect();
    let unset = required
        .iter()
        .map(|_| quote!(::live_core::__private::Unset));

    let mut field_defs = Vec::new();
    let mut field_inits = Vec::new();
    let mut props_fields = Vec::new();
    let mut builds = Vec::new();
    let mut methods = Vec::new();
    let mut traits = Vec::new();
    let mut bit_fields = Vec::new();
    let mut bit_values = Vec::new();
    let mut names = Vec::new();
    for (index, param) in params.iter().enumerate() {
        let field = &param.name;
        let ty = &param.ty;
        let docs = &param.docs;
        names.push(field.clone());
        let fallback_doc = docs.is_empty().then(|| {
            let doc = format!("The `{}` attribute.", field.unraw());
            quote!(#[doc = #doc])
        });
        props_fields.push(quote!(#(#docs)* #fallback_doc pub #field: #ty));
        bit_fields.push(quote!(pub #field: u64));
        bit_values.push(quote!(#field: ::live_core::ChangeSet::bit(#index)));
        let required_at = required.iter().position(|r| r.name == param.name);
        let (stored, init, build) = match &param.kind {
            Kind::Required | Kind::Slot { .. } => (
                quote!(::core::option::Option<#ty>),
                quote!(::core::option::Option::None),
                quote!(match fields.#field {
                    ::core::option::Option::Some(value) => value,
                    ::core::option::Option::None => ::core::unreachable!(),
                }),
            ),
            Kind::Default(default) => (quote!(#ty), quote!(#default), quote!(fields.#field)),
            Kind::Optional(_) | Kind::OptionalSlot { .. } => (
                quote!(#ty),
                quote!(::core::option::Option::None),
                quote!(fields.#field),
            ),
            Kind::Slots { .. } => (
                quote!(#ty),
                quote!(::std::vec::Vec::new()),
                quote!(fields.#field),
            ),
        };
        field_defs.push(quote!(#field: #stored));
        field_inits.push(quote!(#field: #init));
        builds.push(quote!(#field: #build));

        // The setter: keeps the state, except for a required attribute, which becomes `Set`.
        let out_states = states.iter().enumerate().map(|(i, s)| {
            if Some(i) == required_at {
                quote!(::live_core::__private::Set)
            } else {
                quote!(#s)
            }
        });
        let out = quote!(#builder<#live, #(#args,)* #(#out_states),*>);
        let (params_sig, assign) = match &param.kind {
            // References are taken as they are, so unsizing coercions (`&[T; N]` to `&[T]`)
            // apply; other types through `Into` (`"text"` for a `String`).
            Kind::Required if matches!(ty, Type::Reference(_)) => (
                quote!(value: #ty),
                quote!(fields.#field = ::core::option::Option::Some(value);),
            ),
            Kind::Required => (
                quote!(value: impl ::core::convert::Into<#ty>),
                quote!(fields.#field = ::core::option::Option::Some(value.into());),
            ),
            Kind::Default(_) if matches!(ty, Type::Reference(_)) => {
                (quote!(value: #ty), quote!(fields.#field = value;))
            }
            Kind::Default(_) => (
                quote!(value: impl ::core::convert::Into<#ty>),
                quote!(fields.#field = value.into();),
            ),
            Kind::Optional(inner) => (
                quote!(value: impl ::live_core::__private::IntoOptional<#inner>),
                quote!(fields.#field = ::live_core::__private::IntoOptional::into_optional(value);),
            ),
            Kind::Slot { attrs, value }
            | Kind::OptionalSlot { attrs, value }
            | Kind::Slots { attrs, value } => {
                let store = match &param.kind {
                    Kind::Slots { .. } => quote!(fields.#field.push(slot);),
                    _ => quote!(fields.#field = ::core::option::Option::Some(slot);),
                };
                (
                    quote!(
                        attrs: impl ::core::ops::FnOnce(&mut #attrs),
                        body: impl ::core::ops::Fn(#value) -> ::live_core::Rendered + #live
                    ),
                    quote! {
                        let mut slot_attrs = <#attrs as ::core::default::Default>::default();
                        attrs(&mut slot_attrs);
                        let slot = ::live_core::Slot::new(slot_attrs, body);
                        #store
                    },
                )
            }
        };
        methods.push(quote! {
            #[doc(hidden)]
            #vis fn #field(self, #params_sig) -> #out {
                let mut fields = self.fields;
                #assign
                #builder { fields, state: ::core::marker::PhantomData }
            }
        });
        if let Some(at) = required_at {
            let trait_name = format_ident!("__{}_requires_{}", display, field.unraw().to_string());
            let what = if matches!(param.kind, Kind::Slot { .. }) {
                if field == "inner_block" {
                    format!("component `{display}` needs an inner block (children)")
                } else {
                    format!(
                        "missing required slot `<:{}>` of component `{display}`",
                        field.unraw()
                    )
                }
            } else {
                format!(
                    "missing required attribute `{}` of component `{display}`",
                    field.unraw()
                )
            };
            let label = if matches!(param.kind, Kind::Slot { .. }) {
                format!("`<.{display}>` needs this slot")
            } else {
                format!("add `{}={{…}}` to `<.{display}>`", field.unraw())
            };
            let state = &states[at];
            traits.push((
                state.clone(),
                trait_name.clone(),
                quote! {
                    #[doc(hidden)]
                    #[diagnostic::on_unimplemented(message = #what, label = #label)]
                    #vis trait #trait_name {}
                    impl #trait_name for ::live_core::__private::Set {}
                },
            ));
        }
    }
    let bounds = traits
        .iter()
        .map(|(state, trait_name, _)| quote!(#state: #trait_name));
    let trait_items = traits.iter().map(|(_, _, item)| item);
    let struct_doc = format!(
        "The attributes of the component [`{display}`](fn@{display}), as `<.{display} …>` gives them."
    );
    let attrs = &input.attrs;
    let output = &input.sig.output;
    let body = &input.block;
    let assigns = syn::Ident::new("assigns", Span::call_site());
    let phantom = syn::Ident::new("__live", Span::mixed_site());
    let changes = syn::Ident::new("__live_changes", Span::mixed_site());

    quote! {
        #[doc = #struct_doc]
        #[allow(non_camel_case_types)]
        #vis struct #name #generics {
            #(#props_fields,)*
            #[doc(hidden)]
            pub #phantom: ::core::marker::PhantomData<&#live ()>,
            #[doc(hidden)]
            pub #changes: ::live_core::ChangeSet,
        }

        #[doc(hidden)]
        #[allow(non_camel_case_types, dead_code)]
        #vis struct #bits_struct { #(#bit_fields,)* }

        #[doc(hidden)]
        #[allow(non_camel_case_types)]
        #vis struct #fields_struct #generics {
            #(#field_defs,)*
            #phantom: ::core::marker::PhantomData<&#live ()>,
        }

        #[doc(hidden)]
        #[allow(non_camel_case_types)]
        #vis struct #builder<#live, #(#user_lifetimes,)* #(#states),*> {
            fields: #fields_struct #type_args,
            state: ::core::marker::PhantomData<(#(#states,)*)>,
        }

        #(#trait_items)*

        #[allow(non_camel_case_types)]
        impl<#live, #(#user_lifetimes,)* #(#states),*> #builder<#live, #(#args,)* #(#states),*> {
            #(#methods)*
        }

        impl #generics #name #type_args {
            /// The attributes that changed since the call's last render, one bit per attribute
            /// (every attribute unless the caller's template tracks them).
            #[doc(hidden)]
            pub fn changed(&self) -> ::live_core::ChangeSet {
                self.#changes
            }

            /// The same attributes, with `changed` as the ones that changed (set by the call
            /// in a tracked template).
            #[doc(hidden)]
            pub fn __live_with_changes(mut self, changed: ::live_core::ChangeSet) -> Self {
                self.#changes = changed;
                self
            }

            /// The change bit of every attribute.
            #[doc(hidden)]
            #[allow(dead_code)]
            pub fn __live_attribute_bits() -> &'static #bits_struct {
                static BITS: #bits_struct = #bits_struct { #(#bit_values,)* };
                &BITS
            }

            /// No render of a component is ever a patch of a `LiveVec`'s log.
            #[doc(hidden)]
            #[allow(dead_code)]
            pub fn __render_epoch(&self) -> u64 {
                0
            }

            #[doc(hidden)]
            #[allow(dead_code)]
            pub fn __live_bits(&self) -> &'static #bits_struct {
                Self::__live_attribute_bits()
            }

            /// A function component declares no events: its template's event names (to the
            /// view, or `phx-target={@myself}` to the LiveComponent using it) are not checked.
            #[doc(hidden)]
            #[allow(dead_code)]
            pub fn __live_events<L: ::core::default::Default>(&self) -> L {
                L::default()
            }

            #[doc(hidden)]
            #[allow(dead_code)]
            pub fn __live_myself_events<L: ::core::default::Default>(&self) -> L {
                L::default()
            }

            /// Renders the component with these attributes (what `<.name …>` calls).
            #[doc(hidden)]
            #vis fn __live_render(&self) #output {
                #name(self)
            }

            #[doc(hidden)]
            #vis fn __builder() -> #builder<#live, #(#args,)* #(#unset),*> {
                #builder {
                    fields: #fields_struct { #(#field_inits,)* #phantom: ::core::marker::PhantomData },
                    state: ::core::marker::PhantomData,
                }
            }

            #[doc(hidden)]
            #[allow(non_camel_case_types)]
            #vis fn __build<#(#bounds),*>(builder: #builder<#live, #(#args,)* #(#states),*>) -> Self {
                let fields = builder.fields;
                #name {
                    #(#builds,)*
                    #phantom: ::core::marker::PhantomData,
                    #changes: ::live_core::ChangeSet::ALL,
                }
            }
        }

        #(#attrs)*
        #[allow(clippy::needless_lifetimes)]
        #vis fn #name #generics (#assigns: &#name #type_args) #output {
            #[allow(unused_variables)]
            let #name { #(#names,)* .. } = #assigns;
            #body
        }

        // The call site names the struct with anonymous lifetimes.
        const _: ::core::option::Option<&#name #anon_args> = ::core::option::Option::None;
    }
}

/// Replaces elided and `'_` lifetimes by `'__live`, and gives `Slot` paths their lifetime.
struct NameLifetimes<'a>(&'a Lifetime);

impl VisitMut for NameLifetimes<'_> {
    fn visit_type_reference_mut(&mut self, reference: &mut syn::TypeReference) {
        match &reference.lifetime {
            None => reference.lifetime = Some(self.0.clone()),
            Some(l) if l.ident == "_" => reference.lifetime = Some(self.0.clone()),
            _ => {}
        }
        syn::visit_mut::visit_type_reference_mut(self, reference);
    }

    fn visit_lifetime_mut(&mut self, lifetime: &mut Lifetime) {
        if lifetime.ident == "_" {
            *lifetime = self.0.clone();
        }
    }

    fn visit_type_path_mut(&mut self, path: &mut TypePath) {
        if let Some(last) = path.path.segments.last_mut() {
            if last.ident == "Slot" {
                match &mut last.arguments {
                    PathArguments::None => {
                        let live = self.0;
                        last.arguments = PathArguments::AngleBracketed(syn::parse_quote!(<#live>));
                    }
                    PathArguments::AngleBracketed(args) => {
                        if !matches!(args.args.first(), Some(GenericArgument::Lifetime(_))) {
                            args.args
                                .insert(0, GenericArgument::Lifetime(self.0.clone()));
                        }
                    }
                    PathArguments::Parenthesized(_) => {}
                }
            }
        }
        syn::visit_mut::visit_type_path_mut(self, path);
    }
}

/// The generic arguments of the last segment of a path type named `name`.
fn generic_args<'t>(ty: &'t Type, name: &str) -> Option<Vec<&'t GenericArgument>> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    match &last.arguments {
        PathArguments::AngleBracketed(args) => Some(args.args.iter().collect()),
        PathArguments::None => Some(Vec::new()),
        PathArguments::Parenthesized(_) => None,
    }
}

/// `T` of `Option<T>`.
fn option_inner(ty: &Type) -> Option<&Type> {
    match generic_args(ty, "Option")?.as_slice() {
        [GenericArgument::Type(inner)] => Some(inner),
        _ => None,
    }
}

/// The attributes and value types of `Slot<'_, A, T>`.
fn slot_types(ty: &Type) -> Option<(Type, Type)> {
    let args = generic_args(ty, "Slot")?;
    let mut types = args.iter().filter_map(|a| match a {
        GenericArgument::Type(t) => Some(t.clone()),
        _ => None,
    });
    let unit: Type = syn::parse_quote!(());
    let attrs = types.next().unwrap_or_else(|| unit.clone());
    let value = types.next().unwrap_or(unit);
    Some((attrs, value))
}

/// Whether `ty` is a slot (`Slot`, `Option<Slot>`, `Vec<Slot>`), and which kind.
fn slot_kind(ty: &Type) -> Option<Kind> {
    if let Some((attrs, value)) = slot_types(ty) {
        return Some(Kind::Slot { attrs, value });
    }
    let single = |outer: &str| match generic_args(ty, outer)?.as_slice() {
        [GenericArgument::Type(inner)] => slot_types(inner),
        _ => None,
    };
    if let Some((attrs, value)) = single("Option") {
        return Some(Kind::OptionalSlot { attrs, value });
    }
    if let Some((attrs, value)) = single("Vec") {
        return Some(Kind::Slots { attrs, value });
    }
    None
}
