//! Nested LiveViews: a child view rendered inside a parent's template with [`live_render`].
//!
//! A child is its own view with its own state, task and channel (`lv:<child id>`); the parent's
//! template only holds its container (docs/protocol.md §2.5):
//!
//! - in the static (HTTP) render, the container with the child's own HTML, `data-phx-parent-id`
//!   and a signed static token (a sticky child: a signed session token and `data-phx-sticky`);
//! - in the connected render, an empty container with the signed session token, which the
//!   client joins once the parent has joined.
//!
//! live-core holds no secret: the server lends every view a [`NestedHost`] (through the
//! [`Session`] it mounts with) that signs the tokens, remembers which view type a token names,
//! and finds a view's parent and children for [`Socket::parent`] and [`Socket::child`].
//! Without a host (a view driven on its own, as below), containers carry empty tokens.
//!
//! ```
//! use live_core::nested::live_render;
//! use live_core::runtime::ViewRuntime;
//! # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
//! #[derive(LiveView)]
//! struct Clock { time: String }
//! impl LiveView for Clock {
//!     type Info = ();
//!     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
//!         Ok(Clock { time: "11:59".into() })
//!     }
//!     fn render(assigns: &Assigns<Self>) -> Rendered { html! { <time>{@time}</time> } }
//! }
//!
//! #[derive(LiveView)]
//! struct Page {}
//! impl LiveView for Page {
//!     type Info = ();
//!     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Page {}) }
//!     fn render(_: &Assigns<Self>) -> Rendered {
//!         html! { <main>{live_render::<Clock>("clock")}</main> }
//!     }
//! }
//!
//! let mut page = ViewRuntime::<Page>::mount("phx-1", &Params::default(), &Session::default(), None)?;
//! assert_eq!(
//!     page.render_html(),
//!     r#"<main><div id="clock" data-phx-session="" data-phx-static="" data-phx-parent-id="phx-1"><time>11:59</time></div></main>"#
//! );
//! # Ok::<(), ViewError>(())
//! ```

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::escape::escape_html_into;
use crate::html::ToHtml;
use crate::runtime::{Mounter, ViewFactory};
use crate::socket::{MessageSink, ViewHandle};
use crate::{Dynamic, LiveView, Params, Session, Socket};

/// How deep static renders may nest children (a view rendering itself would never end).
pub const MAX_NESTING_DEPTH: usize = 8;

/// A child view to render inside a template: `{live_render::<Clock>("clock")}`.
///
/// The id must be unique on the page and stable across the parent's renders (the client keeps
/// the child joined as long as an element with that id stays).
///
/// ```
/// use live_core::nested::live_render;
/// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
/// # #[derive(LiveView)] struct Chat {}
/// # impl LiveView for Chat {
/// #     type Info = ();
/// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Chat {}) }
/// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p>chat</p> } }
/// # }
/// let panel = live_render::<Chat>("chat").sticky().session("room", "lobby");
/// assert_eq!(panel.id(), "chat");
/// assert!(panel.is_sticky());
/// assert_eq!(panel.session_data()["room"], "lobby");
/// ```
pub fn live_render<V: LiveView>(id: impl Into<String>) -> LiveRender {
    // `Mounter<V>` has no data: leaking it allocates nothing.
    let factory: &'static Mounter<V> = Box::leak(Box::new(Mounter::<V>::new()));
    LiveRender {
        id: id.into(),
        factory,
        sticky: false,
        session: Map::new(),
    }
}

/// A child view's container, built by [`live_render`]; interpolate it in `html!`.
#[derive(Clone)]
pub struct LiveRender {
    id: String,
    factory: &'static dyn ViewFactory,
    sticky: bool,
    session: Map<String, Value>,
}

impl std::fmt::Debug for LiveRender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveRender")
            .field("id", &self.id)
            .field("view", &self.factory.name())
            .field("sticky", &self.sticky)
            .field("session", &self.session)
            .finish()
    }
}

impl LiveRender {
    /// Makes the child sticky: it is joined as a root view and survives live navigation of
    /// the page to another view of the same live session, keeping its state.
    ///
    /// ```
    /// # use live_core::nested::live_render;
    /// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// # #[derive(LiveView)] struct Player {}
    /// # impl LiveView for Player {
    /// #     type Info = ();
    /// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Player {}) }
    /// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p>"♪"</p> } }
    /// # }
    /// assert!(live_render::<Player>("player").sticky().is_sticky());
    /// ```
    pub fn sticky(mut self) -> Self {
        self.sticky = true;
        self
    }

