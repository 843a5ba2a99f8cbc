//! One task per joined LiveView: it owns the view's state, so no lock guards it.
//!
//! The connection task forwards the channel's messages as [`Command`]s; the view task answers
//! with frames on the connection's outbound queue. Messages from timers, PubSub and view handles
//! arrive on the view's own queue and run `handle_info`. A panic or an error in a view callback
//! ends this task only: the client gets `phx_error` for the topic and rejoins.

use std::collections::HashMap;
use std::sync::Arc;

use live_core::runtime::AnyView;
use live_core::socket::{self, AnyMessage, Commands, MessageSink, Navigation, TimerId};
use live_core::{Event, Flash, Params, Session, TerminateReason, ViewError};
use serde_json::{json, Value};
use tokio::sync::mpsc;
use tokio::task::AbortHandle;

use super::frame;
use crate::channel::callback::{guarded, panic_text};
use crate::pubsub::{Subscriber, SubscriptionId};
use crate::router::Route;
use crate::server::AppState;

/// The client version our wire format matches, sent in join replies.
pub(crate) const LIVEVIEW_VERSION: &str = "1.2.12";

/// A message for a view task from its connection.
#[derive(Debug)]
pub(crate) enum Command {
    /// A client message on the view's topic (`event`, `live_patch`, `cids_destroyed`, …).
    Push {
        reference: Option<String>,
        event: String,
        payload: Value,
    },
    /// `phx_leave`: reply ok and stop.
    Leave { reference: Option<String> },
    /// A new join on the same topic replaces this channel: send `phx_close` and stop.
    Replaced,
    /// The server shuts down: stop without a frame (the socket is closing).
    Shutdown,
}

/// What a view task sends to its connection.
#[derive(Debug)]
pub(crate) enum Outbound {
    /// A text frame for the client.
    Frame(String),
    /// The view task ended; the connection forgets the channel if `join_ref` is still current.
    Ended { topic: String, join_ref: String },
}

/// Everything a view task needs to mount.
pub(crate) struct Join {
    pub(crate) app: Arc<AppState>,
    pub(crate) topic: String,
    pub(crate) join_ref: String,
    /// The `ref` of the `phx_join` frame, echoed by the join reply.
    pub(crate) reference: Option<String>,
    pub(crate) route: Arc<Route>,
    pub(crate) params: Params,
    /// The page URL for views mounted by the router; `None` for nested views.
    pub(crate) url: Option<String>,
    pub(crate) session: Session,
    /// The flash the view starts with.
    pub(crate) flash: Flash,
    pub(crate) outbound: mpsc::Sender<Outbound>,
}

/// Delivers a view's messages to its task.
struct ViewSink(mpsc::UnboundedSender<AnyMessage>);

impl MessageSink for ViewSink {
    fn send(&self, message: AnyMessage) -> bool {
        self.0.send(message).is_ok()
    }
}

/// The running view and what the task keeps for it.
struct Task {
    app: Arc<AppState>,
    view: Box<dyn AnyView>,
    topic: String,
    join_ref: String,
    route: Arc<Route>,
    /// Scheme and host of the page (`http://host:port`), for URLs of server-side patches.
    origin: String,
    outbound: mpsc::Sender<Outbound>,
    sink: Arc<ViewSink>,
    timers: HashMap<TimerId, AbortHandle>,
    subscriptions: HashMap<String, Vec<SubscriptionId>>,
    /// Running `assign_async` tasks.
    tasks: Vec<AbortHandle>,
    /// Running `start_async` tasks by name.
    named_tasks: HashMap<String, AbortHandle>,
}

/// How a callback ended, for the task loop.
enum Flow {
    Continue,
    /// The view navigated away or redirected: stop normally.
    Stop,
    /// The callback panicked or failed: `phx_error` and stop without `terminate`.
    Crash,
}

