//! The wire protocol against a running server: the happy path, every kind of bad input, and
//! proof that a second client keeps being served throughout.

use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
use live_server::Router;
use live_tests::{load_page, spawn_server, ChannelClient, Closed, LivePage};
use serde_json::json;
use std::net::SocketAddr;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

/// A view whose `boom` event panics and whose `fail` event returns an error.
#[derive(LiveView)]
struct Crashy {
    clicks: u32,
}

impl LiveView for Crashy {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Crashy { clicks: 0 })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match event.name() {
            "boom" => panic!("boom requested"),
            "fail" => Err("fail requested".into()),
            _ => {
                assigns.update_clicks(|c| *c += 1);
                Ok(())
            }
        }
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! { <p id="crashy">{@clicks}</p> }
    }
}

fn router() -> Router {
    counter::router().live::<Crashy>("/crash")
}

/// A client joined to the counter, used to prove the server still serves it.
struct Witness {
    client: ChannelClient,
    topic: String,
    join_ref: String,
    count: i64,
}

impl Witness {
    async fn new(addr: SocketAddr) -> Witness {
        let page = load_page(addr, "/").await;
        let mut client = ChannelClient::connect_page(addr, &page).await;
        let (join_ref, reply) = client.join_page(&page, &format!("http://{addr}/")).await;
        assert_eq!(reply[4]["status"], "ok", "{reply}");
        Witness {
            client,
            topic: format!("lv:{}", page.view_id),
            join_ref,
            count: 0,
        }
    }

    /// Clicks `+` and checks the reply carries the new count.
    async fn still_served(&mut self) {
        let payload = json!({"type": "click", "event": "inc", "value": {"value": ""}});
        let reference = self
            .client
            .push(Some(&self.join_ref), &self.topic, "event", payload)
            .await;
        let reply = self.client.reply_to(&reference).await;
        self.count += 1;
        assert_eq!(
            reply[4],
            json!({"status": "ok", "response": {"diff": {"0": self.count.to_string()}}})
        );
    }
}

async fn setup() -> (SocketAddr, Witness, LivePage) {
    let addr = spawn_server(router()).await;
    let witness = Witness::new(addr).await;
    let page = load_page(addr, "/").await;
    (addr, witness, page)
}

#[tokio::test]
async fn heartbeat_join_event_leave() {
    let (addr, mut witness, page) = setup().await;
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let reference = client.push(None, "phoenix", "heartbeat", json!({})).await;
    assert_eq!(
        client.reply_to(&reference).await,
        json!([null, reference, "phoenix", "phx_reply", {"status": "ok", "response": {}}])
    );

    let topic = format!("lv:{}", page.view_id);
    let (join_ref, reply) = client.join_page(&page, &format!("http://{addr}/")).await;
    assert_eq!(reply[0], join_ref.as_str());
    assert_eq!(reply[2], topic.as_str());
    assert_eq!(reply[4]["status"], "ok");
    assert_eq!(reply[4]["response"]["liveview_version"], "1.2.12");
    let rendered = &reply[4]["response"]["rendered"];
    assert_eq!(rendered["0"], "0");
    assert!(
        rendered["s"].is_array(),
        "a join carries statics: {rendered}"
    );
    assert!(
        rendered.get("r").is_none(),
        "no top-level root flag: {rendered}"
    );

    let click = json!({"type": "click", "event": "inc", "value": {"value": ""}});
    let reference = client.push(Some(&join_ref), &topic, "event", click).await;
    assert_eq!(
        client.reply_to(&reference).await,
        json!([join_ref, reference, topic, "phx_reply", {"status": "ok", "response": {"diff": {"0": "1"}}}])
    );
    let unknown = json!({"type": "click", "event": "nothing", "value": {}});
    let reference = client.push(Some(&join_ref), &topic, "event", unknown).await;
    assert_eq!(
        client.reply_to(&reference).await[4],
        json!({"status": "ok", "response": {}})
    );

    // A message stamped with an outdated join ref is not run: it is answered with an error the
    // client can match (no join ref), and the view's state is untouched.
    let stale = json!({"type": "click", "event": "inc", "value": {}});
    let stale_ref = client.push(Some("999"), &topic, "event", stale).await;
    let next = client.recv().await;
    assert_eq!(
        next,
        json!([null, stale_ref, topic, "phx_reply", {"status": "error", "response": {"reason": "outdated join"}}])
    );

    let reference = client
        .push(Some(&join_ref), &topic, "phx_leave", json!({}))
        .await;
    assert_eq!(
        client.reply_to(&reference).await[4],
        json!({"status": "ok", "response": {}})
    );
    let reference = client
        .push(
            Some(&join_ref),
            &topic,
            "event",
            json!({"event": "inc", "type": "click", "value": {}}),
        )
        .await;
    assert_eq!(
        client.reply_to(&reference).await[4],
        json!({"status": "error", "response": {"reason": "unmatched topic"}})
    );
    // The client's page-unload leave for its internal dead view.
    let reference = client.push(None, "lv:", "phx_leave", json!({})).await;
    assert_eq!(
        client.reply_to(&reference).await[4],
        json!({"status": "ok", "response": {}})
    );
    witness.still_served().await;
}

