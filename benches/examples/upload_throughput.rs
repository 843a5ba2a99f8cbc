//! Upload throughput: a file sent through a live upload (the official client's protocol over a
//! WebSocket: the change listing the file, the preflight, the `lvu:` channel, binary chunks
//! each waiting for its reply, `progress` pushes, the submit consuming the file) against a
//! plain HTTP POST of the same bytes to the same server (an axum route streaming the body into
//! a file, next to the live app mounted with `fallback_service`), over loopback.
//!
//! ```text
//! cargo run --release -p live-benches --example upload_throughput [MB] [chunk bytes]
//! ```
//!
//! Defaults: 100 MB, chunks of `UploadOptions`' default size (512,000 bytes; pass 64000 for
//! Phoenix's default). Prints the median of 3 runs of each, their ratio, and the process's
//! resident memory: before, and its peak during each kind of transfer (sampled every 5 ms;
//! the client's copy of the file is allocated before the baseline). Both ends run in this one
//! process: the server on the runtime's workers, each client on a thread of its own with its
//! own single-threaded runtime (as a browser's client runs on its own event loop); the share of
//! each transfer's time the client thread spent on the CPU is printed too (under 100 %: the
//! client does not limit it), and the median and 90th percentile of the live chunks' round
//! trips, which on a machine shared with other work vary less than the throughputs.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use live_core::upload::{live_file_input, UploadOptions};
use live_core::{
    html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, Upload, ViewError,
};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

/// Where both kinds of transfer end up (deleted at the end).
struct Dirs {
    uploads: PathBuf,
    saved: PathBuf,
}

static CHUNK: AtomicU64 = AtomicU64::new(live_core::upload::DEFAULT_CHUNK_SIZE as u64);

/// One upload of any size; the submit moves the file into the saved directory.
#[derive(LiveView)]
struct Sink {
    file: Upload,
    saved: u64,
}

impl LiveView for Sink {
    type Info = ();

    fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        let chunk = u32::try_from(CHUNK.load(Ordering::Relaxed))
            .unwrap_or(live_core::upload::DEFAULT_CHUNK_SIZE);
        let options = UploadOptions::new()
            .max_file_size(u64::MAX)
            .chunk_size(chunk);
        Ok(Sink {
            file: socket.allow_upload("file", options),
            saved: 0,
        })
    }

    fn handle_event(
        a: &mut Assigns<Self>,
        event: &Event,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        if event.name() == "save" {
            let dir = socket
                .state::<Dirs>()
                .map(|d| d.saved.clone())
                .unwrap_or_default();
            let sizes = a.file_mut().consume_uploaded_entries(|path, entry| {
                let target = dir.join(format!("live-{}", entry.reference()));
                std::fs::rename(path, &target)?;
                Ok(std::fs::metadata(&target)?.len())
            })?;
            a.update_saved(|s| *s += sizes.iter().sum::<u64>());
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <form id="f" phx-change="validate" phx-submit="save">
                <.live_file_input upload={&@file}/>
                <p id="saved">{@saved}</p>
            </form>
        }
    }
}

/// The peer: `POST /post` streams the body into a file in the saved directory.
async fn post(
    axum::extract::State(saved): axum::extract::State<PathBuf>,
    body: axum::body::Body,
) -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let path = saved.join(format!("post-{}", NEXT.fetch_add(1, Ordering::Relaxed)));
    let mut file = tokio::fs::File::create(&path)
        .await
        .expect("create the POST's file");
    let mut stream = body.into_data_stream();
    let mut total = 0u64;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.expect("body chunk");
        total += chunk.len() as u64;
        file.write_all(&chunk).await.expect("write");
    }
    file.flush().await.expect("flush");
    total.to_string()
}

