//! Phoenix channel frames, serializer v2: `[join_ref, ref, topic, event, payload]` as JSON text.

use live_core::escape::escape_json_into;
use serde_json::Value;

/// A frame received from the client.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Frame {
    pub(crate) join_ref: Option<String>,
    pub(crate) reference: Option<String>,
    pub(crate) topic: String,
    pub(crate) event: String,
    pub(crate) payload: Value,
}

/// Why a text frame is not a valid channel frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FrameError(pub(crate) String);

impl std::fmt::Display for FrameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Frame {
    /// Parses one text frame.
    pub(crate) fn parse(text: &str) -> Result<Frame, FrameError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| FrameError(format!("not JSON: {e}")))?;
        let Value::Array(items) = value else {
            return Err(FrameError("not a JSON array".into()));
        };
        let Ok([join_ref, reference, topic, event, payload]) = <[Value; 5]>::try_from(items) else {
            return Err(FrameError("not an array of five elements".into()));
        };
        let optional = |v: Value, what: &str| match v {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s)),
            _ => Err(FrameError(format!("{what} is neither a string nor null"))),
        };
        let required = |v: Value, what: &str| match v {
            Value::String(s) => Ok(s),
            _ => Err(FrameError(format!("{what} is not a string"))),
        };
        if !payload.is_object() {
            return Err(FrameError("payload is not an object".into()));
        }
        Ok(Frame {
            join_ref: optional(join_ref, "join_ref")?,
            reference: optional(reference, "ref")?,
            topic: required(topic, "topic")?,
            event: required(event, "event")?,
            payload,
        })
    }
}

/// Encodes an outgoing frame whose payload is already JSON text.
pub(crate) fn encode(
    join_ref: Option<&str>,
    reference: Option<&str>,
    topic: &str,
    event: &str,
    payload: &str,
) -> String {
    let mut out = String::with_capacity(payload.len() + topic.len() + 48);
    out.push('[');
    push_optional(&mut out, join_ref);
    out.push(',');
    push_optional(&mut out, reference);
    out.push(',');
    escape_json_into(&mut out, topic);
    out.push(',');
    escape_json_into(&mut out, event);
    out.push(',');
    out.push_str(payload);
    out.push(']');
    out
}

fn push_optional(out: &mut String, value: Option<&str>) {
    match value {
        Some(v) => escape_json_into(out, v),
        None => out.push_str("null"),
    }
}

/// A `phx_reply` frame with status `ok` or `error` and a `response` given as JSON text.
pub(crate) fn reply(
    join_ref: Option<&str>,
    reference: Option<&str>,
    topic: &str,
    ok: bool,
    response: &str,
) -> String {
    let status = if ok { "ok" } else { "error" };
    let payload = format!("{{\"status\":\"{status}\",\"response\":{response}}}");
    encode(join_ref, reference, topic, "phx_reply", &payload)
}

/// An error reply `{"reason": reason}`.
pub(crate) fn error_reply(
    join_ref: Option<&str>,
    reference: Option<&str>,
    topic: &str,
    reason: &str,
) -> String {
    let mut response = String::from("{\"reason\":");
    escape_json_into(&mut response, reason);
    response.push('}');
    reply(join_ref, reference, topic, false, &response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_encodes() {
        let frame = Frame::parse(r#"[null,"10","phoenix","heartbeat",{}]"#).expect("valid");
        assert_eq!(frame.join_ref, None);
        assert_eq!(frame.reference.as_deref(), Some("10"));
        assert_eq!(frame.topic, "phoenix");
        assert_eq!(
            reply(None, Some("10"), "phoenix", true, "{}"),
            r#"[null,"10","phoenix","phx_reply",{"status":"ok","response":{}}]"#
        );
        assert_eq!(
            error_reply(Some("4"), Some("4"), "lv:x", "stale"),
            r#"["4","4","lv:x","phx_reply",{"status":"error","response":{"reason":"stale"}}]"#
        );
    }

    #[test]
    fn refuses_malformed_frames() {
        for bad in [
            "",
            "{}",
            "[1,2,3]",
            r#"[null,"1","t","e",[]]"#,
            r#"[null,1,"t","e",{}]"#,
            r#"[null,"1",5,"e",{}]"#,
            r#"[null,"1","t","e",{},6]"#,
        ] {
            assert!(Frame::parse(bad).is_err(), "{bad}");
        }
    }
}
