//! The socket side of a view: connection state, the effects a callback asks for, and handles
//! other tasks use to message a view.

use std::any::Any;
use std::fmt::Display;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Map, Value};

use crate::assigns::Assigns;
use crate::async_result::{AsyncOutcome, AsyncResult};
use crate::call::{CallReply, CallRequest};
use crate::event::Event;
use crate::hooks::{HookFlow, Hooks};
use crate::params::Params;
use crate::view::LiveView;

/// A message for a view, type-erased (its concrete type is the view's [`LiveView::Info`]).
pub type AnyMessage = Box<dyn Any + Send>;

pub use crate::broadcast::{Broadcast, BroadcastError};

/// Turns a broadcast into a view's message: `Ok(None)` when the broadcast is a value of another
/// type, an error when it came from another process as bytes that do not decode.
pub type Deliver =
    Box<dyn Fn(&Broadcast) -> Result<Option<AnyMessage>, BroadcastError> + Send + Sync>;

/// Where the messages of one view go; implemented by the server (and the test harness).
pub trait MessageSink: Send + Sync + 'static {
    /// Queues `message` for the view; false when the view has ended.
    fn send(&self, message: AnyMessage) -> bool;
}

/// A cloneable handle to a running view: any task can send it messages, which arrive in
/// [`LiveView::handle_info`].
///
/// ```
/// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
/// # use live_core::socket::ViewHandle;
/// # #[derive(LiveView)] struct Clock { now: u64 }
/// # impl LiveView for Clock {
/// #     type Info = u64;
/// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Clock { now: 0 }) }
/// #     fn render(assigns: &Assigns<Self>) -> Rendered { html! { <p>{@now}</p> } }
/// # }
/// fn start_feed(handle: ViewHandle<Clock>) {
///     std::thread::spawn(move || {
///         let mut tick = 0;
///         while handle.send(tick) {
///             tick += 1;
///             std::thread::sleep(std::time::Duration::from_secs(1));
///         }
///     });
/// }
/// ```
pub struct ViewHandle<V: LiveView> {
    sink: Arc<dyn MessageSink>,
    _view: PhantomData<fn(V::Info)>,
}

impl<V: LiveView> Clone for ViewHandle<V> {
    fn clone(&self) -> Self {
        ViewHandle {
            sink: self.sink.clone(),
            _view: PhantomData,
        }
    }
}

impl<V: LiveView> std::fmt::Debug for ViewHandle<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ViewHandle(..)")
    }
}

impl<V: LiveView> ViewHandle<V> {
    /// A handle delivering to `sink`.
    pub fn new(sink: Arc<dyn MessageSink>) -> Self {
        ViewHandle {
            sink,
            _view: PhantomData,
        }
    }

    /// Sends `message` to the view's `handle_info`; false when the view has ended.
    pub fn send(&self, message: V::Info) -> bool {
        self.sink.send(Box::new(message))
    }

    /// Sends a message of any type (one the runtime itself handles).
    pub(crate) fn send_any(&self, message: AnyMessage) -> bool {
        self.sink.send(message)
    }

    /// Runs `f` inside the view's task with its assigns and socket, without waiting (the
    /// `handle_cast` of Phoenix). Changed assigns are rendered and pushed as usual. False when
    /// the view has ended.
    pub fn cast(&self, f: impl FnOnce(&mut Assigns<V>, &mut Socket<V>) + Send + 'static) -> bool {
        self.sink.send(Box::new(CallRequest::<V>(Box::new(f))))
    }

    /// Runs `f` inside the view's task and resolves to its result (the `handle_call` of
    /// Phoenix). Resolves to [`CallError::ViewGone`](crate::call::CallError::ViewGone) if the view ends first; bound the wait with
    /// your runtime's timeout (with tokio: `tokio::time::timeout(d, handle.call(f))`, or
    /// `live_server::call_timeout`).
    pub fn call<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Assigns<V>, &mut Socket<V>) -> R + Send + 'static,
    ) -> CallReply<R> {
        let (answer, reply) = crate::call::oneshot();
        let request = CallRequest::<V>(Box::new(move |assigns, socket| {
            answer.send(f(assigns, socket))
        }));
        if self.sink.send(Box::new(request)) {
            reply
        } else {
            CallReply::gone()
        }
    }
}