async fn serve(dirs: &Dirs) -> SocketAddr {
    let config = live_server::Config::new("upload bench secret: at least thirty-two bytes")
        .max_message_bytes(16 * 1024 * 1024)
        .upload_dir(&dirs.uploads);
    let router = live_server::Router::new()
        .state(Dirs {
            uploads: dirs.uploads.clone(),
            saved: dirs.saved.clone(),
        })
        .live::<Sink>("/");
    let live = live_server::Server::with_config(router, config).into_service();
    let app = axum::Router::new()
        .route("/post", axum::routing::post(post))
        .with_state(dirs.saved.clone())
        .fallback_service(live);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    // As live's own server does: small replies leave at once instead of waiting behind an
    // unacknowledged segment (Nagle), for both kinds of transfer.
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp: &mut TcpStream| {
        let _ = tcp.set_nodelay(true);
    });
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

/// A connection as a browser opens it: with `TCP_NODELAY`, as Chromium sets on its sockets.
async fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).await.expect("connect");
    stream.set_nodelay(true).expect("TCP_NODELAY");
    stream
}

/// A plain HTTP POST of `data` in 64 KiB writes; returns when the response arrived.
async fn http_post(addr: SocketAddr, data: &[u8]) {
    let mut stream = connect(addr).await;
    let head = format!(
        "POST /post HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\n\r\n",
        data.len()
    );
    stream.write_all(head.as_bytes()).await.expect("head");
    for part in data.chunks(64 * 1024) {
        stream.write_all(part).await.expect("body");
    }
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.expect("response");
    let text = String::from_utf8_lossy(&response);
    assert!(
        text.ends_with(&data.len().to_string()),
        "the POST stored every byte: {text}"
    );
}

/// The page's cookie, CSRF token, view id, session and static tokens.
async fn load_page(addr: SocketAddr) -> (String, String, String, String, String) {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let request = format!("GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("GET");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("page");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let between = |marker: &str| -> String {
        let start = text
            .find(marker)
            .unwrap_or_else(|| panic!("{marker} in the page"))
            + marker.len();
        let end = text[start..].find(['"', ';']).expect("end") + start;
        text[start..end].to_owned()
    };
    (
        between("set-cookie: "),
        between("<meta name=\"csrf-token\" content=\""),
        between("<div id=\""),
        between("data-phx-session=\""),
        between("data-phx-static=\""),
    )
}

type Ws = tokio_tungstenite::WebSocketStream<TcpStream>;

async fn recv(ws: &mut Ws) -> Value {
    loop {
        match ws.next().await.expect("socket open").expect("message") {
            Message::Text(text) => return serde_json::from_str(text.as_str()).expect("JSON"),
            _ => continue,
        }
    }
}

async fn send(ws: &mut Ws, frame: Value) {
    ws.send(Message::text(frame.to_string()))
        .await
        .expect("send");
}

async fn reply(ws: &mut Ws, reference: &str) -> Value {
    loop {
        let frame = recv(ws).await;
        if frame[1] == reference && frame[3] == "phx_reply" {
            return frame[4].clone();
        }
    }
}

