//! One scenario, two drivers: the same client actions run through LiveViewTest (in-process) and
//! over a real WebSocket against the server, and the frames the client receives must be the
//! same. Both drive `live_core::protocol::ViewChannel`; this test is what keeps them so.

use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
use live_server::testing::{LiveTest, TestError, TestView};
use live_server::Router;
use live_tests::{load_page, spawn_server, ChannelClient};
use serde_json::{json, Value};

/// A view that patches, chains patches from `handle_params`, navigates away and pushes events.
#[derive(LiveView)]
struct Walk {
    count: i64,
    tab: String,
}

impl LiveView for Walk {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Walk {
            count: 0,
            tab: String::new(),
        })
    }

    fn handle_params(
        assigns: &mut Assigns<Self>,
        params: &Params,
        _: &str,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let tab = params.get("tab").unwrap_or("home").to_owned();
        // A patch that patches again: handle_params runs for both URLs in one message. (Only
        // when connected: in the page's HTTP render any navigation is a 302.)
        if tab == "chain" && socket.connected() {
            socket.push_patch("/walk?tab=end");
        }
        assigns.set_tab(tab);
        Ok(())
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match event.name() {
            "inc" => assigns.update_count(|c| *c += 1),
            "tab" => socket.push_patch("/walk?tab=two"),
            "chain" => socket.push_patch("/walk?tab=chain"),
            "ping" => socket.push_event("pong", json!({"count": assigns.count})),
            "elsewhere" => socket.push_patch("/other"),
            "away" => {
                socket.push_event("bye", json!({}));
                socket.push_navigate("/other");
            }
            _ => {}
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <div id="walk">
                <p id="count">{@count}</p>
                <p id="tab">{&assigns.tab}</p>
            </div>
        }
    }
}

#[derive(LiveView)]
struct Other {}

impl LiveView for Other {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Other {})
    }

    fn render(_: &Assigns<Self>) -> Rendered {
        html! { <p>other</p> }
    }
}

fn router() -> Router {
    Router::new().live::<Walk>("/walk").live::<Other>("/other")
}

