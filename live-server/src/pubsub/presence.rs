//! Presence: who is on a topic, across every node sharing a [`PubSub`].
//!
//! Each node owns the presences it tracked and is the only one to change them; the nodes tell
//! each other through the PubSub (topic [`GOSSIP_TOPIC`]), so any adapter works, Redis included:
//!
//! - every change of a node's presences is a *delta* numbered by that node's clock;
//! - every node sends a *heartbeat* with its clock each [`PresenceConfig::heartbeat`]; a peer
//!   that hears an unknown node, or a clock other than the one it holds (a delta was lost, e.g.
//!   while Redis was down), asks that node for its whole *state*;
//! - a node heard from for no longer than [`PresenceConfig::node_timeout`] is dead: its
//!   presences are removed everywhere, at most `node_timeout + heartbeat` after it died (the
//!   check runs at every heartbeat). A node that stops gracefully says *goodbye* first, and its
//!   presences go at once;
//! - a restarted process is a new node (its id is random per start): the old one's presences
//!   time out, no phantom users remain.
//!
//! Every node turns the changes it sees into a [`PresenceDiff`] delivered to the subscribers of
//! the topic on that node only, the `presence_diff` of Phoenix: views subscribe to it and read
//! [`Presence::list`].

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use live_core::socket::{AnyMessage, MessageSink};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::mpsc;

use super::{Broadcast, PubSub, Subscriber};

/// The PubSub topic the nodes' presence messages travel on.
pub const GOSSIP_TOPIC: &str = "live:presence";

/// How many presence messages from other nodes may wait; past that they are dropped (a lost
/// delta is repaired at the next heartbeat).
const INBOX: usize = 4096;

/// The timing of presence between nodes.
///
/// ```
/// use std::time::Duration;
/// let config = live_server::pubsub::presence::PresenceConfig::default();
/// assert_eq!(config.heartbeat, Duration::from_secs(1));
/// assert_eq!(config.node_timeout, Duration::from_secs(5));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct PresenceConfig {
    /// How often a node tells the others it is alive (and checks theirs).
    pub heartbeat: Duration,
    /// How long a silent node is believed alive.
    pub node_timeout: Duration,
}

impl Default for PresenceConfig {
    fn default() -> Self {
        PresenceConfig {
            heartbeat: Duration::from_secs(1),
            node_timeout: Duration::from_secs(5),
        }
    }
}

/// The joins and leaves on a topic, delivered to the topic's subscribers on every node (each
/// node sends its own, to its own views). A metadata update is a leave and a join of the key.
///
/// ```
/// use live_server::pubsub::presence::PresenceDiff;
/// let diff = PresenceDiff::default();
/// assert!(diff.joins.is_empty() && diff.leaves.is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PresenceDiff {
    /// The presences that joined, by key.
    pub joins: BTreeMap<String, Vec<Value>>,
    /// The presences that left, by key.
    pub leaves: BTreeMap<String, Vec<Value>>,
}

/// One tracked presence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Entry {
    topic: String,
    key: String,
    meta: Value,
}

/// What the nodes tell each other.
#[derive(Debug, Clone, Serialize, Deserialize)]
enum Gossip {
    /// `node`'s presences changed; `clock` is its clock after the change.
    Delta {
        node: String,
        clock: u64,
        joins: Vec<(u64, Entry)>,
        leaves: Vec<u64>,
    },
    /// `node` is alive at `clock`.
    Heartbeat { node: String, clock: u64 },
    /// `node` asks `target` (every node when `None`) for its whole state.
    SyncRequest {
        node: String,
        target: Option<String>,
    },
    /// All of `node`'s presences at `clock`.
    State {
        node: String,
        clock: u64,
        entries: Vec<(u64, Entry)>,
    },
    /// `node` is stopping: forget its presences now.
    Goodbye { node: String },
}

/// What one node knows of another.
struct Peer {
    clock: u64,
    last_seen: Instant,
    entries: HashMap<u64, Entry>,
}

#[derive(Default)]
struct State {
    clock: u64,
    local: HashMap<u64, Entry>,
    peers: HashMap<String, Peer>,
}

struct Inner {
    pubsub: Arc<dyn PubSub>,
    node: String,
    config: PresenceConfig,
    next_ref: AtomicU64,
    /// Every change and the diffs it sends happen under this lock, so every view sees them in
    /// order. Delivery only queues (views' and this inbox), so nothing re-enters it.
    state: Mutex<State>,
}

