//! File uploads: the upload a view allows, its entries, their validation and progress, and
//! consuming the files that arrived (docs/protocol-bindings.md §6).
//!
//! A view allows an upload in `mount` with [`Socket::allow_upload`] and keeps the returned
//! [`Upload`] as an assign. The template renders its input with [`live_file_input()`] (and
//! entries, progress, previews with [`live_img_preview()`], errors); the official client does
//! the browser's part (picking, dropping, chunking). The runtime keeps the upload's entries in
//! step with the client: a form change lists the chosen files (each validated against the
//! [`UploadOptions`]), the preflight (`allow_upload`) hands out a signed token per entry, the
//! server receives each file on its own upload channel into a temporary file, and `progress`
//! messages move the entries' progress bars. The submit handler then
//! [consumes](Upload::consume_uploaded_entries) the finished files.
//!
//! Limits hold on the server whatever the client says: an entry is received only up to the
//! size the client declared, which must be within `max_file_size`, in chunks of at most
//! `chunk_size` bytes, each within `chunk_timeout`; an entry is done only when the server has
//! every byte.
//!
//! ```
//! use live_core::upload::{live_file_input, Upload, UploadOptions};
//! use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
//!
//! #[derive(LiveView)]
//! struct Avatar { avatar: Upload, saved: Vec<String> }
//!
//! impl LiveView for Avatar {
//!     type Info = ();
//!     fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
//!         let options = UploadOptions::new().accept([".png", ".jpg"]).max_entries(2);
//!         Ok(Avatar { avatar: socket.allow_upload("avatar", options), saved: Vec::new() })
//!     }
//!     fn handle_event(a: &mut Assigns<Self>, event: &Event, _: &mut Socket<Self>) -> Result<(), ViewError> {
//!         match event.name() {
//!             "cancel" => {
//!                 let entry: String = event.params().get("ref")?;
//!                 a.avatar_mut().cancel_entry(&entry);
//!             }
//!             "save" => {
//!                 let names = a.avatar_mut().consume_uploaded_entries(|_path, entry| {
//!                     Ok(entry.client_name().to_owned()) // copy or move `_path` somewhere here
//!                 })?;
//!                 a.saved_mut().extend(names);
//!             }
//!             _ => {}
//!         }
//!         Ok(())
//!     }
//!     fn render(assigns: &Assigns<Self>) -> Rendered {
//!         html! {
//!             <form id="avatar-form" phx-change="validate" phx-submit="save">
//!                 <.live_file_input upload={&@avatar}/>
//!                 <p :for={entry in @avatar.entries()}>{entry.client_name()} {entry.progress()}%</p>
//!                 <p :for={error in @avatar.errors()} class="error">{error.to_string()}</p>
//!             </form>
//!         }
//!     }
//! }
//!
//! let mut view = live_core::runtime::ViewRuntime::<Avatar>::mount("phx-1", &Params::default(), &Session::default(), None)?;
//! let html = view.render_html();
//! assert!(html.contains(r#"<input id="phx-1-avatar" type="file" name="avatar" accept=".png,.jpg""#), "{html}");
//! assert!(html.contains(r#"data-phx-active-refs="""#) && html.contains(" multiple"), "{html}");
//! # Ok::<(), ViewError>(())
//! ```

mod accept;
mod component;
mod entry;
mod error;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Map, Value};

pub use accept::Accept;
pub use component::{live_file_input, live_img_preview};
pub use entry::{EntryStore, UploadEntry};
pub use error::UploadError;

use entry::Transfer;

use crate::{LiveView, Socket, ViewError};

/// Makes the client-side uploader's metadata for an entry of an external upload (a presigned
/// URL, form fields, the uploader's name under `"uploader"`), or refuses the entry.
pub type ExternalFn = Arc<dyn Fn(&UploadEntry) -> Result<Value, String> + Send + Sync>;

