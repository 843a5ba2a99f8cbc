//! Uploads in the harness: files chosen in an upload input, then sent as the official client
//! sends them (the change listing them, the preflight, the entry's upload channel, chunks,
//! `progress`), through the same [`ViewChannel`](live_core::protocol::ViewChannel) calls the
//! server's upload channel makes; the bytes go to a temporary file as on the server.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use live_core::upload::{EntryStore, Grant};
use serde_json::{json, Value};

use super::dom::Document;
use super::error::TestError;
use super::selector::Selector;
use super::view::TestView;

/// One file given to [`TestView::file_input`].
#[derive(Debug, Clone)]
struct TestFile {
    name: String,
    mime: String,
    content: Vec<u8>,
}

/// A file a test chose, and how far its upload got.
#[derive(Debug)]
pub(super) struct Chosen {
    reference: String,
    upload_ref: String,
    grant: Option<Grant>,
    path: Option<PathBuf>,
    /// An external upload: the page's uploader sends the bytes elsewhere, only `progress`
    /// reaches the view.
    external: bool,
    written: u64,
    progress: u64,
}

/// The files chosen on one test view, by (input name, file name).
#[derive(Debug, Default)]
pub(super) struct ChosenFiles {
    next_ref: u64,
    files: HashMap<(String, String), Chosen>,
}

/// The harness's store of an entry's bytes: a temporary file, deleted with the entry.
struct TestStore {
    path: PathBuf,
}

