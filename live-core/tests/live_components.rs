//! LiveComponents in the runtime: cids, the `"c"` map (only changed components, shared
//! statics), events by cid, `send_update`, `update_many`, destruction, nesting, static render.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use live_core::live_component::{ComponentSocket, ComponentUpdate, Update};
use live_core::runtime::{AnyView, ViewRuntime};
use live_core::socket::{AnyMessage, MessageSink};
use live_core::{
    html, Assigns, Event, LiveComponent, LiveView, Params, Rendered, Session, Socket, ViewError,
};
use serde_json::{json, Value};

static BATCHES: AtomicUsize = AtomicUsize::new(0);

#[derive(LiveComponent)]
struct Row {
    label: String,
    likes: u32,
    editing: bool,
}

struct RowAttrs {
    label: String,
}

impl LiveComponent for Row {
    type Attrs = RowAttrs;

    fn mount(attrs: &RowAttrs, _: &mut ComponentSocket<Self>) -> Result<Self, ViewError> {
        Ok(Row {
            label: attrs.label.clone(),
            likes: 0,
            editing: false,
        })
    }

    fn update_many(batch: Vec<Update<'_, Self>>) -> Result<(), ViewError> {
        BATCHES.fetch_add(1, Ordering::Relaxed);
        for update in batch {
            update.assigns.set_label(update.attrs.label);
        }
        Ok(())
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        socket: &mut ComponentSocket<Self>,
    ) -> Result<(), ViewError> {
        match event.name() {
            "like" => assigns.update_likes(|n| *n += 1),
            "edit" => assigns.set_editing(true),
            "tell" => {
                socket.send_parent(format!("row {} says hi", socket.id()));
            }
            "reset-total" => socket.send_update::<Total>("total", 0),
            "fail" => return Err("row failed".into()),
            _ => {}
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <li phx-click="like" phx-target={@myself}>{@label} {@likes}<b :if={@editing}>editing</b></li>
        }
    }
}

#[derive(LiveComponent)]
struct Total {
    n: u32,
}

impl LiveComponent for Total {
    type Attrs = u32;

    fn mount(n: &u32, _: &mut ComponentSocket<Self>) -> Result<Self, ViewError> {
        Ok(Total { n: *n })
    }

    fn update(
        assigns: &mut Assigns<Self>,
        n: u32,
        _: &mut ComponentSocket<Self>,
    ) -> Result<(), ViewError> {
        assigns.set_n(n);
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        // A component rendering another component.
        html! { <footer>{@n}<.live_component module={Badge} id="badge" attrs={@n * 10}/></footer> }
    }
}

#[derive(LiveComponent)]
struct Badge {
    value: u32,
}

impl LiveComponent for Badge {
    type Attrs = u32;

    fn mount(value: &u32, _: &mut ComponentSocket<Self>) -> Result<Self, ViewError> {
        Ok(Badge { value: *value })
    }

    fn update(
        assigns: &mut Assigns<Self>,
        value: u32,
        _: &mut ComponentSocket<Self>,
    ) -> Result<(), ViewError> {
        assigns.set_value(value);
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! { <i>{@value}</i> }
    }
}

#[derive(LiveView)]
struct List {
    rows: Vec<String>,
    title: String,
    heard: Vec<String>,
}

impl LiveView for List {
    type Info = String;

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(List {
            rows: vec!["a".into(), "b".into()],
            title: "T".into(),
            heard: Vec::new(),
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match event.name() {
            "add" => assigns.update_rows(|rows| rows.push(format!("r{}", rows.len()))),
            "drop-first" => assigns.update_rows(|rows| {
                rows.remove(0);
            }),
            "restore-a" => assigns.update_rows(|rows| rows.insert(0, "a".into())),
            "title" => assigns.set_title("U".into()),
            "total" => socket.send_update::<Total>("total", 5),
            "ghost" => socket.send_update::<Total>("nobody", 1),
            "rename-b" => socket.send_update::<Row>("b", RowAttrs { label: "B!".into() }),
            _ => {}
        }
        Ok(())
    }

    fn handle_info(
        assigns: &mut Assigns<Self>,
        message: String,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        assigns.update_heard(|heard| heard.push(message));
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <main>
                <h1>{@title}</h1>
                <ul>
                    <.live_component :for={row in @rows.iter()} :key={row} module={Row} id={row} label={row.clone()}/>
                </ul>
                <.live_component module={Total} id="total" attrs={1}/>
            </main>
        }
    }
}

fn mounted() -> ViewRuntime<List> {
    ViewRuntime::<List>::mount("phx-l", &Params::default(), &Session::default(), None)
        .expect("mount")
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("JSON")
}

