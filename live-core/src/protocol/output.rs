//! What a view's channel sends to the client: replies to its requests and pushes, each with the
//! one JSON encoding both drivers put on the wire (docs/protocol.md §5.2, §5.4).

use serde_json::{json, Map, Value};

use super::LIVEVIEW_VERSION;

/// A frame for the client on the view's topic; the driver adds the topic and refs.
///
/// ```
/// use live_core::protocol::{Output, Push, Reply};
/// let reply = Output::Reply { reference: Some("4".into()), reply: Reply::Diff(Some(r#"{"0":"1"}"#.into())) };
/// assert_eq!(reply.event(), "phx_reply");
/// assert_eq!(reply.payload_json(), r#"{"status":"ok","response":{"diff":{"0":"1"}}}"#);
/// let close = Output::Push(Push::Close);
/// assert_eq!((close.event(), close.payload_json().as_str()), ("phx_close", "{}"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// The answer to the client message whose `ref` was `reference`.
    Reply {
        /// The request's `ref`.
        reference: Option<String>,
        /// What the answer says.
        reply: Reply,
    },
    /// A message the server sends on its own.
    Push(Push),
}

impl Output {
    /// The frame's event name: `phx_reply` for replies, the push's event otherwise.
    pub fn event(&self) -> &'static str {
        match self {
            Output::Reply { .. } => "phx_reply",
            Output::Push(push) => push.event(),
        }
    }

    /// The frame's payload as JSON text.
    pub fn payload_json(&self) -> String {
        match self {
            Output::Reply { reply, .. } => {
                let status = if reply.is_ok() { "ok" } else { "error" };
                format!(
                    "{{\"status\":\"{status}\",\"response\":{}}}",
                    reply.response_json()
                )
            }
            Output::Push(push) => push.payload_json(),
        }
    }

    /// Whether the frame carries the join ref as its own `ref` (`phx_close`, `phx_error`), as
    /// the Phoenix channel server does for the messages that end a channel.
    pub fn uses_join_ref(&self) -> bool {
        matches!(self, Output::Push(Push::Close | Push::Error))
    }
}

/// Which page-changing navigation a payload asks the client for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NavigationKind {
    /// `live_redirect`: mount another view over the same socket (Some history mode).
    Live {
        /// Replace the history entry instead of pushing one.
        replace: bool,
    },
    /// `redirect`: a full page load.
    Load,
}

impl NavigationKind {
    /// The event (or reply key) naming it: `live_redirect` or `redirect`.
    pub fn event(self) -> &'static str {
        match self {
            NavigationKind::Live { .. } => "live_redirect",
            NavigationKind::Load => "redirect",
        }
    }
}

/// `"push"` or `"replace"`, the history mode of patches and live redirects.
pub(crate) fn history_kind(replace: bool) -> &'static str {
    if replace {
        "replace"
    } else {
        "push"
    }
}

/// The answer to a client request.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// The join went through: the full rendered tree and, when mount or handle_params
    /// patched the URL, where to (`{"to", "kind"}`).
    Joined {
        /// The rendered JSON (the client's tree starts over from it).
        rendered: String,
        /// The patch the join carried out.
        live_patch: Option<Value>,
    },
    /// An event or patch was handled: its diff, or nothing to change (`{}`).
    Diff(Option<String>),
    /// The request made the view navigate away; `payload` is `{"to", "kind"?, "flash"?}`.
    Navigate {
        /// Live redirect or full load.
        kind: NavigationKind,
        /// `{"to", "kind"?, "flash"?}`.
        payload: Value,
    },
    /// A patch to a URL this view does not serve: the client navigates there instead.
    LinkRedirect,
    /// The components the server really destroyed (`cids_destroyed`).
    Cids(Vec<u64>),
    /// The answer to an upload preflight (`allow_upload`): the diff, if any, and the upload's
    /// `ref`, `config`, `entries` (a token or external metadata per entry) and `errors`, or
    /// its `error` list (docs/protocol-bindings.md §6.3).
    Preflight {
        /// The diff of the re-rendered upload.
        diff: Option<String>,
        /// The preflight's members.
        response: Map<String, Value>,
    },
    /// The join mounted a view that navigated away at once: the join is refused with that
    /// navigation (an error reply).
    JoinNavigate {
        /// Live redirect or full load.
        kind: NavigationKind,
        /// `{"to", "kind"?, "flash"?}`.
        payload: Value,
    },
    /// A refused request (`{"reason": …}`), e.g. an event payload that does not decode.
    Error(String),
}