/// How an upload is configured: what it accepts, how many files, how large, and how the
/// client sends them. Defaults: any file, 1 entry, 8,000,000 bytes, upload on submit (as in
/// Phoenix), and chunks of 512,000 bytes within 30 s each (Phoenix: 64,000 bytes within 10 s).
///
/// The client sends one chunk and waits for its answer before the next, so an upload moves at
/// most a chunk per round trip: 64,000-byte chunks cap it at 3.2 MB/s over a 20 ms link and
/// at about a third of a plain HTTP `POST` even over loopback, where 512,000-byte chunks keep
/// up with the `POST` (`upload_throughput` bench). The longer time-out keeps the slowest link
/// that can still upload near Phoenix's: 512,000 bytes in 30 s is 17 KB/s. For a very slow
/// link or a finer progress bar, choose smaller chunks ([`chunk_size`](Self::chunk_size));
/// a chunk must fit in one WebSocket message (the server's `max_message_bytes`, 1 MiB by
/// default).
///
/// ```
/// use std::time::Duration;
/// use live_core::upload::UploadOptions;
/// let options = UploadOptions::new()
///     .accept([".jpg", "image/png"])
///     .max_entries(3)
///     .max_file_size(20_000_000)
///     .chunk_size(256_000)
///     .chunk_timeout(Duration::from_secs(5))
///     .auto_upload(true);
/// assert_eq!((options.max_entries_value(), options.max_file_size_value()), (3, 20_000_000));
/// let defaults = UploadOptions::new();
/// assert_eq!((defaults.chunk_size_value(), defaults.chunk_timeout_value()), (512_000, Duration::from_secs(30)));
/// ```
#[derive(Clone)]
pub struct UploadOptions {
    accept: Accept,
    max_entries: usize,
    max_file_size: u64,
    chunk_size: u32,
    chunk_timeout: Duration,
    auto_upload: bool,
    external: Option<ExternalFn>,
}

impl std::fmt::Debug for UploadOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UploadOptions")
            .field("accept", &self.accept)
            .field("max_entries", &self.max_entries)
            .field("max_file_size", &self.max_file_size)
            .field("chunk_size", &self.chunk_size)
            .field("chunk_timeout", &self.chunk_timeout)
            .field("auto_upload", &self.auto_upload)
            .field("external", &self.external.is_some())
            .finish()
    }
}

impl Default for UploadOptions {
    fn default() -> Self {
        UploadOptions::new()
    }
}

/// The largest chunk an upload may ask for: a chunk travels as one WebSocket message.
pub const MAX_CHUNK_SIZE: u32 = 8 * 1024 * 1024;

/// The chunk size of [`UploadOptions::new`] (see [`UploadOptions`] for why it is larger than
/// Phoenix's 64,000).
pub const DEFAULT_CHUNK_SIZE: u32 = 512_000;

impl UploadOptions {
    /// The defaults (see the type's docs).
    pub fn new() -> Self {
        UploadOptions {
            accept: Accept::any(),
            max_entries: 1,
            max_file_size: 8_000_000,
            chunk_size: DEFAULT_CHUNK_SIZE,
            chunk_timeout: Duration::from_secs(30),
            auto_upload: false,
            external: None,
        }
    }

    /// Accepts the files matching one of `items`: extensions (`.jpg`), MIME types
    /// (`image/png`) or wildcards (`image/*`). See [`Accept`].
    pub fn accept<I, S>(mut self, items: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.accept = Accept::list(items);
        self
    }

    /// How many files may be chosen at once (at least 1).
    pub fn max_entries(mut self, entries: usize) -> Self {
        self.max_entries = entries.max(1);
        self
    }

    /// The largest file in bytes.
    pub fn max_file_size(mut self, bytes: u64) -> Self {
        self.max_file_size = bytes;
        self
    }

    /// The size of the chunks the client sends (1 byte to [`MAX_CHUNK_SIZE`], default
    /// [`DEFAULT_CHUNK_SIZE`]); a larger chunk fails the entry.
    pub fn chunk_size(mut self, bytes: u32) -> Self {
        self.chunk_size = bytes.clamp(1, MAX_CHUNK_SIZE);
        self
    }

    /// How long the server waits for each chunk (and the client for each chunk's answer);
    /// default 30 s.
    pub fn chunk_timeout(mut self, timeout: Duration) -> Self {
        self.chunk_timeout = timeout.max(Duration::from_millis(1));
        self
    }

