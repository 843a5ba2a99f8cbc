//! The components example in a real browser (Chromium driven by playwright-core, the official
//! client): events routed to the right component, a form in a component, a modal targeted by
//! selector, `send_update` from a PubSub message, deleted rows freed on the server, and a sticky
//! timer that keeps its state across live navigation and crashes alone. The driver is
//! `tests/js/browser_components.mjs`; it prints PASS only on success.

use std::sync::Mutex;

use live_tests::{run_node, spawn_server};

/// One Chromium at a time: the machine running the tests may be small.
static BROWSER: Mutex<()> = Mutex::new(());

/// Serves the components example and runs the driver in `mode`.
async fn drive(mode: &'static str) {
    let addr = spawn_server(components::router()).await;
    let url = format!("http://{addr}/");
    let output = tokio::task::spawn_blocking(move || {
        let _one_at_a_time = BROWSER.lock().unwrap_or_else(|p| p.into_inner());
        run_node("tests/js/browser_components.mjs", &[url.as_str(), mode], "")
    })
    .await
    .expect("the driver ran");
    assert!(output.contains("PASS"), "driver output: {output}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_forms_modal_and_pubsub_reach_the_right_component() {
    drive("rows").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_rows_frees_their_components_on_the_server() {
    drive("destroy").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sticky_timer_keeps_its_state_and_crashes_alone() {
    drive("sticky").await;
}
