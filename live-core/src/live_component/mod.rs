//! LiveComponents: stateful components living inside a view.
//!
//! A [`LiveComponent`] has its own state (tracked assigns, like a view's), receives attributes
//! from the template that renders it, handles the events targeted at it and renders on its own:
//! when only a component's state changes, only that component is rendered and sent, in the
//! `"c"` map of the diff (docs/protocol.md §4.6). A component runs inside its view's task; it is
//! addressed by its type and `id` on the server and by its cid on the wire.
//!
//! In a template, `<.live_component module={Row} id={…} attr={…}/>` renders the component `Row`
//! with the id and the other attributes, which are the fields of `Row::Attrs` (all of them
//! required). Inside a component's template `@myself` is the component itself, for
//! `phx-target={@myself}`.
//!
//! The lifecycle, as in Phoenix:
//! 1. The first time a template renders an id: [`mount`](LiveComponent::mount) builds the state
//!    from the attributes, then [`update`](LiveComponent::update) receives them.
//! 2. Every later render of that id by its parent (when the assigns its attributes read
//!    changed): [`update`](LiveComponent::update) (or [`update_many`](LiveComponent::update_many)
//!    for all the components of one type rendered together).
//! 3. [`handle_event`](LiveComponent::handle_event) for events with `phx-target={@myself}` (or a
//!    selector inside the component), `send_update` from anywhere, and
//!    [`handle_async`](LiveComponent::handle_async) for its tasks.
//! 4. When its element leaves the page, the client asks for it to be destroyed
//!    (`cids_will_destroy`, then `cids_destroyed`) and its state is dropped.
//!
//! ```
//! use live_core::{html, Assigns, Event, LiveComponent, LiveView, Params, Rendered, Session, Socket, ViewError};
//! use live_core::live_component::ComponentSocket;
//! use live_core::runtime::ViewRuntime;
//!
//! #[derive(LiveComponent)]
//! struct Row { label: String, likes: u32 }
//!
//! struct RowAttrs { label: String }
//!
//! impl LiveComponent for Row {
//!     type Attrs = RowAttrs;
//!     fn mount(attrs: &RowAttrs, _: &mut ComponentSocket<Self>) -> Result<Self, ViewError> {
//!         Ok(Row { label: attrs.label.clone(), likes: 0 })
//!     }
//!     fn update(assigns: &mut Assigns<Self>, attrs: RowAttrs, _: &mut ComponentSocket<Self>) -> Result<(), ViewError> {
//!         assigns.set_label(attrs.label);
//!         Ok(())
//!     }
//!     fn handle_event(assigns: &mut Assigns<Self>, _: &Event, _: &mut ComponentSocket<Self>) -> Result<(), ViewError> {
//!         assigns.update_likes(|n| *n += 1);
//!         Ok(())
//!     }
//!     fn render(assigns: &Assigns<Self>) -> Rendered {
//!         html! { <li phx-click="like" phx-target={@myself}>{@label}: {@likes}</li> }
//!     }
//! }
//!
//! #[derive(LiveView)]
//! struct List { items: Vec<String> }
//!
//! impl LiveView for List {
//!     type Info = ();
//!     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
//!         Ok(List { items: vec!["tea".into(), "cake".into()] })
//!     }
//!     fn render(assigns: &Assigns<Self>) -> Rendered {
//!         html! {
//!             <ul>
//!                 <.live_component :for={item in @items.iter()} module={Row} id={item.as_str()} label={item.clone()}/>
//!             </ul>
//!         }
//!     }
//! }
//!
//! let mut view = ViewRuntime::<List>::mount("phx-1", &Params::default(), &Session::default(), None)?;
//! let joined: serde_json::Value = serde_json::from_str(&view.join_rendered())?;
//! assert_eq!(joined["0"]["k"]["0"]["0"], 1, "the rows are components 1 and 2");
//! assert_eq!(joined["c"]["2"]["0"], r#" phx-target="2""#);
//! assert_eq!(joined["c"]["2"]["1"], "cake");
//! // A click on the second row reaches its component: only that component is sent.
//! view.handle_event(&Event::new("click", "like", serde_json::json!({})).with_cid(2))?;
//! assert_eq!(view.render_diff().as_deref(), Some(r#"{"c":{"2":{"2":"1"}}}"#));
//! # Ok::<(), ViewError>(())
//! ```

