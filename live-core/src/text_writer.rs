//! A `String` written in many short pushes, with its length, capacity and pointer kept in
//! locals while it is written, so appending a fragment costs a compare, a copy and an add. The
//! static render writes HTML through it, a `:for` the text of its entries (through
//! `EntryWriter`), and the diff engine the JSON of a list patch.
//!
//! This is the one module of the workspace allowed `unsafe` code (see `[workspace.lints]`).
//! Appending to a `String` through `&mut String` reloads its length and capacity from memory
//! after every byte store (the store might alias them) and writes the length back each time;
//! for many short fragments that bookkeeping costs more than the copies. The
//! writer copies into the string's spare capacity instead, and sets the string's length when
//! the string is handed out: to code that needs a `&mut String` ([`TextWriter::with_string`])
//! or at the end ([`TextWriter::finish`]).
//!
//! The invariant every method keeps (and every `unsafe` block relies on):
//! - `ptr` is the start of the allocation of `string`, the borrowed `String` (taken from
//!   `Vec::as_mut_ptr`, valid for the whole capacity), and `cap` its capacity;
//! - `len <= cap`, and the bytes `..len` are initialized: the string's own contents followed by
//!   whole `&str`s copied by [`TextWriter::push_str`], so they are valid UTF-8 and `len` is a
//!   character boundary;
//! - `string.len() <= len`: the string's length is only ever set to `len`, so dropping the writer
//!   at any point (a panic in a template) drops a valid `String`.

#![allow(unsafe_code)]

use std::ptr;

use crate::escape::{escape_from, first_special};
use crate::rendered::Rendered;

/// A `String` being appended to in many short pushes (the static render, a list's entries, a
/// list patch).
///
/// The writer borrows the string rather than owning it: the string's address is what the
/// out-of-line code (growing, [`TextWriter::with_string`]) receives, so the writer itself never
/// leaves the registers of the function writing.
///
/// ```
/// use live_core::__private::TextWriter;
/// let mut html = String::with_capacity(4);
/// let mut out = TextWriter::new(&mut html);
/// out.push_str("<p>");
/// out.push_escaped("Tom & Jerry");
/// out.with_string(|html| html.push_str("</p>"));
/// out.finish();
/// assert_eq!(html, "<p>Tom &amp; Jerry</p>");
/// ```
#[derive(Debug)]
pub struct TextWriter<'a> {
    string: &'a mut String,
    ptr: *mut u8,
    len: usize,
    cap: usize,
}

impl<'a> TextWriter<'a> {
    /// A writer appending to `string` (usually empty, with the capacity the output is expected to
    /// need). Until [`TextWriter::finish`], `string` may not show everything written.
    #[inline(always)]
    pub fn new(string: &'a mut String) -> Self {
        let len = string.len();
        let (ptr, cap) = buffer_of(string);
        TextWriter {
            string,
            ptr,
            len,
            cap,
        }
    }

    /// Appends `text`.
    #[inline(always)]
    pub fn push_str(&mut self, text: &str) {
        let count = text.len();
        self.make_room(count);
        // SAFETY: `make_room` left `len + count <= cap`, and `ptr` is valid for `cap` bytes;
        // `text` is borrowed while `self` is borrowed mutably, so it cannot be the spare
        // capacity written here. The copied bytes are a whole `&str`, so `..len + count` stays
        // initialized UTF-8.
        unsafe { copy(text.as_ptr(), self.ptr.add(self.len), count) };
        self.len += count;
    }

    /// Appends ASCII bytes (digits): each byte's high bit is cleared, so whatever the caller
    /// passes, the text stays UTF-8.
    #[inline(always)]
    pub fn push_ascii<const N: usize>(&mut self, bytes: [u8; N]) {
        let ascii = bytes.map(|byte| byte & 0x7f);
        self.make_room(N);
        // SAFETY: as in `push_str`; the `N` bytes are ASCII, so valid UTF-8 on their own.
        unsafe { ptr::copy_nonoverlapping(ascii.as_ptr(), self.ptr.add(self.len), N) };
        self.len += N;
    }

    /// Hides the length from the optimizer (the static render calls this every few writes):
    /// the additions of a long template then form short chains, not one chain the length of
    /// the template, which LLVM's analyses follow recursively and can overflow on.
    #[inline(always)]
    pub fn checkpoint(&mut self) {
        self.len = std::hint::black_box(self.len);
    }

