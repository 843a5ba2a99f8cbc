//! `#[derive(LiveEvent)]`: an enum whose variants are events, decoded from the client's event
//! and declared, one implementation per name, for `html!` to check templates against.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, LitStr};

use crate::event_names;

/// The impls for `input`, or the spanned reasons it cannot be derived.
pub(crate) fn derive(input: &DeriveInput) -> syn::Result<TokenStream> {
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new(
            Span::call_site(),
            "`#[derive(LiveEvent)]` needs an enum: one variant per event, as in \
             `enum Msg { Inc, Save { id: u64 } }`",
        ));
    };
    if !input.generics.params.is_empty() || input.generics.where_clause.is_some() {
        return Err(syn::Error::new_spanned(
            &input.generics,
            "`#[derive(LiveEvent)]` does not support generic enums",
        ));
    }
    let mut errors: Option<syn::Error> = None;
    let mut fail = |error: syn::Error| match &mut errors {
        Some(all) => all.combine(error),
        None => errors = Some(error),
    };
    let ty = &input.ident;
    let mut names: Vec<(String, Span)> = Vec::new();
    let mut arms = Vec::new();
    for variant in &data.variants {
        let mut name = None;
        for attr in variant.attrs.iter().filter(|a| a.path().is_ident("live")) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("name") {
                    let text: LitStr = meta.value()?.parse()?;
                    if text.value().is_empty() {
                        return Err(syn::Error::new_spanned(&text, "an event name cannot be empty"));
                    }
                    name = Some((text.value(), text.span()));
                    Ok(())
                } else {
                    Err(meta.error(
                        "unknown `live` option\nhelp: a variant takes `#[live(name = \"event-name\")]`",
                    ))
                }
            });
            if let Err(error) = result {
                fail(error);
            }
        }
        let (name, span) = name.unwrap_or_else(|| {
            (
                event_names::snake_case(&variant.ident.to_string()),
                variant.ident.span(),
            )
        });
        if let Some((_, first)) = names.iter().find(|(known, _)| {
            known == &name
                || (event_names::ident(known, Span::call_site()).is_some()
                    && known.replace('-', "_") == name.replace('-', "_"))
        }) {
            let mut error = syn::Error::new(
                span,
                format!(
                    "two variants have the event name {name:?} (or the same name with `-` for `_`)"
                ),
            );
            error.combine(syn::Error::new(*first, "the other one"));
            fail(error);
        }
        let variant_ident = &variant.ident;
        let decode = match &variant.fields {
            Fields::Unit => quote!(::core::result::Result::Ok(#ty::#variant_ident)),
            Fields::Named(fields) => {
                let reads = fields.named.iter().filter_map(|field| {
                    let ident = field.ident.as_ref()?;
                    let key = syn::ext::IdentExt::unraw(ident).to_string();
                    Some(quote_spanned! {field.ty.span()=>
                        #ident: params.get(#key).map_err(|error| {
                            ::live_core::live_event::EventError::params(#name, error)
                        })?
                    })
                });
                quote!({
                    let params = event.params();
                    ::core::result::Result::Ok(#ty::#variant_ident { #(#reads,)* })
                })
            }
            Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
                let field_ty = &fields.unnamed[0].ty;
                quote_spanned! {field_ty.span()=>
                    event.params().parse().map(#ty::#variant_ident).map_err(|error| {
                        ::live_core::live_event::EventError::params(#name, error)
                    })
                }
            }
            Fields::Unnamed(fields) => {
                fail(syn::Error::new_spanned(
                    fields,
                    "an event variant has no fields, named fields (each read from the params), \
                     or one unnamed field (all the params, read with serde)",
                ));
                continue;
            }
        };
        arms.push(quote!(#name => #decode,));
        names.push((name, span));
    }
    if let Some(errors) = errors {
        return Err(errors);
    }

    let vis = &input.vis;
    let names_struct = format_ident!("{}Events", ty, span = ty.span());
    let module = format_ident!("__live_events_{}", ty);
    let texts = names.iter().map(|(name, _)| name);
    let mut declared = Vec::new();
    for (name, _) in &names {
        let (Some(_), Some(mask)) = (
            event_names::ident(name, Span::call_site()),
            event_names::hyphens(name),
        ) else {
            continue;
        };
        let chars = event_names::chars(name);
        declared.push(quote! {
            impl ::live_core::live_event::check::Declared<#chars> for #names_struct {
                type Spelling = ::live_core::live_event::check::Spelling<#mask>;
            }
        });
    }
    // The text of the error on an unknown name (a format string of `on_unimplemented`, where
    // `{K}` is the name as written, `-` read as `_`).
    let escape = |text: String| text.replace('{', "{{").replace('}', "}}");
    let label = escape(format!("not an event of `{ty}`"));
    let note = escape(if names.is_empty() {
        format!("`{ty}` declares no events")
    } else {
        let list: Vec<String> = names.iter().map(|(name, _)| format!("{name:?}")).collect();
        format!("`{ty}` declares the events {}", list.join(", "))
    });
    let doc = format!(
        "The event names of [`{ty}`](super::{ty}): `event::<K, _>()` is there for each of them; \
         `html!` calls it to check templates."
    );
    // The names type and its method are spanned at the enum's name: the error on an unknown
    // name shows the enum below it.
    let names = quote_spanned! {ty.span()=>
        #[doc = #doc]
        pub struct #names_struct;

        impl #names_struct {
            /// The name `K`, when it is one of these, and its spelling `S`.
            #[allow(dead_code)]
            pub fn event<K, S>(&self) -> ::core::marker::PhantomData<S>
            where
                Self: Declares<K, S>,
            {
                ::core::marker::PhantomData
            }
        }
    };
    Ok(quote! {
        impl ::live_core::LiveEvent for #ty {
            const NAMES: &'static [&'static str] = &[#(#texts),*];

            fn from_event(
                event: &::live_core::Event,
            ) -> ::core::result::Result<Self, ::live_core::live_event::EventError> {
                match event.name() {
                    #(#arms)*
                    other => ::core::result::Result::Err(
                        ::live_core::live_event::EventError::unknown(
                            other,
                            <Self as ::live_core::LiveEvent>::NAMES,
                        ),
                    ),
                }
            }
        }

        #[doc(hidden)]
        #[allow(non_snake_case)]
        #vis mod #module {
            /// The names of the events (`K`, a type `html!` declares for a name), with how each
            /// writes its separators (`S`).
            #[diagnostic::on_unimplemented(message = "unknown event `{K}`", label = #label, note = #note)]
            pub trait Declares<K, S> {}

            #names

            // Opaque to rustc's messages: an unknown name is "`K` is not a name of these",
            // not a missing implementation for the tuple of its characters.
            #[diagnostic::do_not_recommend]
            impl<K: ::live_core::live_event::check::Name, S> Declares<K, S> for #names_struct
            where
                #names_struct: ::live_core::live_event::check::Declared<K::Chars, Spelling = S>,
            {
            }

            #(#declared)*
        }

        impl ::live_core::live_event::check::EventNames for #ty {
            type Names = #module::#names_struct;
            const NAMES: Self::Names = #module::#names_struct;
        }
    })
}
