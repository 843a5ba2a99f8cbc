//! Streams inside LiveComponents (issues 15 point 6, 18 point 2): the `"stream"` member inside
//! the component's entry of the `"c"` map, exactly; what LiveViewTest shows after every
//! operation (the rows the client's DOM patch keeps) with the official client cross-checking
//! every merge; a streamed row's `phx-target={@myself}` button reaching the component; the
//! official client's merge of every operation (Node oracle) against the expected HTML; the
//! component forgetting its rows after each render; and a component destroyed and re-added
//! starting with a clean stream.

use live_core::runtime::ViewRuntime;
use live_core::{Event, Params, Session, ViewError};
use live_server::testing::{LiveTest, TestError, TestView};
use live_tests::{oracle_cases, run_node};
use serde_json::{json, Value};

#[path = "stream_box/mod.rs"]
mod stream_box;
use stream_box::{shelf, ItemBox, Shelf};

/// The DOM ids of the box's rows, in order, as the view shows them.
fn rows(view: &mut TestView) -> Vec<String> {
    let html = view.render();
    let mut ids = Vec::new();
    let mut rest = html.as_str();
    while let Some(at) = rest.find("<li id=\"") {
        rest = &rest[at + 8..];
        let end = rest.find('"').unwrap_or(0);
        ids.push(rest[..end].to_owned());
    }
    ids
}

/// The box's list in its render: after the title and the twelve buttons' `phx-target`s.
const LIST: &str = "13";

/// The component's list in a diff or join (`"c"` → the box, cid `cid`).
fn list(value: &Value, cid: u32) -> &Value {
    &value["c"][cid.to_string()][LIST]
}

fn ids(numbers: &[u32]) -> Vec<String> {
    numbers.iter().map(|n| format!("items-{n}")).collect()
}

/// The `diff` of the last reply or push the view received.
fn last_diff(view: &TestView) -> Value {
    view.frames()
        .iter()
        .rev()
        .find_map(|frame| frame.payload.get("diff").cloned())
        .unwrap_or(Value::Null)
}

/// Clicks `selector` and returns the rows shown afterwards.
fn click(view: &mut TestView, selector: &str) -> Result<Vec<String>, TestError> {
    view.element(selector).render_click(json!({}))?;
    Ok(rows(view))
}

