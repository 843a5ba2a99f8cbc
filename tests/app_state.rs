//! Application state given to the router: read in mount, handle_event and handle_info over a
//! real socket, shared with the code that owns it, and replaced per test in LiveViewTest.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
use live_server::testing::LiveTest;
use live_server::Router;
use live_tests::{load_page, spawn_server, ChannelClient};
use serde_json::json;

/// What a real app would keep in its state: a store shared by every view and by other code.
#[derive(Default)]
struct Store {
    visits: AtomicU64,
    label: String,
}

#[derive(LiveView)]
struct Visits {
    seen: u64,
    label: String,
}

impl LiveView for Visits {
    type Info = ();

    fn mount(_: &Params, session: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        let store = session.state::<Store>().ok_or("the app has no Store")?;
        Ok(Visits {
            seen: store.visits.load(Ordering::SeqCst),
            label: store.label.clone(),
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        if event.name() == "visit" {
            let store = socket.state::<Store>().ok_or("the app has no Store")?;
            let now = store.visits.fetch_add(1, Ordering::SeqCst) + 1;
            assigns.set_seen(now);
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! { <p id="visits">{@label}: {@seen}</p> }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn views_share_the_routers_state_over_the_socket() {
    let store = Arc::new(Store {
        visits: AtomicU64::new(5),
        label: "server".into(),
    });
    let addr = spawn_server(
        Router::new()
            .state_shared(store.clone())
            .live::<Visits>("/"),
    )
    .await;
    let page = load_page(addr, "/").await;
    assert!(page.inner_html.contains("server: 5"), "{}", page.inner_html);
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let (join_ref, _) = client.join_page(&page, &format!("http://{addr}/")).await;
    let topic = format!("lv:{}", page.view_id);
    let visit = json!({"type": "click", "event": "visit", "value": {}});
    let reference = client.push(Some(&join_ref), &topic, "event", visit).await;
    let reply = client.reply_to(&reference).await;
    assert_eq!(reply[4]["response"]["diff"], json!({"1": "6"}));
    assert_eq!(
        store.visits.load(Ordering::SeqCst),
        6,
        "the app's own Arc saw it"
    );
}

#[test]
fn each_test_client_has_its_own_state() {
    let router = Router::new()
        .state(Store {
            visits: AtomicU64::new(100),
            label: "router".into(),
        })
        .live::<Visits>("/");
    let mine = LiveTest::new(&router).state(Store {
        visits: AtomicU64::new(0),
        label: "mine".into(),
    });
    let mut view = mine.live("/").expect("mounts");
    assert!(view.render().contains("mine: 0"));
    let html = view.render_hook("visit", json!({})).expect("handled");
    assert!(html.contains("mine: 1"), "{html}");
    let theirs = LiveTest::new(&router).live("/").expect("mounts");
    drop(theirs);
    let mut again = LiveTest::new(&router).live("/").expect("mounts");
    assert!(
        again.render().contains("router: 100"),
        "the router's state is untouched"
    );
}

#[test]
fn a_view_without_the_state_fails_its_mount_clearly() {
    let router = Router::new().live::<Visits>("/");
    let err = LiveTest::new(&router)
        .live("/")
        .expect_err("the mount fails");
    assert!(err.to_string().contains("the app has no Store"), "{err}");
}