/// A live upload of `data` as the official client sends it; returns when the submit that
/// consumes it was answered.
async fn live_upload(addr: SocketAddr, data: &[u8]) {
    let (cookie, csrf, view, session, static_token) = load_page(addr).await;
    let url = format!("ws://{addr}/live/websocket?_csrf_token={csrf}&vsn=2.0.0");
    let mut request = url.into_client_request().expect("request");
    request
        .headers_mut()
        .insert("cookie", cookie.parse().expect("cookie"));
    let stream = connect(addr).await;
    let (mut ws, _) = tokio_tungstenite::client_async(request, stream)
        .await
        .expect("handshake");
    let topic = format!("lv:{view}");
    send(&mut ws, json!(["1", "1", topic, "phx_join", {"url": format!("http://{addr}/"), "params": {"_csrf_token": csrf, "_mounts": 0}, "session": session, "static": static_token}])).await;
    assert_eq!(reply(&mut ws, "1").await["status"], "ok");
    let upload_ref = format!("{view}-file");
    let entry = json!({"path": "file", "ref": "0", "name": "big.bin", "size": data.len(), "type": "application/octet-stream", "last_modified": 0, "relative_path": ""});
    send(&mut ws, json!(["1", "2", topic, "event", {"type": "form", "event": "validate", "value": "", "meta": {"_target": "file"}, "uploads": {upload_ref.clone(): [entry.clone()]}}])).await;
    reply(&mut ws, "2").await;
    send(
        &mut ws,
        json!(["1", "3", topic, "allow_upload", {"ref": upload_ref, "entries": [entry]}]),
    )
    .await;
    let preflight = reply(&mut ws, "3").await;
    let token = preflight["response"]["entries"]["0"]
        .as_str()
        .expect("a token")
        .to_owned();
    let chunk_size = preflight["response"]["config"]["chunk_size"]
        .as_u64()
        .expect("chunk size") as usize;
    send(
        &mut ws,
        json!(["4", "4", "lvu:0", "phx_join", {"token": token}]),
    )
    .await;
    assert_eq!(reply(&mut ws, "4").await["status"], "ok");
    let mut next_ref = 5u64;
    let mut sent = 0usize;
    let mut last_progress = 0;
    for part in data.chunks(chunk_size) {
        let reference = next_ref.to_string();
        next_ref += 1;
        let mut frame = vec![
            0u8,
            1,
            u8::try_from(reference.len()).expect("short ref"),
            5,
            5,
        ];
        frame.extend_from_slice(b"4");
        frame.extend_from_slice(reference.as_bytes());
        frame.extend_from_slice(b"lvu:0chunk");
        frame.extend_from_slice(part);
        let sent_at = Instant::now();
        ws.send(Message::binary(frame)).await.expect("chunk");
        assert_eq!(reply(&mut ws, &reference).await["status"], "ok");
        record_round_trip(sent_at.elapsed());
        sent += part.len();
        // As the client: a progress push whenever the integer percentage grew, not awaited.
        let progress = sent * 100 / data.len();
        if progress > last_progress {
            last_progress = progress;
            let reference = next_ref.to_string();
            next_ref += 1;
            send(&mut ws, json!(["1", reference, topic, "progress", {"event": null, "ref": upload_ref, "entry_ref": "0", "progress": progress}])).await;
        }
    }
    let reference = next_ref.to_string();
    send(
        &mut ws,
        json!(["1", reference, topic, "event", {"type": "form", "event": "save", "value": ""}]),
    )
    .await;
    let saved = reply(&mut ws, &reference).await;
    assert!(
        saved.to_string().contains(&data.len().to_string()),
        "the submit consumed every byte: {saved}"
    );
}

/// Every chunk's round trip (sent to replied), in microseconds.
static ROUND_TRIPS: std::sync::Mutex<Vec<u64>> = std::sync::Mutex::new(Vec::new());

fn record_round_trip(took: Duration) {
    let micros = u64::try_from(took.as_micros()).unwrap_or(u64::MAX);
    if let Ok(mut all) = ROUND_TRIPS.lock() {
        all.push(micros);
    }
}

