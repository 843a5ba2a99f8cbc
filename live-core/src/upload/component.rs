//! The `<.live_file_input>` and `<.live_img_preview>` function components.

use super::{Upload, UploadEntry};
use crate::{component, html, Rendered};

/// The file input of an upload, with the attributes the official client drives the upload by:
/// the upload's ref as `id` and `data-phx-upload-ref`, the refs of the active, preflighted,
/// done and failed entries, `accept`, `multiple` when more than one file is allowed, and
/// `data-phx-auto-upload`. Put it inside a form with `phx-change` (the client reports chosen
/// files through it) and `phx-submit`.
///
/// ```
/// use live_core::html;
/// use live_core::upload::{live_file_input, UploadOptions};
/// let socket = live_core::Socket::<Doc>::new("phx-9", false);
/// let photos = socket.allow_upload("photos", UploadOptions::new().accept(["image/*"]).auto_upload(true));
/// let html = html! { <.live_file_input upload={&photos} class="picker"/> }.to_html();
/// assert_eq!(html, "<input id=\"phx-9-photos\" type=\"file\" name=\"photos\" accept=\"image/*\" \
///     class=\"picker\" data-phx-hook=\"Phoenix.LiveFileUpload\" data-phx-update=\"ignore\" \
///     data-phx-upload-ref=\"phx-9-photos\" data-phx-active-refs=\"\" data-phx-done-refs=\"\" \
///     data-phx-preflighted-refs=\"\" data-phx-auto-upload>");
/// # #[derive(live_core::LiveView)] struct Doc {}
/// # impl live_core::LiveView for Doc {
/// #     type Info = ();
/// #     fn mount(_: &live_core::Params, _: &live_core::Session, _: &mut live_core::Socket<Self>) -> Result<Self, live_core::ViewError> { Ok(Doc {}) }
/// #     fn render(_: &live_core::Assigns<Self>) -> live_core::Rendered { html! { <p></p> } }
/// # }
/// ```
#[component]
pub fn live_file_input<'a>(
    /// The upload ([`Socket::allow_upload`](crate::Socket::allow_upload)).
    upload: &'a Upload,
    /// The `id` (default: the upload's ref; a `phx-drop-target` names it).
    id: Option<String>,
    /// `class`.
    class: Option<String>,
    /// `required`.
    #[attr(default)]
    required: bool,
) -> Rendered {
    html! {
        <input id={@id.clone().unwrap_or_else(|| @upload.reference().to_owned())} type="file" name={@upload.name()} accept={@upload.options().accept_value().attribute()} class={crate::OmitNone(@class.as_deref())} required={@required} data-phx-hook="Phoenix.LiveFileUpload" data-phx-update="ignore" data-phx-upload-ref={@upload.reference()} data-phx-active-refs={@upload.refs(|_| true)} data-phx-done-refs={@upload.refs(|e| e.is_done())} data-phx-preflighted-refs={@upload.refs(|e| e.is_preflighted())} data-phx-error-refs={@upload.error_refs()} data-phx-auto-upload={@upload.options().auto_upload_value()} multiple={@upload.options().max_entries_value() > 1}>
    }
}

/// A preview of an entry's image, drawn by the client from the file the user chose (nothing
/// goes to the server for it).
///
/// ```
/// use live_core::html;
/// use live_core::upload::{live_img_preview, UploadEntry};
/// let entry = UploadEntry::from_client(&serde_json::json!({"ref": "3", "name": "a.png", "size": 1})).unwrap();
/// let html = html! { <.live_img_preview entry={&entry} width="80"/> }.to_html();
/// assert_eq!(html, "<img id=\"phx-preview-3\" data-phx-upload-ref=\"\" data-phx-entry-ref=\"3\" \
///     data-phx-hook=\"Phoenix.LiveImgPreview\" data-phx-update=\"ignore\" width=\"80\">");
/// ```
#[component]
pub fn live_img_preview<'a>(
    /// The entry ([`Upload::entries`]).
    entry: &'a UploadEntry,
    /// `width`.
    width: Option<String>,
    /// `class`.
    class: Option<String>,
) -> Rendered {
    html! {
        <img id={format!("phx-preview-{}", @entry.reference())} data-phx-upload-ref={@entry.upload_ref()} data-phx-entry-ref={@entry.reference()} data-phx-hook="Phoenix.LiveImgPreview" data-phx-update="ignore" width={@width.as_deref()} class={crate::OmitNone(@class.as_deref())}>
    }
}
