//! Lifecycle hooks attached before a view exists: an `on_mount` hook (the server's, per live
//! session or per view) attaches them, and they join the view's socket when it mounts, ahead
//! of the hooks `mount` attaches itself (Phoenix's `attach_hook` called from `on_mount`).
//!
//! A live session's `on_mount` runs for every view of the session, whose types it does not
//! know: its hooks see the event, params or message and an [`AnySocket`] (what any view's
//! socket can do). A hook for one view type ([`MountHooks::view`]) gets that view's own
//! [`Socket`] and attaches fully typed hooks (its assigns included).

use std::any::{Any, TypeId};
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::Value;

use crate::event::Event;
use crate::hooks::HookFlow;
use crate::params::Params;
use crate::socket::Socket;
use crate::view::LiveView;

/// What a hook attached for any view can do with the view's socket.
///
/// ```
/// use live_core::mount_hooks::AnySocket;
/// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
/// # #[derive(LiveView)] struct Page {}
/// # impl LiveView for Page {
/// #     type Info = ();
/// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Page {}) }
/// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p></p> } }
/// # }
/// let mut socket = Socket::<Page>::new("phx-1", false);
/// let any: &mut dyn AnySocket = &mut socket;
/// assert_eq!(any.id(), "phx-1");
/// assert!(any.view_name().ends_with("Page"));
/// any.push_event("seen", serde_json::json!({}));
/// ```
pub trait AnySocket: Send {
    /// The view's id (the element id of its container).
    fn id(&self) -> &str;
    /// False for the HTTP render, true once connected.
    fn connected(&self) -> bool;
    /// The view's Rust type name.
    fn view_name(&self) -> &'static str;
    /// Pushes an event to the client ([`Socket::push_event`]).
    fn push_event(&mut self, name: &str, payload: Value);
    /// Patches the URL, keeping the view ([`Socket::push_patch`]).
    fn push_patch(&mut self, to: &str);
    /// Navigates to another view of the live session ([`Socket::push_navigate`]).
    fn push_navigate(&mut self, to: &str);
    /// Redirects with a full page load ([`Socket::redirect`]).
    fn redirect(&mut self, to: &str);
}

impl<V: LiveView> AnySocket for Socket<V> {
    fn id(&self) -> &str {
        Socket::id(self)
    }
    fn connected(&self) -> bool {
        Socket::connected(self)
    }
    fn view_name(&self) -> &'static str {
        std::any::type_name::<V>()
    }
    fn push_event(&mut self, name: &str, payload: Value) {
        Socket::push_event(self, name, payload);
    }
    fn push_patch(&mut self, to: &str) {
        Socket::push_patch(self, to);
    }
    fn push_navigate(&mut self, to: &str) {
        Socket::push_navigate(self, to);
    }
    fn redirect(&mut self, to: &str) {
        Socket::redirect(self, to);
    }
}

type Shared<F> = Arc<Mutex<F>>;
type EventHook = Shared<dyn FnMut(&Event, &mut dyn AnySocket) -> HookFlow + Send>;
type ParamsHook = Shared<dyn FnMut(&Params, &str, &mut dyn AnySocket) -> HookFlow + Send>;
type InfoHook = Shared<dyn FnMut(&dyn Any, &mut dyn AnySocket) -> HookFlow + Send>;
type RenderHook = Shared<dyn FnMut(&str) + Send>;

/// One attached hook, waiting for the view's socket.
#[derive(Clone)]
enum Entry {
    Event(Arc<str>, EventHook),
    Params(Arc<str>, ParamsHook),
    /// Only for views whose `Info` is the type of the id.
    Info(Arc<str>, TypeId, InfoHook),
    AfterRender(Arc<str>, RenderHook),
    /// A [`ForView`] of the view type of the id.
    View(TypeId, Arc<dyn Any + Send + Sync>),
}

/// Attaches hooks to a socket of `V` (what [`MountHooks::view`] keeps).
type ForView<V> = Arc<dyn Fn(&mut Socket<V>) + Send + Sync>;