/// The median and 90th percentile of the chunks' round trips, in microseconds.
fn round_trip_percentiles() -> (u64, u64) {
    let mut all = ROUND_TRIPS.lock().map(|a| a.clone()).unwrap_or_default();
    if all.is_empty() {
        return (0, 0);
    }
    all.sort_unstable();
    (all[all.len() / 2], all[all.len() * 9 / 10])
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

/// The CPU time this thread has used, in clock ticks (user + system, from
/// `/proc/thread-self/stat`; 0 where that is not readable).
fn thread_cpu_ticks() -> u64 {
    std::fs::read_to_string("/proc/thread-self/stat")
        .ok()
        .and_then(|stat| {
            // The fields after the command name (which may hold spaces) start after its `)`.
            let rest = &stat[stat.rfind(')')? + 2..];
            let fields: Vec<&str> = rest.split_whitespace().collect();
            // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
            Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
        })
        .unwrap_or(0)
}

/// Runs a transfer as a browser runs its client: on a thread of its own with its own event
/// loop (a single-threaded runtime doing its own I/O), so no reply waits for the server
/// runtime's workers to wake the client. Returns (seconds, peak RSS in KiB while it ran, the
/// client thread's CPU ticks).
fn measured<F, T>(transfer: F) -> (f64, u64, u64)
where
    F: FnOnce() -> T + Send + 'static,
    T: std::future::Future<Output = ()>,
{
    let peak = Arc::new(AtomicU64::new(rss_kib()));
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (peak, done) = (peak.clone(), done.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                peak.fetch_max(rss_kib(), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(5));
            }
        })
    };
    let client = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("the client's runtime");
        runtime.block_on(async move {
            let started = Instant::now();
            let ticks = thread_cpu_ticks();
            transfer().await;
            let ticks = thread_cpu_ticks().saturating_sub(ticks);
            (started.elapsed().as_secs_f64(), ticks)
        })
    });
    let (seconds, ticks) = client.join().expect("the client ran");
    done.store(true, Ordering::Relaxed);
    let _ = sampler.join();
    (seconds, peak.load(Ordering::Relaxed), ticks)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let megabytes: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100);
    if let Some(chunk) = args.next().and_then(|a| a.parse().ok()) {
        CHUNK.store(chunk, Ordering::Relaxed);
    }
    let base = std::env::temp_dir().join(format!("live-upload-bench-{}", std::process::id()));
    let dirs = Dirs {
        uploads: base.join("uploads"),
        saved: base.join("saved"),
    };
    std::fs::create_dir_all(&dirs.saved).expect("saved directory");
    let addr = serve(&dirs).await;
    let data: Arc<Vec<u8>> = Arc::new(
        (0..megabytes * 1_000_000)
            .map(|i| (i * 31 + 7) as u8)
            .collect(),
    );
    let baseline = rss_kib();
    let mb = data.len() as f64 / 1e6;
    let (mut post_rates, mut live_rates, mut post_peak, mut live_peak) =
        (Vec::new(), Vec::new(), 0, 0);
    // The client thread's share of each transfer's time: well under 100 % means the client is
    // not what limits it.
    let (mut post_client, mut live_client) = (Vec::new(), Vec::new());
    let tick = 0.01; // Linux's USER_HZ is 100.
    for _ in 0..3 {
        let post_data = data.clone();
        let (seconds, peak, ticks) = measured(move || async move {
            http_post(addr, &post_data).await;
        });
        post_rates.push(mb / seconds);
        post_peak = post_peak.max(peak);
        post_client.push(100.0 * ticks as f64 * tick / seconds);
        let live_data = data.clone();
        let (seconds, peak, ticks) = measured(move || async move {
            live_upload(addr, &live_data).await;
        });
        live_rates.push(mb / seconds);
        live_peak = live_peak.max(peak);
        live_client.push(100.0 * ticks as f64 * tick / seconds);
        for entry in std::fs::read_dir(&dirs.saved).expect("saved").flatten() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    let left = std::fs::read_dir(&dirs.uploads)
        .map(|d| d.count())
        .unwrap_or(0);
    let (post, live) = (median(post_rates), median(live_rates));
    println!(
        "upload of {megabytes} MB over loopback, chunks of {} bytes (median of 3)",
        CHUNK.load(Ordering::Relaxed)
    );
    println!("| transfer | MB/s | peak RSS over baseline | client thread busy |");
    println!("| --- | --- | --- | --- |");
    println!(
        "| plain HTTP POST (axum, streamed to a file) | {post:.0} | {} MiB | {:.0} % |",
        post_peak.saturating_sub(baseline) / 1024,
        median(post_client)
    );
    println!(
        "| live upload (WebSocket chunks, consumed) | {live:.0} | {} MiB | {:.0} % |",
        live_peak.saturating_sub(baseline) / 1024,
        median(live_client)
    );
    let (p50, p90) = round_trip_percentiles();
    println!("live chunk round trip (sent to replied): median {p50} µs, 90th percentile {p90} µs");
    println!("live / POST: {:.0}%  (baseline RSS {} MiB, with the client's {megabytes} MB copy; temporary files left: {left})", 100.0 * live / post, baseline / 1024);
    let _ = std::fs::remove_dir_all(&base);
}
