//! The driver's adapter for the dioxus-liveview peer (`benches/peers/dioxus`): its wire format
//! as its own browser glue speaks it.
//!
//! The page `GET /counter` carries the glue; the socket is `ws://<addr>/ws`. The server sends
//! binary messages whose first byte says what follows (`1`: a batch of DOM edits; otherwise a
//! UTF-8 text such as `__pong__`). The client sends text: `__ping__` every 30 s, and each
//! browser event as `{"method":"user_event","params":{"name":"click","element":<id>,
//! "data":{…},"bubbles":true}}`, where `<id>` is the `data-dioxus-id` the edits gave the
//! element. Each handled click that changes the count answers with one edits message, in order,
//! so the driver matches replies to clicks first in, first out.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use tokio::sync::{mpsc, watch};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;

use crate::client::{Command, Ws, HEARTBEAT};
use crate::in_flight::{send_text, InFlight};
use crate::page::{connect_from, IO_TIMEOUT};
use crate::stats::Stats;

/// Element ids tried when looking for the counter's button.
const PROBED_IDS: u64 = 12;
/// How long a probe click waits for its edits.
const PROBE_WAIT: Duration = Duration::from_millis(500);

/// Opens the peer's socket from `source`.
async fn open_socket(addr: SocketAddr, source: IpAddr) -> Result<Ws, String> {
    let request = format!("ws://{addr}/ws")
        .into_client_request()
        .map_err(|e| format!("request: {e}"))?;
    let stream = connect_from(source, addr).await?;
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

/// The text a click on element `element` sends (a primary-button click at 10,10).
fn click_frame(element: u64) -> String {
    serde_json::json!({
        "method": "user_event",
        "params": {
            "name": "click",
            "element": element,
            "bubbles": true,
            "data": {
                "alt_key": false, "button": 0, "buttons": 0,
                "client_x": 10.0, "client_y": 10.0, "ctrl_key": false, "meta_key": false,
                "offset_x": 2.0, "offset_y": 2.0, "page_x": 10.0, "page_y": 10.0,
                "screen_x": 10.0, "screen_y": 10.0, "shift_key": false,
                "values": [], "value": ""
            }
        }
    })
    .to_string()
}

/// What one server message is.
enum Incoming {
    /// A batch of DOM edits, this many bytes.
    Edits(usize),
    /// Anything else (a pong, a query).
    Other,
    /// The socket ended or failed.
    Ended,
}

fn classify(message: Option<Result<Message, tokio_tungstenite::tungstenite::Error>>) -> Incoming {
    match message {
        Some(Ok(Message::Binary(data))) if data.first() == Some(&1) => Incoming::Edits(data.len()),
        Some(Ok(Message::Close(_))) | None | Some(Err(_)) => Incoming::Ended,
        Some(Ok(_)) => Incoming::Other,
    }
}

/// Reads until the next edits message, within `wait`; its size, or `None` on time-out.
async fn next_edits(ws: &mut Ws, wait: Duration) -> Result<Option<usize>, String> {
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        match tokio::time::timeout_at(deadline, ws.next()).await {
            Err(_) => return Ok(None),
            Ok(message) => match classify(message) {
                Incoming::Edits(bytes) => return Ok(Some(bytes)),
                Incoming::Other => {}
                Incoming::Ended => return Err("socket ended".to_owned()),
            },
        }
    }
}

/// One connected dioxus view.
pub(crate) struct DioxusClient {
    ws: Ws,
    element: u64,
    stats: Arc<Stats>,
}

impl DioxusClient {
    /// Connects and waits for the first render (the "join"); counted in `stats`.
    pub(crate) async fn join(
        addr: SocketAddr,
        element: u64,
        source: IpAddr,
        stats: Arc<Stats>,
    ) -> Result<DioxusClient, String> {
        let mut ws = match open_socket(addr, source).await {
            Ok(ws) => ws,
            Err(e) => {
                stats.connect_errors.incr();
                return Err(e);
            }
        };
        match next_edits(&mut ws, IO_TIMEOUT).await {
            Ok(Some(bytes)) => {
                stats.joined.incr();
                stats.join_bytes.add(bytes as u64);
                Ok(DioxusClient { ws, element, stats })
            }
            Ok(None) => {
                stats.join_errors.incr();
                Err("no first render".to_owned())
            }
            Err(e) => {
                stats.join_errors.incr();
                Err(e)
            }
        }
    }

    /// Serves `commands` until `stop` turns true or the socket fails, as `LiveClient::run`
    /// does; pings every 30 s as the peer's glue does.
    pub(crate) async fn run(
        mut self,
        mut commands: mpsc::Receiver<Command>,
        mut stop: watch::Receiver<bool>,
    ) {
        let stats = Arc::clone(&self.stats);
        // Edits answer clicks in order: the oldest waiting click takes the next edits.
        let mut in_flight: InFlight<()> = InFlight::new();
        let mut ping = tokio::time::interval_at((Instant::now() + HEARTBEAT).into(), HEARTBEAT);
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
                    let Some(Command::Fire { mut done, .. }) = command else {
                        let _ = tokio::time::timeout(Duration::from_secs(1), self.ws.close(None)).await;
                        break;
                    };
                    if !in_flight.admit(&mut done, &stats) {
                        continue;
                    }
                    let sent = Instant::now();
                    if let Err(e) = send_text(&mut self.ws, click_frame(self.element)).await {
                        stats.dropped.incr();
                        if let Some(done) = done {
                            let _ = done.send(Err(e));
                        }
                        break;
                    }
                    stats.events_sent.incr();
                    in_flight.push((), sent, done);
                }
                message = self.ws.next() => match classify(message) {
                    Incoming::Edits(bytes) => {
                        if let Some(answered) = in_flight.take(|()| true) {
                            answered.answer(Ok(bytes), &stats);
                        } else {
                            stats.pushes.incr();
                        }
                    }
                    Incoming::Other => stats.heartbeats.incr(),
                    Incoming::Ended => {
                        if !*stop.borrow() {
                            stats.dropped.incr();
                        }
                        break;
                    }
                },
                _ = ping.tick() => {
                    if send_text(&mut self.ws, "__ping__".to_owned()).await.is_err() {
                        stats.dropped.incr();
                        break;
                    }
                }
                _ = check.tick() => in_flight.expire(&stats),
            }
        }
        in_flight.end();
    }
}

/// Finds the `data-dioxus-id` of a button of the counter: connects one socket and clicks ids
/// 1, 2, … until one answers with edits (either button changes the count's text).
pub(crate) async fn find_button(addr: SocketAddr) -> Result<u64, String> {
    let mut ws = open_socket(addr, IpAddr::from([127, 0, 0, 1])).await?;
    next_edits(&mut ws, IO_TIMEOUT)
        .await?
        .ok_or("the peer sent no first render")?;
    for element in 1..=PROBED_IDS {
        ws.send(Message::text(click_frame(element)))
            .await
            .map_err(|e| format!("send: {e}"))?;
        if next_edits(&mut ws, PROBE_WAIT).await?.is_some() {
            let _ = ws.close(None).await;
            return Ok(element);
        }
    }
    Err(format!(
        "no element among ids 1..={PROBED_IDS} answers a click"
    ))
}
