//! The signup example in a real browser (Debian's Chromium driven by playwright-core, the
//! official client): live validation that shows errors only on touched fields, a slow submit
//! with `phx-disable-with` ending on the next page with a flash, `phx-trigger-action` posting
//! the form over HTTP, and form recovery across a server restart on the same port. Each test
//! runs `tests/js/browser_signup.mjs`, which prints PASS only on success. The browsers run one
//! at a time.

use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use live_server::{Config, Server};
use live_tests::{repo_root, run_node, spawn_server};

/// One Chromium at a time: the machine running the tests may be small.
static BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

const SCRIPT: &str = "tests/js/browser_signup.mjs";

/// Serves the signup example and runs the driver's `scenario`; it must print PASS.
async fn drive(scenario: &'static str) {
    let addr = spawn_server(signup::router()).await;
    let url = format!("http://{addr}/");
    let _one_at_a_time = BROWSER.lock().await;
    let output =
        tokio::task::spawn_blocking(move || run_node(SCRIPT, &[url.as_str(), scenario], ""))
            .await
            .expect("the driver ran");
    assert!(output.contains("PASS"), "driver output: {output}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_shows_errors_only_on_touched_fields() {
    drive("validate").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submitting_disables_the_button_then_navigates_with_the_flash() {
    drive("submit").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trigger_action_posts_the_form_over_http() {
    drive("trigger").await;
}

/// The secret both servers share, so the page's signed session and view tokens stay valid.
const SECRET: &str = "forms test secret: at least thirty-two bytes long";

/// Serves the signup example on `addr` until `stop` fires; returns the bound address.
async fn serve(
    addr: SocketAddr,
    stop: tokio::sync::oneshot::Receiver<()>,
) -> (SocketAddr, tokio::task::JoinHandle<std::io::Result<()>>) {
    let server = Server::with_config(signup::router(), Config::new(SECRET))
        .bind(addr)
        .await
        .expect("bind");
    let bound = server.local_addr().expect("bound address");
    let task = tokio::spawn(server.serve_with_shutdown(async {
        let _ = stop.await;
    }));
    (bound, task)
}

/// Form recovery: the driver types, then prints STOP; the server shuts down (closing the
/// socket with 1012), a new one starts on the same port with the same secret, and the driver,
/// told RESTARTED, checks that the rejoined view got the typed values back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn form_recovery_after_a_server_restart() {
    let (stop_first, first_stopped) = tokio::sync::oneshot::channel();
    let (addr, first) = serve("127.0.0.1:0".parse().expect("address"), first_stopped).await;
    let _one_at_a_time = BROWSER.lock().await;

    let mut child = Command::new("node")
        .arg(repo_root().join(SCRIPT))
        .args([format!("http://{addr}/").as_str(), "recover"])
        .current_dir(repo_root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node is installed and on PATH");
    let stdout = child.stdout.take().expect("piped stdout");
    let mut stderr_pipe = child.stderr.take().expect("piped stderr");
    let stderr = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr_pipe, &mut text);
        text
    });
    let mut stdin = child.stdin.take().expect("piped stdin");
    // Lines of the driver's output, read on a thread.
    let (line_tx, mut lines) = tokio::sync::mpsc::unbounded_channel::<String>();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line_tx.send(line).is_err() {
                break;
            }
        }
    });

    let mut output = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(150);
    let mut first = Some((stop_first, first));
    let mut second = None;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let Ok(line) = tokio::time::timeout(left, lines.recv()).await else {
            let _ = child.kill();
            let _ = child.wait();
            let stderr = stderr.join().unwrap_or_default();
            panic!(
                "the driver did not finish in time:\n{}\n{stderr}",
                output.join("\n")
            );
        };
        let Some(line) = line else { break };
        let stop = if line.trim() == "STOP" {
            first.take()
        } else {
            None
        };
        if let Some((stop_first, first)) = stop {
            stop_first.send(()).expect("the first server runs");
            first
                .await
                .expect("the first server task")
                .expect("the first server stopped cleanly");
            let (stop_second, second_stopped) = tokio::sync::oneshot::channel();
            let (again, task) = serve(addr, second_stopped).await;
            assert_eq!(again, addr, "the new server took the same port");
            second = Some((stop_second, task));
            writeln!(stdin, "RESTARTED").expect("tell the driver");
            stdin.flush().expect("flush");
            output.push(format!("(server restarted on {addr})"));
        } else {
            output.push(line);
        }
    }
    let status = child.wait().expect("the driver exits");
    let stderr = stderr.join().unwrap_or_default();
    let output = output.join("\n");
    assert!(
        status.success() && output.contains("PASS"),
        "driver failed ({status}):\n{output}\n{stderr}"
    );
    let (stop_second, task) = second.expect("the driver asked for a restart");
    let _ = stop_second.send(());
    let _ = task.await;
}
