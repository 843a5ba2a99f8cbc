//! Support for the integration tests: a server on a free loopback port, a raw HTTP client, a
//! Phoenix channel test client, and runners for the Node scripts in `tests/js/`.

pub mod child_server;
pub mod nodes;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use live_core::runtime::ViewRuntime;
use live_core::{LiveView, Params, Session};
use live_server::{Config, Router, Server};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

/// Every wait in these tests is bounded by this.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// `V` mounted in process, as the server mounts a view for a connection: default params and
/// session, no message sink.
///
/// # Panics
/// When `V::mount` fails (the tests' views mount).
pub fn mounted<V: LiveView>(id: &str) -> ViewRuntime<V> {
    ViewRuntime::<V>::mount(id, &Params::default(), &Session::default(), None)
        .unwrap_or_else(|e| panic!("mount {id}: {e}"))
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The configuration of the test servers: a fixed secret, 1 MiB messages.
pub fn test_config() -> Config {
    Config::new("test secret: at least thirty-two bytes long!!").max_message_bytes(1024 * 1024)
}

/// Starts a server for `router` on 127.0.0.1 with a free port; it runs until the test ends.
pub async fn spawn_server(router: Router) -> SocketAddr {
    spawn_server_with(router, test_config()).await
}

/// Like [`spawn_server`], with `config`.
pub async fn spawn_server_with(router: Router, config: Config) -> SocketAddr {
    let server = Server::with_config(router, config)
        .bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let addr = server.local_addr().expect("bound address");
    tokio::spawn(server.serve());
    addr
}

/// A server that a test can stop (as a deploy does: views terminate, sockets close with 1012)
/// and start again on the same port, with a fresh state and the same secret, so pages keep
/// their sessions.
pub struct RestartableServer {
    addr: SocketAddr,
    router: Box<dyn Fn() -> Router + Send + Sync>,
    config: Box<dyn Fn() -> Config + Send + Sync>,
    running: Option<RunningServer>,
}

struct RunningServer {
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl RestartableServer {
    /// Starts `router()` on a free loopback port.
    pub async fn start(router: impl Fn() -> Router + Send + Sync + 'static) -> Self {
        Self::start_with(router, test_config).await
    }

    /// Like [`start`](RestartableServer::start), each (re)start with `config()`.
    pub async fn start_with(
        router: impl Fn() -> Router + Send + Sync + 'static,
        config: impl Fn() -> Config + Send + Sync + 'static,
    ) -> Self {
        let mut server = RestartableServer {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            router: Box::new(router),
            config: Box::new(config),
            running: None,
        };
        server.run().await;
        server
    }

    /// Where it listens (the same address across restarts).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Whether it is serving.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Shuts the server down and waits until it no longer accepts connections.
    pub async fn stop(&mut self) {
        if let Some(running) = self.running.take() {
            let _ = running.stop.send(());
            tokio::time::timeout(TIMEOUT, running.task)
                .await
                .expect("the server stops within the timeout")
                .expect("the server task ran")
                .expect("the server served");
        }
    }

    /// Starts it again on the same port (retrying while the port is still being released).
    pub async fn restart(&mut self) {
        if self.running.is_none() {
            self.run().await;
        }
    }

    async fn run(&mut self) {
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        let bound = loop {
            let server = Server::with_config((self.router)(), (self.config)());
            match server.bind(self.addr).await {
                Ok(bound) => break bound,
                Err(err) => {
                    assert!(
                        tokio::time::Instant::now() < deadline,
                        "rebind {}: {err}",
                        self.addr
                    );
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        };
        self.addr = bound.local_addr().expect("bound address");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(bound.serve_with_shutdown(async {
            let _ = stopped.await;
        }));
        self.running = Some(RunningServer { stop, task });
    }
}

/// Serves `GET /stop` and `GET /start` on a free loopback port, stopping and restarting
/// `server`, so a browser driver (a Node script) can take the server down mid-scenario. Each
/// answers `200` with `stopped` or `started` once done. It runs until the test ends.
pub async fn spawn_server_control(server: RestartableServer) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let addr = listener.local_addr().expect("bound address");
    let server = std::sync::Arc::new(tokio::sync::Mutex::new(server));
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let server = server.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
                    match tokio::time::timeout(TIMEOUT, stream.read(&mut buf)).await {
                        Ok(Ok(n)) if n > 0 => head.extend_from_slice(&buf[..n]),
                        _ => return,
                    }
                }
                let head = String::from_utf8_lossy(&head);
                let body = if head.starts_with("GET /stop ") {
                    server.lock().await.stop().await;
                    "stopped"
                } else if head.starts_with("GET /start ") {
                    server.lock().await.restart().await;
                    "started"
                } else {
                    "unknown command"
                };
                let response = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(response.as_bytes()).await;
            });
        }
    });
    addr
}

