//! [`EventParams`]: the parameters of an event, a nested map read into Rust types through serde.

use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::decode::{decode, DecodeError};

/// The parameters of an event: for a form (`phx-change`, `phx-submit`, form recovery) the
/// decoded fields with `meta` merged over them and `_target` as a key path; for any other event
/// the JSON value the client sent (`phx-value-*` attributes, `value`, `key`, a hook's payload).
///
/// Read them into Rust types with [`get`](EventParams::get) (one key) or
/// [`parse`](EventParams::parse) (everything). Form fields are always strings; the typed access
/// converts them: `"42"` reads as an integer, `"true"`/`"on"` as a boolean, `""` as `None`
/// (see [`parse`](EventParams::parse) for every rule). Errors name the field:
///
/// ```
/// use live_core::form::EventParams;
/// use serde::Deserialize;
///
/// #[derive(Deserialize, Debug, PartialEq)]
/// struct User { name: String, age: u8, nickname: Option<String> }
///
/// let params = EventParams::from_form("user[name]=Ada&user[age]=36&user[nickname]=")?;
/// let user: User = params.get("user")?;
/// assert_eq!(user, User { name: "Ada".into(), age: 36, nickname: None });
///
/// let params = EventParams::from_form("user[name]=Ada&user[age]=abc")?;
/// let error = params.get::<User>("user").unwrap_err();
/// assert_eq!(error.to_string(), r#"user.age: expected an integer from 0 to 255, got "abc""#);
///
/// let error = EventParams::from_form("user[age]=7")?.get::<User>("user").unwrap_err();
/// assert_eq!(error.to_string(), "user.name: missing field");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct EventParams(Value);

impl Default for EventParams {
    fn default() -> Self {
        EventParams(Value::Object(Map::new()))
    }
}

impl From<Value> for EventParams {
    fn from(value: Value) -> Self {
        EventParams(value)
    }
}

impl EventParams {
    /// Params holding `value` as it is (a JSON object for every event the client sends).
    pub fn new(value: Value) -> Self {
        EventParams(value)
    }

