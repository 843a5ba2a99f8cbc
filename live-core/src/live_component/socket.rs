//! What a component's callbacks see: [`ComponentSocket`], and [`Update`] for `update_many`.

use std::any::Any;
use std::fmt::Display;
use std::future::Future;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Map, Value};

use super::registry::{ComponentAsync, ComponentUpdate, Ctx, Drained};
use super::{LiveComponent, Myself};
use crate::assigns::Assigns;
use crate::async_result::AsyncOutcome;
use crate::socket::{AnyMessage, Command, Effects, MessageSink, Navigation, TimerId, TimerIds};

/// One component's part of an [`update_many`](LiveComponent::update_many) batch.
pub struct Update<'a, C: LiveComponent> {
    /// The component's state.
    pub assigns: &'a mut Assigns<C>,
    /// The attributes its parent rendered it with.
    pub attrs: C::Attrs,
    /// Its socket.
    pub socket: &'a mut ComponentSocket<C>,
}

impl<C: LiveComponent> std::fmt::Debug for Update<'_, C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Update")
            .field("socket", &self.socket)
            .finish_non_exhaustive()
    }
}

/// What a component's callbacks see of their view and connection, and where they ask for
/// effects: replies and pushed events, navigation, updates of other components, messages to
/// the parent view, tasks.
///
/// ```
/// use live_core::live_component::ComponentSocket;
/// # use live_core::{html, Assigns, LiveComponent, Rendered, ViewError};
/// # #[derive(LiveComponent)] struct Row {}
/// # impl LiveComponent for Row {
/// #     type Attrs = ();
/// #     fn mount(_: &(), _: &mut ComponentSocket<Self>) -> Result<Self, ViewError> { Ok(Row {}) }
/// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p></p> } }
/// # }
/// let mut socket = ComponentSocket::<Row>::new(3, "row-3", true);
/// assert_eq!(socket.cid(), 3);
/// assert_eq!(socket.myself().to_string(), "3");
/// socket.push_event("saved", serde_json::json!({"id": 3}));
/// ```
pub struct ComponentSocket<C: LiveComponent> {
    cid: u32,
    id: String,
    /// The id of the view the component lives in (empty outside a view).
    view_id: String,
    connected: bool,
    sink: Option<Arc<dyn MessageSink>>,
    effects: Effects,
    commands: Vec<Command>,
    navigation: Option<Navigation>,
    updates: Vec<ComponentUpdate>,
    timers: TimerIds,
    _component: PhantomData<fn() -> C>,
}

impl<C: LiveComponent> std::fmt::Debug for ComponentSocket<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ComponentSocket")
            .field("cid", &self.cid)
            .field("id", &self.id)
            .field("connected", &self.connected)
            .finish_non_exhaustive()
    }
}

impl<C: LiveComponent> ComponentSocket<C> {
    /// A socket for the component `cid` with `id`, not attached to a view (for tests; the
    /// runtime gives callbacks their own).
    pub fn new(cid: u32, id: impl Into<String>, connected: bool) -> Self {
        ComponentSocket {
            cid,
            id: id.into(),
            view_id: String::new(),
            connected,
            sink: None,
            effects: Effects::default(),
            commands: Vec::new(),
            navigation: None,
            updates: Vec::new(),
            timers: TimerIds::default(),
            _component: PhantomData,
        }
    }

    pub(crate) fn attached(cid: u32, id: &str, ctx: &Ctx) -> Self {
        let mut socket = Self::new(cid, id, ctx.connected);
        socket.sink = ctx.sink.clone();
        socket.view_id.clone_from(&ctx.view_id);
        socket.timers = ctx.timers.clone();
        socket
    }

    /// What the callback asked for, for the view to carry out.
    pub(crate) fn drain_into(self, drained: &mut Drained) {
        drained.add_effects(self.effects);
        drained.commands.extend(self.commands);
        if self.navigation.is_some() {
            drained.navigation = self.navigation;
        }
        drained.updates.extend(self.updates);
    }

    /// The component's cid: its number on the wire and in `phx-target`.
    pub fn cid(&self) -> u32 {
        self.cid
    }

    /// The component itself, as a `phx-target` value (what `@myself` is in its template).
    pub fn myself(&self) -> Myself {
        Myself(Some(self.cid))
    }

    /// The component's id (as given by `<.live_component id={…}>`).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Whether the view runs behind a WebSocket (false during the static HTTP render).
    pub fn connected(&self) -> bool {
        self.connected
    }

