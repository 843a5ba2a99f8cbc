//! One file of an upload: what the client said about it, how far it got, and where the server
//! keeps its bytes.

use std::path::Path;

use serde_json::Value;

use super::UploadError;

/// The server's hold on an entry's bytes: the upload channel that receives them and the
/// temporary file they go to. Implemented by the server (and the test harness).
///
/// Dropping it closes the entry's upload channel and deletes the file, so an entry that is
/// consumed, cancelled, or dropped with its view (closed tab, crash, shutdown) leaves nothing
/// behind.
pub trait EntryStore: Send + Sync + 'static {
    /// The temporary file holding the entry's bytes.
    fn path(&self) -> &Path;
}

/// How an entry's bytes travel.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Transfer {
    /// Not preflighted yet.
    Pending,
    /// Over an upload channel of this server; `written` once every declared byte is stored.
    Channel { joined: bool, written: bool },
    /// Straight from the browser to another service; the metadata the client's uploader got.
    External(Value),
}

/// One file of an [`Upload`](super::Upload), as a template shows it and a handler consumes it.
///
/// ```
/// use live_core::upload::UploadEntry;
/// let entry = UploadEntry::from_client(&serde_json::json!({
///     "ref": "0", "name": "cat.png", "type": "image/png", "size": 1200, "last_modified": 1718000000000u64
/// })).expect("a valid description");
/// assert_eq!((entry.client_name(), entry.client_type(), entry.client_size()), ("cat.png", "image/png", 1200));
/// assert_eq!((entry.progress(), entry.is_done()), (0, false));
/// ```
pub struct UploadEntry {
    pub(crate) reference: String,
    pub(crate) upload_ref: String,
    pub(crate) client_name: String,
    pub(crate) client_type: String,
    pub(crate) client_size: u64,
    pub(crate) client_last_modified: Option<u64>,
    pub(crate) client_relative_path: String,
    pub(crate) client_meta: Option<Value>,
    pub(crate) errors: Vec<UploadError>,
    pub(crate) preflighted: bool,
    pub(crate) progress: u8,
    pub(crate) done: bool,
    pub(crate) transfer: Transfer,
    pub(crate) store: Option<Box<dyn EntryStore>>,
}

impl std::fmt::Debug for UploadEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UploadEntry")
            .field("ref", &self.reference)
            .field("name", &self.client_name)
            .field("type", &self.client_type)
            .field("size", &self.client_size)
            .field("errors", &self.errors)
            .field("preflighted", &self.preflighted)
            .field("progress", &self.progress)
            .field("done", &self.done)
            .field("stored", &self.store.as_ref().map(|s| s.path().to_owned()))
            .finish()
    }
}

/// The longest file name, type or relative path kept from a client's description (longer
/// ones are cut): they are shown in templates, not trusted.
const MAX_CLIENT_TEXT: usize = 1024;

impl UploadEntry {
    /// An entry from a client's description (`{"ref", "name", "type", "size",
    /// "last_modified", "relative_path", "meta"}`); `None` without a string `ref` of at most
    /// 64 characters. A missing or non-integer size counts as too large.
    pub fn from_client(value: &Value) -> Option<UploadEntry> {
        let reference = value.get("ref").and_then(Value::as_str)?;
        if reference.is_empty() || reference.len() > 64 {
            return None;
        }
        let text = |key: &str| {
            let mut text = value
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            if text.len() > MAX_CLIENT_TEXT {
                let mut cut = MAX_CLIENT_TEXT;
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                text.truncate(cut);
            }
            text
        };
        let mut errors = Vec::new();
        let client_size = match value.get("size").and_then(Value::as_u64) {
            Some(size) => size,
            None => {
                errors.push(UploadError::TooLarge);
                u64::MAX
            }
        };
        Some(UploadEntry {
            reference: reference.to_owned(),
            upload_ref: String::new(),
            client_name: text("name"),
            client_type: text("type"),
            client_size,
            client_last_modified: value.get("last_modified").and_then(Value::as_u64),
            client_relative_path: text("relative_path"),
            client_meta: value.get("meta").filter(|m| !m.is_null()).cloned(),
            errors,
            preflighted: false,
            progress: 0,
            done: false,
            transfer: Transfer::Pending,
            store: None,
        })
    }

    /// The entry's ref (chosen by the client, unique on the page): `phx-value-ref` of a cancel
    /// button, the key of [`Upload::cancel_entry`](super::Upload::cancel_entry).
    pub fn reference(&self) -> &str {
        &self.reference
    }

    /// The ref of the upload the entry belongs to.
    pub fn upload_ref(&self) -> &str {
        &self.upload_ref
    }

    /// The file's name on the user's machine (not to be trusted as a path).
    pub fn client_name(&self) -> &str {
        &self.client_name
    }

    /// The MIME type the browser reported (may be empty; not to be trusted).
    pub fn client_type(&self) -> &str {
        &self.client_type
    }

    /// The size in bytes the client declared; the server receives exactly this many or fails
    /// the entry.
    pub fn client_size(&self) -> u64 {
        self.client_size
    }

    /// The file's modification time the client reported (milliseconds since the epoch).
    pub fn client_last_modified(&self) -> Option<u64> {
        self.client_last_modified
    }

    /// The path within a dropped or chosen directory (`webkitRelativePath`), often empty.
    pub fn client_relative_path(&self) -> &str {
        &self.client_relative_path
    }

    /// What the page's JavaScript attached to the file (`file.meta()`), if anything.
    pub fn client_meta(&self) -> Option<&Value> {
        self.client_meta.as_ref()
    }

    /// The entry's errors (too large, not accepted, a failed transfer).
    pub fn errors(&self) -> &[UploadError] {
        &self.errors
    }

    /// Whether the entry has no error.
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// Whether the client got the go-ahead (a token) to send the file.
    pub fn is_preflighted(&self) -> bool {
        self.preflighted
    }

    /// The progress in percent, 0 to 100.
    pub fn progress(&self) -> u8 {
        self.progress
    }

    /// Whether the whole file arrived (for an external upload: the client's uploader said so).
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Whether the client says the file is an image (`image/*`), e.g. to show a preview.
    pub fn is_image(&self) -> bool {
        self.client_type.starts_with("image/")
    }

    /// The metadata the upload's `external` function made for this entry.
    pub fn external_meta(&self) -> Option<&Value> {
        match &self.transfer {
            Transfer::External(meta) => Some(meta),
            _ => None,
        }
    }

    /// Where the server keeps the entry's bytes, once it stores them.
    pub fn path(&self) -> Option<&Path> {
        self.store.as_deref().map(EntryStore::path)
    }
}
