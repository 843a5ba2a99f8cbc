//! Publish/subscribe between views and any other task: in-process by default, behind one trait
//! so that an adapter can share topics between server processes (nodes).
//!
//! A topic's messages are serde types ([`Broadcast`]): subscribers in the broadcasting process
//! get the value itself, other nodes get its JSON encoding (made once per broadcast) and decode
//! it once per type. A message that does not decode is logged and dropped.
//!
//! | adapter | topics shared by |
//! | --- | --- |
//! | [`LocalPubSub`] (default) | the views of this process |
//! | `RedisPubSub` (cargo feature `redis`) | every node connected to one Redis |
//!
//! [`Presence`] ("who is online") is built on top of any of them.

mod local;
pub mod presence;
pub use presence::Presence;
#[cfg(feature = "redis")]
pub mod redis;

use std::sync::Arc;

use live_core::socket::{Deliver, MessageSink};

pub use live_core::broadcast::{Broadcast, BroadcastError};

/// Identifies one subscription, to remove it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SubscriptionId(pub(crate) u64);

/// A subscriber: how to turn a broadcast into its message, and where to deliver it.
///
/// ```
/// use std::sync::{Arc, Mutex};
/// use live_core::socket::{AnyMessage, MessageSink};
/// use live_server::pubsub::{Broadcast, LocalPubSub, PubSub, Subscriber};
///
/// struct Inbox(Mutex<Vec<u64>>);
/// impl MessageSink for Inbox {
///     fn send(&self, message: AnyMessage) -> bool {
///         let n = message.downcast::<u64>().expect("a u64");
///         self.0.lock().expect("lock").push(*n);
///         true
///     }
/// }
/// let inbox = Arc::new(Inbox(Mutex::new(Vec::new())));
/// let pubsub = LocalPubSub::default();
/// pubsub.subscribe("n", Subscriber {
///     deliver: Box::new(|b: &Broadcast| Ok(b.decode::<u64>()?.map(|n| Box::new(n) as AnyMessage))),
///     sink: inbox.clone(),
/// });
/// pubsub.broadcast("n", Broadcast::new(7_u64));
/// assert_eq!(*inbox.0.lock().expect("lock"), [7]);
/// ```
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
/// pubsub.publish("room:lobby", "hello".to_owned());
/// ```
pub trait PubSub: Send + Sync + 'static {
    /// Adds `subscriber` to `topic`.
    fn subscribe(&self, topic: &str, subscriber: Subscriber) -> SubscriptionId;
    /// Removes a subscription (no-op when already gone).
    fn unsubscribe(&self, id: SubscriptionId);
    /// Delivers `message` to every subscriber of `topic`, on every node.
    fn broadcast(&self, topic: &str, message: Broadcast);
    /// Delivers `message` to the subscribers of `topic` in this process only.
    fn broadcast_local(&self, topic: &str, message: Broadcast);
    /// Identifies this node among those sharing the topics (random per process start).
    fn node_id(&self) -> &str;
}

impl dyn PubSub {
    /// Broadcasts `message` on `topic` to every node: shorthand for
    /// `broadcast(topic, Broadcast::new(message))`.
    ///
    /// ```
    /// let server = live_server::Server::new(live_server::Router::new());
    /// server.pubsub().publish("news", "extra!".to_owned());
    /// ```
    pub fn publish<M: serde::Serialize + Send + Sync + 'static>(&self, topic: &str, message: M) {
        self.broadcast(topic, Broadcast::new(message));
    }
}

pub use local::LocalPubSub;