    /// Allows an upload named `name` in this component (the
    /// [`Socket::allow_upload`](crate::Socket::allow_upload) of a view): keep the result as an
    /// assign of the component and render it with
    /// [`live_file_input()`](fn@crate::upload::live_file_input) inside a form with
    /// `phx-target={@myself}`. The preflight, the upload channels and the `progress` messages
    /// of its entries reach this component (progress in
    /// [`LiveComponent::handle_progress`]); consume its entries in the component's
    /// `handle_event`. Its ref (`<view id>_c<cid>-<name>`) is unique on the page.
    ///
    /// ```
    /// use live_core::live_component::ComponentSocket;
    /// use live_core::upload::UploadOptions;
    /// # use live_core::{html, Assigns, LiveComponent, Rendered, Upload, ViewError};
    /// # #[derive(LiveComponent)] struct Avatar { photo: Upload }
    /// # impl LiveComponent for Avatar {
    /// #     type Attrs = ();
    /// #     fn mount(_: &(), socket: &mut ComponentSocket<Self>) -> Result<Self, ViewError> {
    /// #         Ok(Avatar { photo: socket.allow_upload("photo", UploadOptions::new()) })
    /// #     }
    /// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p></p> } }
    /// # }
    /// let socket = ComponentSocket::<Avatar>::new(3, "avatar", true);
    /// let upload = socket.allow_upload("photo", UploadOptions::new().max_entries(2));
    /// assert_eq!(upload.reference(), "_c3-photo");
    /// assert_eq!(upload.options().max_entries_value(), 2);
    /// ```
    pub fn allow_upload(&self, name: &str, options: crate::upload::UploadOptions) -> crate::Upload {
        crate::Upload::new(
            name,
            crate::upload::component_upload_ref(&self.view_id, self.cid, name),
            options,
        )
    }

    /// Replies to the event being handled with `map` (delivered to a hook's `pushEventTo`
    /// callback).
    pub fn reply(&mut self, map: Map<String, Value>) {
        self.effects.reply = Some(map);
    }

    /// Pushes an event to the client (`phx:<name>` on `window`, and hooks' `handleEvent`).
    pub fn push_event(&mut self, name: impl Into<String>, payload: Value) {
        self.effects.events.push((name.into(), payload));
    }

    /// Patches the view's URL (see [`Socket::push_patch`](crate::Socket::push_patch)).
    pub fn push_patch(&mut self, to: impl Into<String>) {
        self.navigation = Some(Navigation::Patch {
            to: to.into(),
            replace: false,
        });
    }

    /// Navigates to another view of the live session (see
    /// [`Socket::push_navigate`](crate::Socket::push_navigate)).
    pub fn push_navigate(&mut self, to: impl Into<String>) {
        self.navigation = Some(Navigation::Navigate {
            to: to.into(),
            replace: false,
        });
    }

    /// Redirects the browser with a full page load.
    pub fn redirect(&mut self, to: impl Into<String>) {
        self.navigation = Some(Navigation::Redirect { to: to.into() });
    }

    /// Sends `attrs` to the `update` of the component of type `T` with `id` in the same view,
    /// before the next render (the `send_update` of Phoenix). An update for a component that
    /// no longer exists is logged and dropped.
    ///
    /// ```
    /// # use live_core::{html, Assigns, Event, LiveComponent, Rendered, ViewError};
    /// # use live_core::live_component::ComponentSocket;
    /// # #[derive(LiveComponent)] struct Counter { n: u32 }
    /// # impl LiveComponent for Counter {
    /// #     type Attrs = u32;
    /// #     fn mount(n: &u32, _: &mut ComponentSocket<Self>) -> Result<Self, ViewError> { Ok(Counter { n: *n }) }
    /// #     fn render(assigns: &Assigns<Self>) -> Rendered { html! { <b>{@n}</b> } }
    /// # }
    /// # #[derive(LiveComponent)] struct Reset {}
    /// # impl LiveComponent for Reset {
    /// #     type Attrs = ();
    /// #     fn mount(_: &(), _: &mut ComponentSocket<Self>) -> Result<Self, ViewError> { Ok(Reset {}) }
    /// fn handle_event(_: &mut Assigns<Self>, _: &Event, socket: &mut ComponentSocket<Self>) -> Result<(), ViewError> {
    ///     socket.send_update::<Counter>("total", 0);
    ///     Ok(())
    /// }
    /// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <button phx-click="reset" phx-target={@myself}>reset</button> } }
    /// # }
    /// ```
    pub fn send_update<T: LiveComponent>(&mut self, id: impl Into<String>, attrs: T::Attrs) {
        self.updates.push(ComponentUpdate::new::<T>(id, attrs));
    }