impl EntryStore for TestStore {
    fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TestStore {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

impl TestStore {
    fn create() -> Result<TestStore, TestError> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir().join("live-test-uploads");
        std::fs::create_dir_all(&dir).map_err(|e| TestError::Upload(e.to_string()))?;
        let path = dir.join(format!(
            "{}-{}.upload",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::File::create(&path).map_err(|e| TestError::Upload(e.to_string()))?;
        Ok(TestStore { path })
    }
}

/// Files chosen in an upload input of a [`TestView`], ready to upload (see
/// [`TestView::file_input`]). The harness remembers each file's progress on the view, so a
/// `FileInput` made again for the same input and file goes on where the last one stopped.
pub struct FileInput<'v> {
    view: &'v mut TestView,
    form: String,
    name: String,
    files: Vec<TestFile>,
}

impl std::fmt::Debug for FileInput<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileInput")
            .field("form", &self.form)
            .field("name", &self.name)
            .field(
                "files",
                &self.files.iter().map(|f| &f.name).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl<'v> FileInput<'v> {
    pub(super) fn new(
        view: &'v mut TestView,
        form: &str,
        name: &str,
        files: &[(&str, &str, &[u8])],
    ) -> Self {
        FileInput {
            view,
            form: form.to_owned(),
            name: name.to_owned(),
            files: files
                .iter()
                .map(|(name, mime, content)| TestFile {
                    name: (*name).to_owned(),
                    mime: (*mime).to_owned(),
                    content: content.to_vec(),
                })
                .collect(),
        }
    }

    /// Chooses the files: the form's `phx-change` listing them under `uploads`, as the client
    /// sends it when files are picked or dropped. The view validates them (too large, not
    /// accepted, too many), which the returned HTML shows.
    ///
    /// ```
    /// # let router = live_server::testing::__fixture::router();
    /// let mut view = live_server::testing::live(&router, "/upload")?;
    /// let html = view.file_input("#avatar-form", "avatar", &[("notes.txt", "text/plain", &b"hi"[..])]).render_change()?;
    /// assert!(html.contains("notes.txt: 0%") && html.contains("not_accepted"), "{html}");
    /// # Ok::<(), live_server::testing::TestError>(())
    /// ```
    pub fn render_change(&mut self) -> Result<String, TestError> {
        self.view.start()?;
        self.choose()?;
        Ok(self.view.render())
    }

    /// Uploads `percent` of the file `file` (0 to 100): chooses it if needed, preflights it
    /// (`allow_upload`), joins its upload channel, sends the chunks up to that point and the
    /// `progress` the client sends after them. For an external upload (the preflight gives the
    /// page's uploader metadata, not a token) only the uploader's `progress` is sent. Refused
    /// ([`TestError::Upload`]) when the entry has errors or the view does not let it upload.
    pub fn render_upload(&mut self, file: &str, percent: u8) -> Result<String, TestError> {
        self.view.start()?;
        let index = self
            .files
            .iter()
            .position(|f| f.name == file)
            .ok_or_else(|| TestError::Upload(format!("no file named {file:?} was given")))?;
        self.choose()?;
        self.upload(index, u64::from(percent.min(100)))?;
        Ok(self.view.render())
    }

    /// Uploads every file to 100 %.
    pub fn render_upload_all(&mut self) -> Result<String, TestError> {
        self.view.start()?;
        self.choose()?;
        for index in 0..self.files.len() {
            self.upload(index, 100)?;
        }
        Ok(self.view.render())
    }

    /// The upload input: its ref and whether `entry_ref` is active, has errors.
    fn input(&mut self) -> Result<(String, Vec<String>, Vec<String>), TestError> {
        let doc = Document::parse(&self.view.render());
        let form = Selector::parse(&self.form).map_err(TestError::Selector)?;
        let forms = form.select(&doc);
        let [form] = forms.as_slice() else {
            return Err(TestError::Element(format!(
                "selector {:?} matches {} elements, one form was expected",
                self.form,
                forms.len()
            )));
        };
        let input = doc
            .descendants(*form)
            .into_iter()
            .find(|&n| {
                doc.name(n) == Some("input")
                    && doc.attr(n, "type") == Some("file")
                    && doc.attr(n, "name") == Some(self.name.as_str())
                    && doc.attr(n, "data-phx-upload-ref").is_some()
            })
            .ok_or_else(|| {
                TestError::Element(format!(
                    "form {:?} has no live file input named {:?}",
                    self.form, self.name
                ))
            })?;
        let refs = |attr: &str| -> Vec<String> {
            doc.attr(input, attr)
                .unwrap_or_default()
                .split(',')
                .filter(|r| !r.is_empty())
                .map(str::to_owned)
                .collect()
        };
        Ok((
            doc.attr(input, "data-phx-upload-ref")
                .unwrap_or_default()
                .to_owned(),
            refs("data-phx-active-refs"),
            refs("data-phx-error-refs"),
        ))
    }

    /// Sends the change listing the files not chosen yet (with those already chosen, as the
    /// client does); nothing when every file is chosen.
    fn choose(&mut self) -> Result<(), TestError> {
        let (upload_ref, _, _) = self.input()?;
        let key = |f: &TestFile| (self.name.clone(), f.name.clone());
        if self
            .files
            .iter()
            .all(|f| self.view.chosen_files().files.contains_key(&key(f)))
        {
            return Ok(());
        }
        let mut listed = Vec::new();
        for file in &self.files {
            let chosen = self.view.chosen_files();
            let reference = match chosen.files.get(&key(file)) {
                Some(existing) => existing.reference.clone(),
                None => {
                    let reference = chosen.next_ref.to_string();
                    chosen.next_ref += 1;
                    chosen.files.insert(
                        key(file),
                        Chosen {
                            reference: reference.clone(),
                            upload_ref: upload_ref.clone(),
                            grant: None,
                            path: None,
                            external: false,
                            written: 0,
                            progress: 0,
                        },
                    );
                    reference
                }
            };
            listed.push(json!({
                "path": self.name, "ref": reference, "last_modified": 0, "name": file.name,
                "relative_path": "", "type": file.mime, "size": file.content.len(),
            }));
        }
        let uploads = json!({ upload_ref: listed });
        let form = self.form.clone();
        let name = self.name.clone();
        self.view
            .form(&form, ())
            .target(&name)
            .with_uploads(uploads)
            .render_change()?;
        Ok(())
    }

    /// Preflights, joins and sends file `index` up to `percent`.
    fn upload(&mut self, index: usize, percent: u64) -> Result<(), TestError> {
        let file = self.files[index].clone();
        let key = (self.name.clone(), file.name.clone());
        let Some(chosen) = self.view.chosen_files().files.get(&key) else {
            return Err(TestError::Upload(format!("{:?} was not chosen", file.name)));
        };
        let entry_ref = chosen.reference.clone();
        let upload_ref = chosen.upload_ref.clone();
        let (_, active, errors) = self.input()?;
        if !active.contains(&entry_ref) {
            return Err(TestError::Upload(format!(
                "{:?} (entry {entry_ref}) is not an entry of the upload any more",
                file.name
            )));
        }
        if errors.contains(&entry_ref) || errors.contains(&upload_ref) {
            let response = self.preflight(&upload_ref, &entry_ref, &file)?;
            return Err(TestError::Upload(response.to_string()));
        }
        let external = self.chosen(&key)?.external;
        if self.chosen(&key)?.grant.is_none() && !external {
            let response = self.preflight(&upload_ref, &entry_ref, &file)?;
            if response.get("error").is_some() || response["entries"].get(&entry_ref).is_none() {
                return Err(TestError::Upload(response.to_string()));
            }
            if response["entries"][&entry_ref].is_object() {
                // The page's uploader would send the file elsewhere and report progress.
                self.chosen(&key)?.external = true;
                return self.report_progress(&key, &upload_ref, &entry_ref, percent);
            }
            let store = TestStore::create()?;
            let path = store.path.clone();
            let grant = self
                .view
                .channel_mut()?
                .upload_join(&upload_ref, &entry_ref, Box::new(store))
                .map_err(|refusal| TestError::Upload(refusal.reason().to_owned()))?;
            let chosen = self.chosen(&key)?;
            chosen.grant = Some(grant);
            chosen.path = Some(path);
        }
        if external {
            return self.report_progress(&key, &upload_ref, &entry_ref, percent);
        }
        let chosen = self.chosen(&key)?;
        let (Some(grant), Some(path)) = (chosen.grant, chosen.path.clone()) else {
            return Err(TestError::Upload("not joined".into()));
        };
        let size = file.content.len() as u64;
        let target = size * percent / 100;
        let mut written = chosen.written;
        if target > written {
            let mut out = std::fs::OpenOptions::new()
                .append(true)
                .open(&path)
                .map_err(|e| TestError::Upload(format!("the entry's file is gone: {e}")))?;
            while written < target {
                let end = (written + u64::from(grant.chunk_size)).min(target);
                let chunk = usize::try_from(written).unwrap_or(usize::MAX)
                    ..usize::try_from(end).unwrap_or(usize::MAX);
                out.write_all(&file.content[chunk])
                    .map_err(|e| TestError::Upload(e.to_string()))?;
                written = end;
            }
        }
        let chosen = self.chosen(&key)?;
        chosen.written = written;
        if written == size {
            self.view
                .channel_mut()?
                .upload_written(&upload_ref, &entry_ref);
        }
        let progress = (written * 100).checked_div(size).unwrap_or(100);
        if progress > self.chosen(&key)?.progress {
            self.chosen(&key)?.progress = progress;
            let payload = json!({"event": null, "ref": upload_ref, "entry_ref": entry_ref, "progress": progress});
            self.view.client_push("progress", payload)?;
        }
        Ok(())
    }

    /// The `progress` an external uploader reports at `percent`.
    fn report_progress(
        &mut self,
        key: &(String, String),
        upload_ref: &str,
        entry_ref: &str,
        percent: u64,
    ) -> Result<(), TestError> {
        if percent > self.chosen(key)?.progress {
            self.chosen(key)?.progress = percent;
            let payload = json!({"event": null, "ref": upload_ref, "entry_ref": entry_ref, "progress": percent});
            self.view.client_push("progress", payload)?;
        }
        Ok(())
    }

    fn preflight(
        &mut self,
        upload_ref: &str,
        entry_ref: &str,
        file: &TestFile,
    ) -> Result<Value, TestError> {
        let payload = json!({"ref": upload_ref, "entries": [{
            "last_modified": 0, "name": file.name, "relative_path": "", "size": file.content.len(),
            "type": file.mime, "ref": entry_ref,
        }]});
        self.view.client_push("allow_upload", payload)
    }

    fn chosen(&mut self, key: &(String, String)) -> Result<&mut Chosen, TestError> {
        self.view
            .chosen_files()
            .files
            .get_mut(key)
            .ok_or_else(|| TestError::Upload(format!("{:?} was not chosen", key.1)))
    }
}