/// Identifies a timer started with [`Socket::send_after`], [`Socket::send_interval`] or a
/// `send_update_after` (of the view's socket or of a component's); unique within its view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimerId(pub u64);

/// Gives out the timer ids of one view: shared by the view's socket and the sockets of its
/// components, so that an id a component gets back names its timer and no other.
#[derive(Debug, Clone, Default)]
pub(crate) struct TimerIds(Arc<AtomicU64>);

impl TimerIds {
    /// The next id (ids start at 1).
    pub(crate) fn next(&self) -> TimerId {
        TimerId(self.0.fetch_add(1, Ordering::Relaxed) + 1)
    }
}

/// Where a view asked to go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Navigation {
    /// Same view, new URL: `handle_params` runs, the client updates its history.
    Patch {
        /// Target path (and query).
        to: String,
        /// Replace the history entry instead of pushing one.
        replace: bool,
    },
    /// Another view of the same live session, without a page load.
    Navigate {
        /// Target path.
        to: String,
        /// Replace the history entry instead of pushing one.
        replace: bool,
    },
    /// A full page load (internal path or external URL).
    Redirect {
        /// Target path or URL.
        to: String,
    },
}

/// A request from a callback that the server carries out.
pub enum Command {
    /// Deliver a message to the view after `after` (and every `after` when `repeat`).
    Timer {
        /// Cancels it through [`Socket::cancel_timer`].
        id: TimerId,
        /// Delay (and period when repeating).
        after: Duration,
        /// Repeat until the view ends or the timer is cancelled.
        repeat: bool,
        /// Makes each message.
        message: Box<dyn FnMut() -> AnyMessage + Send>,
    },
    /// Stop a timer.
    CancelTimer(TimerId),
    /// Receive the broadcasts on `topic`; `deliver` turns a broadcast into the view's message
    /// (`None` when the broadcast is of another type).
    Subscribe {
        /// The topic.
        topic: String,
        /// Converts a broadcast into a message for the view.
        deliver: Deliver,
    },
    /// Stop receiving `topic`.
    Unsubscribe(String),
    /// Send `message` to every subscriber of `topic`.
    Broadcast {
        /// The topic.
        topic: String,
        /// The message.
        message: Broadcast,
    },
    /// Run `future` on the runtime and deliver its message to the view; if it panics, deliver
    /// `on_panic(panic message)` instead. Cancelled when the view ends.
    Async {
        /// The task's name (`start_async`), for cancelling it; `None` for `assign_async`.
        name: Option<String>,
        /// The work; resolves to the message for the view.
        future: BoxFuture,
        /// The message for the view when the work panics.
        on_panic: Box<dyn FnOnce(String) -> AnyMessage + Send>,
    },
    /// Cancel the `start_async` task named so.
    CancelAsync(String),
}

/// A boxed future resolving to a message for a view.
pub type BoxFuture = Pin<Box<dyn Future<Output = AnyMessage> + Send>>;

/// Delivered to a view when an `assign_async` task finishes: applies the result to its assigns.
pub(crate) struct AsyncApply<V>(pub(crate) ApplyFn<V>);

/// Stores an async result into a view's assigns.
pub(crate) type ApplyFn<V> = Box<dyn FnOnce(&mut Assigns<V>) + Send>;

/// Delivered to a view when a `start_async` task finishes.
pub(crate) struct AsyncDone {
    pub(crate) name: String,
    pub(crate) outcome: AsyncOutcome,
}