use std::any::TypeId;
use std::cell::Cell;
use std::fmt;

use crate::assigns::{Assigns, Tracked};
use crate::async_result::AsyncOutcome;
use crate::event::Event;
use crate::html::{AttrValue, ToHtml};
use crate::rendered::{Dynamic, Rendered};
use crate::view::ViewError;

mod registry;
mod socket;

pub(crate) use registry::{scope, Components, Ctx, Drained, PendingCall};
pub use registry::{ComponentAsync, ComponentGone, ComponentUpdate};
pub use socket::{ComponentSocket, Update};

/// A stateful component: its own tracked state, events and renders, inside a view.
///
/// Derive the state's change tracking with `#[derive(LiveComponent)]` (fields become assigns
/// with setters, exactly as `#[derive(LiveView)]` does for views); see the
/// [module docs](self) for a whole example.
///
/// ```
/// use live_core::{html, Assigns, LiveComponent, Rendered, ViewError};
/// use live_core::live_component::ComponentSocket;
///
/// #[derive(LiveComponent)]
/// struct Badge { text: String }
///
/// impl LiveComponent for Badge {
///     type Attrs = String;
///     fn mount(text: &String, _: &mut ComponentSocket<Self>) -> Result<Self, ViewError> {
///         Ok(Badge { text: text.clone() })
///     }
///     fn update(assigns: &mut Assigns<Self>, text: String, _: &mut ComponentSocket<Self>) -> Result<(), ViewError> {
///         assigns.set_text(text);
///         Ok(())
///     }
///     fn render(assigns: &Assigns<Self>) -> Rendered {
///         html! { <span class="badge">{@text}</span> }
///     }
/// }
/// // Outside a view it renders on its own, without a cid.
/// let badge = live_core::live_component::<Badge>("b", "new".to_owned());
/// assert_eq!(html! { <p>{badge}</p> }.to_html(), r#"<p><span class="badge">new</span></p>"#);
/// ```
pub trait LiveComponent: Tracked + Sized + Send + 'static {
    /// What the parent's template gives the component: `<.live_component module={Self} id={…}
    /// a={…} b={…}/>` builds `Attrs { a: …, b: … }` (usually a struct with those fields).
    type Attrs: Send + 'static;

    /// Builds the component's state the first time its id is rendered (the attributes then
    /// also go to [`update`](LiveComponent::update)).
    fn mount(attrs: &Self::Attrs, socket: &mut ComponentSocket<Self>) -> Result<Self, ViewError>;

    /// Receives the attributes each time the parent renders the component (and those given
    /// to `send_update`). Change assigns through the generated setters: only the slots reading
    /// a changed assign are rendered. The default keeps the state as it is.
    fn update(
        assigns: &mut Assigns<Self>,
        attrs: Self::Attrs,
        socket: &mut ComponentSocket<Self>,
    ) -> Result<(), ViewError> {
        let _ = (assigns, attrs, socket);
        Ok(())
    }

    /// Receives, at once, the attributes of every component of this type rendered by one
    /// render (load what they need in one query instead of one per component). The default
    /// calls [`update`](LiveComponent::update) for each.
    fn update_many(batch: Vec<Update<'_, Self>>) -> Result<(), ViewError> {
        for Update {
            assigns,
            attrs,
            socket,
        } in batch
        {
            Self::update(assigns, attrs, socket)?;
        }
        Ok(())
    }

    /// Handles an event targeted at this component. The default ignores it.
    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        socket: &mut ComponentSocket<Self>,
    ) -> Result<(), ViewError> {
        let _ = (assigns, event, socket);
        Ok(())
    }

    /// Receives the outcome of a task started with [`ComponentSocket::start_async`]. The
    /// default ignores it.
    fn handle_async(
        assigns: &mut Assigns<Self>,
        name: &str,
        outcome: AsyncOutcome,
        socket: &mut ComponentSocket<Self>,
    ) -> Result<(), ViewError> {
        let _ = (assigns, name, outcome, socket);
        Ok(())
    }

    /// Receives the progress of an entry of an upload this component allowed
    /// ([`ComponentSocket::allow_upload`]), as the client reports it (the `progress` of
    /// Phoenix's `allow_upload`); [`UploadProgress::done`](crate::upload::UploadProgress::done)
    /// when the whole file arrived. The default ignores it.
    fn handle_progress(
        assigns: &mut Assigns<Self>,
        progress: &crate::upload::UploadProgress,
        socket: &mut ComponentSocket<Self>,
    ) -> Result<(), ViewError> {
        let _ = (assigns, progress, socket);
        Ok(())
    }

    /// Renders the component: exactly one HTML element at the root (the client marks it with
    /// the component's cid).
    fn render(assigns: &Assigns<Self>) -> Rendered;
}

