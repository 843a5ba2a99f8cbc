//! The static render: a view's HTML written straight into one `String`, with no rendered tree.
//!
//! The first response to a browser (and any other place that needs only the HTML) does not
//! need the fingerprints and slot values a connected client diffs against. Inside
//! [`render_to_string`], every `html!` writes its fragments and slot values directly into a
//! buffer sized from the previous render of the same template, the way compiled template
//! engines do, and returns that HTML wrapped as a [`Rendered`] (see [`Rendered::from_html`]),
//! so functions returning `Rendered` compose exactly as they do for the tree.
//!
//! `html!` compiles that direct writer into release builds and test crates; in a debug build
//! each template renders its tree in full instead and [`render_to_string`] returns its HTML,
//! which is the same text (see the `html!` documentation, "The static render").
//!
//! ```
//! use live_core::{html, static_render::render_to_string, Rendered};
//!
//! fn greeting(name: &str) -> Rendered {
//!     html! { <p>Hello, {name}!</p> }
//! }
//!
//! // The tree: statics and one slot.
//! assert_eq!(greeting("Ada").slots().len(), 1);
//! // The static render: the same HTML, written directly.
//! assert_eq!(render_to_string(|| greeting("Ada")), "<p>Hello, Ada!</p>");
//! assert_eq!(greeting("Ada").to_html(), "<p>Hello, Ada!</p>");
//! ```

use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::rendered::Rendered;

thread_local! {
    static WRITING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `render` with every `html!` in it writing HTML directly, and returns the HTML.
///
/// Nested calls are fine; the previous mode is restored afterwards, even if `render` panics.
#[inline]
pub fn render_to_string(render: impl FnOnce() -> Rendered) -> String {
    struct Restore(bool);
    impl Drop for Restore {
        #[inline]
        fn drop(&mut self) {
            WRITING.with(|writing| writing.set(self.0));
        }
    }
    let _restore = Restore(WRITING.with(|writing| writing.replace(true)));
    render().into_html()
}

/// Whether `html!` should write HTML directly (inside [`render_to_string`]).
#[inline]
pub fn writing_html() -> bool {
    WRITING.with(Cell::get)
}

/// The output length of the previous static render of one template: the next render reserves
/// that much at once. One `static` per `html!`, kept by generated code.
///
/// ```
/// use live_core::static_render::SizeHint;
/// static HINT: SizeHint = SizeHint::new();
/// let mut out = HINT.buffer();
/// out.push_str("<p>hi</p>");
/// HINT.record(&out);
/// assert!(HINT.buffer().capacity() >= 9);
/// ```
#[derive(Debug)]
pub struct SizeHint(AtomicUsize);

impl SizeHint {
    /// No render yet.
    pub const fn new() -> Self {
        SizeHint(AtomicUsize::new(0))
    }

    /// An empty buffer with the capacity of the previous render.
    #[inline]
    pub fn buffer(&self) -> String {
        String::with_capacity(self.0.load(Ordering::Relaxed))
    }

    /// Remembers the length of this render.
    #[inline]
    pub fn record(&self, html: &str) {
        self.0.store(html.len(), Ordering::Relaxed);
    }
}

impl Default for SizeHint {
    fn default() -> Self {
        SizeHint::new()
    }
}
