//! The buffer the static render writes into: a `String` whose length, capacity and pointer are
//! kept in locals while a template writes, so appending a fragment costs a compare, a copy and
//! an add.
//!
//! This is the one module of the workspace allowed `unsafe` code (see `[workspace.lints]`).
//! Appending to a `String` through `&mut String` reloads its length and capacity from memory
//! after every byte store (the store might alias them) and writes the length back each time;
//! for a template of many short fragments that bookkeeping costs more than the copies. The
//! writer copies into the string's spare capacity instead, and sets the string's length when
//! the string is handed out: to code that needs a `&mut String` ([`HtmlWriter::with_string`])
//! or at the end ([`HtmlWriter::finish`]).
//!
//! The invariant every method keeps (and every `unsafe` block relies on):
//! - `ptr` is the start of `html`'s allocation (taken from `Vec::as_mut_ptr`, valid for the
//!   whole capacity) and `cap` its capacity;
//! - `len <= cap`, and the bytes `..len` are initialized: `html`'s own contents followed by
//!   whole `&str`s copied by [`HtmlWriter::push_str`], so they are valid UTF-8 and `len` is a
//!   character boundary;
//! - `html.len() <= len`: the string's length is only ever set to `len`, so dropping the writer
//!   at any point (a panic in a template) drops a valid `String`.

#![allow(unsafe_code)]

use std::ptr;

use crate::escape::{escape_from, first_special};
use crate::rendered::Rendered;

/// A `String` being appended to by the static render.
///
/// The writer borrows the string rather than owning it: the string's address is what the
/// out-of-line code (growing, [`HtmlWriter::with_string`]) receives, so the writer itself never
/// leaves the registers of the function writing.
///
/// ```
/// use live_core::__private::HtmlWriter;
/// let mut html = String::with_capacity(4);
/// let mut out = HtmlWriter::new(&mut html);
/// out.push_str("<p>");
/// out.push_escaped("Tom & Jerry");
/// out.with_string(|html| html.push_str("</p>"));
/// out.finish();
/// assert_eq!(html, "<p>Tom &amp; Jerry</p>");
/// ```
#[derive(Debug)]
pub struct HtmlWriter<'a> {
    html: &'a mut String,
    ptr: *mut u8,
    len: usize,
    cap: usize,
}

impl<'a> HtmlWriter<'a> {
    /// A writer appending to `html` (usually empty, with the capacity the output is expected to
    /// need). Until [`HtmlWriter::finish`], `html` may not show everything written.
    #[inline(always)]
    pub fn new(html: &'a mut String) -> Self {
        let len = html.len();
        let (ptr, cap) = buffer_of(html);
        HtmlWriter {
            html,
            ptr,
            len,
            cap,
        }
    }

    /// Appends `text`.
    #[inline(always)]
    pub fn push_str(&mut self, text: &str) {
        let count = text.len();
        if self.cap - self.len < count {
            (self.ptr, self.cap) = grow(self.html, self.len, count);
        }
        // SAFETY: `ptr` is valid for `cap` bytes and `len + count <= cap` (checked or just
        // reserved); `text` is borrowed while `self` is borrowed mutably, so it cannot be the
        // spare capacity written here. The copied bytes are a whole `&str`, so `..len + count`
        // stays initialized UTF-8.
        unsafe { ptr::copy_nonoverlapping(text.as_ptr(), self.ptr.add(self.len), count) };
        self.len += count;
    }

    /// Appends `text` escaped for HTML (text and attribute values), as
    /// [`escape_html_into`](crate::escape::escape_html_into) does.
    #[inline(always)]
    pub fn push_escaped(&mut self, text: &str) {
        match first_special(text.as_bytes()) {
            None => self.push_str(text),
            Some(first) => self.with_string(|html| escape_from(html, text, first)),
        }
    }

    /// Appends the HTML of a template rendered while writing (or of its tree).
    #[inline(always)]
    pub fn push_rendered(&mut self, rendered: &Rendered) {
        match rendered.written_html() {
            Some(html) => self.push_str(html),
            None => self.with_string(|html| rendered.write_html(html)),
        }
    }

    /// Runs `write` on the string written so far, for code that appends to a `String`.
    #[inline(always)]
    pub fn with_string<R>(&mut self, write: impl FnOnce(&mut String) -> R) -> R {
        self.sync();
        let result = write(self.html);
        self.len = self.html.len();
        (self.ptr, self.cap) = buffer_of(self.html);
        result
    }

    /// Ends the writing: the string holds everything written.
    #[inline(always)]
    pub fn finish(mut self) {
        self.sync();
    }

    /// Sets the string's length to what was written.
    #[inline(always)]
    fn sync(&mut self) {
        // SAFETY: `len <= cap` and `..len` is initialized UTF-8 ending on a character boundary
        // (the invariant above).
        unsafe { self.html.as_mut_vec().set_len(self.len) };
    }
}

