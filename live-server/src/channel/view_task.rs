//! One task per joined LiveView: it owns the view's state, so no lock guards it.
//!
//! The connection task forwards the channel's messages as [`Command`]s; the view task answers
//! with frames on the connection's outbound queue. Messages from timers, PubSub and view handles
//! arrive on the view's own queue and run `handle_info`. A panic or an error in a view callback
//! ends this task only: the client gets `phx_error` for the topic and rejoins.

use std::collections::HashMap;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use futures_util::future::Either;
use futures_util::FutureExt;
use live_core::protocol::{
    panic_text, Callback, ChannelDriver, End, Handled, JoinRequest, Output, Step, ViewChannel,
};
use live_core::runtime::ViewFactory;
use live_core::socket::{self, AnyMessage, MessageSink, TimerId};
use live_core::{Flash, Params, Session};
use serde_json::Value;
use tokio::sync::mpsc;
use tokio::task::AbortHandle;
use tracing::Instrument;

use super::frame;
use super::queue;
use crate::metrics;
use crate::pubsub::{Subscriber, SubscriptionId};
use crate::router::Route;
use crate::server::AppState;

/// Messages (timers, PubSub, handles, tasks) a view may have waiting. A view that falls this
/// far behind is ended (its client rejoins and gets a fresh render) rather than buffered.
pub(crate) const INBOX_CAPACITY: usize = 1024;

/// A message for a view task from its connection.
#[derive(Debug)]
pub(crate) enum Command {
    /// A client message on the view's topic (`event`, `live_patch`, `cids_destroyed`, …).
    Push {
        reference: Option<String>,
        event: String,
        payload: Value,
    },
    /// `phx_leave` (the connection answered it): stop without a frame.
    Leave,
    /// A new join on the same topic replaces this channel: send `phx_close` and stop.
    Replaced,
    /// The server shuts down: stop without a frame (the socket is closing).
    Shutdown,
    /// From the upload channel of one of the view's entries.
    Upload(UploadCommand),
}

/// What an upload channel tells the view of its entry (see `upload::writer`).
pub(crate) enum UploadCommand {
    /// Asks to receive the entry into `store`; the answer carries the transfer's limits.
    Join {
        upload_ref: String,
        entry_ref: String,
        store: Box<dyn live_core::upload::EntryStore>,
        answer: tokio::sync::oneshot::Sender<
            Result<live_core::upload::Grant, live_core::upload::JoinRefusal>,
        >,
    },
    /// Every declared byte of the entry is stored.
    Written {
        upload_ref: String,
        entry_ref: String,
    },
    /// The transfer failed; the entry shows `error`.
    Failed {
        upload_ref: String,
        entry_ref: String,
        error: live_core::upload::UploadError,
    },
}

impl std::fmt::Debug for UploadCommand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UploadCommand::Join { entry_ref, .. } => write!(f, "Join({entry_ref})"),
            UploadCommand::Written { entry_ref, .. } => write!(f, "Written({entry_ref})"),
            UploadCommand::Failed {
                entry_ref, error, ..
            } => write!(f, "Failed({entry_ref}, {error})"),
        }
    }
}

/// What a view task sends to its connection.
#[derive(Debug)]
pub(crate) enum Outbound {
    /// A text frame for the client.
    Frame(String),
    /// The view task ended; the connection forgets the channel if `join_ref` is still current.
    Ended { topic: String, join_ref: String },
    /// An upload channel's task ended; the same for its topic.
    UploadEnded { topic: String, join_ref: String },
    /// An upload channel's view granted the transfer (sent before the join's reply): the
    /// connection may now acknowledge chunks itself (see `upload::writer`).
    UploadGranted {
        topic: String,
        join_ref: String,
        grant: live_core::upload::Grant,
    },
}

/// How long a persisted view's join waits for its snapshot.
const SNAPSHOT_LOAD_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

