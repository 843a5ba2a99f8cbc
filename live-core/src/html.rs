//! Values interpolated into templates: escaping text and attribute values, and `raw`.

use std::fmt::{self, Display, Write};

use crate::escape::escape_html_into;
use crate::rendered::{Dynamic, Rendered};
use crate::text_writer::TextSink;

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

    /// Appends the HTML of this value to `out` (the static render, which builds no tree).
    ///
    /// ```
    /// use live_core::ToHtml;
    /// let mut out = String::from("<p>");
    /// "a & b".write_html(&mut out);
    /// assert_eq!(out, "<p>a &amp; b");
    /// ```
    fn write_html(&self, out: &mut String) {
        match self.to_dynamic() {
            Dynamic::Unchanged => {}
            Dynamic::Text(text) => out.push_str(&text),
            Dynamic::Nested(rendered) => rendered.write_html(out),
            Dynamic::List(list) => out.push_str(&list.to_html()),
            Dynamic::Component(_) => {}
        }
    }
}

impl<T: Display + ?Sized> ToHtml for T {
    fn to_dynamic(&self) -> Dynamic {
        let mut out = String::new();
        write_escaped(&mut out, self);
        Dynamic::Text(out)
    }

    fn write_html(&self, out: &mut String) {
        write_escaped(out, self);
    }
}

impl ToHtml for Rendered {
    fn to_dynamic(&self) -> Dynamic {
        Dynamic::Nested(self.clone())
    }

    fn write_html(&self, out: &mut String) {
        Rendered::write_html(self, out);
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

    fn write_html(&self, out: &mut String) {
        out.push_str(&self.0);
    }
}

/// A `fmt::Write` that escapes HTML on the fly into the string it borrows.
struct EscapingWriter<'a>(&'a mut String);

impl Write for EscapingWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        escape_html_into(self.0, s);
        Ok(())
    }
}

/// Appends the `Display` text of `value` to `out`, escaped.
fn write_escaped(out: &mut String, value: &(impl Display + ?Sized)) {
    let _ = write!(EscapingWriter(out), "{value}");
}

/// A value given to an attribute as `name={expr}`.
///
/// Text values render as ` name="escaped"`; `true` renders the bare ` name`; `false` and
/// `None` drop the attribute. As in HEEx, `class` and `style` are never dropped: `None`,
/// `false` and `true` give them an empty value (` class=""`), so the attribute stays in place.
///
/// ```
/// use live_core::AttrValue;
/// assert_eq!(true.render_attr("disabled"), " disabled");
/// assert_eq!(false.render_attr("disabled"), "");
/// assert_eq!("a\"b".render_attr("title"), " title=\"a&quot;b\"");
/// assert_eq!(Some(3).render_attr("tabindex"), " tabindex=\"3\"");
/// assert_eq!(None::<i32>.render_attr("tabindex"), "");
/// assert_eq!(None::<&str>.render_attr("class"), " class=\"\"");
/// assert_eq!(false.render_attr("style"), " style=\"\"");
/// ```
pub trait AttrValue {
    /// The attribute text, starting with a space, or empty.
    fn render_attr(&self, name: &str) -> String;

    /// Appends the attribute text to `out` (the static render, which builds no tree).
    ///
    /// ```
    /// use live_core::AttrValue;
    /// let mut out = String::from("<input");
    /// 3.write_attr("size", &mut out);
    /// true.write_attr("disabled", &mut out);
    /// assert_eq!(out, "<input size=\"3\" disabled");
    /// ```
    fn write_attr(&self, name: &str, out: &mut String) {
        out.push_str(&self.render_attr(name));
    }

    /// Appends the attribute as a URL attribute (`href`, `src`, …): like
    /// [`write_attr`](AttrValue::write_attr), but a value with a scheme that runs script is
    /// replaced by [`BLOCKED_URL`](crate::url_safety::BLOCKED_URL) (see
    /// [`url_safety`](crate::url_safety)). `html!` calls it for URL attributes.
    ///
    /// ```
    /// use live_core::AttrValue;
    /// let mut out = String::from("<a");
    /// Some("javascript:alert(1)").write_url_attr("href", &mut out);
    /// assert_eq!(out, "<a href=\"about:invalid#blocked\"");
    /// ```
    fn write_url_attr(&self, name: &str, out: &mut String) {
        let start = out.len();
        self.write_attr(name, out);
        crate::url_safety::check_written(out, start);
    }
}

