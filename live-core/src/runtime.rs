//! Driving a view: mount, callbacks, render and diffs, without any I/O.
//!
//! The server's view task and the in-process test harness both go through [`ViewRuntime`], so a
//! view behaves the same in `cargo test` as behind a WebSocket. Callbacks return the
//! [`Commands`] they asked for (navigation, timers, subscriptions) for the caller to carry out;
//! rendering is a separate step, so a patch's `handle_params` and the event that caused it are
//! sent as one diff.

use std::marker::PhantomData;
use std::sync::Arc;

use crate::assigns::Assigns;
use crate::call::CallRequest;
use crate::diff::ClientTree;
use crate::escape::escape_json_into;
use crate::event::Event;
use crate::flash::Flash;
use crate::hooks::{run_stage, HookFlow};
use crate::live_component::{ComponentAsync, ComponentUpdate, Components, Ctx, Drained};
use crate::params::Params;
use crate::session::Session;
use crate::socket::{AnyMessage, AsyncApply, AsyncDone, Commands, Effects, MessageSink, Socket};
use crate::view::{LiveView, TerminateReason, ViewError};

/// A mounted view with its state, socket and the tree of what the client holds.
///
/// ```
/// use live_core::{runtime::ViewRuntime, Event, Params, Session};
/// # use live_core::{html, Assigns, LiveView, Rendered, Socket, ViewError};
/// # #[derive(LiveView)] struct Counter { count: i64 }
/// # impl LiveView for Counter {
/// #     type Info = ();
/// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Counter { count: 0 }) }
/// #     fn handle_event(assigns: &mut Assigns<Self>, _: &Event, _: &mut Socket<Self>) -> Result<(), ViewError> {
/// #         assigns.update_count(|c| *c += 1); Ok(())
/// #     }
/// #     fn render(assigns: &Assigns<Self>) -> Rendered { html! { <p>{@count}</p> } }
/// # }
/// let mut view = ViewRuntime::<Counter>::mount("phx-1", &Params::default(), &Session::default(), None)?;
/// assert_eq!(view.join_rendered(), r#"{"0":"0","s":["<p>","</p>"]}"#);
/// view.handle_event(&Event::new("click", "inc", serde_json::json!({})))?;
/// assert_eq!(view.render_diff().as_deref(), Some(r#"{"0":"1"}"#));
/// # Ok::<(), live_core::ViewError>(())
/// ```
pub struct ViewRuntime<V: LiveView> {
    assigns: Assigns<V>,
    socket: Socket<V>,
    tree: ClientTree,
    components: Components,
    /// Why the session's snapshot was not restored (for the server's log).
    restore_error: Option<String>,
}

/// How many rounds of `send_update`s (updates sending updates) one callback may cause before
/// it is stopped as a loop.
const MAX_UPDATE_ROUNDS: usize = 64;

impl<V: LiveView> ViewRuntime<V> {
    /// Mounts the view `id`. `sink` is `None` for the disconnected HTTP render, and the
    /// destination of the view's messages when connected.
    pub fn mount(
        id: &str,
        params: &Params,
        session: &Session,
        sink: Option<Arc<dyn MessageSink>>,
    ) -> Result<Self, ViewError> {
        let mut socket = match sink {
            Some(sink) => Socket::with_sink(id, sink),
            None => Socket::new(id, false),
        };
        socket.set_state(session.app_state().clone());
        socket.set_nested(session.nested_host().cloned());
        // Hooks the `on_mount` hooks attached run before any `mount` attaches itself.
        session.mount_hooks().install(&mut socket);
        // A persisted view restores its snapshot; one that no longer fits the struct (a
        // deploy changed it) is dropped and the view mounts fresh.
        let mut restore_error = None;
        let restored = match session.snapshot().and_then(V::__restore) {
            Some(Ok(state)) => Some(state),
            Some(Err(error)) => {
                restore_error = Some(error);
                None
            }
            None => None,
        };
        if restored.is_some() {
            socket.set_mount_kind(crate::persist::MountKind::Restored);
        }
        let mounted = V::mount(params, session, &mut socket)?;
        let mut assigns = Assigns::new(restored.unwrap_or(mounted));
        assigns.set_live_action(params.live_action());
        let mut runtime = ViewRuntime {
            assigns,
            socket,
            tree: ClientTree::default(),
            components: Components::default(),
            restore_error,
        };
        runtime.flush_components()?;
        Ok(runtime)
    }

