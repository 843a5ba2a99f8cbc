//! `#[derive(LiveView)]` and `#[derive(LiveComponent)]`: change tracking for the fields of a
//! view's (or component's) state struct.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields};

/// The impls for `input`, or the spanned reasons it cannot be derived.
///
/// `derive` names the derive in error messages and docs (`LiveView` or `LiveComponent`).
pub(crate) fn derive(input: &DeriveInput, derive: &str) -> syn::Result<TokenStream> {
    let mut errors: Option<syn::Error> = None;
    let mut fail = |error: syn::Error| match &mut errors {
        Some(all) => all.combine(error),
        None => errors = Some(error),
    };
    let fields = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => Some(named),
            Fields::Unnamed(unnamed) => {
                fail(syn::Error::new_spanned(
                    unnamed,
                    format!("`#[derive({derive})]` needs named fields: each field is an assign read as `@name`"),
                ));
                None
            }
            Fields::Unit => {
                fail(syn::Error::new_spanned(
                    &input.ident,
                    format!(
                        "`#[derive({derive})]` needs a struct with named fields (its assigns), \
                         as in `struct Counter {{ count: i64 }}`"
                    ),
                ));
                None
            }
        },
        Data::Enum(data) => {
            fail(syn::Error::new_spanned(
                data.enum_token,
                format!("`#[derive({derive})]` needs a struct with named fields, not an enum"),
            ));
            None
        }
        Data::Union(data) => {
            fail(syn::Error::new_spanned(
                data.union_token,
                format!("`#[derive({derive})]` needs a struct with named fields, not a union"),
            ));
            None
        }
    };
    if !input.generics.params.is_empty() || input.generics.where_clause.is_some() {
        fail(syn::Error::new_spanned(
            &input.generics,
            format!("`#[derive({derive})]` does not support generic structs yet"),
        ));
    }
    if let Some(errors) = errors {
        return Err(errors);
    }
    let Some(fields) = fields else {
        return Ok(TokenStream::new());
    };

    let options = crate::view_options::ViewOptions::parse(input)?;
    let view = &input.ident;
    let vis = &input.vis;
    let option_items = options.inherent(vis, derive == "LiveComponent");
    let tracked_items = options.tracked_items();
    let bits_struct = format_ident!("__LiveBits_{}", view);
    let trait_name = format_ident!("{}Assigns", view, span = view.span());

    let mut names = Vec::new();
    let mut temporaries = Vec::new();
    let mut settles = Vec::new();
    let mut upload_visits = Vec::new();
    let mut attribute_errors: Option<syn::Error> = None;
    let mut bit_fields = Vec::new();
    let mut bit_values = Vec::new();
    let mut signatures = Vec::new();
    let mut methods = Vec::new();
    for (index, field) in fields.named.iter().enumerate() {
        let Some(ident) = &field.ident else { continue };
        let ty = &field.ty;
        for attr in field.attrs.iter().filter(|a| a.path().is_ident("live")) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("temporary") {
                    temporaries.push(quote_spanned! {meta.path.span()=>
                        self.#ident = ::core::default::Default::default();
                    });
                    Ok(())
                } else {
                    Err(meta.error(
                        "unknown `live` option\nhelp: the field options are `#[live(temporary)]`",
                    ))
                }
            });
            if let Err(error) = result {
                match &mut attribute_errors {
                    Some(all) => all.combine(error),
                    None => attribute_errors = Some(error),
                }
            }
        }
        let name_text = ident.unraw().to_string();
        settles.push(quote_spanned! {ident.span()=>
            (&mut ::live_core::__private::Settle(&mut self.#ident)).settle(epoch, #name_text);
        });
        let name = ident.unraw().to_string();
        let bit = quote!(::live_core::ChangeSet::bit(#index));
        upload_visits.push(quote_spanned! {ident.span()=>
            (&mut ::live_core::__private::UploadField(&mut self.#ident)).visit_upload(#bit, visit);
        });
        let set = format_ident!("set_{}", name, span = ident.span());
        let update = format_ident!("update_{}", name, span = ident.span());
        let get_mut = format_ident!("{}_mut", name, span = ident.span());
        let bit_doc = format!("The change bit of `{name}`.");
        let set_doc = format!(
            "Sets `{name}`. Assigning a value equal to the current one is not a change (when the \
             type is `PartialEq`; otherwise every set is a change)."
        );
        let update_doc = format!("Changes `{name}` in place with `f`, and marks it changed.");
        let get_mut_doc = format!("Mutable access to `{name}`; marks it changed.");

        names.push(name);
        bit_fields.push(quote! {
            #[doc = #bit_doc]
            #vis #ident: u64
        });
        bit_values.push(quote!(#ident: #bit));
        signatures.push(quote! {
            #[doc = #set_doc]
            fn #set(&mut self, value: #ty);
            #[doc = #update_doc]
            fn #update(&mut self, f: impl ::core::ops::FnOnce(&mut #ty));
            #[doc = #get_mut_doc]
            fn #get_mut(&mut self) -> &mut #ty;
        });
        methods.push(quote_spanned! {ident.span()=>
            fn #set(&mut self, value: #ty) {
                #[allow(unused_imports)]
                use ::live_core::__private::{ViaAlways as _, ViaPartialEq as _};
                let (state, changed) = self.__parts_mut();
                if (&&::live_core::__private::Compare(&state.#ident, &value)).differs() {
                    state.#ident = value;
                    changed.mark(#bit);
                }
            }
            fn #update(&mut self, f: impl ::core::ops::FnOnce(&mut #ty)) {
                let (state, changed) = self.__parts_mut();
                changed.mark(#bit);
                f(&mut state.#ident);
            }
            fn #get_mut(&mut self) -> &mut #ty {
                let (state, changed) = self.__parts_mut();
                changed.mark(#bit);
                &mut state.#ident
            }
        });
    }

    let trait_doc = format!(
        "Setters for the assigns of [`{view}`], generated by `#[derive({derive})]`.\n\n\
         Each marks its field changed, so the next render re-evaluates only the template slots \
         that read it."
    );
    let bits_doc = format!("The change bit of every assign of [`{view}`]; read by `html!`.");
    if let Some(errors) = attribute_errors {
        return Err(errors);
    }
    let span = view.span();
    // Settle first: a temporary `LiveVec` then restarts with an unknown log.
    let reset = quote! {
        fn after_render(&mut self, epoch: u64) {
            let _ = epoch;
            #[allow(unused_imports)]
            use ::live_core::__private::{ViaIgnore as _, ViaSettle as _};
            #(#settles)*
            #(#temporaries)*
        }
        fn visit_uploads(&mut self, visit: &mut dyn FnMut(&mut ::live_core::Upload, u64)) {
            let _ = &visit;
            #[allow(unused_imports)]
            use ::live_core::__private::{ViaNoUpload as _, ViaUpload as _};
            #(#upload_visits)*
        }
    };
    let tracked = quote_spanned! {span=>
        impl ::live_core::Tracked for #view {
            const ASSIGNS: &'static [&'static str] = &[#(#names),*];
            #reset
            #tracked_items
        }
    };
    Ok(quote! {
        #tracked

        #[doc = #bits_doc]
        #[doc(hidden)]
        #[allow(non_camel_case_types, dead_code)]
        #vis struct #bits_struct {
            #(#bit_fields,)*
        }

        impl #view {
            #[doc(hidden)]
            #[allow(dead_code)]
            #vis fn __live_bits(&self) -> &'static #bits_struct {
                static BITS: #bits_struct = #bits_struct { #(#bit_values,)* };
                &BITS
            }

            #option_items
        }

        #[doc = #trait_doc]
        #vis trait #trait_name {
            #(#signatures)*
        }

        impl #trait_name for ::live_core::Assigns<#view> {
            #(#methods)*
        }
    })
}