/// Starts a proxy on a free loopback port in front of `upstream` that refuses every WebSocket
/// upgrade with `403 Forbidden` (as a proxy that blocks WebSockets does) and passes every other
/// request through. It runs until the test ends.
///
/// Each accepted connection is inspected once, on its first request: browsers open a fresh
/// connection for each WebSocket handshake.
pub async fn spawn_websocket_refusing_proxy(upstream: SocketAddr) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let addr = listener.local_addr().expect("bound address");
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                // Read the request head (bounded: 64 KiB, the test timeout).
                while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
                    match tokio::time::timeout(TIMEOUT, client.read(&mut buf)).await {
                        Ok(Ok(n)) if n > 0 => head.extend_from_slice(&buf[..n]),
                        _ => return,
                    }
                }
                let lowercase = String::from_utf8_lossy(&head).to_ascii_lowercase();
                if lowercase.contains("\r\nupgrade: websocket") {
                    let _ = client
                        .write_all(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .await;
                    return;
                }
                let Ok(mut server) = TcpStream::connect(upstream).await else {
                    return;
                };
                if server.write_all(&head).await.is_ok() {
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                }
            });
        }
    });
    addr
}

/// An HTTP response, as far as the tests care.
#[derive(Debug)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Header lines, names lowercased.
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
}

