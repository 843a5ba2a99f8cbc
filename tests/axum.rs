//! live mounted inside axum (`examples/axum-app`): pages, the WebSocket and the client bundle
//! through axum's `fallback_service` under tower layers, beside an axum JSON API, with request
//! extensions from an axum middleware reaching both mounts as connect info; and an app nested
//! under a path prefix with `nest_service` and `Config::mount_path`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum_app::AppState;
use live_server::Config;
use live_tests::{http_get, load_page, run_node, ChannelClient};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Serves the axum app on a free loopback port until the test ends.
async fn spawn_app() -> (SocketAddr, Arc<AppState>) {
    let state = Arc::new(AppState::default());
    let config = Config::new("test secret: at least thirty-two bytes long!!");
    let app = axum_app::app(state.clone(), config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let addr = listener.local_addr().expect("bound address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    (addr, state)
}

/// A JSON `POST`; returns the status and the body.
async fn post_json(addr: SocketAddr, path: &str, json: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{json}",
        json.len()
    );
    stream
        .write_all(request.as_bytes())
        .await
        .expect("send request");
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut raw))
        .await
        .expect("response within the timeout")
        .expect("read response");
    let text = String::from_utf8(raw).expect("UTF-8 response");
    let (head, body) = text.split_once("\r\n\r\n").expect("header/body separator");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status line");
    (status, body.to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_mount_reads_the_user_its_own_request_carried() {
    let (addr, _) = spawn_app().await;

    // The static render: the middleware found ada in the GET's cookie.
    let page = http_get(addr, "/", Some("demo_user=ada")).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains(r#"<strong id="user">ada</strong>"#)
            && page.body.contains(r#"<span id="mode">static</span>"#),
        "{}",
        page.body
    );

    // A page rendered for a guest, then joined over a socket whose upgrade carries ada: connect
    // info comes from the upgrade request, not from anything signed into the page.
    let guest_page = load_page(addr, "/").await;
    assert!(
        guest_page
            .inner_html
            .contains(r#"<strong id="user">guest</strong>"#),
        "{}",
        guest_page.inner_html
    );
    let query = format!("_csrf_token={}&_mounts=0&vsn=2.0.0", guest_page.csrf_token);
    let cookie = format!("{}; demo_user=ada", guest_page.cookie);
    let mut socket = ChannelClient::connect(addr, &query, Some(&cookie)).await;
    let (_, reply) = socket
        .join_page(&guest_page, &format!("http://{addr}/"))
        .await;
    assert_eq!(reply[4]["status"], "ok", "{reply}");
    let rendered = reply[4]["response"]["rendered"].to_string();
    assert!(
        rendered.contains("ada") && rendered.contains("live") && !rendered.contains("guest"),
        "{rendered}"
    );

    // The same page joined by a socket without the cookie: the guest again.
    let mut guest = ChannelClient::connect_page(addr, &guest_page).await;
    let (_, reply) = guest
        .join_page(&guest_page, &format!("http://{addr}/"))
        .await;
    let rendered = reply[4]["response"]["rendered"].to_string();
    assert!(
        rendered.contains("guest") && !rendered.contains("ada"),
        "{rendered}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_json_api_and_the_views_share_one_state() {
    let (addr, state) = spawn_app().await;
    let page = load_page(addr, "/").await;
    let mut socket = ChannelClient::connect_page(addr, &page).await;
    let (join_ref, reply) = socket.join_page(&page, &format!("http://{addr}/")).await;
    assert_eq!(reply[4]["status"], "ok", "{reply}");

    // A click in the view changes the state the API reads.
    let topic = format!("lv:{}", page.view_id);
    let click = serde_json::json!({"type": "click", "event": "inc", "value": {}});
    let reference = socket.push(Some(&join_ref), &topic, "event", click).await;
    let reply = socket.reply_to(&reference).await;
    assert!(
        reply[4]["response"]["diff"].to_string().contains("\"1\""),
        "{reply}"
    );
    assert_eq!(state.count(), 1);
    let api = http_get(addr, "/api/counter", Some("demo_user=ada")).await;
    assert_eq!(api.status, 200);
    assert_eq!(api.header("content-type"), Some("application/json"));
    assert_eq!(api.body, r#"{"count":1,"user":"ada"}"#);

    // A POST to the API reaches the connected view through live's PubSub.
    let (status, body) = post_json(addr, "/api/counter/increment", r#"{"by":4}"#).await;
    assert_eq!((status, body.as_str()), (200, r#"{"count":5}"#));
    let pushed = socket.recv().await;
    assert_eq!(pushed[3], "diff", "{pushed}");
    assert!(pushed[4].to_string().contains("\"5\""), "{pushed}");

    // Bad input is refused by axum's handler, not by a panic.
    let (status, _) = post_json(addr, "/api/counter/increment", r#"{"by":1000}"#).await;
    assert_eq!(status, 422);
    let (status, _) = post_json(addr, "/api/counter/increment", "not json").await;
    assert_eq!(status, 400);
    assert_eq!(state.count(), 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nested_under_a_prefix_with_nest_service() {
    let config = Config::new("test secret: at least thirty-two bytes long!!").mount_path("/nested");
    let live = live_server::Server::with_config(counter::router(), config).into_service();
    let app = axum::Router::new()
        .route("/", axum::routing::get(|| async { "axum at the root" }))
        .nest_service("/nested", live);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let addr = listener.local_addr().expect("bound address");
    tokio::spawn(async move { axum::serve(listener, app).await });

    let root = http_get(addr, "/", None).await;
    assert_eq!(root.body, "axum at the root");
    let page = http_get(addr, "/nested/", None).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains(r#"<meta name="live-socket-path" content="/nested/live">"#)
            && page
                .body
                .contains(r#"<script defer src="/nested/assets/live.js">"#),
        "{}",
        page.body
    );
    let bundle = http_get(addr, "/nested/assets/live.js", None).await;
    assert_eq!(bundle.status, 200);
    assert_eq!(http_get(addr, "/assets/live.js", None).await.status, 404);

    // The official client in Chromium: socket under the prefix, clicks, a reload.
    let url = format!("http://{addr}/nested/");
    let output =
        tokio::task::spawn_blocking(move || run_node("tests/js/browser_counter.mjs", &[&url], ""))
            .await
            .expect("the driver ran");
    assert!(output.contains("PASS"), "driver output: {output}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nested_joins_and_patches_route_without_the_prefix() {
    let config = Config::new("test secret: at least thirty-two bytes long!!").mount_path("/nav");
    let live = live_server::Server::with_config(navigation::router(), config).into_service();
    let app = axum::Router::new().nest_service("/nav", live);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let addr = listener.local_addr().expect("bound address");
    tokio::spawn(async move { axum::serve(listener, app).await });

    let page = load_page(addr, "/nav/?tab=2").await;
    let query = format!("_csrf_token={}&_mounts=0&vsn=2.0.0", page.csrf_token);
    let cookie = Some(page.cookie.as_str());
    let mut socket = ChannelClient::connect_at(addr, "/nav/live/websocket", &query, cookie).await;
    let (join_ref, reply) = socket
        .join_page(&page, &format!("http://{addr}/nav/?tab=2"))
        .await;
    assert_eq!(reply[4]["status"], "ok", "{reply}");
    assert!(reply[4].to_string().contains("Tab 2"), "{reply}");

    // A patch link: the browser URL keeps the prefix, the router sees `/?tab=3`.
    let topic = format!("lv:{}", page.view_id);
    let url = format!("http://{addr}/nav/?tab=3");
    let reference = socket
        .push(
            Some(&join_ref),
            &topic,
            "live_patch",
            serde_json::json!({ "url": url }),
        )
        .await;
    let reply = socket.reply_to(&reference).await;
    assert_eq!(reply[4]["status"], "ok", "{reply}");
    assert!(reply[4].to_string().contains("Tab 3"), "{reply}");

    // Outside the prefix nothing routes: the join is refused, not mounted at the root route.
    let mut other = ChannelClient::connect_at(addr, "/nav/live/websocket", &query, cookie).await;
    let (_, reply) = other
        .join_page(&page, &format!("http://{addr}/?tab=2"))
        .await;
    assert_eq!(reply[4]["status"], "error", "{reply}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counter_and_json_api_in_chromium() {
    let (addr, _) = spawn_app().await;
    let url = format!("http://{addr}/");
    let output =
        tokio::task::spawn_blocking(move || run_node("tests/js/browser_axum.mjs", &[&url], ""))
            .await
            .expect("the driver ran");
    assert!(output.contains("PASS"), "driver output: {output}");
}
