//! The lifecycle examples in a real browser (Debian's Chromium driven by playwright-core, the
//! official client): chat between two tabs, patch / navigate / full-load navigation, the clock
//! and the thermostat. Each test serves one example and runs its driver from `tests/js/`, which
//! prints PASS only on success. The browsers run one at a time.

use std::sync::Mutex;

use live_server::Router;
use live_tests::{run_node, spawn_server};

/// One Chromium at a time: the machine running the tests may be small.
static BROWSER: Mutex<()> = Mutex::new(());

/// Serves `router` and runs `node <script> <url of path> <extra…>`; the driver must print PASS.
async fn drive(router: Router, script: &'static str, path: &str, extra: &[&'static str]) {
    let addr = spawn_server(router).await;
    let url = format!("http://{addr}{path}");
    let extra = extra.to_vec();
    let output = tokio::task::spawn_blocking(move || {
        let _one_at_a_time = BROWSER.lock().unwrap_or_else(|p| p.into_inner());
        let mut args = vec![url.as_str()];
        args.extend(extra);
        run_node(script, &args, "")
    })
    .await
    .expect("the driver ran");
    assert!(output.contains("PASS"), "driver output: {output}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_two_tabs_see_each_others_messages() {
    drive(chat::router(), "tests/js/browser_chat.mjs", "/", &[]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clock_ticks() {
    drive(clock::router(), "tests/js/browser_clock.mjs", "/", &[]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thermostat_buttons_and_timer() {
    let path = "/thermostat/garden";
    drive(
        thermostat::router(),
        "tests/js/browser_thermostat.mjs",
        path,
        &[],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn navigation_patches_change_the_url_and_back_forward_restores_them() {
    let script = "tests/js/browser_navigation.mjs";
    drive(navigation::router(), script, "/", &["patch"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn navigation_within_a_live_session_keeps_the_page_and_socket() {
    let script = "tests/js/browser_navigation.mjs";
    drive(navigation::router(), script, "/", &["navigate"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn navigation_across_live_sessions_loads_the_page() {
    let script = "tests/js/browser_navigation.mjs";
    drive(navigation::router(), script, "/", &["sessions"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_shows_loading_then_data_and_the_failure() {
    drive(async_demo::router(), "tests/js/browser_async.mjs", "/", &[]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn navigation_auth_gate_redirects_to_login_and_back() {
    let script = "tests/js/browser_navigation.mjs";
    drive(navigation::router(), script, "/", &["auth"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn navigation_redirect_carries_the_flash() {
    let script = "tests/js/browser_navigation.mjs";
    drive(navigation::router(), script, "/", &["flash"]).await;
}