    /// The snapshot of a persisted view's state (`#[live(persist)]`), or why it could not be
    /// taken; `None` for a view that is not persisted. See [`crate::persist`].
    pub fn snapshot(&self) -> Option<Result<String, String>> {
        V::__snapshot(&self.assigns)
    }

    /// Why the session's snapshot could not be restored at mount (taken once).
    pub fn take_restore_error(&mut self) -> Option<String> {
        self.restore_error.take()
    }

    /// The view's assigns.
    pub fn assigns(&self) -> &Assigns<V> {
        &self.assigns
    }

    /// Runs `handle_params`.
    pub fn handle_params(&mut self, params: &Params, uri: &str) -> Result<Commands, ViewError> {
        self.assigns.set_live_action(params.live_action());
        let assigns = &mut self.assigns;
        let flow = run_stage(
            &mut self.socket,
            |h| &mut h.params,
            |hook, socket| hook(assigns, params, uri, socket),
        );
        if flow == HookFlow::Cont {
            V::handle_params(&mut self.assigns, params, uri, &mut self.socket)?;
        }
        self.flush_components()?;
        Ok(self.socket.take_commands())
    }

    /// Runs `handle_event`. The reserved event `lv:clear-flash` (value `{"key": kind}` or no
    /// key) clears the flash without reaching the view; other `lv:` events are refused.
    pub fn handle_event(&mut self, event: &Event) -> Result<Commands, ViewError> {
        if let Some(reserved) = event.name().strip_prefix("lv:") {
            if reserved != "clear-flash" {
                return Err(format!("unknown reserved event {:?}", event.name()).into());
            }
            let key = event.value().get("key").and_then(serde_json::Value::as_str);
            self.assigns.clear_flash(key);
            return Ok(Commands::default());
        }
        self.take_in_uploads(event);
        if let Some(cid) = event.cid() {
            // `phx-target` named a component: the event is its own (docs/protocol.md §4.6).
            let ctx = self.ctx();
            let mut drained = Drained::default();
            let result = self.components.handle_event(cid, event, &ctx, &mut drained);
            self.absorb(drained);
            result?;
            self.flush_components()?;
            return Ok(self.socket.take_commands());
        }
        let assigns = &mut self.assigns;
        let flow = run_stage(
            &mut self.socket,
            |h| &mut h.event,
            |hook, socket| hook(assigns, event, socket),
        );
        if flow == HookFlow::Cont {
            V::handle_event(&mut self.assigns, event, &mut self.socket)?;
        }
        self.flush_components()?;
        Ok(self.socket.take_commands())
    }

    /// The view's flash.
    pub fn flash(&self) -> &Flash {
        self.assigns.flash()
    }

    /// Runs `f` on the upload whose ref is `upload_ref` (the view's own, or one of its
    /// components'); marks it changed when `f` returns true. False when there is no such
    /// upload.
    pub fn with_upload(
        &mut self,
        upload_ref: &str,
        f: &mut dyn FnMut(&mut crate::Upload) -> bool,
    ) -> bool {
        if let Some(cid) = crate::upload::component_of_upload_ref(self.socket.id(), upload_ref) {
            return self.components.with_upload(cid, upload_ref, f);
        }
        let (state, changed) = self.assigns.__parts_mut();
        let mut found = false;
        state.visit_uploads(&mut |upload, bit| {
            if !found && upload.reference() == upload_ref {
                found = true;
                if f(upload) {
                    changed.mark(bit);
                }
            }
        });
        found
    }

