//! The wizard example in Chromium through the official client: its state survives a restart
//! of the server (a new server on the same port with the same `FileStore` directory), and a
//! second browser never sees it.

use live_tests::{run_node, spawn_server_control, test_config, RestartableServer};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_wizard_survives_a_server_restart_in_chromium() {
    let dir = std::env::temp_dir().join(format!("live-browser-persist-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let store_dir = dir.clone();
    let server = RestartableServer::start_with(wizard::router, move || {
        wizard::config(test_config(), &store_dir).expect("snapshot dir")
    })
    .await;
    let url = format!("http://{}/", server.addr());
    let control = format!("http://{}", spawn_server_control(server).await);
    let output = tokio::task::spawn_blocking(move || {
        run_node("tests/js/browser_persist.mjs", &[&url, &control], "")
    })
    .await
    .expect("the driver ran");
    println!("{output}");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        output.contains("PASS browser_persist"),
        "driver output: {output}"
    );
    assert!(output.contains("rejoined at step 3"), "{output}");
}