impl std::fmt::Debug for Command {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Command::Timer {
                id, after, repeat, ..
            } => f
                .debug_struct("Timer")
                .field("id", id)
                .field("after", after)
                .field("repeat", repeat)
                .finish(),
            Command::CancelTimer(id) => f.debug_tuple("CancelTimer").field(id).finish(),
            Command::Subscribe { topic, .. } => {
                f.debug_struct("Subscribe").field("topic", topic).finish()
            }
            Command::Unsubscribe(topic) => f.debug_tuple("Unsubscribe").field(topic).finish(),
            Command::Broadcast { topic, .. } => {
                f.debug_struct("Broadcast").field("topic", topic).finish()
            }
            Command::Async { name, .. } => f.debug_struct("Async").field("name", name).finish(),
            Command::CancelAsync(name) => f.debug_tuple("CancelAsync").field(name).finish(),
        }
    }
}

/// What one callback asked the server to do.
#[derive(Debug, Default)]
pub struct Commands {
    /// Where to go, if anywhere.
    pub navigation: Option<Navigation>,
    /// Timers, subscriptions and broadcasts, in the order they were asked for.
    pub commands: Vec<Command>,
}

impl Commands {
    /// Adds the commands of a later callback: its navigation, if any, wins; its other
    /// commands follow.
    ///
    /// ```
    /// use live_core::socket::{Commands, Navigation};
    /// let mut mount = Commands::default();
    /// let params = Commands {
    ///     navigation: Some(Navigation::Redirect { to: "/login".into() }),
    ///     commands: Vec::new(),
    /// };
    /// mount.extend(params);
    /// assert_eq!(mount.navigation, Some(Navigation::Redirect { to: "/login".into() }));
    /// ```
    pub fn extend(&mut self, later: Commands) {
        if later.navigation.is_some() {
            self.navigation = later.navigation;
        }
        self.commands.extend(later.commands);
    }
}

/// Top-level additions to the next diff: reply, pushed events, page title.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Effects {
    /// The reply map for the event being handled (top-level `"r"`).
    pub reply: Option<Map<String, Value>>,
    /// Events pushed to the client (top-level `"e"`).
    pub events: Vec<(String, Value)>,
    /// A new page title (top-level `"t"`).
    pub title: Option<String>,
}

impl Effects {
    /// Whether no effect was requested.
    pub fn is_empty(&self) -> bool {
        self.reply.is_none() && self.events.is_empty() && self.title.is_none()
    }
}

/// A layout: wraps a view's rendered template (the inner content becomes one nested slot, so
/// change tracking inside it is untouched).
pub type Layout = fn(crate::Rendered) -> crate::Rendered;

/// A layout that also reads the view's assigns (a nav bar showing the current user): its
/// `html!` reads them as `@name`, tracked like the view's own, so it re-renders only the
/// slots whose assigns changed.
pub type AssignsLayout<V> = fn(&Assigns<V>, crate::Rendered) -> crate::Rendered;

/// The layout a view renders in.
enum ViewLayout<V: LiveView> {
    Plain(Layout),
    WithAssigns(AssignsLayout<V>),
}

impl<V: LiveView> Clone for ViewLayout<V> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<V: LiveView> Copy for ViewLayout<V> {}

/// What a view's callbacks see of their connection, and where they ask for effects.
///
/// ```
/// use live_core::Socket;
/// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, ViewError};
/// # #[derive(LiveView)] struct MyView {}
/// # impl LiveView for MyView {
/// #     type Info = ();
/// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(MyView {}) }
/// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p></p> } }
/// # }
/// let mut socket = Socket::<MyView>::new("phx-1", true);
/// assert!(socket.connected());
/// socket.push_event("highlight", serde_json::json!({"id": "a"}));
/// socket.push_patch("/?tab=2");
/// ```
pub struct Socket<V: LiveView> {
    pub(crate) hooks: Hooks<V>,
    layout: Option<ViewLayout<V>>,
    id: String,
    connected: bool,
    pub(crate) effects: Effects,
    pub(crate) commands: Commands,
    pub(crate) timers: TimerIds,
    pub(crate) sink: Option<Arc<dyn MessageSink>>,
    state: crate::AppState,
    /// `send_update`s asked for by the last callback, applied before the next render.
    pub(crate) component_updates: Vec<crate::live_component::ComponentUpdate>,
    /// Signs child views' tokens and finds the parent and children (see `nested`).
    pub(crate) nested: Option<Arc<dyn crate::nested::NestedHost>>,
    mount_kind: crate::persist::MountKind,
    _view: PhantomData<fn() -> V>,
}

