//! End to end in a real browser: Debian's Chromium, driven by playwright-core, runs the official
//! client bundle against the counter example.

use live_tests::{run_node, spawn_server};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counter_clicks_in_chromium() {
    let addr = spawn_server(counter::router()).await;
    let url = format!("http://{addr}/");
    let output =
        tokio::task::spawn_blocking(move || run_node("tests/js/browser_counter.mjs", &[&url], ""))
            .await
            .expect("the driver ran");
    assert!(output.contains("PASS"), "driver output: {output}");
}