/// Presence tracking over a [`PubSub`]: [`track`](Presence::track) who is on a topic with
/// metadata, [`list`](Presence::list) them, receive a [`PresenceDiff`] on each change. Cheap to
/// clone; give it to views with [`Router::state_shared`](crate::Router::state_shared).
///
/// Create it inside a tokio runtime: a background task exchanges heartbeats with the other
/// nodes (without a runtime it tracks this process only).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use std::sync::Arc;
/// use live_server::pubsub::{LocalPubSub, Presence, PubSub};
/// let presence = Presence::new(Arc::new(LocalPubSub::default()));
/// let ada = presence.track("room:1", "ada", serde_json::json!({"status": "away"}));
/// assert_eq!(presence.list("room:1")["ada"], [serde_json::json!({"status": "away"})]);
/// ada.update(serde_json::json!({"status": "typing"}));
/// drop(ada); // untracked
/// assert!(presence.list("room:1").is_empty());
/// # }
/// ```
#[derive(Clone)]
pub struct Presence {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Presence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Presence({})", self.inner.node)
    }
}

/// A tracked presence: dropping it untracks it (a view keeps it in a field, so it leaves when
/// the view ends).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// # use std::sync::Arc;
/// # use live_server::pubsub::{LocalPubSub, Presence};
/// let presence = Presence::new(Arc::new(LocalPubSub::default()));
/// let me = presence.track("t", "me", serde_json::json!({}));
/// me.untrack();
/// assert!(presence.list("t").is_empty());
/// # }
/// ```
pub struct Tracking {
    inner: Weak<Inner>,
    id: u64,
}

impl std::fmt::Debug for Tracking {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Tracking({})", self.id)
    }
}

impl Tracking {
    /// Replaces the metadata (a leave and a join for the views).
    pub fn update(&self, meta: impl Serialize) {
        if let Some(inner) = self.inner.upgrade() {
            inner.update(self.id, to_value(meta));
        }
    }

    /// Untracks now (dropping does the same).
    pub fn untrack(self) {}
}

impl Drop for Tracking {
    fn drop(&mut self) {
        if let Some(inner) = self.inner.upgrade() {
            inner.untrack(self.id);
        }
    }
}

fn to_value(meta: impl Serialize) -> Value {
    serde_json::to_value(meta).unwrap_or_else(|err| {
        tracing::warn!("presence metadata is not JSON ({err}); tracked as null");
        Value::Null
    })
}

impl Presence {
    /// Presence over `pubsub`, with the default timing.
    pub fn new(pubsub: Arc<dyn PubSub>) -> Presence {
        Presence::with_config(pubsub, PresenceConfig::default())
    }

    /// Presence over `pubsub` with `config`'s heartbeat and timeout.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// use std::{sync::Arc, time::Duration};
    /// use live_server::pubsub::{presence::PresenceConfig, LocalPubSub, Presence};
    /// let fast = PresenceConfig { heartbeat: Duration::from_millis(200), node_timeout: Duration::from_secs(1) };
    /// let presence = Presence::with_config(Arc::new(LocalPubSub::default()), fast);
    /// # drop(presence); }
    /// ```
    pub fn with_config(pubsub: Arc<dyn PubSub>, config: PresenceConfig) -> Presence {
        let inner = Arc::new(Inner {
            node: pubsub.node_id().to_owned(),
            pubsub,
            config,
            next_ref: AtomicU64::new(1),
            state: Mutex::default(),
        });
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let (tx, rx) = mpsc::channel(INBOX);
            let sink: Arc<dyn MessageSink> = Arc::new(Inbox(tx));
            inner.pubsub.subscribe(
                GOSSIP_TOPIC,
                Subscriber {
                    deliver: Box::new(|b: &Broadcast| {
                        Ok(b.decode::<Gossip>()?.map(|g| Box::new(g) as AnyMessage))
                    }),
                    sink,
                },
            );
            // Ask every node for its state now instead of waiting for their heartbeats.
            inner.gossip(Gossip::SyncRequest {
                node: inner.node.clone(),
                target: None,
            });
            runtime.spawn(run(Arc::downgrade(&inner), rx));
        }
        Presence { inner }
    }

    /// This node's id (the PubSub's).
    pub fn node_id(&self) -> &str {
        &self.inner.node
    }

    /// Tracks `key` on `topic` with `meta` (any serde value, stored as JSON) until the returned
    /// [`Tracking`] is dropped. A key may be tracked several times (several tabs of one user):
    /// [`list`](Presence::list) shows one metadata per tracking.
    pub fn track(&self, topic: &str, key: &str, meta: impl Serialize) -> Tracking {
        let id = self.inner.next_ref.fetch_add(1, Ordering::Relaxed);
        self.inner.track(
            id,
            Entry {
                topic: topic.to_owned(),
                key: key.to_owned(),
                meta: to_value(meta),
            },
        );
        Tracking {
            inner: Arc::downgrade(&self.inner),
            id,
        }
    }

    /// Who is on `topic`, on every live node: each key with the metadata of each of its
    /// trackings (ordered by key).
    pub fn list(&self, topic: &str) -> BTreeMap<String, Vec<Value>> {
        let state = self.inner.lock();
        let mut list: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        let peers = state.peers.values().flat_map(|p| p.entries.iter());
        let mut all: Vec<(&u64, &Entry)> = state.local.iter().chain(peers).collect();
        all.sort_by_key(|(id, _)| **id);
        for (_, entry) in all.into_iter().filter(|(_, e)| e.topic == topic) {
            list.entry(entry.key.clone())
                .or_default()
                .push(entry.meta.clone());
        }
        list
    }

    /// How many other nodes this one currently hears from.
    pub fn peer_count(&self) -> usize {
        self.inner.lock().peers.len()
    }

    /// Tells the other nodes this one is leaving, so they drop its presences at once (graceful
    /// shutdown; a node that dies without it times out instead).
    pub fn leave_cluster(&self) {
        let _state = self.inner.lock();
        self.inner.gossip(Gossip::Goodbye {
            node: self.inner.node.clone(),
        });
    }
}

