//! Long polling in a real browser: Chromium loads the counter through a proxy that refuses
//! WebSocket upgrades (as some corporate proxies do); the client falls back to `/live/longpoll`
//! and the page works.

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
