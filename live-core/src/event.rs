//! Events sent by the client (`phx-click`, `phx-submit`, hooks …), decoded from the wire payload.

use serde_json::Value;

/// An event from the client: the payload of an `event` message (PROTOCOL.md §5.1).
///
/// ```
/// use live_core::Event;
/// let event = Event::from_payload(&serde_json::json!({
///     "type": "click", "event": "inc", "value": {"value": ""}
/// })).unwrap();
/// assert_eq!(event.name(), "inc");
/// assert_eq!(event.kind(), "click");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    name: String,
    kind: String,
    value: Value,
    cid: Option<u64>,
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

impl Event {
    /// An event built in code (tests, the in-process harness).
    pub fn new(kind: impl Into<String>, name: impl Into<String>, value: Value) -> Self {
        Event {
            name: name.into(),
            kind: kind.into(),
            value,
            cid: None,
        }
    }

    /// Decodes the payload of an `event` message. The `type` may be `null`; `event` must be a
    /// string; `cid`, when present, a non-negative integer.
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
        Ok(Event {
            name: name.to_owned(),
            kind: kind.to_owned(),
            value: object.get("value").cloned().unwrap_or(Value::Null),
            cid,
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
}