/// What the client does, in order.
enum Action {
    Event(&'static str),
    Patch(&'static str),
}

const SCENARIO: &[Action] = &[
    Action::Event("inc"),
    Action::Event("ping"),
    Action::Event("tab"),
    Action::Patch("/walk?tab=five"),
    Action::Event("chain"),
    Action::Event("nothing"),
    Action::Event("inc"),
    Action::Event("away"),
];

/// A frame the client received, as `(event, payload)`; a reply is its response when `ok`, its
/// whole payload when not (the harness's transcript format).
type Received = (String, Value);

fn harness_frames(view: &TestView) -> Vec<Received> {
    view.frames()
        .iter()
        .filter(|f| f.direction == live_server::testing::Direction::ToClient)
        .map(|f| (f.event.clone(), f.payload.clone()))
        .collect()
}

fn from_socket(frame: &Value) -> Received {
    let event = frame[3].as_str().unwrap_or_default();
    let payload = frame[4].clone();
    if event == "phx_reply" {
        let body = if payload["status"] == "ok" {
            payload["response"].clone()
        } else {
            payload
        };
        ("reply".to_owned(), body)
    } else {
        (event.to_owned(), payload)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_harness_and_the_server_send_the_same_frames() {
    let addr = spawn_server(router()).await;
    let origin = format!("http://{addr}");

    // In-process, step by step.
    let harness = tokio::task::spawn_blocking({
        let origin = origin.clone();
        move || {
            let app = LiveTest::new(&router()).origin(&origin);
            let mut view = app.live("/walk").expect("the harness mounts");
            let mut steps = vec![harness_frames(&view)];
            for action in SCENARIO {
                let outcome = match action {
                    Action::Event(name) => view.render_hook(name, json!({})),
                    Action::Patch(path) => view.render_patch(path),
                };
                match outcome {
                    Ok(_) | Err(TestError::LiveRedirect(_)) => {}
                    Err(other) => panic!("unexpected harness outcome: {other}"),
                }
                steps.push(harness_frames(&view));
            }
            steps
        }
    })
    .await
    .expect("the harness ran");

    // Over the socket, the same steps.
    let page = load_page(addr, "/walk").await;
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let (join_ref, joined) = client.join_page(&page, &format!("{origin}/walk")).await;
    let topic = format!("lv:{}", page.view_id);
    let mut steps = vec![vec![from_socket(&joined)]];
    for action in SCENARIO {
        let (event, payload) = match action {
            Action::Event(name) => ("event", json!({"type": "hook", "event": name, "value": {}})),
            Action::Patch(path) => ("live_patch", json!({ "url": format!("{origin}{path}") })),
        };
        let reference = client.push(Some(&join_ref), &topic, event, payload).await;
        let mut received = Vec::new();
        loop {
            let frame = client.recv().await;
            let is_reply = frame[1] == reference.as_str() && frame[3] == "phx_reply";
            let navigates = is_reply
                && (frame[4]["response"].get("live_redirect").is_some()
                    || frame[4]["response"].get("redirect").is_some());
            received.push(from_socket(&frame));
            if navigates {
                received.push(from_socket(&client.recv().await));
            }
            if is_reply {
                break;
            }
        }
        steps.push(received);
    }

    assert_eq!(harness.len(), steps.len());
    for (index, (ours, theirs)) in harness.iter().zip(&steps).enumerate() {
        assert_eq!(ours, theirs, "step {index}: harness vs socket");
    }
    // The scenario covers what it claims: chained patches, a pushed event, a departure.
    let flat: Vec<&Received> = steps.iter().flatten().collect();
    assert!(flat
        .iter()
        .any(|(e, p)| e == "live_patch" && p["to"] == "/walk?tab=end"));
    assert!(flat
        .iter()
        .any(|(e, p)| e == "reply" && p["live_redirect"]["to"] == "/other"));
    assert!(flat.iter().any(|(e, _)| e == "phx_close"));
    assert!(flat
        .iter()
        .any(|(e, p)| e == "reply" && p["diff"]["e"][0][0] == "pong"));
}

/// `handle_params` asking for another patch is followed (it was dropped before the shared
/// state machine), in the harness and over the socket alike; see the scenario above.
#[test]
fn a_patch_from_handle_params_is_followed_in_the_harness() {
    let mut view = LiveTest::new(&router()).live("/walk").expect("mounts");
    let html = view.render_hook("chain", json!({})).expect("patches");
    assert!(html.contains("<p id=\"tab\">end</p>"), "{html}");
    view.assert_patch("/walk?tab=end");
    assert_eq!(view.path(), "/walk?tab=end");
}

/// A patch to another view's URL from a callback is a live redirect.
#[test]
fn a_patch_to_another_view_is_a_live_redirect() {
    let mut view = LiveTest::new(&router()).live("/walk").expect("mounts");
    let outcome = view.render_hook("elsewhere", json!({}));
    assert!(
        matches!(outcome, Err(TestError::LiveRedirect(_))),
        "{outcome:?}"
    );
    let frames = harness_frames(&view);
    assert_eq!(
        frames.last().map(|(e, _)| e.as_str()),
        Some("phx_close"),
        "{frames:?}"
    );
}

/// A view mounted without a router (Phoenix's `live_isolated`) patches within itself.
#[test]
fn an_isolated_view_patches_without_a_router() {
    let mut view = live_server::testing::live_isolated::<Walk>("/anywhere?tab=first")
        .expect("mounts without a router");
    assert!(view.render().contains("<p id=\"tab\">first</p>"));
    let html = view.render_patch("/anywhere?tab=second").expect("patches");
    assert!(html.contains("<p id=\"tab\">second</p>"), "{html}");
}

/// Navigation from the join's own `handle_params` (a chained patch): the join reply carries the
/// last patch, the same in-process and over the socket.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_patch_during_the_join_is_in_the_reply_for_both_drivers() {
    let addr = spawn_server(router()).await;
    let origin = format!("http://{addr}");
    let ours = tokio::task::spawn_blocking({
        let origin = origin.clone();
        move || {
            let mut view = LiveTest::new(&router())
                .origin(&origin)
                .live("/walk?tab=chain")
                .expect("mounts");
            view.assert_patch("/walk?tab=end");
            harness_frames(&view)
        }
    })
    .await
    .expect("the harness ran");
    let page = load_page(addr, "/walk?tab=chain").await;
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let (_, joined) = client
        .join_page(&page, &format!("{origin}/walk?tab=chain"))
        .await;
    assert_eq!(ours, vec![from_socket(&joined)]);
    assert_eq!(
        joined[4]["response"]["live_patch"],
        json!({"to": "/walk?tab=end", "kind": "push"})
    );
}