impl AttrValue for bool {
    fn render_attr(&self, name: &str) -> String {
        let mut out = String::new();
        self.write_attr(name, &mut out);
        out
    }

    fn write_attr(&self, name: &str, out: &mut String) {
        if keeps_empty(name) {
            write_empty_attr(name, out);
        } else if *self {
            out.push(' ');
            escape_html_into(out, name);
        }
    }
}

/// An attribute passed through by a component when its caller gave one: dropped when `None`
/// whatever its name. Plain `Option` renders `class` and `style` empty as HEEx templates do;
/// components (`<.link>`, `<.form>`) use this for the attributes they pass on, as Phoenix's
/// global attributes leave out what the caller did not give.
///
/// ```
/// use live_core::{AttrValue, OmitNone};
/// assert_eq!(OmitNone(None::<&str>).render_attr("class"), "");
/// assert_eq!(OmitNone(Some("btn")).render_attr("class"), " class=\"btn\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OmitNone<T>(pub Option<T>);

impl<T: AttrValue> AttrValue for OmitNone<T> {
    fn render_attr(&self, name: &str) -> String {
        let mut out = String::new();
        self.write_attr(name, &mut out);
        out
    }

    fn write_attr(&self, name: &str, out: &mut String) {
        if let Some(value) = &self.0 {
            value.write_attr(name, out);
        }
    }

    fn write_url_attr(&self, name: &str, out: &mut String) {
        if let Some(value) = &self.0 {
            value.write_url_attr(name, out);
        }
    }
}

/// Whether the attribute `name` renders empty (` name=""`) instead of being dropped for
/// `None`/`false`, and empty for `true`: `class` and `style`, as in HEEx.
fn keeps_empty(name: &str) -> bool {
    name.eq_ignore_ascii_case("class") || name.eq_ignore_ascii_case("style")
}

/// Appends ` name=""`.
fn write_empty_attr(name: &str, out: &mut String) {
    out.push(' ');
    escape_html_into(out, name);
    out.push_str("=\"\"");
}

impl<T: AttrValue> AttrValue for Option<T> {
    fn render_attr(&self, name: &str) -> String {
        let mut out = String::new();
        self.write_attr(name, &mut out);
        out
    }

    fn write_attr(&self, name: &str, out: &mut String) {
        match self {
            Some(value) => value.write_attr(name, out),
            None if keeps_empty(name) => write_empty_attr(name, out),
            None => {}
        }
    }

    fn write_url_attr(&self, name: &str, out: &mut String) {
        if let Some(value) = self {
            value.write_url_attr(name, out);
        }
    }
}

impl<T: AttrValue + ?Sized> AttrValue for &T {
    fn render_attr(&self, name: &str) -> String {
        (**self).render_attr(name)
    }

    fn write_attr(&self, name: &str, out: &mut String) {
        (**self).write_attr(name, out);
    }

    fn write_url_attr(&self, name: &str, out: &mut String) {
        (**self).write_url_attr(name, out);
    }
}

macro_rules! display_attr {
    ($($ty:ty),* $(,)?) => {$(
        impl AttrValue for $ty {
            fn render_attr(&self, name: &str) -> String {
                rendered_attr(self, name, 16)
            }

            fn write_attr(&self, name: &str, out: &mut String) {
                write_value_attr(name, out, |out| write_escaped(out, self));
            }
        }
    )*};
}

display_attr!(char, f32, f64);

/// Appends ` name="…"`, the value written by `value`.
#[inline]
fn write_value_attr(name: &str, out: &mut String, value: impl FnOnce(&mut String)) {
    out.push(' ');
    escape_html_into(out, name);
    out.push_str("=\"");
    value(out);
    out.push('"');
}

