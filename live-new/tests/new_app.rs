//! The template end to end: in an application generated into a temporary directory, its own
//! CI script passes (`ci.sh`: rustfmt, clippy with warnings denied, and its LiveViewTest tests;
//! no browser).
//!
//! The application gets this workspace's `Cargo.lock` (the same versions, nothing to fetch:
//! `--offline`) and a target directory of its own under this workspace's, kept between runs
//! so that a second run only rebuilds the application. (Not the workspace's own target
//! directory: the cargo running this test may hold its lock.)

use std::path::PathBuf;
use std::process::Command;

/// This workspace's target directory: the test binary is `<target>/<profile>/deps/<name>`.
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    exe.ancestors()
        .nth(3)
        .map(PathBuf::from)
        .expect("the test binary sits in <target>/<profile>/deps")
}

#[test]
fn a_new_app_passes_its_own_ci_script() {
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("live-new sits in the workspace")
        .to_path_buf();
    let dir = std::env::temp_dir().join(format!("live-new-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let options = live_new::Options::new("hello_live").dir(&dir);
    let files = live_new::generate(&options).expect("the app is generated");
    assert!(files.iter().any(|f| f.ends_with("tests/guestbook.rs")));
    let app = options.app_dir();
    std::fs::copy(workspace.join("Cargo.lock"), app.join("Cargo.lock")).expect("copy the lockfile");

    let output = Command::new("bash")
        .arg("ci.sh")
        .current_dir(&app)
        .env("CARGO_TARGET_DIR", target_dir().join("live-new-app"))
        .env("CARGO_NET_OFFLINE", "true")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        output.status.success(),
        "ci.sh in the new app failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("test result: ok. 2 passed"),
        "the app's two tests ran: {stdout}"
    );
}
