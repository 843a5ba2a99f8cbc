//! Static asset tracking: content digests of the files a router serves, for cache-busting URLs
//! (`/static/app.css?vsn=…`), ETags, and telling a view when a deploy changed the assets its
//! page was loaded with (`phx-track-static`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The query parameter carrying a file's digest in its tracked URL.
pub(crate) const VERSION_PARAM: &str = "vsn";

/// The most files whose digest is remembered (a deploy's assets; more are hashed each time).
const MAX_CACHED: usize = 4096;

/// Digests of files, remembered per path while the file's size and modification time stay the
/// same. Shared by the clones of a router.
#[derive(Clone, Default)]
pub(crate) struct Digests(Arc<Mutex<HashMap<PathBuf, Cached>>>);

#[derive(Clone)]
struct Cached {
    modified: Option<SystemTime>,
    len: u64,
    digest: String,
}

impl Digests {
    /// The digest of `file`'s content (16 characters of base64url SHA-256), `None` when it
    /// cannot be read.
    pub(crate) fn of(&self, file: &Path) -> Option<String> {
        let meta = std::fs::metadata(file).ok()?;
        let modified = meta.modified().ok();
        if let Ok(cache) = self.0.lock() {
            if let Some(hit) = cache.get(file) {
                if hit.len == meta.len() && hit.modified == modified {
                    return Some(hit.digest.clone());
                }
            }
        }
        let bytes = std::fs::read(file).ok()?;
        let digest = digest_of(&bytes);
        if let Ok(mut cache) = self.0.lock() {
            if cache.len() >= MAX_CACHED {
                cache.clear();
            }
            cache.insert(
                file.to_owned(),
                Cached {
                    modified,
                    len: bytes.len() as u64,
                    digest: digest.clone(),
                },
            );
        }
        Some(digest)
    }
}

/// The digest of `bytes`: 16 characters of base64url SHA-256.
pub(crate) fn digest_of(bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    let mut text = URL_SAFE_NO_PAD.encode(hash);
    text.truncate(16);
    text
}

/// The `vsn` value of a URL's query, if any.
pub(crate) fn version_of(query: &str) -> Option<String> {
    crate::router::query_pairs(query)
        .find(|(name, _)| name == VERSION_PARAM)
        .map(|(_, value)| value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_follow_the_content() {
        let dir = std::env::temp_dir().join(format!("live-digest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join("app.css");
        std::fs::write(&file, "p{}").expect("write");
        let digests = Digests::default();
        let first = digests.of(&file).expect("readable");
        assert_eq!(first.len(), 16);
        assert_eq!(digests.of(&file).as_deref(), Some(first.as_str()));
        std::fs::write(&file, "p{color:red}").expect("write");
        assert_ne!(digests.of(&file).expect("readable"), first);
        assert_eq!(digests.of(&dir.join("missing.css")), None);
        assert_eq!(version_of("a=1&vsn=abc"), Some("abc".into()));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