    /// Makes sure `count` more bytes fit: `len + count <= cap` afterwards.
    #[inline(always)]
    fn make_room(&mut self, count: usize) {
        if self.cap - self.len < count {
            (self.ptr, self.cap) = grow(self.string, self.len, count);
        }
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
    ///
    /// The writer takes the string's new length and buffer afterwards, even when `write`
    /// panics after growing the string and the panic is caught: the writer never keeps a
    /// pointer to a buffer the string has let go.
    #[inline(always)]
    pub fn with_string<R>(&mut self, write: impl FnOnce(&mut String) -> R) -> R {
        self.sync();
        let reload = Reload(self);
        write(reload.0.string)
    }

    /// The length of everything written so far.
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing is written (the string was empty and still is).
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.len == 0
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
        unsafe { self.string.as_mut_vec().set_len(self.len) };
    }
}

/// Copies `count` bytes from `src` to `dst`. Up to 16 bytes (names, labels, numbers: most
/// values) are moved with two overlapping loads and stores instead of a call to `memcpy`; with
/// a constant `count` (the static fragments) the branches fold away.
///
/// # Safety
/// As `ptr::copy_nonoverlapping`: `src` readable and `dst` writable for `count` bytes, the two
/// ranges disjoint.
#[inline(always)]
unsafe fn copy(src: *const u8, dst: *mut u8, count: usize) {
    // SAFETY (every branch): each read and write lies inside `..count` of its range; the reads
    // all happen before the writes, so the overlap between the two halves does not matter.
    unsafe {
        if count > 16 {
            ptr::copy_nonoverlapping(src, dst, count);
        } else if count >= 8 {
            let (head, tail) = (src.cast::<u64>(), src.add(count - 8).cast::<u64>());
            let (head, tail) = (head.read_unaligned(), tail.read_unaligned());
            dst.cast::<u64>().write_unaligned(head);
            dst.add(count - 8).cast::<u64>().write_unaligned(tail);
        } else if count >= 4 {
            let (head, tail) = (src.cast::<u32>(), src.add(count - 4).cast::<u32>());
            let (head, tail) = (head.read_unaligned(), tail.read_unaligned());
            dst.cast::<u32>().write_unaligned(head);
            dst.add(count - 4).cast::<u32>().write_unaligned(tail);
        } else if count > 0 {
            let (first, middle, last) = (*src, *src.add(count / 2), *src.add(count - 1));
            *dst = first;
            *dst.add(count / 2) = middle;
            *dst.add(count - 1) = last;
        }
    }
}

/// Takes the string's length and buffer back into the writer when dropped (see
/// [`TextWriter::with_string`]).
struct Reload<'w, 'a>(&'w mut TextWriter<'a>);

impl Drop for Reload<'_, '_> {
    #[inline(always)]
    fn drop(&mut self) {
        let writer = &mut *self.0;
        writer.len = writer.string.len();
        (writer.ptr, writer.cap) = buffer_of(writer.string);
    }
}

/// The start and the capacity of the allocation of `string`.
#[inline(always)]
fn buffer_of(string: &mut String) -> (*mut u8, usize) {
    // SAFETY: the vector is only read here (its pointer and capacity), never left invalid.
    let bytes = unsafe { string.as_mut_vec() };
    (bytes.as_mut_ptr(), bytes.capacity())
}

/// Makes room for `count` more bytes after the first `len` of `string`: sets its length to
/// `len`, reserves, and returns the (possibly moved) buffer. Out of line and cold: the static
/// render reserves the previous render's size, so this rarely runs.
#[cold]
#[inline(never)]
fn grow(string: &mut String, len: usize, count: usize) -> (*mut u8, usize) {
    // SAFETY: called by `push_str` with the writer's `len`: initialized UTF-8, within capacity.
    unsafe { string.as_mut_vec().set_len(len) };
    string.reserve(count);
    buffer_of(string)
}

/// Where the integer and text writers append: a `String` (the rendered tree's slot values, a
/// diff) or a [`TextWriter`] (the static render, the entries of a list, a list patch).
pub trait TextSink {
    /// Appends `text` as it is.
    fn push_str(&mut self, text: &str);
    /// Appends ASCII bytes (digits); a byte's high bit is cleared.
    fn push_ascii<const N: usize>(&mut self, bytes: [u8; N]);
    /// Appends `text` escaped for HTML.
    fn push_escaped(&mut self, text: &str);
    /// Runs `write` on everything written so far, as a `String`.
    fn with_string<R>(&mut self, write: impl FnOnce(&mut String) -> R) -> R;
}

