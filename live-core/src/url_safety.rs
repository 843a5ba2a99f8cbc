//! URLs written into attributes that navigate or load (`href`, `src`, `action`, …): values
//! whose scheme runs script (`javascript:`, `vbscript:`) or carries a whole document
//! (`data:`, except raster images) are replaced, so a URL from user data cannot run code.
//!
//! `html!` routes every `name={expr}` attribute whose name is a URL attribute (decided at
//! compile time, see [`is_url_attribute`]) through this check, in the static render and in
//! the rendered tree alike; other attributes pay nothing. [`TrustedUrl`] is the escape hatch.

use crate::html::AttrValue;

/// What an unsafe URL is replaced with: a URL that navigates nowhere and loads nothing.
pub const BLOCKED_URL: &str = "about:invalid#blocked";

/// The attributes whose value is a URL the browser navigates to, submits to or loads.
///
/// ```
/// use live_core::url_safety::is_url_attribute;
/// assert!(is_url_attribute("href") && is_url_attribute("formaction") && is_url_attribute("SRC"));
/// assert!(!is_url_attribute("title") && !is_url_attribute("data-href"));
/// ```
pub fn is_url_attribute(name: &str) -> bool {
    const URL_ATTRIBUTES: [&str; 16] = [
        "action",
        "background",
        "cite",
        "codebase",
        "data",
        "formaction",
        "href",
        "icon",
        "longdesc",
        "manifest",
        "ping",
        "poster",
        "profile",
        "src",
        "usemap",
        "xlink:href",
    ];
    URL_ATTRIBUTES
        .iter()
        .any(|url| url.eq_ignore_ascii_case(name))
}

/// Whether `url` is safe in a URL attribute: a relative URL, or a scheme other than
/// `javascript:`, `vbscript:` and `data:` (raster images excepted). Compared as the browser
/// reads it: leading spaces and control characters dropped, tabs and newlines removed
/// anywhere, scheme case folded.
///
/// ```
/// use live_core::url_safety::is_safe_url;
/// assert!(is_safe_url("/rooms/1?tab=2") && is_safe_url("https://example.com") && is_safe_url("mailto:a@b.c"));
/// assert!(!is_safe_url("javascript:alert(1)"));
/// assert!(!is_safe_url(" \u{1}JaVa\tScRiPt:alert(1)"));
/// assert!(!is_safe_url("data:text/html,<script>alert(1)</script>"));
/// assert!(is_safe_url("data:image/png;base64,iVBORw0KGgo="));
/// assert!(!is_safe_url("data:image/svg+xml,<svg onload=alert(1)>"));
/// ```
pub fn is_safe_url(url: &str) -> bool {
    // Leading C0 controls and spaces are stripped by the URL parser; tab, CR and LF are
    // removed wherever they are.
    let mut chars = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'));
    let mut scheme = [0u8; 10];
    let mut len = 0;
    for c in chars.by_ref() {
        match c {
            ':' => break,
            'a'..='z' | 'A'..='Z' | '0'..='9' | '+' | '-' | '.' => {
                if len == scheme.len() {
                    return true; // longer than any refused scheme
                }
                scheme[len] = c.to_ascii_lowercase() as u8;
                len += 1;
            }
            // `/`, `?`, `#` or anything else before a colon: a relative URL.
            _ => return true,
        }
    }
    match &scheme[..len] {
        b"javascript" | b"vbscript" => false,
        b"data" => safe_data_image(chars),
        _ => true,
    }
}

/// Whether the rest of a `data:` URL (after the colon) is a raster image.
fn safe_data_image(rest: impl Iterator<Item = char>) -> bool {
    const IMAGES: [&str; 7] = [
        "image/png",
        "image/gif",
        "image/jpeg",
        "image/jpg",
        "image/webp",
        "image/avif",
        "image/bmp",
    ];
    let media: String = rest
        .take_while(|c| !matches!(c, ';' | ','))
        .take(16)
        .collect::<String>()
        .trim()
        .to_ascii_lowercase();
    IMAGES.contains(&media.as_str())
}

