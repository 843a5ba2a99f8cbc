//! The debug cross-check: the official client's own merge (the Node oracle of this repository,
//! `tests/js/oracle.mjs`) run on every step a test view received.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::{json, Value};

/// The environment variable that switches the cross-check on for every test view (`1`).
pub(crate) const ORACLE_ENV: &str = "LIVE_TEST_ORACLE";

/// The environment variable naming the oracle script, when it is not this repository's.
pub(crate) const ORACLE_SCRIPT_ENV: &str = "LIVE_TEST_ORACLE_SCRIPT";

/// Whether [`ORACLE_ENV`] asks for the cross-check.
pub(crate) fn enabled_by_env() -> bool {
    std::env::var(ORACLE_ENV).is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

fn script() -> PathBuf {
    match std::env::var_os(ORACLE_SCRIPT_ENV) {
        Some(path) => PathBuf::from(path),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/js/oracle.mjs"),
    }
}

/// The HTML the official client holds after each of `steps` (the join's `rendered` first, then
/// each diff as sent), for the view `view_id`.
pub(crate) fn run(view_id: &str, steps: &[Value]) -> Result<Vec<String>, String> {
    let script = script();
    if !script.exists() {
        return Err(format!(
            "the oracle script {} does not exist (set {ORACLE_SCRIPT_ENV})",
            script.display()
        ));
    }
    let input = json!({"cases": [{"viewId": view_id, "steps": steps}]}).to_string();
    let mut child = Command::new("node")
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| format!("could not run node: {err}"))?;
    let mut stdin = child.stdin.take().ok_or("no stdin for node")?;
    // Written from another thread so a large output cannot block a large input.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child
        .wait_with_output()
        .map_err(|err| format!("node failed: {err}"))?;
    let _ = writer.join();
    if !output.status.success() {
        return Err(format!(
            "the official client failed on these steps: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let parsed: Value = serde_json::from_slice(&output.stdout)
        .map_err(|err| format!("unexpected oracle output: {err}"))?;
    parsed["cases"][0]
        .as_array()
        .map(|steps| {
            steps
                .iter()
                .map(|s| s.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .ok_or_else(|| "unexpected oracle output".to_owned())
}
