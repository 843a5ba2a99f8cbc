//! A client that joins a busy view and stops reading cannot grow the server's memory: the view
//! ends when its frames find the connection's queue full, the socket's writes time out and the
//! socket is dropped, and a neighbour keeps being served. Alone in its binary, so the process's
//! RSS is the server's (and this client's) only.

use std::time::{Duration, Instant};

use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
use live_server::Router;
use live_tests::{load_page, spawn_server_with, test_config, ChannelClient};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How long the stalled client stays connected and silent.
const STALL: Duration = Duration::from_secs(60);

/// Every millisecond, 4 KiB of new text: about 4 MB/s of diffs for a client that reads.
#[derive(LiveView)]
struct Firehose {
    tick: u64,
    blob: String,
}

#[derive(Clone)]
struct Tick;

impl LiveView for Firehose {
    type Info = Tick;

    fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        if socket.connected() {
            socket.send_interval(Duration::from_millis(1), Tick);
        }
        Ok(Firehose {
            tick: 0,
            blob: String::new(),
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        _: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        assigns.update_tick(|t| *t += 1);
        Ok(())
    }

    fn handle_info(
        assigns: &mut Assigns<Self>,
        _: Tick,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let tick = assigns.tick + 1;
        assigns.set_tick(tick);
        assigns.set_blob(format!("{tick:>8}").repeat(512));
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! { <div><p id="tick">{@tick}</p><pre>{@blob}</pre></div> }
    }
}

#[derive(LiveView)]
struct Quiet {
    n: u64,
}

impl LiveView for Quiet {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Quiet { n: 0 })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        _: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        assigns.update_n(|n| *n += 1);
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! { <p>{@n}</p> }
    }
}

fn rss_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_client_is_dropped_and_memory_stays_flat() {
    let config = test_config().socket_write_timeout(Duration::from_secs(2));
    let router = Router::new()
        .live::<Firehose>("/firehose")
        .live::<Quiet>("/quiet");
    let addr = spawn_server_with(router, config).await;

    // The stalled client: a raw socket that upgrades, joins, then never reads again.
    let page = load_page(addr, "/firehose").await;
    let mut stalled = TcpStream::connect(addr).await.expect("connect");
    let key = "dGhlIHNhbXBsZSBub25jZQ==";
    let upgrade = format!(
        "GET /live/websocket?_csrf_token={}&vsn=2.0.0 HTTP/1.1\r\nhost: {addr}\r\nconnection: Upgrade\r\n\
         upgrade: websocket\r\nsec-websocket-version: 13\r\nsec-websocket-key: {key}\r\n\
         origin: http://{addr}\r\ncookie: {}\r\n\r\n",
        page.csrf_token, page.cookie
    );
    stalled
        .write_all(upgrade.as_bytes())
        .await
        .expect("upgrade");
    let join = json!([
        "1", "1", format!("lv:{}", page.view_id), "phx_join",
        {"url": format!("http://{addr}/firehose"), "params": {"_csrf_token": page.csrf_token, "_mounts": 0},
         "session": page.session, "static": page.static_token}
    ])
    .to_string();
    stalled
        .write_all(&masked_text_frame(join.as_bytes()))
        .await
        .expect("join");
    // The join is answered, and the firehose starts: then this client stops reading.
    let mut joined = Vec::new();
    read_until(&mut stalled, &mut joined, b"\"status\":\"ok\"").await;
    read_until(&mut stalled, &mut joined, b"\"diff\"").await;

    let neighbour_page = load_page(addr, "/quiet").await;
    let mut neighbour = ChannelClient::connect_page(addr, &neighbour_page).await;
    let (join_ref, _) = neighbour
        .join_page(&neighbour_page, &format!("http://{addr}/quiet"))
        .await;
    let topic = format!("lv:{}", neighbour_page.view_id);

    tokio::time::sleep(Duration::from_secs(2)).await;
    let start = rss_bytes();
    let mut peak = start;
    let mut slowest = Duration::ZERO;
    let deadline = Instant::now() + STALL;
    while Instant::now() < deadline {
        let sent = Instant::now();
        let click = json!({"type": "click", "event": "inc", "value": {}});
        let reference = neighbour
            .push(Some(&join_ref), &topic, "event", click)
            .await;
        let reply = neighbour.reply_to(&reference).await;
        assert_eq!(reply[4]["status"], "ok", "the neighbour is served: {reply}");
        slowest = slowest.max(sent.elapsed());
        peak = peak.max(rss_bytes());
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let growth = peak.saturating_sub(start);
    assert!(
        growth < 20 * 1024 * 1024,
        "RSS grew by {} KiB over {STALL:?} with a stalled client",
        growth / 1024
    );
    assert!(
        slowest < Duration::from_secs(1),
        "neighbour's slowest: {slowest:?}"
    );

    // The server has given up on the stalled socket: what is left to read is bounded (the
    // kernel's buffers), then the connection ends.
    let mut buf = vec![0u8; 64 * 1024];
    let mut drained = 0usize;
    let ended = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            match stalled.read(&mut buf).await {
                Ok(0) | Err(_) => return true,
                Ok(n) => drained += n,
            }
        }
    })
    .await
    .unwrap_or(false);
    assert!(
        ended,
        "the server dropped the stalled socket (read {drained} bytes)"
    );
    assert!(drained < 32 * 1024 * 1024, "buffered: {drained} bytes");
}

/// Reads into `seen` until it holds `needle` (within 10 s).
async fn read_until(stream: &mut TcpStream, seen: &mut Vec<u8>, needle: &[u8]) {
    let mut buf = [0u8; 4096];
    let found = tokio::time::timeout(Duration::from_secs(10), async {
        while !seen.windows(needle.len()).any(|w| w == needle) {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return false,
                Ok(n) => seen.extend_from_slice(&buf[..n]),
            }
        }
        true
    })
    .await
    .unwrap_or(false);
    assert!(found, "expected {:?}", String::from_utf8_lossy(needle));
}

/// A client-to-server WebSocket text frame (masked, as clients must send).
fn masked_text_frame(payload: &[u8]) -> Vec<u8> {
    let mask = [0x12u8, 0x34, 0x56, 0x78];
    let mut frame = vec![0x81];
    match payload.len() {
        len if len < 126 => frame.push(0x80 | len as u8),
        len if len <= 0xffff => {
            frame.push(0x80 | 126);
            frame.extend_from_slice(&(len as u16).to_be_bytes());
        }
        len => {
            frame.push(0x80 | 127);
            frame.extend_from_slice(&(len as u64).to_be_bytes());
        }
    }
    frame.extend_from_slice(&mask);
    frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
    frame
}
