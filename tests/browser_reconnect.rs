//! The reconnect UX in a real browser: the classes the official client puts on the LiveView
//! container while the server stops and comes back, while a view crashes and rejoins, and the
//! focus and blur bindings (`phx-focus`, `phx-blur`, `phx-window-focus`, `phx-window-blur`);
//! over WebSocket, and over long polling behind a proxy that refuses WebSocket upgrades.

use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
use live_server::Router;
use live_tests::{
    run_node, spawn_server_control, spawn_websocket_refusing_proxy, RestartableServer,
};

/// A counter that panics on `crash` and lists the focus events it receives.
#[derive(live_core::LiveView)]
struct Fragile {
    count: i64,
    focus_log: String,
}

impl LiveView for Fragile {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Fragile {
            count: 0,
            focus_log: String::new(),
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match event.name() {
            "inc" => assigns.update_count(|count| *count += 1),
            "crash" => panic!("crash requested by the test"),
            name @ ("focus" | "blur" | "window-focus" | "window-blur") => {
                assigns.update_focus_log(|log| {
                    if !log.is_empty() {
                        log.push(' ');
                    }
                    log.push_str(name);
                });
            }
            _ => {}
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <div phx-window-focus="window-focus" phx-window-blur="window-blur">
                <span id="count">{@count}</span>
                <button id="inc" phx-click="inc">+</button>
                <button id="crash" phx-click="crash">crash</button>
                <input id="name" name="name" phx-focus="focus" phx-blur="blur" />
                <input id="other" name="other" />
                <span id="focus-log">{@focus_log}</span>
            </div>
        }
    }
}

fn router() -> Router {
    Router::new().live::<Fragile>("/")
}

/// Runs the driver against `url` (the server, or a proxy in front of it) with `control`.
fn drive(url: &str, control: &str) -> String {
    let output = run_node("tests/js/browser_reconnect.mjs", &[url, control], "");
    println!("{output}");
    output
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn container_classes_through_crash_and_server_restart_and_focus_bindings() {
    let server = RestartableServer::start(router).await;
    let url = format!("http://{}/", server.addr());
    let control = format!("http://{}", spawn_server_control(server).await);
    let output = tokio::task::spawn_blocking(move || drive(&url, &control))
        .await
        .expect("the driver ran");
    assert!(output.contains("PASS"), "driver output: {output}");
    assert!(
        output.contains("connected over WebSocket:"),
        "the page first used the WebSocket: {output}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_over_long_poll_when_websockets_are_refused() {
    let server = RestartableServer::start(router).await;
    let proxy = spawn_websocket_refusing_proxy(server.addr()).await;
    let url = format!("http://{proxy}/");
    let control = format!("http://{}", spawn_server_control(server).await);
    let output = tokio::task::spawn_blocking(move || drive(&url, &control))
        .await
        .expect("the driver ran");
    assert!(output.contains("PASS"), "driver output: {output}");
    assert!(
        output.contains("connected over LongPoll:"),
        "the page used long polling: {output}"
    );
}