/// Runs a view from its join to its end.
pub(crate) async fn run(join: Join, mut commands: mpsc::UnboundedReceiver<Command>) {
    let (info_tx, mut info_rx) = mpsc::unbounded_channel::<AnyMessage>();
    let sink = Arc::new(ViewSink(info_tx));
    let Some(mut task) = mount(join, sink).await else {
        return;
    };
    let reason = loop {
        tokio::select! {
            command = commands.recv() => match command {
                None => break Some(TerminateReason::Closed),
                Some(Command::Leave { reference }) => {
                    task.send(frame::encode(task.jr(), task.jr(), &task.topic, "phx_close", "{}")).await;
                    task.send(frame::reply(task.jr(), reference.as_deref(), &task.topic, true, "{}")).await;
                    break Some(TerminateReason::Leave);
                }
                Some(Command::Shutdown) => break Some(TerminateReason::Shutdown),
                Some(Command::Replaced) => {
                    task.send(frame::encode(task.jr(), task.jr(), &task.topic, "phx_close", "{}")).await;
                    break Some(TerminateReason::Replaced);
                }
                Some(Command::Push { reference, event, payload }) => {
                    match task.on_push(reference.as_deref(), &event, &payload).await {
                        Flow::Continue => {}
                        Flow::Stop => break Some(TerminateReason::Navigated),
                        Flow::Crash => break None,
                    }
                }
            },
            Some(message) = info_rx.recv() => match task.on_info(message).await {
                Flow::Continue => {}
                Flow::Stop => break Some(TerminateReason::Navigated),
                Flow::Crash => break None,
            },
        }
    };
    task.finish(reason).await;
}

/// Mounts the view, runs `handle_params` for routed views and answers the join.
async fn mount(join: Join, sink: Arc<ViewSink>) -> Option<Task> {
    let Join {
        app,
        topic,
        join_ref,
        reference,
        route,
        params,
        url,
        session,
        flash,
        outbound,
    } = join;
    let id = topic.strip_prefix("lv:").unwrap_or(&topic).to_owned();
    let name = route.factory().name();
    let started = std::time::Instant::now();
    let sink_for_view: Arc<dyn MessageSink> = sink.clone();
    let mounted = guarded(|| {
        let mut view = route
            .factory()
            .mount(&id, &params, &session, Some(sink_for_view))?;
        view.set_flash(flash);
        let mut commands = view.take_commands();
        if let Some(url) = &url {
            let more = view.handle_params(&params, url)?;
            commands.extend(more);
        }
        Ok((view, commands))
    });
    let refuse = |reason: String| {
        let outbound = outbound.clone();
        let topic = topic.clone();
        let join_ref = join_ref.clone();
        let reference = reference.clone();
        async move {
            let reply = frame::error_reply(
                Some(&join_ref),
                reference.as_deref(),
                &topic,
                "join crashed",
            );
            let _ = outbound.send(Outbound::Frame(reply)).await;
            tracing::error!(view = name, %topic, "connected mount failed: {reason}");
            let _ = outbound.send(Outbound::Ended { topic, join_ref }).await;
        }
    };
    let (view, commands) = match mounted {
        Ok(mounted) => mounted,
        Err(err) => {
            refuse(err.to_string()).await;
            return None;
        }
    };
    let origin = url.as_deref().map(origin_of).unwrap_or_default().to_owned();
    let mut task = Task {
        app,
        view,
        topic,
        join_ref,
        route,
        origin,
        outbound,
        sink,
        timers: HashMap::new(),
        subscriptions: HashMap::new(),
        tasks: Vec::new(),
        named_tasks: HashMap::new(),
    };
    task.run_commands(commands.commands);
    // Where mount or handle_params asked to go: a patch is applied and reported in the ok
    // reply; a navigation or redirect is the join's error reply (PROTOCOL.md §3.2, step 9).
    let mut live_patch = None;
    let refused = match commands.navigation {
        None => None,
        Some(Navigation::Patch { to, replace }) => match task.patch_params(&to) {
            Ok(true) => {
                live_patch = Some(json!({"to": to, "kind": kind(replace)}));
                None
            }
            Ok(false) => {
                Some(json!({"live_redirect": task.navigation_payload(&to, Some(replace))}))
            }
            Err(err) => {
                tracing::error!(view = name, "handle_params failed: {err}");
                Some(json!({"reason": "join crashed"}))
            }
        },
        Some(Navigation::Navigate { to, replace }) => {
            Some(json!({"live_redirect": task.navigation_payload(&to, Some(replace))}))
        }
        Some(Navigation::Redirect { to }) => {
            Some(json!({"redirect": task.navigation_payload(&to, None)}))
        }
    };
    if let Some(response) = refused {
        let reply = frame::reply(
            task.jr(),
            reference.as_deref(),
            &task.topic,
            false,
            &response.to_string(),
        );
        task.send(reply).await;
        task.finish(Some(TerminateReason::Navigated)).await;
        return None;
    }
    let rendered = task.view.join_rendered();
    let mut response =
        format!("{{\"rendered\":{rendered},\"liveview_version\":\"{LIVEVIEW_VERSION}\"");
    if let Some(live_patch) = live_patch {
        response.push_str(&format!(",\"live_patch\":{live_patch}"));
    }
    response.push('}');
    tracing::info!(view = name, topic = %task.topic, elapsed = ?started.elapsed(), "mounted (connected)");
    let reply = frame::reply(
        task.jr(),
        reference.as_deref(),
        &task.topic,
        true,
        &response,
    );
    task.send(reply).await;
    Some(task)
}

