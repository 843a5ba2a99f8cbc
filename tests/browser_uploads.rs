//! The uploads example in a real browser (Debian's Chromium driven by playwright-core, the
//! official client): files chosen with the picker, uploaded with progress and saved on submit;
//! per-entry and per-upload errors and cancelling; a dropped file; an auto upload; an external
//! upload through the page's uploader; a tab closed mid-upload; an upload inside a
//! LiveComponent; and uploads over the long-poll fallback. Each test runs `tests/js/browser_uploads.mjs`, which prints PASS only on
//! success, and checks the server side: the saved bytes, and an upload directory left empty.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use live_tests::{run_node, spawn_server_with, spawn_websocket_refusing_proxy, test_config};

/// One Chromium at a time: the machine running the tests may be small.
static BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

const SCRIPT: &str = "tests/js/browser_uploads.mjs";

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "live-browser-uploads-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|listing| {
            listing
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Waits (bounded) until `dir` holds no file.
async fn wait_empty(dir: &Path) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !files_in(dir).is_empty() {
        assert!(
            Instant::now() < deadline,
            "the upload directory still holds {:?}",
            files_in(dir)
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Serves the example with its own upload and save directories, runs the driver's
/// `scenario` (it must print PASS), and returns the two directories.
async fn drive(scenario: &'static str) -> (PathBuf, PathBuf) {
    let uploads = scratch(&format!("{scenario}-tmp"));
    let saved = scratch(&format!("{scenario}-saved"));
    let config = test_config()
        .upload_dir(&uploads)
        .head_html(uploads::UPLOADERS);
    let mut addr = spawn_server_with(uploads::router(saved.clone()), config).await;
    if scenario == "longpoll" {
        addr = spawn_websocket_refusing_proxy(addr).await;
    }
    let url = format!("http://{addr}/");
    let _one_at_a_time = BROWSER.lock().await;
    let output =
        tokio::task::spawn_blocking(move || run_node(SCRIPT, &[url.as_str(), scenario], ""))
            .await
            .expect("the driver ran");
    assert!(output.contains("PASS"), "driver output: {output}");
    (uploads, saved)
}

/// The bytes the driver makes for a file of `size` bytes.
fn pattern(size: usize) -> Vec<u8> {
    (0..size).map(|i| ((i * 31 + 7) & 0xff) as u8).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_20_mb_file_uploads_with_progress_and_is_saved() {
    let (uploads, saved) = drive("upload").await;
    let names = files_in(&saved);
    assert_eq!(names.len(), 2, "{names:?}");
    let big = names
        .iter()
        .find(|n| n.ends_with("big.png"))
        .expect("big.png saved");
    let bytes = std::fs::read(saved.join(big)).expect("read the saved file");
    assert!(
        bytes == pattern(20_000_000),
        "the saved bytes are the chosen file's"
    );
    wait_empty(&uploads).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn size_type_and_count_errors_show_and_cancel_removes_them() {
    let (uploads, saved) = drive("errors").await;
    assert_eq!(files_in(&saved).len(), 2);
    wait_empty(&uploads).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_file_uploads() {
    let (uploads, saved) = drive("drop").await;
    let names = files_in(&saved);
    assert!(
        names.len() == 1 && names[0].ends_with("dropped.png"),
        "{names:?}"
    );
    wait_empty(&uploads).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_auto_upload_is_saved_when_done() {
    let (uploads, saved) = drive("auto").await;
    assert_eq!(files_in(&saved).len(), 1);
    wait_empty(&uploads).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_external_upload_reports_progress_from_the_pages_uploader() {
    let (uploads, saved) = drive("external").await;
    assert!(files_in(&saved).is_empty(), "no byte reached the server");
    assert!(files_in(&uploads).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_the_tab_mid_upload_leaves_no_temporary_file() {
    let (uploads, saved) = drive("tabclose").await;
    assert!(files_in(&saved).is_empty());
    wait_empty(&uploads).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_component_receives_its_own_upload_and_consumes_it() {
    let (uploads, saved) = drive("component").await;
    assert!(files_in(&saved) == ["documents"], "{:?}", files_in(&saved));
    let documents = saved.join("documents");
    let names = files_in(&documents);
    assert_eq!(names.len(), 2, "{names:?}");
    let notes = names
        .iter()
        .find(|n| n.ends_with("notes.txt"))
        .expect("notes.txt saved");
    assert!(std::fs::read(documents.join(notes)).expect("read") == pattern(300_000));
    wait_empty(&uploads).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_upload_over_the_long_poll_fallback() {
    let (uploads, saved) = drive("longpoll").await;
    let names = files_in(&saved);
    assert_eq!(names.len(), 2, "{names:?}");
    let polled = names
        .iter()
        .find(|n| n.ends_with("polled.png"))
        .expect("polled.png saved");
    assert!(std::fs::read(saved.join(polled)).expect("read") == pattern(2_000_000));
    wait_empty(&uploads).await;
}