/// A component to render, built by [`live_component`] (what `<.live_component …/>` compiles
/// to); interpolate it in `html!`.
pub struct LiveComponentCall<C: LiveComponent> {
    id: String,
    attrs: Cell<Option<C::Attrs>>,
}

impl<C: LiveComponent> fmt::Debug for LiveComponentCall<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LiveComponentCall")
            .field("component", &std::any::type_name::<C>())
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// The component `C` with `id` and its attributes, for a template: the function form of
/// `<.live_component module={C} id={id} …/>`.
///
/// The id names the component among those of type `C` in its view: the same id rendered again
/// is the same component (its state is kept, `update` gets the new attributes).
///
/// ```
/// # use live_core::{html, Assigns, LiveComponent, Rendered, ViewError};
/// # use live_core::live_component::ComponentSocket;
/// # #[derive(LiveComponent)] struct Badge { text: String }
/// # impl LiveComponent for Badge {
/// #     type Attrs = String;
/// #     fn mount(text: &String, _: &mut ComponentSocket<Self>) -> Result<Self, ViewError> { Ok(Badge { text: text.clone() }) }
/// #     fn render(assigns: &Assigns<Self>) -> Rendered { html! { <b>{@text}</b> } }
/// # }
/// let call = live_core::live_component::<Badge>("greeting", "hi".to_owned());
/// assert_eq!(call.id(), "greeting");
/// ```
pub fn live_component<C: LiveComponent>(
    id: impl fmt::Display,
    attrs: C::Attrs,
) -> LiveComponentCall<C> {
    LiveComponentCall {
        id: id.to_string(),
        attrs: Cell::new(Some(attrs)),
    }
}

impl<C: LiveComponent> LiveComponentCall<C> {
    /// The component's id.
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl<C: LiveComponent> ToHtml for LiveComponentCall<C> {
    fn to_dynamic(&self) -> Dynamic {
        if crate::static_render::writing_html() {
            let mut out = String::new();
            registry::render_inline::<C>(&self.id, self.attrs.take(), &mut out);
            return Dynamic::Text(out);
        }
        registry::call::<C>(&self.id, self.attrs.take())
    }

    fn write_html(&self, out: &mut String) {
        registry::render_inline::<C>(&self.id, self.attrs.take(), out);
    }
}

/// The component being rendered (`@myself` in its template): its cid, for
/// `phx-target={@myself}`. Renders as the cid; outside a component's render, as nothing
/// (an empty `phx-target` targets the view).
///
/// ```
/// use live_core::live_component::{myself, Myself};
/// assert_eq!(myself(), Myself(None));
/// assert_eq!(Myself(Some(3)).to_string(), "3");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Myself(pub Option<u32>);

impl fmt::Display for Myself {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(cid) => write!(f, "{cid}"),
            None => Ok(()),
        }
    }
}

impl AttrValue for Myself {
    fn render_attr(&self, name: &str) -> String {
        // Outside a component the attribute is left out: the event goes to the view.
        self.0.map(|cid| cid.render_attr(name)).unwrap_or_default()
    }
}

/// The component being rendered on this thread (what `@myself` reads).
pub fn myself() -> Myself {
    Myself(registry::current_cid())
}

/// The type id of a component type (the registry's key).
fn type_key<C: LiveComponent>() -> TypeId {
    TypeId::of::<C>()
}
