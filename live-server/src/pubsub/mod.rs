//! Publish/subscribe between views and any other task: in-process by default, behind a trait so
//! that an adapter can share topics between server processes.

mod local;

use std::sync::Arc;

use live_core::socket::{Deliver, MessageSink, SharedMessage};

/// Identifies one subscription, to remove it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SubscriptionId(pub(crate) u64);

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

pub use local::LocalPubSub;
