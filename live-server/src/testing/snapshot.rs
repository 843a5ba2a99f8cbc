//! Normalised text for snapshots: pretty-printed HTML and the transcript of an interaction,
//! with the view id replaced by a stable one.

use super::dom::{Document, Kind, NodeId};

/// The view id every snapshot shows, whatever id the view had.
pub(crate) const STABLE_VIEW_ID: &str = "phx-view";

/// Elements whose content is printed as written.
const VERBATIM: &[&str] = &["pre", "textarea", "script", "style"];

/// Pretty-prints an HTML fragment: one element per line, indented by two spaces; elements with
/// only text inside stay on one line; text is trimmed with inner whitespace collapsed and
/// whitespace-only text dropped; attributes keep their order.
///
/// ```
/// let html = r#"<div id="a"><h1>Count: <b>1</b></h1>
///   <button phx-click="inc">+</button></div>"#;
/// assert_eq!(
///     live_server::testing::pretty_html(html),
///     "<div id=\"a\">\n  <h1>\n    Count:\n    <b>1</b>\n  </h1>\n  <button phx-click=\"inc\">+</button>\n</div>\n"
/// );
/// ```
pub fn pretty_html(html: &str) -> String {
    let doc = Document::parse(html);
    let mut out = String::new();
    for &child in &doc.nodes[0].children {
        write_node(&doc, child, 0, &mut out);
    }
    out
}

fn write_node(doc: &Document, id: NodeId, depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth);
    match &doc.nodes[id].kind {
        Kind::Root => {}
        Kind::Text(text) => {
            let text = collapse(text);
            if !text.is_empty() {
                out.push_str(&indent);
                escape_text(&text, out);
                out.push('\n');
            }
        }
        Kind::Comment => {
            out.push_str(&indent);
            out.push_str(doc.outer_html(id));
            out.push('\n');
        }
        Kind::Element { name, .. } => {
            out.push_str(&indent);
            if VERBATIM.contains(&name.as_str()) {
                out.push_str(doc.outer_html(id));
                out.push('\n');
                return;
            }
            start_tag(doc, id, out);
            let node = &doc.nodes[id];
            let closed = doc
                .outer_html(id)
                .to_ascii_lowercase()
                .ends_with(&format!("</{name}>"));
            let void = node.children.is_empty() && !closed;
            if void {
                out.push('\n');
                return;
            }
            if doc.element_children(id).next().is_none() {
                escape_text(&collapse(&doc.text(id)), out);
                out.push_str(&format!("</{name}>\n"));
                return;
            }
            out.push('\n');
            for &child in &node.children {
                write_node(doc, child, depth + 1, out);
            }
            out.push_str(&indent);
            out.push_str(&format!("</{name}>\n"));
        }
    }
}

fn start_tag(doc: &Document, id: NodeId, out: &mut String) {
    out.push('<');
    out.push_str(doc.name(id).unwrap_or_default());
    for (name, value) in doc.attrs(id) {
        out.push(' ');
        out.push_str(name);
        if !value.is_empty() {
            out.push_str("=\"");
            for c in value.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '"' => out.push_str("&quot;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    c => out.push(c),
                }
            }
            out.push('"');
        }
    }
    out.push('>');
}

fn escape_text(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Replaces the view id `id` by [`STABLE_VIEW_ID`].
pub(crate) fn normalise_id(text: &str, id: &str) -> String {
    if id.is_empty() {
        text.to_owned()
    } else {
        text.replace(id, STABLE_VIEW_ID)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_prints_nested_and_void_elements() {
        let html = "<form id=\"f\"><input name=\"a\" disabled><br/><select><option selected>x &amp; y</option></select><pre> keep\n  this </pre><!-- note --></form>";
        assert_eq!(
            pretty_html(html),
            "<form id=\"f\">\n  <input name=\"a\" disabled>\n  <br>\n  <select>\n    <option selected>x &amp; y</option>\n  </select>\n  <pre> keep\n  this </pre>\n  <!-- note -->\n</form>\n"
        );
    }
}
