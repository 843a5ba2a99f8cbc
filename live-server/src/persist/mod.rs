//! Where persisted views (`#[live(persist)]`, see `live_core::persist`) keep their snapshots.
//!
//! After every event or message a persisted view handles, the server writes its state (JSON,
//! through serde) to the [`SnapshotStore`] of [`Config::snapshot_store`](crate::Config::snapshot_store),
//! keyed by a hash of the view's signed session token: the page's own view gets its own state
//! back when it joins again, and no other page (or user) can name it. A view that ends normally
//! (the client left, it navigated away) or crashes has its snapshot removed; one whose
//! connection dropped or whose server shut down keeps it until the store's time-to-live passes.
//!
//! - [`MemoryStore`] (the default): survives reconnects, not a restart of the process.
//! - [`FileStore`]: one file per view in a directory; survives restarts of the server.
//! - `RedisStore` (feature `redis`, `redis::RedisStore`): in a Redis shared by several
//!   nodes, so a view also comes back on another node after a failover.
//!
//! ```
//! use std::time::Duration;
//! use live_server::persist::{FileStore, MemoryStore, SnapshotStore};
//!
//! let store = MemoryStore::new(Duration::from_secs(3600), 10_000);
//! store.save("key", r#"{"step":2}"#);
//! assert_eq!(store.load_now("key").as_deref(), Some(r#"{"step":2}"#));
//! store.remove("key");
//! assert_eq!(store.load_now("key"), None);
//!
//! let dir = std::env::temp_dir().join(format!("live-doc-snapshots-{}", std::process::id()));
//! let config = live_server::Config::insecure_dev_secret()
//!     .snapshot_store(FileStore::new(&dir, Duration::from_secs(24 * 3600))?);
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), std::io::Error>(())
//! ```

mod file;
mod memory;
#[cfg(feature = "redis")]
pub mod redis;

pub use file::FileStore;
pub use memory::MemoryStore;

use std::future::Future;
use std::pin::Pin;

use sha2::{Digest, Sha256};

/// What [`SnapshotStore::load`] returns: the snapshot, once read.
pub type Loading<'a> = Pin<Box<dyn Future<Output = Option<String>> + Send + 'a>>;

/// A store of view snapshots: text under a key, kept for a limited time.
///
/// `load` is awaited when a persisted view joins (for at most 2 s: a store that does not answer
/// means a fresh mount). `save` and `remove` are called by the view task after the view
/// handled an event: they must not wait on a peer (a network store queues them, bounded).
/// Errors are the store's to log; a missing snapshot only means a fresh mount.
///
/// ```
/// use std::collections::HashMap;
/// use std::sync::Mutex;
/// use live_server::persist::SnapshotStore;
///
/// #[derive(Default)]
/// struct Plain(Mutex<HashMap<String, String>>);
///
/// impl SnapshotStore for Plain {
///     fn load<'a>(&'a self, key: &'a str) -> live_server::persist::Loading<'a> {
///         let found = self.0.lock().ok().and_then(|map| map.get(key).cloned());
///         Box::pin(std::future::ready(found))
///     }
///     fn save(&self, key: &str, snapshot: &str) {
///         if let Ok(mut map) = self.0.lock() {
///             map.insert(key.to_owned(), snapshot.to_owned());
///         }
///     }
///     fn remove(&self, key: &str) {
///         if let Ok(mut map) = self.0.lock() {
///             map.remove(key);
///         }
///     }
/// }
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let store = Plain::default();
/// store.save("k", "{}");
/// assert_eq!(store.load("k").await.as_deref(), Some("{}"));
/// # });
/// ```
pub trait SnapshotStore: Send + Sync + 'static {
    /// The snapshot under `key`, unless there is none or it expired.
    fn load<'a>(&'a self, key: &'a str) -> Loading<'a>;
    /// Keeps `snapshot` under `key`, replacing the previous one; does not wait on a peer.
    fn save(&self, key: &str, snapshot: &str);
    /// Forgets `key`; does not wait on a peer.
    fn remove(&self, key: &str);
}

/// The key of a view's snapshots: the SHA-256 of its signed session token, in hex (the token
/// itself is a credential: it is never stored).
pub(crate) fn key(session_token: &str) -> String {
    let digest = Sha256::digest(session_token.as_bytes());
    let mut out = String::with_capacity(64);
    for byte in digest {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn keys_are_hex_digests() {
        let key = super::key("token");
        assert_eq!(key.len(), 64);
        assert!(key.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(key, super::key("token2"));
    }
}
