//! The long-poll transport: one task per session, driving a [`Connection`] with the messages
//! the client posts and handing its frames to the client's polls (docs/protocol.md §1.6).
//!
//! The HTTP side (`http::longpoll`) finds a session through [`Sessions`] and sends it a
//! [`Request`]; the session task owns the connection, so no lock guards the protocol state.
//! Everything is bounded: the number of sessions, the frames queued for the next poll (when the
//! queue is full the session stops reading the connection's outbound queue, so a view that keeps
//! sending finds that queue full and ends, as it does behind a slow WebSocket), the messages of
//! one post, and a session's life without requests (the idle time-out ends it and its views).

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use live_core::ConnectInfo;
use tokio::sync::{mpsc, oneshot};
use tokio::time::{sleep_until, Instant};
use tracing::Instrument;

use super::connection::{server_stopping, Connection};
use crate::metrics;
use crate::server::AppState;
use crate::upload::frame::BinaryFrameError;
use tokio_tungstenite::tungstenite::Bytes;

/// Frames queued for the next poll before the session stops taking the view tasks' frames.
const MAX_QUEUED: usize = 256;

/// Frames queued at most; more means the client posts without polling, and the session ends.
/// (Replies to posted messages are queued even when `MAX_QUEUED` is reached.)
const HARD_MAX_QUEUED: usize = 4 * MAX_QUEUED;

/// The most messages in one post (the official client batches at most 100).
pub(crate) const MAX_BATCH: usize = 100;

/// Requests waiting for a session task.
const REQUEST_QUEUE: usize = 8;

/// What the HTTP side asks of a session.
#[derive(Debug)]
pub(crate) enum Request {
    /// A poll: answered with the queued frames as soon as there are some, or with none after
    /// the poll time-out.
    Poll { reply: oneshot::Sender<PollAnswer> },
    /// A post of the client's messages (text frames, and binary ones in base64), in order.
    Publish {
        messages: Vec<String>,
        reply: oneshot::Sender<PublishAnswer>,
    },
}

/// The answer to a poll.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum PollAnswer {
    /// These frames (none when the poll timed out).
    Frames(Vec<String>),
    /// The session ended while the poll waited (server shutdown).
    Gone,
}

/// The answer to a post.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum PublishAnswer {
    /// Every message was handed to the connection.
    Accepted,
    /// A message was not a channel frame; the session ended.
    Invalid,
}

/// Why a session could not be reached.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SessionError {
    /// No such session for this client (ended, never existed, or another client's).
    Gone,
}

/// The open long-poll sessions of a server.
#[derive(Default)]
pub(crate) struct Sessions {
    open: Mutex<HashMap<String, Session>>,
}

/// What the registry keeps of a session.
struct Session {
    requests: mpsc::Sender<Request>,
    /// The CSRF secret of the session cookie that opened it: a request with another cookie
    /// (or none, when it had one) is not this session's client, even with its token.
    owner: Option<String>,
}

impl Sessions {
    /// Opens a session for a client with `owner` (its session cookie's CSRF secret) and starts
    /// its task, whose views mount with `connect_info`; returns its id, or `None` when
    /// `Config::longpoll_max_sessions` sessions are already open.
    pub(crate) fn open(
        app: &Arc<AppState>,
        authorized: bool,
        owner: Option<String>,
        connect_info: ConnectInfo,
    ) -> Option<String> {
        let id = session_id();
        let (requests, requests_rx) = mpsc::channel(REQUEST_QUEUE);
        {
            let mut open = app.longpoll.lock();
            if open.len() >= app.config.longpoll_max_sessions {
                return None;
            }
            open.insert(id.clone(), Session { requests, owner });
        }
        metrics::longpoll_session_opened();
        tokio::spawn(
            run(
                id.clone(),
                app.clone(),
                authorized,
                connect_info,
                requests_rx,
            )
            .instrument(super::connection::span("longpoll")),
        );
        Some(id)
    }