fn click(name: &str) -> Event {
    Event::new("click", name, json!({}))
}

fn diff(view: &mut ViewRuntime<List>) -> Value {
    view.render_diff().map_or(Value::Null, |d| json(&d))
}

#[test]
fn the_join_sends_every_component_once_by_cid() {
    let mut view = mounted();
    let joined = json(&view.join_rendered());
    // The rows are cids 1 and 2, the total 3, its badge 4.
    assert_eq!(joined["1"]["k"]["0"]["0"], 1);
    assert_eq!(joined["1"]["k"]["1"]["0"], 2);
    assert_eq!(joined["2"], 3);
    let c = &joined["c"];
    assert_eq!(c["1"]["1"], "a");
    assert_eq!(c["1"]["r"], 1, "a component's root carries the root flag");
    assert!(c["1"]["s"].is_array());
    // Row 2 has the statics of row 1, sent in the same diff: shared by a positive cid.
    assert_eq!(c["2"]["s"], 1);
    assert_eq!(c["2"]["1"], "b");
    assert_eq!(c["3"]["0"], "1");
    assert_eq!(c["3"]["1"], 4, "the total renders the badge");
    assert_eq!(c["4"]["0"], "10");
    assert_eq!(view.component_count(), 4);
}

#[test]
fn only_the_component_whose_state_changed_is_sent() {
    let mut view = mounted();
    view.join_rendered();
    view.handle_event(&click("like").with_cid(2))
        .expect("event");
    assert_eq!(diff(&mut view), json!({"c": {"2": {"2": "1"}}}));
    // A view change that does not touch the rows' attributes renders no component.
    view.handle_event(&click("title")).expect("event");
    assert_eq!(diff(&mut view), json!({"0": "U"}));
    // A branch appearing inside a component.
    view.handle_event(&click("edit").with_cid(1))
        .expect("event");
    let sent = diff(&mut view);
    assert_eq!(sent["c"]["1"]["3"]["s"], json!(["<b>editing</b>"]));
}

#[test]
fn a_new_component_shares_the_statics_the_client_holds() {
    let mut view = mounted();
    view.join_rendered();
    view.handle_event(&click("add")).expect("event");
    let sent = diff(&mut view);
    assert_eq!(sent["c"]["5"]["s"], -1, "row 1 was sent before: -1");
    assert_eq!(sent["c"]["5"]["1"], "r2");
    assert!(
        sent["c"].get("1").is_none(),
        "the other rows did not change"
    );
}

#[test]
fn update_many_gets_every_row_of_a_render_at_once() {
    let mut view = mounted();
    let before = BATCHES.load(Ordering::Relaxed);
    view.join_rendered();
    // Other tests run in parallel: at least one batch, and not one per row.
    let after = BATCHES.load(Ordering::Relaxed);
    assert!(after > before);
}

#[test]
fn send_update_reaches_the_component_and_its_child() {
    let mut view = mounted();
    view.join_rendered();
    view.handle_event(&click("total")).expect("event");
    // The total's slot holding the badge is evaluated again (it reads `@n`): it names cid 4.
    assert_eq!(
        diff(&mut view),
        json!({"c": {"3": {"0": "5", "1": 4}, "4": {"0": "50"}}})
    );
    // From a component to another.
    view.handle_event(&click("reset-total").with_cid(1))
        .expect("event");
    assert_eq!(
        diff(&mut view),
        json!({"c": {"3": {"0": "0", "1": 4}, "4": {"0": "0"}}})
    );
    view.handle_event(&click("rename-b")).expect("event");
    assert_eq!(diff(&mut view), json!({"c": {"2": {"1": "B!"}}}));
}

#[test]
fn updates_and_events_for_missing_components_are_dropped() {
    let mut view = mounted();
    view.join_rendered();
    view.handle_event(&click("ghost"))
        .expect("an update for nobody");
    view.handle_event(&click("like").with_cid(99))
        .expect("an event for nobody");
    assert_eq!(view.render_diff(), None);
    let mut boxed: Box<dyn AnyView> = Box::new(view);
    let message: AnyMessage = Box::new(ComponentUpdate::new::<Total>("nobody", 3));
    boxed.handle_info(message).expect("dropped");
    assert_eq!(boxed.render_diff(), None);
    let message: AnyMessage = Box::new(ComponentUpdate::new::<Total>("total", 3));
    boxed.handle_info(message).expect("applied");
    assert_eq!(
        boxed.render_diff().map(|d| json(&d)),
        Some(json!({"c": {"3": {"0": "3", "1": 4}, "4": {"0": "30"}}}))
    );
}