/// Queues gossip for the presence task.
struct Inbox(mpsc::Sender<AnyMessage>);

impl MessageSink for Inbox {
    fn send(&self, message: AnyMessage) -> bool {
        match self.0.try_send(message) {
            Ok(()) => true,
            Err(mpsc::error::TrySendError::Full(_)) => {
                tracing::warn!("presence inbox full: a message from another node was dropped");
                true
            }
            Err(mpsc::error::TrySendError::Closed(_)) => false,
        }
    }
}

/// The presence task: handles the other nodes' gossip, heartbeats, and drops silent nodes.
async fn run(inner: Weak<Inner>, mut inbox: mpsc::Receiver<AnyMessage>) {
    let Some(heartbeat) = inner.upgrade().map(|i| i.config.heartbeat) else {
        return;
    };
    let mut ticks = tokio::time::interval(heartbeat);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            message = inbox.recv() => {
                let (Some(message), Some(inner)) = (message, inner.upgrade()) else { return };
                if let Ok(gossip) = message.downcast::<Gossip>() {
                    inner.receive(*gossip);
                }
            }
            _ = ticks.tick() => {
                let Some(inner) = inner.upgrade() else { return };
                inner.tick();
            }
        }
    }
}

impl Inner {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn gossip(&self, gossip: Gossip) {
        self.pubsub.broadcast(GOSSIP_TOPIC, Broadcast::new(gossip));
    }

    /// Sends the views of this node the diffs of `joins` and `leaves`, per topic.
    fn notify(&self, joins: &[&Entry], leaves: &[&Entry]) {
        let mut diffs: BTreeMap<&str, PresenceDiff> = BTreeMap::new();
        for entry in joins {
            let diff = diffs.entry(&entry.topic).or_default();
            diff.joins
                .entry(entry.key.clone())
                .or_default()
                .push(entry.meta.clone());
        }
        for entry in leaves {
            let diff = diffs.entry(&entry.topic).or_default();
            diff.leaves
                .entry(entry.key.clone())
                .or_default()
                .push(entry.meta.clone());
        }
        for (topic, diff) in diffs {
            self.pubsub.broadcast_local(topic, Broadcast::new(diff));
        }
    }

    fn track(&self, id: u64, entry: Entry) {
        let mut state = self.lock();
        state.clock += 1;
        self.notify(&[&entry], &[]);
        self.gossip(Gossip::Delta {
            node: self.node.clone(),
            clock: state.clock,
            joins: vec![(id, entry.clone())],
            leaves: Vec::new(),
        });
        state.local.insert(id, entry);
    }

    fn update(&self, id: u64, meta: Value) {
        let mut state = self.lock();
        let Some(old) = state.local.get(&id).cloned() else {
            return;
        };
        let new = Entry {
            meta,
            ..old.clone()
        };
        state.clock += 1;
        self.notify(&[&new], &[&old]);
        self.gossip(Gossip::Delta {
            node: self.node.clone(),
            clock: state.clock,
            joins: vec![(id, new.clone())],
            leaves: vec![id],
        });
        state.local.insert(id, new);
    }