/// `render_attr` through `write_attr`, reserving `name` plus `value_len` bytes.
fn rendered_attr<T: AttrValue + ?Sized>(value: &T, name: &str, value_len: usize) -> String {
    let mut out = String::with_capacity(name.len() + value_len + 4);
    value.write_attr(name, &mut out);
    out
}

macro_rules! str_attr {
    ($($ty:ty),* $(,)?) => {$(
        impl AttrValue for $ty {
            fn render_attr(&self, name: &str) -> String {
                rendered_attr(self, name, self.len())
            }

            fn write_attr(&self, name: &str, out: &mut String) {
                write_value_attr(name, out, |out| escape_html_into(out, self));
            }
        }
    )*};
}

str_attr!(
    str,
    String,
    std::borrow::Cow<'_, str>,
    std::rc::Rc<str>,
    std::sync::Arc<str>
);

macro_rules! integer_attr {
    ($($ty:ty),* $(,)?) => {$(
        impl AttrValue for $ty {
            fn render_attr(&self, name: &str) -> String {
                rendered_attr(self, name, 8)
            }

            fn write_attr(&self, name: &str, out: &mut String) {
                write_value_attr(name, out, |out| Integer::push_decimal(*self, out));
            }
        }
    )*};
}

integer_attr!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

/// An integer written in decimal without `core::fmt` (it needs no escaping).
pub(crate) trait Integer: Copy {
    /// Appends the digits (and sign) to `out`.
    fn push_decimal(self, out: &mut impl TextSink);
}

/// `"00" "01" … "99"`: two digits at a time.
const PAIRS: &[u8; 200] = b"\
    0001020304050607080910111213141516171819\
    2021222324252627282930313233343536373839\
    4041424344454647484950515253545556575859\
    6061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899";

/// Appends `n` in decimal: up to four digits written directly from the pair table (the common
/// case of counters, scores, years and table cells), longer numbers through `itoa`.
#[inline(always)]
fn push_u64(out: &mut impl TextSink, n: u64) {
    if n < 10 {
        out.push_ascii([b'0' + n as u8]);
    } else if n < 100 {
        let i = 2 * n as usize;
        out.push_ascii([PAIRS[i], PAIRS[i + 1]]);
    } else if n < 10_000 {
        let (high, low) = (2 * (n / 100) as usize, 2 * (n % 100) as usize);
        if n < 1000 {
            out.push_ascii([PAIRS[high + 1], PAIRS[low], PAIRS[low + 1]]);
        } else {
            out.push_ascii([PAIRS[high], PAIRS[high + 1], PAIRS[low], PAIRS[low + 1]]);
        }
    } else {
        push_long(out, n);
    }
}

/// Appends a number of five digits or more.
#[inline(always)]
fn push_long(out: &mut impl TextSink, n: u64) {
    let mut digits = itoa::Buffer::new();
    out.push_str(long_digits(n, &mut digits));
}

/// The digits of `n`, formatted out of line (the sink stays in the caller's registers).
#[inline(never)]
fn long_digits(n: u64, digits: &mut itoa::Buffer) -> &str {
    digits.format(n)
}

macro_rules! unsigned_integer {
    ($($ty:ty),*) => {$(
        impl Integer for $ty {
            #[inline]
            fn push_decimal(self, out: &mut impl TextSink) {
                push_u64(out, self as u64);
            }
        }
    )*};
}

macro_rules! signed_integer {
    ($($ty:ty),*) => {$(
        impl Integer for $ty {
            #[inline]
            fn push_decimal(self, out: &mut impl TextSink) {
                if self < 0 {
                    out.push_str("-");
                }
                push_u64(out, self.unsigned_abs() as u64);
            }
        }
    )*};
}

unsigned_integer!(u8, u16, u32, u64, usize);
signed_integer!(i8, i16, i32, i64, isize);

impl Integer for u128 {
    fn push_decimal(self, out: &mut impl TextSink) {
        out.push_str(itoa::Buffer::new().format(self));
    }
}

