//! View handles: another task sends messages, casts and calls into a running view, with the
//! changes pushed to the client as diffs.

use std::sync::Mutex;
use std::time::Duration;

use live_core::call::CallError;
use live_core::socket::ViewHandle;
use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
use live_server::{call_timeout, Router};
use live_tests::{load_page, spawn_server, ChannelClient};
use serde_json::json;

/// The handle of the connected view, published for the test.
static HANDLE: Mutex<Option<ViewHandle<Score>>> = Mutex::new(None);

/// A score other tasks change.
#[derive(LiveView)]
struct Score {
    points: u32,
}

impl LiveView for Score {
    type Info = u32;

    fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        if let Some(handle) = socket.handle() {
            *HANDLE.lock().unwrap_or_else(|p| p.into_inner()) = Some(handle);
        }
        Ok(Score { points: 0 })
    }

    fn handle_info(
        assigns: &mut Assigns<Self>,
        bonus: u32,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        assigns.update_points(|p| *p += bonus);
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! { <b>{@points}</b> }
    }
}

#[tokio::test]
async fn send_cast_and_call_reach_the_running_view() {
    let addr = spawn_server(Router::new().live::<Score>("/")).await;
    let page = load_page(addr, "/").await;
    assert!(
        HANDLE.lock().unwrap_or_else(|p| p.into_inner()).is_none(),
        "no handle while disconnected"
    );
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let (join_ref, _) = client.join_page(&page, &format!("http://{addr}/")).await;
    let handle = HANDLE
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone()
        .expect("connected handle");

    assert!(handle.send(5));
    assert_eq!(client.recv().await[4], json!({"0": "5"}));
    assert!(handle.cast(|assigns, _| assigns.set_points(7)));
    assert_eq!(client.recv().await[4], json!({"0": "7"}));
    let doubled = call_timeout(&handle, Duration::from_secs(5), |assigns, _| {
        let doubled = assigns.points * 2;
        assigns.set_points(doubled);
        doubled
    })
    .await;
    assert_eq!(doubled, Ok(14));
    assert_eq!(client.recv().await[4], json!({"0": "14"}));

    // Once the view has left, calls fail instead of hanging.
    let topic = format!("lv:{}", page.view_id);
    let reference = client
        .push(Some(&join_ref), &topic, "phx_leave", json!({}))
        .await;
    client.reply_to(&reference).await;
    let deadline = std::time::Instant::now() + live_tests::TIMEOUT;
    loop {
        match call_timeout(&handle, Duration::from_secs(1), |assigns, _| assigns.points).await {
            Err(CallError::ViewGone) => break,
            other => assert!(
                std::time::Instant::now() < deadline,
                "still answering: {other:?}"
            ),
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(!handle.send(1), "a send to an ended view reports failure");
}