    /// Takes in the files a form change lists (`uploads`: entries per upload ref); refs of
    /// uploads the view does not have are ignored (they can be stale).
    fn take_in_uploads(&mut self, event: &Event) {
        let Some(serde_json::Value::Object(uploads)) = event.uploads() else {
            return;
        };
        for (upload_ref, listed) in uploads {
            if let serde_json::Value::Array(listed) = listed {
                self.with_upload(upload_ref, &mut |upload| upload.put_entries(listed));
            }
        }
    }

    /// Runs `handle_progress` of the view, or of the component whose upload it is.
    pub fn handle_progress(
        &mut self,
        progress: &crate::upload::UploadProgress,
    ) -> Result<Commands, ViewError> {
        if let Some(cid) =
            crate::upload::component_of_upload_ref(self.socket.id(), &progress.upload_ref)
        {
            let ctx = self.ctx();
            let mut drained = Drained::default();
            let result = self
                .components
                .handle_progress(cid, progress, &ctx, &mut drained);
            self.absorb(drained);
            result?;
            self.flush_components()?;
            return Ok(self.socket.take_commands());
        }
        V::handle_progress(&mut self.assigns, progress, &mut self.socket)?;
        Ok(self.socket.take_commands())
    }

    /// Replaces the view's flash (a navigation carried one in).
    pub fn set_flash(&mut self, flash: Flash) {
        self.assigns.set_flash(flash);
    }

    /// Runs `handle_info` with a message of type `V::Info`.
    pub fn handle_info(&mut self, message: V::Info) -> Result<Commands, ViewError> {
        let assigns = &mut self.assigns;
        let flow = run_stage(
            &mut self.socket,
            |h| &mut h.info,
            |hook, socket| hook(assigns, &message, socket),
        );
        if flow == HookFlow::Cont {
            V::handle_info(&mut self.assigns, message, &mut self.socket)?;
        }
        self.flush_components()?;
        Ok(self.socket.take_commands())
    }

    /// Runs `terminate`.
    pub fn terminate(&mut self, reason: &TerminateReason) {
        V::terminate(&mut self.assigns, reason);
    }

    /// The page title the view asked for and not yet sent (set in `mount` or `handle_params`):
    /// the server writes it into the `<title>` of the HTTP render.
    pub fn pending_title(&self) -> Option<&str> {
        self.socket.pending_title()
    }

    /// The commands `mount` asked for (timers, subscriptions, navigation).
    pub fn take_commands(&mut self) -> Commands {
        self.socket.take_commands()
    }

    /// The full HTML of the view (the static render), whatever the client holds.
    pub fn render_html(&mut self) -> String {
        self.take_in_title();
        self.assigns.mark_all_changed();
        // Written straight into one buffer: no rendered tree is built for the static render.
        let ctx = self.ctx();
        let (html, _) = crate::live_component::scope(&mut self.components, &ctx, None, || {
            crate::static_render::render_to_string(|| render_view(&self.socket, &self.assigns))
        });
        self.assigns.clear_changed();
        self.assigns.after_render();
        html
    }

    /// The full rendered JSON for a join reply; the client tree starts over from it.
    pub fn join_rendered(&mut self) -> String {
        self.tree.reset();
        self.components.reset_client();
        self.assigns.mark_all_changed();
        let rendered = self.render_diff().unwrap_or_else(|| "{}".to_owned());
        // Components the join did not render are unknown to the client: nothing would ever
        // destroy them.
        self.components.drop_unsent();
        rendered
    }

