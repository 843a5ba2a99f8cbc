//! The directory uploads are received into, and the temporary file of one entry.
//!
//! Each file is named after the server process (`<pid>-<random>.upload`) and deleted when its
//! entry goes (consumed, cancelled, or dropped with its view) and when a transfer fails. Files
//! of a server process that is no longer running (a crash, a kill) are deleted when the next
//! server starts on the same directory.

use std::path::{Path, PathBuf};

use live_core::upload::EntryStore;
use tokio::sync::oneshot;

use crate::security::token::random_bytes;

/// Where uploads go.
#[derive(Debug, Clone)]
pub(crate) struct UploadDir {
    path: PathBuf,
}

/// The file name's suffix, so cleaning up touches nothing else in the directory.
const SUFFIX: &str = ".upload";

impl UploadDir {
    /// The directory `path` (created when missing), cleared of the files left by server
    /// processes that no longer run.
    pub(crate) fn open(path: PathBuf) -> UploadDir {
        if let Err(err) = std::fs::create_dir_all(&path) {
            tracing::warn!(dir = %path.display(), "cannot create the upload directory: {err}");
        }
        let dir = UploadDir { path };
        dir.remove_orphans();
        dir
    }

    /// The default directory: `live-uploads` in the system's temporary directory.
    pub(crate) fn default_path() -> PathBuf {
        std::env::temp_dir().join("live-uploads")
    }

    /// The directory.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Deletes the upload files of processes that no longer run (this one's are kept).
    fn remove_orphans(&self) {
        let Ok(listing) = std::fs::read_dir(&self.path) else {
            return;
        };
        let own = std::process::id();
        for entry in listing.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let Some(stem) = name.strip_suffix(SUFFIX) else {
                continue;
            };
            let pid = stem.split('-').next().and_then(|p| p.parse::<u32>().ok());
            let orphan = match pid {
                Some(pid) if pid == own => false,
                Some(pid) => !process_runs(pid),
                None => false,
            };
            if orphan {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// Creates a new, empty file for one entry; its store (which deletes it when dropped) and
    /// the signal that fires when the store is dropped.
    pub(crate) async fn create(
        &self,
    ) -> std::io::Result<(StoredEntry, tokio::fs::File, oneshot::Receiver<()>)> {
        let name = format!(
            "{}-{}{SUFFIX}",
            std::process::id(),
            hex(&random_bytes::<12>())
        );
        let path = self.path.join(name);
        let file = tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .await?;
        let (closer, closed) = oneshot::channel();
        Ok((
            StoredEntry {
                path,
                _closer: closer,
            },
            file,
            closed,
        ))
    }
}

/// Whether the process `pid` runs (on Linux; elsewhere every process is taken to run, so
/// nothing is deleted that might be in use).
fn process_runs(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The temporary file of one entry, held by the entry: dropping it deletes the file and tells
/// the entry's upload channel to close.
#[derive(Debug)]
pub(crate) struct StoredEntry {
    path: PathBuf,
    _closer: oneshot::Sender<()>,
}

impl EntryStore for StoredEntry {
    fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for StoredEntry {
    fn drop(&mut self) {
        // Already gone when the app moved it away while consuming.
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn files_go_with_their_entry_and_orphans_with_the_next_start() {
        let base =
            std::env::temp_dir().join(format!("live-upload-dir-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let dir = UploadDir::open(base.clone());
        let (store, _file, mut closed) = dir.create().await.expect("create");
        let path = store.path().to_owned();
        assert!(path.exists());
        drop(store);
        assert!(!path.exists());
        assert!(closed.try_recv().is_err(), "the channel is told to close");
        // A dead process's file (pid 0 never runs a server) and someone else's file.
        std::fs::write(base.join(format!("999999999-ab{SUFFIX}")), b"x").expect("write");
        std::fs::write(base.join("notes.txt"), b"x").expect("write");
        UploadDir::open(base.clone());
        assert!(!base.join(format!("999999999-ab{SUFFIX}")).exists());
        assert!(base.join("notes.txt").exists());
        let _ = std::fs::remove_dir_all(&base);
    }
}
