//! LiveComponents end to end: through the test harness (events routed by `phx-target`, forms
//! in components, destruction confirmed as the client confirms it, `send_update` from PubSub),
//! through the official client's merge (the `"c"` diffs of add, update, remove, re-add,
//! nesting and shared statics), and over a real socket (the destroy pair).

use live_core::Event;
use live_server::testing::LiveTest;
use live_tests::{load_page, oracle_cases, run_node, spawn_server, ChannelClient};
use serde_json::{json, Value};

fn app() -> LiveTest {
    LiveTest::new(&components::router())
}

#[test]
fn a_click_inside_a_row_reaches_that_row_only() {
    let mut view = app().live("/").expect("mounts");
    assert_eq!(view.component_count(), 4, "three rows and the modal");
    let html = view
        .element("#row-3 button.edit")
        .render_click(json!({}))
        .expect("click");
    assert!(html.contains(r#"<form id="edit-3""#), "{html}");
    assert!(!html.contains(r#"<form id="edit-2""#), "{html}");
    // The frame carried the row's cid.
    let sent = view
        .frames()
        .iter()
        .rev()
        .find(|frame| frame.event == "event")
        .map(|frame| frame.payload["cid"].clone());
    assert_eq!(sent, Some(json!(3)));
}

#[test]
fn a_form_inside_a_row_validates_and_saves_through_the_parent() {
    let mut view = app().live("/").expect("mounts");
    view.element("#row-2 button.edit")
        .render_click(json!({}))
        .expect("edit");
    let html = view
        .form("#edit-2", json!({"title": "   "}))
        .render_change()
        .expect("change");
    assert!(
        html.contains("can&#39;t be blank") || html.contains("can't be blank"),
        "{html}"
    );
    let html = view
        .form("#edit-2", json!({"title": "Write the guide"}))
        .render_submit()
        .expect("submit");
    assert!(
        html.contains(r#"<span class="title">Write the guide</span>"#),
        "{html}"
    );
}

#[test]
fn deleted_rows_are_destroyed_and_freed() {
    let mut view = app().live("/").expect("mounts");
    let destroyed = |view: &live_server::testing::TestView| -> Vec<Value> {
        view.frames()
            .iter()
            .filter(|frame| frame.event == "cids_destroyed")
            .map(|frame| frame.payload["cids"].clone())
            .collect()
    };
    view.element("#row-1 button.delete")
        .render_click(json!({}))
        .expect("delete");
    assert_eq!(destroyed(&view), vec![json!([1])]);
    view.element("#row-2 button.delete")
        .render_click(json!({}))
        .expect("delete");
    assert_eq!(destroyed(&view), vec![json!([2])]);
    assert_eq!(view.component_count(), 2, "one row and the modal are left");
    assert_eq!(view.client_component_count(), 2);
}

#[test]
fn the_modal_opens_by_selector_and_closes_itself() {
    let mut view = app().live("/").expect("mounts");
    let html = view
        .element("#open-modal")
        .render_click(json!({}))
        .expect("open");
    assert!(html.contains(r#"class="modal-body""#), "{html}");
    let html = view
        .element("#close-modal")
        .render_click(json!({}))
        .expect("close");
    assert!(!html.contains("modal-body"), "{html}");
}

#[test]
fn a_pubsub_ping_updates_the_first_row_through_send_update() {
    let mut view = app().live("/").expect("mounts");
    let html = view.element("#ping").render_click(json!({})).expect("ping");
    assert!(
        html.contains(r#"<small class="pings">1</small></li><li id="row-2""#)
            || html.contains(r#"<small class="pings">1</small>"#),
        "{html}"
    );
}

/// Feeds each case (view id, steps) to the official client's merge.
fn oracle(cases: &[(String, Vec<Value>)]) -> Vec<Vec<String>> {
    let input = json!({
        "cases": cases.iter().map(|(id, steps)| json!({"viewId": id, "steps": steps})).collect::<Vec<_>>()
    });
    let output: Value =
        serde_json::from_str(&run_node("tests/js/oracle.mjs", &[], &input.to_string()))
            .expect("the oracle prints JSON");
    oracle_cases(&output)
}

fn event(name: &str, cid: Option<u64>, value: Value) -> Event {
    let event = Event::from_payload(&json!({"type": "form", "event": name, "value": value}))
        .unwrap_or_else(|_| Event::new("click", name, value.clone()));
    match cid {
        Some(cid) => event.with_cid(cid),
        None => event,
    }
}

#[test]
fn the_official_client_merges_component_diffs_to_the_static_render() {
    let mut live = live_tests::mounted::<components::TodoPage>("phx-c");
    let mut steps = vec![serde_json::from_str::<Value>(&live.join_rendered()).expect("JSON")];
    let mut expected = vec![live.render_html()];
    let mut step = |live: &mut live_core::runtime::ViewRuntime<components::TodoPage>,
                    event: Option<Event>,
                    destroy: &[u64]| {
        if let Some(event) = event {
            live.handle_event(&event).expect("event");
        }
        let diff = live.render_diff();
        steps.push(diff.map_or(json!({}), |d| serde_json::from_str(&d).expect("JSON")));
        if !destroy.is_empty() {
            live.components_will_destroy(destroy);
            assert_eq!(live.components_destroyed(destroy), destroy.to_vec());
        }
        expected.push(live.render_html());
    };
    // Update: one row's own state.
    step(&mut live, Some(event("edit", Some(2), json!({}))), &[]);
    // Add: a new row, its statics shared with a row the client holds ("s": -1).
    step(&mut live, Some(event("add", None, json!("title=Tea"))), &[]);
    // Remove: the row leaves; the client destroys it.
    step(
        &mut live,
        Some(event("delete", None, json!({"id": "1"}))),
        &[1],
    );
    // Update by send_update from the page (PubSub's path), and a change in a form.
    live.handle_info(components::ToPage::Ping).expect("ping");
    step(&mut live, None, &[]);
    step(
        &mut live,
        Some(event("validate", Some(2), json!("title="))),
        &[],
    );
    // Re-add: the same id as a removed row, a fresh component with a new cid.
    step(
        &mut live,
        Some(event("add", None, json!("title=Again"))),
        &[],
    );
    assert!(
        steps.iter().any(|s| s["c"]
            .as_object()
            .is_some_and(|c| c.values().any(|v| v["s"].as_i64().is_some_and(|s| s < 0)))),
        "a component shared statics by a negative cid: {steps:?}"
    );
    let merged = oracle(&[("phx-c".to_owned(), steps.clone())]);
    assert_eq!(merged[0], expected, "steps: {steps:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_destroy_pair_over_a_socket_frees_the_component() {
    let addr = spawn_server(components::router()).await;
    let page = load_page(addr, "/").await;
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let (join_ref, reply) = client.join_page(&page, &format!("http://{addr}/")).await;
    assert_eq!(reply[4]["status"], "ok", "{reply}");
    assert_eq!(
        reply[4]["response"]["rendered"]["c"]["1"]["r"], 1,
        "{reply}"
    );
    let topic = format!("lv:{}", page.view_id);
    let delete = json!({"type": "click", "event": "delete", "value": {"id": "1"}});
    let reference = client.push(Some(&join_ref), &topic, "event", delete).await;
    let reply = client.reply_to(&reference).await;
    assert_eq!(reply[4]["status"], "ok", "{reply}");
    let reference = client
        .push(
            Some(&join_ref),
            &topic,
            "cids_will_destroy",
            json!({"cids": [1]}),
        )
        .await;
    let reply = client.reply_to(&reference).await;
    assert_eq!(reply[4]["status"], "ok", "{reply}");
    let reference = client
        .push(
            Some(&join_ref),
            &topic,
            "cids_destroyed",
            json!({"cids": [1, 99]}),
        )
        .await;
    let reply = client.reply_to(&reference).await;
    assert_eq!(reply[4]["response"]["cids"], json!([1]), "{reply}");
    // Malformed lists are refused, the view stays.
    let reference = client
        .push(
            Some(&join_ref),
            &topic,
            "cids_destroyed",
            json!({"cids": "x"}),
        )
        .await;
    let reply = client.reply_to(&reference).await;
    assert_eq!(reply[4]["status"], "error", "{reply}");
    // An event for a destroyed component is dropped without harm.
    let stale = json!({"type": "click", "event": "edit", "value": {}, "cid": 1});
    let reference = client.push(Some(&join_ref), &topic, "event", stale).await;
    let reply = client.reply_to(&reference).await;
    assert_eq!(reply[4]["status"], "ok", "{reply}");
}
