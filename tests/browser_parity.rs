//! Phoenix parity (issue 21) in a real browser (Chromium driven by playwright-core, the
//! official client): page titles with prefix and suffix, live actions with patch links and
//! history, a live session's root layout, LiveSocket options from the server and connect params
//! from a page script, a portal teleported to `<body>`, a view's
//! colocated hook and styles. The driver is `tests/js/browser_parity.mjs`; it prints PASS only on
//! success. The browsers run one at a time.

mod parity_app;

use std::sync::Mutex;

use live_tests::{run_node, spawn_server_with};

/// One Chromium at a time: the machine running the tests may be small.
static BROWSER: Mutex<()> = Mutex::new(());

/// Serves the parity app and runs the driver in `mode`.
async fn drive(mode: &'static str) {
    // A page script adds a `params` function: the official client calls it at each join.
    let config = parity_app::config().head_html(
        r#"<script>window.liveSocketOptions = { params: () => ({ tz: "Mars/Olympus" }) };</script>"#,
    );
    let addr = spawn_server_with(parity_app::router(), config).await;
    let url = format!("http://{addr}");
    let output = tokio::task::spawn_blocking(move || {
        let _one_at_a_time = BROWSER.lock().unwrap_or_else(|p| p.into_inner());
        run_node("tests/js/browser_parity.mjs", &[url.as_str(), mode], "")
    })
    .await
    .expect("the driver ran");
    assert!(output.contains("PASS"), "driver output: {output}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_title_is_in_the_first_render_and_keeps_its_prefix_and_suffix() {
    drive("title").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_actions_open_and_close_the_modal_with_patches() {
    drive("actions").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_root_layout_socket_options_and_connect_params_reach_the_browser() {
    drive("layout").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_portal_renders_at_the_end_of_the_body_and_stays_the_views() {
    drive("portal").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_colocated_hook_and_its_styles_load_without_head_html() {
    drive("hooks").await;
}