    /// Renders the slots whose assigns changed since the last render, and the components whose
    /// state changed, and returns the diff with the pending reply, events and title; `None`
    /// when there is nothing to send.
    ///
    /// # Panics
    /// When a component fails to mount or update while rendering, or does not render one
    /// element at its root (the view then crashes, as after a failed callback).
    pub fn render_diff(&mut self) -> Option<String> {
        self.take_in_title();
        let mut out = String::with_capacity(64);
        out.push('{');
        let ctx = self.ctx();
        let mut drained = Drained::default();
        if !self.assigns.changed().is_empty() {
            let (mut rendered, mut calls) = self.render(&ctx);
            if self.tree.missing_values(&rendered) {
                // A helper function's own `html!` skipped slots the client has never seen
                // (e.g. inside a branch that just appeared): render once more in full.
                self.assigns.mark_all_changed();
                (rendered, calls) = self.render(&ctx);
            }
            self.assigns.clear_changed();
            self.tree.diff_members(&mut out, &rendered);
            // Temporary assigns go back to their default once sent (no change is marked: the
            // client keeps what it was sent).
            self.assigns.after_render();
            self.after_render();
            if let Err(err) = self.components.apply_calls(calls, &ctx, &mut drained) {
                panic!("{err}");
            }
        }
        let mut components = String::new();
        for _ in 0..MAX_UPDATE_ROUNDS {
            self.absorb(std::mem::take(&mut drained));
            if let Err(err) = self.flush_components() {
                panic!("{err}");
            }
            match self.components.render_changed(&ctx, &mut drained) {
                Ok(members) if members.is_empty() => {}
                Ok(members) => {
                    if !components.is_empty() {
                        components.push(',');
                    }
                    components.push_str(&members);
                }
                Err(err) => panic!("{err}"),
            }
            if drained.updates.is_empty() {
                break;
            }
        }
        self.absorb(drained);
        if !components.is_empty() {
            if out.len() > 1 {
                out.push(',');
            }
            out.push_str("\"c\":{");
            out.push_str(&components);
            out.push('}');
        }
        let effects = self.socket.take_effects();
        write_effects(&mut out, effects);
        if out.len() == 1 {
            return None;
        }
        out.push('}');
        Some(out)
    }

    /// Brings the title the view set (and not yet sent) to its assigns, where templates read
    /// it ([`Assigns::page_title`]).
    fn take_in_title(&mut self) {
        if let Some(title) = self.socket.pending_title() {
            self.assigns.set_page_title(Some(title));
        }
    }

    /// The view's template, inside its layout when `mount` set one, and the components it
    /// rendered.
    fn render(&mut self, ctx: &Ctx) -> (crate::Rendered, Vec<crate::live_component::PendingCall>) {
        let (socket, assigns) = (&self.socket, &self.assigns);
        crate::live_component::scope(&mut self.components, ctx, None, || {
            render_view(socket, assigns)
        })
    }

    /// What the view's components need of it.
    fn ctx(&self) -> Ctx {
        Ctx {
            connected: self.socket.connected(),
            sink: self.socket.sink.clone(),
            view_id: self.socket.id().to_owned(),
            timers: self.socket.timers.clone(),
        }
    }

    /// Takes over what component callbacks asked for.
    fn absorb(&mut self, drained: Drained) {
        let Drained {
            effects,
            commands,
            navigation,
            updates,
        } = drained;
        let own = &mut self.socket.effects;
        if effects.reply.is_some() {
            own.reply = effects.reply;
        }
        if let Some(title) = effects.title {
            // The view's template reads it at its next render.
            self.assigns.set_page_title(Some(&title));
            own.title = Some(title);
        }
        own.events.extend(effects.events);
        // Timers carry ids from the view's counter already (the component sockets share it).
        self.socket.commands.commands.extend(commands);
        if navigation.is_some() {
            self.socket.commands.navigation = navigation;
        }
        self.socket.component_updates.extend(updates);
    }