/// Every operation through the harness, the official client checking each merge: the rows are
/// those the browser shows (tests/js/browser_streams.mjs, mode "component", expects the same).
#[test]
fn every_operation_in_a_component_shows_what_the_browser_shows() -> Result<(), TestError> {
    let app = LiveTest::new(&shelf()).oracle(true);
    let mut view = app.live("/")?;
    assert!(view.static_html().contains(r#"<li id="items-1""#));
    assert_eq!(rows(&mut view), ids(&[1, 2]));
    assert_eq!(click(&mut view, "#append")?, ids(&[1, 2, 3]));
    assert_eq!(click(&mut view, "#prepend")?, ids(&[4, 1, 2, 3]));
    assert_eq!(click(&mut view, "#insert-at-1")?, ids(&[4, 5, 1, 2, 3]));
    // An upsert keeps the row in place, with its new content.
    assert_eq!(click(&mut view, "#rename-2")?, ids(&[4, 5, 1, 2, 3]));
    assert!(view.render().contains(">Renamed 2 (1)</span>"));
    // Update-only: replaces a row the client holds, never adds one.
    assert_eq!(click(&mut view, "#touch-2")?, ids(&[4, 5, 1, 2, 3]));
    assert!(view.render().contains(">Touched 2</span>"));
    assert_eq!(click(&mut view, "#touch-99")?, ids(&[4, 5, 1, 2, 3]));
    // A streamed row's own button reaches the component.
    assert_eq!(click(&mut view, "#items-3 button")?, ids(&[4, 5, 1, 2]));
    assert_eq!(click(&mut view, "#delete-dom-1")?, ids(&[4, 5, 2]));
    // Limits: a positive one keeps the first rows, a negative one the last.
    assert_eq!(click(&mut view, "#prepend-limit")?, ids(&[6, 4, 5]));
    assert_eq!(click(&mut view, "#append-limit")?, ids(&[4, 5, 7]));
    assert_eq!(click(&mut view, "#many")?, ids(&[4, 5, 7, 8, 9, 10]));
    // The stream's own limit applies to every later insert.
    assert_eq!(click(&mut view, "#configure")?, ids(&[4, 5, 7, 8, 9, 10]));
    assert_eq!(click(&mut view, "#append")?, ids(&[8, 9, 10, 11]));
    // The page re-renders the component with a new title: the rows stay, no stream is sent.
    assert_eq!(click(&mut view, "#retitle")?, ids(&[8, 9, 10, 11]));
    assert!(view.render().contains(r#"<h2 id="box-title">Items!</h2>"#));
    assert!(
        !last_diff(&view).to_string().contains("stream"),
        "{}",
        last_diff(&view)
    );
    assert_eq!(click(&mut view, "#reset")?, ids(&[12]));
    // Off the page: the rows go with the component, which the client destroys.
    assert_eq!(click(&mut view, "#toggle")?, ids(&[]));
    assert_eq!(view.component_count(), 0);
    // Back: a fresh component, its stream starting over from mount.
    assert_eq!(click(&mut view, "#toggle")?, ids(&[1, 2]));
    assert_eq!(click(&mut view, "#append")?, ids(&[1, 2, 3]));
    Ok(())
}

/// `element("#items-3 button").render_click()` sends the event with the component's cid.
#[test]
fn a_streamed_rows_button_reaches_the_component() -> Result<(), TestError> {
    let mut view = LiveTest::new(&shelf()).live("/")?;
    view.element("#append").render_click(())?;
    let html = view.element("#items-3 button").render_click(())?;
    assert!(!html.contains(r#"id="items-3""#), "{html}");
    let sent = view
        .frames()
        .iter()
        .rev()
        .find(|frame| frame.event == "event")
        .map(|frame| (frame.payload["cid"].clone(), frame.payload["value"].clone()));
    assert_eq!(sent, Some((json!(1), json!({"id": "3", "value": ""}))));
    assert_eq!(
        last_diff(&view),
        json!({"c": {"1": {LIST: {"k": {"kc": 0}, "stream": ["items", [], ["items-3"]]}}}})
    );
    Ok(())
}

fn mounted() -> Result<ViewRuntime<Shelf>, ViewError> {
    ViewRuntime::<Shelf>::mount("phx-s", &Params::default(), &Session::default(), None)
}

fn box_event(name: &str, value: Value) -> Event {
    Event::new("click", name, value).with_cid(1)
}

/// The wire form of each operation inside the component's entry of `"c"`, exactly.
#[test]
fn each_operation_has_its_exact_diff_inside_the_c_map() -> Result<(), ViewError> {
    let mut view = mounted()?;
    let joined: Value = serde_json::from_str(&view.join_rendered()).expect("json");
    let joined_list = list(&joined, 1);
    assert_eq!(
        joined_list["stream"],
        json!([
            "items",
            [["items-1", -1, null, false], ["items-2", -1, null, false]],
            []
        ])
    );
    assert_eq!(joined_list["k"]["kc"], 2);
    assert_eq!(joined_list["k"]["0"]["0"], " id=\"items-1\"");
    let mut step = |name: &str, value: Value| -> Result<Option<String>, ViewError> {
        view.handle_event(&box_event(name, value))?;
        Ok(view.render_diff())
    };
    let row = |id: u32, title: &str| {
        format!(
            r#"{{"0":" id=\"items-{id}\"","1":"{title}","2":" phx-value-id=\"{id}\"","3":" phx-target=\"1\""}}"#
        )
    };
    assert_eq!(
        step("insert", json!({"at": "0", "limit": "-5"}))?.as_deref(),
        Some(
            format!(
                r#"{{"c":{{"1":{{"13":{{"k":{{"0":{},"kc":1}},"stream":["items",[["items-3",0,-5,false]],[]]}}}}}}}}"#,
                row(3, "Item 3")
            )
            .as_str()
        )
    );
    assert_eq!(
        step("touch", json!({"id": "2"}))?.as_deref(),
        Some(
            format!(
                r#"{{"c":{{"1":{{"13":{{"k":{{"0":{},"kc":1}},"stream":["items",[["items-2",-1,null,true]],[]]}}}}}}}}"#,
                row(2, "Touched 2")
            )
            .as_str()
        )
    );
    assert_eq!(
        step("delete", json!({"id": "3"}))?.as_deref(),
        Some(r#"{"c":{"1":{"13":{"k":{"kc":0},"stream":["items",[],["items-3"]]}}}}"#)
    );
    assert_eq!(
        step("delete_dom", json!({"dom": "items-1"}))?.as_deref(),
        Some(r#"{"c":{"1":{"13":{"k":{"kc":0},"stream":["items",[],["items-1"]]}}}}"#)
    );
    assert_eq!(
        step("reset", json!({}))?.as_deref(),
        Some(
            format!(
                r#"{{"c":{{"1":{{"13":{{"k":{{"0":{},"kc":1}},"stream":["items",[["items-4",-1,null,false]],[],true]}}}}}}}}"#,
                row(4, "Item 4")
            )
            .as_str()
        )
    );
    // The stream's limit rides on every insert without its own.
    step("configure", json!({"limit": "-2"}))?;
    let diff: Value =
        serde_json::from_str(&step("insert", json!({}))?.expect("a diff")).expect("json");
    assert_eq!(
        list(&diff, 1)["stream"],
        json!(["items", [["items-5", -1, -2, false]], []])
    );
    assert_eq!(step("nothing", json!({}))?, None);
    Ok(())
}

/// The component's state holds no rows once a render sent them, and stays as small after a
/// thousand inserts as after one.
#[test]
fn the_component_keeps_no_rows_after_a_render() -> Result<(), ViewError> {
    let mut view = mounted()?;
    view.join_rendered();
    let held = |view: &ViewRuntime<Shelf>| {
        let state = view.component::<ItemBox>("box").expect("the box is there");
        (state.items.iter().len(), state.items.heap_bytes())
    };
    assert_eq!(
        held(&view).0,
        0,
        "the join sent items 1 and 2 and forgot them"
    );
    view.handle_event(&box_event("many", json!({})))?;
    assert_eq!(held(&view).0, 3, "queued until the render");
    assert!(view.render_diff().is_some_and(|d| d.contains("items-5")));
    let (rows, first) = held(&view);
    assert_eq!(rows, 0);
    for _ in 0..1000 {
        view.handle_event(&box_event("many", json!({})))?;
        view.render_diff();
    }
    assert_eq!(held(&view), (0, first), "nothing grows with the rows sent");
    assert!(view.tree_bytes() > 0);
    Ok(())
}

/// Taken off the page and destroyed, then rendered again with the same id: a new component
/// (new cid) whose stream holds what its mount inserted, nothing of the old one's.
#[test]
fn a_component_destroyed_and_re_added_starts_clean() -> Result<(), ViewError> {
    let mut view = mounted()?;
    view.join_rendered();
    view.handle_event(&box_event("reset", json!({})))?;
    view.render_diff();
    view.handle_event(&Event::new("click", "toggle", json!({})))?;
    view.render_diff();
    view.components_will_destroy(&[1]);
    assert_eq!(view.components_destroyed(&[1]), [1]);
    assert!(view.component::<ItemBox>("box").is_none());
    view.handle_event(&Event::new("click", "toggle", json!({})))?;
    let diff: Value = serde_json::from_str(&view.render_diff().expect("a diff")).expect("json");
    assert_eq!(
        list(&diff, 2)["stream"],
        json!([
            "items",
            [["items-1", -1, null, false], ["items-2", -1, null, false]],
            []
        ]),
        "{diff}"
    );
    assert!(diff["c"].get("1").is_none());
    Ok(())
}

/// A row as the official client renders it from the tree (the component's cid in
/// `phx-target`).
fn row_html(id: u32, title: &str, cid: u32) -> String {
    format!(
        r#"<li id="items-{id}"><span class="title">{title}</span><button phx-click="delete" phx-value-id="{id}" phx-target="{cid}">delete</button></li>"#
    )
}

/// One step of the oracle test: the event, the rows its diff carries (id, title), the stream
/// instructions it hands to the DOM patch.
type Operation = (Event, Vec<(u32, &'static str)>, Value);

/// Every operation's diff merged by the official client (Node): after each step its HTML is
/// the page with exactly the rows that step carried in the container (the client hands them
/// to the DOM patch and drops them from its tree), and the stream instructions it hands over
/// are the expected ones.
#[test]
fn the_official_client_merges_every_operation_in_a_component() -> Result<(), ViewError> {
    let mut view = mounted()?;
    let mut steps = vec![serde_json::from_str::<Value>(&view.join_rendered()).expect("json")];
    let empty = view.render_html();
    let container = r#"<ul id="items" phx-update="stream">"#;
    assert!(empty.contains(&format!("{container}</ul>")), "{empty}");
    let with_rows = |rows: &[(u32, &str)], cid: u32, html: &str| {
        let rows: String = rows.iter().map(|(id, t)| row_html(*id, t, cid)).collect();
        html.replacen(
            &format!("{container}</ul>"),
            &format!("{container}{rows}</ul>"),
            1,
        )
    };
    let mut expected = vec![with_rows(&[(1, "Item 1"), (2, "Item 2")], 1, &empty)];
    let mut streams = vec![list(&steps[0], 1)["stream"].clone()];
    let ops: Vec<Operation> = vec![
        (
            box_event("insert", json!({})),
            vec![(3, "Item 3")],
            json!(["items", [["items-3", -1, null, false]], []]),
        ),
        (
            box_event("insert", json!({"at": "0"})),
            vec![(4, "Item 4")],
            json!(["items", [["items-4", 0, null, false]], []]),
        ),
        (
            box_event("insert", json!({"at": "1"})),
            vec![(5, "Item 5")],
            json!(["items", [["items-5", 1, null, false]], []]),
        ),
        (
            box_event("rename", json!({"id": "2"})),
            vec![(2, "Renamed 2 (1)")],
            json!(["items", [["items-2", 0, null, false]], []]),
        ),
        (
            box_event("touch", json!({"id": "99"})),
            vec![(99, "Touched 99")],
            json!(["items", [["items-99", -1, null, true]], []]),
        ),
        (
            box_event("delete", json!({"id": "3"})),
            vec![],
            json!(["items", [], ["items-3"]]),
        ),
        (
            box_event("delete_dom", json!({"dom": "items-1"})),
            vec![],
            json!(["items", [], ["items-1"]]),
        ),
        (
            box_event("insert", json!({"at": "0", "limit": "3"})),
            vec![(6, "Item 6")],
            json!(["items", [["items-6", 0, 3, false]], []]),
        ),
        (
            box_event("insert", json!({"at": "-1", "limit": "-3"})),
            vec![(7, "Item 7")],
            json!(["items", [["items-7", -1, -3, false]], []]),
        ),
        (
            box_event("many", json!({})),
            vec![(8, "Item 8"), (9, "Item 9"), (10, "Item 10")],
            json!([
                "items",
                [
                    ["items-8", -1, null, false],
                    ["items-9", -1, null, false],
                    ["items-10", -1, null, false]
                ],
                []
            ]),
        ),
        (
            box_event("reset", json!({})),
            vec![(11, "Item 11")],
            json!(["items", [["items-11", -1, null, false]], [], true]),
        ),
    ];
    for (event, rows, stream) in ops {
        view.handle_event(&event)?;
        let diff: Value = serde_json::from_str(&view.render_diff().expect("a diff")).expect("json");
        streams.push(list(&diff, 1)["stream"].clone());
        assert_eq!(streams.last(), Some(&stream), "{diff}");
        steps.push(diff);
        expected.push(with_rows(&rows, 1, &view.render_html()));
    }
    // The page re-renders the component without touching the stream: no rows, no stream.
    view.handle_event(&Event::new("click", "retitle", json!({})))?;
    let diff: Value = serde_json::from_str(&view.render_diff().expect("a diff")).expect("json");
    assert!(!diff.to_string().contains("stream"), "{diff}");
    steps.push(diff);
    expected.push(view.render_html());
    // Off the page and back, after the client destroyed it: a new cid, mount's rows.
    view.handle_event(&Event::new("click", "toggle", json!({})))?;
    steps.push(serde_json::from_str(&view.render_diff().expect("a diff")).expect("json"));
    expected.push(view.render_html());
    view.components_will_destroy(&[1]);
    assert_eq!(view.components_destroyed(&[1]), [1]);
    view.handle_event(&Event::new("click", "toggle", json!({})))?;
    steps.push(serde_json::from_str(&view.render_diff().expect("a diff")).expect("json"));
    expected.push(with_rows(
        &[(1, "Item 1"), (2, "Item 2")],
        2,
        &view.render_html(),
    ));
    let input = json!({"cases": [{"viewId": "phx-s", "steps": steps}]});
    let output: Value =
        serde_json::from_str(&run_node("tests/js/oracle.mjs", &[], &input.to_string()))
            .expect("the oracle prints JSON");
    let merged = oracle_cases(&output);
    assert_eq!(merged[0].len(), expected.len());
    for (n, (theirs, ours)) in merged[0].iter().zip(&expected).enumerate() {
        assert_eq!(theirs, ours, "step {n}: {}", steps[n]);
    }
    Ok(())
}