/// The start and the capacity of the allocation of `html`.
#[inline(always)]
fn buffer_of(html: &mut String) -> (*mut u8, usize) {
    // SAFETY: the vector is only read here (its pointer and capacity), never left invalid.
    let bytes = unsafe { html.as_mut_vec() };
    (bytes.as_mut_ptr(), bytes.capacity())
}

/// Makes room for `count` more bytes after the first `len` of `html`: sets its length to
/// `len`, reserves, and returns the (possibly moved) buffer. Out of line and cold: the static
/// render reserves the previous render's size, so this rarely runs.
#[cold]
#[inline(never)]
fn grow(html: &mut String, len: usize, count: usize) -> (*mut u8, usize) {
    // SAFETY: called by `push_str` with the writer's `len`: initialized UTF-8, within capacity.
    unsafe { html.as_mut_vec().set_len(len) };
    html.reserve(count);
    buffer_of(html)
}

/// Where the integer and text writers of the templates append: a `String` (the rendered tree's
/// slot values) or an [`HtmlWriter`] (the static render).
pub trait HtmlSink {
    /// Appends `text` as it is.
    fn push_str(&mut self, text: &str);
    /// Appends `text` escaped for HTML.
    fn push_escaped(&mut self, text: &str);
}

impl HtmlSink for String {
    #[inline(always)]
    fn push_str(&mut self, text: &str) {
        String::push_str(self, text);
    }

    #[inline(always)]
    fn push_escaped(&mut self, text: &str) {
        crate::escape::escape_html_into(self, text);
    }
}

impl HtmlSink for HtmlWriter<'_> {
    #[inline(always)]
    fn push_str(&mut self, text: &str) {
        HtmlWriter::push_str(self, text);
    }

    #[inline(always)]
    fn push_escaped(&mut self, text: &str) {
        HtmlWriter::push_escaped(self, text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same operations on a writer and on a plain string give the same text, whatever the
    /// starting capacity (growth from nothing, from too little, and none at all).
    #[test]
    fn writes_what_a_string_would() {
        let pieces = [
            "",
            "<",
            "é",
            "<li class=\"x\">",
            "a & b",
            "“quoted”",
            "0123456789abcdef!",
            "",
            "<<>>&&\"\"''",
            "tail",
        ];
        for capacity in [0, 1, 3, 16, 1024] {
            for start in ["", "ab", "前"] {
                let mut expected = String::from(start);
                let mut html = String::with_capacity(capacity);
                html.push_str(start);
                let mut out = HtmlWriter::new(&mut html);
                for (i, piece) in pieces.iter().cycle().take(40).enumerate() {
                    match i % 4 {
                        0 | 1 => {
                            out.push_str(piece);
                            expected.push_str(piece);
                        }
                        2 => {
                            out.push_escaped(piece);
                            crate::escape::escape_html_into(&mut expected, piece);
                        }
                        _ => {
                            let seen = out.with_string(|html| {
                                html.push_str(piece);
                                html.len()
                            });
                            expected.push_str(piece);
                            assert_eq!(seen, expected.len());
                        }
                    }
                }
                out.finish();
                assert_eq!(html, expected, "capacity {capacity}, start {start:?}");
            }
        }
    }

    #[test]
    fn with_string_sees_everything_written_before() {
        let mut html = String::new();
        let mut out = HtmlWriter::new(&mut html);
        out.push_str("<ul>");
        out.with_string(|html| {
            assert_eq!(html, "<ul>");
            html.reserve(10_000);
        });
        out.push_str("</ul>");
        out.finish();
        assert_eq!(html, "<ul></ul>");
    }

    #[test]
    fn a_writer_dropped_midway_drops_a_valid_string() {
        let mut html = String::with_capacity(2);
        {
            let mut out = HtmlWriter::new(&mut html);
            out.push_str("abc");
            out.push_str("défg");
        }
        // Whatever the string shows is a prefix of what was written.
        assert!("abcdéfg".starts_with(html.as_str()), "{html:?}");
        let result = std::panic::catch_unwind(|| {
            let mut html = String::new();
            let mut out = HtmlWriter::new(&mut html);
            out.push_str("<p>");
            out.with_string(|_| panic!("a template panicked"));
        });
        assert!(result.is_err());
    }

    #[test]
    fn both_sinks_write_the_same() {
        fn write(sink: &mut impl HtmlSink) {
            sink.push_str("<b>");
            sink.push_escaped("1 < 2");
        }
        let mut text = String::new();
        write(&mut text);
        let mut html = String::new();
        let mut out = HtmlWriter::new(&mut html);
        write(&mut out);
        out.finish();
        assert_eq!(html, text);
        assert_eq!(text, "<b>1 &lt; 2");
    }
}
