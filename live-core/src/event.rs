//! Events sent by the client (`phx-click`, `phx-submit`, hooks …), decoded from the wire payload
//! (docs/protocol.md §5.1, docs/protocol-bindings.md §1).

use serde_json::{Map, Value};

use crate::form::{decode, decode_target, DecodeError, EventParams};

/// An event from the client: the payload of an `event` message.
///
/// [`params`](Event::params) is what a handler usually reads: for a form (`type: "form"`) the
/// decoded fields with `meta` merged over them and `_target` turned into a key path, exactly as
/// Phoenix hands them to `handle_event`; for any other kind the JSON object the client sent.
///
/// ```
/// use live_core::Event;
/// let event = Event::from_payload(&serde_json::json!({
///     "type": "click", "event": "inc", "value": {"value": "", "step": "2"}
/// })).unwrap();
/// assert_eq!(event.name(), "inc");
/// assert_eq!(event.kind(), "click");
/// assert_eq!(event.params().get::<u32>("step").unwrap(), 2);
///
/// // A phx-change of `<input name="user[email]">`:
/// let event = Event::from_payload(&serde_json::json!({
///     "type": "form", "event": "validate",
///     "value": "user%5Bemail%5D=ada%40example.com&user%5B_unused_name%5D=&user%5Bname%5D=",
///     "meta": {"_target": "user[email]"}, "uploads": {}
/// })).unwrap();
/// assert_eq!(event.params().value_at(&["user", "email"]).unwrap(), "ada@example.com");
/// assert_eq!(event.params().target(), Some(vec!["user", "email"]));
/// assert!(!event.params().is_used(&["user", "name"]));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    name: String,
    kind: String,
    value: Value,
    cid: Option<u64>,
    meta: Option<Value>,
    uploads: Option<Value>,
    params: EventParams,
}

/// Why an event payload could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDecodeError(String);

impl std::fmt::Display for EventDecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid event payload: {}", self.0)
    }
}

impl std::error::Error for EventDecodeError {}

impl From<DecodeError> for EventDecodeError {
    fn from(error: DecodeError) -> Self {
        EventDecodeError(error.to_string())
    }
}

impl Event {
    /// An event built in code (tests, the in-process harness). A `"form"` event's `value` is
    /// the urlencoded string; if it does not decode, [`params`](Event::params) is empty (use
    /// [`from_payload`](Event::from_payload) to get the error).
    ///
    /// ```
    /// use live_core::Event;
    /// let event = Event::new("form", "save", serde_json::json!("user%5Bname%5D=Ada"));
    /// assert_eq!(event.params().value_at(&["user", "name"]).unwrap(), "Ada");
    /// ```
    pub fn new(kind: impl Into<String>, name: impl Into<String>, value: Value) -> Self {
        let kind = kind.into();
        let params = build_params(&kind, &value, None).unwrap_or_default();
        Event {
            name: name.into(),
            kind,
            value,
            cid: None,
            meta: None,
            uploads: None,
            params,
        }
    }

    /// A form event (`phx-change`, `phx-submit`) with its urlencoded `value`; add the change's
    /// `_target` with [`with_meta`](Event::with_meta).
    ///
    /// ```
    /// use live_core::Event;
    /// let event = Event::form("save", "q=live+view");
    /// assert_eq!(event.kind(), "form");
    /// assert_eq!(event.params().get_str("q"), Some("live view"));
    /// ```
    pub fn form(name: impl Into<String>, urlencoded: impl Into<String>) -> Self {
        Event::new("form", name, Value::String(urlencoded.into()))
    }

    /// The same event with `meta` (for a form: merged over the decoded fields, `_target`
    /// decoded into a path).
    ///
    /// ```
    /// use live_core::Event;
    /// let event = Event::form("validate", "user%5Bname%5D=Jo")
    ///     .with_meta(serde_json::json!({"_target": "user[name]", "step": "2"}));
    /// assert_eq!(event.params().target(), Some(vec!["user", "name"]));
    /// assert_eq!(event.params().get_str("step"), Some("2"));
    /// ```
    pub fn with_meta(mut self, meta: Value) -> Self {
        self.params = build_params(&self.kind, &self.value, Some(&meta)).unwrap_or_default();
        self.meta = Some(meta);
        self
    }

    /// The same event, targeted at the component `cid`.
    pub fn with_cid(mut self, cid: u64) -> Self {
        self.cid = Some(cid);
        self
    }