/// Everything a view task needs to mount.
pub(crate) struct Join {
    pub(crate) app: Arc<AppState>,
    pub(crate) topic: String,
    pub(crate) join_ref: String,
    /// The `ref` of the `phx_join` frame, echoed by the join reply.
    pub(crate) reference: Option<String>,
    pub(crate) source: ViewSource,
    pub(crate) params: Params,
    /// The page URL for views mounted by the router; `None` for nested views.
    pub(crate) url: Option<String>,
    pub(crate) session: Session,
    /// Where a persisted view's snapshot is kept (the hash of its session token).
    pub(crate) snapshot_key: String,
    /// The flash the view starts with.
    pub(crate) flash: Flash,
    pub(crate) outbound: queue::Sender<Outbound>,
    /// The view's queue of messages (made by the connection, which keeps the sink for the
    /// view's parent and children).
    pub(crate) inbox: (Arc<ViewSink>, queue::Receiver<AnyMessage>),
}

/// What mounts a view: its route, or the view type a nested view's token names.
#[derive(Clone)]
pub(crate) enum ViewSource {
    /// Mounted by the router (patches stay on this route).
    Routed(Arc<Route>),
    /// Rendered by another view with `live_render` (no URL: every patch is a navigation).
    Nested(&'static dyn ViewFactory),
}

impl ViewSource {
    fn factory(&self) -> &dyn ViewFactory {
        match self {
            ViewSource::Routed(route) => route.factory(),
            ViewSource::Nested(factory) => *factory,
        }
    }
}

/// A new view's message queue and the sink that feeds it.
pub(crate) fn inbox() -> (Arc<ViewSink>, queue::Receiver<AnyMessage>) {
    let (queue, receiver) = queue::bounded::<AnyMessage>(INBOX_CAPACITY);
    let sink = Arc::new(ViewSink {
        queue,
        overflowed: AtomicBool::new(false),
    });
    (sink, receiver)
}

/// Delivers a view's messages to its task, through a bounded queue.
pub(crate) struct ViewSink {
    queue: queue::Sender<AnyMessage>,
    /// Set when a message found the queue full: the task ends the view.
    overflowed: AtomicBool,
}

impl MessageSink for ViewSink {
    fn send(&self, message: AnyMessage) -> bool {
        match self.queue.try_send(message) {
            Ok(()) => true,
            Err(mpsc::error::TrySendError::Full(_)) => {
                self.overflowed.store(true, Ordering::Relaxed);
                false
            }
            Err(mpsc::error::TrySendError::Closed(_)) => false,
        }
    }
}

/// The view task's side of the protocol: routing for patches, signed flashes, tokio timers and
/// tasks, PubSub, and the frames waiting to go to the connection.
struct Runtime {
    app: Arc<AppState>,
    source: ViewSource,
    topic: String,
    join_ref: String,
    /// Scheme and host of the page (`http://host:port`), for URLs of server-side patches.
    origin: String,
    sink: Arc<ViewSink>,
    timers: HashMap<TimerId, AbortHandle>,
    subscriptions: HashMap<String, Vec<SubscriptionId>>,
    /// Running `assign_async` tasks.
    tasks: Vec<AbortHandle>,
    /// Running `start_async` tasks by name.
    named_tasks: HashMap<String, AbortHandle>,
    /// Frames decided by the channel, sent after each step.
    frames: Vec<Output>,
}

impl ChannelDriver for Runtime {
    fn patch_route(&self, to: &str) -> Option<(Params, String)> {
        let path = super::connection::path_and_query(to);
        let path = self.app.config.mounted_path(path)?;
        let (route, params) = self.app.router.find(&path)?.into_parts();
        let ViewSource::Routed(own) = &self.source else {
            return None;
        };
        if route.factory().name() != own.factory().name()
            || route.live_session() != own.live_session()
        {
            return None;
        }
        let uri = if to.starts_with('/') {
            format!("{}{to}", self.origin)
        } else {
            to.to_owned()
        };
        Some((params, uri))
    }

    fn flash_value(&self, flash: &Flash) -> Option<Value> {
        crate::security::flash_token::sign(&self.app.signer, flash).map(Value::String)
    }

    fn command(&mut self, command: socket::Command) {
        self.run_command(command);
    }

    fn send(&mut self, output: Output) {
        self.frames.push(output);
    }

    fn upload_token(&mut self, upload_ref: &str, entry_ref: &str) -> String {
        let claims = crate::security::upload_token::UploadClaims {
            view: self
                .topic
                .strip_prefix("lv:")
                .unwrap_or(&self.topic)
                .to_owned(),
            join_ref: self.join_ref.clone(),
            upload_ref: upload_ref.to_owned(),
            entry_ref: entry_ref.to_owned(),
        };
        crate::security::upload_token::sign(&self.app.signer, &claims)
    }

