//! Streams (issue 18): the wire form of every stream operation, what LiveViewTest shows after
//! each (the rows the client's DOM patch keeps), the official client's merge of the same diffs
//! (Node oracle), a join over a real WebSocket, and the server forgetting the rows.

use live_core::runtime::ViewRuntime;
use live_core::{Event, Params, Session, ViewError};
use live_server::testing::{live, LiveTest, TestError, TestView};
use live_tests::{load_page, spawn_server, ChannelClient};

#[path = "playlist/mod.rs"]
mod playlist;
use serde_json::{json, Value};

/// The DOM ids of the feed's rows, in order, as the view shows them.
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

fn items(range: std::ops::Range<u64>) -> Vec<String> {
    range.map(|n| format!("items-{n}")).collect()
}

/// The `diff` of the last reply the view received.
fn last_diff(view: &TestView) -> Value {
    view.frames()
        .iter()
        .rev()
        .find_map(|frame| frame.payload.get("diff").cloned())
        .unwrap_or(Value::Null)
}

/// The `"stream"` member found anywhere in `value`.
fn stream_member(value: &Value) -> Option<Value> {
    match value {
        Value::Object(map) => map
            .get("stream")
            .cloned()
            .or_else(|| map.values().find_map(stream_member)),
        _ => None,
    }
}

