//! A small HTML tree of the rendered page: enough to find elements, read their attributes and
//! text, and cut out their HTML. Lenient like a browser (unclosed elements end with their parent,
//! stray end tags are ignored), without the full HTML5 tree-construction rules.

use std::ops::Range;

/// Index of a node in a [`Document`].
pub(crate) type NodeId = usize;

/// Elements without content or end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose content is text up to their end tag (`textarea` and `title` decode entities).
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title"];

#[derive(Debug, Clone)]
pub(crate) enum Kind {
    Root,
    Element {
        /// Lowercase tag name.
        name: String,
        /// Lowercase names, decoded values, in source order.
        attrs: Vec<(String, String)>,
    },
    /// Decoded text.
    Text(String),
    Comment,
}

#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub(crate) kind: Kind,
    pub(crate) parent: Option<NodeId>,
    pub(crate) children: Vec<NodeId>,
    /// Byte range of the node's source HTML (for an element: start tag to end tag).
    pub(crate) span: Range<usize>,
}

/// A parsed HTML fragment. Node 0 is the root holding the top-level nodes.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    pub(crate) nodes: Vec<Node>,
    pub(crate) source: String,
}

impl Document {
    /// Parses `html` as the content of one element.
    pub(crate) fn parse(html: &str) -> Document {
        Parser {
            src: html,
            pos: 0,
            nodes: vec![Node {
                kind: Kind::Root,
                parent: None,
                children: Vec::new(),
                span: 0..html.len(),
            }],
            open: vec![0],
        }
        .run()
    }

    /// The tag name of an element node.
    pub(crate) fn name(&self, id: NodeId) -> Option<&str> {
        match &self.nodes[id].kind {
            Kind::Element { name, .. } => Some(name),
            _ => None,
        }
    }

    /// The value of attribute `name` (lowercase) of an element node.
    pub(crate) fn attr(&self, id: NodeId, name: &str) -> Option<&str> {
        match &self.nodes[id].kind {
            Kind::Element { attrs, .. } => attrs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str()),
            _ => None,
        }
    }

    /// Every attribute of an element node, in source order.
    pub(crate) fn attrs(&self, id: NodeId) -> &[(String, String)] {
        match &self.nodes[id].kind {
            Kind::Element { attrs, .. } => attrs,
            _ => &[],
        }
    }

    pub(crate) fn is_element(&self, id: NodeId) -> bool {
        matches!(self.nodes[id].kind, Kind::Element { .. })
    }

    /// The element's parent element (`None` at the top level).
    pub(crate) fn parent_element(&self, id: NodeId) -> Option<NodeId> {
        self.nodes[id].parent.filter(|&p| self.is_element(p))
    }

    /// The element children of a node.
    pub(crate) fn element_children(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.nodes[id]
            .children
            .iter()
            .copied()
            .filter(|&c| self.is_element(c))
    }

    /// Every element, in document order.
    pub(crate) fn elements(&self) -> impl Iterator<Item = NodeId> + '_ {
        (0..self.nodes.len()).filter(|&id| self.is_element(id))
    }

    /// The elements below `id`, in document order.
    pub(crate) fn descendants(&self, id: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack: Vec<NodeId> = self.nodes[id].children.iter().rev().copied().collect();
        while let Some(node) = stack.pop() {
            if self.is_element(node) {
                out.push(node);
            }
            stack.extend(self.nodes[node].children.iter().rev());
        }
        out
    }

    /// The closest element among `id` and its ancestors satisfying `pred`.
    pub(crate) fn closest(
        &self,
        id: NodeId,
        mut pred: impl FnMut(NodeId) -> bool,
    ) -> Option<NodeId> {
        let mut current = Some(id);
        while let Some(node) = current {
            if self.is_element(node) && pred(node) {
                return Some(node);
            }
            current = self.nodes[node].parent;
        }
        None
    }

    /// The decoded text of a node and its descendants.
    pub(crate) fn text(&self, id: NodeId) -> String {
        let mut out = String::new();
        self.text_into(id, &mut out);
        out
    }

    fn text_into(&self, id: NodeId, out: &mut String) {
        match &self.nodes[id].kind {
            Kind::Text(text) => out.push_str(text),
            Kind::Comment => {}
            Kind::Root | Kind::Element { .. } => {
                for &child in &self.nodes[id].children {
                    self.text_into(child, out);
                }
            }
        }
    }

    /// The source HTML of a node.
    pub(crate) fn outer_html(&self, id: NodeId) -> &str {
        &self.source[self.nodes[id].span.clone()]
    }
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    nodes: Vec<Node>,
    /// Open elements, the root first.
    open: Vec<NodeId>,
}

