//! Streams in a real browser (Chromium driven by playwright-core, the official client): the
//! feed example's infinite scroll in both directions within its DOM limit, deletes, in-place
//! edits, a reset, live inserts at the top and a reconnect; and the playlist view of every
//! stream operation, whose rows must equal what LiveViewTest shows (tests/streams.rs); and a
//! LiveComponent owning a stream (tests/stream_box), every operation through real clicks on
//! its `phx-target={@myself}` buttons (tests/component_streams.rs shows the same rows). The
//! driver is `tests/js/browser_streams.mjs`; it prints PASS only on success. The browsers run
//! one at a time.

use std::sync::Mutex;

use live_server::Router;
use live_tests::{run_node, spawn_server};

#[path = "playlist/mod.rs"]
mod playlist;

#[path = "stream_box/mod.rs"]
mod stream_box;

/// One Chromium at a time: the machine running the tests may be small.
static BROWSER: Mutex<()> = Mutex::new(());

/// Serves `router` and runs the driver in `mode`.
async fn drive(router: Router, mode: &'static str) {
    let addr = spawn_server(router).await;
    let url = format!("http://{addr}/");
    let output = tokio::task::spawn_blocking(move || {
        let _one_at_a_time = BROWSER.lock().unwrap_or_else(|p| p.into_inner());
        run_node("tests/js/browser_streams.mjs", &[url.as_str(), mode], "")
    })
    .await
    .expect("the driver ran");
    assert!(output.contains("PASS"), "driver output: {output}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scrolling_loads_pages_both_ways_within_the_dom_limit() {
    drive(feed::router(), "scroll").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_edit_in_place_and_reset() {
    drive(feed::router(), "edit").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_items_arrive_at_the_top() {
    drive(feed::router(), "live").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reconnect_shows_the_first_page_again() {
    drive(feed::router(), "reconnect").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_leaves_the_rows_the_harness_shows() {
    drive(playlist::playlist(), "playlist").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_components_stream_adds_deletes_upserts_resets_and_limits() {
    drive(stream_box::shelf(), "component").await;
}
