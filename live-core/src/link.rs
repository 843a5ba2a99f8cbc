//! `<.link>`: anchors for live navigation, rendered with the data attributes the official
//! client acts on (docs/protocol.md §6.1).

use crate::{component, html, Rendered, Slot};

/// A link. Exactly one of `patch` (same view, new URL: `handle_params` runs), `navigate`
/// (another view of the same live session, no page load) or `href` (a plain link, full page
/// load) is expected; `replace` replaces the history entry instead of pushing one.
///
/// ```
/// use live_core::{html, link::link};
/// let tabs = html! {
///     <nav>
///         <.link patch="/?tab=2" id="tab-2">Second</.link>
///         <.link navigate="/about" replace>About</.link>
///         <.link href="/logout">Log out</.link>
///     </nav>
/// };
/// assert_eq!(
///     tabs.to_html(),
///     "<nav><a href=\"/?tab=2\" data-phx-link=\"patch\" data-phx-link-state=\"push\" id=\"tab-2\">Second</a>\
///      <a href=\"/about\" data-phx-link=\"redirect\" data-phx-link-state=\"replace\">About</a>\
///      <a href=\"/logout\">Log out</a></nav>"
/// );
/// ```
#[component]
pub fn link(
    /// Patch to this path (same view).
    patch: Option<String>,
    /// Navigate to this path (another view of the live session).
    navigate: Option<String>,
    /// A plain link.
    href: Option<String>,
    /// Replace the current history entry.
    #[attr(default)]
    replace: bool,
    /// The `id` attribute.
    id: Option<String>,
    /// The `class` attribute.
    class: Option<String>,
    /// The link's content.
    inner_block: Slot,
) -> Rendered {
    // Each attribute reads only the attributes it shows: a change of `class` re-sends `class`.
    html! {
        <a href={target(&@patch, &@navigate, &@href)} data-phx-link={kind(&@patch, &@navigate)} data-phx-link-state={kind(&@patch, &@navigate).map(|_| if @replace { "replace" } else { "push" })} id={@id.as_deref()} class={::live_core::OmitNone(@class.as_deref())}>{@inner_block}</a>
    }
}

/// Where a link goes: the patch or navigate path, or the plain `href`.
fn target<'a>(
    patch: &'a Option<String>,
    navigate: &'a Option<String>,
    href: &'a Option<String>,
) -> Option<&'a str> {
    patch.as_deref().or(navigate.as_deref()).or(href.as_deref())
}

/// The `data-phx-link` kind: `patch`, `redirect`, or none for a plain link.
fn kind(patch: &Option<String>, navigate: &Option<String>) -> Option<&'static str> {
    match (patch, navigate) {
        (Some(_), _) => Some("patch"),
        (None, Some(_)) => Some("redirect"),
        (None, None) => None,
    }
}