impl Parser<'_> {
    fn run(mut self) -> Document {
        while self.pos < self.src.len() {
            let rest = &self.src[self.pos..];
            if let Some(comment) = rest.strip_prefix("<!--") {
                let end = comment
                    .find("-->")
                    .map_or(self.src.len(), |i| self.pos + 4 + i + 3);
                self.add(Kind::Comment, self.pos..end);
                self.pos = end;
            } else if rest.starts_with("<!") || rest.starts_with("<?") {
                self.pos = rest.find('>').map_or(self.src.len(), |i| self.pos + i + 1);
            } else if rest.starts_with("</") && starts_with_letter(&rest[2..]) {
                self.end_tag();
            } else if rest.starts_with('<') && starts_with_letter(&rest[1..]) {
                self.start_tag();
            } else {
                self.text();
            }
        }
        let end = self.src.len();
        for id in self.open.drain(1..) {
            self.nodes[id].span.end = end;
        }
        Document {
            nodes: self.nodes,
            source: self.src.to_owned(),
        }
    }

    fn add(&mut self, kind: Kind, span: Range<usize>) -> NodeId {
        let parent = *self.open.last().unwrap_or(&0);
        let id = self.nodes.len();
        self.nodes.push(Node {
            kind,
            parent: Some(parent),
            children: Vec::new(),
            span,
        });
        self.nodes[parent].children.push(id);
        id
    }

    fn text(&mut self) {
        let start = self.pos;
        let mut end = self.src.len();
        let bytes = self.src.as_bytes();
        let mut i = start + 1;
        while i < bytes.len() {
            if bytes[i] == b'<' {
                let after = &self.src[i + 1..];
                if starts_with_letter(after)
                    || after.starts_with('!')
                    || after.starts_with('?')
                    || (after.starts_with('/') && starts_with_letter(&after[1..]))
                {
                    end = i;
                    break;
                }
            }
            i += 1;
        }
        self.add(
            Kind::Text(decode_entities(&self.src[start..end])),
            start..end,
        );
        self.pos = end;
    }

    fn start_tag(&mut self) {
        let start = self.pos;
        let mut i = start + 1;
        let bytes = self.src.as_bytes();
        while i < bytes.len() && !is_tag_end(bytes[i]) {
            i += 1;
        }
        let name = self.src[start + 1..i].to_ascii_lowercase();
        let mut attrs: Vec<(String, String)> = Vec::new();
        let mut self_closing = false;
        loop {
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= bytes.len() {
                break;
            }
            match bytes[i] {
                b'>' => {
                    i += 1;
                    break;
                }
                b'/' if bytes.get(i + 1) == Some(&b'>') => {
                    self_closing = true;
                    i += 2;
                    break;
                }
                b'/' => {
                    i += 1;
                    continue;
                }
                _ => {}
            }
            let name_start = i;
            let ends_name = |i: usize| {
                bytes[i].is_ascii_whitespace()
                    || matches!(bytes[i], b'=' | b'>')
                    || (bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'>'))
            };
            while i < bytes.len() && !ends_name(i) {
                i += 1;
            }
            let attr_name = self.src[name_start..i].to_ascii_lowercase();
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = String::new();
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                match bytes.get(i) {
                    Some(&quote) if quote == b'"' || quote == b'\'' => {
                        let value_start = i + 1;
                        let value_end = self.src[value_start..]
                            .find(quote as char)
                            .map_or(self.src.len(), |j| value_start + j);
                        value = decode_entities(&self.src[value_start..value_end]);
                        i = (value_end + 1).min(self.src.len());
                    }
                    _ => {
                        let value_start = i;
                        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>'
                        {
                            i += 1;
                        }
                        value = decode_entities(&self.src[value_start..i]);
                    }
                }
            }
            if !attr_name.is_empty() && !attrs.iter().any(|(n, _)| *n == attr_name) {
                attrs.push((attr_name, value));
            }
        }
        self.pos = i;
        // A new item closes the open one (`<li>a<li>b`), as browsers do.
        if let Some(&current) = self.open.last() {
            let auto_close = match (self.nodes[current].kind.clone(), name.as_str()) {
                (Kind::Element { name: open, .. }, "li") => open == "li",
                (Kind::Element { name: open, .. }, "option") => open == "option",
                _ => false,
            };
            if auto_close {
                self.nodes[current].span.end = start;
                self.open.pop();
            }
        }
        let is_void = VOID.contains(&name.as_str()) || self_closing;
        let raw = RAW_TEXT.contains(&name.as_str()) && !self_closing;
        let id = self.add(
            Kind::Element {
                name: name.clone(),
                attrs,
            },
            start..i,
        );
        if is_void {
            return;
        }
        self.open.push(id);
        if raw {
            let close = format!("</{name}");
            let content_end = find_ascii_ci(&self.src[self.pos..], &close)
                .map_or(self.src.len(), |j| self.pos + j);
            if content_end > self.pos {
                let mut text = self.src[self.pos..content_end].to_owned();
                if name == "textarea" || name == "title" {
                    text = decode_entities(&text);
                }
                if name == "textarea" && text.starts_with('\n') {
                    text.remove(0);
                }
                self.add(Kind::Text(text), self.pos..content_end);
            }
            self.pos = content_end;
        }
    }

    fn end_tag(&mut self) {
        let start = self.pos;
        let bytes = self.src.as_bytes();
        let mut i = start + 2;
        while i < bytes.len() && !is_tag_end(bytes[i]) {
            i += 1;
        }
        let name = self.src[start + 2..i].to_ascii_lowercase();
        let end = self.src[i..]
            .find('>')
            .map_or(self.src.len(), |j| i + j + 1);
        self.pos = end;
        let found = self.open.iter().rposition(
            |&id| matches!(&self.nodes[id].kind, Kind::Element { name: n, .. } if *n == name),
        );
        if let Some(index) = found.filter(|&index| index > 0) {
            for &id in &self.open[index + 1..] {
                self.nodes[id].span.end = start;
            }
            self.nodes[self.open[index]].span.end = end;
            self.open.truncate(index);
        }
    }
}

