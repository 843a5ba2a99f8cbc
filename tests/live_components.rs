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
    assert_eq!(
        view.component_count(),
        6,
        "three rows, the modal, the new-todo form, the activity log"
    );
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
    assert_eq!(
        view.component_count(),
        4,
        "one row, the modal, the form and the log are left"
    );
    assert_eq!(view.client_component_count(), 4);
}

#[test]
fn form_recovery_rebuilds_a_component_of_a_fresh_view() {
    // After a crash the client rejoins (a fresh view) and sends each recovered form's
    // `phx-change` to the form's component: the new-todo form is cid 5 in every render.
    let mut fresh = live_tests::mounted::<components::TodoPage>("phx-r");
    fresh.join_rendered();
    fresh
        .handle_event(&Event::form("validate", "title=Buy+bread").with_cid(5))
        .expect("recovered");
    let html = fresh.render_html();
    assert!(
        html.contains(r#"<span class="preview">Buy bread</span>"#),
        "{html}"
    );
    let mut view = app().live("/").expect("mounts");
    let html = view
        .form("#new-todo", json!({"title": "Tea"}))
        .render_submit()
        .expect("submit");
    assert!(html.contains(r#"<span class="title">Tea</span>"#), "{html}");
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

/// `html` with the activity log's stream container emptied.
fn without_activity_lines(html: &str) -> String {
    let open = r#"<ol id="activity-lines" phx-update="stream">"#;
    match html.find(open) {
        Some(start) => {
            let inner = start + open.len();
            let end = html[inner..]
                .find("</ol>")
                .map_or(html.len(), |end| inner + end);
            format!("{}{}", &html[..inner], &html[end..])
        }
        None => html.to_owned(),
    }
}

/// The activity log (a component owning a stream): the page's actions arrive on top through
/// `send_update`, the newest five stay, a line dismisses itself, "Clear" resets the stream.
#[test]
fn the_activity_log_streams_the_pages_actions() {
    let app = LiveTest::new(&components::router()).oracle(true);
    let mut view = app.live("/").expect("mounts");
    let lines = |view: &mut live_server::testing::TestView| -> Vec<String> {
        let html = view.render();
        let mut out = Vec::new();
        let mut rest = html.as_str();
        while let Some(at) = rest.find(r#"<span class="line">"#) {
            rest = &rest[at + 19..];
            out.push(rest[..rest.find('<').unwrap_or(0)].to_owned());
        }
        out
    };
    assert!(lines(&mut view).is_empty());
    view.element("#row-1 button.delete")
        .render_click(json!({}))
        .expect("delete");
    view.form("#new-todo", json!({"title": "Tea"}))
        .render_submit()
        .expect("add");
    assert_eq!(lines(&mut view), ["Added Tea", "Deleted Buy milk"]);
    for n in 0..5 {
        view.form("#new-todo", json!({"title": format!("T{n}")}))
            .render_submit()
            .expect("add");
    }
    let shown = lines(&mut view);
    assert_eq!(shown.len(), 5, "the newest five: {shown:?}");
    assert_eq!(shown[0], "Added T4");
    view.element("#activity-7 button.dismiss")
        .render_click(json!({}))
        .expect("dismiss");
    assert_eq!(lines(&mut view).len(), 4);
    assert!(!view.render().contains(r#"id="activity-7""#));
    view.element("#clear-activity")
        .render_click(json!({}))
        .expect("clear");
    assert!(lines(&mut view).is_empty());
    view.element("#ping").render_click(json!({})).expect("ping");
    assert_eq!(lines(&mut view), ["Pinged Write docs"]);
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
    // The activity log's lines live in the DOM only (a step's render shows the lines it
    // carried, the server's static render none): both are compared without them here;
    // tests/component_streams.rs checks streams inside components line by line.
    let merged: Vec<String> = oracle(&[("phx-c".to_owned(), steps.clone())])[0]
        .iter()
        .map(|html| without_activity_lines(html))
        .collect();
    let expected: Vec<String> = expected
        .iter()
        .map(|html| without_activity_lines(html))
        .collect();
    assert_eq!(merged, expected, "steps: {steps:?}");
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

mod tasks {
    //! A component's own task (`start_async` → `handle_async`) and a delayed `send_update`.

    use std::time::Duration;

    use live_core::live_component::ComponentSocket;
    use live_core::socket::TimerId;
    use live_core::{
        html, Assigns, AsyncOutcome, Event, LiveComponent, LiveView, Params, Rendered, Session,
        Socket, ViewError,
    };
    use live_server::testing::LiveTest;
    use live_tests::{load_page, spawn_server, ChannelClient};
    use serde_json::json;

    #[derive(LiveComponent)]
    struct Loader {
        status: String,
        /// The update `later` scheduled, until `cancel`.
        pending: Option<TimerId>,
    }

    impl LiveComponent for Loader {
        type Attrs = String;

        fn mount(status: &String, _: &mut ComponentSocket<Self>) -> Result<Self, ViewError> {
            Ok(Loader {
                status: status.clone(),
                pending: None,
            })
        }

        fn update(
            assigns: &mut Assigns<Self>,
            status: String,
            _: &mut ComponentSocket<Self>,
        ) -> Result<(), ViewError> {
            assigns.set_status(status);
            Ok(())
        }

        fn handle_event(
            assigns: &mut Assigns<Self>,
            event: &Event,
            socket: &mut ComponentSocket<Self>,
        ) -> Result<(), ViewError> {
            match event.name() {
                "load" => {
                    assigns.set_status("loading".into());
                    socket.start_async("load", async { Ok::<_, String>(42_u32) });
                }
                "later" => {
                    let ms: u64 = event.params().get("ms").unwrap_or(2000);
                    let status = event.params().get_str("status").unwrap_or("updated later");
                    let timer = socket.send_update_after::<Loader>(
                        Duration::from_millis(ms),
                        socket.id().to_owned(),
                        status.to_owned(),
                    );
                    assigns.set_pending(timer);
                }
                "cancel" => {
                    if let Some(timer) = assigns.pending {
                        socket.cancel_timer(timer);
                        assigns.set_pending(None);
                    }
                }
                _ => {}
            }
            Ok(())
        }

        fn handle_async(
            assigns: &mut Assigns<Self>,
            name: &str,
            outcome: AsyncOutcome,
            _: &mut ComponentSocket<Self>,
        ) -> Result<(), ViewError> {
            let value = outcome.into_result::<u32>().map_err(ViewError::new)?;
            assigns.set_status(format!("{name}: {value}"));
            Ok(())
        }

        fn render(assigns: &Assigns<Self>) -> Rendered {
            html! {
                <p id="loader">
                    <button id="load" phx-click="load" phx-target={@myself}>load</button>
                    <button id="later" phx-click="later" phx-target={@myself}>later</button>
                    <button id="cancel" phx-click="cancel" phx-target={@myself}>cancel</button>
                    <span id="status">{@status.as_str()}</span>
                </p>
            }
        }
    }

    #[derive(LiveView)]
    struct Page {}

    impl LiveView for Page {
        type Info = ();
        fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
            Ok(Page {})
        }
        fn render(_: &Assigns<Self>) -> Rendered {
            html! { <div><.live_component module={Loader} id="loader" attrs={"idle".to_owned()}/></div> }
        }
    }

    #[test]
    fn a_components_task_ends_in_its_handle_async() {
        let router = live_server::Router::new().live::<Page>("/");
        let mut view = LiveTest::new(&router).live("/").expect("mounts");
        let html = view.element("#load").render_click(json!({})).expect("load");
        assert!(
            html.contains(r#"<span id="status">loading</span>"#),
            "{html}"
        );
        let html = view.render_async().expect("the task ends");
        assert!(
            html.contains(r#"<span id="status">load: 42</span>"#),
            "{html}"
        );
    }

    #[test]
    fn send_update_after_arrives_after_its_delay() {
        let router = live_server::Router::new().live::<Page>("/");
        let mut view = LiveTest::new(&router).live("/").expect("mounts");
        view.element("#later")
            .render_click(json!({}))
            .expect("later");
        let html = view.advance(Duration::from_secs(1)).expect("not yet");
        assert!(html.contains(r#"<span id="status">idle</span>"#), "{html}");
        let html = view.advance(Duration::from_secs(1)).expect("now");
        assert!(
            html.contains(r#"<span id="status">updated later</span>"#),
            "{html}"
        );
    }

    #[test]
    fn a_cancelled_send_update_after_never_arrives_in_the_harness() {
        let router = live_server::Router::new().live::<Page>("/");
        let mut view = LiveTest::new(&router).live("/").expect("mounts");
        view.element("#later")
            .render_click(json!({}))
            .expect("later");
        assert_eq!(view.timers().len(), 1);
        view.element("#cancel")
            .render_click(json!({}))
            .expect("cancel");
        assert!(view.timers().is_empty(), "{:?}", view.timers());
        let html = view.advance(Duration::from_secs(5)).expect("advance");
        assert!(html.contains(r#"<span id="status">idle</span>"#), "{html}");
        // Scheduled again and left alone, it arrives.
        view.element("#later")
            .render_click(json!({}))
            .expect("later");
        let html = view.advance(Duration::from_secs(2)).expect("advance");
        assert!(
            html.contains(r#"<span id="status">updated later</span>"#),
            "{html}"
        );
    }

    /// Over a real socket: of two delayed updates, the cancelled one (due first) never comes;
    /// the next push is the other's.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_cancelled_send_update_after_never_arrives_from_the_server() {
        let router = live_server::Router::new().live::<Page>("/");
        let addr = spawn_server(router).await;
        let page = load_page(addr, "/").await;
        let mut client = ChannelClient::connect_page(addr, &page).await;
        let (join_ref, reply) = client.join_page(&page, &format!("http://{addr}/")).await;
        assert_eq!(reply[4]["status"], "ok", "{reply}");
        let topic = format!("lv:{}", page.view_id);
        let click = |event: &str, value: serde_json::Value| json!({"type": "click", "event": event, "value": value, "cid": 1});
        for (event, value) in [
            ("later", json!({"ms": "100", "status": "cancelled"})),
            ("cancel", json!({})),
            ("later", json!({"ms": "400", "status": "fired"})),
        ] {
            let reference = client
                .push(Some(&join_ref), &topic, "event", click(event, value))
                .await;
            let reply = client.reply_to(&reference).await;
            assert_eq!(reply[4]["status"], "ok", "{reply}");
        }
        let push = loop {
            let frame = client.recv().await;
            if frame[3] == "diff" {
                break frame;
            }
        };
        assert_eq!(push[4]["c"]["1"]["3"], "fired", "{push}");
    }
}

mod navigation {
    //! Navigation asked for by a component's `update` while its parent renders: carried out
    //! as for a `handle_event` (a patch runs `handle_params`, a navigation or redirect ends
    //! the view; at the join, the join is refused with it).

    use live_core::live_component::ComponentSocket;
    use live_core::{
        html, Assigns, Event, LiveComponent, LiveView, Params, Rendered, Session, Socket, ViewError,
    };
    use live_server::testing::{LiveTest, TestError};
    use serde_json::json;

    /// Navigates as its attribute says, from `update`.
    #[derive(LiveComponent)]
    struct Guard {
        mode: String,
    }

    impl LiveComponent for Guard {
        type Attrs = String;

        fn mount(mode: &String, _: &mut ComponentSocket<Self>) -> Result<Self, ViewError> {
            Ok(Guard { mode: mode.clone() })
        }

        fn update(
            assigns: &mut Assigns<Self>,
            mode: String,
            socket: &mut ComponentSocket<Self>,
        ) -> Result<(), ViewError> {
            match mode.as_str() {
                "patch" => socket.push_patch("/?tab=2"),
                "navigate" => socket.push_navigate("/elsewhere"),
                "redirect" => socket.redirect("/away"),
                _ => {}
            }
            assigns.set_mode(mode);
            Ok(())
        }

        fn render(assigns: &Assigns<Self>) -> Rendered {
            html! { <p id="guard">{@mode.as_str()}</p> }
        }
    }

    #[derive(LiveView)]
    struct Page {
        mode: String,
        tab: String,
    }

    impl LiveView for Page {
        type Info = ();

        fn mount(params: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
            Ok(Page {
                mode: params.get("mode").unwrap_or("stay").to_owned(),
                tab: String::new(),
            })
        }

        fn handle_params(
            assigns: &mut Assigns<Self>,
            params: &Params,
            _: &str,
            _: &mut Socket<Self>,
        ) -> Result<(), ViewError> {
            assigns.set_tab(params.get("tab").unwrap_or("1").to_owned());
            Ok(())
        }

        fn handle_event(
            assigns: &mut Assigns<Self>,
            event: &Event,
            _: &mut Socket<Self>,
        ) -> Result<(), ViewError> {
            let mode = event.params().get_str("mode").unwrap_or("stay").to_owned();
            assigns.set_mode(mode);
            Ok(())
        }

        fn render(assigns: &Assigns<Self>) -> Rendered {
            html! {
                <div>
                    <span id="tab">{@tab.as_str()}</span>
                    <button id="patch" phx-click="set" phx-value-mode="patch">patch</button>
                    <button id="navigate" phx-click="set" phx-value-mode="navigate">navigate</button>
                    <button id="redirect" phx-click="set" phx-value-mode="redirect">redirect</button>
                    <.live_component module={Guard} id="guard" attrs={@mode.clone()}/>
                </div>
            }
        }
    }

    fn app() -> LiveTest {
        LiveTest::new(&live_server::Router::new().live::<Page>("/"))
    }

    #[test]
    fn a_patch_from_update_runs_handle_params() {
        let mut view = app().live("/").expect("mounts");
        assert!(view.render().contains(r#"<span id="tab">1</span>"#));
        let html = view
            .element("#patch")
            .render_click(json!({}))
            .expect("click");
        view.assert_patch("/?tab=2");
        assert!(html.contains(r#"<span id="tab">2</span>"#), "{html}");
        assert!(html.contains(r#">patch</p>"#), "{html}");
    }

    #[test]
    fn a_navigation_from_update_leaves_the_view() {
        let mut view = app().live("/").expect("mounts");
        let err = view
            .element("#navigate")
            .render_click(json!({}))
            .expect_err("the view navigates");
        assert!(matches!(err, TestError::LiveRedirect(_)), "{err}");
        view.assert_redirect("/elsewhere");
    }

    #[test]
    fn a_redirect_from_update_leaves_the_view() {
        let mut view = app().live("/").expect("mounts");
        let err = view
            .element("#redirect")
            .render_click(json!({}))
            .expect_err("the view redirects");
        assert!(matches!(err, TestError::Redirect(_)), "{err}");
        view.assert_redirect("/away");
    }

    #[test]
    fn a_navigation_from_update_at_the_join_refuses_the_join() {
        match app().live("/?mode=navigate") {
            Err(TestError::LiveRedirect(redirect)) => assert_eq!(redirect.to, "/elsewhere"),
            Err(other) => panic!("expected a live redirect, got {other}"),
            Ok(_) => panic!("expected a live redirect, the view joined"),
        }
    }
}