    fn handled(&mut self, handled: &Handled<'_>) {
        let view = handled.view;
        let elapsed = handled.elapsed;
        match handled.callback {
            Callback::Event { name } => {
                metrics::event_handled(view);
                tracing::debug!(view, event = name, ?elapsed, "handle_event")
            }
            Callback::Params { uri } => tracing::debug!(view, uri, ?elapsed, "handle_params"),
            Callback::Mount => {
                tracing::debug!(view, topic = %self.topic, ?elapsed, "mounted (connected)")
            }
            Callback::Info => tracing::debug!(view, ?elapsed, "handle_info"),
        }
    }
}

/// A joined view from its join to its end, as a future: spawned as its own task, or driven by
/// its connection's task (see [`start`]).
pub(crate) type ViewRun = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Starts the task of a joined view (see [`start`]).
pub(crate) fn spawn(join: Join, commands: queue::Receiver<Command>) {
    tokio::spawn(start(join, commands));
}

/// A joined view's run, inside a `view` span (the view's type and topic) that every log line
/// of the view carries; its parent is the current span (the connection's). A panic outside the
/// guarded view callbacks ends this view only, as it would end its own task: the future then
/// completes, and the view's channel is forgotten as after any end.
pub(crate) fn start(join: Join, commands: queue::Receiver<Command>) -> ViewRun {
    let span =
        tracing::debug_span!("view", view = join.source.factory().name(), topic = %join.topic);
    let running = join.app.running_views.enter();
    let topic = join.topic.clone();
    let join_ref = join.join_ref.clone();
    let outbound = join.outbound.clone();
    // Combinators, not an `async move` block: a block would keep its captured `join` beside
    // the running future (a captured value's bytes are not reused once it is moved out), for
    // the whole life of the view.
    Box::pin(
        AssertUnwindSafe(run(join, commands))
            .catch_unwind()
            .map(move |result| {
                if result.is_err() {
                    tracing::error!(topic = %topic, "view task panicked outside a view callback");
                    let _ = outbound.try_send(Outbound::Ended { topic, join_ref });
                }
                drop(running);
            })
            .instrument(span),
    )
}

/// Runs a view from its join to its end: the join, then the channel's life.
///
/// Two futures in sequence (`then`), not one `async fn`: the join's state (the session, the
/// params, the page URL, the snapshot load) and the serving state share the same bytes of the
/// boxed future instead of sitting side by side for the whole life of an idle view.
fn run(join: Join, commands: queue::Receiver<Command>) -> impl Future<Output = ()> + Send {
    // Boxed: the join's state (larger than the serving state) is freed once the view joined,
    // instead of sizing the future an idle view keeps.
    Box::pin(join_view(join)).then(move |joined| match joined {
        Some(serving) => Either::Left(serve(Box::new(serving), commands)),
        None => Either::Right(std::future::ready(())),
    })
}

/// A joined view, ready to serve its channel.
struct Serving {
    channel: ViewChannel,
    step: Step,
    runtime: Runtime,
    outbound: queue::Sender<Outbound>,
    info_rx: queue::Receiver<AnyMessage>,
    persists: bool,
    snapshots: Arc<dyn crate::persist::SnapshotStore>,
    max_snapshot_bytes: usize,
    snapshot_key: String,
    /// The last snapshot saved: an unchanged state is not written again.
    saved: Option<String>,
    /// Whether the join left a running view (not refused by a navigation, not crashed).
    running: bool,
}

/// Mounts the view and answers its join; `None` when the mount failed (the client was told).
async fn join_view(join: Join) -> Option<Serving> {
    let Join {
        app,
        topic,
        join_ref,
        reference,
        source,
        params,
        url,
        mut session,
        snapshot_key,
        flash,
        outbound,
        inbox: (sink, info_rx),
    } = join;
    let persists = source.factory().persists();
    let snapshots = app.config.snapshot_store.clone();
    let max_snapshot_bytes = app.config.max_snapshot_bytes;
    if persists {
        // A store that does not answer in time means a fresh mount, not a stuck join.
        let loaded =
            tokio::time::timeout(SNAPSHOT_LOAD_TIMEOUT, snapshots.load(&snapshot_key)).await;
        if loaded.is_err() {
            tracing::warn!(topic = %topic, "snapshot store did not answer in time: mounting fresh");
        }
        session.set_snapshot(loaded.ok().flatten());
    }
    // The last snapshot saved: an unchanged state is not written again.
    let saved: Option<String> = session.snapshot().map(str::to_owned);
    let id = topic.strip_prefix("lv:").unwrap_or(&topic).to_owned();
    let mut runtime = Runtime {
        origin: url.as_deref().map(origin_of).unwrap_or_default().to_owned(),
        app,
        source,
        topic,
        join_ref,
        sink,
        timers: HashMap::new(),
        subscriptions: HashMap::new(),
        tasks: Vec::new(),
        named_tasks: HashMap::new(),
        frames: Vec::new(),
    };
    let request = JoinRequest {
        reference,
        params: &params,
        url: url.as_deref(),
        flash,
    };
    let view_sink: Arc<dyn MessageSink> = runtime.sink.clone();
    let source = runtime.source.clone();
    let joined = ViewChannel::join(
        || {
            source
                .factory()
                .mount(&id, &params, &session, Some(view_sink))
        },
        request,
        &mut runtime,
    );
    let (mut channel, step) = match joined {
        Ok(joined) => joined,
        Err(err) => {
            metrics::join_failed(runtime.name());
            tracing::error!(view = runtime.name(), topic = %runtime.topic, "connected mount failed: {err}");
            if flush(&mut runtime, &outbound) {
                let _ = outbound.try_send(Outbound::Ended {
                    topic: runtime.topic,
                    join_ref: runtime.join_ref,
                });
            }
            return None;
        }
    };
    if let Some(error) = channel.take_restore_error() {
        tracing::warn!(view = runtime.name(), topic = %runtime.topic, "persisted state dropped (it no longer fits the view; mounted fresh): {error}");
    }
    // A join refused by a navigation or crashed after mount ends at once: not a running view.
    let running = matches!(step, Step::Continue);
    if running {
        metrics::view_joined(runtime.name());
    }
    Some(Serving {
        channel,
        step,
        runtime,
        outbound,
        info_rx,
        persists,
        snapshots,
        max_snapshot_bytes,
        snapshot_key,
        saved,
        running,
    })
}

/// Serves a joined view's channel until it ends.
///
/// `serving` comes boxed, and its fields are borrowed, not moved out: an `async fn` keeps its
/// arguments beside the locals they are moved into, so a state passed or moved by value would
/// sit twice in the future an idle view keeps for its whole life.
async fn serve(mut serving: Box<Serving>, mut commands: queue::Receiver<Command>) {
    let Serving {
        channel,
        step,
        runtime,
        outbound,
        info_rx,
        persists,
        snapshots,
        max_snapshot_bytes,
        snapshot_key,
        saved,
        running,
    } = &mut *serving;
    let (persists, running, max_snapshot_bytes) = (*persists, *running, *max_snapshot_bytes);
    let end = loop {
        if !flush(runtime, outbound) {
            tracing::warn!(view = runtime.name(), topic = %runtime.topic, "client too slow: its frame queue is full; ending the view");
            break End::Closed;
        }
        if let Step::Ended(end) = std::mem::replace(step, Step::Continue) {
            break end;
        }
        if persists {
            persist(
                channel,
                runtime,
                snapshots,
                snapshot_key,
                max_snapshot_bytes,
                saved,
            );
        }
        if runtime.sink.overflowed.load(Ordering::Relaxed) {
            let why = format!("{INBOX_CAPACITY} messages waiting: the view cannot keep up");
            *step = Step::Ended(channel.fail(why.into(), runtime));
            continue;
        }
        *step = tokio::select! {
            command = commands.recv() => match command {
                None => Step::Ended(End::Closed),
                Some(Command::Leave) => Step::Ended(End::Left),
                Some(Command::Shutdown) => Step::Ended(End::Shutdown),
                Some(Command::Replaced) => Step::Ended(channel.replaced(runtime)),
                Some(Command::Push { reference, event, payload }) => {
                    channel.on_push(reference, &event, &payload, runtime)
                }
                Some(Command::Upload(upload)) => match upload {
                    UploadCommand::Join { upload_ref, entry_ref, store, answer } => {
                        let _ = answer.send(channel.upload_join(&upload_ref, &entry_ref, store));
                        Step::Continue
                    }
                    UploadCommand::Written { upload_ref, entry_ref } => {
                        channel.upload_written(&upload_ref, &entry_ref);
                        Step::Continue
                    }
                    UploadCommand::Failed { upload_ref, entry_ref, error } => {
                        channel.upload_failed(&upload_ref, &entry_ref, error, runtime)
                    }
                },
            },
            Some(message) = info_rx.recv() => channel.on_info(message, runtime),
        };
    };
    runtime.release();
    let crashed = matches!(end, End::Crashed(_));
    // A view that ended for good forgets its state; one whose connection dropped or whose
    // server is shutting down keeps it for its client's next join.
    if persists && matches!(end, End::Left | End::Navigated(_) | End::Crashed(_)) {
        snapshots.remove(snapshot_key);
    }
    if running {
        metrics::view_ended(runtime.name(), crashed);
    } else if crashed {
        metrics::join_failed(runtime.name());
    }
    match &end {
        End::Crashed(err) => {
            tracing::error!(view = runtime.name(), topic = %runtime.topic, "view crashed: {err}")
        }
        end => {
            if channel.terminate(end.terminate_reason().as_ref()).is_err() {
                tracing::error!(view = runtime.name(), "terminate panicked");
            }
            tracing::debug!(view = runtime.name(), topic = %runtime.topic, reason = ?end.terminate_reason(), "view ended");
        }
    }
    let _ = outbound.try_send(Outbound::Ended {
        topic: std::mem::take(&mut runtime.topic),
        join_ref: std::mem::take(&mut runtime.join_ref),
    });
}

/// Saves the snapshot of a persisted view when its state changed since the last one saved.
fn persist(
    channel: &ViewChannel,
    runtime: &Runtime,
    store: &Arc<dyn crate::persist::SnapshotStore>,
    key: &str,
    max_bytes: usize,
    saved: &mut Option<String>,
) {
    match channel.snapshot() {
        Some(Ok(snapshot)) if saved.as_deref() != Some(snapshot.as_str()) => {
            if snapshot.len() > max_bytes {
                tracing::warn!(view = runtime.name(), topic = %runtime.topic, bytes = snapshot.len(), max_bytes, "snapshot too large: not persisted");
                return;
            }
            store.save(key, &snapshot);
            *saved = Some(snapshot);
        }
        Some(Err(error)) => {
            tracing::warn!(view = runtime.name(), topic = %runtime.topic, "snapshot failed: {error}");
        }
        _ => {}
    }
}

/// Queues the frames the channel decided for the connection; false when the connection's
/// queue is full (the client does not read fast enough).
fn flush(runtime: &mut Runtime, outbound: &queue::Sender<Outbound>) -> bool {
    // Taken, not drained: an idle view keeps no frame storage.
    for output in std::mem::take(&mut runtime.frames) {
        let diff = match &output {
            Output::Reply { reply, .. } => reply.diff(),
            Output::Push(push) => push.diff(),
        };
        if let Some(diff) = diff {
            metrics::diff_sent(diff.len());
        }
        let reference = match &output {
            Output::Reply { reference, .. } => reference.as_deref(),
            Output::Push(_) if output.uses_join_ref() => Some(runtime.join_ref.as_str()),
            Output::Push(_) => None,
        };
        let text = frame::encode(
            Some(&runtime.join_ref),
            reference,
            &runtime.topic,
            output.event(),
            &output.payload_json(),
        );
        match outbound.try_send(Outbound::Frame(text)) {
            Ok(()) => {}
            // The connection is gone: nothing to deliver to.
            Err(mpsc::error::TrySendError::Closed(_)) => return true,
            Err(mpsc::error::TrySendError::Full(_)) => return false,
        }
    }
    true
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

impl Runtime {
    fn name(&self) -> &'static str {
        self.source.factory().name()
    }

    /// Starts timers, manages subscriptions and tasks, sends broadcasts.
    fn run_command(&mut self, command: socket::Command) {
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
                if let Some(old) = self.timers.insert(id, handle.abort_handle()) {
                    old.abort();
                }
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

    /// Stops timers, tasks and subscriptions.
    fn release(&mut self) {
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
