//! The chat demo: every connected view subscribes to the PubSub topic [`TOPIC`]; a message sent
//! from one browser tab is broadcast there and appended by every view, the sender's included.
//!
//! The message form is a `phx-submit` form with one text input named `message`; its value
//! arrives URL-encoded and is read from the decoded [`Event::params`].
//!
//! ```
//! use live_core::runtime::ViewRuntime;
//! use live_core::socket::Command;
//! use live_core::{Event, Params, Session};
//! use chat::{Chat, ChatMessage};
//!
//! let mut view = ViewRuntime::<Chat>::mount("phx-1", &Params::default(), &Session::default(), None)?;
//! view.join_rendered();
//!
//! // Submitting the form broadcasts the decoded message and renders a new, empty input.
//! let submit = Event::new("form", "send", serde_json::json!("message=hello+there%21"));
//! let commands = view.handle_event(&submit)?.commands;
//! assert!(matches!(commands.as_slice(), [Command::Broadcast { topic, .. }] if topic == chat::TOPIC));
//! assert!(view.render_html().contains(r#"id="message-1""#));
//!
//! // The broadcast comes back through handle_info, in this view and every other one.
//! view.handle_info(ChatMessage { author: "guest-7".into(), text: "hello there!".into() })?;
//! let diff = view.render_diff().expect("a message was appended");
//! assert!(diff.contains("hello there!"), "{diff}");
//! # Ok::<(), live_core::ViewError>(())
//! ```

use std::sync::atomic::{AtomicU64, Ordering};

use live_core::components::{button, header};
use live_core::js::Target;
use live_core::{
    html, Assigns, Event, LiveVec, LiveView, Params, Rendered, Session, Socket, ViewError, JS,
};
use live_server::Router;

/// The PubSub topic every chat view subscribes to.
pub const TOPIC: &str = "chat:lobby";

/// How many messages a view keeps (older ones are dropped).
pub const MAX_MESSAGES: usize = 100;

/// The longest message accepted, in characters.
pub const MAX_LENGTH: usize = 500;

/// A chat message, as broadcast on [`TOPIC`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ChatMessage {
    /// Who sent it.
    pub author: String,
    /// What they wrote.
    pub text: String,
}

/// One chat participant's view of the lobby.
#[derive(LiveView)]
pub struct Chat {
    /// This participant's name.
    name: String,
    /// The messages received since this view connected, oldest first, numbered in arrival
    /// order (the number keys the list, so dropping the oldest re-sends nothing else).
    ///
    /// A [`LiveVec`]: a new message is an append, so the render after it holds only that
    /// message (a patch of the list the browser shows) instead of re-rendering and comparing
    /// every message. Dropping the oldest one changes the list's shape; that render compares
    /// the whole list, as a `Vec` always would.
    messages: LiveVec<(u64, ChatMessage)>,
    /// How many messages arrived so far.
    received: u64,
    /// How many messages this participant sent (names the message input, see `render`).
    sent: u64,
}

/// Numbers the guests.
static NEXT_GUEST: AtomicU64 = AtomicU64::new(1);

impl LiveView for Chat {
    type Info = ChatMessage;

    fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        // Name only connected participants, so the static render does not use up a number.
        let name = if socket.connected() {
            socket.subscribe::<ChatMessage>(TOPIC);
            format!("guest-{}", NEXT_GUEST.fetch_add(1, Ordering::Relaxed))
        } else {
            "…".to_owned()
        };
        Ok(Chat {
            name,
            messages: LiveVec::new(),
            received: 0,
            sent: 0,
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        if event.name() != "send" {
            return Ok(());
        }
        let text = event.params().get_str("message").unwrap_or_default().trim();
        if !text.is_empty() {
            let text: String = text.chars().take(MAX_LENGTH).collect();
            let author = assigns.name.clone();
            socket.broadcast(TOPIC, ChatMessage { author, text });
            assigns.update_sent(|sent| *sent += 1);
        }
        Ok(())
    }

    fn handle_info(
        assigns: &mut Assigns<Self>,
        message: ChatMessage,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        assigns.update_received(|n| *n += 1);
        let seq = assigns.received;
        assigns.update_messages(|messages| {
            messages.push((seq, message));
            if messages.len() > MAX_MESSAGES {
                messages.remove(0);
            }
        });
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        // Each sent message renders a new input (its id counts the messages sent), which the
        // client puts in place of the old one: the field is empty again, and `phx-mounted`
        // focuses it. (A patch never changes the value of the input that has the focus.)
        html! {
            <div id="chat" class="card">
                <.header>Lobby<:subtitle>You are <b id="me">{@name}</b>. Open another tab to chat with yourself.</:subtitle></.header>
                <ul id="messages" class="messages">
                    <li :for={(seq, message) in @messages.iter()} :key={seq}><b>{message.author}</b>: <span class="text">{message.text}</span></li>
                </ul>
                <form id="send" phx-submit="send" class="row">
                    <input id={format!("message-{}", @sent)} class="grow" type="text" name="message" autocomplete="off" placeholder="Say something" aria-label="Message" phx-mounted={(@sent > 0).then(|| JS::focus(Target::Source))}>
                    <.button type="submit">Send</.button>
                </form>
            </div>
        }
    }
}

/// The demo's routes: the lobby at `/`.
pub fn router() -> Router {
    Router::new().live::<Chat>("/")
}