    /// Upload as soon as files are chosen instead of on submit.
    pub fn auto_upload(mut self, on: bool) -> Self {
        self.auto_upload = on;
        self
    }

    /// Sends the files straight from the browser to another service (object storage with a
    /// presigned URL): `external` makes each entry's metadata for the page's JavaScript
    /// uploader named by its `"uploader"` key (`LiveSocket`'s `uploaders` option), which reports
    /// progress as usual. No bytes reach this server.
    ///
    /// ```
    /// use live_core::upload::UploadOptions;
    /// let options = UploadOptions::new().external(|entry| {
    ///     Ok(serde_json::json!({"uploader": "S3", "url": format!("https://bucket.example/{}", entry.reference())}))
    /// });
    /// # let _ = options;
    /// ```
    pub fn external(
        mut self,
        external: impl Fn(&UploadEntry) -> Result<Value, String> + Send + Sync + 'static,
    ) -> Self {
        self.external = Some(Arc::new(external));
        self
    }

    /// The accepted files.
    pub fn accept_value(&self) -> &Accept {
        &self.accept
    }

    /// How many files may be chosen.
    pub fn max_entries_value(&self) -> usize {
        self.max_entries
    }

    /// The largest file in bytes.
    pub fn max_file_size_value(&self) -> u64 {
        self.max_file_size
    }

    /// The chunk size in bytes.
    pub fn chunk_size_value(&self) -> u32 {
        self.chunk_size
    }

    /// The wait for each chunk.
    pub fn chunk_timeout_value(&self) -> Duration {
        self.chunk_timeout
    }

    /// Whether files upload as soon as they are chosen.
    pub fn auto_upload_value(&self) -> bool {
        self.auto_upload
    }

    /// Whether the files go to another service.
    pub fn is_external(&self) -> bool {
        self.external.is_some()
    }
}

impl<V: LiveView> Socket<V> {
    /// Allows an upload named `name` (the file input's `name`): keep the result as an assign
    /// of the view and render it with [`live_file_input()`]. Its ref is unique on the page (the
    /// view's id and the name) and the same in the HTTP render and after the join.
    ///
    /// See the [module docs](crate::upload) for a whole view.
    pub fn allow_upload(&self, name: &str, options: UploadOptions) -> Upload {
        Upload::new(name, format!("{}-{}", self.id(), safe_name(name)), options)
    }
}

/// `name` with every character an element id should not hold replaced by `_`.
fn safe_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Where a component's upload refs start after the view's id: `<view id>_c<cid>-<name>`. A
/// view's own refs are `<view id>-<name>`, so the two never meet, and the runtime finds the
/// component holding an upload from its ref alone.
const COMPONENT_MARK: &str = "_c";

/// The ref of the upload `name` of the component `cid` in the view `view_id`.
pub(crate) fn component_upload_ref(view_id: &str, cid: u32, name: &str) -> String {
    format!("{view_id}{COMPONENT_MARK}{cid}-{}", safe_name(name))
}

/// The cid of the component an upload ref of the view `view_id` belongs to (`None` for the
/// view's own uploads and refs of other views).
pub(crate) fn component_of_upload_ref(view_id: &str, upload_ref: &str) -> Option<u32> {
    let rest = upload_ref
        .strip_prefix(view_id)?
        .strip_prefix(COMPONENT_MARK)?;
    let (cid, _) = rest.split_once('-')?;
    cid.parse().ok()
}

/// An upload a view allowed: its options and the entries the client chose. Keep it as an
/// assign; the runtime updates it as the client picks files, sends them and reports progress
/// (and marks the assign changed, so templates reading it render again).
pub struct Upload {
    name: String,
    reference: String,
    options: UploadOptions,
    entries: Vec<UploadEntry>,
}

impl std::fmt::Debug for Upload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Upload")
            .field("name", &self.name)
            .field("ref", &self.reference)
            .field("options", &self.options)
            .field("entries", &self.entries)
            .finish()
    }
}

/// An entry's progress, as [`LiveView::handle_progress`] (or, for an upload a component
/// allowed, [`LiveComponent::handle_progress`](crate::LiveComponent::handle_progress))
/// receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadProgress {
    /// The upload's name.
    pub upload: String,
    /// The upload's ref ([`Upload::reference`]).
    pub upload_ref: String,
    /// The entry's ref ([`UploadEntry::reference`]).
    pub entry_ref: String,
    /// The progress in percent.
    pub progress: u8,
    /// Whether the whole file arrived.
    pub done: bool,
}