fn starts_with_letter(text: &str) -> bool {
    text.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
}

fn is_tag_end(byte: u8) -> bool {
    byte.is_ascii_whitespace() || byte == b'>' || byte == b'/'
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    (0..=h.len().checked_sub(n.len())?).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Decodes character references (`&amp;`, `&#39;`, `&#x27;` and the common named ones);
/// unknown references are kept as written.
pub(crate) fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest[1..]
            .find(';')
            .filter(|&end| end <= 32)
            .and_then(|end| {
                let entity = &rest[1..=end];
                let ch = if let Some(num) = entity.strip_prefix('#') {
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => num.parse().ok(),
                    };
                    code.and_then(char::from_u32)
                } else {
                    named_entity(entity)
                };
                ch.map(|c| (c, end + 2))
            });
        match decoded {
            Some((ch, len)) => {
                out.push(ch);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "copy" => '©',
        "reg" => '®',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "laquo" => '«',
        "raquo" => '»',
        "deg" => '°',
        "middot" => '·',
        "times" => '×',
        "euro" => '€',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_elements_attributes_and_text() {
        let doc = Document::parse(
            r#"<div id="a" class='x y'><p>Tom &amp; Jerry</p><br><input value=3 disabled><!-- c --><span>&#39;hi&#x27;</span></div>"#,
        );
        let div = doc.elements().next().expect("div");
        assert_eq!(doc.name(div), Some("div"));
        assert_eq!(doc.attr(div, "class"), Some("x y"));
        assert_eq!(doc.text(div), "Tom & Jerry'hi'");
        let input = doc
            .elements()
            .find(|&e| doc.name(e) == Some("input"))
            .expect("input");
        assert_eq!(doc.attr(input, "value"), Some("3"));
        assert_eq!(doc.attr(input, "disabled"), Some(""));
        assert_eq!(doc.parent_element(input), Some(div));
        let p = doc.element_children(div).next().expect("p");
        assert_eq!(doc.outer_html(p), "<p>Tom &amp; Jerry</p>");
        assert_eq!(doc.outer_html(div).len(), doc.source.len());
    }

    #[test]
    fn is_lenient_with_broken_markup() {
        let doc = Document::parse("<ul><li>a<li>b</ul></span><textarea>\n<b>x</b></textarea>a < b");
        let items: Vec<_> = doc
            .elements()
            .filter(|&e| doc.name(e) == Some("li"))
            .collect();
        assert_eq!(items.len(), 2);
        assert_eq!(doc.outer_html(items[0]), "<li>a");
        let textarea = doc
            .elements()
            .find(|&e| doc.name(e) == Some("textarea"))
            .expect("textarea");
        assert_eq!(doc.text(textarea), "<b>x</b>");
        assert!(doc.text(0).ends_with("a < b"));
    }

    #[test]
    fn decodes_entities() {
        assert_eq!(
            decode_entities("a&lt;b&gt;&quot;&unknown;&"),
            "a<b>\"&unknown;&"
        );
        assert_eq!(decode_entities("&#233;&#xE9;"), "éé");
    }
}