/// The hooks the `on_mount` hooks attached for one mount, in attachment order; the view's
/// socket takes them when it mounts ([`Session::mount_hooks`](crate::Session::mount_hooks)).
///
/// Hooks run before the view's own callback, in order; one returning [`HookFlow::Halt`] handles
/// the event (or params, or message) and stops it there, [`HookFlow::Cont`] passes it on.
///
/// ```
/// use std::sync::{atomic::{AtomicUsize, Ordering}, Arc};
/// use live_core::{hooks::HookFlow, mount_hooks::MountHooks, runtime::ViewRuntime, Event, Params, Session};
/// # use live_core::{html, Assigns, LiveView, Rendered, Socket, ViewError};
/// # #[derive(LiveView)] struct Page { clicks: u32 }
/// # impl LiveView for Page {
/// #     type Info = ();
/// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Page { clicks: 0 }) }
/// #     fn handle_event(assigns: &mut Assigns<Self>, _: &Event, _: &mut Socket<Self>) -> Result<(), ViewError> {
/// #         assigns.update_clicks(|c| *c += 1); Ok(())
/// #     }
/// #     fn render(assigns: &Assigns<Self>) -> Rendered { html! { <p>{@clicks}</p> } }
/// # }
/// let seen = Arc::new(AtomicUsize::new(0));
/// let counter = seen.clone();
/// let mut session = Session::default();
/// session.mount_hooks_mut().event("analytics", move |event, _socket| {
///     counter.fetch_add(1, Ordering::Relaxed);
///     if event.name() == "blocked" { HookFlow::Halt } else { HookFlow::Cont }
/// });
/// let mut view = ViewRuntime::<Page>::mount("phx-1", &Params::default(), &session, None)?;
/// view.join_rendered();
/// view.handle_event(&Event::new("click", "inc", serde_json::json!({})))?;
/// view.handle_event(&Event::new("click", "blocked", serde_json::json!({})))?;
/// assert_eq!(seen.load(Ordering::Relaxed), 2);
/// assert_eq!(view.render_diff().as_deref(), Some(r#"{"0":"1"}"#), "the halted event never reached the view");
/// # Ok::<(), live_core::ViewError>(())
/// ```
#[derive(Clone, Default)]
pub struct MountHooks {
    entries: Vec<Entry>,
}

impl std::fmt::Debug for MountHooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self
            .entries
            .iter()
            .map(|entry| match entry {
                Entry::Event(name, _)
                | Entry::Params(name, _)
                | Entry::Info(name, _, _)
                | Entry::AfterRender(name, _) => &**name,
                Entry::View(..) => "(view hooks)",
            })
            .collect();
        f.debug_tuple("MountHooks").field(&names).finish()
    }
}

/// Two sets are equal when they hold the very same hooks.
impl PartialEq for MountHooks {
    fn eq(&self, other: &Self) -> bool {
        fn address<T: ?Sized>(hook: &Arc<T>) -> *const () {
            Arc::as_ptr(hook).cast()
        }
        fn key(entry: &Entry) -> *const () {
            match entry {
                Entry::Event(_, hook) => address(hook),
                Entry::Params(_, hook) => address(hook),
                Entry::Info(_, _, hook) => address(hook),
                Entry::AfterRender(_, hook) => address(hook),
                Entry::View(_, hook) => address(hook),
            }
        }
        self.entries.len() == other.entries.len()
            && self
                .entries
                .iter()
                .zip(&other.entries)
                .all(|(a, b)| key(a) == key(b))
    }
}

fn locked<T: ?Sized>(hook: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    hook.lock().unwrap_or_else(PoisonError::into_inner)
}

impl MountHooks {
    /// Whether no hook is attached.
    ///
    /// ```
    /// assert!(live_core::mount_hooks::MountHooks::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Attaches `hook` (named `name`, for [`Socket::detach_hook`]) before the view's
    /// `handle_event` (events `phx-target`ed at a component do not pass here). See the
    /// example of [`MountHooks`].
    pub fn event(
        &mut self,
        name: &str,
        hook: impl FnMut(&Event, &mut dyn AnySocket) -> HookFlow + Send + 'static,
    ) {
        self.entries
            .push(Entry::Event(name.into(), Arc::new(Mutex::new(hook))));
    }

    /// Attaches `hook` before the view's `handle_params` (it gets the params and the URI).
    ///
    /// ```
    /// use live_core::{hooks::HookFlow, mount_hooks::MountHooks};
    /// let mut hooks = MountHooks::default();
    /// hooks.params("no-admin-tab", |params, _uri, socket| match params.get("tab") {
    ///     Some("admin") => { socket.push_patch("/"); HookFlow::Halt }
    ///     _ => HookFlow::Cont,
    /// });
    /// assert!(!hooks.is_empty());
    /// ```
    pub fn params(
        &mut self,
        name: &str,
        hook: impl FnMut(&Params, &str, &mut dyn AnySocket) -> HookFlow + Send + 'static,
    ) {
        self.entries
            .push(Entry::Params(name.into(), Arc::new(Mutex::new(hook))));
    }