/// The limits of one entry's transfer, for the server's upload channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant {
    /// The bytes the client declared: exactly these are received.
    pub size: u64,
    /// The largest chunk.
    pub chunk_size: u32,
    /// The wait for each chunk.
    pub chunk_timeout: Duration,
}

/// Why an upload channel's join is refused (its `reason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinRefusal {
    /// Another channel already receives that entry.
    AlreadyRegistered,
    /// No such entry, or one that is invalid, not preflighted, done or external.
    Disallowed,
}

impl JoinRefusal {
    /// The wire reason (`already_registered`, `disallowed`).
    pub fn reason(self) -> &'static str {
        match self {
            JoinRefusal::AlreadyRegistered => "already_registered",
            JoinRefusal::Disallowed => "disallowed",
        }
    }
}

/// The outcome of a preflight for the reply: tokens go to entry refs, errors to entry or
/// upload refs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Preflight {
    /// Channel entries to make tokens for.
    pub(crate) channel: Vec<String>,
    /// External entries and their metadata.
    pub(crate) external: Vec<(String, Value)>,
    /// `(ref, code)` of every error among the requested entries (and `too_many_files`).
    pub(crate) errors: Vec<(String, &'static str)>,
}

impl Upload {
    pub(crate) fn new(name: &str, reference: String, options: UploadOptions) -> Upload {
        Upload {
            name: name.to_owned(),
            reference,
            options,
            entries: Vec::new(),
        }
    }

    /// The upload's name (the input's `name`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The upload's ref: the input's id and `data-phx-upload-ref`, the `phx-drop-target` of a
    /// drop zone.
    pub fn reference(&self) -> &str {
        &self.reference
    }

    /// The upload's options.
    pub fn options(&self) -> &UploadOptions {
        &self.options
    }

    /// The entries the client chose, in order, valid or not.
    pub fn entries(&self) -> &[UploadEntry] {
        &self.entries
    }

    /// The entry with ref `entry_ref`.
    pub fn entry(&self, entry_ref: &str) -> Option<&UploadEntry> {
        self.entries.iter().find(|e| e.reference == entry_ref)
    }

    /// The errors of the upload itself (not of an entry): too many files.
    pub fn errors(&self) -> Vec<UploadError> {
        if self.entries.len() > self.options.max_entries {
            vec![UploadError::TooManyFiles]
        } else {
            Vec::new()
        }
    }

    /// Whether the upload or one of its entries has an error.
    pub fn has_errors(&self) -> bool {
        !self.errors().is_empty() || self.entries.iter().any(|e| !e.is_valid())
    }

    /// The entries that finished and those still going: `(done, in progress)`.
    pub fn uploaded_entries(&self) -> (Vec<&UploadEntry>, Vec<&UploadEntry>) {
        self.entries.iter().partition(|e| e.done)
    }

    /// Drops the entry `entry_ref` (a cancel button's `phx-value-ref`): its upload channel
    /// closes, its temporary file is deleted, and the client stops sending it. False when
    /// there is no such entry.
    pub fn cancel_entry(&mut self, entry_ref: &str) -> bool {
        let before = self.entries.len();
        self.entries.retain(|e| e.reference != entry_ref);
        self.entries.len() != before
    }

    /// Drops every entry (see [`cancel_entry`](Upload::cancel_entry)).
    pub fn cancel_all(&mut self) {
        self.entries.clear();
    }

    /// Hands each finished entry's temporary file to `consume` and then drops the entry (its
    /// file is deleted when `consume` returns: copy or move it elsewhere inside). Returns what
    /// `consume` returned for each, in order.
    ///
    /// An error while entries are still uploading (a submit waits for them, so this means a
    /// client out of step), or the first error `consume` returns: that entry and the ones after
    /// it are kept. External entries are consumed with
    /// [`consume_external_entries`](Upload::consume_external_entries).
    pub fn consume_uploaded_entries<T>(
        &mut self,
        mut consume: impl FnMut(&Path, &UploadEntry) -> Result<T, ViewError>,
    ) -> Result<Vec<T>, ViewError> {
        self.consume_all(UploadEntry::path, &mut consume)
    }