impl Integer for i128 {
    fn push_decimal(self, out: &mut impl TextSink) {
        out.push_str(itoa::Buffer::new().format(self));
    }
}

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

/// The value of a list attribute, `name={[a, b, …]}`: the truthy entries joined with spaces.
///
/// `html!` builds it for any attribute written with a list literal, typically `class`. Each
/// entry is a [`ClassValue`]: text (`""` is dropped), `Option` (`None` is dropped), `bool`
/// pairs `("name", condition)`, or a nested list. An attribute whose entries are all dropped is
/// left out entirely, except `class` and `style`, which render empty (` class=""`) as in HEEx.
///
/// ```
/// use live_core::{AttrValue, ClassList};
/// let mut classes = ClassList::new();
/// classes.push("btn");
/// classes.push(&None::<&str>);
/// classes.push(&("active", true));
/// classes.push(&("hidden", false));
/// assert_eq!(classes.render_attr("class"), " class=\"btn active\"");
/// assert_eq!(ClassList::new().render_attr("class"), " class=\"\"");
/// assert_eq!(ClassList::new().render_attr("rel"), "");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClassList(String);

impl ClassList {
    /// An empty list.
    pub fn new() -> Self {
        ClassList(String::new())
    }

    /// Appends `value` unless it is falsy.
    pub fn push<T: ClassValue + ?Sized>(&mut self, value: &T) {
        value.push_class(self);
    }

    /// Appends one non-empty word.
    fn push_str(&mut self, word: &str) {
        if word.is_empty() {
            return;
        }
        if !self.0.is_empty() {
            self.0.push(' ');
        }
        self.0.push_str(word);
    }

    /// The joined text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl AttrValue for ClassList {
    fn render_attr(&self, name: &str) -> String {
        if self.0.is_empty() {
            let mut out = String::new();
            if keeps_empty(name) {
                write_empty_attr(name, &mut out);
            }
            out
        } else {
            rendered_attr(self, name, self.0.len())
        }
    }

    fn write_attr(&self, name: &str, out: &mut String) {
        if !self.0.is_empty() {
            write_value_attr(name, out, |out| escape_html_into(out, &self.0));
        } else if keeps_empty(name) {
            write_empty_attr(name, out);
        }
    }
}

/// An entry of a list attribute (`class={[…]}`); see [`ClassList`].
pub trait ClassValue {
    /// Appends this entry to `list`, or nothing when it is falsy.
    fn push_class(&self, list: &mut ClassList);
}

impl ClassValue for str {
    fn push_class(&self, list: &mut ClassList) {
        list.push_str(self);
    }
}

impl ClassValue for String {
    fn push_class(&self, list: &mut ClassList) {
        list.push_str(self);
    }
}

impl ClassValue for std::borrow::Cow<'_, str> {
    fn push_class(&self, list: &mut ClassList) {
        list.push_str(self);
    }
}

impl<T: ClassValue + ?Sized> ClassValue for &T {
    fn push_class(&self, list: &mut ClassList) {
        (**self).push_class(list);
    }
}

impl<T: ClassValue> ClassValue for Option<T> {
    fn push_class(&self, list: &mut ClassList) {
        if let Some(value) = self {
            value.push_class(list);
        }
    }
}

impl<T: ClassValue> ClassValue for (T, bool) {
    fn push_class(&self, list: &mut ClassList) {
        if self.1 {
            self.0.push_class(list);
        }
    }
}

impl<T: ClassValue> ClassValue for [T] {
    fn push_class(&self, list: &mut ClassList) {
        for value in self {
            value.push_class(list);
        }
    }
}

impl<T: ClassValue, const N: usize> ClassValue for [T; N] {
    fn push_class(&self, list: &mut ClassList) {
        self.as_slice().push_class(list);
    }
}

impl<T: ClassValue> ClassValue for Vec<T> {
    fn push_class(&self, list: &mut ClassList) {
        self.as_slice().push_class(list);
    }
}

