//! HTML and JSON escaping.
//!
//! This file is the one escaper of the project: `live-macros` compiles it in too (through a
//! `#[path]` module) to escape static text and pre-encode statics at build time, so it must stay
//! free of dependencies and of items that are unused by either crate.

/// Appends `text` to `out`, escaping the five HTML-significant characters `& < > " '`.
///
/// The result is safe both as element text and inside a double- or single-quoted attribute.
///
/// ```
/// let mut out = String::new();
/// live_core::escape::escape_html_into(&mut out, "<a href=\"x\">Tom & Jerry</a>");
/// assert_eq!(out, "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&lt;/a&gt;");
/// ```
pub fn escape_html_into(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let replacement = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(replacement);
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

/// Appends `text` to `out` as a JSON string literal, quotes included.
///
/// The output is byte-identical to what `serde_json` writes for the same string.
///
/// ```
/// let mut out = String::new();
/// live_core::escape::escape_json_into(&mut out, "say \"hi\"\n");
/// assert_eq!(out, r#""say \"hi\"\n""#);
/// ```
pub fn escape_json_into(out: &mut String, text: &str) {
    out.push('"');
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        if short.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 0xf) as usize] as char);
        } else {
            out.push_str(short);
        }
        start = i + 1;
    }
    out.push_str(&text[start..]);
    out.push('"');
}
