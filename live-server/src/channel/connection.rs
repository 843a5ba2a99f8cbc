//! The socket-level protocol of Phoenix channels v2 (docs/protocol.md §1), whatever carries it:
//! heartbeats, joins, leaves, routing of client frames to view tasks, and the view tasks'
//! outbound frames. The transports (`websocket`, `longpoll`) are thin drivers around a
//! [`Connection`]: they feed it the client's text frames and send what it gives back.

use std::sync::Arc;
use std::time::Instant;

use live_core::{ConnectInfo, Params};
use serde_json::Value;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Bytes;

use super::family::{Family, ServerHost};
use super::frame::{self, Frame, FrameError};
use super::queue;
use super::topic_map::TopicMap;
use super::view_task::{self, Command, Join, Outbound, ViewRun, ViewSource};
use crate::router::on_mount::MountContext;
use crate::router::route_match::RouteMatch;
use crate::router::Route;
use crate::security::flash_token;
use crate::security::upload_token;
use crate::security::view_token::{self, Nesting};
use crate::server::AppState;
use crate::upload::frame::{BinaryFrameError, BinaryPush};
use crate::upload::writer::{self, Chunk, UploadJoin, CHUNK_QUEUE};
use live_core::upload::Grant;

/// How many outbound messages the view tasks of one connection may queue for the transport (a
/// view that finds the queue full ends: the client does not read fast enough).
const OUTBOUND_QUEUE: usize = 256;

/// Upstream's cap on channels per connection.
const MAX_CHANNELS: usize = 100;

/// Client messages one view may have waiting. A client that gets this far ahead of its view is
/// disconnected rather than buffered (it reconnects and gets a fresh render).
const COMMAND_QUEUE: usize = 64;

/// A joined channel, as the connection sees it.
struct Channel {
    join_ref: String,
    commands: queue::Sender<Command>,
    /// The topic of the view that rendered this one (`live_render`); it ends with it.
    parent: Option<String>,
}

/// A joined upload channel (`lvu:<entry ref>`), as the connection sees it.
struct UploadChannel {
    join_ref: String,
    chunks: mpsc::Sender<Chunk>,
    /// The topic of the entry's view; the channel ends with it.
    view_topic: String,
    /// What the connection counts to acknowledge chunks itself: the transfer's limits and the
    /// bytes of the chunks passed on within them. `None` before the grant, and for good once a
    /// chunk came before it (the count would not match the channel task's).
    counted: Option<(Grant, u64)>,
    /// A chunk was passed on.
    any_chunk: bool,
}

/// Why a connection refuses what its client sent; the transport ends the connection.
#[derive(Debug)]
pub(crate) enum Refusal {
    /// The text is not a channel frame.
    Invalid(FrameError),
    /// The binary message is not a push.
    InvalidBinary(BinaryFrameError),
    /// More messages than `Config::max_client_messages_per_second` allows, or more than a view
    /// has room for.
    TooFast,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Invalid(err) => write!(f, "invalid frame: {err}"),
            Refusal::InvalidBinary(err) => write!(f, "invalid binary frame: {err}"),
            Refusal::TooFast => f.write_str("the client sends faster than it is allowed to"),
        }
    }
}

/// A token bucket over the client's messages: `rate` per second on average, bursts of up to
/// twice that.
struct MessageBudget {
    rate: f64,
    tokens: f64,
    refilled: Instant,
}

impl MessageBudget {
    fn new(rate: u32) -> Self {
        let rate = f64::from(rate.max(1));
        MessageBudget {
            rate,
            tokens: rate * 2.0,
            refilled: Instant::now(),
        }
    }

