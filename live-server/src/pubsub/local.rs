//! The in-process PubSub: topics and their subscribers in one map behind a mutex.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use super::{Broadcast, PubSub, Subscriber, SubscriptionId};

/// The in-process [`PubSub`]: topics live in this server process.
///
/// ```
/// use live_server::pubsub::{LocalPubSub, PubSub};
/// let pubsub = LocalPubSub::default();
/// assert_eq!(pubsub.node_id().len(), 16);
/// ```
pub struct LocalPubSub {
    node: String,
    next: AtomicU64,
    topics: Mutex<HashMap<String, Vec<(SubscriptionId, Subscriber)>>>,
}

impl Default for LocalPubSub {
    fn default() -> Self {
        LocalPubSub {
            node: new_node_id(),
            next: AtomicU64::new(0),
            topics: Mutex::default(),
        }
    }
}

/// A random node id: 16 hex digits, new at every process start.
pub(crate) fn new_node_id() -> String {
    crate::security::token::random_bytes::<8>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl std::fmt::Debug for LocalPubSub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LocalPubSub({})", self.node)
    }
}

impl LocalPubSub {
    /// How many subscriptions `topic` has in this process.
    ///
    /// ```
    /// let pubsub = live_server::LocalPubSub::default();
    /// assert_eq!(pubsub.subscriber_count("t"), 0);
    /// ```
    pub fn subscriber_count(&self, topic: &str) -> usize {
        let topics = self.topics.lock().unwrap_or_else(|p| p.into_inner());
        topics.get(topic).map_or(0, Vec::len)
    }
}

impl PubSub for LocalPubSub {
    fn subscribe(&self, topic: &str, subscriber: Subscriber) -> SubscriptionId {
        let id = SubscriptionId(self.next.fetch_add(1, Ordering::Relaxed));
        let mut topics = self.topics.lock().unwrap_or_else(|p| p.into_inner());
        topics
            .entry(topic.to_owned())
            .or_default()
            .push((id, subscriber));
        id
    }

    fn unsubscribe(&self, id: SubscriptionId) {
        let mut topics = self.topics.lock().unwrap_or_else(|p| p.into_inner());
        topics.retain(|_, subscribers| {
            subscribers.retain(|(sid, _)| *sid != id);
            !subscribers.is_empty()
        });
    }

    fn broadcast(&self, topic: &str, message: Broadcast) {
        self.broadcast_local(topic, message);
    }

    fn broadcast_local(&self, topic: &str, message: Broadcast) {
        let mut topics = self.topics.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(subscribers) = topics.get_mut(topic) {
            // Subscribers whose view has ended are dropped on the way.
            subscribers.retain(|(_, s)| match (s.deliver)(&message) {
                Ok(Some(m)) => s.sink.send(m),
                Ok(None) => true,
                Err(err) => {
                    tracing::warn!(topic, "PubSub message dropped: {err}");
                    true
                }
            });
        }
    }

    fn node_id(&self) -> &str {
        &self.node
    }
}