impl TextSink for String {
    #[inline(always)]
    fn push_str(&mut self, text: &str) {
        String::push_str(self, text);
    }

    #[inline(always)]
    fn push_ascii<const N: usize>(&mut self, bytes: [u8; N]) {
        let ascii = bytes.map(|byte| byte & 0x7f);
        // SAFETY: every byte is below 0x80, and ASCII bytes are UTF-8.
        self.push_str(unsafe { std::str::from_utf8_unchecked(&ascii) });
    }

    #[inline(always)]
    fn push_escaped(&mut self, text: &str) {
        crate::escape::escape_html_into(self, text);
    }

    #[inline(always)]
    fn with_string<R>(&mut self, write: impl FnOnce(&mut String) -> R) -> R {
        write(self)
    }
}

impl TextSink for TextWriter<'_> {
    #[inline(always)]
    fn push_str(&mut self, text: &str) {
        TextWriter::push_str(self, text);
    }

    #[inline(always)]
    fn push_ascii<const N: usize>(&mut self, bytes: [u8; N]) {
        TextWriter::push_ascii(self, bytes);
    }

    #[inline(always)]
    fn push_escaped(&mut self, text: &str) {
        TextWriter::push_escaped(self, text);
    }

    #[inline(always)]
    fn with_string<R>(&mut self, write: impl FnOnce(&mut String) -> R) -> R {
        TextWriter::with_string(self, write)
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
                let mut out = TextWriter::new(&mut html);
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

    /// Every length around the small-copy cases (1–3, 4–7, 8–16, more), at many offsets.
    #[test]
    fn copies_every_length_whole() {
        let source: String = ('a'..='z').chain('A'..='Z').collect();
        let mut html = String::new();
        let mut expected = String::new();
        let mut out = TextWriter::new(&mut html);
        for len in 0..=40 {
            for start in [0, 1, 7] {
                let piece = &source[start..start + len];
                out.push_str(piece);
                expected.push_str(piece);
            }
        }
        out.finish();
        assert_eq!(html, expected);
    }

    #[test]
    fn ascii_pushes_stay_ascii() {
        let mut text = String::new();
        text.push_ascii([b'4', b'2']);
        text.push_ascii([0xb1]);
        let mut html = String::new();
        let mut out = TextWriter::new(&mut html);
        out.push_ascii([b'4', b'2']);
        out.push_ascii([0xb1]);
        out.finish();
        assert_eq!(text, "421");
        assert_eq!(html, "421");
    }

    #[test]
    fn with_string_sees_everything_written_before() {
        let mut html = String::new();
        let mut out = TextWriter::new(&mut html);
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
            let mut out = TextWriter::new(&mut html);
            out.push_str("abc");
            out.push_str("défg");
        }
        // Whatever the string shows is a prefix of what was written.
        assert!("abcdéfg".starts_with(html.as_str()), "{html:?}");
        let result = std::panic::catch_unwind(|| {
            let mut html = String::new();
            let mut out = TextWriter::new(&mut html);
            out.push_str("<p>");
            out.with_string(|_| panic!("a template panicked"));
        });
        assert!(result.is_err());
    }

    /// A panic inside `with_string` after the string moved its buffer, caught, and the writer
    /// used again: it writes into the new buffer (Miri checks there is no use of the old one).
    #[test]
    fn a_caught_panic_in_with_string_leaves_the_writer_usable() {
        let mut html = String::with_capacity(4);
        let mut out = TextWriter::new(&mut html);
        out.push_str("<p>");
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            out.with_string(|html| {
                html.reserve(4096);
                html.push_str("text");
                panic!("a value's ToHtml panicked");
            })
        }));
        assert!(caught.is_err());
        out.push_str("</p>");
        out.finish();
        assert_eq!(html, "<p>text</p>");
    }

    #[test]
    fn both_sinks_write_the_same() {
        fn write(sink: &mut impl TextSink) {
            sink.push_str("<b>");
            sink.push_escaped("1 < 2");
        }
        let mut text = String::new();
        write(&mut text);
        let mut html = String::new();
        let mut out = TextWriter::new(&mut html);
        write(&mut out);
        out.finish();
        assert_eq!(html, text);
        assert_eq!(text, "<b>1 &lt; 2");
    }
}