#[test]
fn the_join_streams_the_first_page_and_the_static_render_shows_it() -> Result<(), TestError> {
    let mut view = live(&feed::router(), "/")?;
    assert!(view.static_html().contains(r#"<li id="items-0""#));
    assert_eq!(rows(&mut view), items(0..20));
    let rendered = &view.frames()[1].payload["rendered"];
    let stream = stream_member(rendered).expect("the join carries the stream");
    assert_eq!(stream[0], "items");
    assert_eq!(stream[1][0], json!(["items-0", -1, null, false]));
    assert_eq!(stream[2], json!([]));
    assert!(
        stream.get(3).is_none(),
        "no reset: the 4th element is absent"
    );
    // The rows carry the client's stream stamp.
    assert!(view
        .render()
        .contains(r#" data-phx-stream="items"><span class="title">Item #0<"#));
    Ok(())
}

#[test]
fn scrolling_down_appends_pages_and_the_dom_keeps_at_most_the_limit() -> Result<(), TestError> {
    let mut view = live(&feed::router(), "/")?;
    for _ in 0..2 {
        view.element("#items").render_viewport_bottom()?;
    }
    assert_eq!(rows(&mut view), items(0..60));
    // The viewport event names the last row.
    let event = &view.frames()[view.frames().len() - 2].payload;
    assert_eq!(
        event,
        &json!({"type": "js", "event": "next-page", "value": {"id": "items-39"}})
    );
    view.element("#items").render_viewport_bottom()?;
    assert_eq!(rows(&mut view), items(20..80), "the top page left the DOM");
    let stream = stream_member(&last_diff(&view)).expect("a stream diff");
    assert_eq!(stream[1][0], json!(["items-60", -1, -60, false]));
    view.element("#items").render_viewport_bottom()?;
    assert_eq!(rows(&mut view), items(40..100));
    assert_eq!(view.element("#window").text()?, "items 40–100 of 1000000");
    assert!(rows(&mut view).len() <= feed::LIMIT as usize);
    Ok(())
}

#[test]
fn scrolling_back_up_restores_earlier_rows_and_drops_the_bottom() -> Result<(), TestError> {
    let mut view = live(&feed::router(), "/")?;
    assert!(
        view.element("#items").render_viewport_top().is_err(),
        "at the top there is no phx-viewport-top"
    );
    for _ in 0..4 {
        view.element("#items").render_viewport_bottom()?;
    }
    assert_eq!(rows(&mut view), items(40..100));
    view.element("#items").render_viewport_top()?;
    assert_eq!(rows(&mut view), items(20..80));
    let stream = stream_member(&last_diff(&view)).expect("a stream diff");
    // The page is inserted last row first, each on top, with a positive limit.
    assert_eq!(stream[1][0], json!(["items-39", 0, 60, false]));
    view.element("#items").render_viewport_top()?;
    assert_eq!(rows(&mut view), items(0..60));
    Ok(())
}

#[test]
fn a_deleted_row_disappears_and_stays_deleted() -> Result<(), TestError> {
    let mut view = live(&feed::router(), "/")?;
    view.element("#items-5 .delete").render_click(())?;
    let mut expected = items(0..20);
    expected.remove(5);
    assert_eq!(rows(&mut view), expected);
    let stream = stream_member(&last_diff(&view)).expect("a stream diff");
    assert_eq!(stream, json!(["items", [], ["items-5"]]));
    // Back to the top: the deleted row is not generated again.
    view.element("#top").render_click(())?;
    assert!(!rows(&mut view).contains(&"items-5".to_owned()));
    Ok(())
}

#[test]
fn an_edited_row_is_replaced_in_place() -> Result<(), TestError> {
    let mut view = live(&feed::router(), "/")?;
    view.element("#items-3 .edit").render_click(())?;
    assert_eq!(rows(&mut view), items(0..20), "the row did not move");
    assert!(view.has_element("#items-3 form#edit-3"));
    let stream = stream_member(&last_diff(&view)).expect("a stream diff");
    assert_eq!(
        stream[1][0],
        json!(["items-3", -1, null, true]),
        "update only"
    );
    view.form("#edit-3", json!({"title": "Renamed"}))
        .render_submit()?;
    assert_eq!(rows(&mut view), items(0..20));
    assert_eq!(view.element("#items-3 .title").text()?, "Renamed");
    assert!(!view.has_element("#edit-3"));
    Ok(())
}

#[test]
fn back_to_the_top_resets_the_list() -> Result<(), TestError> {
    let mut view = live(&feed::router(), "/")?;
    for _ in 0..5 {
        view.element("#items").render_viewport_bottom()?;
    }
    view.element("#top").render_click(())?;
    assert_eq!(rows(&mut view), items(0..20));
    let stream = stream_member(&last_diff(&view)).expect("a stream diff");
    assert_eq!(stream[3], json!(true), "a reset");
    Ok(())
}

#[test]
fn new_items_arrive_at_the_top_within_the_limit() -> Result<(), TestError> {
    let mut view = live(&feed::router(), "/")?;
    view.element("#items").render_viewport_bottom()?;
    view.element("#items").render_viewport_bottom()?;
    assert_eq!(rows(&mut view).len(), 60);
    view.advance(feed::TICK)?;
    let shown = rows(&mut view);
    assert_eq!(shown[0], "items-1000000");
    assert_eq!(shown.len(), 60, "the bottom row left");
    assert_eq!(shown[59], "items-58");
    assert!(view.render().contains("Live item #1"));
    Ok(())
}

/// Every operation's diff, merged by the official client (Node), renders what the harness's
/// merge renders.
#[test]
fn the_official_client_merges_every_stream_diff() -> Result<(), TestError> {
    let app = LiveTest::new(&feed::router()).oracle(true);
    let mut view = app.live("/")?;
    view.element("#items").render_viewport_bottom()?;
    view.element("#items-7 .edit").render_click(())?;
    view.form("#edit-7", json!({"title": "x"}))
        .render_submit()?;
    view.element("#items-8 .delete").render_click(())?;
    view.advance(feed::TICK)?;
    view.element("#top").render_click(())?;
    assert_eq!(rows(&mut view).len(), 19, "items-8 stays deleted");
    Ok(())
}

// ---- a view of its own: every operation, positions and limits (tests/playlist) ----

use playlist::{playlist, Playlist};

fn song_rows(view: &mut TestView) -> Vec<String> {
    rows(view)
}

fn event(view: &mut TestView, name: &str, value: Value) -> Result<String, TestError> {
    view.render_hook(name, value)
}

#[test]
fn positions_limits_upserts_and_trailing_children_follow_the_client() -> Result<(), TestError> {
    let app = LiveTest::new(&playlist()).oracle(true);
    let mut view = app.live("/")?;
    // Hooks need a phx-hook element: drive the view's events through render_hook on the root.
    assert_eq!(song_rows(&mut view), ["songs-1", "songs-2", "songs-footer"]);
    event(
        &mut view,
        "insert",
        json!({"id": 3, "title": "Three", "at": 0}),
    )?;
    assert_eq!(
        song_rows(&mut view),
        ["songs-3", "songs-1", "songs-2", "songs-footer"]
    );
    event(
        &mut view,
        "insert",
        json!({"id": 4, "title": "Four", "at": 1}),
    )?;
    assert_eq!(
        song_rows(&mut view),
        ["songs-3", "songs-4", "songs-1", "songs-2", "songs-footer"]
    );
    // An upsert: the row keeps its place whatever `at` says.
    event(
        &mut view,
        "insert",
        json!({"id": 1, "title": "Uno", "at": 0}),
    )?;
    assert_eq!(
        song_rows(&mut view),
        ["songs-3", "songs-4", "songs-1", "songs-2", "songs-footer"]
    );
    assert!(view.render().contains(">Uno</li>"));
    // Appends go before the trailing child that is no stream row.
    event(&mut view, "insert", json!({"id": 5, "title": "Five"}))?;
    assert_eq!(
        song_rows(&mut view),
        [
            "songs-3",
            "songs-4",
            "songs-1",
            "songs-2",
            "songs-5",
            "songs-footer"
        ]
    );
    // A positive limit keeps the first children: the footer counts, and leaves for this patch.
    event(
        &mut view,
        "insert",
        json!({"id": 6, "title": "Six", "at": 0, "limit": 3}),
    )?;
    assert_eq!(song_rows(&mut view), ["songs-6", "songs-3", "songs-4"]);
    // The next patch renders the footer again: it is added back at the end.
    event(&mut view, "delete", json!({"id": 3}))?;
    assert_eq!(song_rows(&mut view), ["songs-6", "songs-4", "songs-footer"]);
    // Another assign changing leaves the rows alone and sends no stream.
    event(&mut view, "heading", json!({"title": "Mix"}))?;
    assert_eq!(last_diff(&view), json!({"0": "Mix"}));
    assert_eq!(song_rows(&mut view), ["songs-6", "songs-4", "songs-footer"]);
    event(&mut view, "reset", json!({"id": 9, "title": "Nine"}))?;
    assert_eq!(song_rows(&mut view), ["songs-9", "songs-footer"]);
    Ok(())
}

/// The wire form of each operation, exactly.
#[test]
fn each_operation_has_its_exact_diff() -> Result<(), ViewError> {
    let mut view =
        ViewRuntime::<Playlist>::mount("phx-1", &Params::default(), &Session::default(), None)?;
    let joined: Value = serde_json::from_str(&view.join_rendered()).expect("json");
    assert_eq!(
        joined["1"],
        json!({
            "k": {
                "0": {"0": " id=\"songs-1\"", "1": "One"},
                "1": {"0": " id=\"songs-2\"", "1": "Two"},
                "kc": 2
            },
            "s": ["<li", ">", "</li>"],
            "stream": ["songs", [["songs-1", -1, null, false], ["songs-2", -1, null, false]], []],
        })
    );
    let mut step = |name: &str, value: Value| -> Result<Option<String>, ViewError> {
        view.handle_event(&Event::new("click", name, value))?;
        Ok(view.render_diff())
    };
    assert_eq!(
        step(
            "insert",
            json!({"id": 3, "title": "Three", "at": 0, "limit": -5})
        )?
        .as_deref(),
        Some(
            r#"{"1":{"k":{"0":{"0":" id=\"songs-3\"","1":"Three"},"kc":1},"stream":["songs",[["songs-3",0,-5,false]],[]]}}"#
        )
    );
    assert_eq!(
        step("delete", json!({"id": 3}))?.as_deref(),
        Some(r#"{"1":{"k":{"kc":0},"stream":["songs",[],["songs-3"]]}}"#)
    );
    assert_eq!(
        step("reset", json!({"id": 9, "title": "Nine"}))?.as_deref(),
        Some(
            r#"{"1":{"k":{"0":{"0":" id=\"songs-9\"","1":"Nine"},"kc":1},"stream":["songs",[["songs-9",-1,null,false]],[],true]}}"#
        )
    );
    assert_eq!(
        step("heading", json!({"title": "x"}))?.as_deref(),
        Some(r#"{"0":"x"}"#)
    );
    assert_eq!(step("nothing", json!({}))?, None);
    Ok(())
}

/// The server forgets the rows: after a thousand pages the view holds what it held after one
/// (client tree and stream queue).
#[test]
fn the_server_keeps_no_rows() -> Result<(), ViewError> {
    let mut view =
        ViewRuntime::<feed::Feed>::mount("phx-1", &Params::default(), &Session::default(), None)?;
    view.join_rendered();
    let page = |view: &mut ViewRuntime<feed::Feed>, n: u64| -> Result<usize, ViewError> {
        let last = json!({"id": format!("items-{}", n * feed::PAGE - 1)});
        view.handle_event(&Event::new("js", "next-page", last))?;
        let diff = view.render_diff().unwrap_or_default();
        assert!(
            diff.contains(&format!("items-{}", n * feed::PAGE)),
            "{diff}"
        );
        Ok(view.tree_bytes() + view.assigns().items().heap_bytes())
    };
    let first = page(&mut view, 1)?;
    let mut last = first;
    for n in 2..1000 {
        last = page(&mut view, n)?;
    }
    assert_eq!(first, last, "nothing grows with the rows sent");
    assert_eq!(view.assigns().items().iter().len(), 0, "no row is kept");
    Ok(())
}

/// Over a real WebSocket: the join reply carries the stream, an event's reply its operations.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_stream_travels_over_the_socket() {
    let addr = spawn_server(feed::router()).await;
    let page = load_page(addr, "/").await;
    assert!(page.inner_html.contains(r#"id="items-19""#));
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let (join_ref, reply) = client.join_page(&page, &format!("http://{addr}/")).await;
    assert_eq!(reply[4]["status"], "ok");
    let stream = stream_member(&reply[4]["response"]["rendered"]).expect("stream in the join");
    assert_eq!(stream[1].as_array().map(Vec::len), Some(20));
    let topic = format!("lv:{}", page.view_id);
    let reference = client
        .push(
            Some(&join_ref),
            &topic,
            "event",
            json!({"type": "js", "event": "next-page", "value": {"id": "items-19"}}),
        )
        .await;
    let reply = client.reply_to(&reference).await;
    let stream = stream_member(&reply[4]["response"]["diff"]).expect("stream in the reply");
    assert_eq!(stream[1][0], json!(["items-20", -1, -60, false]));
    assert_eq!(stream[1].as_array().map(Vec::len), Some(20));
    // A hostile id is ignored, not a crash.
    let reference = client
        .push(
            Some(&join_ref),
            &topic,
            "event",
            json!({"type": "js", "event": "next-page", "value": {"id": "items-99999999999999999999"}}),
        )
        .await;
    let reply = client.reply_to(&reference).await;
    assert_eq!(reply[4]["status"], "ok");
}
