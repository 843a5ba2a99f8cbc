//! A well-behaved live client, as the official one speaks: WebSocket to
//! `/live/websocket?_csrf_token=…&vsn=2.0.0` with the page's cookie, `phx_join` on `lv:<id>`,
//! `event` pushes answered by `phx_reply`, a heartbeat every 30 s.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot, watch};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

use crate::dioxus::DioxusClient;
use crate::in_flight::{send_text, InFlight};
use crate::page::{connect_from, LivePage, IO_TIMEOUT};
use crate::stats::Stats;

/// The official client's heartbeat interval.
pub(crate) const HEARTBEAT: Duration = Duration::from_secs(30);
/// Commands queued per client.
pub(crate) const COMMAND_QUEUE: usize = 8;

/// A WebSocket over TCP.
pub(crate) type Ws = WebSocketStream<TcpStream>;

/// Opens the WebSocket of `page` from `source`, as the official client does.
pub(crate) async fn open_socket(
    addr: SocketAddr,
    page: &LivePage,
    source: IpAddr,
) -> Result<Ws, String> {
    let url = format!(
        "ws://{addr}/live/websocket?_csrf_token={}&_mounts=0&_mount_attempts=0&vsn=2.0.0",
        page.csrf_token
    );
    let mut request = url
        .into_client_request()
        .map_err(|e| format!("request: {e}"))?;
    let cookie = page.cookie.parse().map_err(|_| "cookie header")?;
    request.headers_mut().insert("cookie", cookie);
    let stream = connect_from(source, addr).await?;
    // tungstenite zeroes its whole read buffer (128 KiB by default) on the first read; 8 KiB
    // keeps the driver's own memory small with 10,000 sockets.
    let config = WebSocketConfig::default()
        .read_buffer_size(8 * 1024)
        .write_buffer_size(8 * 1024)
        .max_message_size(Some(64 << 20))
        .max_frame_size(Some(64 << 20));
    let (ws, _) = tokio::time::timeout(
        IO_TIMEOUT,
        tokio_tungstenite::client_async_with_config(request, stream, Some(config)),
    )
    .await
    .map_err(|_| "handshake timed out".to_owned())?
    .map_err(|e| format!("handshake: {e}"))?;
    Ok(ws)
}

/// The `phx_join` frame of `page` with join ref `reference`.
pub(crate) fn join_frame(addr: SocketAddr, page: &LivePage, reference: &str) -> String {
    json!([
        reference,
        reference,
        format!("lv:{}", page.view_id),
        "phx_join",
        {
            "url": format!("http://{addr}{}", page.path),
            "params": {"_csrf_token": page.csrf_token, "_mounts": 0, "_mount_attempts": 0},
            "session": page.session,
            "static": page.static_token,
            "sticky": false,
        }
    ])
    .to_string()
}

/// The frame a click on `phx-click="<name>"` sends.
pub(crate) fn event_frame(join_ref: &str, reference: &str, topic: &str, name: &str) -> String {
    json!([
        join_ref,
        reference,
        topic,
        "event",
        {"type": "click", "event": name, "value": {"value": ""}}
    ])
    .to_string()
}

/// Reads text frames until the reply to `reference`; returns it and its length in bytes.
pub(crate) async fn read_reply(ws: &mut Ws, reference: &str) -> Result<(Value, usize), String> {
    let deadline = Instant::now() + IO_TIMEOUT;
    loop {
        let next = tokio::time::timeout_at(deadline.into(), ws.next())
            .await
            .map_err(|_| format!("no reply to {reference} within {IO_TIMEOUT:?}"))?;
        match next {
            Some(Ok(Message::Text(text))) => {
                let frame: Value =
                    serde_json::from_str(text.as_str()).map_err(|e| format!("frame: {e}"))?;
                if frame[1] == reference && frame[3] == "phx_reply" {
                    return Ok((frame, text.len()));
                }
            }
            Some(Ok(Message::Close(close))) => return Err(format!("closed: {close:?}")),
            Some(Ok(_)) => {}
            Some(Err(e)) => return Err(format!("socket: {e}")),
            None => return Err("socket ended".to_owned()),
        }
    }
}

/// What the driver asks a running client to do.
pub(crate) enum Command {
    /// Push the event `name`; the reply's round trip goes to the histogram, and to `done` when
    /// given.
    Fire {
        /// The event name (`phx-click` value).
        name: &'static str,
        /// Told the round trip, or the error.
        done: Option<oneshot::Sender<Result<Duration, String>>>,
    },
}

/// One joined view.
pub(crate) struct LiveClient {
    ws: Ws,
    topic: String,
    join_ref: String,
    next_ref: u64,
    stats: Arc<Stats>,
}