#[test]
fn destroyed_components_are_freed_and_cids_never_reused() {
    let mut view = mounted();
    view.join_rendered();
    view.handle_event(&click("drop-first")).expect("event");
    let sent = diff(&mut view);
    assert_eq!(sent["1"]["k"]["0"], 1, "row b moved to the first position");
    assert_eq!(view.component_count(), 4, "kept until the client confirms");
    view.components_will_destroy(&[1, 77]);
    assert_eq!(view.components_destroyed(&[1, 2, 77]), vec![1]);
    assert_eq!(view.component_count(), 3);
    // "a" again: a new component with a new cid.
    view.handle_event(&click("restore-a")).expect("event");
    let sent = diff(&mut view);
    assert_eq!(sent["c"]["5"]["1"], "a");
    assert_eq!(
        sent["c"]["5"]["s"], -2,
        "statics from row b, which the client holds"
    );
}

#[test]
fn a_component_rendered_again_before_the_confirmation_stays() {
    let mut view = mounted();
    view.join_rendered();
    view.handle_event(&click("like").with_cid(1))
        .expect("event");
    view.render_diff();
    view.handle_event(&click("drop-first")).expect("event");
    view.render_diff();
    view.components_will_destroy(&[1]);
    view.handle_event(&click("restore-a")).expect("event");
    let sent = diff(&mut view);
    assert_eq!(
        sent["1"]["k"]["0"]["0"], 1,
        "the same cid is rendered again"
    );
    assert!(sent.get("c").is_none(), "its state did not change");
    assert_eq!(view.components_destroyed(&[1]), Vec::<u64>::new());
    assert_eq!(view.component_count(), 4);
    view.handle_event(&click("like").with_cid(1))
        .expect("event");
    assert_eq!(
        diff(&mut view),
        json!({"c": {"1": {"2": "2"}}}),
        "its likes survived"
    );
}

#[test]
fn a_component_error_is_a_view_error() {
    let mut view = mounted();
    view.join_rendered();
    let err = view
        .handle_event(&click("fail").with_cid(1))
        .expect_err("fails");
    assert_eq!(err.to_string(), "row failed");
}

struct Inbox(Mutex<Vec<AnyMessage>>);

impl MessageSink for Inbox {
    fn send(&self, message: AnyMessage) -> bool {
        self.0.lock().expect("inbox").push(message);
        true
    }
}

#[test]
fn send_parent_reaches_the_views_handle_info() {
    let inbox = Arc::new(Inbox(Mutex::new(Vec::new())));
    let mut view: Box<dyn AnyView> = Box::new(
        ViewRuntime::<List>::mount(
            "phx-p",
            &Params::default(),
            &Session::default(),
            Some(inbox.clone()),
        )
        .expect("mount"),
    );
    view.join_rendered();
    view.handle_event(&click("tell").with_cid(2))
        .expect("event");
    let messages: Vec<AnyMessage> = std::mem::take(&mut *inbox.0.lock().expect("inbox"));
    assert_eq!(messages.len(), 1);
    for message in messages {
        view.handle_info(message).expect("a String for the view");
    }
}

#[test]
fn the_static_render_marks_component_roots_as_the_client_does() {
    let mut view = mounted();
    let html = view.render_html();
    assert!(
        html.contains(r#"<li data-phx-id="c1-phx-l" data-phx-component="1" data-phx-view="phx-l" phx-click="like" phx-target="1">a 0</li>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<footer data-phx-id="c3-phx-l" data-phx-component="3" data-phx-view="phx-l">1<i data-phx-id="c4-phx-l" data-phx-component="4" data-phx-view="phx-l">10</i></footer>"#),
        "{html}"
    );
}

#[derive(LiveComponent)]
struct Loose {}

impl LiveComponent for Loose {
    type Attrs = ();
    fn mount(_: &(), _: &mut ComponentSocket<Self>) -> Result<Self, ViewError> {
        Ok(Loose {})
    }
    fn render(_: &Assigns<Self>) -> Rendered {
        html! { <p>one</p><p>two</p> }
    }
}

#[derive(LiveView)]
struct Holder {}

impl LiveView for Holder {
    type Info = ();
    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Holder {})
    }
    fn render(_: &Assigns<Self>) -> Rendered {
        html! { <div><.live_component module={Loose} id="x"/></div> }
    }
}

#[test]
fn a_component_without_one_root_element_fails_its_render() {
    let mut view =
        ViewRuntime::<Holder>::mount("phx-h", &Params::default(), &Session::default(), None)
            .expect("mount");
    let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| view.join_rendered()));
    let text = live_core::protocol::panic_text(&*panicked.expect_err("not one root"));
    assert!(text.contains("exactly one HTML element"), "{text}");
}