    /// Like [`consume_uploaded_entries`](Upload::consume_uploaded_entries) for the one entry
    /// `entry_ref`: `Ok(None)` when it is not a finished entry.
    pub fn consume_uploaded_entry<T>(
        &mut self,
        entry_ref: &str,
        consume: impl FnOnce(&Path, &UploadEntry) -> Result<T, ViewError>,
    ) -> Result<Option<T>, ViewError> {
        self.consume_next(Some(entry_ref), UploadEntry::path, consume)
    }

    /// Hands each finished external entry's metadata to `consume` and drops the entry.
    pub fn consume_external_entries<T>(
        &mut self,
        mut consume: impl FnMut(&Value, &UploadEntry) -> Result<T, ViewError>,
    ) -> Result<Vec<T>, ViewError> {
        self.consume_all(UploadEntry::external_meta, &mut consume)
    }

    /// Like [`consume_external_entries`](Upload::consume_external_entries) for the one entry
    /// `entry_ref`: `Ok(None)` when it is not a finished external entry.
    pub fn consume_external_entry<T>(
        &mut self,
        entry_ref: &str,
        consume: impl FnOnce(&Value, &UploadEntry) -> Result<T, ViewError>,
    ) -> Result<Option<T>, ViewError> {
        self.consume_next(Some(entry_ref), UploadEntry::external_meta, consume)
    }

    /// Consumes every finished entry `handed` gives something for (its file's path, its
    /// external metadata), in order, once nothing is still uploading.
    fn consume_all<H: ?Sized, T>(
        &mut self,
        handed: fn(&UploadEntry) -> Option<&H>,
        mut consume: impl FnMut(&H, &UploadEntry) -> Result<T, ViewError>,
    ) -> Result<Vec<T>, ViewError> {
        self.check_nothing_in_progress()?;
        let mut results = Vec::new();
        while let Some(result) = self.consume_next(None, handed, &mut consume)? {
            results.push(result);
        }
        Ok(results)
    }

    /// Hands the first finished entry (the one `only` names, when given) that `handed` gives
    /// something for to `consume`, then drops the entry and with it its file. `Ok(None)` when
    /// there is no such entry; on an error from `consume` the entry is kept.
    fn consume_next<H: ?Sized, T>(
        &mut self,
        only: Option<&str>,
        handed: fn(&UploadEntry) -> Option<&H>,
        consume: impl FnOnce(&H, &UploadEntry) -> Result<T, ViewError>,
    ) -> Result<Option<T>, ViewError> {
        let Some(index) = self
            .entries
            .iter()
            .position(|e| e.done && only.is_none_or(|r| e.reference == r) && handed(e).is_some())
        else {
            return Ok(None);
        };
        let entry = &self.entries[index];
        let Some(what) = handed(entry) else {
            return Ok(None);
        };
        let result = consume(what, entry)?;
        self.entries.remove(index);
        Ok(Some(result))
    }

    fn check_nothing_in_progress(&self) -> Result<(), ViewError> {
        if self
            .entries
            .iter()
            .any(|e| e.is_valid() && e.preflighted && !e.done)
        {
            return Err(ViewError::new(format!(
                "cannot consume the entries of upload {:?} while some are still uploading",
                self.name
            )));
        }
        Ok(())
    }

    /// The comma-joined refs of the entries matching `keep` (for the input's `data-phx-*-refs`).
    pub(crate) fn refs(&self, keep: impl Fn(&UploadEntry) -> bool) -> String {
        let mut out = String::new();
        for entry in self.entries.iter().filter(|e| keep(e)) {
            if !out.is_empty() {
                out.push(',');
            }
            out.push_str(&entry.reference);
        }
        out
    }

    /// `data-phx-error-refs`: invalid entries, and the upload's own ref for too many files.
    pub(crate) fn error_refs(&self) -> Option<String> {
        let mut refs = self.refs(|e| !e.is_valid());
        if !self.errors().is_empty() {
            if !refs.is_empty() {
                refs.push(',');
            }
            refs.push_str(&self.reference);
        }
        (!refs.is_empty()).then_some(refs)
    }

