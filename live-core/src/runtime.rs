//! Driving a view: mount, render, events and diffs, without any I/O.
//!
//! The server's view task and the in-process test harness both go through [`ViewRuntime`], so a
//! view behaves the same in `cargo test` as behind a WebSocket.

use std::marker::PhantomData;

use crate::assigns::Assigns;
use crate::diff::ClientTree;
use crate::escape::escape_json_into;
use crate::event::Event;
use crate::params::Params;
use crate::session::Session;
use crate::socket::{Effects, Socket};
use crate::view::{LiveView, ViewError};

/// A mounted view with its state, socket and the tree of what the client holds.
///
/// ```
/// use live_core::{runtime::ViewRuntime, Params, Session};
/// # use live_core::{Assigns, LiveView, Rendered, Socket, ViewError, Dynamic, Statics, ChangeSet, Event};
/// # struct Counter { count: i64 }
/// # impl live_core::Tracked for Counter { const ASSIGNS: &'static [&'static str] = &["count"]; }
/// # impl LiveView for Counter {
/// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Counter { count: 0 }) }
/// #     fn handle_event(a: &mut Assigns<Self>, _: &Event, _: &mut Socket<Self>) -> Result<(), ViewError> {
/// #         let (v, c) = a.__parts_mut(); v.count += 1; c.mark(ChangeSet::bit(0)); Ok(())
/// #     }
/// #     fn render(a: &Assigns<Self>) -> Rendered {
/// #         static S: Statics = Statics::new(&["<p>", "</p>"], r#"["<p>","</p>"]"#, true);
/// #         Rendered::new(&S, vec![if a.changed().any(1) { Dynamic::text(&a.count.to_string()) } else { Dynamic::Unchanged }])
/// #     }
/// # }
/// let mut view = ViewRuntime::<Counter>::mount("phx-1", &Params::default(), &Session::default(), true)?;
/// assert_eq!(view.join_rendered(), r#"{"0":"0","s":["<p>","</p>"]}"#);
/// let diff = view.handle_event(&Event::new("click", "inc", serde_json::json!({})))?;
/// assert_eq!(diff.as_deref(), Some(r#"{"0":"1"}"#));
/// # Ok::<(), live_core::ViewError>(())
/// ```
pub struct ViewRuntime<V: LiveView> {
    assigns: Assigns<V>,
    socket: Socket<V>,
    tree: ClientTree,
}

impl<V: LiveView> ViewRuntime<V> {
    /// Mounts the view `id`; `connected` is false for the HTTP render.
    pub fn mount(
        id: &str,
        params: &Params,
        session: &Session,
        connected: bool,
    ) -> Result<Self, ViewError> {
        let mut socket = Socket::new(id, connected);
        let view = V::mount(params, session, &mut socket)?;
        Ok(ViewRuntime {
            assigns: Assigns::new(view),
            socket,
            tree: ClientTree::default(),
        })
    }

    /// The view's assigns.
    pub fn assigns(&self) -> &Assigns<V> {
        &self.assigns
    }

    /// The full HTML of the view (the static render), whatever the client holds.
    pub fn render_html(&mut self) -> String {
        self.assigns.mark_all_changed();
        let html = V::render(&self.assigns).to_html();
        self.assigns.clear_changed();
        html
    }

    /// The full rendered JSON for a join reply; the client tree starts over from it.
    pub fn join_rendered(&mut self) -> String {
        self.tree.reset();
        self.assigns.mark_all_changed();
        let effects = self.socket.take_effects();
        self.render_diff(effects).unwrap_or_else(|| "{}".to_owned())
    }

    /// Handles an event; returns the diff to reply with, or `None` when nothing changed.
    pub fn handle_event(&mut self, event: &Event) -> Result<Option<String>, ViewError> {
        V::handle_event(&mut self.assigns, event, &mut self.socket)?;
        let effects = self.socket.take_effects();
        Ok(self.render_diff(effects))
    }

    /// Bytes held for this view besides the state itself: the client tree.
    pub fn tree_bytes(&self) -> usize {
        self.tree.memory_bytes()
    }

