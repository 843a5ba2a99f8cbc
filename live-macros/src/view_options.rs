//! The options of `#[derive(LiveView)]` on the struct itself: `#[live(events = Msg)]` declares
//! the view's events (its templates are checked against them), `#[live(persist)]` keeps its
//! state in a snapshot store across reconnects and restarts.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DeriveInput, Path};

/// What the struct's `#[live(…)]` attributes ask for.
#[derive(Default)]
pub(crate) struct ViewOptions {
    /// `events = Msg`.
    events: Option<Path>,
    /// `persist`.
    persist: bool,
}

impl ViewOptions {
    /// Reads the struct-level `#[live(…)]` attributes of `input`.
    pub(crate) fn parse(input: &DeriveInput) -> syn::Result<Self> {
        let mut options = ViewOptions::default();
        for attr in input.attrs.iter().filter(|a| a.path().is_ident("live")) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("events") {
                    options.events = Some(meta.value()?.parse()?);
                    Ok(())
                } else if meta.path.is_ident("persist") {
                    options.persist = true;
                    Ok(())
                } else {
                    Err(meta.error(
                        "unknown `live` option\nhelp: a view takes `#[live(events = Msg)]` and \
                         `#[live(persist)]`",
                    ))
                }
            })?;
        }
        Ok(options)
    }

    /// The inherent items of `view` these options generate; `component` for a
    /// `#[derive(LiveComponent)]`. `__live_events` gives the names `html!` checks bindings
    /// without a `phx-target` against (a view's own; in a LiveComponent's template they go to
    /// the view it is rendered in, unknown here: any), `__live_myself_events` those with
    /// `phx-target={@myself}` (a LiveComponent's own; a view has no `@myself`: any).
    pub(crate) fn inherent(&self, vis: &syn::Visibility, component: bool) -> TokenStream {
        let declared = |method: &str| {
            let method = syn::Ident::new(method, proc_macro2::Span::call_site());
            match &self.events {
                Some(events) => quote! {
                    /// The declared event names, read by `html!` to check the templates.
                    #[doc(hidden)]
                    #[allow(dead_code)]
                    #vis fn #method<L>(
                        &self,
                    ) -> <#events as ::live_core::live_event::check::EventNames>::Names {
                        // The events are a `LiveEvent` too (what `handle_event` decodes).
                        fn __live_is_event<E: ::live_core::LiveEvent>() {}
                        __live_is_event::<#events>();
                        <#events as ::live_core::live_event::check::EventNames>::NAMES
                    }
                },
                None => any(vis, &method),
            }
        };
        let (own, other) = if component {
            ("__live_myself_events", "__live_events")
        } else {
            ("__live_events", "__live_myself_events")
        };
        let own = declared(own);
        let other = any(vis, &syn::Ident::new(other, proc_macro2::Span::call_site()));
        quote! { #own #other }
    }

    /// The items of the `Tracked` impl these options generate: a persisted view's snapshot and
    /// restore, through serde (the struct derives `Serialize` and `Deserialize`).
    pub(crate) fn tracked_items(&self) -> TokenStream {
        if !self.persist {
            return TokenStream::new();
        }
        quote! {
            const PERSIST: bool = true;

            fn __snapshot(&self) -> ::core::option::Option<::core::result::Result<
                ::std::string::String,
                ::std::string::String,
            >> {
                ::core::option::Option::Some(::live_core::persist::to_snapshot(self))
            }

            fn __restore(snapshot: &str) -> ::core::option::Option<::core::result::Result<
                Self,
                ::std::string::String,
            >> {
                ::core::option::Option::Some(::live_core::persist::from_snapshot(snapshot))
            }
        }
    }
}

/// A method giving `html!` any names: its event names are not checked.
pub(crate) fn any(vis: &syn::Visibility, method: &syn::Ident) -> TokenStream {
    quote! {
        /// No declared events here: the templates' event names are not checked.
        #[doc(hidden)]
        #[allow(dead_code)]
        #vis fn #method<L: ::core::default::Default>(&self) -> L {
            L::default()
        }
    }
}