impl HttpResponse {
    /// The first header named `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A `GET` with an optional `Cookie` header, over a fresh connection.
pub async fn http_get(addr: SocketAddr, path: &str, cookie: Option<&str>) -> HttpResponse {
    http_request(addr, "GET", path, cookie, "").await
}

/// A `POST` of an urlencoded form `body` with an optional `Cookie` header.
pub async fn http_post(
    addr: SocketAddr,
    path: &str,
    body: &str,
    cookie: Option<&str>,
) -> HttpResponse {
    http_request(addr, "POST", path, cookie, body).await
}

/// An HTTP/1.1 request over a fresh connection; for a `POST`, `body` is an urlencoded form.
pub async fn http_request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    body: &str,
) -> HttpResponse {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(cookie) = cookie.filter(|c| !c.is_empty()) {
        request.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    if method == "POST" {
        request.push_str(&format!(
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream
        .write_all(request.as_bytes())
        .await
        .expect("send request");
    let mut raw = Vec::new();
    tokio::time::timeout(TIMEOUT, stream.read_to_end(&mut raw))
        .await
        .expect("response within the timeout")
        .expect("read response");
    let text = String::from_utf8(raw).expect("UTF-8 response");
    let (head, body) = text.split_once("\r\n\r\n").expect("header/body separator");
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    HttpResponse {
        status,
        headers,
        body: body.to_owned(),
    }
}

/// What a rendered live page hands to the client.
#[derive(Debug, Clone)]
pub struct LivePage {
    /// `name=value` of the session cookie.
    pub cookie: String,
    /// The CSRF token from the meta tag.
    pub csrf_token: String,
    /// The container id.
    pub view_id: String,
    /// `data-phx-session`.
    pub session: String,
    /// `data-phx-static`.
    pub static_token: String,
    /// The container's inner HTML.
    pub inner_html: String,
}

fn attribute<'a>(html: &'a str, marker: &str) -> &'a str {
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in page"))
        + marker.len();
    let end = html[start..].find('"').expect("closing quote") + start;
    &html[start..end]
}

/// Loads a live page and extracts its tokens.
pub async fn load_page(addr: SocketAddr, path: &str) -> LivePage {
    let response = http_get(addr, path, None).await;
    assert_eq!(response.status, 200, "GET {path}: {}", response.body);
    let cookie = response
        .header("set-cookie")
        .expect("a session cookie")
        .split(';')
        .next()
        .expect("cookie pair")
        .to_owned();
    let html = &response.body;
    let container_start = html.find("data-phx-main").expect("container");
    let inner_start = html[container_start..]
        .find('>')
        .expect("container tag end")
        + container_start
        + 1;
    let inner_end = html.rfind("</div>\n</body>").expect("container end");
    LivePage {
        cookie,
        csrf_token: attribute(html, "<meta name=\"csrf-token\" content=\"").to_owned(),
        view_id: attribute(html, "<div id=\"").to_owned(),
        session: attribute(html, "data-phx-session=\"").to_owned(),
        static_token: attribute(html, "data-phx-static=\"").to_owned(),
        inner_html: html[inner_start..inner_end].to_owned(),
    }
}

/// A Phoenix channel client speaking serializer v2 over a raw WebSocket.
pub struct ChannelClient {
    ws: WebSocketStream<TcpStream>,
    next_ref: u64,
}

/// How a socket ended, seen from the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Closed {
    /// The server sent a close frame with this code.
    Code(CloseCode),
    /// The connection ended without a close frame.
    Dropped,
}

impl ChannelClient {
    /// Connects to `/live/websocket?{query}` with an optional cookie.
    pub async fn connect(addr: SocketAddr, query: &str, cookie: Option<&str>) -> ChannelClient {
        ChannelClient::connect_at(addr, "/live/websocket", query, cookie).await
    }

    /// Connects to `{path}?{query}` (a server mounted under a prefix) with an optional cookie.
    pub async fn connect_at(
        addr: SocketAddr,
        path: &str,
        query: &str,
        cookie: Option<&str>,
    ) -> ChannelClient {
        let url = format!("ws://{addr}{path}?{query}");
        let mut request = url.into_client_request().expect("valid request");
        if let Some(cookie) = cookie {
            request
                .headers_mut()
                .insert("cookie", cookie.parse().expect("cookie header"));
        }
        let stream = TcpStream::connect(addr).await.expect("connect");
        let config = WebSocketConfig::default()
            .max_message_size(None)
            .max_frame_size(None);
        let (ws, _) = tokio_tungstenite::client_async_with_config(request, stream, Some(config))
            .await
            .expect("WebSocket handshake");
        ChannelClient { ws, next_ref: 1 }
    }

    /// Connects as the official client does for `page`: its cookie and CSRF token.
    pub async fn connect_page(addr: SocketAddr, page: &LivePage) -> ChannelClient {
        let query = format!("_csrf_token={}&_mounts=0&vsn=2.0.0", page.csrf_token);
        ChannelClient::connect(addr, &query, Some(&page.cookie)).await
    }

    /// Sends a raw text frame.
    pub async fn send_text(&mut self, text: String) {
        self.ws.send(Message::text(text)).await.expect("send frame");
    }

    /// Sends a raw text frame; an error when the socket is gone (for clients the server may
    /// cut off).
    pub async fn try_send_text(
        &mut self,
        text: String,
    ) -> Result<(), tokio_tungstenite::tungstenite::Error> {
        self.ws.send(Message::text(text)).await
    }

    /// Sends a binary push as the official client sends an upload chunk (serializer v2: kind
    /// 0, the lengths of join ref, ref, topic and event, those strings, then `bytes`) with a
    /// fresh ref; returns the ref.
    pub async fn push_binary(
        &mut self,
        join_ref: &str,
        topic: &str,
        event: &str,
        bytes: &[u8],
    ) -> String {
        let reference = self.next_ref.to_string();
        self.next_ref += 1;
        let mut data = Vec::with_capacity(bytes.len() + 64);
        data.push(0);
        for part in [join_ref, reference.as_str(), topic, event] {
            data.push(u8::try_from(part.len()).expect("header strings fit in a byte"));
        }
        for part in [join_ref, reference.as_str(), topic, event] {
            data.extend_from_slice(part.as_bytes());
        }
        data.extend_from_slice(bytes);
        self.ws
            .send(Message::binary(data))
            .await
            .expect("send binary frame");
        reference
    }

    /// Sends `[join_ref, ref, topic, event, payload]` with a fresh ref; returns the ref.
    pub async fn push(
        &mut self,
        join_ref: Option<&str>,
        topic: &str,
        event: &str,
        payload: Value,
    ) -> String {
        let reference = self.next_ref.to_string();
        self.next_ref += 1;
        let frame = serde_json::json!([join_ref, reference, topic, event, payload]);
        self.send_text(frame.to_string()).await;
        reference
    }

    /// The next text frame, parsed.
    pub async fn recv(&mut self) -> Value {
        loop {
            let message = tokio::time::timeout(TIMEOUT, self.ws.next())
                .await
                .expect("a frame within the timeout")
                .expect("socket open")
                .expect("valid WebSocket message");
            if let Message::Text(text) = message {
                return serde_json::from_str(text.as_str()).expect("server frames are JSON");
            }
        }
    }

    /// The next frame that is a reply to `reference`.
    pub async fn reply_to(&mut self, reference: &str) -> Value {
        loop {
            let frame = self.recv().await;
            if frame[1] == reference && frame[3] == "phx_reply" {
                return frame;
            }
        }
    }

    /// Joins `lv:{page.view_id}` as the official client does; returns the join reply.
    pub async fn join_page(&mut self, page: &LivePage, url: &str) -> (String, Value) {
        let topic = format!("lv:{}", page.view_id);
        let payload = serde_json::json!({
            "url": url,
            "params": {"_csrf_token": page.csrf_token, "_mounts": 0, "_mount_attempts": 0},
            "session": page.session,
            "static": page.static_token,
            "sticky": false,
        });
        let reference = self.next_ref.to_string();
        self.next_ref += 1;
        let frame = serde_json::json!([reference, reference, topic, "phx_join", payload]);
        self.send_text(frame.to_string()).await;
        (reference.clone(), self.reply_to(&reference).await)
    }

    /// Waits for the server to end the socket.
    pub async fn closed(&mut self) -> Closed {
        loop {
            match tokio::time::timeout(TIMEOUT, self.ws.next())
                .await
                .expect("the socket ends within the timeout")
            {
                Some(Ok(Message::Close(Some(frame)))) => return Closed::Code(frame.code),
                Some(Ok(Message::Close(None))) | None | Some(Err(_)) => return Closed::Dropped,
                Some(Ok(_)) => {}
            }
        }
    }
}

/// The HTML per step of every case in the output of `tests/js/oracle.mjs`
/// (`{"cases":[["<html after step 1>", …], …]}`).
///
/// # Panics
/// When the output is not that shape (the oracle failed).
pub fn oracle_cases(output: &Value) -> Vec<Vec<String>> {
    output["cases"]
        .as_array()
        .expect("the oracle's output has a cases array")
        .iter()
        .map(|case| {
            case.as_array()
                .expect("html per step")
                .iter()
                .map(|html| html.as_str().expect("html string").to_owned())
                .collect()
        })
        .collect()
}

/// Runs `node <script> <args>` from the repository root with `stdin` as input; returns stdout,
/// panicking with stderr when the script fails.
pub fn run_node(script: &str, args: &[&str], stdin: &str) -> String {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let root = repo_root();
    assert!(
        root.join("client/node_modules/phoenix_live_view").exists(),
        "client/node_modules is missing: building live-server runs `npm ci` in client/; run `cargo build -p live-server`"
    );
    let mut child = Command::new("node")
        .arg(root.join(script))
        .args(args)
        .current_dir(&root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node is installed and on PATH");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(stdin.as_bytes())
        .expect("write to node");
    let output = child.wait_with_output().expect("node ran");
    assert!(
        output.status.success(),
        "node {script} failed ({}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}
