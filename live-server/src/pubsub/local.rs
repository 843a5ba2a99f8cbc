//! The in-process PubSub: topics and their subscribers in one map behind a mutex.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use live_core::socket::SharedMessage;

use super::{PubSub, Subscriber, SubscriptionId};

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
