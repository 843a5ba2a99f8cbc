//! Long polling in a real browser: Chromium loads the counter through a proxy that refuses
//! WebSocket upgrades (as some corporate proxies do); the client falls back to `/live/longpoll`
//! and the page works, on the standalone server and inside axum under a path prefix.

use live_tests::{run_node, spawn_server, spawn_websocket_refusing_proxy};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counter_works_over_long_poll_when_websockets_are_refused() {
    let server = spawn_server(counter::router()).await;
    let proxy = spawn_websocket_refusing_proxy(server).await;
    let url = format!("http://{proxy}/");
    let output =
        tokio::task::spawn_blocking(move || run_node("tests/js/browser_longpoll.mjs", &[&url], ""))
            .await
            .expect("the driver ran");
    println!("{output}");
    assert!(output.contains("PASS"), "driver output: {output}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nested_in_axum_under_a_prefix_over_long_poll() {
    let config = live_tests::test_config().mount_path("/nested");
    let live = live_server::Server::with_config(counter::router(), config).into_service();
    let app = axum::Router::new().nest_service("/nested", live);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let server = listener.local_addr().expect("bound address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    let proxy = spawn_websocket_refusing_proxy(server).await;
    let url = format!("http://{proxy}/nested/");
    let output =
        tokio::task::spawn_blocking(move || run_node("tests/js/browser_longpoll.mjs", &[&url], ""))
            .await
            .expect("the driver ran");
    println!("{output}");
    assert!(output.contains("PASS"), "driver output: {output}");
}
