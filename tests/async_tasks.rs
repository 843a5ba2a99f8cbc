//! `assign_async` and `start_async` over the wire: loading first, then the data, the error or
//! the panic as a failed state — never a crash of the view.

use std::time::Duration;

use live_core::{
    html, Assigns, AsyncOutcome, AsyncResult, LiveView, Params, Rendered, Session, Socket,
    ViewError,
};
use live_server::Router;
use live_tests::{load_page, spawn_server, ChannelClient};
use serde_json::Value;

/// Three async assigns (slow, failing, panicking) and one named task.
#[derive(LiveView)]
struct Loader {
    slow: AsyncResult<String>,
    failing: AsyncResult<u32>,
    panicking: AsyncResult<u32>,
    task: String,
}

fn show<T: std::fmt::Display>(result: &AsyncResult<T>) -> String {
    match result {
        AsyncResult::Loading => "loading".to_owned(),
        AsyncResult::Ok(value) => format!("ok:{value}"),
        AsyncResult::Failed(why) => format!("failed:{why}"),
    }
}

impl LiveView for Loader {
    type Info = ();

    fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        socket.assign_async(|assigns, result| assigns.set_slow(result), async {
            tokio::time::sleep(Duration::from_millis(150)).await;
            Ok::<_, String>("data".to_owned())
        });
        socket.assign_async(|assigns, result| assigns.set_failing(result), async {
            Err::<u32, _>("no database")
        });
        socket.assign_async(|assigns, result| assigns.set_panicking(result), async {
            if Duration::from_millis(1) > Duration::ZERO {
                panic!("kaboom");
            }
            Ok::<u32, String>(1)
        });
        socket.start_async("answer", async { Ok::<_, String>(42u64) });
        Ok(Loader {
            slow: AsyncResult::Loading,
            failing: AsyncResult::Loading,
            panicking: AsyncResult::Loading,
            task: "pending".to_owned(),
        })
    }

    fn handle_async(
        assigns: &mut Assigns<Self>,
        name: &str,
        outcome: AsyncOutcome,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let text = match outcome.into_result::<u64>() {
            Ok(value) => format!("{name}={value}"),
            Err(why) => format!("{name} failed: {why}"),
        };
        assigns.set_task(text);
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        let slow = show(&assigns.slow);
        let failing = show(&assigns.failing);
        let panicking = show(&assigns.panicking);
        html! { <ul><li>{slow}</li><li>{failing}</li><li>{panicking}</li><li>{@task}</li></ul> }
    }
}

#[tokio::test]
async fn async_assigns_load_fail_and_survive_panics() {
    let addr = spawn_server(Router::new().live::<Loader>("/")).await;
    let page = load_page(addr, "/").await;
    assert_eq!(
        page.inner_html,
        "<ul><li>loading</li><li>loading</li><li>loading</li><li>pending</li></ul>",
        "nothing runs for the HTTP render"
    );
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let (_, reply) = client.join_page(&page, &format!("http://{addr}/")).await;
    let rendered = &reply[4]["response"]["rendered"];
    assert_eq!(rendered["0"], "loading");

    // Collect pushed diffs until every slot has settled (bounded by the client's timeout).
    let mut state: Vec<String> = (0..4)
        .map(|i| rendered[i.to_string()].as_str().unwrap_or("").to_owned())
        .collect();
    while state[0] == "loading"
        || state[1] == "loading"
        || state[2] == "loading"
        || state[3] == "pending"
    {
        let frame = client.recv().await;
        assert_eq!(frame[3], "diff", "only diff pushes arrive: {frame}");
        for (slot, value) in frame[4].as_object().expect("diff object") {
            let index: usize = slot.parse().expect("slot index");
            state[index] = value
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| Value::to_string(value));
        }
    }
    assert_eq!(state[0], "ok:data");
    assert_eq!(state[1], "failed:no database");
    assert!(
        state[2].starts_with("failed:panicked: kaboom"),
        "{}",
        state[2]
    );
    assert_eq!(state[3], "answer=42");
}

/// Set when the long task's future is dropped (cancelled).
static CANCELLED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Marks [`CANCELLED`] when dropped.
struct DropFlag;

impl Drop for DropFlag {
    fn drop(&mut self) {
        CANCELLED.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

/// Starts a task that would run for a minute.
#[derive(LiveView)]
struct Long {
    result: AsyncResult<u32>,
}

impl LiveView for Long {
    type Info = ();

    fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        socket.assign_async(|assigns, result| assigns.set_result(result), async {
            let _flag = DropFlag;
            tokio::time::sleep(Duration::from_secs(60)).await;
            Ok::<_, String>(1)
        });
        Ok(Long {
            result: AsyncResult::Loading,
        })
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        let state = show(&assigns.result);
        html! { <p>{state}</p> }
    }
}

#[tokio::test]
async fn async_tasks_are_cancelled_when_the_view_ends() {
    let addr = spawn_server(Router::new().live::<Long>("/")).await;
    let page = load_page(addr, "/").await;
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let (join_ref, _) = client.join_page(&page, &format!("http://{addr}/")).await;
    assert!(!CANCELLED.load(std::sync::atomic::Ordering::SeqCst));
    let topic = format!("lv:{}", page.view_id);
    let reference = client
        .push(Some(&join_ref), &topic, "phx_leave", serde_json::json!({}))
        .await;
    client.reply_to(&reference).await;
    let deadline = std::time::Instant::now() + live_tests::TIMEOUT;
    while !CANCELLED.load(std::sync::atomic::Ordering::SeqCst) {
        assert!(
            std::time::Instant::now() < deadline,
            "the task was cancelled"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