    /// Decodes an urlencoded form, as [`decode`](super::decode) does (no `meta`, no `_target`
    /// rewriting: see [`Event`](crate::Event) for a whole form event).
    ///
    /// ```
    /// let params = live_core::form::EventParams::from_form("q=rust+web&page=2")?;
    /// assert_eq!(params.get_str("q"), Some("rust web"));
    /// assert_eq!(params.get::<u32>("page")?, 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_form(urlencoded: &str) -> Result<Self, DecodeError> {
        decode(urlencoded).map(EventParams)
    }

    /// The params as JSON.
    pub fn as_value(&self) -> &Value {
        &self.0
    }

    /// The params as JSON, by value.
    pub fn into_value(self) -> Value {
        self.0
    }

    /// Reads all the params as a `T`.
    ///
    /// Conversions, on top of what a JSON value gives directly:
    /// - integers and floats from strings (`"42"`, `" -3 "`, `"2.5"`; surrounding whitespace is
    ///   ignored; `NaN` and infinities are refused);
    /// - booleans from `"true"`, `"on"`, `"1"`, `"yes"` and `"false"`, `"off"`, `"0"`, `"no"`,
    ///   `""` (any case): a checkbox sends `"on"`, the hidden-input pattern `"false"`/`"true"`;
    /// - `Option<T>`: a missing key, `null` and `""` (an empty input) are `None`;
    /// - strings from JSON numbers and booleans;
    /// - sequences from lists, and from maps whose keys are all integers, in numeric order
    ///   (`items[0][x]=…&items[1][x]=…`);
    /// - enums from a string naming a unit variant, or from a map with one key.
    ///
    /// Unknown keys are ignored (so `_target` and `_unused_…` never get in the way).
    ///
    /// ```
    /// use serde::Deserialize;
    /// use live_core::form::EventParams;
    ///
    /// #[derive(Deserialize)]
    /// #[serde(rename_all = "lowercase")]
    /// enum Plan { Free, Pro }
    ///
    /// #[derive(Deserialize)]
    /// struct Search { q: String, page: Option<u32>, plan: Plan, exact: bool }
    ///
    /// let params = EventParams::from_form("q=live&page=&plan=pro&exact=on")?;
    /// let search: Search = params.parse()?;
    /// assert_eq!((search.q.as_str(), search.page, search.exact), ("live", None, true));
    /// assert!(matches!(search.plan, Plan::Pro));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse<'a, T: Deserialize<'a>>(&'a self) -> Result<T, ParamsError> {
        T::deserialize(Cursor(Some(&self.0)))
    }

    /// Reads the value at `key` as a `T`. A missing key is `None` for an `Option` and an error
    /// ([`ParamsErrorKind::Missing`]) otherwise.
    ///
    /// ```
    /// use live_core::{Event, form::ParamsErrorKind};
    /// // <button phx-click="remove" phx-value-id="7">
    /// let event = Event::new("click", "remove", serde_json::json!({"id": "7", "value": ""}));
    /// assert_eq!(event.params().get::<u64>("id")?, 7);
    /// assert_eq!(event.params().get::<Option<u64>>("page")?, None);
    /// let missing = event.params().get::<u64>("page").unwrap_err();
    /// assert_eq!(missing.kind(), &ParamsErrorKind::Missing);
    /// assert_eq!(missing.to_string(), "page: missing field");
    /// # Ok::<(), live_core::form::ParamsError>(())
    /// ```
    pub fn get<'a, T: Deserialize<'a>>(&'a self, key: &str) -> Result<T, ParamsError> {
        let value = match &self.0 {
            Value::Object(map) => map.get(key),
            _ => None,
        };
        T::deserialize(Cursor(value)).map_err(|error| error.within(key))
    }

    /// The string at `key`, if there is one.
    ///
    /// ```
    /// let params = live_core::form::EventParams::from_form("a=1&b[c]=2")?;
    /// assert_eq!(params.get_str("a"), Some("1"));
    /// assert_eq!(params.get_str("b"), None);
    /// # Ok::<(), live_core::form::DecodeError>(())
    /// ```
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.value_at(&[key]).and_then(Value::as_str)
    }

    /// The raw value at a key path (`&["user", "email"]`).
    ///
    /// ```
    /// let params = live_core::form::EventParams::from_form("user[email]=a%40b.c")?;
    /// assert_eq!(params.value_at(&["user", "email"]), Some(&serde_json::json!("a@b.c")));
    /// # Ok::<(), live_core::form::DecodeError>(())
    /// ```
    pub fn value_at(&self, path: &[&str]) -> Option<&Value> {
        path.iter()
            .try_fold(&self.0, |value, key| value.as_object()?.get(*key))
    }

    /// The key path of the input whose change sent this event: `_target` of a `phx-change`
    /// (`["user", "email"]`), or `None` (a submit, or not a form event).
    ///
    /// ```
    /// use live_core::Event;
    /// let event = Event::form("validate", "user%5Bemail%5D=a")
    ///     .with_meta(serde_json::json!({"_target": "user[email]"}));
    /// assert_eq!(event.params().target(), Some(vec!["user", "email"]));
    /// ```
    pub fn target(&self) -> Option<Vec<&str>> {
        self.value_at(&["_target"])?
            .as_array()?
            .iter()
            .map(Value::as_str)
            .collect()
    }

    /// Whether the user touched the input at `path`: it is the event's [`target`], or it was
    /// sent without the `_unused_` marker the client adds for untouched inputs
    /// (docs/protocol-bindings.md §1.5). An input that was not sent at all is not used.
    ///
    /// ```
    /// use live_core::Event;
    /// // The user typed in the name; the email was never touched.
    /// let event = Event::form("validate", "user%5Bname%5D=Jo&user%5B_unused_email%5D=&user%5Bemail%5D=")
    ///     .with_meta(serde_json::json!({"_target": "user[name]"}));
    /// assert!(event.params().is_used(&["user", "name"]));
    /// assert!(!event.params().is_used(&["user", "email"]));
    /// assert!(!event.params().is_used(&["user", "age"]));
    /// ```
    ///
    /// [`target`]: EventParams::target
    pub fn is_used(&self, path: &[&str]) -> bool {
        let Some((field, parent)) = path.split_last() else {
            return false;
        };
        if self.target().as_deref() == Some(path) {
            return true;
        }
        let Some(Value::Object(container)) = self.value_at(parent) else {
            return false;
        };
        field_is_used(container, field)
    }
}

/// The rule of [`EventParams::is_used`] inside one map of fields.
pub(crate) fn field_is_used(fields: &Map<String, Value>, field: &str) -> bool {
    fields.contains_key(field) && !fields.contains_key(&format!("_unused_{field}"))
}

/// A field that is missing or cannot be read as the type asked for.
///
/// Its [`Display`](fmt::Display) names the field by its path: `user.age: expected an integer
/// from 0 to 255, got "abc"`, `user.email: missing field`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamsError {
    path: Vec<String>,
    kind: ParamsErrorKind,
}