impl<V: LiveView> std::fmt::Debug for Socket<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Socket")
            .field("id", &self.id)
            .field("connected", &self.connected)
            .field("effects", &self.effects)
            .field("commands", &self.commands)
            .finish()
    }
}

impl<V: LiveView> Socket<V> {
    /// A socket for the view `id`; `connected` is false during the HTTP render.
    pub fn new(id: impl Into<String>, connected: bool) -> Self {
        Socket {
            hooks: Hooks::default(),
            layout: None,
            id: id.into(),
            connected,
            effects: Effects::default(),
            commands: Commands::default(),
            timers: TimerIds::default(),
            sink: None,
            state: crate::AppState::default(),
            component_updates: Vec::new(),
            nested: None,
            mount_kind: crate::persist::MountKind::Fresh,
            _view: PhantomData,
        }
    }

    /// A connected socket whose view receives messages through `sink`.
    pub fn with_sink(id: impl Into<String>, sink: Arc<dyn MessageSink>) -> Self {
        let mut socket = Socket::new(id, true);
        socket.sink = Some(sink);
        socket
    }

    /// The application state of type `T` (given to the router with
    /// `live_server::Router::state`): a database pool, a cache, a config. `None` when the app
    /// has no state of that type.
    ///
    /// ```
    /// # use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// struct Greeting(&'static str);
    ///
    /// #[derive(LiveView)]
    /// struct Hello { text: String }
    /// impl LiveView for Hello {
    ///     type Info = ();
    ///     fn mount(_: &Params, session: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
    ///         let text = session.state::<Greeting>().map_or("hi", |g| g.0).to_owned();
    ///         Ok(Hello { text })
    ///     }
    ///     fn handle_event(assigns: &mut Assigns<Self>, _: &Event, socket: &mut Socket<Self>) -> Result<(), ViewError> {
    ///         if let Some(greeting) = socket.state::<Greeting>() {
    ///             assigns.set_text(greeting.0.to_uppercase());
    ///         }
    ///         Ok(())
    ///     }
    ///     fn render(assigns: &Assigns<Self>) -> Rendered { html! { <p>{&assigns.text}</p> } }
    /// }
    /// ```
    pub fn state<T: std::any::Any + Send + Sync>(&self) -> Option<Arc<T>> {
        self.state.get_shared::<T>()
    }

    /// Gives the socket the application state (done by the runtime at mount).
    pub(crate) fn set_state(&mut self, state: crate::AppState) {
        self.state = state;
    }

    pub(crate) fn set_mount_kind(&mut self, kind: crate::persist::MountKind) {
        self.mount_kind = kind;
    }

    /// Whether this mount restores a persisted view (its returned state is then replaced by the
    /// snapshot) or starts fresh. See [`crate::persist`].
    ///
    /// ```
    /// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// # #[derive(LiveView)] struct V {}
    /// # impl LiveView for V {
    /// #     type Info = ();
    /// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(V {}) }
    /// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p></p> } }
    /// # }
    /// let socket = Socket::<V>::new("phx-1", true);
    /// assert_eq!(socket.mount_kind(), live_core::persist::MountKind::Fresh);
    /// ```
    pub fn mount_kind(&self) -> crate::persist::MountKind {
        self.mount_kind
    }

    /// Whether the view runs behind a WebSocket (false during the static HTTP render).
    pub fn connected(&self) -> bool {
        self.connected
    }

    /// The view's id (its container's DOM id; the channel topic is `lv:<id>`).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// A handle other tasks can use to send this view messages; `None` while disconnected.
    pub fn handle(&self) -> Option<ViewHandle<V>> {
        self.sink.clone().map(ViewHandle::new)
    }