/// One `(name, value)` pair of an attribute spread, `{...pairs}`.
///
/// Implemented for `(K, V)` and `&(K, V)` where the name `K: AsRef<str>` and the value
/// `V:` [`AttrValue`] (so `true` gives a bare attribute, `false`/`None` drop it).
pub trait AttrPair {
    /// Appends ` name="value"` (or nothing) to `out`.
    fn push_attr(&self, out: &mut String);
}

impl<K: AsRef<str>, V: AttrValue> AttrPair for (K, V) {
    fn push_attr(&self, out: &mut String) {
        let name = attribute_name(self.0.as_ref());
        if crate::url_safety::is_url_attribute(&name) {
            self.1.write_url_attr(&name, out);
        } else {
            out.push_str(&self.1.render_attr(&name));
        }
    }
}

impl<K: AsRef<str>, V: AttrValue> AttrPair for &(K, V) {
    fn push_attr(&self, out: &mut String) {
        (*self).push_attr(out);
    }
}

/// An attribute name from data, made safe: every character that cannot appear in an HTML
/// attribute name (whitespace, quotes, `=`, `<`, `>`, `/`, `&`, controls) becomes `_`, and an
/// empty name becomes `_`. (The rendered name is HTML-escaped as well.)
///
/// ```
/// use live_core::html::attribute_name;
/// assert_eq!(attribute_name("data-id"), "data-id");
/// assert_eq!(attribute_name("onclick=\"x\" a"), "onclick__x__a");
/// ```
pub fn attribute_name(name: &str) -> String {
    if name.is_empty() {
        return String::from("_");
    }
    name.chars()
        .map(|c| match c {
            c if c.is_whitespace() || c.is_control() => '_',
            '"' | '\'' | '=' | '<' | '>' | '/' | '&' | '`' => '_',
            c => c,
        })
        .collect()
}

/// The slot value of an attribute spread: every pair rendered as an attribute (URL
/// attributes with the scheme check of [`url_safety`](crate::url_safety)).
///
/// ```
/// let pairs = [("data-id", "7"), ("title", "a<b"), ("href", "javascript:x")];
/// assert_eq!(
///     live_core::html::spread(pairs),
///     live_core::Dynamic::Text(" data-id=\"7\" title=\"a&lt;b\" href=\"about:invalid#blocked\"".into())
/// );
/// ```
pub fn spread<I>(pairs: I) -> Dynamic
where
    I: IntoIterator,
    I::Item: AttrPair,
{
    let mut out = String::new();
    spread_into(pairs, &mut out);
    Dynamic::Text(out)
}

/// Appends every pair of an attribute spread to `out` (the static render of [`spread`]).
///
/// ```
/// let mut out = String::from("<p");
/// live_core::html::spread_into([("id", "x")], &mut out);
/// assert_eq!(out, "<p id=\"x\"");
/// ```
pub fn spread_into<I>(pairs: I, out: &mut String)
where
    I: IntoIterator,
    I::Item: AttrPair,
{
    for pair in pairs {
        pair.push_attr(out);
    }
}

#[cfg(test)]
mod tests {
    use super::Integer;

    fn decimal(n: impl Integer) -> String {
        let mut out = String::new();
        n.push_decimal(&mut out);
        out
    }

    #[test]
    fn integers_match_display_at_every_boundary() {
        let unsigned = [
            0u64,
            9,
            10,
            99,
            100,
            101,
            999,
            1000,
            1009,
            9999,
            10_000,
            123_456_789,
            u64::MAX,
        ];
        for n in unsigned {
            assert_eq!(decimal(n), n.to_string());
        }
        for n in [
            0i64,
            -1,
            -9,
            -10,
            -99,
            -100,
            -9999,
            -10_000,
            i64::MIN,
            i64::MAX,
        ] {
            assert_eq!(decimal(n), n.to_string());
        }
        for n in 0..=20_000u32 {
            assert_eq!(decimal(n), n.to_string());
        }
        assert_eq!(decimal(i8::MIN), "-128");
        assert_eq!(decimal(u128::MAX), u128::MAX.to_string());
        assert_eq!(decimal(i128::MIN), i128::MIN.to_string());
    }
}
