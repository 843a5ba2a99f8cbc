//! [`MemoryStore`]: snapshots in the server's memory, bounded in count and time.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::SnapshotStore;

/// Snapshots in memory: they survive a client's reconnect (and a failover between views of one
/// process), not a restart. At most `capacity` entries: when full, the oldest saved one goes.
///
/// ```
/// use std::time::Duration;
/// use live_server::persist::{MemoryStore, SnapshotStore};
/// let store = MemoryStore::new(Duration::from_secs(60), 2);
/// store.save_now("a", "1");
/// store.save_now("b", "2");
/// store.save_now("c", "3");
/// assert_eq!(store.load_now("a"), None, "the oldest made room");
/// assert_eq!(store.len(), 2);
/// ```
#[derive(Debug)]
pub struct MemoryStore {
    ttl: Duration,
    capacity: usize,
    entries: Mutex<HashMap<String, (Instant, String)>>,
}

impl MemoryStore {
    /// A store keeping each snapshot `ttl` after its last save, at most `capacity` of them.
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        MemoryStore {
            ttl,
            capacity: capacity.max(1),
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// How many snapshots it holds (expired ones included until they are swept).
    pub fn len(&self) -> usize {
        self.entries.lock().map(|e| e.len()).unwrap_or(0)
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Default for MemoryStore {
    /// One hour, 10 000 snapshots.
    fn default() -> Self {
        MemoryStore::new(Duration::from_secs(3600), 10_000)
    }
}

impl SnapshotStore for MemoryStore {
    fn load<'a>(&'a self, key: &'a str) -> super::Loading<'a> {
        Box::pin(std::future::ready(self.load_now(key)))
    }

    fn save(&self, key: &str, snapshot: &str) {
        self.save_now(key, snapshot);
    }

    fn remove(&self, key: &str) {
        self.remove_now(key);
    }
}

impl MemoryStore {
    /// [`SnapshotStore::load`], without a future: the store answers at once.
    pub fn load_now(&self, key: &str) -> Option<String> {
        let entries = self.entries.lock().ok()?;
        let (saved, snapshot) = entries.get(key)?;
        (saved.elapsed() < self.ttl).then(|| snapshot.clone())
    }

    /// [`SnapshotStore::save`].
    pub fn save_now(&self, key: &str, snapshot: &str) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if !entries.contains_key(key) && entries.len() >= self.capacity {
            let ttl = self.ttl;
            entries.retain(|_, (saved, _)| saved.elapsed() < ttl);
            if entries.len() >= self.capacity {
                let oldest = entries
                    .iter()
                    .min_by_key(|(_, (saved, _))| *saved)
                    .map(|(key, _)| key.clone());
                if let Some(oldest) = oldest {
                    entries.remove(&oldest);
                }
            }
        }
        entries.insert(key.to_owned(), (Instant::now(), snapshot.to_owned()));
    }

    /// [`SnapshotStore::remove`].
    pub fn remove_now(&self, key: &str) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expired_snapshots_are_not_loaded() {
        let store = MemoryStore::new(Duration::ZERO, 10);
        store.save_now("a", "1");
        assert_eq!(store.load_now("a"), None);
    }
}