    /// Renders the view inside `layout` from now on (set it in `mount`, for both the HTTP render
    /// and the connected one).
    ///
    /// ```
    /// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// use live_core::runtime::ViewRuntime;
    /// fn app_layout(inner: Rendered) -> Rendered {
    ///     html! { <div class="app"><header>My app</header>{inner}</div> }
    /// }
    /// # #[derive(LiveView)] struct Page { n: u32 }
    /// # impl LiveView for Page {
    /// #     type Info = ();
    /// fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
    ///     socket.set_layout(app_layout);
    ///     Ok(Page { n: 1 })
    /// }
    /// #     fn render(assigns: &Assigns<Self>) -> Rendered { html! { <p>{@n}</p> } }
    /// # }
    /// let mut view = ViewRuntime::<Page>::mount("phx-1", &Params::default(), &Session::default(), None)?;
    /// assert_eq!(view.render_html(), "<div class=\"app\"><header>My app</header><p>1</p></div>");
    /// # Ok::<(), live_core::ViewError>(())
    /// ```
    pub fn set_layout(&mut self, layout: Layout) {
        self.layout = Some(ViewLayout::Plain(layout));
    }

    /// Like [`set_layout`](Socket::set_layout) with a layout that reads the view's assigns.
    ///
    /// ```
    /// # use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// use live_core::runtime::ViewRuntime;
    /// #[derive(LiveView)]
    /// struct Page { user: String, n: u32 }
    ///
    /// fn with_nav(assigns: &Assigns<Page>, inner: Rendered) -> Rendered {
    ///     html! { <div><nav>Signed in as {@user}</nav>{inner}</div> }
    /// }
    ///
    /// impl LiveView for Page {
    ///     type Info = ();
    ///     fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
    ///         socket.set_layout_with_assigns(with_nav);
    ///         Ok(Page { user: "ada".into(), n: 1 })
    ///     }
    ///     fn handle_event(assigns: &mut Assigns<Self>, _: &Event, _: &mut Socket<Self>) -> Result<(), ViewError> {
    ///         assigns.update_n(|n| *n += 1);
    ///         Ok(())
    ///     }
    ///     fn render(assigns: &Assigns<Self>) -> Rendered { html! { <p>{@n}</p> } }
    /// }
    /// let mut view = ViewRuntime::<Page>::mount("phx-1", &Params::default(), &Session::default(), None)?;
    /// assert_eq!(view.render_html(), "<div><nav>Signed in as ada</nav><p>1</p></div>");
    /// view.join_rendered();
    /// let click = live_core::Event::from_payload(&serde_json::json!({"type": "click", "event": "inc"}))?;
    /// view.handle_event(&click)?;
    /// // Only the inner count changed: the nav's slot is not sent again.
    /// assert_eq!(view.render_diff().as_deref(), Some(r#"{"1":{"0":"2"}}"#));
    /// # Ok::<(), live_core::ViewError>(())
    /// ```
    pub fn set_layout_with_assigns(&mut self, layout: AssignsLayout<V>) {
        self.layout = Some(ViewLayout::WithAssigns(layout));
    }

    /// Wraps `inner` in the layout, if one is set.
    pub(crate) fn apply_layout(
        &self,
        assigns: &Assigns<V>,
        inner: crate::Rendered,
    ) -> crate::Rendered {
        match self.layout {
            None => inner,
            Some(ViewLayout::Plain(layout)) => layout(inner),
            Some(ViewLayout::WithAssigns(layout)) => layout(assigns, inner),
        }
    }

    /// Replies to the event being handled with `map` (delivered to a hook's `pushEvent`
    /// callback).
    pub fn reply(&mut self, map: Map<String, Value>) {
        self.effects.reply = Some(map);
    }