fn kind(replace: bool) -> &'static str {
    if replace {
        "replace"
    } else {
        "push"
    }
}

/// `scheme://host[:port]` of an absolute URL, or `""`.
fn origin_of(url: &str) -> &str {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let host_end = rest.find('/').unwrap_or(rest.len());
            &url[..scheme.len() + 3 + host_end]
        }
        None => "",
    }
}

impl Task {
    fn jr(&self) -> Option<&str> {
        Some(&self.join_ref)
    }

    /// `{"to", "kind"?, "flash"?}` for a `live_redirect` (with `replace`) or `redirect`.
    fn navigation_payload(&self, to: &str, replace: Option<bool>) -> Value {
        let mut payload = serde_json::Map::new();
        payload.insert("to".into(), to.into());
        if let Some(replace) = replace {
            payload.insert("kind".into(), kind(replace).into());
        }
        if let Some(token) = crate::security::flash_token::sign(&self.app.signer, self.view.flash())
        {
            payload.insert("flash".into(), token.into());
        }
        Value::Object(payload)
    }

    fn name(&self) -> &'static str {
        self.route.factory().name()
    }

    /// Queues a frame for the client. The future does not borrow the task (a view is `Send`
    /// but not necessarily `Sync`).
    fn send(&self, text: String) -> impl std::future::Future<Output = ()> + Send + 'static {
        let outbound = self.outbound.clone();
        async move {
            let _ = outbound.send(Outbound::Frame(text)).await;
        }
    }

    /// A server push on this view's topic.
    fn push(
        &self,
        event: &str,
        payload: &str,
    ) -> impl std::future::Future<Output = ()> + Send + 'static {
        self.send(frame::encode(self.jr(), None, &self.topic, event, payload))
    }

    /// Handles a client message; every request gets a reply.
    async fn on_push(&mut self, reference: Option<&str>, event: &str, payload: &Value) -> Flow {
        match event {
            "event" => {
                let event = match Event::from_payload(payload) {
                    Ok(event) => event,
                    Err(err) => {
                        tracing::warn!(view = self.name(), "refused event: {err}");
                        self.send(frame::error_reply(
                            self.jr(),
                            reference,
                            &self.topic,
                            &err.to_string(),
                        ))
                        .await;
                        return Flow::Continue;
                    }
                };
                let started = std::time::Instant::now();
                let view = &mut self.view;
                let result = guarded(|| view.handle_event(&event));
                // Params the client sent that do not fit the view's types are bad input, not
                // a crash: log, answer with an error, keep the view.
                if let Err(err) = &result {
                    if let Some(bad) = err.downcast_ref::<live_core::ParamsError>() {
                        tracing::warn!(
                            view = self.name(),
                            event = event.name(),
                            "refused event params: {bad}"
                        );
                        let reply =
                            frame::error_reply(self.jr(), reference, &self.topic, &bad.to_string());
                        self.send(reply).await;
                        return Flow::Continue;
                    }
                }
                tracing::info!(view = self.name(), event = event.name(), elapsed = ?started.elapsed(), "handle_event");
                self.after_callback(result, Some(reference)).await
            }
            "live_patch" => {
                let Some(url) = payload.get("url").and_then(Value::as_str) else {
                    self.send(frame::error_reply(
                        self.jr(),
                        reference,
                        &self.topic,
                        "live_patch without url",
                    ))
                    .await;
                    return Flow::Continue;
                };
                match self.patch_params(url) {
                    Ok(true) => {
                        let response = match self.view.render_diff() {
                            Some(diff) => format!("{{\"diff\":{diff}}}"),
                            None => "{}".to_owned(),
                        };
                        self.send(frame::reply(
                            self.jr(),
                            reference,
                            &self.topic,
                            true,
                            &response,
                        ))
                        .await;
                        Flow::Continue
                    }
                    Ok(false) => {
                        self.send(frame::reply(
                            self.jr(),
                            reference,
                            &self.topic,
                            true,
                            "{\"link_redirect\":true}",
                        ))
                        .await;
                        Flow::Continue
                    }
                    Err(err) => self.crash(&err).await,
                }
            }
            "cids_will_destroy" => {
                self.send(frame::reply(self.jr(), reference, &self.topic, true, "{}"))
                    .await;
                Flow::Continue
            }
            // No components yet, so nothing is deleted; list nothing so the client forgets nothing.
            "cids_destroyed" => {
                self.send(frame::reply(
                    self.jr(),
                    reference,
                    &self.topic,
                    true,
                    "{\"cids\":[]}",
                ))
                .await;
                Flow::Continue
            }
            other => {
                tracing::debug!(
                    view = self.name(),
                    event = other,
                    "unhandled channel message; replying ok"
                );
                self.send(frame::reply(self.jr(), reference, &self.topic, true, "{}"))
                    .await;
                Flow::Continue
            }
        }
    }

    /// Runs `handle_info` for a message from a timer, PubSub or a handle.
    async fn on_info(&mut self, message: AnyMessage) -> Flow {
        let started = std::time::Instant::now();
        let view = &mut self.view;
        let result = guarded(|| view.handle_info(message));
        tracing::debug!(view = self.name(), elapsed = ?started.elapsed(), "handle_info");
        self.after_callback(result, None).await
    }

    /// Carries out a callback's commands and sends the resulting diff: as the reply to
    /// `reference` for client requests (`Some`), as a `diff` push otherwise (`None`).
    async fn after_callback(
        &mut self,
        result: Result<Commands, ViewError>,
        reply_to: Option<Option<&str>>,
    ) -> Flow {
        let commands = match result {
            Ok(commands) => commands,
            Err(err) => return self.crash(&err).await,
        };
        self.run_commands(commands.commands);
        match commands.navigation {
            None => {}
            Some(Navigation::Patch { to, replace }) => {
                let payload = json!({"to": to, "kind": kind(replace)}).to_string();
                match self.patch_params(&to) {
                    Ok(true) => self.push("live_patch", &payload).await,
                    Ok(false) => return self.leave_for("live_redirect", &payload, reply_to).await,
                    Err(err) => return self.crash(&err).await,
                }
            }
            Some(Navigation::Navigate { to, replace }) => {
                let payload = self.navigation_payload(&to, Some(replace)).to_string();
                return self.leave_for("live_redirect", &payload, reply_to).await;
            }
            Some(Navigation::Redirect { to }) => {
                let payload = self.navigation_payload(&to, None).to_string();
                return self.leave_for("redirect", &payload, reply_to).await;
            }
        }
        let diff = self.view.render_diff();
        match (reply_to, diff) {
            (Some(reference), Some(diff)) => {
                let response = format!("{{\"diff\":{diff}}}");
                self.send(frame::reply(
                    self.jr(),
                    reference,
                    &self.topic,
                    true,
                    &response,
                ))
                .await;
            }
            (Some(reference), None) => {
                self.send(frame::reply(self.jr(), reference, &self.topic, true, "{}"))
                    .await
            }
            (None, Some(diff)) => self.push("diff", &diff).await,
            (None, None) => {}
        }
        Flow::Continue
    }

    /// Sends a pending diff (pushed events), then `redirect`/`live_redirect` as the reply or a
    /// push, then `phx_close`; the view stops.
    async fn leave_for(
        &mut self,
        event: &str,
        payload: &str,
        reply_to: Option<Option<&str>>,
    ) -> Flow {
        if let Some(diff) = self.view.render_diff() {
            self.push("diff", &diff).await;
        }
        match reply_to {
            Some(reference) => {
                let response = format!("{{\"{event}\":{payload}}}");
                self.send(frame::reply(
                    self.jr(),
                    reference,
                    &self.topic,
                    true,
                    &response,
                ))
                .await;
            }
            None => self.push(event, payload).await,
        }
        self.send(frame::encode(
            self.jr(),
            self.jr(),
            &self.topic,
            "phx_close",
            "{}",
        ))
        .await;
        Flow::Stop
    }

    async fn crash(&mut self, err: &ViewError) -> Flow {
        tracing::error!(view = self.name(), topic = %self.topic, "view crashed: {err}");
        self.send(frame::encode(
            self.jr(),
            self.jr(),
            &self.topic,
            "phx_error",
            "{\"reason\":\"channel_crash\"}",
        ))
        .await;
        Flow::Crash
    }

    /// Runs `handle_params` for a patch to `url` when it routes to this same view in the same
    /// live session; `Ok(false)` when it does not (the client must navigate instead).
    fn patch_params(&mut self, url: &str) -> Result<bool, ViewError> {
        let path = super::connection::path_and_query(url);
        let routed = self
            .app
            .config
            .mounted_path(path)
            .and_then(|p| self.app.router.find(&p));
        let Some((route, params)) = routed else {
            return Ok(false);
        };
        if route.factory().name() != self.route.factory().name()
            || route.live_session() != self.route.live_session()
        {
            return Ok(false);
        }
        let uri = if url.starts_with('/') {
            format!("{}{url}", self.origin)
        } else {
            url.to_owned()
        };
        let view = &mut self.view;
        let started = std::time::Instant::now();
        let commands = guarded(|| view.handle_params(&params, &uri))?;
        tracing::info!(view = self.route.factory().name(), %uri, elapsed = ?started.elapsed(), "handle_params");
        self.run_commands(commands.commands);
        Ok(true)
    }

    /// Starts timers, manages subscriptions and sends broadcasts.
    fn run_commands(&mut self, commands: Vec<socket::Command>) {
        for command in commands {
            match command {
                socket::Command::Timer {
                    id,
                    after,
                    repeat,
                    mut message,
                } => {
                    let sink = self.sink.clone();
                    let handle = tokio::spawn(async move {
                        let mut ticks =
                            tokio::time::interval_at(tokio::time::Instant::now() + after, after);
                        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                        loop {
                            ticks.tick().await;
                            if !sink.send(message()) || !repeat {
                                break;
                            }
                        }
                    });
                    self.timers.insert(id, handle.abort_handle());
                }
                socket::Command::CancelTimer(id) => {
                    if let Some(timer) = self.timers.remove(&id) {
                        timer.abort();
                    }
                }
                socket::Command::Subscribe { topic, deliver } => {
                    let sink: Arc<dyn MessageSink> = self.sink.clone();
                    let id = self
                        .app
                        .pubsub
                        .subscribe(&topic, Subscriber { deliver, sink });
                    self.subscriptions.entry(topic).or_default().push(id);
                }
                socket::Command::Unsubscribe(topic) => {
                    for id in self.subscriptions.remove(&topic).unwrap_or_default() {
                        self.app.pubsub.unsubscribe(id);
                    }
                }
                socket::Command::Async {
                    name,
                    future,
                    on_panic,
                } => {
                    let work = tokio::spawn(future);
                    let abort = work.abort_handle();
                    let sink = self.sink.clone();
                    // The watcher reports the result, or the panic as a failure; aborting the
                    // work (view ended, task cancelled) reports nothing.
                    tokio::spawn(async move {
                        match work.await {
                            Ok(message) => {
                                sink.send(message);
                            }
                            Err(err) if err.is_panic() => {
                                sink.send(on_panic(panic_text(&*err.into_panic())));
                            }
                            Err(_) => {}
                        }
                    });
                    match name {
                        Some(name) => {
                            if let Some(old) = self.named_tasks.insert(name, abort) {
                                old.abort();
                            }
                        }
                        None => {
                            self.tasks.retain(|t| !t.is_finished());
                            self.tasks.push(abort);
                        }
                    }
                }
                socket::Command::CancelAsync(name) => {
                    if let Some(task) = self.named_tasks.remove(&name) {
                        task.abort();
                    }
                }
                socket::Command::Broadcast { topic, message } => {
                    self.app.pubsub.broadcast(&topic, message)
                }
            }
        }
    }

    /// Stops timers and subscriptions, runs `terminate` (unless the view crashed), and tells the
    /// connection the channel is gone.
    async fn finish(mut self, reason: Option<TerminateReason>) {
        for (_, timer) in self.timers.drain() {
            timer.abort();
        }
        for task in self
            .tasks
            .drain(..)
            .chain(self.named_tasks.drain().map(|(_, t)| t))
        {
            task.abort();
        }
        for id in self.subscriptions.drain().flat_map(|(_, ids)| ids) {
            self.app.pubsub.unsubscribe(id);
        }
        if let Some(reason) = reason {
            let view = &mut self.view;
            if guarded(|| {
                view.terminate(&reason);
                Ok(())
            })
            .is_err()
            {
                tracing::error!(view = self.name(), "terminate panicked");
            }
            tracing::debug!(view = self.name(), topic = %self.topic, ?reason, "view ended");
        }
        let _ = self
            .outbound
            .send(Outbound::Ended {
                topic: self.topic,
                join_ref: self.join_ref,
            })
            .await;
    }
}

#[cfg(test)]
mod tests {
    use super::origin_of;

    #[test]
    fn origin_of_urls() {
        assert_eq!(
            origin_of("http://localhost:4000/a?b"),
            "http://localhost:4000"
        );
        assert_eq!(origin_of("https://x.y"), "https://x.y");
        assert_eq!(origin_of("/relative"), "");
    }
}