impl LiveClient {
    /// Connects and joins `page`; the join counts in `stats` (joined, or an error).
    pub(crate) async fn join(
        addr: SocketAddr,
        page: &LivePage,
        source: IpAddr,
        stats: Arc<Stats>,
    ) -> Result<LiveClient, String> {
        let mut ws = match open_socket(addr, page, source).await {
            Ok(ws) => ws,
            Err(e) => {
                stats.connect_errors.incr();
                return Err(e);
            }
        };
        // The official client's first join on a page has ref 4; any ref works.
        let join_ref = "4".to_owned();
        let joined = async {
            ws.send(Message::text(join_frame(addr, page, &join_ref)))
                .await
                .map_err(|e| format!("send join: {e}"))?;
            let (reply, bytes) = read_reply(&mut ws, &join_ref).await?;
            if reply[4]["status"] != "ok" {
                return Err(format!("join refused: {}", reply[4]));
            }
            Ok(bytes)
        }
        .await;
        match joined {
            Ok(bytes) => {
                stats.joined.incr();
                stats.join_bytes.add(bytes as u64);
                Ok(LiveClient {
                    ws,
                    topic: format!("lv:{}", page.view_id),
                    join_ref,
                    next_ref: 5,
                    stats,
                })
            }
            Err(e) => {
                stats.join_errors.incr();
                Err(e)
            }
        }
    }

    fn take_ref(&mut self) -> String {
        let reference = self.next_ref.to_string();
        self.next_ref += 1;
        reference
    }

    /// Serves `commands` until `stop` turns true or the socket fails; sends a heartbeat every
    /// 30 s and counts a missed one. Every error is counted in the stats.
    pub(crate) async fn run(
        mut self,
        mut commands: mpsc::Receiver<Command>,
        mut stop: watch::Receiver<bool>,
    ) {
        let stats = Arc::clone(&self.stats);
        let mut in_flight: InFlight<String> = InFlight::new();
        let mut heartbeat =
            tokio::time::interval_at((Instant::now() + HEARTBEAT).into(), HEARTBEAT);
        let mut pending_heartbeat: Option<String> = None;
        let mut check = tokio::time::interval(Duration::from_secs(1));
        loop {
            tokio::select! {
                changed = stop.changed() => {
                    if changed.is_err() || *stop.borrow() {
                        let _ = tokio::time::timeout(Duration::from_secs(1), self.ws.close(None)).await;
                        break;
                    }
                }
                command = commands.recv() => {
                    let Some(Command::Fire { name, mut done }) = command else {
                        // The driver dropped us: leave quietly.
                        let _ = tokio::time::timeout(Duration::from_secs(1), self.ws.close(None)).await;
                        break;
                    };
                    if !in_flight.admit(&mut done, &stats) {
                        continue;
                    }
                    let reference = self.take_ref();
                    let frame = event_frame(&self.join_ref, &reference, &self.topic, name);
                    let sent = Instant::now();
                    if let Err(e) = send_text(&mut self.ws, frame).await {
                        stats.dropped.incr();
                        if let Some(done) = done {
                            let _ = done.send(Err(e));
                        }
                        break;
                    }
                    stats.events_sent.incr();
                    in_flight.push(reference, sent, done);
                }
                message = self.ws.next() => {
                    match message {
                        Some(Ok(Message::Text(text))) => {
                            if !self.on_frame(text.as_str(), &mut in_flight, &mut pending_heartbeat) {
                                stats.dropped.incr();
                                break;
                            }
                        }
                        Some(Ok(Message::Close(_))) | None | Some(Err(_)) => {
                            if !*stop.borrow() {
                                stats.dropped.incr();
                            }
                            break;
                        }
                        Some(Ok(_)) => {}
                    }
                }
                _ = heartbeat.tick() => {
                    if pending_heartbeat.is_some() {
                        stats.heartbeat_errors.incr();
                    }
                    let reference = self.take_ref();
                    let frame = json!([null, reference, "phoenix", "heartbeat", {}]).to_string();
                    if send_text(&mut self.ws, frame).await.is_err() {
                        stats.dropped.incr();
                        break;
                    }
                    pending_heartbeat = Some(reference);
                }
                _ = check.tick() => in_flight.expire(&stats),
            }
        }
        in_flight.end();
    }

    /// Handles one server frame; false when the channel ended (`phx_error`, `phx_close`).
    fn on_frame(
        &self,
        text: &str,
        in_flight: &mut InFlight<String>,
        pending_heartbeat: &mut Option<String>,
    ) -> bool {
        let stats = &self.stats;
        let Ok(frame) = serde_json::from_str::<Value>(text) else {
            stats.reply_errors.incr();
            return true;
        };
        let event = frame[3].as_str().unwrap_or("");
        let reference = frame[1].as_str();
        match event {
            "phx_reply" => {
                if reference.is_some() && reference == pending_heartbeat.as_deref() {
                    *pending_heartbeat = None;
                    stats.heartbeats.incr();
                    return true;
                }
                let Some(answered) = in_flight.take(|key| Some(key.as_str()) == reference) else {
                    return true;
                };
                let answer = if frame[4]["status"] == "ok" {
                    Ok(text.len())
                } else {
                    Err(format!("reply: {}", frame[4]))
                };
                answered.answer(answer, stats);
                true
            }
            "diff" => {
                stats.pushes.incr();
                true
            }
            "phx_error" | "phx_close" => false,
            _ => true,
        }
    }
}

