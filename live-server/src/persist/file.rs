//! [`FileStore`]: one file per snapshot in a directory, so they survive a restart.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use super::SnapshotStore;

/// Snapshots as files `<dir>/<key>.json`: a restarted server (same directory, same secret)
/// restores the views its clients rejoin. Files older than `ttl` are not loaded and are swept
/// every 256 saves. Writes go to a temporary file renamed over the old one, so a crash never
/// leaves half a snapshot.
///
/// ```
/// use std::time::Duration;
/// use live_server::persist::{FileStore, SnapshotStore};
/// let dir = std::env::temp_dir().join(format!("live-file-store-{}", std::process::id()));
/// let store = FileStore::new(&dir, Duration::from_secs(60))?;
/// store.save_now("0a1b", r#"{"step":2}"#);
/// let again = FileStore::new(&dir, Duration::from_secs(60))?; // as after a restart
/// assert_eq!(again.load_now("0a1b").as_deref(), Some(r#"{"step":2}"#));
/// again.remove_now("0a1b");
/// assert_eq!(store.load_now("0a1b"), None);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct FileStore {
    dir: PathBuf,
    ttl: Duration,
    saves: AtomicU64,
}

impl FileStore {
    /// A store in `dir` (created if missing), keeping each snapshot `ttl` after its last save.
    pub fn new(dir: impl AsRef<Path>, ttl: Duration) -> io::Result<Self> {
        let dir = dir.as_ref().to_path_buf();
        fs::create_dir_all(&dir)?;
        Ok(FileStore {
            dir,
            ttl,
            saves: AtomicU64::new(0),
        })
    }

    /// The file of `key`; `None` for a key that is not a plain hex digest (keys are made by
    /// the server, but a path is never built from anything else).
    fn path(&self, key: &str) -> Option<PathBuf> {
        let plain =
            !key.is_empty() && key.len() <= 128 && key.bytes().all(|b| b.is_ascii_hexdigit());
        plain.then(|| self.dir.join(format!("{key}.json")))
    }

    fn expired(&self, path: &Path) -> bool {
        let modified = fs::metadata(path).and_then(|m| m.modified());
        match modified.map(|m| SystemTime::now().duration_since(m)) {
            Ok(Ok(age)) => age >= self.ttl,
            Ok(Err(_)) => false,
            Err(_) => true,
        }
    }

    /// Deletes the expired snapshots.
    fn sweep(&self) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "json") && self.expired(&path) {
                let _ = fs::remove_file(path);
            }
        }
    }
}

impl SnapshotStore for FileStore {
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

impl FileStore {
    /// [`SnapshotStore::load`], without a future: the store answers at once.
    pub fn load_now(&self, key: &str) -> Option<String> {
        let path = self.path(key)?;
        if self.expired(&path) {
            let _ = fs::remove_file(&path);
            return None;
        }
        fs::read_to_string(path).ok()
    }

    /// [`SnapshotStore::save`].
    pub fn save_now(&self, key: &str, snapshot: &str) {
        let Some(path) = self.path(key) else {
            return;
        };
        if self.saves.fetch_add(1, Ordering::Relaxed) % 256 == 255 {
            self.sweep();
        }
        let temporary = path.with_extension("tmp");
        let written = fs::write(&temporary, snapshot).and_then(|()| fs::rename(&temporary, &path));
        if let Err(error) = written {
            tracing::warn!(dir = %self.dir.display(), "snapshot not saved: {error}");
            let _ = fs::remove_file(&temporary);
        }
    }

    /// [`SnapshotStore::remove`].
    pub fn remove_now(&self, key: &str) {
        if let Some(path) = self.path(key) {
            let _ = fs::remove_file(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_that_are_not_hex_name_no_file() {
        let dir = std::env::temp_dir().join(format!("live-file-store-keys-{}", std::process::id()));
        let store = FileStore::new(&dir, Duration::from_secs(60)).expect("dir");
        store.save_now("../escape", "x");
        assert!(!dir.join("../escape.json").exists());
        assert_eq!(store.load_now("../escape"), None);
        store.save_now("ab", "1");
        let store = FileStore::new(&dir, Duration::ZERO).expect("dir");
        assert_eq!(store.load_now("ab"), None, "expired");
        let _ = fs::remove_dir_all(&dir);
    }
}
