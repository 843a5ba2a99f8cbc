//! Bytes on the wire for realistic templates (issue 26): every event's diff is asserted exactly,
//! so a regression in change tracking fails here, and the bytes sent are compared with the
//! minimal diff (only the slots whose content changed). `examples/wire_size.rs` prints them.

use live_benches::wire::{self, Case};

/// Checks the diffs of `case` and that it sends at most `ratio` × the minimal bytes.
fn check(case: &Case, expected: &[&str], ratio: f64) {
    let sent: Vec<&str> = case
        .steps
        .iter()
        .map(|step| step.sent.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(sent, expected, "{}", case.name);
    for step in &case.steps {
        println!(
            "{} / {}: sent {} B, minimal {} B",
            case.name,
            step.event,
            step.sent_bytes(),
            step.minimal
        );
    }
    let (sent, minimal) = (case.sent_bytes() as f64, case.minimal_bytes() as f64);
    assert!(
        sent <= minimal * ratio,
        "{}: sent {sent} B for a minimal {minimal} B",
        case.name
    );
}

#[test]
fn todo_toggle_sends_the_entry_and_the_count() {
    check(
        &wire::todo_toggle(),
        &[
            r#"{"0":{"k":{"2":{"1":" class=\"completed\"","3":" checked"},"kc":4}},"1":"2"}"#,
            r#"{"0":{"k":{"0":{"1":" class=\"completed\"","3":" checked"},"kc":4}},"1":"1"}"#,
        ],
        1.0,
    );
}

#[test]
fn form_keystroke_sends_what_the_field_gives() {
    // The input's id, name and `label for` come from the field's name, which a keystroke does
    // not change: they are evaluated again (the form changed) but not sent.
    check(
        &wire::form_keystroke(),
        &[
            r#"{"0":{"11":{"0":{"0":{"0":" class=\"field invalid\"","5":" value=\"a\"","11":" aria-invalid=\"true\"","13":{"k":{"0":{"0":"must have the @ sign"},"kc":1},"s":["<p class=\"error\">","</p>"]}}}}}}"#,
            r#"{"0":{"11":{"0":{"0":{"5":" value=\"ad\""}}}}}"#,
            r#"{"0":{"11":{"0":{"0":{"0":" class=\"field\"","5":" value=\"ad@\"","11":"","13":{"k":{"kc":0}}}}}}}"#,
        ],
        1.1,
    );
}

#[test]
fn filter_patch_sends_the_link_classes_that_change() {
    // The `completed` link reads the filter too, but its class stays empty: left out.
    check(
        &wire::filter_patch(),
        &[
            r#"{"0":{"k":{"1":2,"2":3,"kc":3,"km":true}},"2":{"4":""},"3":{"4":" class=\"selected\""}}"#,
        ],
        1.0,
    );
}

#[test]
fn table_cell_sends_the_cell_and_the_total() {
    check(
        &wire::table_cell(),
        &[r#"{"1":{"k":{"1":{"2":"845"},"kc":3}},"2":"20290"}"#],
        1.0,
    );
}

#[test]
fn flash_is_sent_when_it_changes_only() {
    check(
        &wire::flash(),
        &[
            r#"{"0":{"0":"Saved","s":["<p class=\"alert alert-info\" role=\"alert\" phx-click=\"lv:clear-flash\" phx-value-key=\"info\">","</p>"],"r":1},"1":"1"}"#,
            r#"{"1":"2"}"#,
            r#"{"0":""}"#,
        ],
        1.0,
    );
}