    /// Attaches `hook` before the view's `handle_info`, for views whose messages
    /// (`LiveView::Info`) are `M`; other views do not get it.
    ///
    /// ```
    /// use live_core::{hooks::HookFlow, mount_hooks::MountHooks};
    /// enum Broadcast { Maintenance, Other }
    /// let mut hooks = MountHooks::default();
    /// hooks.info::<Broadcast>("maintenance", |message, socket| match message {
    ///     Broadcast::Maintenance => { socket.redirect("/maintenance"); HookFlow::Halt }
    ///     Broadcast::Other => HookFlow::Cont,
    /// });
    /// # assert!(!hooks.is_empty());
    /// ```
    pub fn info<M: Any>(
        &mut self,
        name: &str,
        mut hook: impl FnMut(&M, &mut dyn AnySocket) -> HookFlow + Send + 'static,
    ) {
        let erased = move |message: &dyn Any, socket: &mut dyn AnySocket| match message
            .downcast_ref::<M>()
        {
            Some(message) => hook(message, socket),
            None => HookFlow::Cont,
        };
        self.entries.push(Entry::Info(
            name.into(),
            TypeId::of::<M>(),
            Arc::new(Mutex::new(erased)),
        ));
    }

    /// Attaches `hook` to run after every render of the view; it gets the view's id.
    ///
    /// ```
    /// let mut hooks = live_core::mount_hooks::MountHooks::default();
    /// hooks.after_render("trace", |view_id| println!("rendered {view_id}"));
    /// # assert!(!hooks.is_empty());
    /// ```
    pub fn after_render(&mut self, name: &str, hook: impl FnMut(&str) + Send + 'static) {
        self.entries
            .push(Entry::AfterRender(name.into(), Arc::new(Mutex::new(hook))));
    }

    /// Runs `attach` on the socket of the view when it is a `V` (other views skip it), before
    /// `V::mount`: it attaches `V`'s own typed hooks ([`Socket::attach_event_hook`] and the
    /// others), which see and change its assigns.
    ///
    /// ```
    /// use live_core::{hooks::HookFlow, mount_hooks::MountHooks};
    /// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// # #[derive(LiveView)] struct Cart { items: u32 }
    /// # impl LiveView for Cart {
    /// #     type Info = ();
    /// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Cart { items: 0 }) }
    /// #     fn render(assigns: &Assigns<Self>) -> Rendered { html! { <p>{@items}</p> } }
    /// # }
    /// let mut hooks = MountHooks::default();
    /// hooks.view::<Cart>(|socket| {
    ///     socket.attach_event_hook("add", |assigns, event, _| match event.name() {
    ///         "add" => { assigns.update_items(|n| *n += 1); HookFlow::Halt }
    ///         _ => HookFlow::Cont,
    ///     });
    /// });
    /// # assert!(!hooks.is_empty());
    /// ```
    pub fn view<V: LiveView>(&mut self, attach: impl Fn(&mut Socket<V>) + Send + Sync + 'static) {
        let attach: ForView<V> = Arc::new(attach);
        self.entries
            .push(Entry::View(TypeId::of::<V>(), Arc::new(attach)));
    }

    /// Attaches the hooks that apply to `V` to its `socket` (the runtime does this at mount).
    pub(crate) fn install<V: LiveView>(&self, socket: &mut Socket<V>) {
        for entry in &self.entries {
            match entry {
                Entry::Event(name, hook) => {
                    let hook = hook.clone();
                    socket.attach_event_hook(&**name, move |_, event, socket| {
                        (*locked(&hook))(event, socket)
                    });
                }
                Entry::Params(name, hook) => {
                    let hook = hook.clone();
                    socket.attach_params_hook(&**name, move |_, params, uri, socket| {
                        (*locked(&hook))(params, uri, socket)
                    });
                }
                Entry::Info(name, message, hook) => {
                    if *message != TypeId::of::<V::Info>() {
                        continue;
                    }
                    let hook = hook.clone();
                    socket.attach_info_hook(&**name, move |_, message, socket| {
                        (*locked(&hook))(message as &dyn Any, socket)
                    });
                }
                Entry::AfterRender(name, hook) => {
                    let hook = hook.clone();
                    let id = socket.id().to_owned();
                    socket.attach_after_render_hook(&**name, move |_| (*locked(&hook))(&id));
                }
                Entry::View(view, attach) => {
                    if *view != TypeId::of::<V>() {
                        continue;
                    }
                    if let Some(attach) = attach.downcast_ref::<ForView<V>>() {
                        attach(socket);
                    }
                }
            }
        }
    }
}