    /// Adds `key: value` to the session the child mounts with (signed into its token, next to
    /// the parent's own session data).
    ///
    /// ```
    /// # use live_core::nested::live_render;
    /// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// # #[derive(LiveView)] struct Row {}
    /// # impl LiveView for Row {
    /// #     type Info = ();
    /// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Row {}) }
    /// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p></p> } }
    /// # }
    /// let row = live_render::<Row>("row-7").session("row_id", 7);
    /// assert_eq!(row.session_data()["row_id"], 7);
    /// ```
    pub fn session(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.session.insert(key.into(), value.into());
        self
    }

    /// The child's id (its container's DOM id; its topic is `lv:<id>`).
    ///
    /// ```
    /// # use live_core::nested::live_render;
    /// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// # #[derive(LiveView)] struct Clock {}
    /// # impl LiveView for Clock {
    /// #     type Info = ();
    /// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Clock {}) }
    /// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p></p> } }
    /// # }
    /// assert_eq!(live_render::<Clock>("clock").id(), "clock");
    /// ```
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Whether the child is sticky (see [`sticky`](LiveRender::sticky)).
    ///
    /// ```
    /// # use live_core::nested::live_render;
    /// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// # #[derive(LiveView)] struct Clock {}
    /// # impl LiveView for Clock {
    /// #     type Info = ();
    /// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Clock {}) }
    /// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p></p> } }
    /// # }
    /// assert!(!live_render::<Clock>("clock").is_sticky());
    /// ```
    pub fn is_sticky(&self) -> bool {
        self.sticky
    }

    /// The session entries given with [`session`](LiveRender::session).
    ///
    /// ```
    /// # use live_core::nested::live_render;
    /// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// # #[derive(LiveView)] struct Clock {}
    /// # impl LiveView for Clock {
    /// #     type Info = ();
    /// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Clock {}) }
    /// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p></p> } }
    /// # }
    /// assert!(live_render::<Clock>("clock").session_data().is_empty());
    /// ```
    pub fn session_data(&self) -> &Map<String, Value> {
        &self.session
    }

    /// Mounts the child's view type (the host remembers it so that the child's join can mount
    /// it).
    ///
    /// ```
    /// # use live_core::nested::live_render;
    /// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// # #[derive(LiveView)] struct Clock {}
    /// # impl LiveView for Clock {
    /// #     type Info = ();
    /// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Clock {}) }
    /// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p>tick</p> } }
    /// # }
    /// let child = live_render::<Clock>("clock");
    /// assert!(child.factory().name().ends_with("Clock"));
    /// ```
    pub fn factory(&self) -> &'static dyn ViewFactory {
        self.factory
    }

    /// The container's HTML for the view rendering now (see the module docs).
    fn container_html(&self, out: &mut String) {
        let context = current();
        let (host, parent_id, connected) = match context.as_deref() {
            Some(ctx) => (ctx.host.clone(), ctx.view_id.as_str(), ctx.connected),
            None => (None, "", false),
        };
        let session_token = match &host {
            Some(host) if connected || self.sticky => host.session_token(parent_id, self),
            _ => String::new(),
        };
        let static_token = match &host {
            Some(host) if !connected => host.static_token(self),
            _ => String::new(),
        };
        out.push_str("<div id=\"");
        escape_html_into(out, &self.id);
        out.push_str("\" data-phx-session=\"");
        escape_html_into(out, &session_token);
        out.push_str("\" data-phx-static=\"");
        escape_html_into(out, &static_token);
        if self.sticky {
            out.push_str("\" data-phx-sticky>");
        } else {
            out.push_str("\" data-phx-parent-id=\"");
            escape_html_into(out, parent_id);
            out.push_str("\">");
        }
        if !connected {
            self.write_dead_render(host.as_ref(), out);
        }
        out.push_str("</div>");
    }

    /// The child's own static render, mounted here and now (disconnected).
    fn write_dead_render(&self, host: Option<&Arc<dyn NestedHost>>, out: &mut String) {
        let depth = DEPTH.with(|d| d.get());
        if depth >= MAX_NESTING_DEPTH {
            panic!(
                "live_render of {:?} (\"{}\"): views nested more than {MAX_NESTING_DEPTH} deep (does a view render itself?)",
                self.factory.name(),
                self.id
            );
        }
        struct Leave;
        impl Drop for Leave {
            fn drop(&mut self) {
                DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
            }
        }
        DEPTH.with(|d| d.set(depth + 1));
        let _leave = Leave;
        let session = match host {
            Some(host) => host.child_session(self),
            None => Session::from_map(self.session.clone()),
        };
        // A child that cannot mount fails the page's render, as any other render error would.
        let mut view = self
            .factory
            .mount(&self.id, &Params::default(), &session, None)
            .unwrap_or_else(|err| {
                panic!(
                    "the child view {:?} (\"{}\") failed to mount: {err}",
                    self.factory.name(),
                    self.id
                )
            });
        out.push_str(&view.render_html());
    }
}

