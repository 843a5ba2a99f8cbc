//! The Redis adapter: topics shared by every server process (node) connected to one Redis.
//!
//! A broadcast reaches this node's subscribers at once, as the value itself (through a
//! [`LocalPubSub`]), and is published on one Redis channel as JSON for the other nodes; each
//! node ignores its own publications. Redis being down never stops local delivery: what other
//! nodes would have received meanwhile is dropped (PubSub does not queue, as in Phoenix), both
//! connections are retried with a backoff from 100 ms doubling to 5 s, and cross-node delivery
//! resumes by itself once Redis answers again.
//!
//! Built on the `redis` crate's plain tokio client (feature `tokio-comp`, no default features):
//! about 50 crates fewer to build than `fred`, whose reconnect policies, pools and cluster
//! support we would not use; two connections per node (one `SUBSCRIBE`, one for `PUBLISH`)
//! and a reconnect loop of our own are all this needs.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::mpsc;

use super::{Broadcast, LocalPubSub, PubSub, Subscriber, SubscriptionId};

/// The Redis channel used unless configured otherwise.
pub const DEFAULT_CHANNEL: &str = "live:pubsub";

/// How many publications may wait for the Redis connection; past that they are dropped.
const OUTBOX: usize = 4096;

/// How many waiting publications go to Redis in one round trip.
const BATCH: usize = 128;

/// The first pause before reconnecting, doubled after each failure up to [`MAX_BACKOFF`].
const MIN_BACKOFF: Duration = Duration::from_millis(100);

/// The longest pause between two connection attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// How long one connection attempt or one round trip to Redis may take.
const IO_TIMEOUT: Duration = Duration::from_secs(2);

/// Topics shared through Redis. See the [module docs](self).
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use std::sync::Arc;
/// use live_server::pubsub::redis::RedisPubSub;
/// use live_server::{Config, Router, Server};
/// let pubsub = RedisPubSub::connect("redis://127.0.0.1:6379/")?;
/// let server = Server::with_pubsub(Router::new(), Config::from_env(), pubsub);
/// # Ok(()) }
/// ```
pub struct RedisPubSub {
    local: LocalPubSub,
    channel: String,
    outbox: mpsc::Sender<Vec<u8>>,
    state: Arc<Link>,
}

/// The state of the link to Redis, shared with the connection tasks.
#[derive(Default)]
struct Link {
    subscribed: AtomicBool,
    dropped: AtomicU64,
}

impl std::fmt::Debug for RedisPubSub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisPubSub")
            .field("node", &self.local.node_id())
            .field("channel", &self.channel)
            .field("subscribed", &self.is_subscribed())
            .finish()
    }
}

impl RedisPubSub {
    /// Connects to the Redis at `url` (`redis://host:port/db`), on the channel
    /// [`DEFAULT_CHANNEL`]. Returns at once: the connections are made (and remade) in the
    /// background. Call it inside a tokio runtime. Fails only on a malformed URL.
    pub fn connect(url: &str) -> Result<Arc<RedisPubSub>, redis::RedisError> {
        RedisPubSub::connect_channel(url, DEFAULT_CHANNEL)
    }

    /// Like [`connect`](Self::connect), on the Redis channel `channel` (one per application
    /// when several share a Redis).
    pub fn connect_channel(
        url: &str,
        channel: &str,
    ) -> Result<Arc<RedisPubSub>, redis::RedisError> {
        let client = redis::Client::open(url)?;
        let (outbox, queued) = mpsc::channel(OUTBOX);
        let pubsub = Arc::new(RedisPubSub {
            local: LocalPubSub::default(),
            channel: channel.to_owned(),
            outbox,
            state: Arc::default(),
        });
        tokio::spawn(publish(
            client.clone(),
            channel.to_owned(),
            queued,
            pubsub.state.clone(),
        ));
        tokio::spawn(receive(client, Arc::downgrade(&pubsub)));
        Ok(pubsub)
    }