/// `url` when it is safe in a URL attribute, otherwise [`BLOCKED_URL`].
///
/// ```
/// use live_core::url_safety::{safe_url, BLOCKED_URL};
/// assert_eq!(safe_url("/home"), "/home");
/// assert_eq!(safe_url("javascript:alert(1)"), BLOCKED_URL);
/// ```
pub fn safe_url(url: &str) -> &str {
    if is_safe_url(url) {
        url
    } else {
        BLOCKED_URL
    }
}

/// A URL written into a URL attribute as is, without the scheme check: the explicit escape
/// hatch for a `javascript:` bookmarklet or a `data:` document the application built itself.
/// Never wrap a URL that came from a user.
///
/// ```
/// use live_core::{html, url_safety::TrustedUrl};
/// let bookmarklet = TrustedUrl::new("javascript:void(document.body.classList.toggle('dark'))");
/// let page = html! { <a href={bookmarklet}>Dark mode</a> };
/// assert!(page.to_html().contains("href=\"javascript:void"));
/// let from_user = "javascript:alert(1)";
/// assert!(html! { <a href={from_user}>x</a> }.to_html().contains("about:invalid"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustedUrl(String);

impl TrustedUrl {
    /// Marks `url` as trusted.
    pub fn new(url: impl Into<String>) -> Self {
        TrustedUrl(url.into())
    }

    /// The URL.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl AttrValue for TrustedUrl {
    fn render_attr(&self, name: &str) -> String {
        self.0.render_attr(name)
    }

    fn write_attr(&self, name: &str, out: &mut String) {
        self.0.write_attr(name, out);
    }

    fn write_url_attr(&self, name: &str, out: &mut String) {
        self.0.write_attr(name, out);
    }
}

/// Checks the attribute just written at `out[start..]` (` name="value"`, a bare ` name` or
/// nothing) and replaces an unsafe value with [`BLOCKED_URL`]. The value is checked as
/// written (escaped): escaping touches only `&<>"'`, none of which can be part of a scheme,
/// so the verdict is the one for the unescaped text the browser reads.
pub(crate) fn check_written(out: &mut String, start: usize) {
    let Some(written) = out.get(start..) else {
        return;
    };
    let Some(open) = written.find("=\"") else {
        return;
    };
    let value = &written[open + 2..written.len().saturating_sub(1)];
    if !is_safe_url(value) {
        out.truncate(start + open + 2);
        out.push_str(BLOCKED_URL);
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_script_schemes_in_every_spelling() {
        for unsafe_url in [
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            "  javascript:alert(1)",
            "\u{0}\u{1f}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "jav\r\nascript:alert(1)",
            "vbscript:msgbox(1)",
            "VbScript:msgbox(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "DATA:text/html,x",
            "data:,x",
            "data:image/svg+xml,<svg/onload=alert(1)>",
            "data:image/pngx,x",
            " d\ta\nt\ra:text/html,x",
        ] {
            assert!(!is_safe_url(unsafe_url), "{unsafe_url:?}");
        }
    }

    #[test]
    fn keeps_ordinary_urls() {
        for safe in [
            "",
            "/",
            "/path?q=javascript:x",
            "#javascript:x",
            "?x=1",
            "./javascript:x",
            "https://example.com/javascript:",
            "http://x",
            "mailto:someone@example.com",
            "tel:+123",
            "data:image/png;base64,AAAA",
            "DATA:Image/JPEG;base64,AAAA",
            "data:image/webp,xx",
            "javascriptx:1",
            "relative/path",
        ] {
            assert!(is_safe_url(safe), "{safe:?}");
        }
    }

    #[test]
    fn checks_written_attributes() {
        let check = |written: &str| {
            let mut out = format!("<a{written}");
            check_written(&mut out, 2);
            out
        };
        assert_eq!(check(" href=\"/x\""), "<a href=\"/x\"");
        assert_eq!(
            check(" href=\"javascript:alert(&#39;x&#39;)\""),
            "<a href=\"about:invalid#blocked\""
        );
        assert_eq!(check(" href"), "<a href");
        assert_eq!(check(""), "<a");
    }
}