/// What a fleet's clients speak to.
#[derive(Clone)]
pub(crate) enum Target {
    /// A live server: join this page's view.
    Live(LivePage),
    /// The dioxus-liveview peer: click the element with this id (see `dioxus::find_button`).
    Dioxus {
        /// The button's `data-dioxus-id`.
        element: u64,
    },
}

/// Handles of running clients: their command queues, and the stop signal they all watch.
pub(crate) struct Fleet {
    /// One queue per joined client, in join order.
    pub(crate) clients: Vec<mpsc::Sender<Command>>,
    stop: watch::Sender<bool>,
    tasks: tokio::task::JoinSet<()>,
}

impl Fleet {
    /// Joins `count` views of `page`, `concurrency` joins at a time, and runs each client in
    /// its own task. Clients that fail to join are counted in `stats` and left out.
    pub(crate) async fn join(
        addr: SocketAddr,
        page: &LivePage,
        count: usize,
        concurrency: usize,
        stats: &Arc<Stats>,
        first_source: usize,
    ) -> Fleet {
        let target = Target::Live(page.clone());
        Fleet::join_target(addr, &target, count, concurrency, stats, first_source).await
    }

    /// [`Fleet::join`] for any server the driver speaks to.
    pub(crate) async fn join_target(
        addr: SocketAddr,
        target: &Target,
        count: usize,
        concurrency: usize,
        stats: &Arc<Stats>,
        first_source: usize,
    ) -> Fleet {
        let (stop, stop_rx) = watch::channel(false);
        let permits = Arc::new(tokio::sync::Semaphore::new(concurrency.max(1)));
        let mut tasks = tokio::task::JoinSet::new();
        let mut handles = Vec::with_capacity(count);
        for index in 0..count {
            let Ok(permit) = Arc::clone(&permits).acquire_owned().await else {
                break;
            };
            let (joined_tx, joined_rx) = oneshot::channel();
            let target = target.clone();
            let stats = Arc::clone(stats);
            let stop_rx = stop_rx.clone();
            let source = crate::page::source_ip(first_source + index);
            tasks.spawn(async move {
                match target {
                    Target::Live(page) => {
                        let client = LiveClient::join(addr, &page, source, stats).await;
                        drop(permit);
                        if let Ok(client) = client {
                            let (commands, commands_rx) = mpsc::channel(COMMAND_QUEUE);
                            if joined_tx.send(commands).is_ok() {
                                client.run(commands_rx, stop_rx).await;
                            }
                        }
                    }
                    Target::Dioxus { element } => {
                        let client = DioxusClient::join(addr, element, source, stats).await;
                        drop(permit);
                        if let Ok(client) = client {
                            let (commands, commands_rx) = mpsc::channel(COMMAND_QUEUE);
                            if joined_tx.send(commands).is_ok() {
                                client.run(commands_rx, stop_rx).await;
                            }
                        }
                    }
                }
            });
            handles.push(joined_rx);
        }
        let mut clients = Vec::with_capacity(count);
        for handle in handles {
            if let Ok(Ok(commands)) = tokio::time::timeout(IO_TIMEOUT * 3, handle).await {
                clients.push(commands);
            }
        }
        Fleet {
            clients,
            stop,
            tasks,
        }
    }

    /// Sends one event to client `index` and waits for its round trip.
    pub(crate) async fn round_trip(
        &self,
        index: usize,
        name: &'static str,
    ) -> Result<Duration, String> {
        let client = self.clients.get(index).ok_or("no such client")?;
        let (done, result) = oneshot::channel();
        client
            .send(Command::Fire {
                name,
                done: Some(done),
            })
            .await
            .map_err(|_| "client ended".to_owned())?;
        tokio::time::timeout(IO_TIMEOUT + Duration::from_secs(2), result)
            .await
            .map_err(|_| "no answer".to_owned())?
            .map_err(|_| "client ended".to_owned())?
    }

    /// Closes every socket and waits (bounded) for the client tasks.
    pub(crate) async fn stop(mut self) {
        let _ = self.stop.send(true);
        self.clients.clear();
        let _ = tokio::time::timeout(Duration::from_secs(20), async {
            while self.tasks.join_next().await.is_some() {}
        })
        .await;
        self.tasks.abort_all();
    }
}