impl ToHtml for LiveRender {
    fn to_dynamic(&self) -> Dynamic {
        let mut out = String::new();
        self.container_html(&mut out);
        Dynamic::Text(out)
    }

    fn write_html(&self, out: &mut String) {
        self.container_html(out);
    }
}

/// What the server lends a view for its children: signed tokens, the child's session, and the
/// way to a view's parent and children. Given to a view through
/// [`Session::set_nested_host`]; see the module docs.
///
/// ```
/// use std::sync::Arc;
/// use live_core::nested::{live_render, LiveRender, NestedHost};
/// use live_core::runtime::ViewRuntime;
/// use live_core::Session;
/// # use live_core::{html, Assigns, LiveView, Params, Rendered, Socket, ViewError};
/// # #[derive(LiveView)] struct Clock {}
/// # impl LiveView for Clock {
/// #     type Info = ();
/// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Clock {}) }
/// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <time>now</time> } }
/// # }
/// # #[derive(LiveView)] struct Page {}
/// # impl LiveView for Page {
/// #     type Info = ();
/// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Page {}) }
/// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <main>{live_render::<Clock>("clock")}</main> } }
/// # }
///
/// /// Tokens that are not secret at all, for the example.
/// struct Plain;
/// impl NestedHost for Plain {
///     fn session_token(&self, parent_id: &str, child: &LiveRender) -> String {
///         format!("session-of-{}-in-{parent_id}", child.id())
///     }
///     fn static_token(&self, child: &LiveRender) -> String {
///         format!("static-of-{}", child.id())
///     }
///     fn child_session(&self, child: &LiveRender) -> Session {
///         Session::from_map(child.session_data().clone())
///     }
/// }
///
/// let mut session = Session::default();
/// session.set_nested_host(Arc::new(Plain));
/// let mut page = ViewRuntime::<Page>::mount("phx-1", &Params::default(), &session, None)?;
/// assert_eq!(
///     page.render_html(),
///     r#"<main><div id="clock" data-phx-session="" data-phx-static="static-of-clock" data-phx-parent-id="phx-1"><time>now</time></div></main>"#
/// );
/// # Ok::<(), ViewError>(())
/// ```
pub trait NestedHost: Send + Sync + 'static {
    /// The session token of `child`, rendered by the view `parent_id`: it names the child's
    /// id, view type, live session, parent (or stickiness) and session data, so that the
    /// child's join can mount it. Asked for by connected renders, and by static renders of
    /// sticky children.
    fn session_token(&self, parent_id: &str, child: &LiveRender) -> String;

    /// The static token of `child`'s static render.
    fn static_token(&self, child: &LiveRender) -> String;

    /// The session `child` mounts with in the static render: its data (usually the parent's
    /// with the child's entries) and whatever the server adds (app state, connect info, a
    /// host for its own children).
    fn child_session(&self, child: &LiveRender) -> Session;

    /// Where the messages for the parent of the view `view_id` go, while both run.
    fn parent_sink(&self, view_id: &str) -> Option<Arc<dyn MessageSink>> {
        let _ = view_id;
        None
    }

    /// Where the messages for the child `child_id` of the view `view_id` go, while both run.
    fn child_sink(&self, view_id: &str, child_id: &str) -> Option<Arc<dyn MessageSink>> {
        let _ = (view_id, child_id);
        None
    }
}