impl Reply {
    /// Whether the reply's status is `ok`.
    pub fn is_ok(&self) -> bool {
        !matches!(self, Reply::JoinNavigate { .. } | Reply::Error(_))
    }

    /// The diff this reply carries for the client to merge: the join's rendered tree or an
    /// event's diff.
    pub fn diff(&self) -> Option<&str> {
        match self {
            Reply::Joined { rendered, .. } => Some(rendered),
            Reply::Diff(diff) | Reply::Preflight { diff, .. } => diff.as_deref(),
            _ => None,
        }
    }

    /// The reply's `response` as JSON text.
    pub fn response_json(&self) -> String {
        match self {
            Reply::Joined {
                rendered,
                live_patch,
            } => {
                let mut out = format!(
                    "{{\"rendered\":{rendered},\"liveview_version\":\"{LIVEVIEW_VERSION}\""
                );
                if let Some(live_patch) = live_patch {
                    out.push_str(",\"live_patch\":");
                    out.push_str(&live_patch.to_string());
                }
                out.push('}');
                out
            }
            Reply::Diff(Some(diff)) => format!("{{\"diff\":{diff}}}"),
            Reply::Diff(None) => "{}".to_owned(),
            Reply::Navigate { kind, payload } | Reply::JoinNavigate { kind, payload } => {
                json!({ kind.event(): payload }).to_string()
            }
            Reply::LinkRedirect => "{\"link_redirect\":true}".to_owned(),
            Reply::Cids(cids) => json!({ "cids": cids }).to_string(),
            Reply::Preflight { diff, response } => {
                let members = Value::Object(response.clone()).to_string();
                match diff {
                    Some(diff) if members.len() > 2 => {
                        format!("{{\"diff\":{diff},{}", &members[1..])
                    }
                    Some(diff) => format!("{{\"diff\":{diff}}}"),
                    None => members,
                }
            }
            Reply::Error(reason) => json!({ "reason": reason }).to_string(),
        }
    }
}

/// A message the server sends without being asked.
#[derive(Debug, Clone, PartialEq)]
pub enum Push {
    /// A diff from `handle_info` (timers, PubSub, handles, tasks).
    Diff(String),
    /// The view patched its own URL: `{"to", "kind"}`.
    LivePatch(Value),
    /// The view navigates away: `{"to", "kind"?, "flash"?}`.
    Navigate {
        /// Live redirect or full load.
        kind: NavigationKind,
        /// `{"to", "kind"?, "flash"?}`.
        payload: Value,
    },
    /// The channel is closed by the server (after a leave, a navigation or a replacing join).
    Close,
    /// The view crashed: the client shows the error state and rejoins.
    Error,
}

impl Push {
    /// The push's event name.
    pub fn event(&self) -> &'static str {
        match self {
            Push::Diff(_) => "diff",
            Push::LivePatch(_) => "live_patch",
            Push::Navigate { kind, .. } => kind.event(),
            Push::Close => "phx_close",
            Push::Error => "phx_error",
        }
    }

    /// The push's payload as JSON text.
    pub fn payload_json(&self) -> String {
        match self {
            Push::Diff(diff) => diff.clone(),
            Push::LivePatch(payload) | Push::Navigate { payload, .. } => payload.to_string(),
            Push::Close => "{}".to_owned(),
            Push::Error => "{\"reason\":\"channel_crash\"}".to_owned(),
        }
    }

    /// The diff this push carries for the client to merge.
    pub fn diff(&self) -> Option<&str> {
        match self {
            Push::Diff(diff) => Some(diff),
            _ => None,
        }
    }
}