    /// Applies the queued `send_update`s (and those they queue in turn).
    fn flush_components(&mut self) -> Result<(), ViewError> {
        if self.socket.component_updates.is_empty() {
            return Ok(());
        }
        let ctx = self.ctx();
        for _ in 0..MAX_UPDATE_ROUNDS {
            let updates = std::mem::take(&mut self.socket.component_updates);
            if updates.is_empty() {
                return Ok(());
            }
            let mut drained = Drained::default();
            let mut result = Ok(());
            for update in updates {
                result = result.and(self.components.apply_update(update, &ctx, &mut drained));
            }
            self.absorb(drained);
            result?;
        }
        Err(ViewError::new(format!(
            "components sent updates to each other more than {MAX_UPDATE_ROUNDS} times in a row"
        )))
    }

    /// How many components the view holds (those the client destroyed are gone).
    ///
    /// ```
    /// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// use live_core::runtime::ViewRuntime;
    /// # #[derive(LiveView)] struct Page {}
    /// # impl LiveView for Page {
    /// #     type Info = ();
    /// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Page {}) }
    /// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p></p> } }
    /// # }
    /// let view = ViewRuntime::<Page>::mount("phx-1", &Params::default(), &Session::default(), None)?;
    /// assert_eq!(view.component_count(), 0);
    /// # Ok::<(), ViewError>(())
    /// ```
    pub fn component_count(&self) -> usize {
        self.components.len()
    }

    /// The state of the view's component of type `C` with `id` (`None` when the view holds
    /// no such component): for tests and diagnostics, e.g. to check that a component's
    /// streams hold no rows once rendered.
    ///
    /// ```
    /// # use live_core::{html, Assigns, LiveComponent, LiveView, Params, Rendered, Session, Socket, ViewError};
    /// use live_core::live_component::ComponentSocket;
    /// use live_core::runtime::ViewRuntime;
    /// #[derive(LiveComponent)]
    /// struct Total { n: u32 }
    /// impl LiveComponent for Total {
    ///     type Attrs = u32;
    ///     fn mount(n: &u32, _: &mut ComponentSocket<Self>) -> Result<Self, ViewError> { Ok(Total { n: *n }) }
    ///     fn render(assigns: &Assigns<Self>) -> Rendered { html! { <b>{@n}</b> } }
    /// }
    /// #[derive(LiveView)]
    /// struct Page {}
    /// impl LiveView for Page {
    ///     type Info = ();
    ///     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Page {}) }
    ///     fn render(_: &Assigns<Self>) -> Rendered {
    ///         html! { <div><.live_component module={Total} id="total" attrs={7}/></div> }
    ///     }
    /// }
    /// let mut page = ViewRuntime::<Page>::mount("phx-1", &Params::default(), &Session::default(), None)?;
    /// page.join_rendered();
    /// assert_eq!(page.component::<Total>("total").map(|total| total.n), Some(7));
    /// assert!(page.component::<Total>("other").is_none());
    /// # Ok::<(), ViewError>(())
    /// ```
    pub fn component<C: crate::LiveComponent>(&self, id: &str) -> Option<&Assigns<C>> {
        self.components.state::<C>(id)
    }

    /// The client removed the components `cids` from the page (`cids_will_destroy`): they are
    /// destroyed when it confirms, unless rendered again in between.
    pub fn components_will_destroy(&mut self, cids: &[u64]) {
        self.components.will_destroy(cids);
    }

    /// The client confirms (`cids_destroyed`): the components still about to be destroyed are
    /// dropped; returns their cids (the reply's `cids`).
    pub fn components_destroyed(&mut self, cids: &[u64]) -> Vec<u64> {
        self.components.destroyed(cids)
    }