/// The [`NestedHost`] a [`Session`] carries: compared by identity, shown by presence.
#[derive(Clone, Default)]
pub struct HostSlot(pub(crate) Option<Arc<dyn NestedHost>>);

impl PartialEq for HostSlot {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }
}

impl std::fmt::Debug for HostSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "HostSlot(Some(..))"
        } else {
            "HostSlot(None)"
        })
    }
}

/// The view being rendered on this thread: where [`LiveRender`] finds its parent.
struct RenderContext {
    host: Option<Arc<dyn NestedHost>>,
    view_id: String,
    connected: bool,
}

thread_local! {
    static CONTEXT: RefCell<Option<Rc<RenderContext>>> = const { RefCell::new(None) };
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

fn current() -> Option<Rc<RenderContext>> {
    CONTEXT.with(|c| c.borrow().clone())
}

/// Runs `render` as the render of the view `view_id` (restoring the previous one afterwards,
/// even on panic).
pub(crate) fn rendering<R>(
    host: Option<Arc<dyn NestedHost>>,
    view_id: &str,
    connected: bool,
    render: impl FnOnce() -> R,
) -> R {
    struct Restore(Option<Rc<RenderContext>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            CONTEXT.with(|c| *c.borrow_mut() = previous);
        }
    }
    let context = Rc::new(RenderContext {
        host,
        view_id: view_id.to_owned(),
        connected,
    });
    let _restore = Restore(CONTEXT.with(|c| c.borrow_mut().replace(context)));
    render()
}

impl<V: LiveView> Socket<V> {
    /// A handle to the parent view (the view whose template rendered this one with
    /// [`live_render`]), to send it messages for its `handle_info` (the `send(parent_pid, …)`
    /// of Phoenix). `None` for views that are not children, while disconnected, or when the
    /// parent has ended. `P` is the parent's type; a message of another type than its `Info`
    /// is dropped by the parent (and logged).
    ///
    /// ```
    /// # use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// # #[derive(LiveView)] struct Page { last: String }
    /// # impl LiveView for Page {
    /// #     type Info = String;
    /// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Page { last: String::new() }) }
    /// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p></p> } }
    /// # }
    /// # #[derive(LiveView)] struct Clock {}
    /// # impl LiveView for Clock {
    /// #     type Info = ();
    /// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Clock {}) }
    /// fn handle_event(_: &mut Assigns<Self>, event: &Event, socket: &mut Socket<Self>) -> Result<(), ViewError> {
    ///     if let Some(parent) = socket.parent::<Page>() {
    ///         parent.send(format!("clock says {}", event.name()));
    ///     }
    ///     Ok(())
    /// }
    /// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p></p> } }
    /// # }
    /// let socket = Socket::<Clock>::new("clock", false);
    /// assert!(socket.parent::<Page>().is_none());
    /// ```
    pub fn parent<P: LiveView>(&self) -> Option<ViewHandle<P>> {
        let host = self.nested.as_ref()?;
        host.parent_sink(self.id()).map(ViewHandle::new)
    }

    /// A handle to this view's child `id` (rendered by this view with [`live_render`]), to send
    /// it messages for its `handle_info`. `None` while the child has not joined or has ended.
    ///
    /// ```
    /// # use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// # #[derive(LiveView)] struct Clock {}
    /// # impl LiveView for Clock {
    /// #     type Info = &'static str;
    /// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Clock {}) }
    /// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p></p> } }
    /// # }
    /// # #[derive(LiveView)] struct Page {}
    /// # impl LiveView for Page {
    /// #     type Info = ();
    /// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Page {}) }
    /// fn handle_event(_: &mut Assigns<Self>, _: &Event, socket: &mut Socket<Self>) -> Result<(), ViewError> {
    ///     if let Some(clock) = socket.child::<Clock>("clock") {
    ///         clock.send("reset");
    ///     }
    ///     Ok(())
    /// }
    /// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p></p> } }
    /// # }
    /// let socket = Socket::<Page>::new("phx-1", false);
    /// assert!(socket.child::<Clock>("clock").is_none());
    /// ```
    pub fn child<C: LiveView>(&self, id: &str) -> Option<ViewHandle<C>> {
        let host = self.nested.as_ref()?;
        host.child_sink(self.id(), id).map(ViewHandle::new)
    }