/// What is wrong with a field; see [`ParamsError`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamsErrorKind {
    /// The field is required but absent.
    Missing,
    /// The field has a value of the wrong shape or text.
    Invalid {
        /// What was expected (`"an integer from 0 to 255"`, `"a boolean"`, `"a map"`…).
        expected: String,
        /// What was found (`"\"abc\""`, `"a list"`…), truncated.
        got: String,
    },
    /// Any other message (from a custom `Deserialize` implementation).
    Other(String),
}

impl ParamsError {
    /// The key path of the field (list indices as decimal numbers); empty for the params as a
    /// whole.
    pub fn path(&self) -> &[String] {
        &self.path
    }

    /// The path joined with dots (`user.age`), as shown in the message.
    pub fn field(&self) -> String {
        self.path.join(".")
    }

    /// What is wrong.
    pub fn kind(&self) -> &ParamsErrorKind {
        &self.kind
    }

    fn new(kind: ParamsErrorKind) -> Self {
        ParamsError {
            path: Vec::new(),
            kind,
        }
    }

    fn invalid(expected: impl Into<String>, got: String) -> Self {
        ParamsError::new(ParamsErrorKind::Invalid {
            expected: expected.into(),
            got,
        })
    }

    /// The same error, one level deeper: inside `key`.
    fn within(mut self, key: &str) -> Self {
        self.path.insert(0, key.to_owned());
        self
    }
}

impl fmt::Display for ParamsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path.join("."))?;
        }
        match &self.kind {
            ParamsErrorKind::Missing => f.write_str("missing field"),
            ParamsErrorKind::Invalid { expected, got } => {
                write!(f, "expected {expected}, got {got}")
            }
            ParamsErrorKind::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for ParamsError {}

impl de::Error for ParamsError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        ParamsError::new(ParamsErrorKind::Other(msg.to_string()))
    }

    fn invalid_type(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        ParamsError::invalid(expected.to_string(), describe_unexpected(&unexpected))
    }

    fn invalid_value(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        ParamsError::invalid(expected.to_string(), describe_unexpected(&unexpected))
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        let expected = match expected {
            [] => "no variant".to_owned(),
            [one] => format!("{one:?}"),
            many => format!("one of {}", quoted_list(many)),
        };
        ParamsError::invalid(expected, quote(variant))
    }

    fn missing_field(field: &'static str) -> Self {
        ParamsError::new(ParamsErrorKind::Missing).within(field)
    }
}

fn quoted_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|item| format!("{item:?}")).collect();
    quoted.join(", ")
}

/// A string as shown in an error message: JSON-quoted, at most 40 characters.
fn quote(text: &str) -> String {
    const LIMIT: usize = 40;
    match text.char_indices().nth(LIMIT) {
        Some((end, _)) => {
            let mut quoted = Value::String(text[..end].to_owned()).to_string();
            quoted.insert(quoted.len() - 1, '…');
            quoted
        }
        None => Value::String(text.to_owned()).to_string(),
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => quote(s),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "a map".to_owned(),
    }
}

fn describe_unexpected(unexpected: &de::Unexpected<'_>) -> String {
    match unexpected {
        de::Unexpected::Str(s) => quote(s),
        de::Unexpected::Seq => "a list".to_owned(),
        de::Unexpected::Map => "a map".to_owned(),
        de::Unexpected::Unit => "null".to_owned(),
        other => other.to_string(),
    }
}

/// Reads a JSON value (or its absence) with the conversions of [`EventParams::parse`].
struct Cursor<'a>(Option<&'a Value>);

/// Reads a string with the conversions of [`EventParams::parse`] (values and map keys).
struct Text<'a>(&'a str);

fn missing() -> ParamsError {
    ParamsError::new(ParamsErrorKind::Missing)
}

macro_rules! integer_methods {
    ($($method:ident => $visit:ident : $ty:ty),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamsError> {
            visitor.$visit(self.integer::<$ty>()?)
        }
    )*};
}

/// Every integer type the deserializers convert to, with how an error describes it.
trait Integer: std::str::FromStr + TryFrom<i64> + TryFrom<u64> {
    const EXPECTED: &'static str;
}

macro_rules! integers {
    ($($ty:ty => $expected:literal),* $(,)?) => {$(
        impl Integer for $ty {
            const EXPECTED: &'static str = $expected;
        }
    )*};
}

