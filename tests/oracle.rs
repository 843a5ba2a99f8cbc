//! The official client as the oracle: its `Rendered` merge, applied to our join reply and to the
//! diffs of real clicks, must give the HTML of our own static render of the same state.

use live_core::Event;
use live_tests::{load_page, oracle_cases, run_node, spawn_server, ChannelClient};
use serde_json::{json, Value};

/// Feeds `cases` (each a view id and its steps) to `tests/js/oracle.mjs`; returns the HTML after
/// every step of every case.
fn oracle(cases: &[(String, Vec<Value>)]) -> Vec<Vec<String>> {
    let input = json!({
        "cases": cases.iter().map(|(id, steps)| json!({"viewId": id, "steps": steps})).collect::<Vec<_>>()
    });
    let output: Value =
        serde_json::from_str(&run_node("tests/js/oracle.mjs", &[], &input.to_string()))
            .expect("the oracle prints JSON");
    oracle_cases(&output)
}

fn click(name: &str) -> Event {
    Event::new("click", name, json!({"value": ""}))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_merge_of_join_and_three_clicks_equals_static_render() {
    let addr = spawn_server(counter::router()).await;
    let page = load_page(addr, "/").await;
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let (join_ref, reply) = client.join_page(&page, &format!("http://{addr}/")).await;
    assert_eq!(reply[4]["status"], "ok", "{reply}");
    let topic = format!("lv:{}", page.view_id);
    let mut steps = vec![reply[4]["response"]["rendered"].clone()];
    for _ in 0..3 {
        let payload = json!({"type": "click", "event": "inc", "value": {"value": ""}});
        let reference = client.push(Some(&join_ref), &topic, "event", payload).await;
        let reply = client.reply_to(&reference).await;
        steps.push(reply[4]["response"]["diff"].clone());
    }

    // Our own static renders of the same states, through the same runtime the server uses.
    let mut expected = Vec::new();
    let mut view = live_tests::mounted::<counter::Counter>("phx-static");
    expected.push(view.render_html());
    for _ in 0..3 {
        view.handle_event(&click("inc")).expect("event");
        expected.push(view.render_html());
    }
    assert_eq!(
        page.inner_html, expected[0],
        "the HTTP render is the static render"
    );
    assert!(
        expected[3].contains("<span id=\"count\">3</span>"),
        "{}",
        expected[3]
    );

    let merged = oracle(&[(page.view_id.clone(), steps.clone())]);
    assert_eq!(
        merged[0], expected,
        "client merge vs static render; steps: {steps:?}"
    );
}

#[test]
fn in_process_diffs_merge_to_the_static_render_for_mixed_events() {
    let events = ["inc", "dec", "dec", "noop", "inc", "inc", "inc"];
    let mut connected = live_tests::mounted::<counter::Counter>("phx-t");
    let mut statics = live_tests::mounted::<counter::Counter>("phx-s");
    let mut steps = vec![serde_json::from_str::<Value>(&connected.join_rendered()).expect("JSON")];
    let mut expected = vec![statics.render_html()];
    for name in events {
        connected.handle_event(&click(name)).expect("event");
        let diff = connected.render_diff();
        // An event that changes nothing produces no diff at all; the client then merges nothing.
        steps.push(diff.map_or(json!({}), |d| serde_json::from_str(&d).expect("JSON")));
        statics.handle_event(&click(name)).expect("event");
        expected.push(statics.render_html());
    }
    assert_eq!(steps[4], json!({}), "a no-op event sends no diff");
    let merged = oracle(&[("phx-t".to_owned(), steps)]);
    assert_eq!(merged[0], expected);
}

#[test]
fn the_oracle_reproduces_the_protocol_worked_example() {
    let output = run_node("tests/js/oracle.selftest.mjs", &[], "");
    assert!(!output.contains("not ok"), "{output}");
}