    fn untrack(&self, id: u64) {
        let mut state = self.lock();
        let Some(old) = state.local.remove(&id) else {
            return;
        };
        state.clock += 1;
        self.notify(&[], &[&old]);
        self.gossip(Gossip::Delta {
            node: self.node.clone(),
            clock: state.clock,
            joins: Vec::new(),
            leaves: vec![id],
        });
    }

    fn ask_state_of(&self, node: &str) {
        self.gossip(Gossip::SyncRequest {
            node: self.node.clone(),
            target: Some(node.to_owned()),
        });
    }

    fn receive(&self, gossip: Gossip) {
        let mut state = self.lock();
        let now = Instant::now();
        match gossip {
            Gossip::Delta { node, .. }
            | Gossip::Heartbeat { node, .. }
            | Gossip::State { node, .. }
            | Gossip::Goodbye { node }
                if node == self.node => {}
            Gossip::SyncRequest { node, .. } if node == self.node => {}
            Gossip::Delta {
                node,
                clock,
                joins,
                leaves,
            } => {
                let Some(peer) = state.peers.get_mut(&node) else {
                    self.ask_state_of(&node);
                    return;
                };
                peer.last_seen = now;
                if clock <= peer.clock {
                    return; // already in the state we hold
                }
                if clock != peer.clock + 1 {
                    self.ask_state_of(&node);
                    return;
                }
                peer.clock = clock;
                let left: Vec<Entry> = leaves
                    .iter()
                    .filter_map(|id| peer.entries.remove(id))
                    .collect();
                for (id, entry) in &joins {
                    peer.entries.insert(*id, entry.clone());
                }
                let joined: Vec<&Entry> = joins.iter().map(|(_, e)| e).collect();
                self.notify(&joined, &left.iter().collect::<Vec<_>>());
            }
            Gossip::Heartbeat { node, clock } => match state.peers.get_mut(&node) {
                Some(peer) => {
                    peer.last_seen = now;
                    if peer.clock != clock {
                        self.ask_state_of(&node);
                    }
                }
                None => self.ask_state_of(&node),
            },
            Gossip::SyncRequest { target, .. } => {
                if target.is_none() || target.as_deref() == Some(&self.node) {
                    self.gossip(Gossip::State {
                        node: self.node.clone(),
                        clock: state.clock,
                        entries: state.local.iter().map(|(i, e)| (*i, e.clone())).collect(),
                    });
                }
            }
            Gossip::State {
                node,
                clock,
                entries,
            } => {
                if let Some(known) = state.peers.get_mut(&node) {
                    known.last_seen = now;
                    if clock < known.clock {
                        return; // an older state than the deltas already applied
                    }
                }
                let entries: HashMap<u64, Entry> = entries.into_iter().collect();
                let peer = Peer {
                    clock,
                    last_seen: now,
                    entries,
                };
                let old = match state.peers.get_mut(&node) {
                    Some(known) => std::mem::replace(known, peer).entries,
                    None => {
                        state.peers.insert(node.clone(), peer);
                        HashMap::new()
                    }
                };
                let Some(new) = state.peers.get(&node) else {
                    return;
                };
                let new = &new.entries;
                let left: Vec<&Entry> = old
                    .iter()
                    .filter(|(id, e)| new.get(id) != Some(e))
                    .map(|(_, e)| e)
                    .collect();
                let joined: Vec<&Entry> = new
                    .iter()
                    .filter(|(id, e)| old.get(id) != Some(e))
                    .map(|(_, e)| e)
                    .collect();
                self.notify(&joined, &left);
            }
            Gossip::Goodbye { node } => {
                if let Some(peer) = state.peers.remove(&node) {
                    self.notify(&[], &peer.entries.values().collect::<Vec<_>>());
                }
            }
        }
    }

    /// A heartbeat: tell the others this node is alive, forget the nodes gone silent.
    fn tick(&self) {
        let mut state = self.lock();
        self.gossip(Gossip::Heartbeat {
            node: self.node.clone(),
            clock: state.clock,
        });
        let timeout = self.config.node_timeout;
        let dead: Vec<String> = state
            .peers
            .iter()
            .filter(|(_, p)| p.last_seen.elapsed() > timeout)
            .map(|(n, _)| n.clone())
            .collect();
        for node in dead {
            if let Some(peer) = state.peers.remove(&node) {
                tracing::info!(
                    node,
                    presences = peer.entries.len(),
                    "presence: node silent for {timeout:?}, its presences removed"
                );
                self.notify(&[], &peer.entries.values().collect::<Vec<_>>());
            }
        }
    }
}