    /// Whether the node currently receives the other nodes' broadcasts.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), redis::RedisError> {
    /// let pubsub = live_server::pubsub::redis::RedisPubSub::connect("redis://127.0.0.1/")?;
    /// while !pubsub.is_subscribed() {
    ///     tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    /// }
    /// # Ok(()) }
    /// ```
    pub fn is_subscribed(&self) -> bool {
        self.state.subscribed.load(Ordering::Relaxed)
    }

    /// How many broadcasts did not reach Redis (down, or the outbox full).
    pub fn dropped(&self) -> u64 {
        self.state.dropped.load(Ordering::Relaxed)
    }

    /// The local delivery of a publication received from Redis.
    fn deliver(&self, envelope: &[u8]) {
        match open_envelope(envelope) {
            Some((node, _, _)) if node == self.local.node_id().as_bytes() => {}
            Some((_, topic, payload)) => self
                .local
                .broadcast_local(topic, Broadcast::from_encoded(payload.to_vec())),
            None => tracing::warn!(
                bytes = envelope.len(),
                "Redis PubSub: a publication that is not ours was dropped"
            ),
        }
    }
}

impl PubSub for RedisPubSub {
    fn subscribe(&self, topic: &str, subscriber: Subscriber) -> SubscriptionId {
        self.local.subscribe(topic, subscriber)
    }

    fn unsubscribe(&self, id: SubscriptionId) {
        self.local.unsubscribe(id)
    }

    fn broadcast(&self, topic: &str, message: Broadcast) {
        let encoded = message.encode();
        self.local.broadcast_local(topic, message);
        let payload = match encoded {
            Ok(payload) => payload,
            Err(err) => {
                tracing::warn!(topic, "PubSub message not sent to other nodes: {err}");
                return;
            }
        };
        if !self.is_subscribed() {
            // Redis is down: the publication would be stale by the time it is back.
            self.state.dropped.fetch_add(1, Ordering::Relaxed);
            return;
        }
        let envelope = seal_envelope(self.local.node_id(), topic, &payload);
        if self.outbox.try_send(envelope).is_err() {
            self.state.dropped.fetch_add(1, Ordering::Relaxed);
            tracing::warn!(topic, "Redis PubSub outbox full: a broadcast was not sent");
        }
    }

    fn broadcast_local(&self, topic: &str, message: Broadcast) {
        self.local.broadcast_local(topic, message)
    }

    fn node_id(&self) -> &str {
        self.local.node_id()
    }
}

/// `node \n topic-length \n topic payload`: a node id and a length hold no newline, a topic
/// and a payload may hold anything.
fn seal_envelope(node: &str, topic: &str, payload: &[u8]) -> Vec<u8> {
    let mut envelope = Vec::with_capacity(node.len() + topic.len() + payload.len() + 8);
    envelope.extend_from_slice(node.as_bytes());
    envelope.push(b'\n');
    envelope.extend_from_slice(topic.len().to_string().as_bytes());
    envelope.push(b'\n');
    envelope.extend_from_slice(topic.as_bytes());
    envelope.extend_from_slice(payload);
    envelope
}

/// The node, topic and payload of an envelope, or `None` when it is not one.
fn open_envelope(envelope: &[u8]) -> Option<(&[u8], &str, &[u8])> {
    let newline = envelope.iter().position(|b| *b == b'\n')?;
    let (node, rest) = (&envelope[..newline], &envelope[newline + 1..]);
    let newline = rest.iter().position(|b| *b == b'\n')?;
    let length: usize = std::str::from_utf8(&rest[..newline]).ok()?.parse().ok()?;
    let rest = &rest[newline + 1..];
    if length > rest.len() {
        return None;
    }
    let (topic, payload) = rest.split_at(length);
    Some((node, std::str::from_utf8(topic).ok()?, payload))
}

/// The next pause after a failed attempt.
fn next_backoff(backoff: Duration) -> Duration {
    (backoff * 2).min(MAX_BACKOFF)
}