    /// Pushes an event to the client: dispatched as `phx:<name>` on `window` and to hooks'
    /// `handleEvent`. `payload` should be a JSON object.
    pub fn push_event(&mut self, name: impl Into<String>, payload: Value) {
        self.effects.events.push((name.into(), payload));
    }

    /// Sets the page title (the `<title>` text between its `data-prefix` and `data-suffix`).
    pub fn set_page_title(&mut self, title: impl Into<String>) {
        self.effects.title = Some(title.into());
    }

    /// Patches the URL to `to` (same view): `handle_params` runs with the new params and the
    /// client pushes a history entry.
    pub fn push_patch(&mut self, to: impl Into<String>) {
        self.commands.navigation = Some(Navigation::Patch {
            to: to.into(),
            replace: false,
        });
    }

    /// Like [`push_patch`](Socket::push_patch), replacing the current history entry.
    pub fn replace_patch(&mut self, to: impl Into<String>) {
        self.commands.navigation = Some(Navigation::Patch {
            to: to.into(),
            replace: true,
        });
    }

    /// Navigates to another view of the same live session without a page load.
    pub fn push_navigate(&mut self, to: impl Into<String>) {
        self.commands.navigation = Some(Navigation::Navigate {
            to: to.into(),
            replace: false,
        });
    }

    /// Redirects the browser with a full page load (a path or an external URL).
    pub fn redirect(&mut self, to: impl Into<String>) {
        self.commands.navigation = Some(Navigation::Redirect { to: to.into() });
    }

    /// Sends `message` to this view's `handle_info` after `after`. Ignored while disconnected
    /// (timers never run for the HTTP render); stopped when the view ends.
    pub fn send_after(&mut self, after: Duration, message: V::Info) -> Option<TimerId> {
        let mut message = Some(message);
        self.timer(after, false, move || {
            message.take().map(|m| Box::new(m) as AnyMessage)
        })
    }

    /// Sends a clone of `message` to `handle_info` every `every`, while connected, until the
    /// view ends or [`cancel_timer`](Socket::cancel_timer).
    pub fn send_interval(&mut self, every: Duration, message: V::Info) -> Option<TimerId>
    where
        V::Info: Clone,
    {
        self.timer(every, true, move || {
            Some(Box::new(message.clone()) as AnyMessage)
        })
    }

    fn timer(
        &mut self,
        after: Duration,
        repeat: bool,
        mut make: impl FnMut() -> Option<AnyMessage> + Send + 'static,
    ) -> Option<TimerId> {
        if !self.connected {
            return None;
        }
        let id = self.timers.next();
        let message = Box::new(move || make().unwrap_or_else(|| Box::new(())));
        self.commands.commands.push(Command::Timer {
            id,
            after,
            repeat,
            message,
        });
        Some(id)
    }

    /// Stops a timer.
    pub fn cancel_timer(&mut self, id: TimerId) {
        self.commands.commands.push(Command::CancelTimer(id));
    }

    /// Receives the broadcasts of type `M` on `topic` in `handle_info` (converted with
    /// `From`). Ignored while disconnected.
    pub fn subscribe<M>(&mut self, topic: impl Into<String>)
    where
        M: serde::de::DeserializeOwned + Clone + Send + Sync + 'static,
        V::Info: From<M>,
    {
        if !self.connected {
            return;
        }
        let deliver = Box::new(|message: &Broadcast| {
            Ok(message
                .decode::<M>()?
                .map(|m| Box::new(V::Info::from(m)) as AnyMessage))
        });
        self.commands.commands.push(Command::Subscribe {
            topic: topic.into(),
            deliver,
        });
    }

    /// Stops receiving `topic`.
    pub fn unsubscribe(&mut self, topic: impl Into<String>) {
        self.commands
            .commands
            .push(Command::Unsubscribe(topic.into()));
    }

