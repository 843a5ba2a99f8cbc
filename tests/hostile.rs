//! Hostile clients over real sockets on 127.0.0.1: path traversal through encoded file paths,
//! descriptor exhaustion, stalled requests, forged origins and tokens, connection floods.
//! Every wait is bounded.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use live_core::link::link;
use live_core::url_safety::TrustedUrl;
use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
use live_server::handler::Response;
use live_server::{Config, Router, Server};
use live_tests::{http_get, load_page, spawn_server, ChannelClient, LivePage};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A fresh directory tree under the system temp dir: `root/secret.txt` outside the served
/// `root/public/`, which holds `app.css`.
fn file_tree(name: &str) -> (PathBuf, PathBuf) {
    let root = std::env::temp_dir().join(format!("live-hostile-{name}-{}", std::process::id()));
    let public = root.join("public");
    std::fs::create_dir_all(&public).expect("temp dirs");
    std::fs::write(root.join("secret.txt"), "TOP SECRET").expect("write secret");
    std::fs::write(public.join("app.css"), "p{color:red}").expect("write css");
    (root, public)
}

#[tokio::test]
async fn encoded_traversal_never_leaves_the_files_directory() {
    let (root, public) = file_tree("files");
    let addr = spawn_server(Router::new().files("/static", &public)).await;
    let served = http_get(addr, "/static/app.css", None).await;
    assert_eq!(served.status, 200);
    assert_eq!(served.body, "p{color:red}");
    for path in [
        "/static/%2e%2e/secret.txt",
        "/static/%2E%2E/secret.txt",
        "/static/%2e./secret.txt",
        "/static/.%2E/secret.txt",
        "/static/%2e%2e%2fsecret.txt",
        "/static/%2E%2E%2Fsecret.txt",
        "/static/..%2fsecret.txt",
        "/static/..%5csecret.txt",
        "/static/%5c..%5csecret.txt",
        "/static/%252e%252e/secret.txt",
        "/static/%252e%252e%252fsecret.txt",
        "/static/x/%2e%2e/%2e%2e/secret.txt",
        "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/%2fetc%2fpasswd",
        "/static/%2e%2e/public/app.css",
    ] {
        let response = http_get(addr, path, None).await;
        assert_eq!(response.status, 404, "GET {path} answered {response:?}");
        assert!(
            !response.body.contains("TOP SECRET"),
            "GET {path} leaked the file"
        );
        assert!(
            !response.body.contains("root:"),
            "GET {path} leaked /etc/passwd"
        );
    }
    let _ = std::fs::remove_dir_all(&root);
}

/// A child process (killed on drop) running `hostile-server` under a soft limit of
/// `max_fds` open file descriptors.
struct LimitedServer {
    process: live_tests::child_server::ChildServer,
    addr: std::net::SocketAddr,
}

impl LimitedServer {
    fn start(max_fds: u32) -> Self {
        let mut command = std::process::Command::new("sh");
        command
            .arg("-c")
            .arg(format!("ulimit -n {max_fds} && exec \"$0\""))
            .arg(env!("CARGO_BIN_EXE_hostile-server"));
        let process = live_tests::child_server::ChildServer::spawn(
            command,
            std::time::Duration::from_secs(20),
        );
        let line = &process.first_line;
        let addr = line
            .strip_prefix("listening on ")
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
        LimitedServer { process, addr }
    }

    fn running(&mut self) -> bool {
        self.process.running()
    }
}

#[tokio::test]
async fn descriptor_exhaustion_does_not_end_the_server() {
    let mut server = LimitedServer::start(64);
    let health = http_get(server.addr, "/health", None).await;
    assert_eq!((health.status, health.body.as_str()), (200, "ok"));
    // Far more idle connections than the server has descriptors: accept fails with EMFILE.
    let mut idle = Vec::new();
    for _ in 0..120 {
        let connect = tokio::net::TcpStream::connect(server.addr);
        match tokio::time::timeout(std::time::Duration::from_millis(500), connect).await {
            Ok(Ok(stream)) => idle.push(stream),
            // A full accept queue drops the handshake: enough connections are open.
            Ok(Err(_)) | Err(_) => break,
        }
    }
    assert!(idle.len() > 64, "only {} connections opened", idle.len());
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(
        server.running(),
        "the server process ended under descriptor exhaustion"
    );
    drop(idle);
    // Once the idle connections are gone, the same server answers again.
    let health = http_get(server.addr, "/health", None).await;
    assert_eq!((health.status, health.body.as_str()), (200, "ok"));
    assert!(server.running());
}