    /// Takes one message's token; false when the budget is spent.
    fn take(&mut self) -> bool {
        let now = Instant::now();
        let earned = now.duration_since(self.refilled).as_secs_f64() * self.rate;
        self.tokens = (self.tokens + earned).min(self.rate * 2.0);
        self.refilled = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// The protocol state of one client connection: its joined channels.
///
/// Dropping it ends every view task of the connection.
pub(crate) struct Connection {
    app: Arc<AppState>,
    authorized: bool,
    /// From the upgrade request, for every mount on this socket.
    connect_info: ConnectInfo,
    channels: TopicMap<Channel>,
    /// The joined upload channels by topic.
    uploads: TopicMap<UploadChannel>,
    /// The running views and who rendered whom, for parent and child handles.
    family: Arc<Family>,
    outbound: queue::Sender<Outbound>,
    budget: MessageBudget,
    /// Views joined since the transport last took them, when the transport drives its views
    /// itself (see [`Connection::drive_views_here`]); otherwise each view gets its own task.
    started: Option<Vec<ViewRun>>,
}

impl Connection {
    /// A connection with no channel, and the queue its view tasks write to (to be read by the
    /// transport and handed to [`Connection::on_outbound`]).
    ///
    /// `authorized` is false when the client had no valid session cookie or a CSRF token that
    /// does not match it: the connection is still served, but every join is answered `stale`,
    /// which makes the client load the page again and so get a fresh token (docs/protocol.md §1.1).
    /// `connect_info` comes from the request that opened the connection (the WebSocket upgrade,
    /// or the poll that opened a long-poll session); every view joined on it mounts with it.
    pub(crate) fn new(
        app: Arc<AppState>,
        authorized: bool,
        connect_info: ConnectInfo,
    ) -> (Self, queue::Receiver<Outbound>) {
        let (outbound, outbound_rx) = queue::bounded(OUTBOUND_QUEUE);
        let connection = Connection {
            budget: MessageBudget::new(app.config.max_client_messages_per_second),
            app,
            authorized,
            connect_info,
            channels: TopicMap::default(),
            uploads: TopicMap::default(),
            family: Arc::default(),
            outbound,
            started: None,
        };
        (connection, outbound_rx)
    }

    /// From now on, views joined on this connection are not spawned as tasks: the transport
    /// takes them with [`Connection::take_started`] and polls them on its own task. A socket
    /// usually holds one view, so this saves a task per view and the two task wake-ups of each
    /// event (connection → view → connection); the views of a socket then share one thread,
    /// as they share one socket.
    pub(crate) fn drive_views_here(&mut self) {
        self.started.get_or_insert_with(Vec::new);
    }

    /// The views joined since the last call, to be polled until they end (see
    /// [`Connection::drive_views_here`]).
    pub(crate) fn take_started(&mut self) -> Vec<ViewRun> {
        self.started
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// Handles one text frame from the client; returns the frames to answer with directly, or
    /// why the client is refused (the transport then ends the connection).
    pub(crate) fn on_text(&mut self, text: &str) -> Result<Vec<String>, Refusal> {
        if !self.budget.take() {
            return Err(Refusal::TooFast);
        }
        let frame = Frame::parse(text).map_err(Refusal::Invalid)?;
        self.on_frame(frame)
    }

    /// Handles one binary message from the client: a chunk for an upload channel. Chunks do not
    /// count against the message budget (their rate is bounded by the one-chunk-in-flight
    /// protocol: a channel with more waiting refuses the client).
    pub(crate) fn on_binary(&mut self, data: Bytes) -> Result<Vec<String>, Refusal> {
        let push = BinaryPush::parse(data).map_err(Refusal::InvalidBinary)?;
        let reference = Some(push.reference.as_str());
        let Some(upload) = self.uploads.get_mut(&push.topic) else {
            return Ok(vec![frame::error_reply(
                None,
                reference,
                &push.topic,
                "unmatched topic",
            )]);
        };
        if upload.join_ref != push.join_ref {
            return Ok(vec![frame::error_reply(
                None,
                reference,
                &push.topic,
                "outdated join",
            )]);
        }
        // The reply comes from here, without waiting for the channel's task, when the task has
        // nothing waiting, the chunk is within the limits and it is not the last one (whose
        // reply waits until the file is whole): the task still checks and writes it.
        let len = push.payload.len();
        let idle = upload.chunks.capacity() == upload.chunks.max_capacity();
        let mut counted_after = None;
        let mut acknowledged = false;
        if push.event == "chunk" {
            match upload.counted {
                Some((grant, counted)) => {
                    if writer::check(&grant, counted, len).is_ok() {
                        let after = counted + len as u64;
                        counted_after = Some(after);
                        acknowledged = idle && after < grant.size;
                    }
                }
                None => upload.any_chunk = true,
            }
        }
        let ack = acknowledged.then(|| {
            let jr = Some(upload.join_ref.as_str());
            frame::reply(jr, reference, &push.topic, true, "{}")
        });
        let chunk = Chunk {
            reference: push.reference,
            event: push.event,
            bytes: push.payload,
            acknowledged,
        };
        match upload.chunks.try_send(chunk) {
            Ok(()) => {
                if let (Some(after), Some((_, counted))) = (counted_after, upload.counted.as_mut())
                {
                    *counted = after;
                }
                Ok(ack.into_iter().collect())
            }
            Err(mpsc::error::TrySendError::Full(_)) => {
                tracing::warn!(topic = %push.topic, "{CHUNK_QUEUE} chunks waiting for one upload: the client does not wait for replies");
                Err(Refusal::TooFast)
            }
            // The channel's task ended; its `UploadEnded` is on the way.
            Err(mpsc::error::TrySendError::Closed(chunk)) => {
                self.uploads.remove(&push.topic);
                Ok(vec![frame::error_reply(
                    None,
                    Some(&chunk.reference),
                    &push.topic,
                    "unmatched topic",
                )])
            }
        }
    }

    /// Handles a message of a view task; returns the frame to send, if any.
    pub(crate) fn on_outbound(&mut self, out: Outbound) -> Option<String> {
        match out {
            Outbound::Frame(text) => Some(text),
            Outbound::Ended { topic, join_ref } => {
                if self
                    .channels
                    .get(&topic)
                    .is_some_and(|c| c.join_ref == join_ref)
                {
                    self.remove_channel(&topic);
                }
                None
            }
            Outbound::UploadGranted {
                topic,
                join_ref,
                grant,
            } => {
                // A chunk travels as one message (base64 over long poll: 4/3 the bytes): one
                // that cannot fit closes the socket, so say why before it happens.
                let chunk = grant.chunk_size as usize;
                let limit = self.app.config.max_message_bytes;
                if chunk.saturating_add(chunk / 3).saturating_add(1024) > limit {
                    tracing::warn!(
                        %topic,
                        chunk_size = chunk,
                        max_message_bytes = limit,
                        "an upload's chunk_size does not fit in a message (with room for long \
                         poll's base64): its chunks will be refused; lower the upload's \
                         chunk_size or raise Config::max_message_bytes"
                    );
                }
                if let Some(upload) = self
                    .uploads
                    .get_mut(&topic)
                    .filter(|c| c.join_ref == join_ref && !c.any_chunk)
                {
                    upload.counted = Some((grant, 0));
                }
                None
            }
            Outbound::UploadEnded { topic, join_ref } => {
                if self
                    .uploads
                    .get(&topic)
                    .is_some_and(|c| c.join_ref == join_ref)
                {
                    self.uploads.remove(&topic);
                }
                None
            }
        }
    }

    /// The server shuts down: tells every view task to stop without a frame.
    pub(crate) fn shutdown(&mut self) {
        for (_, channel) in self.channels.drain() {
            // A full queue: the view ends anyway once the connection drops its sender.
            let _ = channel.commands.try_send(Command::Shutdown);
        }
        self.uploads.clear();
    }

    /// Handles one frame; returns the frames to answer with directly.
    fn on_frame(&mut self, frame: Frame) -> Result<Vec<String>, Refusal> {
        let reference = frame.reference.as_deref();
        if frame.topic == "phoenix" {
            return Ok(vec![if frame.event == "heartbeat" {
                frame::reply(None, reference, "phoenix", true, "{}")
            } else {
                frame::error_reply(None, reference, "phoenix", "unmatched topic")
            }]);
        }
        match frame.event.as_str() {
            "phx_join" => Ok(self.join(frame).into_iter().collect()),
            // Answered here, at once and in order (two leaves of one topic get their replies in
            // the order they came); the view task ends without a frame.
            "phx_leave" if frame.topic.starts_with("lvu:") => {
                let jr = frame.join_ref.as_deref();
                // Dropping the chunk queue ends the channel's task (a partial file is deleted).
                self.uploads.remove(&frame.topic);
                Ok(vec![frame::reply(jr, reference, &frame.topic, true, "{}")])
            }
            "phx_leave" => {
                let mut frames = Vec::with_capacity(2);
                if let Some(channel) = self.remove_channel(&frame.topic) {
                    let _ = channel.commands.try_send(Command::Leave);
                    let jr = Some(channel.join_ref.as_str());
                    frames.push(frame::encode(jr, jr, &frame.topic, "phx_close", "{}"));
                }
                frames.push(frame::reply(
                    frame.join_ref.as_deref(),
                    reference,
                    &frame.topic,
                    true,
                    "{}",
                ));
                Ok(frames)
            }
            _ => match self.channels.get(&frame.topic) {
                Some(channel) if frame.join_ref.as_deref() == Some(channel.join_ref.as_str()) => {
                    let push = Command::Push {
                        reference: frame.reference,
                        event: frame.event,
                        payload: frame.payload,
                    };
                    match channel.commands.try_send(push) {
                        Ok(()) => Ok(Vec::new()),
                        Err(mpsc::error::TrySendError::Full(_)) => {
                            tracing::warn!(topic = %frame.topic, "{COMMAND_QUEUE} messages waiting for one view: the client is too fast");
                            Err(Refusal::TooFast)
                        }
                        // The view ended without the connection hearing of it (its `Ended`
                        // found the queue full): tell the client, which rejoins.
                        Err(mpsc::error::TrySendError::Closed(_)) => {
                            let jr = frame.join_ref.as_deref();
                            let error = frame::encode(
                                jr,
                                jr,
                                &frame.topic,
                                "phx_error",
                                "{\"reason\":\"channel_crash\"}",
                            );
                            self.remove_channel(&frame.topic);
                            Ok(vec![error])
                        }
                    }
                }
                // A message of an earlier join of this topic (sent before a rejoin): answered
                // with no join ref, which the client matches to the waiting push, instead of
                // leaving it to time out.
                Some(_) => Ok(vec![frame::error_reply(
                    None,
                    reference,
                    &frame.topic,
                    "outdated join",
                )]),
                None => Ok(vec![frame::error_reply(
                    None,
                    reference,
                    &frame.topic,
                    "unmatched topic",
                )]),
            },
        }
    }

    /// Handles `phx_join` of an upload channel: the token must name a view joined on this
    /// connection, in the join it was issued in. The channel's task answers the join once the
    /// view accepted the entry.
    fn join_upload(&mut self, frame: Frame) -> Option<String> {
        let reference = frame.reference.as_deref();
        let join_ref = frame
            .join_ref
            .clone()
            .or_else(|| frame.reference.clone())
            .unwrap_or_default();
        let jr = Some(join_ref.as_str());
        let refuse = |reason: &str| Some(frame::error_reply(jr, reference, &frame.topic, reason));
        // A rejoin of the same topic replaces the old channel (its task ends).
        self.uploads.remove(&frame.topic);
        if self.channels.len() + self.uploads.len() >= MAX_CHANNELS {
            return refuse("too many channels joined");
        }
        let token = frame.payload.get("token").and_then(Value::as_str);
        let claims = match token.map(|t| upload_token::verify(&self.app.signer, t)) {
            Some(Ok(claims)) => claims,
            Some(Err(err)) => {
                tracing::info!(topic = %frame.topic, "upload join refused: {err}");
                return refuse("invalid_token");
            }
            None => return refuse("invalid_token"),
        };
        let view_topic = format!("lv:{}", claims.view);
        let entry_topic = format!("lvu:{}", claims.entry_ref);
        let view = match self.channels.get(&view_topic) {
            Some(view) if view.join_ref == claims.join_ref && entry_topic == frame.topic => {
                view.commands.clone()
            }
            _ => {
                tracing::info!(topic = %frame.topic, view = %view_topic, "upload join refused: the token's view is not joined here (or rejoined since)");
                return refuse("invalid_token");
            }
        };
        let (chunks, chunks_rx) = mpsc::channel(CHUNK_QUEUE);
        writer::spawn(UploadJoin {
            dir: self.app.uploads.clone(),
            topic: frame.topic.clone(),
            join_ref: join_ref.clone(),
            reference: frame.reference.clone(),
            claims,
            view,
            outbound: self.outbound.clone(),
            chunks: chunks_rx,
        });
        self.uploads.insert(
            frame.topic,
            UploadChannel {
                join_ref,
                chunks,
                view_topic,
                counted: None,
                any_chunk: false,
            },
        );
        None
    }

    /// Handles `phx_join`; returns the error reply when the join is refused.
    fn join(&mut self, frame: Frame) -> Option<String> {
        let reference = frame.reference.as_deref();
        if frame.topic.starts_with("lvu:") {
            return self.join_upload(frame);
        }
        if !frame.topic.starts_with("lv:") {
            return Some(frame::error_reply(
                None,
                reference,
                &frame.topic,
                "unmatched topic",
            ));
        }
        let join_ref = frame
            .join_ref
            .clone()
            .or_else(|| frame.reference.clone())
            .unwrap_or_default();
        let jr = Some(join_ref.as_str());
        let refuse = |reason: &str| Some(frame::error_reply(jr, reference, &frame.topic, reason));
        if let Some(old) = self.remove_channel(&frame.topic) {
            // A full queue: the view ends anyway once its sender is dropped here.
            let _ = old.commands.try_send(Command::Replaced);
        }
        if self.channels.len() + self.uploads.len() >= MAX_CHANNELS {
            return refuse("too many channels joined");
        }
        if !self.authorized {
            tracing::info!(topic = %frame.topic, "join refused (stale): the socket has no valid session or CSRF token");
            return refuse("stale");
        }
        let topic_id = &frame.topic["lv:".len()..];
        let payload = &frame.payload;
        let Some(session_token) = payload.get("session").and_then(Value::as_str) else {
            tracing::info!(topic = %frame.topic, "join refused (stale): no session token");
            return refuse("stale");
        };
        let static_token = payload
            .get("static")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty());
        let claims =
            match view_token::verify(&self.app.signer, topic_id, session_token, static_token) {
                Ok(claims) => claims,
                Err(err) => {
                    tracing::info!(topic = %frame.topic, "join refused (stale): {err}");
                    return refuse("stale");
                }
            };
        let mut claims = claims;
        claims.session.set_connect_info(self.connect_info.clone());
        if let Some(params) = payload.get("params").and_then(Value::as_object) {
            if let Some(tracked) = params.get("_track_static").and_then(Value::as_array) {
                // Bounded by the frame size; each URL costs a digest lookup.
                let urls = tracked
                    .iter()
                    .take(MAX_TRACKED_STATIC)
                    .filter_map(Value::as_str);
                let changed = self.app.router.static_changed(urls);
                claims.session.set_static_changed(changed);
            }
            claims.session.set_connect_params(params.clone());
        }
        claims
            .session
            .set_state(self.app.router.app_state().clone());
        let (source, params, url, parent) = match claims.nesting.clone() {
            Nesting::Root => {
                let redirect = payload.get("redirect").and_then(Value::as_str);
                let url = redirect.or_else(|| payload.get("url").and_then(Value::as_str));
                match self.routed_join(&frame, &mut claims, redirect, url) {
                    Ok((route, params)) => (ViewSource::Routed(route), params, url, None),
                    Err(reply) => return Some(reply),
                }
            }
            // Nested views join without a URL (docs/protocol.md §2.5): the token names the view
            // type, and a child's parent must be running on this connection.
            nesting => {
                let parent = match nesting {
                    Nesting::Child { parent } => {
                        let parent_topic = format!("lv:{parent}");
                        if !self.channels.contains_key(&parent_topic) {
                            tracing::info!(topic = %frame.topic, parent = %parent, "join refused (stale): the child's parent is not joined on this connection");
                            return refuse("stale");
                        }
                        Some(parent_topic)
                    }
                    _ => None,
                };
                let Some(factory) = self.app.child_views.find(&claims.view) else {
                    tracing::info!(topic = %frame.topic, view = %claims.view, "join refused (stale): no view of that type was rendered as a child since the server started");
                    return refuse("stale");
                };
                (ViewSource::Nested(factory), Params::default(), None, parent)
            }
        };
        let host = ServerHost::new(
            self.app.clone(),
            &claims.live_session,
            &claims.session,
            self.connect_info.clone(),
            Some(self.family.clone()),
        );
        claims.session.set_nested_host(Arc::new(host));
        // A live navigation carries the previous view's flash; a first join shows the flash the
        // HTTP render showed (from the static token).
        let first_join = payload
            .get("params")
            .and_then(|p| p.get("_mounts"))
            .and_then(Value::as_u64)
            .unwrap_or(0)
            == 0;
        let redirect = payload.get("redirect").is_some();
        let flash = match payload.get("flash").and_then(Value::as_str) {
            Some(token) => flash_token::verify(&self.app.signer, token),
            None if first_join && !redirect => claims.flash.clone(),
            None => Default::default(),
        };
        let (commands, commands_rx) = queue::bounded(COMMAND_QUEUE);
        let (sink, inbox) = view_task::inbox();
        self.family.insert(
            topic_id,
            sink.clone(),
            parent.as_ref().map(|p| p["lv:".len()..].to_owned()),
        );
        let join = Join {
            snapshot_key: crate::persist::key(session_token),
            app: self.app.clone(),
            url: url.map(str::to_owned),
            topic: frame.topic.clone(),
            join_ref: join_ref.clone(),
            reference: frame.reference.clone(),
            source,
            params,
            session: claims.session,
            flash,
            outbound: self.outbound.clone(),
            inbox: (sink, inbox),
        };
        match self.started.as_mut() {
            Some(started) => started.push(view_task::start(join, commands_rx)),
            None => view_task::spawn(join, commands_rx),
        }
        self.channels.insert(
            frame.topic,
            Channel {
                join_ref,
                commands,
                parent,
            },
        );
        None
    }

    /// The route a router-mounted view's join may mount, after its `on_mount` hooks; the error
    /// reply otherwise. A live navigation (`redirect`) may mount any view of the token's live
    /// session; a plain (re)join (`url`) must route to the very view the page was rendered for.
    fn routed_join(
        &self,
        frame: &Frame,
        claims: &mut view_token::ViewClaims,
        redirect: Option<&str>,
        url: Option<&str>,
    ) -> Result<(Arc<Route>, Params), String> {
        let reference = frame.reference.as_deref();
        let jr = frame.join_ref.as_deref().or(reference);
        let routed = match url {
            Some(url) => self
                .app
                .config
                .mounted_path(path_and_query(url))
                .and_then(|path| self.app.router.find(&path).map(RouteMatch::into_parts)),
            None => self.app.router.find_view(&claims.view),
        };
        let allowed = routed.filter(|(route, _)| {
            route.live_session() == claims.live_session
                && (redirect.is_some() || route.factory().name() == claims.view)
        });
        let Some((route, params)) = allowed else {
            tracing::info!(topic = %frame.topic, url, "join refused (unauthorized): the URL does not route to a view this page may mount");
            return Err(frame::error_reply(
                jr,
                reference,
                &frame.topic,
                "unauthorized",
            ));
        };
        let mut ctx = MountContext {
            params: &params,
            session: &mut claims.session,
            connected: true,
            uri: url.unwrap_or(""),
        };
        if let Err(halt) = route.on_mount(&mut ctx) {
            tracing::info!(topic = %frame.topic, to = %halt.to, "on_mount halted the join");
            let mut redirect = serde_json::Map::new();
            redirect.insert("to".into(), halt.to.into());
            if let Some(token) = flash_token::sign(&self.app.signer, &halt.flash) {
                redirect.insert("flash".into(), token.into());
            }
            let response = serde_json::json!({ "redirect": redirect }).to_string();
            return Err(frame::reply(jr, reference, &frame.topic, false, &response));
        }
        Ok((route, params))
    }

    /// Forgets the channel of `topic` and ends the views it rendered (a parent's end, whatever
    /// its cause, ends its children; sticky views have no parent).
    fn remove_channel(&mut self, topic: &str) -> Option<Channel> {
        let channel = self.channels.remove(topic)?;
        self.family.remove(&topic["lv:".len().min(topic.len())..]);
        // The view's upload channels end with it (their entries, and files, went with it).
        self.uploads.retain(|_, upload| upload.view_topic != topic);
        let children: Vec<String> = self
            .channels
            .iter()
            .filter(|(_, c)| c.parent.as_deref() == Some(topic))
            .map(|(t, _)| t.to_owned())
            .collect();
        for child in children {
            if let Some(child) = self.remove_channel(&child) {
                // A full queue: the view ends anyway once its sender is dropped here.
                let _ = child.commands.try_send(Command::Leave);
            }
        }
        Some(channel)
    }
}

/// The most `phx-track-static` URLs of a join that are checked.
const MAX_TRACKED_STATIC: usize = 64;

/// A `connection` span for a transport's task (`transport` is `websocket` or `longpoll`), with a
/// number unique in this process; the spans of its views are its children.
pub(crate) fn span(transport: &'static str) -> tracing::Span {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    let id = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    tracing::debug_span!("connection", transport, id)
}

/// Resolves once the server is stopping, at once if it already is (a transport started while
/// the server stopped must stop too). `shutdown` is a receiver of `AppState::shutdown`.
pub(crate) async fn server_stopping(shutdown: &mut tokio::sync::watch::Receiver<bool>) {
    // The guard `wait_for` returns is not `Send`: drop it here, before the caller awaits again.
    let _ = shutdown.wait_for(|stopping| *stopping).await;
}

/// The path and query of an absolute URL (`http://host/a?b=1#c` gives `/a?b=1`).
pub(crate) fn path_and_query(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    path.split_once('#').map_or(path, |(p, _)| p)
}

#[cfg(test)]
mod tests {
    use super::path_and_query;

    #[test]
    fn extracts_path_and_query() {
        assert_eq!(
            path_and_query("http://localhost:4000/counter?x=1#top"),
            "/counter?x=1"
        );
        assert_eq!(path_and_query("http://localhost:4000"), "/");
        assert_eq!(path_and_query("/a/b"), "/a/b");
    }
}
