//! `<.table>` (`live_core::components::table`) over a `Stream` and over a `Vec`, side by side in
//! one view, through LiveViewTest with the official client as the oracle (every diff is also
//! merged by the client's `Rendered` in Node, and must render what the harness renders): rows
//! inserted and deleted, the stream's DOM ids on the rows, the `<:empty>` row, `row_click`.

use live_core::components::{button, table};
use live_core::js::{PushOpts, JS};
use live_core::{
    html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, Stream, ViewError,
};
use live_server::testing::{LiveTest, TestError, TestView};
use live_server::Router;
use serde_json::{json, Value};

#[derive(Debug, Clone, PartialEq)]
struct Person {
    id: u32,
    name: String,
}

fn person(id: u32) -> Person {
    Person {
        id,
        name: format!("Person {id}"),
    }
}

/// The same people twice: a stream (the client keeps the rows) and a list (the server does).
#[derive(LiveView)]
struct People {
    streamed: Stream<Person>,
    listed: Vec<Person>,
    next: u32,
    selected: Option<u32>,
}

impl LiveView for People {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        let mut streamed = Stream::new("people", |p: &Person| p.id);
        streamed.insert_many([person(1), person(2)]);
        Ok(People {
            streamed,
            listed: vec![person(1), person(2)],
            next: 3,
            selected: None,
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let id: Option<u32> = event
            .params()
            .get_str("id")
            .and_then(|id| id.parse().ok())
            .or_else(|| event.params().get("id").ok());
        match (event.name(), id) {
            ("add", _) => {
                let new = person(assigns.next);
                assigns.set_next(assigns.next + 1);
                assigns.update_listed(|listed| listed.push(new.clone()));
                assigns.update_streamed(|streamed| streamed.insert(new));
            }
            ("delete", Some(id)) => {
                assigns.update_listed(|listed| listed.retain(|p| p.id != id));
                assigns.update_streamed(|streamed| streamed.delete(&person(id)));
            }
            ("select", Some(id)) => assigns.set_selected(Some(id)),
            _ => {}
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <button id="add" phx-click="add">Add</button>
            <p id="selected">{@selected.map(|id| id.to_string()).unwrap_or_default()}</p>
            <.table id="people" rows={&@streamed} row_click={|p| JS::push_with("select", PushOpts::new().value("id", p.id))}>
                <:col label="Name" :let={p}>{p.name}</:col>
                <:col label="Id" :let={p}>{p.id}</:col>
                <:action :let={p}>
                    <.button id={format!("delete-{}", p.id)} type="button" variant="ghost" phx-click="delete" rest={vec![("phx-value-id", p.id.to_string())]}>Delete</.button>
                </:action>
                <:empty>Nobody here.</:empty>
            </.table>
            <.table id="list" rows={&@listed} row_id={|p| format!("listed-{}", p.id)}>
                <:col label="Name" :let={p}>{p.name}</:col>
                <:empty>Nobody listed.</:empty>
            </.table>
        }
    }
}

fn router() -> Router {
    Router::new().live::<People>("/")
}

/// The ids of the rows of the body `#{table}-rows`, in order.
fn row_ids(view: &mut TestView, table: &str) -> Result<Vec<String>, TestError> {
    let html = view.element(&format!("#{table}-rows")).render()?;
    Ok(html
        .split("<tr id=\"")
        .skip(1)
        .filter_map(|row| row.split('"').next())
        .map(str::to_owned)
        .collect())
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

/// The `diff` of the last reply the view received.
fn last_diff(view: &TestView) -> Value {
    view.frames()
        .iter()
        .rev()
        .find_map(|frame| frame.payload.get("diff").cloned())
        .unwrap_or(Value::Null)
}

#[test]
fn a_stream_table_inserts_and_deletes_rows_like_a_list_table() -> Result<(), TestError> {
    let app = LiveTest::new(&router()).oracle(true);
    let mut view = app.live("/")?;

    // The stream's body is its container; the rows carry the stream's DOM ids.
    let body = view.element("#people-rows").render()?;
    assert!(
        body.starts_with(r#"<tbody id="people-rows" phx-update="stream">"#),
        "{body}"
    );
    assert_eq!(
        row_ids(&mut view, "people")?,
        ["people-1", "people-2", "people-empty"]
    );
    assert_eq!(row_ids(&mut view, "list")?, ["listed-1", "listed-2"]);
    assert_eq!(view.element("#people-1 td:first-child").text()?, "Person 1");
    assert_eq!(
        view.element("#people thead").text()?,
        "NameIdActions",
        "a heading per column, and one for the actions"
    );
    let joined = &view.frames()[1].payload["rendered"];
    let stream = stream_member(joined).expect("the join carries the stream");
    assert_eq!(stream[0], "people");
    assert_eq!(stream[1][0], json!(["people-1", -1, null, false]));

    // An insert: the new row goes before the trailing empty row, in both tables.
    view.element("#add").render_click(())?;
    assert_eq!(
        row_ids(&mut view, "people")?,
        ["people-1", "people-2", "people-3", "people-empty"]
    );
    assert_eq!(
        row_ids(&mut view, "list")?,
        ["listed-1", "listed-2", "listed-3"]
    );
    let stream = stream_member(&last_diff(&view)).expect("an insert is a stream diff");
    assert_eq!(
        stream[1],
        json!([["people-3", -1, null, false]]),
        "only the new row"
    );
    assert_eq!(view.element("#people-3 td:first-child").text()?, "Person 3");

    // A delete through the row's action: only its DOM id travels.
    view.element("#delete-2").render_click(())?;
    assert_eq!(
        row_ids(&mut view, "people")?,
        ["people-1", "people-3", "people-empty"]
    );
    assert_eq!(row_ids(&mut view, "list")?, ["listed-1", "listed-3"]);
    let stream = stream_member(&last_diff(&view)).expect("a delete is a stream diff");
    assert_eq!((&stream[1], &stream[2]), (&json!([]), &json!(["people-2"])));

    // row_click: a cell pushes the row's event.
    view.element("#people-3 td:first-child").render_click(())?;
    assert_eq!(view.element("#selected").text()?, "3");

    // Every row gone: the stream keeps only its empty row, the list shows its empty note.
    view.element("#delete-1").render_click(())?;
    view.element("#delete-3").render_click(())?;
    assert_eq!(row_ids(&mut view, "people")?, ["people-empty"]);
    assert_eq!(view.element("#people-empty").text()?, "Nobody here.");
    assert_eq!(row_ids(&mut view, "list")?, Vec::<String>::new());
    assert_eq!(
        view.element("#list + .table-empty, .table-empty").text()?,
        "Nobody listed."
    );

    // And back: a row added after the table emptied.
    view.element("#add").render_click(())?;
    assert_eq!(row_ids(&mut view, "people")?, ["people-4", "people-empty"]);
    assert_eq!(row_ids(&mut view, "list")?, ["listed-4"]);
    Ok(())
}