/// A configuration with the test secret.
fn test_config() -> Config {
    Config::new("hostile test secret: at least thirty-two bytes")
}

/// Everything the server sends on `stream` until it closes it, within `limit`; `None` when
/// the connection is still open after `limit`.
async fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> Option<String> {
    let mut raw = Vec::new();
    match tokio::time::timeout(limit, stream.read_to_end(&mut raw)).await {
        Ok(_) => Some(String::from_utf8_lossy(&raw).into_owned()),
        Err(_) => None,
    }
}

#[tokio::test]
async fn stalled_request_headers_are_cut_off() {
    let config = test_config().header_read_timeout(Duration::from_millis(300));
    let addr = live_tests::spawn_server_with(
        Router::new().get("/health", |_| Response::text("ok")),
        config,
    )
    .await;
    // A connection that never sends a byte, and one that stops in the middle of its headers.
    let mut silent = TcpStream::connect(addr).await.expect("connect");
    let mut slow = TcpStream::connect(addr).await.expect("connect");
    slow.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .expect("send a partial header");
    let started = Instant::now();
    for stream in [&mut silent, &mut slow] {
        let answer = read_until_closed(stream, Duration::from_secs(5)).await;
        let answer = answer.expect("the server closes a stalled connection");
        assert!(!answer.contains("200 OK"), "{answer}");
    }
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    // A kept-alive connection that goes quiet after its first request is closed too.
    let mut kept = TcpStream::connect(addr).await.expect("connect");
    kept.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("send a request");
    let answer = read_until_closed(&mut kept, Duration::from_secs(5)).await;
    let answer = answer.expect("the idle kept-alive connection is closed");
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
}

#[tokio::test]
async fn stalled_or_oversized_bodies_are_refused() {
    let config = test_config().body_read_timeout(Duration::from_millis(300));
    let router = Router::new().post("/submit", |_| Response::text("accepted"));
    let addr = live_tests::spawn_server_with(router, config).await;
    // A body of 10^12 bytes announced, 10 sent: refused from the header alone.
    let mut huge = TcpStream::connect(addr).await.expect("connect");
    huge.write_all(
        b"POST /submit HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000000000000\r\n\r\n0123456789",
    )
    .await
    .expect("send");
    let mut head = [0u8; 64];
    let read = tokio::time::timeout(Duration::from_secs(5), huge.read(&mut head))
        .await
        .expect("an answer without the body")
        .expect("read");
    let head = String::from_utf8_lossy(&head[..read]);
    assert!(head.starts_with("HTTP/1.1 413"), "{head}");
    // A small body announced and never finished: 408 after the body time-out.
    let mut stalled = TcpStream::connect(addr).await.expect("connect");
    stalled
        .write_all(
            b"POST /submit HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\na=0123456",
        )
        .await
        .expect("send");
    let started = Instant::now();
    let answer = read_until_closed(&mut stalled, Duration::from_secs(5)).await;
    let answer = answer.expect("the stalled body is answered and the connection closed");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

/// The status code the server answers a WebSocket upgrade sent with these `Host` and `Origin`
/// headers.
async fn upgrade_status(addr: SocketAddr, host: &str, origin: &str) -> u16 {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let request = format!(
        "GET /live/websocket?vsn=2.0.0 HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\n\
         Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
    );
    stream
        .write_all(request.as_bytes())
        .await
        .expect("send upgrade");
    let mut head = [0u8; 32];
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut head))
        .await
        .expect("an answer to the upgrade")
        .expect("read");
    let head = String::from_utf8_lossy(&head[..read]);
    head.split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {head:?}"))
}