    /// Takes in the files a client lists (a form change's `uploads`, a preflight's `entries`):
    /// new refs become entries, validated; with `max_entries` 1, one new file replaces the
    /// old. At most 256 descriptions are looked at.
    pub(crate) fn put_entries(&mut self, listed: &[Value]) -> bool {
        let new: Vec<UploadEntry> = listed
            .iter()
            .take(256)
            .filter_map(UploadEntry::from_client)
            .filter(|e| self.entry(&e.reference).is_none())
            .collect();
        if new.is_empty() {
            return false;
        }
        if self.options.max_entries == 1 && new.len() == 1 {
            self.entries.clear();
        }
        for mut entry in new {
            if self.entries.iter().any(|e| e.reference == entry.reference) {
                continue;
            }
            entry.upload_ref.clone_from(&self.reference);
            if entry.is_valid() && entry.client_size > self.options.max_file_size {
                entry.errors.push(UploadError::TooLarge);
            }
            if !self
                .options
                .accept
                .allows(&entry.client_name, &entry.client_type)
            {
                entry.errors.push(UploadError::NotAccepted);
            }
            // Beyond what anyone would choose at once: kept out, not only flagged.
            if self.entries.len() >= self.options.max_entries.saturating_add(64) {
                break;
            }
            self.entries.push(entry);
        }
        true
    }

    /// The preflight of the entries `requested` (refs): the valid ones within `max_entries`
    /// get the go-ahead.
    pub(crate) fn preflight(&mut self, requested: &[String]) -> Preflight {
        let mut out = Preflight {
            channel: Vec::new(),
            external: Vec::new(),
            errors: Vec::new(),
        };
        let max = self.options.max_entries;
        let too_many = self.entries.len() > max;
        for (index, entry) in self.entries.iter_mut().enumerate() {
            if !requested.contains(&entry.reference) {
                continue;
            }
            if let Some(error) = entry.errors.first() {
                out.errors.push((entry.reference.clone(), error.code()));
                continue;
            }
            if index >= max || entry.done {
                continue;
            }
            match &self.options.external {
                None => {
                    if entry.transfer == Transfer::Pending {
                        entry.transfer = Transfer::Channel {
                            joined: false,
                            written: false,
                        };
                    }
                    if matches!(entry.transfer, Transfer::Channel { joined: false, .. }) {
                        entry.preflighted = true;
                        out.channel.push(entry.reference.clone());
                    }
                }
                Some(external) => match external(entry) {
                    Ok(meta) => {
                        entry.preflighted = true;
                        entry.transfer = Transfer::External(meta.clone());
                        out.external.push((entry.reference.clone(), meta));
                    }
                    Err(why) => {
                        let error = UploadError::External(why);
                        out.errors.push((entry.reference.clone(), error.code()));
                        entry.errors.push(error);
                    }
                },
            }
        }
        if too_many {
            out.errors
                .push((self.reference.clone(), UploadError::TooManyFiles.code()));
        }
        out
    }

    /// The preflight reply's members besides the diff.
    pub(crate) fn preflight_reply(
        &self,
        preflight: &Preflight,
        token: &mut dyn FnMut(&str) -> String,
    ) -> Map<String, Value> {
        let mut reply = Map::new();
        reply.insert("ref".into(), self.reference.clone().into());
        if !self.options.auto_upload && !preflight.errors.is_empty() {
            let errors: Vec<Value> = preflight
                .errors
                .iter()
                .map(|(r, code)| json!([r, code]))
                .collect();
            reply.insert("error".into(), errors.into());
            return reply;
        }
        let mut entries = Map::new();
        for entry_ref in &preflight.channel {
            entries.insert(entry_ref.clone(), token(entry_ref).into());
        }
        for (entry_ref, meta) in &preflight.external {
            entries.insert(entry_ref.clone(), meta.clone());
        }
        let mut errors = Map::new();
        for (r, code) in &preflight.errors {
            errors.insert(r.clone(), json!([code]));
        }
        reply.insert(
            "config".into(),
            json!({
                "chunk_size": self.options.chunk_size,
                "chunk_timeout": u64::try_from(self.options.chunk_timeout.as_millis()).unwrap_or(u64::MAX),
                "max_entries": self.options.max_entries,
                "max_file_size": self.options.max_file_size,
            }),
        );
        reply.insert("entries".into(), entries.into());
        reply.insert("errors".into(), errors.into());
        reply
    }

