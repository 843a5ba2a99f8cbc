//! The socket side of a view: connection state and the effects a callback asks for.

use std::marker::PhantomData;

use serde_json::{Map, Value};

/// What a view's callbacks see of their connection, and where they ask for effects (a reply to
/// the event, events pushed to the client, the page title).
///
/// The type parameter is the view, so later typed APIs (messages to self) stay type-checked.
///
/// ```
/// use live_core::Socket;
/// struct MyView;
/// let mut socket = Socket::<MyView>::new("phx-1", true);
/// assert!(socket.connected());
/// socket.push_event("highlight", serde_json::json!({"id": "a"}));
/// ```
#[derive(Debug)]
pub struct Socket<V> {
    id: String,
    connected: bool,
    effects: Effects,
    _view: PhantomData<fn() -> V>,
}

/// Effects collected during one callback, drained by the runtime into the next diff.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Effects {
    /// The reply map for the event being handled (top-level `"r"`).
    pub reply: Option<Map<String, Value>>,
    /// Events pushed to the client (top-level `"e"`).
    pub events: Vec<(String, Value)>,
    /// A new page title (top-level `"t"`).
    pub title: Option<String>,
}

impl Effects {
    /// Whether no effect was requested.
    pub fn is_empty(&self) -> bool {
        self.reply.is_none() && self.events.is_empty() && self.title.is_none()
    }
}

impl<V> Socket<V> {
    /// A socket for the view `id`; `connected` is false during the HTTP render.
    pub fn new(id: impl Into<String>, connected: bool) -> Self {
        Socket {
            id: id.into(),
            connected,
            effects: Effects::default(),
            _view: PhantomData,
        }
    }

    /// Whether the view runs behind a WebSocket (false during the static HTTP render).
    pub fn connected(&self) -> bool {
        self.connected
    }

    /// The view's id (its container's DOM id; the channel topic is `lv:<id>`).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Replies to the event being handled with `map` (delivered to a hook's `pushEvent`
    /// callback).
    pub fn reply(&mut self, map: Map<String, Value>) {
        self.effects.reply = Some(map);
    }

    /// Pushes an event to the client: dispatched as `phx:<name>` on `window` and to hooks'
    /// `handleEvent`. `payload` should be a JSON object.
    pub fn push_event(&mut self, name: impl Into<String>, payload: Value) {
        self.effects.events.push((name.into(), payload));
    }

    /// Sets the page title.
    pub fn set_page_title(&mut self, title: impl Into<String>) {
        self.effects.title = Some(title.into());
    }

    /// Takes the effects requested since the last call.
    pub fn take_effects(&mut self) -> Effects {
        std::mem::take(&mut self.effects)
    }
}