#[tokio::test]
async fn websocket_origin_is_checked_on_scheme_host_and_port() {
    // Development fallback (debug build, no origin configured): same host and port, web scheme.
    let addr = live_tests::spawn_server_with(Router::new(), test_config()).await;
    let host = addr.to_string();
    assert_eq!(
        upgrade_status(addr, &host, &format!("http://{host}")).await,
        101
    );
    assert_eq!(
        upgrade_status(addr, &host, &format!("evil://{host}")).await,
        403
    );
    assert_eq!(upgrade_status(addr, &host, "null").await, 403);
    // Outside development, without a configured origin, no browser upgrade is allowed.
    let production =
        live_tests::spawn_server_with(Router::new(), test_config().development(false)).await;
    let host = production.to_string();
    assert_eq!(
        upgrade_status(production, &host, &format!("http://{host}")).await,
        403
    );
    // A configured public origin: the Host header is not trusted (DNS rebinding).
    let config = test_config().public_origin("https://app.example");
    let addr = live_tests::spawn_server_with(Router::new(), config).await;
    assert_eq!(
        upgrade_status(addr, "app.example", "https://app.example").await,
        101
    );
    assert_eq!(
        upgrade_status(addr, "app.example", "https://APP.example:443").await,
        101
    );
    assert_eq!(
        upgrade_status(addr, "app.example", "http://app.example").await,
        403
    );
    assert_eq!(
        upgrade_status(addr, "app.example", "https://app.example:8443").await,
        403
    );
    assert_eq!(
        upgrade_status(addr, "evil.example", "https://evil.example").await,
        403
    );
    assert_eq!(
        upgrade_status(addr, "app.example", "evil://app.example").await,
        403
    );
}

#[tokio::test]
async fn an_origin_that_does_not_parse_stops_the_server_from_starting() {
    let config = test_config().public_origin("example.com");
    let bound = Server::with_config(Router::new(), config)
        .bind("127.0.0.1:0")
        .await;
    let err = bound.expect_err("bind refuses an unparsable origin");
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
}

/// A secret for the rotation tests.
const OLD_SECRET: &str = "the previous secret, at least thirty-two bytes";

/// Whether `addr` accepted `page`'s session cookie (it writes no new one) and the WebSocket
/// join of `page`'s view tokens, sent with a valid cookie and CSRF token of `addr` itself.
async fn accepts_tokens_of(addr: SocketAddr, page: &LivePage) -> (bool, bool) {
    let answer = http_get(addr, "/", Some(&page.cookie)).await;
    assert_eq!(answer.status, 200);
    let cookie_accepted = answer.header("set-cookie").is_none();
    let own = load_page(addr, "/").await;
    let forged = LivePage {
        session: page.session.clone(),
        static_token: page.static_token.clone(),
        view_id: page.view_id.clone(),
        ..own
    };
    let mut client = ChannelClient::connect_page(addr, &forged).await;
    let (_, reply) = client.join_page(&forged, &format!("http://{addr}/")).await;
    (cookie_accepted, reply[4]["status"] == "ok")
}

#[tokio::test]
async fn tokens_signed_with_the_public_dev_secret_are_refused() {
    // Whoever knows the development secret signs a cookie and view tokens with it.
    let forger =
        live_tests::spawn_server_with(counter::router(), Config::insecure_dev_secret()).await;
    let forged = load_page(forger, "/").await;
    let server = live_tests::spawn_server_with(counter::router(), test_config()).await;
    assert_eq!(accepts_tokens_of(server, &forged).await, (false, false));
    // The server's own tokens pass the same checks.
    let own = load_page(server, "/").await;
    assert_eq!(accepts_tokens_of(server, &own).await, (true, true));
}

#[tokio::test]
async fn previous_secrets_still_verify_after_rotation() {
    let before = live_tests::spawn_server_with(counter::router(), Config::new(OLD_SECRET)).await;
    let page = load_page(before, "/").await;
    let rotated = test_config().previous_secret(OLD_SECRET);
    let after = live_tests::spawn_server_with(counter::router(), rotated).await;
    assert_eq!(accepts_tokens_of(after, &page).await, (true, true));
    // Without the previous secret the same tokens are refused.
    let fresh = live_tests::spawn_server_with(counter::router(), test_config()).await;
    assert_eq!(accepts_tokens_of(fresh, &page).await, (false, false));
}

