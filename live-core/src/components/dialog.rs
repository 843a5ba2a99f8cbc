//! `<.modal>`, and the JS commands that show and hide it.

use super::icons::icon;
use crate::js::{HideOpts, ShowOpts, Target};
use crate::{component, html, JsCommand, Rendered, Slot, JS};

/// How long the modal's transitions run, in milliseconds.
const TRANSITION_MS: u64 = 200;

/// The command that opens the modal `id`: remembers the focused element, shows the modal with
/// a transition, keeps the page from scrolling and focuses the first focusable element inside.
/// Runs on the client, without a round trip.
///
/// ```
/// use live_core::components::show_modal;
/// let json = show_modal("confirm").to_json();
/// assert!(json.starts_with(r##"[["push_focus",{}],["show",{"to":"#confirm"}]"##), "{json}");
/// assert!(json.ends_with(r##"["focus_first",{"to":"#confirm-content"}]]"##), "{json}");
/// ```
pub fn show_modal(id: &str) -> JsCommand {
    JS::push_focus(Target::Source)
        .show(format!("#{id}"))
        .show(
            ShowOpts::to(format!("#{id}-bg"))
                .transition((
                    "transition-all ease-out duration-200",
                    "opacity-0",
                    "opacity-100",
                ))
                .time(TRANSITION_MS),
        )
        .show(
            ShowOpts::to(format!("#{id}-container"))
                .transition((
                    "transition-all ease-out duration-200",
                    "opacity-0 scale-95",
                    "opacity-100 scale-100",
                ))
                .time(TRANSITION_MS),
        )
        .add_class("modal-open", "body")
        .focus_first(format!("#{id}-content"))
}

/// The command that closes the modal `id` and gives the focus back to the element that had it
/// before [`show_modal`]. Runs on the client, without a round trip.
///
/// ```
/// use live_core::components::hide_modal;
/// let json = hide_modal("confirm").to_json();
/// assert!(json.ends_with(r#"["remove_class",{"names":["modal-open"],"to":"body"}],["pop_focus",{}]]"#), "{json}");
/// ```
pub fn hide_modal(id: &str) -> JsCommand {
    JS::hide(
        HideOpts::to(format!("#{id}-bg"))
            .transition((
                "transition-all ease-in duration-200",
                "opacity-100",
                "opacity-0",
            ))
            .time(TRANSITION_MS),
    )
    .hide(
        HideOpts::to(format!("#{id}-container"))
            .transition((
                "transition-all ease-in duration-200",
                "opacity-100 scale-100",
                "opacity-0 scale-95",
            ))
            .time(TRANSITION_MS),
    )
    .hide(
        HideOpts::to(format!("#{id}"))
            .transition(("duration-200", "", ""))
            .time(TRANSITION_MS),
    )
    .remove_class("modal-open", "body")
    .pop_focus()
}

/// A modal dialog, hidden until [`show_modal`] runs (from a button's `phx-click`, or at once
/// with `show`). It is a `role="dialog"` with `aria-modal`, labelled by its `title`; the focus
/// stays inside while it is open (the client's `Phoenix.FocusWrap` hook), and Escape, a click
/// outside or the close button run [`hide_modal`] followed by `on_cancel` (for example a
/// `JS::patch` back to the list, or a push). Opening and closing need no round trip.
///
/// ```
/// use live_core::components::{button, modal, show_modal};
/// use live_core::{html, JS};
/// let html = html! {
///     <.button type="button" phx-click={show_modal("confirm")}>"Delete…"</.button>
///     <.modal id="confirm" title="Delete this contact?" on_cancel={JS::push("cancel")}>
///         <p>This cannot be undone.</p>
///     </.modal>
/// }.to_html();
/// assert!(html.contains(r#"<div id="confirm" class="modal" phx-remove="#), "{html}");
/// assert!(html.contains(r#"role="dialog" aria-modal="true" aria-labelledby="confirm-title""#), "{html}");
/// assert!(html.contains(r#"phx-hook="Phoenix.FocusWrap""#), "{html}");
/// assert!(html.contains(r#"phx-key="escape""#), "{html}");
/// ```
#[component]
pub fn modal(
    /// The modal's id (its parts use it as a prefix: `{id}-content`, `{id}-container`…).
    id: String,
    /// Open as soon as it is rendered.
    #[attr(default)]
    show: bool,
    /// The dialog's title (`<h2 id="{id}-title">`), also its accessible name.
    title: Option<String>,
    /// Run after [`hide_modal`] when the user closes the modal.
    #[attr(default)]
    on_cancel: JsCommand,
    /// The content.
    inner_block: Slot,
) -> Rendered {
    html! {
        <div id={@id} class="modal" phx-remove={hide_modal(&@id)} phx-mounted={@show.then(|| show_modal(&@id))} data-cancel={hide_modal(&@id).concat(@on_cancel.clone())} hidden>
            <div id={format!("{}-bg", @id)} class="modal-backdrop" aria-hidden="true"></div>
            <div class="modal-frame" role="dialog" aria-modal="true" aria-labelledby={@title.as_ref().map(|_| format!("{}-title", @id))} aria-describedby={format!("{}-content", @id)}>
                <div id={format!("{}-container", @id)} class="modal-panel" phx-hook="Phoenix.FocusWrap" phx-window-keydown={cancel(&@id)} phx-key="escape" phx-click-away={cancel(&@id)}>
                    <span id={format!("{}-container-start", @id)} tabindex="0" aria-hidden="true"></span>
                    <button type="button" class="modal-close" aria-label="close" phx-click={cancel(&@id)}>
                        <.icon name="x-mark"/>
                    </button>
                    <h2 :if={let Some(title) = &@title} id={format!("{}-title", @id)} class="modal-title">{title}</h2>
                    <div id={format!("{}-content", @id)} class="modal-content">{@inner_block}</div>
                    <span id={format!("{}-container-end", @id)} tabindex="0" aria-hidden="true"></span>
                </div>
            </div>
        </div>
    }
}

/// Runs the modal's `data-cancel` command: [`hide_modal`] and `on_cancel`.
fn cancel(id: &str) -> JsCommand {
    JS::exec("data-cancel", format!("#{id}"))
}
