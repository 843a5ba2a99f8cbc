//! Publish/subscribe between views and any other task: in-process by default, behind a trait so
//! that an adapter can share topics between server processes.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use live_core::socket::{Deliver, MessageSink, SharedMessage};

/// Identifies one subscription, to remove it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SubscriptionId(u64);

/// A subscriber: how to turn a broadcast into its message, and where to deliver it.
pub struct Subscriber {
    /// Converts a broadcast into the subscriber's message, or `None` to skip it.
    pub deliver: Deliver,
    /// Where the message goes.
    pub sink: Arc<dyn MessageSink>,
}

impl std::fmt::Debug for Subscriber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Subscriber(..)")
    }
}

/// A publish/subscribe backend.
///
/// ```
/// use std::sync::Arc;
/// use live_server::pubsub::{LocalPubSub, PubSub};
/// let pubsub: Arc<dyn PubSub> = Arc::new(LocalPubSub::default());
/// pubsub.broadcast("room:lobby", Arc::new("hello".to_owned()));
/// ```
pub trait PubSub: Send + Sync + 'static {
    /// Adds `subscriber` to `topic`.
    fn subscribe(&self, topic: &str, subscriber: Subscriber) -> SubscriptionId;
    /// Removes a subscription (no-op when already gone).
    fn unsubscribe(&self, id: SubscriptionId);
    /// Delivers `message` to every subscriber of `topic`.
    fn broadcast(&self, topic: &str, message: SharedMessage);
}

/// The in-process [`PubSub`]: topics live in this server process.
#[derive(Default)]
pub struct LocalPubSub {
    next: AtomicU64,
    topics: Mutex<HashMap<String, Vec<(SubscriptionId, Subscriber)>>>,
}

impl std::fmt::Debug for LocalPubSub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LocalPubSub(..)")
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

    fn broadcast(&self, topic: &str, message: SharedMessage) {
        let mut topics = self.topics.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(subscribers) = topics.get_mut(topic) {
            // Subscribers whose view has ended are dropped on the way.
            subscribers.retain(|(_, s)| match (s.deliver)(&message) {
                Some(m) => s.sink.send(m),
                None => true,
            });
        }
    }
}