#[tokio::test]
async fn bad_json_frame_closes_that_socket_only() {
    let (addr, mut witness, page) = setup().await;
    let mut client = ChannelClient::connect_page(addr, &page).await;
    client
        .send_text("[null, \"1\", \"phoenix\", \"heartbeat\"".to_owned())
        .await;
    assert_eq!(client.closed().await, Closed::Code(CloseCode::Invalid));
    let mut client = ChannelClient::connect_page(addr, &page).await;
    client.send_text(r#"{"topic": "phoenix"}"#.to_owned()).await;
    assert_eq!(client.closed().await, Closed::Code(CloseCode::Invalid));
    witness.still_served().await;
}

#[tokio::test]
async fn unknown_topics_are_unmatched() {
    let (addr, mut witness, page) = setup().await;
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let reference = client.push(None, "room:lobby", "phx_join", json!({})).await;
    assert_eq!(
        client.reply_to(&reference).await,
        json!([null, reference, "room:lobby", "phx_reply", {"status": "error", "response": {"reason": "unmatched topic"}}])
    );
    let reference = client.push(None, "phoenix", "shout", json!({})).await;
    assert_eq!(
        client.reply_to(&reference).await[4],
        json!({"status": "error", "response": {"reason": "unmatched topic"}})
    );
    witness.still_served().await;
}

#[tokio::test]
async fn event_for_a_view_never_joined_is_unmatched() {
    let (addr, mut witness, page) = setup().await;
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let topic = format!("lv:{}", page.view_id);
    let payload = json!({"type": "click", "event": "inc", "value": {}});
    let reference = client.push(Some("1"), &topic, "event", payload).await;
    assert_eq!(
        client.reply_to(&reference).await,
        json!([null, reference, topic, "phx_reply", {"status": "error", "response": {"reason": "unmatched topic"}}])
    );
    witness.still_served().await;
}

#[tokio::test]
async fn tampered_session_token_is_stale() {
    let (addr, mut witness, page) = setup().await;
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let mut tampered = page.clone();
    let (body, signature) = page.session.split_once('.').expect("token has two parts");
    let flipped = if body.starts_with('e') { 'f' } else { 'e' };
    tampered.session = format!("{flipped}{}.{signature}", &body[1..]);
    let (join_ref, reply) = client
        .join_page(&tampered, &format!("http://{addr}/"))
        .await;
    assert_eq!(
        reply,
        json!([join_ref, join_ref, format!("lv:{}", page.view_id), "phx_reply", {"status": "error", "response": {"reason": "stale"}}])
    );
    // A valid token for another view id is refused too.
    let other = load_page(addr, "/").await;
    let mut swapped = page.clone();
    swapped.session = other.session;
    let (_, reply) = client.join_page(&swapped, &format!("http://{addr}/")).await;
    assert_eq!(reply[4]["response"]["reason"], "stale");
    // And a page token joined for a URL routed to another view is unauthorized.
    let (_, reply) = client
        .join_page(&page, &format!("http://{addr}/crash"))
        .await;
    assert_eq!(reply[4]["response"]["reason"], "unauthorized");
    witness.still_served().await;
}

#[tokio::test]
async fn join_without_csrf_token_is_stale() {
    let (addr, mut witness, page) = setup().await;
    let mut client = ChannelClient::connect(addr, "vsn=2.0.0", Some(&page.cookie)).await;
    let (_, reply) = client.join_page(&page, &format!("http://{addr}/")).await;
    assert_eq!(
        reply[4],
        json!({"status": "error", "response": {"reason": "stale"}})
    );
    // A CSRF token from another session does not match this cookie either.
    let other = load_page(addr, "/").await;
    let query = format!("_csrf_token={}&vsn=2.0.0", other.csrf_token);
    let mut client = ChannelClient::connect(addr, &query, Some(&page.cookie)).await;
    let (_, reply) = client.join_page(&page, &format!("http://{addr}/")).await;
    assert_eq!(reply[4]["response"]["reason"], "stale");
    witness.still_served().await;
}

#[tokio::test]
async fn ten_megabyte_frame_closes_with_1009() {
    let (addr, mut witness, page) = setup().await;
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let big = "x".repeat(10 * 1024 * 1024);
    let frame = json!([null, "1", "phoenix", "heartbeat", {"padding": big}]).to_string();
    client.send_text(frame).await;
    assert_eq!(client.closed().await, Closed::Code(CloseCode::Size));
    witness.still_served().await;
}

#[tokio::test]
async fn a_panicking_view_ends_alone_and_rejoins() {
    let addr = spawn_server(router()).await;
    let mut witness = Witness::new(addr).await;
    let page = load_page(addr, "/crash").await;
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let url = format!("http://{addr}/crash");
    let topic = format!("lv:{}", page.view_id);
    for event in ["boom", "fail"] {
        let (join_ref, reply) = client.join_page(&page, &url).await;
        assert_eq!(reply[4]["status"], "ok", "{reply}");
        let click = json!({"type": "click", "event": "click", "value": {}});
        let reference = client.push(Some(&join_ref), &topic, "event", click).await;
        assert_eq!(
            client.reply_to(&reference).await[4]["response"]["diff"],
            json!({"0": "1"})
        );
        client
            .push(
                Some(&join_ref),
                &topic,
                "event",
                json!({"type": "click", "event": event, "value": {}}),
            )
            .await;
        let error = client.recv().await;
        assert_eq!(
            error,
            json!([join_ref, join_ref, topic, "phx_error", {"reason": "channel_crash"}])
        );
        // The crashed channel is gone; the same socket still answers.
        let reference = client
            .push(
                Some(&join_ref),
                &topic,
                "event",
                json!({"type": "click", "event": "click", "value": {}}),
            )
            .await;
        assert_eq!(
            client.reply_to(&reference).await[4]["response"]["reason"],
            "unmatched topic"
        );
        witness.still_served().await;
    }
    // Rejoining mounts afresh.
    let (_, reply) = client.join_page(&page, &url).await;
    assert_eq!(reply[4]["response"]["rendered"]["0"], "0");
}

#[tokio::test]
async fn websocket_upgrade_checks_version_and_origin() {
    let addr = spawn_server(router()).await;
    let own_origin = format!("http://{addr}");
    for (query, origin, expected) in [
        ("vsn=1.0.0", None, 403),
        ("", None, 403),
        ("vsn=2.0.0", Some("http://evil.example"), 403),
        ("vsn=2.0.0", Some(own_origin.as_str()), 101),
        ("vsn=2.0.0", None, 101),
    ] {
        let status = upgrade_status(addr, query, origin).await;
        assert_eq!(status, expected, "query {query:?} origin {origin:?}");
    }
}

async fn upgrade_status(addr: SocketAddr, query: &str, origin: Option<&str>) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let origin = origin
        .map(|o| format!("Origin: {o}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "GET /live/websocket?{query} HTTP/1.1\r\nHost: {addr}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\
         Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n{origin}\r\n"
    );
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut buf = [0u8; 64];
    let n = tokio::time::timeout(live_tests::TIMEOUT, stream.read(&mut buf))
        .await
        .expect("response in time")
        .expect("read");
    let head = String::from_utf8_lossy(&buf[..n]);
    head.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status code")
}

/// Counts `terminate` calls with [`TerminateReason::Shutdown`].
static SHUTDOWNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A view that records how it ended.
#[derive(LiveView)]
struct Watched {}

impl LiveView for Watched {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Watched {})
    }

    fn terminate(_: &mut Assigns<Self>, reason: &live_core::TerminateReason) {
        if *reason == live_core::TerminateReason::Shutdown {
            SHUTDOWNS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    }

    fn render(_: &Assigns<Self>) -> Rendered {
        html! { <p>watched</p> }
    }
}

