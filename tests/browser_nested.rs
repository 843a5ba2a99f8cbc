//! The nested example in a real browser (Chromium driven by playwright-core, the official
//! client): a child's events stay its own, a crashing child rejoins alone while its parent keeps
//! its state, and a sticky child keeps its state across live navigation. The driver is
//! `tests/js/browser_nested.mjs`; it prints PASS only on success. The browsers run one at a time.

use std::sync::Mutex;

use live_tests::{run_node, spawn_server};

/// One Chromium at a time: the machine running the tests may be small.
static BROWSER: Mutex<()> = Mutex::new(());

/// Serves the nested example and runs the driver in `mode`.
async fn drive(mode: &'static str) {
    let addr = spawn_server(nested::router()).await;
    let url = format!("http://{addr}/");
    let output = tokio::task::spawn_blocking(move || {
        let _one_at_a_time = BROWSER.lock().unwrap_or_else(|p| p.into_inner());
        run_node("tests/js/browser_nested.mjs", &[url.as_str(), mode], "")
    })
    .await
    .expect("the driver ran");
    assert!(output.contains("PASS"), "driver output: {output}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn child_events_stay_in_the_child_and_handles_reach_parent_and_child() {
    drive("events").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crashing_child_rejoins_alone_and_the_parent_keeps_its_count() {
    drive("crash").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sticky_child_keeps_its_state_across_live_navigation() {
    drive("sticky").await;
}