    /// An upload channel asks to receive the entry `entry_ref` into `store`.
    pub(crate) fn join_entry(
        &mut self,
        entry_ref: &str,
        store: Box<dyn EntryStore>,
    ) -> Result<Grant, JoinRefusal> {
        let chunk_size = self.options.chunk_size;
        let chunk_timeout = self.options.chunk_timeout;
        let entry = self
            .entries
            .iter_mut()
            .find(|e| e.reference == entry_ref)
            .ok_or(JoinRefusal::Disallowed)?;
        match entry.transfer {
            Transfer::Channel { joined: true, .. } => Err(JoinRefusal::AlreadyRegistered),
            Transfer::Channel {
                joined: false,
                written,
            } if entry.preflighted && entry.is_valid() && !entry.done => {
                entry.transfer = Transfer::Channel {
                    joined: true,
                    written,
                };
                entry.store = Some(store);
                Ok(Grant {
                    size: entry.client_size,
                    chunk_size,
                    chunk_timeout,
                })
            }
            _ => Err(JoinRefusal::Disallowed),
        }
    }

    /// The server stored every declared byte of `entry_ref`.
    pub(crate) fn entry_written(&mut self, entry_ref: &str) -> bool {
        match self.entries.iter_mut().find(|e| e.reference == entry_ref) {
            Some(entry) if matches!(entry.transfer, Transfer::Channel { joined: true, .. }) => {
                entry.transfer = Transfer::Channel {
                    joined: true,
                    written: true,
                };
                true
            }
            _ => false,
        }
    }

    /// The transfer of `entry_ref` failed: the entry shows `error`, its file is gone.
    pub(crate) fn entry_failed(&mut self, entry_ref: &str, error: UploadError) -> bool {
        match self.entries.iter_mut().find(|e| e.reference == entry_ref) {
            Some(entry) if !entry.done => {
                entry.store = None;
                if !entry.errors.contains(&error) {
                    entry.errors.push(error);
                }
                true
            }
            _ => false,
        }
    }

    /// A `progress` message for `entry_ref`: a percentage, or `{"error": reason}`. Returns
    /// whether it changed the entry. A channel entry reaches 100 only once the server has
    /// every byte.
    pub(crate) fn progress(&mut self, entry_ref: &str, progress: &Value) -> bool {
        let Some(entry) = self.entries.iter_mut().find(|e| e.reference == entry_ref) else {
            return false;
        };
        if let Some(reason) = progress.get("error") {
            let error = match entry.transfer {
                Transfer::External(_) => UploadError::ExternalClientFailure,
                _ => {
                    let mut why = reason.as_str().unwrap_or("failed").to_owned();
                    why.truncate(why.floor_char_boundary_compat(200));
                    UploadError::Writer(why)
                }
            };
            if entry.errors.is_empty() && !entry.done {
                entry.store = None;
                entry.errors.push(error);
                return true;
            }
            return false;
        }
        let Some(percent) = progress.as_u64() else {
            return false;
        };
        if !entry.preflighted || !entry.is_valid() || entry.done {
            return false;
        }
        let mut percent = u8::try_from(percent.min(100)).unwrap_or(100);
        if percent == 100 && matches!(entry.transfer, Transfer::Channel { written: false, .. }) {
            percent = 99;
        }
        if percent <= entry.progress {
            return false;
        }
        entry.progress = percent;
        entry.done = percent == 100;
        true
    }
}

/// `floor_char_boundary` for the Rust versions this crate supports.
trait FloorCharBoundary {
    fn floor_char_boundary_compat(&self, index: usize) -> usize;
}

impl FloorCharBoundary for String {
    fn floor_char_boundary_compat(&self, index: usize) -> usize {
        let mut index = index.min(self.len());
        while !self.is_char_boundary(index) {
            index -= 1;
        }
        index
    }
}
