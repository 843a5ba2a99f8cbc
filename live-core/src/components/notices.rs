//! `<.flash>` and `<.flash_group>`.

use super::icons::icon;
use crate::js::{HideOpts, PushOpts};
use crate::{component, html, Flash, JsCommand, Rendered, JS};

/// One notice: the message of `kind` in the view's [`Flash`] (or `message`), with an icon, an
/// optional title and a close button. Nothing renders while there is no message.
///
/// `kind` is `info` (a polite `role="status"`) or `error` (`role="alert"`). The close button
/// hides the notice at once and sends `lv:clear-flash`, which clears the kind in the view.
/// With `autohide` (milliseconds), the notice also fades out by itself that long after it
/// appears, in the browser alone: the view keeps the message until it is cleared (the close
/// button, a navigation, or `clear_flash`), and a message put again while the view still
/// holds it stays hidden.
///
/// ```
/// use live_core::components::flash;
/// use live_core::{html, Flash};
/// let mut notices = Flash::default();
/// notices.put("info", "Contact saved");
/// let html = html! {
///     <.flash kind="info" flash={&notices}/>
///     <.flash kind="error" flash={&notices}/>
/// }.to_html();
/// assert!(html.starts_with(r#"<div id="flash-info" class="flash flash-info" role="status">"#), "{html}");
/// assert!(html.contains(r#"<p class="flash-message">Contact saved</p>"#), "{html}");
/// assert!(html.contains(r#"phx-click="[[&quot;push&quot;,{&quot;event&quot;:&quot;lv:clear-flash&quot;,&quot;value&quot;:{&quot;key&quot;:&quot;info&quot;}}]"#), "{html}");
/// assert!(!html.contains("flash-error"), "no error, no notice: {html}");
/// ```
#[component]
pub fn flash<'a>(
    /// `info` or `error`.
    kind: String,
    /// The view's flash (`assigns.flash()`).
    flash: Option<&'a Flash>,
    /// The message to show instead of the flash's.
    message: Option<String>,
    /// A bold first line.
    title: Option<String>,
    /// `id` (default `flash-{kind}`).
    id: Option<String>,
    /// Fade out this many milliseconds after appearing (none when 0 or less).
    autohide: Option<i64>,
    /// Rendered hidden (`hidden`), for notices that JS commands show.
    #[attr(default)]
    hidden: bool,
    /// `phx-connected`: run when the view's connection comes back.
    phx_connected: Option<JsCommand>,
    /// `phx-disconnected`: run when the view loses its connection.
    phx_disconnected: Option<JsCommand>,
) -> Rendered {
    html! {
        <div :if={let Some(text) = message_of(&@message, @flash, &@kind)} id={flash_id(&@id, &@kind)} class={["flash", format!("flash-{}", @kind)]} role={(if @kind == "error" { "alert" } else { "status" })} hidden={@hidden} style={autohide_style(@autohide)} phx-mounted={autohide_ms(@autohide).map(|ms| autohide_command(&flash_id(&@id, &@kind), ms))} phx-connected={@phx_connected.as_ref()} phx-disconnected={@phx_disconnected.as_ref()}>
            <.icon name={if @kind == "error" { "warning" } else { "info" }}/>
            <div class="flash-body">
                <p :if={let Some(title) = &@title} class="flash-title">{title}</p>
                <p class="flash-message">{text}</p>
            </div>
            <button type="button" class="flash-close" aria-label="close" phx-click={close_command(&flash_id(&@id, &@kind), &@kind)}><.icon name="x-mark"/></button>
        </div>
    }
}

/// The message to show: `message`, else the flash's of `kind`.
fn message_of<'a>(
    message: &'a Option<String>,
    flash: Option<&'a Flash>,
    kind: &str,
) -> Option<&'a str> {
    message
        .as_deref()
        .or_else(|| flash.and_then(|flash| flash.get(kind)))
}

/// The notice's id: `id`, or `flash-{kind}`.
fn flash_id(id: &Option<String>, kind: &str) -> String {
    id.clone().unwrap_or_else(|| format!("flash-{kind}"))
}

/// The close button's command: clear the kind in the view, hide the notice now.
fn close_command(id: &str, kind: &str) -> JsCommand {
    JS::push_with("lv:clear-flash", PushOpts::new().value("key", kind)).hide(
        HideOpts::to(format!("#{id}"))
            .transition((
                "transition-all ease-in duration-200",
                "opacity-100",
                "opacity-0",
            ))
            .time(200),
    )
}

/// The auto-dismiss delay, if any.
fn autohide_ms(autohide: Option<i64>) -> Option<u64> {
    autohide
        .and_then(|ms| u64::try_from(ms).ok())
        .filter(|ms| *ms > 0)
}

/// The fade's timing for another delay than the stylesheet's default (5000 ms).
fn autohide_style(autohide: Option<i64>) -> crate::OmitNone<String> {
    crate::OmitNone(
        autohide_ms(autohide)
            .filter(|ms| *ms != 5000)
            .map(|ms| format!("--flash-autohide: {ms}ms")),
    )
}

/// Fades the notice out over its last 300 ms and hides it `ms` after it appears.
fn autohide_command(id: &str, ms: u64) -> JsCommand {
    JS::hide(
        HideOpts::to(format!("#{id}"))
            .transition(("flash-autohide", "opacity-100", "opacity-0"))
            .time(ms),
    )
}

/// The notices of a page: the view's `info` (fading out after `autohide` ms, 5000 by default,
/// `0` to keep it) and `error` flashes, and two hidden notices the client shows while the
/// connection is lost (`#client-error`, the network; `#server-error`, the server) and hides
/// when it is back. Put it once at the top of every view: `<.flash_group flash={assigns.flash()}/>`.
///
/// ```
/// use live_core::components::flash_group;
/// use live_core::{html, Flash};
/// let mut notices = Flash::default();
/// notices.put("error", "Could not save");
/// let html = html! { <.flash_group flash={&notices}/> }.to_html();
/// assert!(html.starts_with(r#"<div id="flash-group" class="flash-group">"#), "{html}");
/// assert!(html.contains(r#"<div id="flash-error" class="flash flash-error" role="alert">"#), "{html}");
/// assert!(html.contains(r#"<div id="client-error" class="flash flash-error" role="alert" hidden"#), "{html}");
/// ```
#[component]
pub fn flash_group<'a>(
    /// The view's flash (`assigns.flash()`).
    flash: &'a Flash,
    /// `id` (default `flash-group`).
    id: Option<String>,
    /// Milliseconds before an `info` notice fades out; 0 keeps it.
    #[attr(default = 5000)]
    autohide: i64,
) -> Rendered {
    html! {
        <div id={@id.as_deref().unwrap_or("flash-group")} class="flash-group">
            <.flash kind="info" flash={@flash} autohide={@autohide}/>
            <.flash kind="error" flash={@flash}/>
            <.flash id="client-error" kind="error" title="We can’t find the internet" message="Attempting to reconnect…" hidden phx-disconnected={JS::show(".phx-client-error #client-error")} phx-connected={JS::hide("#client-error")}/>
            <.flash id="server-error" kind="error" title="Something went wrong" message="Attempting to reconnect…" hidden phx-disconnected={JS::show(".phx-server-error #server-error")} phx-connected={JS::hide("#server-error")}/>
        </div>
    }
}