    /// Like [`send_update`](ComponentSocket::send_update), after `after` (while connected):
    /// returns the timer's id, which [`cancel_timer`](ComponentSocket::cancel_timer) (or the
    /// view's [`Socket::cancel_timer`](crate::Socket::cancel_timer)) stops, as
    /// `Process.cancel_timer` stops the reference `Process.send_after` returns. `None` while
    /// disconnected (nothing is scheduled).
    ///
    /// ```
    /// # use live_core::{html, Assigns, LiveComponent, Rendered, ViewError};
    /// use live_core::live_component::ComponentSocket;
    /// use std::time::Duration;
    /// # #[derive(LiveComponent)] struct Toast { text: String }
    /// # impl LiveComponent for Toast {
    /// #     type Attrs = String;
    /// #     fn mount(text: &String, _: &mut ComponentSocket<Self>) -> Result<Self, ViewError> { Ok(Toast { text: text.clone() }) }
    /// #     fn render(assigns: &Assigns<Self>) -> Rendered { html! { <p>{@text}</p> } }
    /// # }
    /// let mut socket = ComponentSocket::<Toast>::new(1, "toast", true);
    /// let hide = socket.send_update_after::<Toast>(Duration::from_secs(5), "toast", String::new());
    /// let other = socket.send_update_after::<Toast>(Duration::from_secs(9), "toast", String::new());
    /// assert!(hide.is_some() && hide != other);
    /// socket.cancel_timer(hide.expect("connected"));
    /// // Disconnected (the HTTP render): nothing is scheduled.
    /// let mut offline = ComponentSocket::<Toast>::new(1, "toast", false);
    /// assert_eq!(offline.send_update_after::<Toast>(Duration::from_secs(5), "toast", String::new()), None);
    /// ```
    pub fn send_update_after<T: LiveComponent>(
        &mut self,
        after: Duration,
        id: impl Into<String>,
        attrs: T::Attrs,
    ) -> Option<TimerId> {
        if !self.connected {
            return None;
        }
        let mut update = Some(ComponentUpdate::new::<T>(id, attrs));
        let id = self.timers.next();
        self.commands.push(Command::Timer {
            id,
            after,
            repeat: false,
            message: Box::new(move || match update.take() {
                Some(update) => Box::new(update) as AnyMessage,
                None => Box::new(()),
            }),
        });
        Some(id)
    }

    /// Stops the timer `id` (from [`send_update_after`](ComponentSocket::send_update_after)):
    /// its update is not delivered. Nothing happens when it already fired.
    pub fn cancel_timer(&mut self, id: TimerId) {
        self.commands.push(Command::CancelTimer(id));
    }

    /// Sends `message` to the parent view's `handle_info` (the `send(self(), …)` of a Phoenix
    /// component); it must be of the view's `Info` type, or the view drops it (and logs it).
    /// False while disconnected or when the view has ended.
    pub fn send_parent<M: Send + 'static>(&self, message: M) -> bool {
        match &self.sink {
            Some(sink) => sink.send(Box::new(message)),
            None => false,
        }
    }

    /// Starts the task `name` for this component: `future` runs on the server's runtime and
    /// its outcome arrives in [`LiveComponent::handle_async`]. Ignored while disconnected;
    /// cancelled when the view ends. Names are the component's own (two components may run
    /// tasks of the same name).
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
        let cid = self.cid;
        let (done_name, panic_name) = (name.clone(), name.clone());
        let future = Box::pin(async move {
            let outcome = match future.await {
                Ok(value) => AsyncOutcome(Ok(Box::new(value) as Box<dyn Any + Send>)),
                Err(err) => AsyncOutcome(Err(err.to_string())),
            };
            Box::new(ComponentAsync {
                cid,
                name: done_name,
                outcome,
            }) as AnyMessage
        });
        let on_panic = Box::new(move |message: String| -> AnyMessage {
            Box::new(ComponentAsync {
                cid,
                name: panic_name,
                outcome: AsyncOutcome(Err(message)),
            })
        });
        self.commands.push(Command::Async {
            name: Some(task_name(cid, &name)),
            future,
            on_panic,
        });
    }

    /// Cancels this component's task `name`, if running.
    pub fn cancel_async(&mut self, name: &str) {
        self.commands
            .push(Command::CancelAsync(task_name(self.cid, name)));
    }
}

/// The name a component's task runs under in its view.
fn task_name(cid: u32, name: &str) -> String {
    format!("live_component:{cid}:{name}")
}