/// Publishes the outbox, reconnecting as needed; ends when the adapter is dropped.
async fn publish(
    client: redis::Client,
    channel: String,
    mut queued: mpsc::Receiver<Vec<u8>>,
    link: Arc<Link>,
) {
    let mut backoff = MIN_BACKOFF;
    'connect: loop {
        let connected =
            tokio::time::timeout(IO_TIMEOUT, client.get_multiplexed_async_connection()).await;
        let mut connection = match connected {
            Ok(Ok(connection)) => connection,
            failed => {
                let why =
                    failed.map_or_else(|_| "timed out".to_owned(), |r| format!("{:?}", r.err()));
                tracing::debug!(
                    "Redis PubSub: cannot connect to publish ({why}); retrying in {backoff:?}"
                );
                tokio::time::sleep(backoff).await;
                backoff = next_backoff(backoff);
                continue;
            }
        };
        backoff = MIN_BACKOFF;
        let mut batch = Vec::with_capacity(BATCH);
        loop {
            if queued.recv_many(&mut batch, BATCH).await == 0 {
                return; // the adapter is gone
            }
            let mut pipe = redis::pipe();
            for envelope in batch.drain(..) {
                pipe.cmd("PUBLISH").arg(&channel).arg(envelope).ignore();
            }
            let sent = tokio::time::timeout(IO_TIMEOUT, pipe.query_async::<()>(&mut connection));
            if !matches!(sent.await, Ok(Ok(()))) {
                link.dropped.fetch_add(1, Ordering::Relaxed);
                tracing::warn!("Redis PubSub: publishing failed; reconnecting");
                continue 'connect;
            }
        }
    }
}

/// Receives the other nodes' publications, resubscribing after every lost connection; ends
/// when the adapter is dropped.
async fn receive(client: redis::Client, adapter: std::sync::Weak<RedisPubSub>) {
    let mut backoff = MIN_BACKOFF;
    let mut was_down = false;
    loop {
        let Some(channel) = adapter.upgrade().map(|a| a.channel.clone()) else {
            return;
        };
        let subscribed = tokio::time::timeout(IO_TIMEOUT, async {
            let mut pubsub = client.get_async_pubsub().await?;
            pubsub.subscribe(&channel).await?;
            Ok::<_, redis::RedisError>(pubsub)
        })
        .await;
        let pubsub = match subscribed {
            Ok(Ok(pubsub)) => pubsub,
            failed => {
                if !was_down {
                    let why = failed
                        .map_or_else(|_| "timed out".to_owned(), |r| format!("{:?}", r.err()));
                    tracing::warn!("Redis PubSub: cannot subscribe ({why}); local broadcasts only, retrying with backoff");
                    was_down = true;
                }
                tokio::time::sleep(backoff).await;
                backoff = next_backoff(backoff);
                continue;
            }
        };
        backoff = MIN_BACKOFF;
        if was_down {
            tracing::info!("Redis PubSub: subscribed again; cross-node delivery resumed");
        }
        let mut messages = pubsub.into_on_message();
        match adapter.upgrade() {
            Some(a) => a.state.subscribed.store(true, Ordering::Relaxed),
            None => return,
        }
        while let Some(message) = messages.next().await {
            let Some(adapter) = adapter.upgrade() else {
                return;
            };
            adapter.deliver(message.get_payload_bytes());
        }
        match adapter.upgrade() {
            Some(a) => a.state.subscribed.store(false, Ordering::Relaxed),
            None => return,
        }
        tracing::warn!("Redis PubSub: connection lost; local broadcasts only, reconnecting");
        was_down = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_envelope_round_trips_any_topic() {
        let sealed = seal_envelope("abc", "room:\n1", b"{\"x\":1}");
        assert_eq!(
            open_envelope(&sealed),
            Some((&b"abc"[..], "room:\n1", &b"{\"x\":1}"[..]))
        );
        assert_eq!(open_envelope(b"abc\n99\nshort"), None);
        assert_eq!(open_envelope(b"no newline"), None);
        assert_eq!(open_envelope(b"a\nx\ny"), None);
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        assert_eq!(next_backoff(MIN_BACKOFF), Duration::from_millis(200));
        assert_eq!(next_backoff(Duration::from_secs(4)), MAX_BACKOFF);
    }
}
