//! The long-poll transport over raw HTTP: the exchange the official client's `LongPoll` speaks
//! (session opened with 410 and a token, polls answered 200 with frames or 204, ndjson posts),
//! the session token's checks, and the limits (sessions, idle time-out, post size and length).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::Duration;

use live_core::{
    html, Assigns, LiveView, Params, Rendered, Session, Socket, TerminateReason, ViewError,
};
use live_server::{Router, Server};
use live_tests::{http_request, load_page, spawn_server_with, test_config, LivePage, TIMEOUT};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Every `terminate` of the [`Watched`] views, by their `:key`.
static TERMINATED: Mutex<BTreeMap<String, Vec<TerminateReason>>> = Mutex::new(BTreeMap::new());

/// A view that records its `terminate`.
#[derive(live_core::LiveView)]
struct Watched {
    key: String,
}

impl LiveView for Watched {
    type Info = ();

    fn mount(params: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Watched {
            key: params.get("key").unwrap_or_default().to_owned(),
        })
    }

    fn terminate(assigns: &mut Assigns<Self>, reason: &TerminateReason) {
        let mut terminated = TERMINATED.lock().unwrap_or_else(|p| p.into_inner());
        terminated
            .entry(assigns.key.clone())
            .or_default()
            .push(reason.clone());
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! { <p id="key">{@key}</p> }
    }
}