    /// The host the view renders its children with.
    pub(crate) fn set_nested(&mut self, host: Option<Arc<dyn NestedHost>>) {
        self.nested = host;
    }

    /// Runs `render` as this view's render (children find their parent through it).
    pub(crate) fn rendering<R>(&self, render: impl FnOnce() -> R) -> R {
        rendering(self.nested.clone(), self.id(), self.connected(), render)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::ViewRuntime;
    use crate::{html, Assigns, Rendered, ViewError};

    #[derive(crate::LiveView)]
    struct Leaf {
        label: String,
    }
    impl LiveView for Leaf {
        type Info = ();
        fn mount(_: &Params, session: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
            let label = session
                .get("label")
                .and_then(Value::as_str)
                .unwrap_or("none")
                .to_owned();
            Ok(Leaf { label })
        }
        fn render(assigns: &Assigns<Self>) -> Rendered {
            html! { <b>{@label}</b> }
        }
    }

    #[derive(crate::LiveView)]
    struct Root {}
    impl LiveView for Root {
        type Info = ();
        fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
            Ok(Root {})
        }
        fn render(_: &Assigns<Self>) -> Rendered {
            html! { <div>{live_render::<Leaf>("leaf").session("label", "x")}{live_render::<Leaf>("side").sticky()}</div> }
        }
    }

    #[derive(crate::LiveView)]
    struct Mirror {}
    impl LiveView for Mirror {
        type Info = ();
        fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
            Ok(Mirror {})
        }
        fn render(_: &Assigns<Self>) -> Rendered {
            html! { <i>{live_render::<Mirror>("m")}</i> }
        }
    }

    struct Named;
    impl NestedHost for Named {
        fn session_token(&self, parent_id: &str, child: &LiveRender) -> String {
            format!("S:{parent_id}:{}", child.id())
        }
        fn static_token(&self, child: &LiveRender) -> String {
            format!("T:{}", child.id())
        }
        fn child_session(&self, child: &LiveRender) -> Session {
            let mut session = Session::from_map(child.session_data().clone());
            session.set_nested_host(Arc::new(Named));
            session
        }
    }

    #[test]
    fn static_and_connected_containers() {
        let mut session = Session::default();
        session.set_nested_host(Arc::new(Named));
        let mut dead =
            ViewRuntime::<Root>::mount("phx-r", &Params::default(), &session, None).expect("mount");
        assert_eq!(
            dead.render_html(),
            concat!(
                r#"<div><div id="leaf" data-phx-session="" data-phx-static="T:leaf" data-phx-parent-id="phx-r"><b>x</b></div>"#,
                r#"<div id="side" data-phx-session="S:phx-r:side" data-phx-static="T:side" data-phx-sticky><b>none</b></div></div>"#
            )
        );
        struct Nowhere;
        impl MessageSink for Nowhere {
            fn send(&self, _: crate::socket::AnyMessage) -> bool {
                false
            }
        }
        let mut live = ViewRuntime::<Root>::mount(
            "phx-r",
            &Params::default(),
            &session,
            Some(Arc::new(Nowhere)),
        )
        .expect("mount");
        let joined: Value = serde_json::from_str(&live.join_rendered()).expect("json");
        assert_eq!(
            joined["0"],
            r#"<div id="leaf" data-phx-session="S:phx-r:leaf" data-phx-static="" data-phx-parent-id="phx-r"></div>"#
        );
        assert_eq!(
            joined["1"],
            r#"<div id="side" data-phx-session="S:phx-r:side" data-phx-static="" data-phx-sticky></div>"#
        );
    }

    #[test]
    fn a_view_rendering_itself_stops_at_the_depth_limit() {
        let panicked = std::panic::catch_unwind(|| {
            let mut view = ViewRuntime::<Mirror>::mount(
                "phx-m",
                &Params::default(),
                &Session::default(),
                None,
            )
            .expect("mount");
            view.render_html()
        });
        let message = panicked.expect_err("endless nesting");
        let text = crate::protocol::panic_text(&*message);
        assert!(text.contains("nested more than 8 deep"), "{text}");
        assert_eq!(DEPTH.with(Cell::get), 0, "the depth is restored");
        assert!(current().is_none(), "the render context is restored");
    }
}