    /// Runs a component message (a `send_update` from another task, a component's task
    /// outcome); `Err(message)` when it is neither.
    fn component_message(
        &mut self,
        message: AnyMessage,
    ) -> Result<Result<Commands, ViewError>, AnyMessage> {
        let ctx = self.ctx();
        let mut drained = Drained::default();
        let result = match message.downcast::<ComponentUpdate>() {
            Ok(update) => self.components.apply_update(*update, &ctx, &mut drained),
            Err(message) => match message.downcast::<ComponentAsync>() {
                Ok(done) => self.components.handle_async(*done, &ctx, &mut drained),
                Err(message) => return Err(message),
            },
        };
        self.absorb(drained);
        Ok(result
            .and_then(|()| self.flush_components())
            .map(|()| self.socket.take_commands()))
    }

    fn after_render(&mut self) {
        let assigns = &self.assigns;
        run_stage(
            &mut self.socket,
            |h| &mut h.after_render,
            |hook, _| {
                hook(assigns);
                HookFlow::Cont
            },
        );
    }

    /// Bytes held for this view besides the state itself: the client tree.
    pub fn tree_bytes(&self) -> usize {
        self.tree.memory_bytes()
    }
}

/// The view's template, inside its layout when `mount` set one.
fn render_view<V: LiveView>(socket: &Socket<V>, assigns: &Assigns<V>) -> crate::Rendered {
    socket.rendering(|| {
        let inner = V::render(assigns);
        socket.apply_layout(assigns, inner)
    })
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

/// Why an erased view refused a message.
#[derive(Debug)]
pub struct WrongMessage(pub &'static str);

impl std::fmt::Display for WrongMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "message is not of the view's Info type {}", self.0)
    }
}

impl std::error::Error for WrongMessage {}

/// A mounted view of any type, as the server and the test harness hold it.
pub trait AnyView: Send {
    /// The view type's name.
    fn name(&self) -> &'static str;
    /// See [`ViewRuntime::handle_params`].
    fn handle_params(&mut self, params: &Params, uri: &str) -> Result<Commands, ViewError>;
    /// See [`ViewRuntime::handle_event`].
    fn handle_event(&mut self, event: &Event) -> Result<Commands, ViewError>;
    /// [`ViewRuntime::handle_info`] for a boxed `V::Info`, or the completion of an async task
    /// (applied to the assigns, or given to `handle_async`); a message of another type is an
    /// error ([`WrongMessage`]) and leaves the view untouched.
    fn handle_info(&mut self, message: AnyMessage) -> Result<Commands, ViewError>;
    /// See [`ViewRuntime::terminate`].
    fn terminate(&mut self, reason: &TerminateReason);
    /// See [`ViewRuntime::flash`].
    fn flash(&self) -> &Flash;
    /// See [`ViewRuntime::with_upload`].
    fn with_upload(
        &mut self,
        upload_ref: &str,
        f: &mut dyn FnMut(&mut crate::Upload) -> bool,
    ) -> bool;
    /// See [`ViewRuntime::handle_progress`].
    fn handle_progress(
        &mut self,
        progress: &crate::upload::UploadProgress,
    ) -> Result<Commands, ViewError>;
    /// See [`ViewRuntime::set_flash`].
    fn set_flash(&mut self, flash: Flash);
    /// See [`ViewRuntime::take_commands`].
    fn take_commands(&mut self) -> Commands;
    /// See [`ViewRuntime::pending_title`].
    fn pending_title(&self) -> Option<&str>;
    /// See [`ViewRuntime::render_html`].
    fn render_html(&mut self) -> String;
    /// See [`ViewRuntime::join_rendered`].
    fn join_rendered(&mut self) -> String;
    /// See [`ViewRuntime::render_diff`].
    fn render_diff(&mut self) -> Option<String>;
    /// See [`ViewRuntime::snapshot`].
    fn snapshot(&self) -> Option<Result<String, String>> {
        None
    }
    /// See [`ViewRuntime::take_restore_error`].
    fn take_restore_error(&mut self) -> Option<String> {
        None
    }
    /// See [`ViewRuntime::component_count`].
    fn component_count(&self) -> usize {
        0
    }
    /// See [`ViewRuntime::components_will_destroy`].
    fn components_will_destroy(&mut self, cids: &[u64]) {
        let _ = cids;
    }
    /// See [`ViewRuntime::components_destroyed`].
    fn components_destroyed(&mut self, cids: &[u64]) -> Vec<u64> {
        let _ = cids;
        Vec::new()
    }
}