    /// Renders the changed slots, diffs them and adds the effects' top-level keys.
    fn render_diff(&mut self, effects: Effects) -> Option<String> {
        let mut out = String::from("{");
        if !self.assigns.changed().is_empty() {
            let rendered = V::render(&self.assigns);
            self.assigns.clear_changed();
            self.tree.diff_members(&mut out, &rendered);
        }
        write_effects(&mut out, effects);
        if out.len() == 1 {
            return None;
        }
        out.push('}');
        Some(out)
    }
}

/// Appends `"t"`, `"e"` and the reply `"r"` members.
fn write_effects(out: &mut String, effects: Effects) {
    let member = |out: &mut String, key: &str| {
        if out.len() > 1 {
            out.push(',');
        }
        out.push('"');
        out.push_str(key);
        out.push_str("\":");
    };
    if let Some(title) = effects.title {
        member(out, "t");
        escape_json_into(out, &title);
    }
    if !effects.events.is_empty() {
        member(out, "e");
        let events: Vec<serde_json::Value> = effects
            .events
            .into_iter()
            .map(|(name, payload)| serde_json::Value::Array(vec![name.into(), payload]))
            .collect();
        out.push_str(&serde_json::Value::Array(events).to_string());
    }
    if let Some(reply) = effects.reply {
        member(out, "r");
        out.push_str(&serde_json::Value::Object(reply).to_string());
    }
}

/// A mounted view of any type, as the server and the test harness hold it.
pub trait AnyView: Send {
    /// See [`ViewRuntime::render_html`].
    fn render_html(&mut self) -> String;
    /// See [`ViewRuntime::join_rendered`].
    fn join_rendered(&mut self) -> String;
    /// See [`ViewRuntime::handle_event`].
    fn handle_event(&mut self, event: &Event) -> Result<Option<String>, ViewError>;
}

impl<V: LiveView> AnyView for ViewRuntime<V> {
    fn render_html(&mut self) -> String {
        ViewRuntime::render_html(self)
    }
    fn join_rendered(&mut self) -> String {
        ViewRuntime::join_rendered(self)
    }
    fn handle_event(&mut self, event: &Event) -> Result<Option<String>, ViewError> {
        ViewRuntime::handle_event(self, event)
    }
}

/// Mounts views of one type; a router holds one per live route.
pub trait ViewFactory: Send + Sync + 'static {
    /// The view type's name, for logs.
    fn name(&self) -> &'static str;
    /// Mounts a new instance.
    fn mount(
        &self,
        id: &str,
        params: &Params,
        session: &Session,
        connected: bool,
    ) -> Result<Box<dyn AnyView>, ViewError>;
}

/// The [`ViewFactory`] of the view type `V`.
///
/// ```
/// use live_core::runtime::{Mounter, ViewFactory};
/// # use live_core::{Assigns, LiveView, Params, Rendered, Session, Socket, ViewError, Statics};
/// # struct Empty;
/// # impl live_core::Tracked for Empty { const ASSIGNS: &'static [&'static str] = &[]; }
/// # impl LiveView for Empty {
/// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Empty) }
/// #     fn render(_: &Assigns<Self>) -> Rendered { static S: Statics = Statics::new(&["<p></p>"], r#"["<p></p>"]"#, true); Rendered::new(&S, vec![]) }
/// # }
/// let factory = Mounter::<Empty>::new();
/// let mut view = factory.mount("phx-1", &Params::default(), &Session::default(), false).unwrap();
/// assert_eq!(view.render_html(), "<p></p>");
/// ```
pub struct Mounter<V>(PhantomData<fn() -> V>);

impl<V> Mounter<V> {
    /// The factory for `V`.
    pub fn new() -> Self {
        Mounter(PhantomData)
    }
}

impl<V> Default for Mounter<V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<V: LiveView> ViewFactory for Mounter<V> {
    fn name(&self) -> &'static str {
        std::any::type_name::<V>()
    }
    fn mount(
        &self,
        id: &str,
        params: &Params,
        session: &Session,
        connected: bool,
    ) -> Result<Box<dyn AnyView>, ViewError> {
        Ok(Box::new(ViewRuntime::<V>::mount(
            id, params, session, connected,
        )?))
    }
}