impl<V: crate::LiveView> crate::Socket<V> {
    /// Sends `attrs` to the `update` of the view's component of type `C` with `id`, before
    /// the next render (the `send_update` of Phoenix). An update for a component that no
    /// longer exists is logged and dropped.
    ///
    /// ```
    /// # use live_core::{html, Assigns, Event, LiveComponent, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// # use live_core::live_component::ComponentSocket;
    /// use live_core::runtime::ViewRuntime;
    /// #[derive(LiveComponent)]
    /// struct Total { n: u32 }
    /// impl LiveComponent for Total {
    ///     type Attrs = u32;
    ///     fn mount(n: &u32, _: &mut ComponentSocket<Self>) -> Result<Self, ViewError> { Ok(Total { n: *n }) }
    ///     fn update(assigns: &mut Assigns<Self>, n: u32, _: &mut ComponentSocket<Self>) -> Result<(), ViewError> {
    ///         assigns.set_n(n);
    ///         Ok(())
    ///     }
    ///     fn render(assigns: &Assigns<Self>) -> Rendered { html! { <b>{@n}</b> } }
    /// }
    /// #[derive(LiveView)]
    /// struct Page {}
    /// impl LiveView for Page {
    ///     type Info = ();
    ///     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Page {}) }
    ///     fn handle_event(_: &mut Assigns<Self>, _: &Event, socket: &mut Socket<Self>) -> Result<(), ViewError> {
    ///         socket.send_update::<Total>("total", 42);
    ///         Ok(())
    ///     }
    ///     fn render(_: &Assigns<Self>) -> Rendered {
    ///         html! { <div><.live_component module={Total} id="total"/></div> }
    ///     }
    /// }
    /// let mut page = ViewRuntime::<Page>::mount("phx-1", &Params::default(), &Session::default(), None)?;
    /// page.join_rendered();
    /// page.handle_event(&Event::new("click", "set", serde_json::json!({})))?;
    /// assert_eq!(page.render_diff().as_deref(), Some(r#"{"c":{"1":{"0":"42"}}}"#));
    /// # Ok::<(), ViewError>(())
    /// ```
    pub fn send_update<C: LiveComponent>(&mut self, id: impl Into<String>, attrs: C::Attrs) {
        self.component_updates
            .push(ComponentUpdate::new::<C>(id, attrs));
    }

    /// Like [`send_update`](crate::Socket::send_update), after `after` (while connected):
    /// returns the timer's id for [`cancel_timer`](crate::Socket::cancel_timer); `None` while
    /// disconnected (nothing is scheduled).
    pub fn send_update_after<C: LiveComponent>(
        &mut self,
        after: Duration,
        id: impl Into<String>,
        attrs: C::Attrs,
    ) -> Option<TimerId> {
        if !self.connected() {
            return None;
        }
        let mut update = Some(ComponentUpdate::new::<C>(id, attrs));
        let id = self.timers.next();
        self.commands.commands.push(Command::Timer {
            id,
            after,
            repeat: false,
            message: Box::new(move || match update.take() {
                Some(update) => Box::new(update) as AnyMessage,
                None => Box::new(()),
            }),
        });
        Some(id)
    }
}

impl<V: crate::LiveView> crate::socket::ViewHandle<V> {
    /// Sends `attrs` to the `update` of the view's component of type `C` with `id`, from any
    /// task (a PubSub listener, a worker). False when the view has ended; an update for a
    /// component that no longer exists is logged and dropped by the view.
    ///
    /// ```
    /// # use live_core::{html, Assigns, LiveComponent, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// # use live_core::live_component::ComponentSocket;
    /// use live_core::socket::ViewHandle;
    /// # #[derive(LiveComponent)] struct Total { n: u32 }
    /// # impl LiveComponent for Total {
    /// #     type Attrs = u32;
    /// #     fn mount(n: &u32, _: &mut ComponentSocket<Self>) -> Result<Self, ViewError> { Ok(Total { n: *n }) }
    /// #     fn render(assigns: &Assigns<Self>) -> Rendered { html! { <b>{@n}</b> } }
    /// # }
    /// # #[derive(LiveView)] struct Page {}
    /// # impl LiveView for Page {
    /// #     type Info = ();
    /// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Page {}) }
    /// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p></p> } }
    /// # }
    /// fn count_elsewhere(handle: ViewHandle<Page>) {
    ///     std::thread::spawn(move || handle.send_update::<Total>("total", 7));
    /// }
    /// ```
    pub fn send_update<C: LiveComponent>(&self, id: impl Into<String>, attrs: C::Attrs) -> bool {
        self.send_any(Box::new(ComponentUpdate::new::<C>(id, attrs)))
    }
}
