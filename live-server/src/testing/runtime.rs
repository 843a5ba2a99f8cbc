//! The harness's side of a view's protocol: what the server's view task does with tokio and a
//! WebSocket, done in-process with a virtual clock. The decisions themselves (navigation,
//! replies, crashes) are live-core's [`ViewChannel`](live_core::protocol::ViewChannel), the
//! same code the server runs.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use live_core::protocol::{ChannelDriver, Output};
use live_core::socket::{self, AnyMessage, MessageSink, TimerId};
use live_core::{Flash, Params};
use serde_json::Value;

use super::app::Shared;
use super::executor::PendingTask;
use crate::pubsub::{PubSub, Subscriber, SubscriptionId};
use crate::router::Route;

/// A timer a view started, as the harness holds it (it never fires on its own).
///
/// ```
/// use std::time::Duration;
/// # let router = live_server::testing::__fixture::router();
/// let mut view = live_server::testing::live(&router, "/")?;
/// assert_eq!(view.timers()[0].due, Duration::from_secs(1));
/// view.advance(Duration::from_millis(1500))?;
/// assert_eq!(view.timers()[0].due, Duration::from_secs(2));
/// # Ok::<(), live_server::testing::TestError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimerInfo {
    /// The id `send_after` / `send_interval` returned.
    pub id: TimerId,
    /// The delay (the period when repeating).
    pub after: Duration,
    /// Whether it is an interval.
    pub repeat: bool,
    /// When it fires next, on the view's virtual clock (zero at the join).
    pub due: Duration,
}

pub(super) struct Timer {
    pub(super) info: TimerInfo,
    pub(super) message: Box<dyn FnMut() -> AnyMessage + Send>,
}

/// The view's message queue (PubSub, view handles): processed at the next interaction.
#[derive(Default)]
pub(super) struct Inbox {
    queue: Mutex<VecDeque<AnyMessage>>,
    closed: AtomicBool,
}

impl MessageSink for Inbox {
    fn send(&self, message: AnyMessage) -> bool {
        if self.closed.load(Ordering::Relaxed) {
            return false;
        }
        self.queue
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push_back(message);
        true
    }
}

impl Inbox {
    pub(super) fn pop(&self) -> Option<AnyMessage> {
        self.queue
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .pop_front()
    }
}

/// Where a view's patches may land: its route in the app's router, or (for a view tested
/// without a router) any URL of the page it was mounted at.
#[derive(Clone)]
pub(super) enum PatchScope {
    /// Patches route through the router to this route's view and live session.
    Routed(Arc<Route>),
    /// No router: every path of this app reaches the view, with the query as its params.
    Isolated,
    /// A nested view has no URL: every patch is a navigation of the page.
    Nested,
}

/// The runtime of one test view. See the module docs.
pub(super) struct TestRuntime {
    pub(super) shared: Shared,
    pub(super) scope: PatchScope,
    pub(super) inbox: Arc<Inbox>,
    pub(super) subscriptions: HashMap<String, Vec<SubscriptionId>>,
    pub(super) timers: Vec<Timer>,
    pub(super) clock: Duration,
    pub(super) tasks: Vec<PendingTask>,
    pub(super) cancelled: Vec<String>,
    /// Frames the channel sent, waiting for the test client to take them in.
    pub(super) outputs: Vec<Output>,
}

impl TestRuntime {
    pub(super) fn new(shared: Shared, scope: PatchScope) -> Self {
        TestRuntime {
            shared,
            scope,
            inbox: Arc::new(Inbox::default()),
            subscriptions: HashMap::new(),
            timers: Vec::new(),
            clock: Duration::ZERO,
            tasks: Vec::new(),
            cancelled: Vec::new(),
            outputs: Vec::new(),
        }
    }

    /// Stops subscriptions, timers and tasks; later messages to the view are refused.
    pub(super) fn release(&mut self) {
        self.inbox.closed.store(true, Ordering::Relaxed);
        for id in self.subscriptions.drain().flat_map(|(_, ids)| ids) {
            self.shared.pubsub.unsubscribe(id);
        }
        self.timers.clear();
        self.tasks.clear();
    }
}

impl ChannelDriver for TestRuntime {
    fn patch_route(&self, to: &str) -> Option<(Params, String)> {
        let path = self.shared.local_path(to)?;
        let params = match &self.scope {
            PatchScope::Routed(own) => {
                let (route, params) = self.shared.router.find(&path)?.into_parts();
                if route.factory().name() != own.factory().name()
                    || route.live_session() != own.live_session()
                {
                    return None;
                }
                params
            }
            PatchScope::Isolated => crate::router::query_params(&path),
            PatchScope::Nested => return None,
        };
        Some((params, self.shared.url(&path)))
    }

    fn flash_value(&self, flash: &Flash) -> Option<Value> {
        (!flash.is_empty()).then(|| flash.to_json())
    }

    fn command(&mut self, command: socket::Command) {
        match command {
            socket::Command::Timer {
                id,
                after,
                repeat,
                message,
            } => self.timers.push(Timer {
                info: TimerInfo {
                    id,
                    after,
                    repeat,
                    due: self.clock + after,
                },
                message,
            }),
            socket::Command::CancelTimer(id) => self.timers.retain(|t| t.info.id != id),
            socket::Command::Subscribe { topic, deliver } => {
                let sink: Arc<dyn MessageSink> = self.inbox.clone();
                let id = self
                    .shared
                    .pubsub
                    .subscribe(&topic, Subscriber { deliver, sink });
                self.subscriptions.entry(topic).or_default().push(id);
            }
            socket::Command::Unsubscribe(topic) => {
                for id in self.subscriptions.remove(&topic).unwrap_or_default() {
                    self.shared.pubsub.unsubscribe(id);
                }
            }
            socket::Command::Broadcast { topic, message } => {
                self.shared.pubsub.broadcast(&topic, message)
            }
            socket::Command::Async {
                name,
                future,
                on_panic,
            } => {
                if let Some(name) = &name {
                    self.tasks.retain(|t| t.name.as_ref() != Some(name));
                    self.cancelled.push(name.clone());
                }
                self.tasks.push(PendingTask {
                    name,
                    future,
                    on_panic,
                });
            }
            socket::Command::CancelAsync(name) => {
                self.tasks.retain(|t| t.name.as_ref() != Some(&name));
                self.cancelled.push(name);
            }
        }
    }

    fn send(&mut self, output: Output) {
        self.outputs.push(output);
    }
}
