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
#[inline(always)]
pub fn escape_html_into(out: &mut String, text: &str) {
    match first_special(text.as_bytes()) {
        None => out.push_str(text),
        Some(first) => escape_from(out, text, first),
    }
}

/// The position of the first byte of `bytes` that needs escaping, if any.
#[inline(always)]
pub(crate) fn first_special(bytes: &[u8]) -> Option<usize> {
    let i = clean_words(bytes, needs_escaping);
    if clean_tail(&bytes[i..], needs_escaping) {
        return None;
    }
    bytes[i..]
        .iter()
        .position(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
        .map(|p| i + p)
}

/// Escapes `text` into `out`, knowing that `text[..first]` needs no escaping.
#[inline(never)]
pub(crate) fn escape_from(out: &mut String, text: &str, first: usize) {
    let bytes = text.as_bytes();
    out.push_str(&text[..first]);
    let mut start = first;
    for (i, &b) in bytes.iter().enumerate().skip(first) {
        let replacement = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // `i` is at an ASCII byte, so both slices end on character boundaries.
        out.push_str(&text[start..i]);
        out.push_str(replacement);
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

/// The length of the prefix of `bytes` made of whole eight-byte words for which `needs` is
/// false: the escapers skip it without looking at single bytes.
#[inline(always)]
fn clean_words(bytes: &[u8], needs: impl Fn(u64) -> bool) -> usize {
    let mut clean = 0;
    while let Some(chunk) = bytes.get(clean..clean + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        if needs(u64::from_le_bytes(word)) {
            break;
        }
        clean += 8;
    }
    clean
}

/// Whether `rest`, what [`clean_words`] left, is shorter than a word and needs nothing.
#[inline(always)]
fn clean_tail(rest: &[u8], needs: impl Fn(u64) -> bool) -> bool {
    rest.len() < 8 && tail_word(rest).is_none_or(|word| !needs(word))
}

/// The bytes of a tail shorter than eight bytes (the rest after [`clean_words`]) gathered into
/// one word, `None` when it is empty. Every byte of the word is a byte of `tail` and every byte
/// of `tail` is in the word: a length of four to seven is read as two overlapping four-byte
/// loads, one to three as its first, middle and last bytes. So a test over the word's bytes
/// (is any of them special?) is exact for the tail, without a loop over single bytes.
///
/// Also used by the content hash, where the tail's length is hashed too: given the length, the
/// word determines the bytes.
#[inline(always)]
pub(crate) fn tail_word(tail: &[u8]) -> Option<u64> {
    let len = tail.len();
    debug_assert!(len < 8, "a tail is shorter than a word");
    if len >= 4 {
        let mut low = [0u8; 4];
        let mut high = [0u8; 4];
        low.copy_from_slice(tail.get(..4)?);
        high.copy_from_slice(tail.get(len - 4..)?);
        Some(u64::from(u32::from_le_bytes(low)) | u64::from(u32::from_le_bytes(high)) << 32)
    } else {
        let (first, middle, last) = (*tail.first()?, tail[len / 2], tail[len - 1]);
        Some(u64::from_le_bytes([
            first, middle, last, first, first, middle, last, first,
        ]))
    }
}

/// `0x01` in every byte of a word.
const ONES: u64 = 0x0101_0101_0101_0101;
/// `0x80` in every byte of a word.
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Whether any of the eight bytes of `word` is below `limit` (at most 0x80): subtracting
/// `limit` borrows into the high bit of such a byte, which was clear. Exact, no false positives.
#[inline(always)]
fn has_byte_below(word: u64, limit: u8) -> bool {
    word.wrapping_sub(ONES * u64::from(limit)) & !word & HIGHS != 0
}

/// Whether any of the eight bytes of `word` is `byte` (a zero-byte test on `word ^ byte…`).
#[inline(always)]
fn has_byte(word: u64, byte: u8) -> bool {
    has_byte_below(word ^ (ONES * u64::from(byte)), 1)
}

/// Whether any of the eight bytes of `word` is `"`, `\\` or a control character (below 0x20).
#[inline]
fn needs_json_escaping(word: u64) -> bool {
    has_byte_below(word, 0x20) | has_byte(word, b'"') | has_byte(word, b'\\')
}

/// Whether any of the eight bytes of `word` is one of `& < > " '`.
#[inline]
fn needs_escaping(word: u64) -> bool {
    has_byte(word, b'&')
        | has_byte(word, b'<')
        | has_byte(word, b'>')
        | has_byte(word, b'"')
        | has_byte(word, b'\'')
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
    match json_clean_prefix(text.as_bytes()) {
        None => {
            out.push_str(text);
            out.push('"');
        }
        Some(clean) => escape_json_from(out, text, clean),
    }
}

/// `None` when `bytes` go into a JSON string as they are (no `"`, `\\` or control character);
/// otherwise the length of a prefix that needs no escaping (whole clean words), where
/// [`escape_json_from`] starts looking.
#[inline(always)]
pub(crate) fn json_clean_prefix(bytes: &[u8]) -> Option<usize> {
    let clean = clean_words(bytes, needs_json_escaping);
    if clean_tail(&bytes[clean..], needs_json_escaping) {
        None
    } else {
        Some(clean)
    }
}

/// The escaped rest of a JSON string and its closing quote, knowing that `text[..clean]` needs
/// no escaping (the opening quote is written).
#[inline(never)]
pub(crate) fn escape_json_from(out: &mut String, text: &str, clean: usize) {
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate().skip(clean) {
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

#[cfg(test)]
mod tests {
    use super::escape_html_into;

    /// The obvious escaper, one character at a time.
    fn reference(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                c => out.push(c),
            }
        }
        out
    }

    #[test]
    fn every_special_at_every_position_of_every_length() {
        for len in 0..24 {
            for position in 0..len {
                for special in ['&', '<', '>', '"', '\'', 'é', 'x'] {
                    let text: String = (0..len)
                        .map(|i| if i == position { special } else { 'a' })
                        .collect();
                    let mut out = String::from("prefix:");
                    escape_html_into(&mut out, &text);
                    assert_eq!(out, format!("prefix:{}", reference(&text)), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn json_escaping_matches_serde_json_at_every_position() {
        for len in 0..20 {
            for position in 0..len {
                for special in ['"', '\\', '\n', '\u{1}', '\u{1f}', ' ', '\u{7f}', 'é', '😀'] {
                    let text: String = (0..len)
                        .map(|i| if i == position { special } else { 'a' })
                        .collect();
                    let mut out = String::new();
                    super::escape_json_into(&mut out, &text);
                    let expected = serde_json_like(&text);
                    assert_eq!(out, expected, "{text:?}");
                }
            }
        }
    }

    /// JSON string encoding as serde_json writes it (short escapes, `\u00XX` for the other
    /// control characters, everything else verbatim).
    fn serde_json_like(text: &str) -> String {
        let mut out = String::from("\"");
        for c in text.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    #[test]
    fn the_tail_word_holds_exactly_the_tail_bytes() {
        for len in 0..8 {
            let tail: Vec<u8> = (0..len).map(|i| b'a' + i as u8).collect();
            match super::tail_word(&tail) {
                None => assert_eq!(len, 0),
                Some(word) => {
                    let mut bytes: Vec<u8> = word.to_le_bytes().to_vec();
                    bytes.sort_unstable();
                    bytes.dedup();
                    assert_eq!(bytes, tail, "length {len}");
                }
            }
        }
    }

    #[test]
    fn multibyte_text_and_bytes_next_to_the_specials_are_kept() {
        // Bytes that differ from a special character in one bit must not be taken for it.
        let text = "%;=?!\"#'()*+,-./0123456789:;<=>?@ ü € 😀 &&<<>>";
        let mut out = String::new();
        escape_html_into(&mut out, text);
        assert_eq!(out, reference(text));
    }
}
