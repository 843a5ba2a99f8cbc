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
//!
//! ```
//! use std::time::Duration;
//! use live_server::persist::{FileStore, MemoryStore, SnapshotStore};
//!
//! let store = MemoryStore::new(Duration::from_secs(3600), 10_000);
//! store.save("key", r#"{"step":2}"#);
//! assert_eq!(store.load("key").as_deref(), Some(r#"{"step":2}"#));
//! store.remove("key");
//! assert_eq!(store.load("key"), None);
//!
//! let dir = std::env::temp_dir().join(format!("live-doc-snapshots-{}", std::process::id()));
//! let config = live_server::Config::insecure_dev_secret()
//!     .snapshot_store(FileStore::new(&dir, Duration::from_secs(24 * 3600))?);
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), std::io::Error>(())
//! ```

mod file;
mod memory;

pub use file::FileStore;
pub use memory::MemoryStore;

use sha2::{Digest, Sha256};

/// A store of view snapshots: text under a key, kept for a limited time.
///
/// The view task calls it after the view handled an event, so an implementation answers
/// quickly (memory, a local file); errors are the store's to log, a missing snapshot only
/// means a fresh mount.
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
///     fn load(&self, key: &str) -> Option<String> {
///         self.0.lock().ok()?.get(key).cloned()
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
/// let store = Plain::default();
/// store.save("k", "{}");
/// assert_eq!(store.load("k").as_deref(), Some("{}"));
/// ```
pub trait SnapshotStore: Send + Sync + 'static {
    /// The snapshot under `key`, unless there is none or it expired.
    fn load(&self, key: &str) -> Option<String>;
    /// Keeps `snapshot` under `key`, replacing the previous one.
    fn save(&self, key: &str, snapshot: &str);
    /// Forgets `key`.
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
