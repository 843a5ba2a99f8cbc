//! The uploads demo: photos chosen or dropped, previewed, uploaded in chunks with progress,
//! and saved on submit; an avatar uploaded as soon as it is chosen.
//!
//! - **Choosing files**: the `photos` input (up to [`MAX_PHOTOS`] images or text files of at
//!   most [`MAX_PHOTO_BYTES`]) sits in a drop zone (`phx-drop-target`); each chosen file shows
//!   at once with a preview, a progress bar, a cancel button and its errors (too large, not
//!   accepted), and the form shows "too many files". The server validates each file when the
//!   form changes; the browser's `accept` is only a hint.
//! - **Uploading**: submitting sends the files in chunks over their own channels; each chunk's
//!   acknowledgement moves its progress bar. The submit reaches the server once every file
//!   arrived; [`Gallery`] then moves them into the save directory and lists them.
//! - **Auto upload**: the `avatar` input uploads as soon as a file is chosen and the view
//!   saves it in `handle_progress` when it is done.
//! - **External upload**: the `cloud` input's files go to "object storage" straight from the
//!   browser: the view's `external` function gives each entry the key to store it under and the
//!   name of the page's uploader ([`UPLOADERS`], a stand-in for a presigned-URL upload that reads
//!   the file and reports progress without sending it anywhere); the view records the key when
//!   the uploader reports 100 %.
//! - **Uploads in a component**: the [`Documents`] LiveComponent allows its own upload; its
//!   form targets the component (`phx-target={@myself}`), so the chosen files, the preflight,
//!   the progress and the submit that consumes them all reach the component, not the page.
//!
//! ```
//! use live_core::{Event, Params};
//! use live_server::testing::live;
//!
//! let dir = std::env::temp_dir().join(format!("uploads-doc-{}", std::process::id()));
//! let mut view = live(&uploads::router(dir.clone()), "/")?;
//! let html = view
//!     .file_input("#photos-form", "photos", &[("cat.png", "image/png", &b"not really a png"[..])])
//!     .render_upload_all()?;
//! assert!(html.contains("cat.png"), "{html}");
//! let html = view.form("#photos-form", ()).render_submit()?;
//! assert!(html.contains("cat.png (16 bytes)"), "{html}");
//! # std::fs::remove_dir_all(&dir).ok();
//! # Ok::<(), live_server::testing::TestError>(())
//! ```

use std::path::{Path, PathBuf};

use live_core::components::header;
use live_core::live_component::ComponentSocket;
use live_core::upload::{live_file_input, live_img_preview, UploadError, UploadProgress};
use live_core::{
    html, Assigns, Event, LiveComponent, LiveView, Params, Rendered, Session, Socket, Upload,
    UploadEntry, UploadOptions, ViewError,
};
use live_server::Router;

/// How many photos one submit may carry.
pub const MAX_PHOTOS: usize = 3;

/// The largest photo, in bytes.
pub const MAX_PHOTO_BYTES: u64 = 25_000_000;

/// The largest avatar, in bytes.
pub const MAX_AVATAR_BYTES: u64 = 2_000_000;

/// The page's uploaders (put in the page head with `Config::head_html`): `Cloud` stands in for
/// an object storage upload, reading the file in ten steps and reporting each as progress.
pub const UPLOADERS: &str = r#"<script>
window.liveUploaders = {
  Cloud(entries) {
    entries.forEach((entry) => {
      const size = entry.file.size;
      const step = Math.max(1, Math.ceil(size / 10));
      let read = 0;
      const next = () => {
        const slice = entry.file.slice(read, read + step);
        slice.arrayBuffer().then((bytes) => {
          read += bytes.byteLength;
          entry.progress(Math.floor((read / size) * 100));
          if (read < size) setTimeout(next, 10);
        }, () => entry.error("cannot read the file"));
      };
      next();
    });
  },
};
</script>"#;

/// Where saved files go (the router's state).
#[derive(Debug, Clone)]
pub struct SaveDir(pub PathBuf);

/// A file the view saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// The name the user's file had.
    pub name: String,
    /// Its size in bytes.
    pub bytes: u64,
}

/// The page: the photos form, the avatar and the saved files.
#[derive(LiveView)]
pub struct Gallery {
    /// Where saved files go.
    dir: PathBuf,
    photos: Upload,
    avatar: Upload,
    saved: Vec<Saved>,
    avatar_saved: Option<Saved>,
    cloud: Upload,
    /// `name → key` of each file the cloud stored.
    stored: Vec<String>,
}

/// The message shown for an upload error.
pub fn error_text(error: &UploadError) -> String {
    match error {
        UploadError::TooLarge => format!("Too large: at most {} MB", MAX_PHOTO_BYTES / 1_000_000),
        UploadError::NotAccepted => "Not an image or a text file".to_owned(),
        UploadError::TooManyFiles => format!("Too many files: at most {MAX_PHOTOS}"),
        other => other.to_string(),
    }
}