integers!(
    i8 => "an integer from -128 to 127",
    i16 => "an integer from -32768 to 32767",
    i32 => "an integer from -2147483648 to 2147483647",
    i64 => "an integer",
    i128 => "an integer",
    u8 => "an integer from 0 to 255",
    u16 => "an integer from 0 to 65535",
    u32 => "an integer from 0 to 4294967295",
    u64 => "a non-negative integer",
    u128 => "a non-negative integer",
);

impl<'a> Text<'a> {
    fn integer<T: Integer>(&self) -> Result<T, ParamsError> {
        self.0
            .trim()
            .parse::<T>()
            .map_err(|_| ParamsError::invalid(T::EXPECTED, quote(self.0)))
    }

    fn float(&self) -> Result<f64, ParamsError> {
        self.0
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .ok_or_else(|| ParamsError::invalid("a number", quote(self.0)))
    }

    fn boolean(&self) -> Result<bool, ParamsError> {
        let text = self.0.trim();
        const TRUE: [&str; 4] = ["true", "on", "1", "yes"];
        const FALSE: [&str; 5] = ["false", "off", "0", "no", ""];
        if TRUE.iter().any(|t| t.eq_ignore_ascii_case(text)) {
            Ok(true)
        } else if FALSE.iter().any(|f| f.eq_ignore_ascii_case(text)) {
            Ok(false)
        } else {
            Err(ParamsError::invalid("a boolean", quote(self.0)))
        }
    }
}