impl<V: LiveView> AnyView for ViewRuntime<V> {
    fn name(&self) -> &'static str {
        std::any::type_name::<V>()
    }
    fn handle_params(&mut self, params: &Params, uri: &str) -> Result<Commands, ViewError> {
        ViewRuntime::handle_params(self, params, uri)
    }
    fn handle_event(&mut self, event: &Event) -> Result<Commands, ViewError> {
        ViewRuntime::handle_event(self, event)
    }
    fn handle_info(&mut self, message: AnyMessage) -> Result<Commands, ViewError> {
        let message = match self.component_message(message) {
            Ok(result) => return result,
            Err(message) => message,
        };
        let message = match message.downcast::<AsyncApply<V>>() {
            Ok(apply) => {
                (apply.0)(&mut self.assigns);
                return Ok(self.socket.take_commands());
            }
            Err(message) => message,
        };
        let message = match message.downcast::<CallRequest<V>>() {
            Ok(call) => {
                (call.0)(&mut self.assigns, &mut self.socket);
                return Ok(self.socket.take_commands());
            }
            Err(message) => message,
        };
        let message = match message.downcast::<AsyncDone>() {
            Ok(done) => {
                let AsyncDone { name, outcome } = *done;
                V::handle_async(&mut self.assigns, &name, outcome, &mut self.socket)?;
                return Ok(self.socket.take_commands());
            }
            Err(message) => message,
        };
        match message.downcast::<V::Info>() {
            Ok(message) => ViewRuntime::handle_info(self, *message),
            Err(_) => Err(ViewError::new(WrongMessage(
                std::any::type_name::<V::Info>(),
            ))),
        }
    }
    fn terminate(&mut self, reason: &TerminateReason) {
        ViewRuntime::terminate(self, reason);
    }
    fn flash(&self) -> &Flash {
        ViewRuntime::flash(self)
    }
    fn with_upload(
        &mut self,
        upload_ref: &str,
        f: &mut dyn FnMut(&mut crate::Upload) -> bool,
    ) -> bool {
        ViewRuntime::with_upload(self, upload_ref, f)
    }
    fn handle_progress(
        &mut self,
        progress: &crate::upload::UploadProgress,
    ) -> Result<Commands, ViewError> {
        ViewRuntime::handle_progress(self, progress)
    }
    fn set_flash(&mut self, flash: Flash) {
        ViewRuntime::set_flash(self, flash);
    }
    fn take_commands(&mut self) -> Commands {
        ViewRuntime::take_commands(self)
    }
    fn pending_title(&self) -> Option<&str> {
        ViewRuntime::pending_title(self)
    }
    fn render_html(&mut self) -> String {
        ViewRuntime::render_html(self)
    }
    fn join_rendered(&mut self) -> String {
        ViewRuntime::join_rendered(self)
    }
    fn render_diff(&mut self) -> Option<String> {
        ViewRuntime::render_diff(self)
    }
    fn snapshot(&self) -> Option<Result<String, String>> {
        ViewRuntime::snapshot(self)
    }
    fn take_restore_error(&mut self) -> Option<String> {
        ViewRuntime::take_restore_error(self)
    }
    fn component_count(&self) -> usize {
        ViewRuntime::component_count(self)
    }
    fn components_will_destroy(&mut self, cids: &[u64]) {
        ViewRuntime::components_will_destroy(self, cids);
    }
    fn components_destroyed(&mut self, cids: &[u64]) -> Vec<u64> {
        ViewRuntime::components_destroyed(self, cids)
    }
}