#[tokio::test]
async fn weak_or_missing_secrets_stop_the_server_from_starting() {
    let refused = |config: Config| async move {
        let bound = Server::with_config(Router::new(), config)
            .bind("127.0.0.1:0")
            .await;
        bound.expect_err("bind refuses the secret").kind()
    };
    let short = Config::new("only 31 bytes, one too short!!");
    assert_eq!(refused(short).await, std::io::ErrorKind::InvalidInput);
    let short_previous = test_config().previous_secret("short");
    assert_eq!(
        refused(short_previous).await,
        std::io::ErrorKind::InvalidInput
    );
    // Outside development, the built-in secret is only taken when asked for explicitly.
    let dev_secret = "live-development-secret-do-not-use-in-production-0123456789abcdef";
    let implicit = Config::new(dev_secret).development(false);
    assert_eq!(refused(implicit).await, std::io::ErrorKind::InvalidInput);
    let explicit = Config::insecure_dev_secret().development(false);
    let bound = Server::with_config(Router::new(), explicit)
        .bind("127.0.0.1:0")
        .await;
    assert!(bound.is_ok(), "insecure_dev_secret() starts");
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let addr = live_tests::spawn_server_with(counter::router(), test_config()).await;
    for path in ["/", "/assets/live.js", "/nowhere"] {
        let response = http_get(addr, path, None).await;
        assert_eq!(
            response.header("x-frame-options"),
            Some("SAMEORIGIN"),
            "{path}"
        );
        assert_eq!(
            response.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(
            response.header("referrer-policy"),
            Some("strict-origin-when-cross-origin"),
            "{path}"
        );
        assert_eq!(response.header("content-security-policy"), None, "{path}");
    }
    let cookie = http_get(addr, "/", None).await;
    let cookie = cookie.header("set-cookie").expect("a session cookie");
    assert!(!cookie.contains("Secure"), "{cookie}");
    // Configured: one header replaced, one removed.
    let config = test_config()
        .security_header("X-Frame-Options", "DENY")
        .security_header("referrer-policy", "");
    let addr = live_tests::spawn_server_with(counter::router(), config).await;
    let response = http_get(addr, "/", None).await;
    assert_eq!(response.header("x-frame-options"), Some("DENY"));
    assert_eq!(response.header("referrer-policy"), None);
    assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
}

#[tokio::test]
async fn cookies_are_secure_behind_an_https_origin() {
    let config = test_config().public_origin("https://app.example");
    let addr = live_tests::spawn_server_with(counter::router(), config).await;
    let response = http_get(addr, "/", None).await;
    let cookie = response.header("set-cookie").expect("a session cookie");
    assert!(cookie.ends_with("; Secure"), "{cookie}");
    let config = test_config()
        .public_origin("https://app.example")
        .secure_cookies(false);
    let addr = live_tests::spawn_server_with(counter::router(), config).await;
    let response = http_get(addr, "/", None).await;
    let cookie = response.header("set-cookie").expect("a session cookie");
    assert!(!cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn the_content_security_policy_nonce_matches_the_page_scripts() {
    let config = test_config()
        .content_security_policy("default-src 'self'; script-src 'nonce-{nonce}'")
        .head_html(r#"<script nonce="{nonce}">window.liveHooks = {}</script>"#);
    let addr = live_tests::spawn_server_with(counter::router(), config).await;
    let mut nonces = Vec::new();
    for _ in 0..2 {
        let page = http_get(addr, "/", None).await;
        let policy = page.header("content-security-policy").expect("a policy");
        let nonce = policy
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .expect("a nonce in the policy");
        assert!(nonce.len() >= 16, "{nonce}");
        assert!(
            page.body.contains(&format!(
                r#"<script defer src="/assets/live.js" nonce="{nonce}">"#
            )),
            "the bundle carries the nonce: {}",
            page.body
        );
        assert!(page
            .body
            .contains(&format!(r#"<script nonce="{nonce}">window.liveHooks"#)));
        assert!(!page.body.contains("{nonce}"));
        nonces.push(nonce.to_owned());
    }
    assert_ne!(nonces[0], nonces[1], "a fresh nonce per page");
    let other = http_get(addr, "/assets/live.js", None).await;
    let policy = other
        .header("content-security-policy")
        .expect("a policy on every response");
    assert!(!policy.contains("{nonce}"), "{policy}");
}

/// A view that writes a URL from its assigns (user data) into every kind of URL attribute,
/// directly, through `<.link>`, as an `Option` and inside a comprehension.
#[derive(live_core::LiveView)]
struct Links {
    url: String,
    urls: Vec<String>,
}

impl LiveView for Links {
    type Info = ();

    fn mount(params: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        let url = params.get("url").unwrap_or("/start").to_owned();
        Ok(Links {
            urls: vec![url.clone(), "/safe".to_owned()],
            url,
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let url = event.value()["url"].as_str().unwrap_or("").to_owned();
        assigns.set_urls(vec![url.clone(), "/safe".to_owned()]);
        assigns.set_url(url);
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <main>
                <a id="plain" href={@url}>plain</a>
                <a id="option" href={Some(@url.as_str())}>option</a>
                <img id="img" src={@url} alt="" />
                <form id="form" action={@url}><button formaction={@url}>go</button></form>
                <.link href={@url.clone()}>link</.link>
                <.link navigate={@url.clone()}>navigate</.link>
                <p id="text" title={@url}>{@url}</p>
                <ul><li :for={u in @urls.iter()}><a href={u}>item</a></li></ul>
            </main>
        }
    }
}

/// The hrefs, srcs, actions and formactions in `html`, in order.
fn url_values(html: &str) -> Vec<String> {
    let mut values = Vec::new();
    for marker in [" href=\"", " src=\"", " action=\"", " formaction=\""] {
        for (start, _) in html.match_indices(marker) {
            let rest = &html[start + marker.len()..];
            values.push(rest[..rest.find('"').unwrap_or(rest.len())].to_owned());
        }
    }
    values
}

#[tokio::test]
async fn script_urls_from_data_are_refused_in_the_page_and_in_diffs() {
    const BLOCKED: &str = "about:invalid#blocked";
    let addr = spawn_server(Router::new().live::<Links>("/links")).await;
    // The static render (HTTP page).
    let page = load_page(addr, "/links?url=%20JaVaScRiPt:alert(1)").await;
    let urls = url_values(&page.inner_html);
    assert_eq!(urls.len(), 9, "{}", page.inner_html);
    assert_eq!(urls.iter().filter(|u| *u == BLOCKED).count(), 8, "{urls:?}");
    assert!(urls.contains(&"/safe".to_owned()));
    // Text elsewhere is only escaped, as before.
    assert!(
        page.inner_html.contains("title=\" JaVaScRiPt:alert(1)\""),
        "{}",
        page.inner_html
    );
    // The rendered tree of the join (same view, connected).
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let url = format!("http://{addr}/links?url=%20JaVaScRiPt:alert(1)");
    let (join_ref, reply) = client.join_page(&page, &url).await;
    assert_eq!(reply[4]["status"], "ok", "{reply}");
    let rendered = reply[4]["response"]["rendered"].to_string();
    assert!(!rendered.contains("href=\\\" JaVaScRiPt"), "{rendered}");
    assert!(rendered.contains(BLOCKED), "{rendered}");
    // Diffs: a safe URL passes, every unsafe spelling is replaced. The page starts blocked; an
    // unsafe URL following an unsafe one renders the same blocked value, which the client holds
    // already, so it is left out of the diff (and the raw URL is never sent).
    let topic = format!("lv:{}", page.view_id);
    let mut previous_safe = false;
    for (url, safe) in [
        ("/next?x=javascript:1", true),
        ("javascript:alert(1)", false),
        ("java\tscript:alert(1)", false),
        ("vbscript:msgbox(1)", false),
        ("data:text/html,<script>alert(1)</script>", false),
        ("data:image/png;base64,AAAA", true),
        ("https://example.com/", true),
    ] {
        let event = json!({"type": "click", "event": "set", "value": {"url": url}});
        let reference = client.push(Some(&join_ref), &topic, "event", event).await;
        let reply = client.reply_to(&reference).await;
        let diff = reply[4]["response"]["diff"].to_string();
        let escaped_url = serde_json::to_string(url).expect("json");
        let escaped_url = &escaped_url[1..escaped_url.len() - 1];
        let in_href = format!("href=\\\"{escaped_url}");
        assert_eq!(diff.contains(&in_href), safe, "{url:?}: {diff}");
        assert_eq!(
            diff.contains(BLOCKED),
            !safe && previous_safe,
            "{url:?}: {diff}"
        );
        previous_safe = safe;
    }
}

#[test]
fn trusted_urls_pass_as_written() {
    let bookmarklet = TrustedUrl::new("javascript:void(0)");
    let html = live_core::static_render::render_to_string(|| {
        html! { <a href={&bookmarklet}>b</a><a href={Some(bookmarklet.clone())}>c</a> }
    });
    assert_eq!(
        html,
        "<a href=\"javascript:void(0)\">b</a><a href=\"javascript:void(0)\">c</a>"
    );
    let tree = html! { <a href={&bookmarklet}>b</a> }.to_html();
    assert_eq!(tree, "<a href=\"javascript:void(0)\">b</a>");
}

/// Whether the server closes `stream` (without answering) within a second.
async fn closed_by_server(stream: &mut TcpStream) -> bool {
    let mut byte = [0u8; 1];
    matches!(
        tokio::time::timeout(Duration::from_secs(1), stream.read(&mut byte)).await,
        Ok(Ok(0) | Err(_))
    )
}

/// A `GET /health` on `stream`, answered `200 ok`.
async fn health_on(stream: &mut TcpStream) -> bool {
    let request = b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    if stream.write_all(request).await.is_err() {
        return false;
    }
    read_until_closed(stream, Duration::from_secs(5))
        .await
        .is_some_and(|answer| answer.starts_with("HTTP/1.1 200 OK") && answer.ends_with("ok"))
}

#[tokio::test]
async fn connections_are_limited_per_client_including_websockets() {
    let config = test_config().max_connections_per_client(3);
    let router = counter::router().get("/health", |_| Response::text("ok"));
    let addr = live_tests::spawn_server_with(router, config).await;
    // Two upgraded WebSockets and one idle HTTP connection fill the client's three places.
    let page = load_page(addr, "/").await;
    // The page's connection frees its place once the server's side of it has ended.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let _first = ChannelClient::connect_page(addr, &page).await;
    let _second = ChannelClient::connect_page(addr, &page).await;
    let idle = TcpStream::connect(addr).await.expect("connect");
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut over = TcpStream::connect(addr)
        .await
        .expect("the kernel accepts the handshake");
    assert!(
        closed_by_server(&mut over).await,
        "a fourth connection is closed at once"
    );
    // A place freed is a place taken again.
    drop(idle);
    let started = Instant::now();
    loop {
        let mut stream = TcpStream::connect(addr).await.expect("connect");
        if health_on(&mut stream).await {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(5), "no place freed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn connections_are_limited_in_total() {
    let config = test_config().max_connections(2);
    let addr = live_tests::spawn_server_with(
        Router::new().get("/health", |_| Response::text("ok")),
        config,
    )
    .await;
    let _one = TcpStream::connect(addr).await.expect("connect");
    let _two = TcpStream::connect(addr).await.expect("connect");
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut three = TcpStream::connect(addr).await.expect("connect");
    assert!(closed_by_server(&mut three).await);
}

/// The official client under a strict Content-Security-Policy (scripts only with the page's
/// nonce): the counter connects and counts in Chromium, with no console error (a blocked
/// script or connection would log one and fail the driver).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_runs_in_chromium_under_a_strict_csp() {
    let config = test_config()
        .content_security_policy(
            "default-src 'self'; script-src 'nonce-{nonce}'; connect-src 'self'; \
             base-uri 'none'; object-src 'none'; frame-ancestors 'self'",
        )
        .head_html(r#"<script nonce="{nonce}">window.liveHooks = {}</script>"#);
    let addr = live_tests::spawn_server_with(counter::router(), config).await;
    let url = format!("http://{addr}/");
    let page = http_get(addr, "/", None).await;
    assert!(page.header("content-security-policy").is_some());
    let output = tokio::task::spawn_blocking(move || {
        live_tests::run_node("tests/js/browser_counter.mjs", &[&url], "")
    })
    .await
    .expect("the driver ran");
    assert!(output.contains("PASS"), "driver output: {output}");
}

// ---- The channel: idle and flooding sockets, bad text, outdated joins, leaves ----

/// A counter whose events tests fire in bulk.
#[derive(LiveView)]
struct Tally {
    n: u64,
}

impl LiveView for Tally {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Tally { n: 0 })
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
        html! { <p id="n">{@n}</p> }
    }
}

fn tally_router() -> Router {
    Router::new().live::<Tally>("/")
}

/// A joined client of the tally page: the client, its join ref and topic.
async fn joined_tally(addr: SocketAddr) -> (ChannelClient, String, String) {
    let page = load_page(addr, "/").await;
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let (join_ref, reply) = client.join_page(&page, &format!("http://{addr}/")).await;
    assert_eq!(reply[4]["status"], "ok", "{reply}");
    let topic = format!("lv:{}", page.view_id);
    (client, join_ref, topic)
}

fn click() -> serde_json::Value {
    json!({"type": "click", "event": "inc", "value": {}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_socket_is_closed_after_its_idle_timeout() {
    let config = live_tests::test_config().socket_idle_timeout(Duration::from_millis(400));
    let addr = live_tests::spawn_server_with(tally_router(), config).await;
    let (mut client, _, _) = joined_tally(addr).await;
    let started = Instant::now();
    assert_eq!(
        client.closed().await,
        live_tests::Closed::Code(
            tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode::Away
        )
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heartbeats_keep_a_socket_open_past_the_idle_timeout() {
    let config = live_tests::test_config().socket_idle_timeout(Duration::from_millis(400));
    let addr = live_tests::spawn_server_with(tally_router(), config).await;
    let (mut client, _, _) = joined_tally(addr).await;
    for _ in 0..6 {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let reference = client.push(None, "phoenix", "heartbeat", json!({})).await;
        assert_eq!(client.reply_to(&reference).await[4]["status"], "ok");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_text_frame_that_is_not_utf8_closes_with_1007() {
    use futures_util::SinkExt;
    use tokio_tungstenite::tungstenite::protocol::frame::coding::{CloseCode, Data, OpCode};
    use tokio_tungstenite::tungstenite::protocol::frame::Frame;
    use tokio_tungstenite::tungstenite::Message;
    let addr = spawn_server(tally_router()).await;
    let stream = TcpStream::connect(addr).await.expect("connect");
    let (mut ws, _) =
        tokio_tungstenite::client_async(format!("ws://{addr}/live/websocket?vsn=2.0.0"), stream)
            .await
            .expect("handshake");
    let bad = Frame::message(vec![0x5b, 0xff, 0xfe, 0x5d], OpCode::Data(Data::Text), true);
    ws.send(Message::Frame(bad)).await.expect("send");
    let code = loop {
        match tokio::time::timeout(
            Duration::from_secs(5),
            futures_util::StreamExt::next(&mut ws),
        )
        .await
        .expect("the server answers")
        {
            Some(Ok(Message::Close(Some(frame)))) => break Some(frame.code),
            Some(Ok(_)) => continue,
            _ => break None,
        }
    };
    assert_eq!(code, Some(CloseCode::Invalid));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_events_is_cut_off_and_a_neighbour_keeps_its_latency() {
    let config = live_tests::test_config().max_client_messages_per_second(200);
    let addr = live_tests::spawn_server_with(tally_router(), config).await;
    let (mut flooder, flood_ref, flood_topic) = joined_tally(addr).await;
    let (mut neighbour, join_ref, topic) = joined_tally(addr).await;
    let flood = tokio::spawn(async move {
        // 10,000 events as fast as the socket takes them; the server cuts the socket off.
        for _ in 0..10_000 {
            let frame = json!([flood_ref, "0", flood_topic, "event", click()]).to_string();
            if tokio::time::timeout(Duration::from_secs(2), flooder.try_send_text(frame))
                .await
                .map_or(true, |sent| sent.is_err())
            {
                break;
            }
        }
        flooder.closed().await
    });
    let mut slowest = Duration::ZERO;
    for _ in 0..50 {
        let started = Instant::now();
        let reference = neighbour
            .push(Some(&join_ref), &topic, "event", click())
            .await;
        let reply = neighbour.reply_to(&reference).await;
        assert_eq!(reply[4]["status"], "ok", "{reply}");
        slowest = slowest.max(started.elapsed());
    }
    let closed = flood.await.expect("the flooder ran");
    assert_eq!(
        closed,
        live_tests::Closed::Code(
            tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode::Policy
        )
    );
    assert!(
        slowest < Duration::from_secs(1),
        "the neighbour's slowest round trip: {slowest:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_socket_holds_at_most_100_views() {
    let addr = spawn_server(tally_router()).await;
    let first = load_page(addr, "/").await;
    let mut client = ChannelClient::connect_page(addr, &first).await;
    let url = format!("http://{addr}/");
    let (_, reply) = client.join_page(&first, &url).await;
    assert_eq!(reply[4]["status"], "ok");
    for joined in 1..=100 {
        // Each page of the same browser (cookie) carries its own view id and tokens.
        let page = load_page_with_cookie(addr, &first.cookie).await;
        let (_, reply) = client.join_page(&page, &url).await;
        if joined < 100 {
            assert_eq!(reply[4]["status"], "ok", "join {joined}: {reply}");
        } else {
            assert_eq!(
                reply[4],
                json!({"status": "error", "response": {"reason": "too many channels joined"}})
            );
        }
    }
}

/// A page of the tally loaded with an existing session cookie (same CSRF secret).
async fn load_page_with_cookie(addr: SocketAddr, cookie: &str) -> LivePage {
    let response = http_get(addr, "/", Some(cookie)).await;
    assert_eq!(response.status, 200);
    let attribute = |marker: &str| {
        let start = response.body.find(marker).expect("marker") + marker.len();
        let end = response.body[start..].find('"').expect("quote") + start;
        response.body[start..end].to_owned()
    };
    LivePage {
        cookie: cookie.to_owned(),
        csrf_token: attribute("<meta name=\"csrf-token\" content=\""),
        view_id: attribute("<div id=\""),
        session: attribute("data-phx-session=\""),
        static_token: attribute("data-phx-static=\""),
        inner_html: String::new(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_of_an_outdated_join_gets_an_error_reply() {
    let addr = spawn_server(tally_router()).await;
    let page = load_page(addr, "/").await;
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let url = format!("http://{addr}/");
    let (old_ref, _) = client.join_page(&page, &url).await;
    let (new_ref, reply) = client.join_page(&page, &url).await;
    assert_eq!(reply[4]["status"], "ok");
    assert_ne!(old_ref, new_ref);
    let topic = format!("lv:{}", page.view_id);
    let reference = client.push(Some(&old_ref), &topic, "event", click()).await;
    let reply = client.reply_to(&reference).await;
    // No join ref: the client matches it to the waiting push instead of dropping it as outdated.
    assert_eq!(
        reply,
        json!([null, reference, topic, "phx_reply", {"status": "error", "response": {"reason": "outdated join"}}])
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replies_to_two_leaves_keep_their_order() {
    let addr = spawn_server(tally_router()).await;
    let (mut client, join_ref, topic) = joined_tally(addr).await;
    let first = client
        .push(Some(&join_ref), &topic, "phx_leave", json!({}))
        .await;
    let second = client
        .push(Some(&join_ref), &topic, "phx_leave", json!({}))
        .await;
    let mut order = Vec::new();
    while order.len() < 3 {
        let frame = client.recv().await;
        order.push((
            frame[3].as_str().unwrap_or_default().to_owned(),
            frame[1].clone(),
        ));
    }
    assert_eq!(
        order,
        vec![
            ("phx_close".to_owned(), json!(join_ref)),
            ("phx_reply".to_owned(), json!(first)),
            ("phx_reply".to_owned(), json!(second)),
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_does_not_read_its_responses_is_dropped() {
    let config = live_tests::test_config().socket_write_timeout(Duration::from_millis(500));
    let addr = live_tests::spawn_server_with(tally_router(), config).await;
    let bundle = http_get(addr, "/assets/live.js", None).await.body.len();
    assert!(
        bundle > 10_000,
        "the bundle is big enough to fill the buffers"
    );
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    // 300 pipelined requests for the bundle, and no reading: the server's writes stall.
    let requests = "GET /assets/live.js HTTP/1.1\r\nhost: x\r\n\r\n".repeat(300);
    let _ = tokio::time::timeout(
        Duration::from_secs(5),
        stream.write_all(requests.as_bytes()),
    )
    .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    // The server gave up on the connection: what can still be read is what sat in the buffers.
    let mut received = 0usize;
    let mut buf = vec![0u8; 64 * 1024];
    let ended = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return true,
                Ok(n) => received += n,
            }
        }
    })
    .await
    .unwrap_or(false);
    assert!(ended, "the connection ended");
    assert!(
        received < 300 * bundle,
        "only part of the 300 responses went out ({received} bytes)"
    );
}