/// Waits (bounded) until the view `key` terminated; returns the reasons.
async fn terminated(key: &str) -> Vec<TerminateReason> {
    let deadline = tokio::time::Instant::now() + TIMEOUT;
    loop {
        let reasons = TERMINATED
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(key)
            .cloned()
            .unwrap_or_default();
        if !reasons.is_empty() {
            return reasons;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{key} never terminated"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Joins the page's view over a long-poll session and waits for the join reply.
async fn join_over_long_poll(addr: SocketAddr, page: &LivePage, path: &str) -> LongPoll {
    let mut client = LongPoll::for_page(addr, page);
    client.open().await;
    let mut join = join_frame(page, addr, "1");
    join[4]["url"] = format!("http://{addr}{path}").into();
    assert_eq!(client.post(&[join]).await, json!({"status": 200}));
    let frames = client.frames_until(&["1"]).await;
    assert_eq!(reply(&frames, "1")[4]["status"], "ok", "{frames:?}");
    client
}

/// A client of `/live/longpoll` with a page's cookie and CSRF token.
struct LongPoll {
    addr: SocketAddr,
    cookie: Option<String>,
    query: String,
    token: Option<String>,
}

impl LongPoll {
    fn for_page(addr: SocketAddr, page: &LivePage) -> Self {
        LongPoll {
            addr,
            cookie: Some(page.cookie.clone()),
            query: format!("_csrf_token={}&vsn=2.0.0", page.csrf_token),
            token: None,
        }
    }

    fn path(&self) -> String {
        match &self.token {
            Some(token) => format!("/live/longpoll?{}&token={token}", self.query),
            None => format!("/live/longpoll?{}", self.query),
        }
    }

    async fn request(&self, method: &str, body: &str) -> Value {
        let response = http_request(
            self.addr,
            method,
            &self.path(),
            self.cookie.as_deref(),
            body,
        )
        .await;
        assert_eq!(response.status, 200, "{method}: {}", response.body);
        assert_eq!(response.header("content-type"), Some("application/json"));
        serde_json::from_str(&response.body).expect("a JSON body")
    }

    /// Opens a session: expects `410` with a token, and keeps the token.
    async fn open(&mut self) {
        let answer = self.request("GET", "").await;
        assert_eq!(answer["status"], 410, "{answer}");
        assert_eq!(answer["messages"], json!([]));
        let token = answer["token"].as_str().expect("a session token");
        self.token = Some(token.to_owned());
    }

    async fn poll(&self) -> Value {
        self.request("GET", "").await
    }

    async fn post(&self, frames: &[Value]) -> Value {
        let body: Vec<String> = frames.iter().map(Value::to_string).collect();
        self.request("POST", &body.join("\n")).await
    }

    /// Polls until the frames answering each of `references` arrived (bounded); returns every
    /// frame received.
    async fn frames_until(&self, references: &[&str]) -> Vec<Value> {
        let mut frames = Vec::new();
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        while !references
            .iter()
            .all(|r| frames.iter().any(|f: &Value| f[1] == *r))
        {
            assert!(
                tokio::time::Instant::now() < deadline,
                "got only {frames:?}"
            );
            let answer = self.poll().await;
            assert_eq!(answer["token"].as_str(), self.token.as_deref());
            match answer["status"].as_u64() {
                Some(200) => {
                    let messages = answer["messages"].as_array().expect("messages");
                    assert!(!messages.is_empty(), "200 carries messages");
                    for message in messages {
                        let text = message.as_str().expect("a frame as JSON text");
                        frames.push(serde_json::from_str(text).expect("a JSON frame"));
                    }
                }
                Some(204) => assert_eq!(answer["messages"], json!([])),
                _ => panic!("unexpected poll answer {answer}"),
            }
        }
        frames
    }
}

fn join_frame(page: &LivePage, addr: SocketAddr, reference: &str) -> Value {
    json!([reference, reference, format!("lv:{}", page.view_id), "phx_join", {
        "url": format!("http://{addr}/"),
        "params": {"_csrf_token": page.csrf_token, "_mounts": 0, "_mount_attempts": 0},
        "session": page.session,
        "static": page.static_token,
        "sticky": false,
    }])
}

fn reply<'a>(frames: &'a [Value], reference: &str) -> &'a Value {
    frames
        .iter()
        .find(|f| f[1] == reference && f[3] == "phx_reply")
        .unwrap_or_else(|| panic!("a reply to {reference} in {frames:?}"))
}

fn fast_config() -> live_server::Config {
    test_config()
        .longpoll_poll_timeout(Duration::from_millis(200))
        .longpoll_idle_timeout(Duration::from_millis(400))
}

#[tokio::test]
async fn a_session_joins_the_counter_and_clicks_through_polls_and_posts() {
    let addr = spawn_server_with(counter::router(), fast_config()).await;
    let page = load_page(addr, "/").await;
    let topic = format!("lv:{}", page.view_id);
    let mut client = LongPoll::for_page(addr, &page);
    client.open().await;

    // One post carries a batch: the join and a heartbeat.
    let answer = client
        .post(&[
            join_frame(&page, addr, "1"),
            json!([null, "2", "phoenix", "heartbeat", {}]),
        ])
        .await;
    assert_eq!(answer, json!({"status": 200}));
    let frames = client.frames_until(&["1", "2"]).await;
    let joined = reply(&frames, "1");
    assert_eq!(joined[2], topic);
    assert_eq!(joined[4]["status"], "ok", "{joined}");
    assert_eq!(joined[4]["response"]["rendered"]["0"], "0", "{joined}");
    assert_eq!(
        reply(&frames, "2"),
        &json!([null, "2", "phoenix", "phx_reply", {"status": "ok", "response": {}}])
    );

    // A click answers with the diff.
    let click = json!(["1", "3", topic, "event", {"type": "click", "event": "inc", "value": {}}]);
    assert_eq!(client.post(&[click]).await, json!({"status": 200}));
    let frames = client.frames_until(&["3"]).await;
    let clicked = reply(&frames, "3");
    assert_eq!(clicked[4]["status"], "ok", "{clicked}");
    assert_eq!(
        clicked[4]["response"]["diff"],
        json!({"0": "1"}),
        "{clicked}"
    );

    // Nothing to say: the poll is held for the poll time-out, then answered 204.
    let started = std::time::Instant::now();
    let empty = client.poll().await;
    assert_eq!(empty["status"], 204, "{empty}");
    assert_eq!(empty["token"].as_str(), client.token.as_deref());
    assert!(
        started.elapsed() >= Duration::from_millis(150),
        "held {:?}",
        started.elapsed()
    );

    // A message that is not a channel frame ends the session.
    let answer = client.request("POST", "not a frame").await;
    assert_eq!(answer, json!({"status": 400}));
    let gone = client.poll().await;
    assert_eq!(gone["status"], 410, "{gone}");
}

/// A binary frame as the client's long poll posts it: one line of base64.
fn binary_line(
    join_ref: &str,
    reference: &str,
    topic: &str,
    event: &str,
    payload: &[u8],
) -> String {
    use base64::Engine;
    let mut frame = vec![0u8];
    for part in [join_ref, reference, topic, event] {
        frame.push(u8::try_from(part.len()).expect("short"));
    }
    for part in [join_ref, reference, topic, event] {
        frame.extend_from_slice(part.as_bytes());
    }
    frame.extend_from_slice(payload);
    base64::engine::general_purpose::STANDARD.encode(frame)
}

#[tokio::test]
async fn binary_frames_are_posted_as_base64_lines_next_to_json_ones() {
    let addr = spawn_server_with(counter::router(), fast_config()).await;
    let page = load_page(addr, "/").await;
    let mut client = LongPoll::for_page(addr, &page);
    client.open().await;
    // A JSON line and a binary one in one post: the binary push is decoded and answered (a
    // chunk for an upload channel never joined is refused, and the session goes on).
    let body = format!(
        "{}\n{}",
        json!([null, "1", "phoenix", "heartbeat", {}]),
        binary_line("5", "2", "lvu:0", "chunk", b"some bytes")
    );
    assert_eq!(client.request("POST", &body).await, json!({"status": 200}));
    let frames = client.frames_until(&["1", "2"]).await;
    assert_eq!(
        reply(&frames, "2"),
        &json!([null, "2", "lvu:0", "phx_reply", {"status": "error", "response": {"reason": "unmatched topic"}}])
    );
    // A line that is neither JSON nor base64 ends the session.
    let answer = client.request("POST", "not base64!").await;
    assert_eq!(answer, json!({"status": 400}));
    assert_eq!(client.poll().await["status"], 410);
}

#[tokio::test]
async fn a_session_token_only_works_for_its_own_client() {
    let addr = spawn_server_with(counter::router(), fast_config()).await;
    let page = load_page(addr, "/").await;
    let mut client = LongPoll::for_page(addr, &page);
    client.open().await;
    let token = client.token.clone().expect("token");

    // Another browser (another session cookie) holding the token cannot poll or post.
    let other_page = load_page(addr, "/").await;
    let mut other = LongPoll::for_page(addr, &other_page);
    other.token = Some(token.clone());
    assert_eq!(other.poll().await["status"], 410);
    let heartbeat = json!([null, "1", "phoenix", "heartbeat", {}]);
    assert_eq!(
        other.post(std::slice::from_ref(&heartbeat)).await,
        json!({"status": 410})
    );
    // Nor can a request without the cookie.
    let mut no_cookie = LongPoll::for_page(addr, &page);
    no_cookie.cookie = None;
    no_cookie.token = Some(token.clone());
    assert_eq!(no_cookie.poll().await["status"], 410);

    // A token changed by one character, or a view token, is no session token.
    let mut forged = LongPoll::for_page(addr, &page);
    let mut bytes = token.into_bytes();
    bytes[2] = if bytes[2] == b'A' { b'B' } else { b'A' };
    forged.token = Some(String::from_utf8(bytes).expect("ASCII token"));
    assert_eq!(forged.poll().await["status"], 410);
    forged.token = Some(page.session.clone());
    assert_eq!(forged.poll().await["status"], 410);

    // The session itself is untouched and still answers its client.
    assert_eq!(client.post(&[heartbeat]).await, json!({"status": 200}));
    let frames = client.frames_until(&["1"]).await;
    assert_eq!(reply(&frames, "1")[4]["status"], "ok");
}

#[tokio::test]
async fn a_session_without_a_valid_csrf_token_answers_joins_stale() {
    let addr = spawn_server_with(counter::router(), fast_config()).await;
    let page = load_page(addr, "/").await;
    let mut client = LongPoll::for_page(addr, &page);
    client.query = "_csrf_token=wrong&vsn=2.0.0".to_owned();
    client.open().await;
    client.post(&[join_frame(&page, addr, "1")]).await;
    let frames = client.frames_until(&["1"]).await;
    assert_eq!(
        reply(&frames, "1")[4],
        json!({"status": "error", "response": {"reason": "stale"}})
    );
}

#[tokio::test]
async fn refused_versions_and_methods() {
    let addr = spawn_server_with(counter::router(), fast_config()).await;
    let page = load_page(addr, "/").await;
    let mut client = LongPoll::for_page(addr, &page);
    client.query = format!("_csrf_token={}&vsn=1.0.0", page.csrf_token);
    assert_eq!(client.poll().await, json!({"status": 403}));
    let response = http_request(addr, "PUT", "/live/longpoll?vsn=2.0.0", None, "").await;
    assert_eq!(response.status, 405);
}

#[tokio::test]
async fn sessions_posts_and_idle_time_are_bounded() {
    let config = fast_config()
        .longpoll_max_sessions(2)
        .max_message_bytes(4096);
    let addr = spawn_server_with(counter::router(), config).await;
    let page = load_page(addr, "/").await;
    let mut first = LongPoll::for_page(addr, &page);
    first.open().await;
    let mut second = LongPoll::for_page(addr, &page);
    second.open().await;

    // A third session is refused with 500 (the client retries later) and no token.
    let third = LongPoll::for_page(addr, &page);
    assert_eq!(
        third.poll().await,
        json!({"status": 500, "token": null, "messages": []})
    );

    // A post over `max_message_bytes`, or of more than 100 messages, is refused.
    let big = json!([null, "1", "phoenix", "heartbeat", {"pad": "x".repeat(5000)}]);
    assert_eq!(first.post(&[big]).await, json!({"status": 413}));
    let many: Vec<Value> = (0..101)
        .map(|i| json!([null, i.to_string(), "phoenix", "heartbeat", {}]))
        .collect();
    assert_eq!(first.post(&many).await, json!({"status": 413}));
    // 100 are fine.
    assert_eq!(first.post(&many[..100]).await, json!({"status": 200}));
    let frames = first.frames_until(&["0", "99"]).await;
    assert_eq!(frames.len(), 100);

    // A client that stops polling loses its session after the idle time-out, which frees its
    // place: two new sessions open.
    tokio::time::sleep(Duration::from_millis(900)).await;
    assert_eq!(first.poll().await["status"], 410);
    assert_eq!(second.poll().await["status"], 410);
    let heartbeat = json!([null, "1", "phoenix", "heartbeat", {}]);
    assert_eq!(first.post(&[heartbeat]).await, json!({"status": 410}));
    let mut again = LongPoll::for_page(addr, &page);
    again.open().await;
    let mut again2 = LongPoll::for_page(addr, &page);
    again2.open().await;
}

#[tokio::test]
async fn frames_wait_for_the_next_poll_while_none_is_open() {
    let addr = spawn_server_with(counter::router(), fast_config()).await;
    let page = load_page(addr, "/").await;
    let mut client = LongPoll::for_page(addr, &page);
    client.open().await;
    // Posted with no poll waiting: the replies are queued, then all handed to one poll.
    let beats: Vec<Value> = (0..5)
        .map(|i| json!([null, i.to_string(), "phoenix", "heartbeat", {}]))
        .collect();
    assert_eq!(client.post(&beats).await, json!({"status": 200}));
    let answer = client.poll().await;
    assert_eq!(answer["status"], 200, "{answer}");
    let refs: Vec<Value> = answer["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| serde_json::from_str::<Value>(m.as_str().expect("text")).expect("JSON")[1].clone())
        .collect();
    assert_eq!(refs, vec!["0", "1", "2", "3", "4"]);
}

#[tokio::test]
async fn the_idle_time_out_ends_the_session_and_its_views() {
    let router = Router::new().live::<Watched>("/watched/:key");
    let addr = spawn_server_with(router, fast_config()).await;
    let page = load_page(addr, "/watched/idle").await;
    let client = join_over_long_poll(addr, &page, "/watched/idle").await;
    // The client stops polling: after the idle time-out the view terminates as on a closed
    // socket, and the session is gone.
    let started = std::time::Instant::now();
    assert_eq!(terminated("idle").await, vec![TerminateReason::Closed]);
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "ended after {:?}",
        started.elapsed()
    );
    assert_eq!(client.poll().await["status"], 410);
}

#[tokio::test]
async fn server_shutdown_answers_the_waiting_poll_gone_terminates_views_and_closes_kept_alive_connections(
) {
    let router = Router::new().live::<Watched>("/watched/:key");
    let config = test_config().longpoll_poll_timeout(Duration::from_secs(8));
    let server = Server::with_config(router, config)
        .bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let addr = server.local_addr().expect("bound address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(server.serve_with_shutdown(async {
        let _ = stopped.await;
    }));
    let page = load_page(addr, "/watched/shutdown").await;
    let client = join_over_long_poll(addr, &page, "/watched/shutdown").await;
    let waiting = tokio::spawn(async move { client.poll().await });
    // A kept-alive connection, idle after its first request.
    let mut kept_alive = tokio::net::TcpStream::connect(addr).await.expect("connect");
    kept_alive
        .write_all(format!("GET /watched/other HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
        .await
        .expect("send a request");
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = std::time::Instant::now();
    let _ = stop.send(());
    // The server closes it, so the client's next request goes to the next server.
    let mut received = Vec::new();
    tokio::time::timeout(TIMEOUT, kept_alive.read_to_end(&mut received))
        .await
        .expect("the server closes the kept-alive connection")
        .expect("read");
    assert!(
        received.starts_with(b"HTTP/1.1 200 OK\r\n"),
        "{}",
        String::from_utf8_lossy(&received)
    );
    let answer = tokio::time::timeout(TIMEOUT, waiting)
        .await
        .expect("the poll is answered")
        .expect("the poll task ran");
    // Answered at once (not after the 8 s poll time-out): the session is gone, so the client
    // reconnects (to the next server) and rejoins.
    assert_eq!(answer["status"], 410, "{answer}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "answered after {:?}",
        started.elapsed()
    );
    assert_eq!(
        terminated("shutdown").await,
        vec![TerminateReason::Shutdown]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inside_axum_the_opening_poll_gives_the_connect_info_and_idle_polls_beat_the_timeout() {
    let state = std::sync::Arc::new(axum_app::AppState::default());
    let app = axum_app::app(state, test_config());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let addr = listener.local_addr().expect("bound address");
    tokio::spawn(async move { axum::serve(listener, app).await });

    // A page rendered for a guest, joined over a long-poll session opened by a request that
    // carries ada (the app's middleware reads her from a cookie): the mount sees ada.
    let page = load_page(addr, "/").await;
    let mut client = LongPoll::for_page(addr, &page);
    client.cookie = Some(format!("{}; demo_user=ada", page.cookie));
    client.open().await;
    client.post(&[join_frame(&page, addr, "1")]).await;
    let frames = client.frames_until(&["1"]).await;
    let joined = reply(&frames, "1");
    assert_eq!(joined[4]["status"], "ok", "{joined}");
    let rendered = joined[4]["response"]["rendered"].to_string();
    assert!(
        rendered.contains("ada") && !rendered.contains("guest"),
        "{rendered}"
    );

    // With nothing to say, the default poll time-out (8 s) answers before the app's 10 s
    // request time-out (a tower TimeoutLayer) would cut the poll with a 408.
    assert!(
        live_server::Config::new("x".repeat(32)).longpoll_limits().2 < axum_app::REQUEST_TIMEOUT
    );
    let idle = client.poll().await;
    assert_eq!(idle["status"], 204, "{idle}");
}

#[tokio::test]
async fn a_post_whose_body_stalls_is_answered_408_and_closed() {
    let config = fast_config().body_read_timeout(Duration::from_millis(300));
    let addr = spawn_server_with(counter::router(), config).await;
    let page = load_page(addr, "/").await;
    let mut client = LongPoll::for_page(addr, &page);
    client.open().await;
    // Announces 100 bytes, sends 10, then waits.
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: {addr}\r\nCookie: {}\r\nContent-Type: application/x-ndjson\r\nContent-Length: 100\r\n\r\n[null,\"1\"",
        client.path(),
        page.cookie
    );
    stream.write_all(head.as_bytes()).await.expect("send");
    let mut received = Vec::new();
    tokio::time::timeout(TIMEOUT, stream.read_to_end(&mut received))
        .await
        .expect("answered and closed within the timeout")
        .expect("read");
    let text = String::from_utf8_lossy(&received);
    assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
    assert!(text.ends_with(r#"{"status":408}"#), "{text}");
    // The session itself lives on.
    let heartbeat = json!([null, "2", "phoenix", "heartbeat", {}]);
    assert_eq!(client.post(&[heartbeat]).await, json!({"status": 200}));
}