#[tokio::test]
async fn shutdown_terminates_views_and_closes_with_1012() {
    let config = live_server::Config::new("test secret: at least thirty-two bytes long!!");
    let server = live_server::Server::with_config(Router::new().live::<Watched>("/"), config)
        .bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = server.local_addr().expect("address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(server.serve_with_shutdown(async {
        let _ = stopped.await;
    }));
    let page = load_page(addr, "/").await;
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let (_, reply) = client.join_page(&page, &format!("http://{addr}/")).await;
    assert_eq!(reply[4]["status"], "ok");
    let _ = stop.send(());
    assert_eq!(client.closed().await, Closed::Code(CloseCode::Restart));
    let deadline = std::time::Instant::now() + live_tests::TIMEOUT;
    while SHUTDOWNS.load(std::sync::atomic::Ordering::SeqCst) == 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "terminate(Shutdown) ran"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}

/// Browsers ask for `/favicon.ico` on every page: the server answers with its default icon
/// instead of a 404 (which the browser would log as an error), unless the app serves its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_default_favicon_is_served_unless_the_app_has_one() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = spawn_server(router()).await;
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream
        .write_all(b"GET /favicon.ico HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
        .await
        .expect("request");
    let mut raw = Vec::new();
    tokio::time::timeout(live_tests::TIMEOUT, stream.read_to_end(&mut raw))
        .await
        .expect("answered in time")
        .expect("read");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header end");
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(head.contains("content-type: image/png"), "{head}");
    assert!(raw[split + 4..].starts_with(b"\x89PNG"), "a PNG image");

    let dir = std::env::temp_dir().join(format!("live-favicon-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("favicon.ico"), b"mine").expect("write icon");
    let addr = spawn_server(router().files("/", &dir)).await;
    let response = live_tests::http_get(addr, "/favicon.ico", None).await;
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(response.status, 200);
    assert_eq!(response.body, "mine", "the app's own icon wins");
}

/// The core components' stylesheet: linked by the default page under its digest path (cached
/// for good), also served at `/assets/live.css`, both with the digest as `ETag`, so a browser
/// revalidating with `If-None-Match` gets a `304` without the body. `Config::stylesheet(false)`
/// leaves the link out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_stylesheet_is_linked_and_served_with_a_digest() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = spawn_server(router()).await;
    let page = live_tests::http_get(addr, "/", None).await;
    let start = page
        .body
        .find("<link rel=\"stylesheet\" href=\"/assets/live-")
        .expect("the page links the stylesheet");
    let href = page.body[start + 29..]
        .split('"')
        .next()
        .expect("a closed href")
        .to_owned();
    assert!(
        href.ends_with(".css") && href.len() == "/assets/live-.css".len() + 16,
        "{href}"
    );

    let css = live_tests::http_get(addr, &href, None).await;
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(css
        .header("cache-control")
        .is_some_and(|c| c.contains("immutable")));
    assert!(css.body.contains(".btn-primary") && css.body.contains("prefers-color-scheme: dark"));
    let etag = css.header("etag").expect("an ETag").to_owned();
    assert!(href.contains(etag.trim_matches('"')), "{etag} names {href}");

    let stable = live_tests::http_get(addr, "/assets/live.css", None).await;
    assert_eq!((stable.status, stable.body.len()), (200, css.body.len()));
    assert_eq!(stable.header("cache-control"), Some("public, no-cache"));

    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let request = format!(
        "GET /assets/live.css HTTP/1.1\r\nhost: x\r\nif-none-match: {etag}\r\nconnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.expect("request");
    let mut raw = Vec::new();
    tokio::time::timeout(live_tests::TIMEOUT, stream.read_to_end(&mut raw))
        .await
        .expect("answered in time")
        .expect("read");
    let text = String::from_utf8_lossy(&raw);
    assert!(text.starts_with("HTTP/1.1 304"), "{text}");
    assert!(text.ends_with("\r\n\r\n"), "no body: {text}");

    let config = live_tests::test_config().stylesheet(false);
    let addr = live_tests::spawn_server_with(router(), config).await;
    let page = live_tests::http_get(addr, "/", None).await;
    assert!(!page.body.contains("rel=\"stylesheet\""), "{}", page.body);
}