    /// Sends `request` to session `id` if `owner` is the one that opened it.
    pub(crate) async fn send(
        &self,
        id: &str,
        owner: Option<&str>,
        request: Request,
    ) -> Result<(), SessionError> {
        let requests = {
            let open = self.lock();
            match open.get(id) {
                Some(session) if session.owner.as_deref() == owner => session.requests.clone(),
                Some(_) => {
                    tracing::warn!("long-poll request with another client's session token");
                    return Err(SessionError::Gone);
                }
                None => return Err(SessionError::Gone),
            }
        };
        requests.send(request).await.map_err(|_| SessionError::Gone)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Session>> {
        // The map stays consistent even if a holder panicked: every update is one insert or
        // remove.
        self.open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn remove(&self, id: &str) {
        self.lock().remove(id);
    }
}

/// A new random session id (128 bits, hex).
fn session_id() -> String {
    use std::fmt::Write;
    let bytes = crate::security::token::random_bytes::<16>();
    bytes.iter().fold(String::with_capacity(32), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// A poll waiting for frames, and until when it waits.
struct WaitingPoll {
    reply: oneshot::Sender<PollAnswer>,
    until: Instant,
}

/// The session task: runs until the client stops sending requests for the idle time-out,
/// posts an invalid message, lets too many frames pile up, or the server shuts down.
async fn run(
    id: String,
    app: Arc<AppState>,
    authorized: bool,
    connect_info: ConnectInfo,
    mut requests: mpsc::Receiver<Request>,
) {
    let idle = app.config.longpoll_idle_timeout;
    let hold = app.config.longpoll_poll_timeout;
    let mut shutdown = app.shutdown.subscribe();
    let (mut connection, mut outbound_rx) = Connection::new(app.clone(), authorized, connect_info);
    let mut queue: VecDeque<String> = VecDeque::new();
    let mut waiting: Option<WaitingPoll> = None;
    let mut idle_until = Instant::now() + idle;
    tracing::debug!(session = %id, "long-poll session opened");
    loop {
        if !queue.is_empty() {
            if let Some(poll) = waiting.take() {
                deliver(poll.reply, &mut queue);
                idle_until = Instant::now() + idle;
            }
        }
        let poll_until = waiting.as_ref().map(|poll| poll.until);
        tokio::select! {
            // The value only ever flips to true, and the sender lives as long as `app`.
            // Also fires when the server was already stopping as this driver started.
            () = server_stopping(&mut shutdown) => {
                connection.shutdown();
                if let Some(poll) = waiting.take() {
                    let _ = poll.reply.send(PollAnswer::Gone);
                }
                break;
            }
            request = requests.recv() => {
                idle_until = Instant::now() + idle;
                match request {
                    // Unreachable while the session is registered; ends the task if it happens.
                    None => break,
                    Some(Request::Poll { reply }) => {
                        let poll = WaitingPoll { reply, until: Instant::now() + hold };
                        // One poll at a time: an earlier one still waiting is answered empty.
                        if let Some(earlier) = waiting.replace(poll) {
                            deliver(earlier.reply, &mut VecDeque::new());
                        }
                    }
                    Some(Request::Publish { messages, reply }) => {
                        match publish(&mut connection, &mut queue, &messages) {
                            Ok(()) => {
                                let _ = reply.send(PublishAnswer::Accepted);
                            }
                            Err(err) => {
                                tracing::warn!(session = %id, "ending long-poll session: {err}");
                                let _ = reply.send(PublishAnswer::Invalid);
                                break;
                            }
                        }
                        if queue.len() > HARD_MAX_QUEUED {
                            tracing::warn!(session = %id, "ending long-poll session: the client posts without polling");
                            break;
                        }
                    }
                }
            }
            Some(out) = outbound_rx.recv(), if queue.len() < MAX_QUEUED => {
                if let Some(text) = connection.on_outbound(out) {
                    queue.push_back(text);
                }
            }
            () = sleep_until(poll_until.unwrap_or(idle_until)), if poll_until.is_some() => {
                if let Some(poll) = waiting.take() {
                    deliver(poll.reply, &mut queue);
                }
                idle_until = Instant::now() + idle;
            }
            () = sleep_until(idle_until), if waiting.is_none() => {
                tracing::info!(session = %id, idle = ?idle, "ending long-poll session: the client stopped polling");
                break;
            }
        }
    }
    app.longpoll.remove(&id);
    metrics::longpoll_session_ended();
    // Dropping the connection ends every view task of this session.
    drop(connection);
}

/// Hands the queued frames to a poll; keeps them queued if the poll is gone (its request was
/// cancelled), for the next one.
fn deliver(reply: oneshot::Sender<PollAnswer>, queue: &mut VecDeque<String>) {
    let frames: Vec<String> = queue.drain(..).collect();
    if let Err(PollAnswer::Frames(frames)) = reply.send(PollAnswer::Frames(frames)) {
        for frame in frames.into_iter().rev() {
            queue.push_front(frame);
        }
    }
}

/// Hands posted messages to the connection, queueing its direct answers. A message that is
/// not a JSON array is a binary message in base64 (how the client's long poll sends the
/// binary frames of upload chunks, one per line like the others).
fn publish(
    connection: &mut Connection,
    queue: &mut VecDeque<String>,
    messages: &[String],
) -> Result<(), super::connection::Refusal> {
    for message in messages {
        let answers = if message.starts_with('[') {
            connection.on_text(message)?
        } else {
            connection.on_binary(decode_binary(message)?)?
        };
        queue.extend(answers);
    }
    Ok(())
}

/// The bytes of a binary message posted as base64 (standard alphabet, padded).
fn decode_binary(line: &str) -> Result<Bytes, super::connection::Refusal> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(line.trim_end_matches('\r'))
        .map(Bytes::from)
        .map_err(|_| {
            super::connection::Refusal::InvalidBinary(BinaryFrameError(
                "a posted message is neither a JSON frame nor base64",
            ))
        })
}