/// Moves an uploaded file into `dir` under a fresh name; returns its size.
fn save(path: &Path, entry: &UploadEntry, dir: &Path) -> Result<Saved, ViewError> {
    let safe: String = entry
        .client_name()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    std::fs::create_dir_all(dir)?;
    let target = dir.join(format!("{}-{safe}", entry.reference()));
    // The temporary file may live on another file system: copy when a move cannot.
    if std::fs::rename(path, &target).is_err() {
        std::fs::copy(path, &target)?;
    }
    let bytes = std::fs::metadata(&target)?.len();
    Ok(Saved {
        name: entry.client_name().to_owned(),
        bytes,
    })
}

fn save_dir(socket: &Socket<Gallery>) -> PathBuf {
    socket.state::<SaveDir>().map_or_else(
        || std::env::temp_dir().join("saved-uploads"),
        |d| d.0.clone(),
    )
}

/// A component with its own upload: documents chosen, uploaded on submit and saved into the
/// directory its parent gives it. It counts the progress reports it received (they come to the
/// component's `handle_progress`, not the page's).
#[derive(LiveComponent)]
pub struct Documents {
    docs: Upload,
    dir: PathBuf,
    saved: Vec<Saved>,
    progress_reports: u32,
}

impl LiveComponent for Documents {
    /// The directory saved documents go to.
    type Attrs = PathBuf;

    fn mount(dir: &PathBuf, socket: &mut ComponentSocket<Self>) -> Result<Self, ViewError> {
        let options = UploadOptions::new()
            .accept([".txt", ".pdf", ".md"])
            .max_entries(2)
            .max_file_size(MAX_PHOTO_BYTES);
        Ok(Documents {
            docs: socket.allow_upload("docs", options),
            dir: dir.clone(),
            saved: Vec::new(),
            progress_reports: 0,
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        _: &mut ComponentSocket<Self>,
    ) -> Result<(), ViewError> {
        match event.name() {
            "cancel" => {
                let entry: String = event.params().get("ref")?;
                assigns.docs_mut().cancel_entry(&entry);
            }
            "save" => {
                let dir = assigns.dir.join("documents");
                let saved = assigns
                    .docs_mut()
                    .consume_uploaded_entries(|path, entry| save(path, entry, &dir))?;
                assigns.saved_mut().extend(saved);
            }
            _ => {}
        }
        Ok(())
    }

    fn handle_progress(
        assigns: &mut Assigns<Self>,
        _: &UploadProgress,
        _: &mut ComponentSocket<Self>,
    ) -> Result<(), ViewError> {
        assigns.update_progress_reports(|n| *n += 1);
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <section id="documents" class="card">
                <h2>Documents (a component)</h2>
                <form id="docs-form" phx-change="validate" phx-submit="save" phx-target={@myself}>
                    <.live_file_input upload={&@docs}/>
                    <ul id="doc-entries" class="rows">
                        <li :for={entry in @docs.entries()} class="doc-entry">
                            <span class="name">{entry.client_name()}</span>
                            <span class="percent">{entry.progress()}%</span>
                            <button type="button" class="cancel btn btn-ghost" phx-click="cancel" phx-target={@myself} phx-value-ref={entry.reference()} aria-label="cancel">x</button>
                            <p :for={error in entry.errors()} class="error entry-error">{error_text(error)}</p>
                        </li>
                    </ul>
                    <div class="actions"><button type="submit" id="save-docs" class="btn btn-primary">Upload documents</button></div>
                </form>
                <p id="doc-progress-reports">{@progress_reports} progress reports</p>
                <ul id="docs-saved" class="rows">
                    <li :for={file in @saved.iter()}>{&file.name} ({file.bytes} bytes)</li>
                </ul>
            </section>
        }
    }
}

impl LiveView for Gallery {
    type Info = ();

    fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        let photos = UploadOptions::new()
            .accept([".jpg", ".jpeg", ".png", ".gif", "image/webp", ".txt"])
            .max_entries(MAX_PHOTOS)
            .max_file_size(MAX_PHOTO_BYTES);
        let avatar = UploadOptions::new()
            .accept(["image/*"])
            .max_file_size(MAX_AVATAR_BYTES)
            .auto_upload(true);
        let cloud = UploadOptions::new()
            .max_entries(2)
            .max_file_size(MAX_PHOTO_BYTES)
            .auto_upload(true)
            .external(|entry| {
                let key = format!("cloud/{}-{}", entry.reference(), entry.client_name());
                Ok(serde_json::json!({ "uploader": "Cloud", "key": key }))
            });
        Ok(Gallery {
            dir: save_dir(socket),
            photos: socket.allow_upload("photos", photos),
            avatar: socket.allow_upload("avatar", avatar),
            saved: Vec::new(),
            avatar_saved: None,
            cloud: socket.allow_upload("cloud", cloud),
            stored: Vec::new(),
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match event.name() {
            "cancel" => {
                let entry: String = event.params().get("ref")?;
                assigns.photos_mut().cancel_entry(&entry);
            }
            "save" => {
                let dir = save_dir(socket);
                let saved = assigns
                    .photos_mut()
                    .consume_uploaded_entries(|path, entry| save(path, entry, &dir))?;
                assigns.saved_mut().extend(saved);
            }
            // The chosen files are taken in by the runtime before this runs.
            _ => {}
        }
        Ok(())
    }

    fn handle_progress(
        assigns: &mut Assigns<Self>,
        progress: &UploadProgress,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        if progress.upload == "avatar" && progress.done {
            let dir = save_dir(socket);
            let saved = assigns
                .avatar_mut()
                .consume_uploaded_entry(&progress.entry_ref, |path, entry| {
                    save(path, entry, &dir)
                })?;
            if saved.is_some() {
                assigns.set_avatar_saved(saved);
            }
        }
        if progress.upload == "cloud" && progress.done {
            let stored = assigns.cloud_mut().consume_external_entry(
                &progress.entry_ref,
                |meta, entry| {
                    let key = meta["key"].as_str().unwrap_or_default();
                    Ok(format!("{} → {key}", entry.client_name()))
                },
            )?;
            assigns.stored_mut().extend(stored);
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <main>
                <.header>
                    Uploads
                    <:subtitle>Files sent over the socket in chunks, with progress, previews and limits.</:subtitle>
                </.header>
                <form id="photos-form" class="card" phx-change="validate" phx-submit="save">
                    <h2>Photos</h2>
                    <div class="drop" id="drop" phx-drop-target={@photos.reference()}>
                        <.live_file_input upload={&@photos}/>
                        <p>Choose up to {MAX_PHOTOS} images or text files, or drop them here.</p>
                    </div>
                    <p :for={error in @photos.errors()} class="error upload-error">{error_text(&error)}</p>
                    <ul id="entries" class="rows">
                        <li :for={entry in @photos.entries()} id={format!("entry-{}", entry.reference())} class="entry">
                            <span :if={entry.is_image()} class="preview"><.live_img_preview entry={entry} width="48"/></span>
                            <span class="name">{entry.client_name()}</span>
                            <progress value={entry.progress()} max="100">{entry.progress()}%</progress>
                            <span class="percent">{entry.progress()}%</span>
                            <button type="button" class="cancel btn btn-ghost" phx-click="cancel" phx-value-ref={entry.reference()} aria-label="cancel">x</button>
                            <p :for={error in entry.errors()} class="error entry-error">{error_text(error)}</p>
                        </li>
                    </ul>
                    <div class="actions"><button type="submit" id="save" class="btn btn-primary">Upload</button></div>
                </form>
                <form id="avatar-form" class="card" phx-change="validate-avatar">
                    <h2>Avatar</h2>
                    <div class="field"><label>Avatar (uploads at once) <.live_file_input upload={&@avatar}/></label></div>
                    <p :for={entry in @avatar.entries()} class="avatar-entry">{entry.client_name()} {entry.progress()}%</p>
                    <p :for={entry in @avatar.entries()} class="avatar-error">{entry.errors().iter().map(error_text).collect::<Vec<_>>().join(", ")}</p>
                    <p :if={let Some(saved) = &@avatar_saved} id="avatar-saved">Avatar saved: {&saved.name} ({saved.bytes} bytes)</p>
                </form>
                <form id="cloud-form" class="card" phx-change="validate-cloud">
                    <h2>Cloud</h2>
                    <div class="field"><label>To the cloud (straight from the browser) <.live_file_input upload={&@cloud}/></label></div>
                    <p :for={entry in @cloud.entries()} class="cloud-entry">{entry.client_name()} {entry.progress()}%</p>
                    <ul id="stored"><li :for={line in @stored.iter()}>{line}</li></ul>
                </form>
                <.live_component module={Documents} id="documents" attrs={@dir.clone()}/>
                <section class="card">
                    <h2>Saved files</h2>
                    <ul id="saved" class="rows">
                        <li :for={file in @saved.iter()}>{&file.name} ({file.bytes} bytes)</li>
                    </ul>
                </section>
            </main>
        }
    }
}

/// The demo's routes, saving files into `save_dir`.
pub fn router(save_dir: PathBuf) -> Router {
    Router::new().state(SaveDir(save_dir)).live::<Gallery>("/")
}
