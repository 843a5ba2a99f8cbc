//! The load driver end to end, small: it spawns `bench_server`, joins views over real
//! sockets, and reports round trips with no client errors. No timing is asserted.

use std::process::Command;

/// Runs `load <args>` and returns its stdout, failing the test when it fails.
fn load(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_load"))
        .args(args)
        .output()
        .expect("the load binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "load {args:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

const NO_ERRORS: &str = "errors: connect 0 join 0 reply 0 timeout 0 heartbeat 0 dropped 0";

#[test]
fn idle_views_join_and_answer_sampled_events() {
    let out = load(&["idle", "--views", "40", "--sample", "4", "--events", "3"]);
    assert!(out.contains("40/40 views joined"), "{out}");
    assert!(
        out.contains("round trip of 12 events on 4 sampled views"),
        "{out}"
    );
    assert!(out.contains(NO_ERRORS), "{out}");
    assert!(
        out.contains("| /counter: views connected (of 40) | 40 |"),
        "{out}"
    );
}

#[test]
fn the_table_app_sends_one_cell_per_event_and_a_bigger_join() {
    let out = load(&["table", "--views", "5", "--events", "1"]);
    // 100 events per app on one client; both apps answered every one.
    assert_eq!(out.matches(NO_ERRORS).count(), 2, "{out}");
    assert!(out.contains("/table: 5 views"), "{out}");
    let join_line = out
        .lines()
        .find(|l| l.starts_with("| table ÷ counter, join reply"))
        .expect("the join ratio line");
    assert!(join_line.contains("/ 299 ="), "{join_line}");
}

#[test]
fn a_short_soak_keeps_normal_clients_error_free() {
    let out = load(&[
        "soak",
        "--views",
        "20",
        "--rate",
        "20",
        "--secs",
        "3",
        "--hostile",
        "1",
        "--stalled",
        "1",
    ]);
    assert!(out.contains("soak completed"), "{out}");
    assert!(out.contains("| soak: normal clients' errors | 0 "), "{out}");
    assert!(out.contains("2 MiB frame: close 1009"), "{out}");
}
