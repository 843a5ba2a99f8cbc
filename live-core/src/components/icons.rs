//! `<.icon>`: a small set of inline SVG icons, drawn for live (24×24, stroked with the text
//! colour).

use crate::{component, html, raw, Rendered};

/// The names [`icon()`] knows, with the inside of each SVG.
const ICONS: &[(&str, &str)] = &[
    ("x-mark", r#"<path d="M6 6l12 12M18 6L6 18"/>"#),
    ("check", r#"<path d="M5 12.5l4.5 4.5L19 7"/>"#),
    ("plus", r#"<path d="M12 5v14M5 12h14"/>"#),
    ("minus", r#"<path d="M5 12h14"/>"#),
    (
        "info",
        r#"<circle cx="12" cy="12" r="9"/><path d="M12 11v6M12 7.5v.01"/>"#,
    ),
    (
        "warning",
        r#"<path d="M12 3.5L2.5 20h19z"/><path d="M12 10v4.5M12 17.5v.01"/>"#,
    ),
    (
        "trash",
        r#"<path d="M4 7h16M9.5 7V4.5h5V7M6.5 7l1 13h9l1-13M10 11v5M14 11v5"/>"#,
    ),
    (
        "pencil",
        r#"<path d="M4.5 19.5l1-4L16 5l3 3L8.5 18.5zM14 7l3 3"/>"#,
    ),
    ("chevron-right", r#"<path d="M9 5l7 7-7 7"/>"#),
    ("chevron-left", r#"<path d="M15 5l-7 7 7 7"/>"#),
    (
        "refresh",
        r#"<path d="M19.5 12A7.5 7.5 0 1 1 17 6.4M19.5 4v4h-4"/>"#,
    ),
    (
        "user",
        r#"<circle cx="12" cy="8" r="4"/><path d="M4.5 20.5a7.5 7.5 0 0 1 15 0"/>"#,
    ),
    (
        "search",
        r#"<circle cx="11" cy="11" r="6.5"/><path d="M16 16l4.5 4.5"/>"#,
    ),
    ("menu", r#"<path d="M4 6.5h16M4 12h16M4 17.5h16"/>"#),
    (
        "clock",
        r#"<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3.5 2"/>"#,
    ),
    ("chat", r#"<path d="M4 5h16v11H9l-5 4z"/>"#),
    ("home", r#"<path d="M3.5 11L12 4l8.5 7M6 9.5V20h12V9.5"/>"#),
];

/// Every icon name [`icon()`] draws.
///
/// ```
/// assert!(live_core::components::ICON_NAMES.contains(&"x-mark"));
/// ```
pub const ICON_NAMES: &[&str] = &[
    "x-mark",
    "check",
    "plus",
    "minus",
    "info",
    "warning",
    "trash",
    "pencil",
    "chevron-right",
    "chevron-left",
    "refresh",
    "user",
    "search",
    "menu",
    "clock",
    "chat",
    "home",
];

/// An inline SVG icon (one of [`ICON_NAMES`]; an unknown name draws nothing), sized to the
/// text (`1.25em`, class `icon`) and hidden from screen readers: put the meaning in the
/// button's `aria-label` or in text next to it.
///
/// ```
/// use live_core::{components::icon, html};
/// let html = html! { <.icon name="check" class="ok"/> }.to_html();
/// assert_eq!(html, "<svg class=\"icon icon-check ok\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" fill=\"none\" \
///                   stroke=\"currentColor\" stroke-width=\"2\" stroke-linecap=\"round\" stroke-linejoin=\"round\">\
///                   <path d=\"M5 12.5l4.5 4.5L19 7\"/></svg>");
/// ```
#[component]
pub fn icon(
    /// The icon's name.
    name: String,
    /// More classes.
    class: Option<String>,
) -> Rendered {
    html! {
        <svg class={["icon", format!("icon-{}", @name), @class.as_deref()]} viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">{raw(shape(&@name))}</svg>
    }
}

/// The inside of the SVG of `name`.
fn shape(name: &str) -> &'static str {
    ICONS
        .iter()
        .find(|(known, _)| *known == name)
        .map_or("", |(_, shape)| shape)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_has_a_shape() {
        assert_eq!(ICONS.len(), ICON_NAMES.len());
        for name in ICON_NAMES {
            assert!(!shape(name).is_empty(), "{name}");
        }
    }
}
