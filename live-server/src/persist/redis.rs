//! `RedisStore`: snapshots in a Redis that several nodes share (feature `redis`), so a view
//! whose node went away is restored by the node its client reconnects to.
//!
//! Each snapshot is one key, `live:snapshot:<hash>`, written with `SET … PX <ttl>`: Redis
//! expires it. Writes never wait on Redis: they go through a bounded queue to one background
//! connection (batched in pipelines, reconnected with a backoff), and are dropped (counted in
//! [`RedisStore::dropped`]) when Redis is down long enough for the queue to fill. A join reads
//! its snapshot on a multiplexed connection, bounded by a time-out; Redis being down only
//! means fresh mounts.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc;

use super::{Loading, SnapshotStore};

/// How many writes may wait for Redis; past that they are dropped.
const QUEUE: usize = 4096;

/// How many waiting writes go to Redis in one round trip.
const BATCH: usize = 128;

/// How long one connection attempt or one round trip may take.
const IO_TIMEOUT: Duration = Duration::from_secs(2);

/// The longest pause between two connection attempts of the writer.
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// Snapshots in Redis. See the [module docs](self).
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use std::time::Duration;
/// use live_server::persist::redis::RedisStore;
/// let store = RedisStore::connect("redis://127.0.0.1:6379/", Duration::from_secs(3600))?;
/// let config = live_server::Config::from_env().snapshot_store(store);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct RedisStore {
    client: redis::Client,
    ttl: Duration,
    writes: mpsc::Sender<Write>,
    reader: Arc<Mutex<Option<redis::aio::MultiplexedConnection>>>,
    dropped: Arc<AtomicU64>,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisStore")
            .field("ttl", &self.ttl)
            .field("dropped", &self.dropped())
            .finish()
    }
}

enum Write {
    Save(String, String),
    Remove(String),
}

impl RedisStore {
    /// A store in the Redis at `url`, keeping each snapshot `ttl` after its last save. Returns
    /// at once (connections are made in the background); call it inside a tokio runtime.
    /// Fails only on a malformed URL.
    pub fn connect(url: &str, ttl: Duration) -> Result<RedisStore, redis::RedisError> {
        let client = redis::Client::open(url)?;
        let (writes, queued) = mpsc::channel(QUEUE);
        let dropped = Arc::new(AtomicU64::new(0));
        tokio::spawn(write(client.clone(), ttl, queued, dropped.clone()));
        Ok(RedisStore {
            client,
            ttl,
            writes,
            reader: Arc::default(),
            dropped,
        })
    }

    /// How many writes never reached Redis (down, or the queue full).
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    fn queue(&self, write: Write) {
        if self.writes.try_send(write).is_err() {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }

    async fn get(&self, key: &str) -> Option<String> {
        let cached = self.reader.lock().ok().and_then(|c| c.clone());
        let mut connection = match cached {
            Some(connection) => connection,
            None => {
                let made = tokio::time::timeout(
                    IO_TIMEOUT,
                    self.client.get_multiplexed_async_connection(),
                )
                .await
                .ok()?
                .ok()?;
                if let Ok(mut slot) = self.reader.lock() {
                    *slot = Some(made.clone());
                }
                made
            }
        };
        let mut get = redis::cmd("GET");
        get.arg(redis_key(key));
        match tokio::time::timeout(
            IO_TIMEOUT,
            get.query_async::<Option<String>>(&mut connection),
        )
        .await
        {
            Ok(Ok(found)) => found,
            _ => {
                // Connect again next time.
                if let Ok(mut slot) = self.reader.lock() {
                    *slot = None;
                }
                None
            }
        }
    }
}

fn redis_key(key: &str) -> String {
    format!("live:snapshot:{key}")
}

impl SnapshotStore for RedisStore {
    fn load<'a>(&'a self, key: &'a str) -> Loading<'a> {
        Box::pin(self.get(key))
    }

    fn save(&self, key: &str, snapshot: &str) {
        self.queue(Write::Save(key.to_owned(), snapshot.to_owned()));
    }

    fn remove(&self, key: &str) {
        self.queue(Write::Remove(key.to_owned()));
    }
}

/// Sends the queued writes, reconnecting as needed; ends when every store handle is dropped.
async fn write(
    client: redis::Client,
    ttl: Duration,
    mut queued: mpsc::Receiver<Write>,
    dropped: Arc<AtomicU64>,
) {
    let ttl_ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
    let mut backoff = Duration::from_millis(100);
    let mut batch = Vec::with_capacity(BATCH);
    'connect: loop {
        let connected =
            tokio::time::timeout(IO_TIMEOUT, client.get_multiplexed_async_connection()).await;
        let Ok(Ok(mut connection)) = connected else {
            tracing::debug!("snapshot store: cannot connect to Redis; retrying in {backoff:?}");
            tokio::time::sleep(backoff).await;
            backoff = (backoff * 2).min(MAX_BACKOFF);
            continue;
        };
        backoff = Duration::from_millis(100);
        loop {
            if batch.is_empty() && queued.recv_many(&mut batch, BATCH).await == 0 {
                return;
            }
            let mut pipe = redis::pipe();
            for write in &batch {
                match write {
                    Write::Save(key, snapshot) => {
                        pipe.cmd("SET")
                            .arg(redis_key(key))
                            .arg(snapshot)
                            .arg("PX")
                            .arg(ttl_ms)
                            .ignore();
                    }
                    Write::Remove(key) => {
                        pipe.cmd("DEL").arg(redis_key(key)).ignore();
                    }
                }
            }
            let sent = tokio::time::timeout(IO_TIMEOUT, pipe.query_async::<()>(&mut connection));
            if matches!(sent.await, Ok(Ok(()))) {
                batch.clear();
            } else {
                // The batch is lost with the connection: a later save rewrites the snapshot.
                dropped.fetch_add(batch.len() as u64, Ordering::Relaxed);
                batch.clear();
                tracing::warn!("snapshot store: writing to Redis failed; reconnecting");
                continue 'connect;
            }
        }
    }
}