/// Mounts views of one type; a router holds one per live route.
pub trait ViewFactory: Send + Sync + 'static {
    /// The view type's name, for logs and tokens.
    fn name(&self) -> &'static str;
    /// Whether the view is persisted (`#[live(persist)]`): the server looks up a snapshot
    /// for it at the join.
    fn persists(&self) -> bool {
        false
    }
    /// Mounts a new instance (see [`ViewRuntime::mount`]).
    fn mount(
        &self,
        id: &str,
        params: &Params,
        session: &Session,
        sink: Option<Arc<dyn MessageSink>>,
    ) -> Result<Box<dyn AnyView>, ViewError>;
}

/// The [`ViewFactory`] of the view type `V`.
///
/// ```
/// use live_core::runtime::{Mounter, ViewFactory};
/// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
/// # #[derive(LiveView)] struct Empty {}
/// # impl LiveView for Empty {
/// #     type Info = ();
/// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Empty {}) }
/// #     fn render(_: &Assigns<Self>) -> Rendered { html! { <p></p> } }
/// # }
/// let factory = Mounter::<Empty>::new();
/// let mut view = factory.mount("phx-1", &Params::default(), &Session::default(), None).unwrap();
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
    fn persists(&self) -> bool {
        V::PERSIST
    }
    fn mount(
        &self,
        id: &str,
        params: &Params,
        session: &Session,
        sink: Option<Arc<dyn MessageSink>>,
    ) -> Result<Box<dyn AnyView>, ViewError> {
        Ok(Box::new(ViewRuntime::<V>::mount(
            id, params, session, sink,
        )?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ChangeSet, Dynamic, Rendered, Statics, Tracked};

    /// A view whose branch is rendered by a helper that tracks changes on its own, so the
    /// branch's inner slot is skipped when only `show` changed.
    struct Branchy {
        show: bool,
        name: String,
    }

    impl Tracked for Branchy {
        const ASSIGNS: &'static [&'static str] = &["show", "name"];
    }

    static PAGE: Statics = Statics::new(&["<div>", "</div>"], r#"["<div>","</div>"]"#, true);
    static NAME: Statics = Statics::new(&["<p>", "</p>"], r#"["<p>","</p>"]"#, true);

    impl LiveView for Branchy {
        type Info = ();

        fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
            Ok(Branchy {
                show: false,
                name: "Ann".into(),
            })
        }

        fn handle_event(
            assigns: &mut Assigns<Self>,
            _: &Event,
            _: &mut Socket<Self>,
        ) -> Result<(), ViewError> {
            let (state, changed) = assigns.__parts_mut();
            state.show = true;
            changed.mark(ChangeSet::bit(0));
            Ok(())
        }

        fn render(assigns: &Assigns<Self>) -> Rendered {
            let changed = assigns.changed();
            let slot = if !changed.any(ChangeSet::bit(0) | ChangeSet::bit(1)) {
                Dynamic::Unchanged
            } else if assigns.show {
                let name = if changed.any(ChangeSet::bit(1)) {
                    Dynamic::text(&assigns.name)
                } else {
                    Dynamic::Unchanged
                };
                Dynamic::Nested(Rendered::new(&NAME, vec![name]))
            } else {
                Dynamic::text("")
            };
            Rendered::new(&PAGE, vec![slot])
        }
    }

    #[test]
    fn a_new_branch_with_skipped_slots_is_rendered_in_full() {
        let mut view =
            ViewRuntime::<Branchy>::mount("phx-b", &Params::default(), &Session::default(), None)
                .expect("mount");
        assert_eq!(view.join_rendered(), r#"{"0":"","s":["<div>","</div>"]}"#);
        view.handle_event(&Event::new("click", "show", serde_json::json!({})))
            .expect("event");
        assert_eq!(
            view.render_diff().as_deref(),
            Some(r#"{"0":{"0":"Ann","s":["<p>","</p>"],"r":1}}"#)
        );
    }
}
