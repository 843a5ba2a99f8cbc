//! Who is online, on every node: each connected view tracks itself in [`Presence`] under a
//! guest name, lists everyone on the lobby, chats through PubSub, and keeps a half-typed note in
//! a `phx-change` form (the official client restores it after a reconnect, even to another
//! node: form recovery).
//!
//! Run two nodes sharing a Redis (see `run-cluster.sh`): both lists show the users of both.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! use std::sync::Arc;
//! use live_server::{LocalPubSub, Presence};
//! let presence = Presence::new(Arc::new(LocalPubSub::default()));
//! let router = presence::router(presence.clone());
//! # drop(router);
//! # }
//! ```

use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
use live_server::pubsub::presence::{PresenceDiff, Tracking};
use live_server::{Presence, Router};
use serde::{Deserialize, Serialize};

/// The chat topic.
pub const CHAT_TOPIC: &str = "lobby:chat";

/// The presence topic of the lobby.
pub const PRESENCE_TOPIC: &str = "lobby:presence";

/// The longest chat line or note, in characters.
pub const MAX_LENGTH: usize = 200;

/// How many chat lines a view keeps.
pub const MAX_LINES: usize = 50;

/// A chat line, broadcast to every node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// Who wrote it.
    pub author: String,
    /// What they wrote.
    pub text: String,
}

/// What the lobby view receives.
#[derive(Debug)]
pub enum LobbyInfo {
    /// A chat line.
    Line(Line),
    /// Someone joined or left.
    Presence(PresenceDiff),
    /// Read the online list again: sent to itself by `mount`, so it is handled once the
    /// subscriptions are live and a join between mount's first read and the subscription is
    /// not missed.
    Resync,
}

impl From<Line> for LobbyInfo {
    fn from(line: Line) -> Self {
        LobbyInfo::Line(line)
    }
}

impl From<PresenceDiff> for LobbyInfo {
    fn from(diff: PresenceDiff) -> Self {
        LobbyInfo::Presence(diff)
    }
}

/// One visitor's view of the lobby.
#[derive(LiveView)]
pub struct Lobby {
    /// This visitor's name.
    name: String,
    /// The node serving this view.
    node: String,
    /// Everyone online (names, sorted), on every node.
    online: Vec<String>,
    /// The chat so far, numbered.
    lines: Vec<(u64, Line)>,
    /// How many lines arrived.
    received: u64,
    /// The note being typed (kept by `phx-change`, restored by form recovery).
    note: String,
    /// This view's presence; dropping the view untracks it.
    tracking: Option<Tracking>,
}

fn clip(text: &str) -> String {
    text.trim().chars().take(MAX_LENGTH).collect()
}

fn online(presence: &Presence) -> Vec<String> {
    presence.list(PRESENCE_TOPIC).into_keys().collect()
}

impl LiveView for Lobby {
    type Info = LobbyInfo;

    fn mount(
        params: &Params,
        session: &Session,
        socket: &mut Socket<Self>,
    ) -> Result<Self, ViewError> {
        let presence = session
            .state::<Presence>()
            .ok_or("the router has no Presence")?;
        // `?name=` picks a name (tests, demos); otherwise a random guest.
        let name = params
            .get("name")
            .map(clip)
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| {
                format!(
                    "guest-{}",
                    &socket.id().chars().rev().take(4).collect::<String>()
                )
            });
        let mut tracking = None;
        if socket.connected() {
            socket.subscribe::<Line>(CHAT_TOPIC);
            socket.subscribe::<PresenceDiff>(PRESENCE_TOPIC);
            let meta = serde_json::json!({ "node": presence.node_id() });
            tracking = Some(presence.track(PRESENCE_TOPIC, &name, meta));
            if let Some(me) = socket.handle() {
                me.send(LobbyInfo::Resync);
            }
        }
        Ok(Lobby {
            name,
            node: presence.node_id().to_owned(),
            online: online(presence),
            lines: Vec::new(),
            received: 0,
            note: String::new(),
            tracking,
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match event.name() {
            "note" => {
                let note: String = event
                    .params()
                    .get_str("note")
                    .unwrap_or_default()
                    .chars()
                    .take(MAX_LENGTH)
                    .collect();
                assigns.set_note(note);
            }
            "say" => {
                let text = clip(event.params().get_str("text").unwrap_or_default());
                if !text.is_empty() {
                    let author = assigns.name.clone();
                    socket.broadcast(CHAT_TOPIC, Line { author, text });
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn handle_info(
        assigns: &mut Assigns<Self>,
        message: LobbyInfo,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match message {
            LobbyInfo::Line(line) => {
                assigns.update_received(|n| *n += 1);
                let seq = assigns.received;
                assigns.update_lines(|lines| {
                    lines.push((seq, line));
                    if lines.len() > MAX_LINES {
                        lines.remove(0);
                    }
                });
            }
            // Re-read the list rather than patch it: always what Presence holds now.
            LobbyInfo::Presence(_) | LobbyInfo::Resync => {
                if let Some(presence) = socket.state::<Presence>() {
                    assigns.set_online(online(&presence));
                }
            }
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <div id="lobby">
                <h1>Lobby</h1>
                <p class="muted">You are <b id="me">{@name}</b> on node <code id="node">{@node}</code>.</p>
                <section class="card">
                    <h2>Online (<span id="online-count">{assigns.online.len()}</span>)</h2>
                    <ul id="online" class="row">
                        <li :for={name in @online.iter()} :key={name} class="badge">{name}</li>
                    </ul>
                </section>
                <section class="card">
                    <ul id="lines" class="messages">
                        <li :for={(seq, line) in @lines.iter()} :key={seq}><b>{line.author}</b>: <span class="text">{line.text}</span></li>
                    </ul>
                    <form id="say" class="row" phx-submit="say">
                        <input id="text" class="grow" type="text" name="text" autocomplete="off" placeholder="Say something" aria-label="Message">
                        <button type="submit" class="btn btn-primary">Send</button>
                    </form>
                </section>
                <form id="notes" class="card" phx-change="note">
                    <textarea id="note" name="note" aria-label="Note">{@note}</textarea>
                    <p>Saved note: <span id="saved-note">{@note}</span></p>
                </form>
            </div>
        }
    }
}

/// The demo's routes: the lobby at `/`, with `presence` as router state.
pub fn router(presence: Presence) -> Router {
    Router::new().state(presence).live::<Lobby>("/")
}