impl<'de> Deserializer<'de> for Text<'de> {
    type Error = ParamsError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamsError> {
        visitor.visit_borrowed_str(self.0)
    }

    integer_methods!(
        deserialize_i8 => visit_i8: i8,
        deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32,
        deserialize_i64 => visit_i64: i64,
        deserialize_i128 => visit_i128: i128,
        deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64,
        deserialize_u128 => visit_u128: u128,
    );

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamsError> {
        visitor.visit_f32(self.float()? as f32)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamsError> {
        visitor.visit_f64(self.float()?)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamsError> {
        visitor.visit_bool(self.boolean()?)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamsError> {
        let mut chars = self.0.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => visitor.visit_char(c),
            _ => Err(ParamsError::invalid("a single character", quote(self.0))),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamsError> {
        if self.0.is_empty() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamsError> {
        if self.0.is_empty() {
            visitor.visit_unit()
        } else {
            Err(ParamsError::invalid("nothing", quote(self.0)))
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ParamsError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ParamsError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ParamsError> {
        visitor.visit_enum(de::value::BorrowedStrDeserializer::<ParamsError>::new(
            self.0,
        ))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, ParamsError> {
        Err(ParamsError::invalid("a list", quote(self.0)))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ParamsError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ParamsError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, ParamsError> {
        Err(ParamsError::invalid("a map", quote(self.0)))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ParamsError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamsError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! { str string bytes byte_buf identifier }
}

impl<'de> Cursor<'de> {
    fn value(&self) -> Result<&'de Value, ParamsError> {
        self.0.ok_or_else(missing)
    }

    fn integer<T: Integer>(&self) -> Result<T, ParamsError> {
        let value = self.value()?;
        let number = match value {
            Value::String(text) => return Text(text).integer(),
            Value::Number(n) => {
                let whole = n
                    .as_f64()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                    .map(|f| f as i64);
                match (n.as_i64().or(whole), n.as_u64()) {
                    (Some(i), _) => T::try_from(i).ok(),
                    (None, Some(u)) => T::try_from(u).ok(),
                    (None, None) => None,
                }
            }
            _ => None,
        };
        number.ok_or_else(|| ParamsError::invalid(T::EXPECTED, describe(value)))
    }

    fn float(&self) -> Result<f64, ParamsError> {
        match self.value()? {
            Value::String(text) => Text(text).float(),
            Value::Number(n) => n
                .as_f64()
                .ok_or_else(|| ParamsError::invalid("a number", n.to_string())),
            other => Err(ParamsError::invalid("a number", describe(other))),
        }
    }
}

impl<'de> Deserializer<'de> for Cursor<'de> {
    type Error = ParamsError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamsError> {
        match self.value()? {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    visitor.visit_u64(u)
                } else if let Some(i) = n.as_i64() {
                    visitor.visit_i64(i)
                } else {
                    visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(items) => visitor.visit_seq(Items::list(items)),
            Value::Object(map) => visitor.visit_map(Entries::new(map)),
        }
    }

    integer_methods!(
        deserialize_i8 => visit_i8: i8,
        deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32,
        deserialize_i64 => visit_i64: i64,
        deserialize_i128 => visit_i128: i128,
        deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64,
        deserialize_u128 => visit_u128: u128,
    );

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamsError> {
        visitor.visit_f32(self.float()? as f32)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamsError> {
        visitor.visit_f64(self.float()?)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamsError> {
        match self.value()? {
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::String(text) => visitor.visit_bool(Text(text).boolean()?),
            other => Err(ParamsError::invalid("a boolean", describe(other))),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamsError> {
        match self.value()? {
            Value::String(text) => Text(text).deserialize_char(visitor),
            other => Err(ParamsError::invalid("a single character", describe(other))),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamsError> {
        match self.value()? {
            Value::String(text) => visitor.visit_borrowed_str(text),
            Value::Number(n) => visitor.visit_string(n.to_string()),
            Value::Bool(b) => visitor.visit_string(b.to_string()),
            other => Err(ParamsError::invalid("a string", describe(other))),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamsError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamsError> {
        match self.value()? {
            Value::String(text) => visitor.visit_borrowed_bytes(text.as_bytes()),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamsError> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamsError> {
        match self.0 {
            None | Some(Value::Null) => visitor.visit_none(),
            Some(Value::String(text)) if text.is_empty() => visitor.visit_none(),
            Some(_) => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamsError> {
        match self.value()? {
            Value::Null => visitor.visit_unit(),
            Value::String(text) if text.is_empty() => visitor.visit_unit(),
            other => Err(ParamsError::invalid("nothing", describe(other))),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ParamsError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ParamsError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamsError> {
        match self.value()? {
            Value::Array(items) => visitor.visit_seq(Items::list(items)),
            Value::Object(map) => match Items::indexed(map) {
                Some(items) => visitor.visit_seq(items),
                None => Err(ParamsError::invalid("a list", "a map".to_owned())),
            },
            other => Err(ParamsError::invalid("a list", describe(other))),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ParamsError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ParamsError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamsError> {
        match self.value()? {
            Value::Object(map) => visitor.visit_map(Entries::new(map)),
            other => Err(ParamsError::invalid("a map", describe(other))),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ParamsError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ParamsError> {
        match self.value()? {
            Value::String(text) => Text(text).deserialize_enum(name, variants, visitor),
            Value::Object(map) if map.len() == 1 => match map.iter().next() {
                Some((variant, value)) => visitor.visit_enum(Variant { variant, value }),
                None => Err(ParamsError::invalid("a variant", "a map".to_owned())),
            },
            other => Err(ParamsError::invalid("a variant", describe(other))),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamsError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamsError> {
        visitor.visit_unit()
    }
}

/// The elements of a list (or of a map with integer keys), each error tagged with its index.
struct Items<'a> {
    items: std::vec::IntoIter<(String, &'a Value)>,
}

impl<'a> Items<'a> {
    fn list(items: &'a [Value]) -> Self {
        let items: Vec<(String, &Value)> = items
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect();
        Items {
            items: items.into_iter(),
        }
    }

    /// `{"0": a, "1": b, "10": c}` as `[a, b, c]`, or `None` when a key is not an integer.
    fn indexed(map: &'a Map<String, Value>) -> Option<Self> {
        let mut items: Vec<(u64, &String, &Value)> = map
            .iter()
            .map(|(k, v)| Some((k.parse::<u64>().ok()?, k, v)))
            .collect::<Option<_>>()?;
        items.sort_by_key(|(index, _, _)| *index);
        let items: Vec<(String, &Value)> =
            items.into_iter().map(|(_, k, v)| (k.clone(), v)).collect();
        Some(Items {
            items: items.into_iter(),
        })
    }
}

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = ParamsError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ParamsError> {
        match self.items.next() {
            Some((index, value)) => seed
                .deserialize(Cursor(Some(value)))
                .map(Some)
                .map_err(|error| error.within(&index)),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// The entries of a map, each value's error tagged with its key.
struct Entries<'a> {
    entries: serde_json::map::Iter<'a>,
    value: Option<(&'a String, &'a Value)>,
}

impl<'a> Entries<'a> {
    fn new(map: &'a Map<String, Value>) -> Self {
        Entries {
            entries: map.iter(),
            value: None,
        }
    }
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = ParamsError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ParamsError> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some((key, value));
                seed.deserialize(Text(key))
                    .map(Some)
                    .map_err(|error| error.within(key))
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, ParamsError> {
        match self.value.take() {
            Some((key, value)) => seed
                .deserialize(Cursor(Some(value)))
                .map_err(|error| error.within(key)),
            None => Err(de::Error::custom("a map value was read before its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// An enum written as a map with one key: `{"variant": value}`.
struct Variant<'a> {
    variant: &'a String,
    value: &'a Value,
}

impl<'de> EnumAccess<'de> for Variant<'de> {
    type Error = ParamsError;
    type Variant = Cursor<'de>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Cursor<'de>), ParamsError> {
        let variant = seed.deserialize(Text(self.variant))?;
        Ok((variant, Cursor(Some(self.value))))
    }
}

impl<'de> VariantAccess<'de> for Cursor<'de> {
    type Error = ParamsError;

    fn unit_variant(self) -> Result<(), ParamsError> {
        match self.0 {
            None | Some(Value::Null) => Ok(()),
            Some(Value::String(text)) if text.is_empty() => Ok(()),
            Some(other) => Err(ParamsError::invalid("nothing", describe(other))),
        }
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<S::Value, ParamsError> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ParamsError> {
        self.deserialize_seq(visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ParamsError> {
        self.deserialize_map(visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::BTreeMap;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Row {
        x: i32,
    }

    #[test]
    fn conversions() {
        let params = EventParams::new(json!({
            "n": " 42 ", "neg": "-3", "f": "2.5", "b": "on", "off": "", "json": 7,
            "rows": {"10": {"x": "3"}, "2": {"x": "1"}}, "list": ["1", "2"],
        }));
        assert_eq!(params.get::<u8>("n"), Ok(42));
        assert_eq!(params.get::<i64>("neg"), Ok(-3));
        assert_eq!(params.get::<f64>("f"), Ok(2.5));
        assert_eq!(params.get::<bool>("b"), Ok(true));
        assert_eq!(params.get::<bool>("off"), Ok(false));
        assert_eq!(params.get::<String>("json"), Ok("7".to_owned()));
        assert_eq!(params.get::<u16>("json"), Ok(7));
        assert_eq!(
            params.get::<Vec<Row>>("rows"),
            Ok(vec![Row { x: 1 }, Row { x: 3 }])
        );
        assert_eq!(params.get::<Vec<u8>>("list"), Ok(vec![1, 2]));
        assert_eq!(params.get::<Option<u8>>("off"), Ok(None));
        let map: BTreeMap<u32, Row> = params.get("rows").expect("integer keys");
        assert_eq!(map.keys().copied().collect::<Vec<_>>(), [2, 10]);
    }

    #[test]
    fn errors_carry_the_path() {
        let params = EventParams::new(json!({"rows": [{"x": "1"}, {"x": "nope"}], "b": "maybe"}));
        let error = params.get::<Vec<Row>>("rows").expect_err("an error");
        assert_eq!(error.path(), ["rows", "1", "x"]);
        assert_eq!(
            error.to_string(),
            r#"rows.1.x: expected an integer from -2147483648 to 2147483647, got "nope""#
        );
        assert_eq!(
            params.get::<bool>("b").expect_err("an error").to_string(),
            r#"b: expected a boolean, got "maybe""#
        );
        assert_eq!(
            params.get::<u8>("rows").expect_err("an error").to_string(),
            "rows: expected an integer from 0 to 255, got a list"
        );
        assert_eq!(
            params.get::<u64>("b").expect_err("an error").to_string(),
            r#"b: expected a non-negative integer, got "maybe""#
        );
        let long = "x".repeat(100);
        let params = EventParams::new(json!({ "n": long }));
        let message = params.get::<i64>("n").expect_err("an error").to_string();
        assert!(message.ends_with("xxxx…\""), "{message}");
        assert!(message.len() < 100, "{message}");
    }

    #[test]
    fn enums() {
        #[derive(Deserialize, Debug, PartialEq)]
        #[serde(rename_all = "lowercase")]
        enum Plan {
            Free,
            Pro,
            Team(u8),
        }
        let params = EventParams::new(json!({"a": "pro", "b": {"team": "5"}, "c": "gold"}));
        assert_eq!(params.get::<Plan>("a"), Ok(Plan::Pro));
        assert_eq!(params.get::<Plan>("b"), Ok(Plan::Team(5)));
        assert_eq!(
            params.get::<Plan>("c").expect_err("an error").to_string(),
            r#"c: expected one of "free", "pro", "team", got "gold""#
        );
        assert!(matches!(
            params.get::<Plan>("a"),
            Ok(Plan::Pro | Plan::Free)
        ));
    }
}