    /// Decodes the payload of an `event` message. The `type` may be `null`; `event` must be a
    /// string; `cid`, when present, a non-negative integer. A form's `value` must be an
    /// urlencoded string that decodes (UTF-8, see [`crate::form::decode`]) and its
    /// `meta` an object; a missing `value` is empty params.
    ///
    /// ```
    /// use live_core::Event;
    /// use serde_json::json;
    /// let bad = json!({"type": "form", "event": "save", "value": "name=%FF"});
    /// assert!(Event::from_payload(&bad).is_err());
    /// let missing = json!({"type": "click", "event": "go"});
    /// assert_eq!(Event::from_payload(&missing).unwrap().params().as_value(), &json!({}));
    /// ```
    pub fn from_payload(payload: &Value) -> Result<Self, EventDecodeError> {
        let object = payload
            .as_object()
            .ok_or_else(|| EventDecodeError("payload is not an object".into()))?;
        let name = object
            .get("event")
            .and_then(Value::as_str)
            .ok_or_else(|| EventDecodeError("missing string field \"event\"".into()))?;
        let kind = match object.get("type") {
            None | Some(Value::Null) => "",
            Some(Value::String(kind)) => kind,
            Some(_) => return Err(EventDecodeError("field \"type\" is not a string".into())),
        };
        let cid =
            match object.get("cid") {
                None | Some(Value::Null) => None,
                Some(cid) => Some(cid.as_u64().ok_or_else(|| {
                    EventDecodeError("field \"cid\" is not a component id".into())
                })?),
            };
        let value = object.get("value").cloned().unwrap_or(Value::Null);
        let meta = object.get("meta").filter(|meta| !meta.is_null()).cloned();
        let params = build_params(kind, &value, meta.as_ref())?;
        Ok(Event {
            name: name.to_owned(),
            kind: kind.to_owned(),
            value,
            cid,
            meta,
            uploads: object.get("uploads").cloned(),
            params,
        })
    }

    /// The event name from the binding (`phx-click="inc"` gives `"inc"`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// How the value is encoded: `"click"`, `"form"`, `"keydown"`, `"hook"`, … or `""`.
    pub fn kind(&self) -> &str {
        &self.kind
    }

    /// The raw value: an object for most kinds, a URL-encoded string for forms.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// The targeted component, when the binding had `phx-target`.
    pub fn cid(&self) -> Option<u64> {
        self.cid
    }

    /// The decoded parameters (see [`EventParams`]).
    ///
    /// ```
    /// use live_core::Event;
    /// // <input phx-keydown="search" phx-value-scope="all">, "Enter" pressed
    /// let event = Event::new("keydown", "search", serde_json::json!({"key": "Enter", "scope": "all", "value": "rust"}));
    /// assert_eq!(event.params().get_str("key"), Some("Enter"));
    /// assert_eq!(event.params().get::<String>("value").unwrap(), "rust");
    /// ```
    pub fn params(&self) -> &EventParams {
        &self.params
    }

    /// The raw `meta` object of a form event (`_target`, the form's `phx-value-*`, a
    /// `JS.push` value), as sent.
    pub fn meta(&self) -> Option<&Value> {
        self.meta.as_ref()
    }

    /// The `uploads` object of a form change event (`{}` when no file was chosen).
    pub fn uploads(&self) -> Option<&Value> {
        self.uploads.as_ref()
    }
}

/// The params of an event of `kind` (docs/protocol-bindings.md §1.1): a form's value is decoded,
/// `meta` merged over it and `_target` turned into a path; any other value passes through.
fn build_params(
    kind: &str,
    value: &Value,
    meta: Option<&Value>,
) -> Result<EventParams, EventDecodeError> {
    if kind != "form" {
        return Ok(EventParams::new(match value {
            Value::Null => Value::Object(Map::new()),
            other => other.clone(),
        }));
    }
    let mut fields = match value {
        Value::String(urlencoded) => match decode(urlencoded)? {
            Value::Object(fields) => fields,
            _ => Map::new(),
        },
        Value::Null => Map::new(),
        _ => {
            return Err(EventDecodeError(
                "the value of a form event is not a string".into(),
            ))
        }
    };
    match meta {
        None | Some(Value::Null) => {}
        Some(Value::Object(meta)) => {
            for (key, value) in meta {
                fields.insert(key.clone(), value.clone());
            }
        }
        Some(_) => {
            return Err(EventDecodeError(
                "the meta of a form event is not an object".into(),
            ))
        }
    }
    if let Some(Value::String(target)) = fields.get("_target") {
        let path = decode_target(target)?;
        fields.insert(
            "_target".to_owned(),
            Value::Array(path.into_iter().map(Value::String).collect()),
        );
    }
    Ok(EventParams::new(Value::Object(fields)))
}
