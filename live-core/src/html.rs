//! Values interpolated into templates: escaping text and attribute values, and `raw`.

use std::fmt::{self, Display, Write};

use crate::escape::escape_html_into;
use crate::rendered::{Dynamic, Rendered};

/// A value that can be interpolated as `{expr}` in a template body.
///
/// Every `Display` type is escaped as text. [`Rendered`] (an embedded template) is inserted as a
/// nested node, and [`Raw`] is inserted verbatim.
///
/// ```
/// use live_core::ToHtml;
/// assert_eq!(42.to_dynamic(), live_core::Dynamic::Text("42".into()));
/// assert_eq!("<i>".to_dynamic(), live_core::Dynamic::Text("&lt;i&gt;".into()));
/// ```
pub trait ToHtml {
    /// The slot value for this value.
    fn to_dynamic(&self) -> Dynamic;
}

impl<T: Display + ?Sized> ToHtml for T {
    fn to_dynamic(&self) -> Dynamic {
        let mut out = EscapingWriter(String::new());
        let _ = write!(out, "{self}");
        Dynamic::Text(out.0)
    }
}

impl ToHtml for Rendered {
    fn to_dynamic(&self) -> Dynamic {
        Dynamic::Nested(self.clone())
    }
}

/// HTML that is inserted without escaping. Build it with [`raw`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raw(pub String);

/// Marks trusted HTML to be inserted verbatim: the one way to skip escaping.
///
/// ```
/// use live_core::{raw, ToHtml, Dynamic};
/// assert_eq!(raw("<b>bold</b>").to_dynamic(), Dynamic::Text("<b>bold</b>".into()));
/// ```
pub fn raw(html: impl Into<String>) -> Raw {
    Raw(html.into())
}

impl ToHtml for Raw {
    fn to_dynamic(&self) -> Dynamic {
        Dynamic::Text(self.0.clone())
    }
}

/// A `fmt::Write` that escapes HTML on the fly.
struct EscapingWriter(String);

impl Write for EscapingWriter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        escape_html_into(&mut self.0, s);
        Ok(())
    }
}

/// A value given to an attribute as `name={expr}`.
///
/// Text values render as ` name="escaped"`; `true` renders the bare ` name`; `false` and
/// `None` drop the attribute.
///
/// ```
/// use live_core::AttrValue;
/// assert_eq!(true.render_attr("disabled"), " disabled");
/// assert_eq!(false.render_attr("disabled"), "");
/// assert_eq!("a\"b".render_attr("title"), " title=\"a&quot;b\"");
/// assert_eq!(Some(3).render_attr("tabindex"), " tabindex=\"3\"");
/// assert_eq!(None::<i32>.render_attr("tabindex"), "");
/// ```
pub trait AttrValue {
    /// The attribute text, starting with a space, or empty.
    fn render_attr(&self, name: &str) -> String;
}

fn text_attr(name: &str, value: &(impl Display + ?Sized)) -> String {
    let mut out = EscapingWriter(String::with_capacity(name.len() + 16));
    out.0.push(' ');
    escape_html_into(&mut out.0, name);
    out.0.push_str("=\"");
    let _ = write!(out, "{value}");
    out.0.push('"');
    out.0
}

impl AttrValue for bool {
    fn render_attr(&self, name: &str) -> String {
        if *self {
            let mut out = String::with_capacity(name.len() + 1);
            out.push(' ');
            escape_html_into(&mut out, name);
            out
        } else {
            String::new()
        }
    }
}

impl<T: AttrValue> AttrValue for Option<T> {
    fn render_attr(&self, name: &str) -> String {
        match self {
            Some(value) => value.render_attr(name),
            None => String::new(),
        }
    }
}

impl<T: AttrValue + ?Sized> AttrValue for &T {
    fn render_attr(&self, name: &str) -> String {
        (**self).render_attr(name)
    }
}

macro_rules! display_attr {
    ($($ty:ty),* $(,)?) => {$(
        impl AttrValue for $ty {
            fn render_attr(&self, name: &str) -> String {
                text_attr(name, self)
            }
        }
    )*};
}

display_attr!(
    str,
    String,
    char,
    i8,
    i16,
    i32,
    i64,
    i128,
    isize,
    u8,
    u16,
    u32,
    u64,
    u128,
    usize,
    f32,
    f64,
    std::borrow::Cow<'_, str>,
    std::rc::Rc<str>,
    std::sync::Arc<str>
);

impl AttrValue for Raw {
    fn render_attr(&self, name: &str) -> String {
        let mut out = String::with_capacity(name.len() + self.0.len() + 4);
        out.push(' ');
        escape_html_into(&mut out, name);
        out.push_str("=\"");
        out.push_str(&self.0);
        out.push('"');
        out
    }
}
