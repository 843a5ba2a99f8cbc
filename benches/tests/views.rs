//! The diff-bench views do what the bench claims: one event changes one thing, and the diff
//! carries only that. No timing here.

use live_benches::{bump, event_diff, joined, view_memory, KeyedRows, TenSlots, ThousandSlots};

#[test]
fn slot_views_have_the_advertised_slot_count_and_send_one_slot() {
    let (mut ten, _) = joined::<TenSlots>();
    assert_eq!(ten.render_html().matches("<p").count(), 10);
    let (mut thousand, _) = joined::<ThousandSlots>();
    assert_eq!(thousand.render_html().matches("<p").count(), 1000);
    for _ in 0..2 {
        assert!(event_diff(&mut ten, &bump()).is_some());
        assert!(event_diff(&mut thousand, &bump()).is_some());
    }
    assert_eq!(
        event_diff(&mut ten, &bump()).as_deref(),
        Some(r#"{"0":"3"}"#)
    );
    assert_eq!(
        event_diff(&mut thousand, &bump()).as_deref(),
        Some(r#"{"0":"3"}"#)
    );
}

#[test]
fn keyed_rows_send_the_one_changed_slot_of_the_one_changed_row() {
    let (mut rows, join) = joined::<KeyedRows>();
    assert!(join > 1000 * 20);
    assert_eq!(
        event_diff(&mut rows, &bump()).as_deref(),
        Some(r#"{"0":{"k":{"500":{"2":"501"},"kc":1000}}}"#)
    );
    let html = rows.render_html();
    assert_eq!(html.matches("<tr").count(), 1000);
    assert!(html.contains(r#"<tr id="500"><td>row 500</td><td>501</td></tr>"#));
}

#[test]
fn the_fingerprint_tree_of_the_keyed_table_holds_hashes_not_strings() {
    let (rows, join) = joined::<KeyedRows>();
    let memory = view_memory(&rows);
    // 1,000 key hashes and 3,000 slot hashes of 8 bytes: well below the rendered JSON.
    assert!(memory.tree < join, "{memory:?}, join {join} bytes");
}