    /// Broadcasts `message` to every subscriber of `topic` (this view included, if subscribed).
    /// The message crosses to the other server processes (nodes) as JSON when the server's
    /// PubSub connects several; in this process subscribers get the value itself.
    pub fn broadcast<M: serde::Serialize + Send + Sync + 'static>(
        &mut self,
        topic: impl Into<String>,
        message: M,
    ) {
        self.commands.commands.push(Command::Broadcast {
            topic: topic.into(),
            message: Broadcast::new(message),
        });
    }

    /// Loads an assign asynchronously: `future` runs on the server's runtime while the view
    /// stays interactive; when it finishes (or fails, or panics) `apply` receives the
    /// [`AsyncResult`] and usually stores it with a setter. Start the field as
    /// `AsyncResult::Loading` (its default). Ignored while disconnected (the HTTP render shows
    /// the loading state); cancelled when the view ends.
    ///
    /// ```
    /// # use live_core::{html, Assigns, AsyncResult, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// #[derive(LiveView)]
    /// struct Profile { bio: AsyncResult<String> }
    ///
    /// impl LiveView for Profile {
    ///     type Info = ();
    ///     fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
    ///         socket.assign_async(|assigns, bio| assigns.set_bio(bio), async {
    ///             Ok::<_, String>("Writes compilers.".to_owned())
    ///         });
    ///         Ok(Profile { bio: AsyncResult::Loading })
    ///     }
    ///     fn render(assigns: &Assigns<Self>) -> Rendered {
    ///         let text = match &assigns.bio {
    ///             AsyncResult::Loading => "Loading…".to_owned(),
    ///             AsyncResult::Ok(bio) => bio.clone(),
    ///             AsyncResult::Failed(why) => format!("Failed: {why}"),
    ///         };
    ///         html! { <p>{text}</p> }
    ///     }
    /// }
    /// ```
    pub fn assign_async<T, E, F>(
        &mut self,
        apply: impl FnOnce(&mut Assigns<V>, AsyncResult<T>) + Send + 'static,
        future: F,
    ) where
        T: Send + 'static,
        E: Display,
        F: Future<Output = Result<T, E>> + Send + 'static,
    {
        if !self.connected {
            return;
        }
        let apply = Arc::new(Mutex::new(Some(apply)));
        let on_panic_apply = apply.clone();
        let deliver = move |result: AsyncResult<T>| -> AnyMessage {
            let apply = apply.lock().unwrap_or_else(|p| p.into_inner()).take();
            Box::new(AsyncApply::<V>(Box::new(
                move |assigns: &mut Assigns<V>| {
                    if let Some(apply) = apply {
                        apply(assigns, result);
                    }
                },
            )))
        };
        let future = Box::pin(async move {
            match future.await {
                Ok(value) => deliver(AsyncResult::Ok(value)),
                Err(err) => deliver(AsyncResult::Failed(err.to_string())),
            }
        });
        let on_panic = Box::new(move |message: String| -> AnyMessage {
            let apply = on_panic_apply
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .take();
            Box::new(AsyncApply::<V>(Box::new(
                move |assigns: &mut Assigns<V>| {
                    if let Some(apply) = apply {
                        apply(assigns, AsyncResult::<T>::Failed(message));
                    }
                },
            )))
        });
        self.commands.commands.push(Command::Async {
            name: None,
            future,
            on_panic,
        });
    }

    /// Starts the task `name`: `future` runs on the server's runtime and its outcome arrives
    /// in [`LiveView::handle_async`] (an error or a panic as a failed outcome). Starting a task
    /// with the name of a running one cancels the old one. Ignored while disconnected;
    /// cancelled when the view ends.
    pub fn start_async<T, E, F>(&mut self, name: impl Into<String>, future: F)
    where
        T: Send + 'static,
        E: Display,
        F: Future<Output = Result<T, E>> + Send + 'static,
    {
        if !self.connected {
            return;
        }
        let name = name.into();
        let done_name = name.clone();
        let panic_name = name.clone();
        let future = Box::pin(async move {
            let outcome = match future.await {
                Ok(value) => AsyncOutcome(Ok(Box::new(value))),
                Err(err) => AsyncOutcome(Err(err.to_string())),
            };
            Box::new(AsyncDone {
                name: done_name,
                outcome,
            }) as AnyMessage
        });
        let on_panic = Box::new(move |message: String| -> AnyMessage {
            Box::new(AsyncDone {
                name: panic_name,
                outcome: AsyncOutcome(Err(message)),
            })
        });
        self.commands.commands.push(Command::Async {
            name: Some(name),
            future,
            on_panic,
        });
    }

    /// Cancels the `start_async` task `name`, if running.
    pub fn cancel_async(&mut self, name: impl Into<String>) {
        self.commands
            .commands
            .push(Command::CancelAsync(name.into()));
    }

    /// Attaches `hook` (named `name`) to run before the view's `handle_event`; returning
    /// [`HookFlow::Halt`] stops the event there (the `attach_hook(:handle_event)` of Phoenix).
    ///
    /// ```
    /// # use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// use live_core::hooks::HookFlow;
    /// # #[derive(LiveView)] struct Page { clicks: u32 }
    /// # impl LiveView for Page {
    /// #     type Info = ();
    /// fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
    ///     socket.attach_event_hook("count-clicks", |assigns, event, _| {
    ///         assigns.update_clicks(|c| *c += 1);
    ///         if event.name() == "blocked" { HookFlow::Halt } else { HookFlow::Cont }
    ///     });
    ///     Ok(Page { clicks: 0 })
    /// }
    /// #     fn render(assigns: &Assigns<Self>) -> Rendered { html! { <p>{@clicks}</p> } }
    /// # }
    /// ```
    pub fn attach_event_hook(
        &mut self,
        name: impl Into<String>,
        hook: impl FnMut(&mut Assigns<V>, &Event, &mut Socket<V>) -> HookFlow + Send + 'static,
    ) {
        self.hooks.event.push((name.into(), Box::new(hook)));
    }

    /// Attaches `hook` to run before the view's `handle_params`.
    pub fn attach_params_hook(
        &mut self,
        name: impl Into<String>,
        hook: impl FnMut(&mut Assigns<V>, &Params, &str, &mut Socket<V>) -> HookFlow + Send + 'static,
    ) {
        self.hooks.params.push((name.into(), Box::new(hook)));
    }

    /// Attaches `hook` to run before the view's `handle_info`.
    pub fn attach_info_hook(
        &mut self,
        name: impl Into<String>,
        hook: impl FnMut(&mut Assigns<V>, &V::Info, &mut Socket<V>) -> HookFlow + Send + 'static,
    ) {
        self.hooks.info.push((name.into(), Box::new(hook)));
    }

    /// Attaches `hook` to run after every render (it sees the rendered assigns).
    pub fn attach_after_render_hook(
        &mut self,
        name: impl Into<String>,
        hook: impl FnMut(&Assigns<V>) + Send + 'static,
    ) {
        self.hooks.after_render.push((name.into(), Box::new(hook)));
    }

    /// Detaches every hook named `name`.
    pub fn detach_hook(&mut self, name: &str) {
        self.hooks.detach(name);
    }

    /// The page title set with [`Socket::set_page_title`] and not yet sent.
    ///
    /// ```
    /// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// # #[derive(LiveView)] struct Page {}
    /// # impl LiveView for Page {
    /// #     type Info = ();
    /// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Page {}) }
    /// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p></p> } }
    /// # }
    /// let mut socket = Socket::<Page>::new("phx-1", false);
    /// socket.set_page_title("Inbox");
    /// assert_eq!(socket.pending_title(), Some("Inbox"));
    /// ```
    pub fn pending_title(&self) -> Option<&str> {
        self.effects.title.as_deref()
    }

    /// Takes the diff effects requested since the last call.
    pub fn take_effects(&mut self) -> Effects {
        std::mem::take(&mut self.effects)
    }

    /// Takes the commands requested since the last call.
    pub fn take_commands(&mut self) -> Commands {
        std::mem::take(&mut self.commands)
    }
}
