//! The development loop: a view that fails its first render shows an error page naming the view,
//! the error and its place in the source (development mode only), and live reload makes pages
//! notice a restarted server.

use std::net::SocketAddr;

use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
use live_server::{Config, Router};
use live_tests::{http_get, run_node, spawn_server_control, RestartableServer};

/// Renders fine until `?broken` asks it to panic.
#[derive(LiveView)]
struct Broken {
    broken: bool,
}

impl LiveView for Broken {
    type Info = ();

    fn mount(params: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Broken {
            broken: params.get("broken").is_some(),
        })
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        if assigns.broken {
            panic!("the template met a <bad> value");
        }
        html! { <p id="ok">fine</p> }
    }
}

async fn serve(config: Config) -> SocketAddr {
    live_tests::spawn_server_with(Router::new().live::<Broken>("/"), config).await
}

fn config() -> Config {
    Config::new("test secret: at least thirty-two bytes long!!")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_render_panic_shows_the_error_page_in_chromium() {
    let addr = serve(config().development(true)).await;
    let url = format!("http://{addr}/?broken=1");
    let output = tokio::task::spawn_blocking(move || {
        run_node(
            "tests/js/browser_dev_error.mjs",
            &[&url, "dev_loop::Broken", "tests/dev_loop.rs:"],
            "",
        )
    })
    .await
    .expect("the driver ran");
    assert!(output.contains("PASS"), "driver output: {output}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outside_development_the_error_page_says_nothing() {
    let addr = serve(config().development(false)).await;
    let response = http_get(addr, "/?broken=1", None).await;
    assert_eq!(response.status, 500);
    assert!(response.body.contains("Internal server error"));
    assert!(!response.body.contains("Broken"), "{}", response.body);
    assert!(!response.body.contains("bad"), "{}", response.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_reload_pages_know_the_server_they_came_from() {
    let first = serve(config().live_reload(true)).await;
    let page = http_get(first, "/", None).await;
    let boot = http_get(first, "/live/reload", None).await;
    assert_eq!(boot.status, 200);
    assert_eq!(boot.header("cache-control"), Some("no-store"));
    assert!(!boot.body.is_empty());
    assert!(
        page.body.contains(&format!("var id=\"{}\"", boot.body)),
        "the page polls for its own server's id: {}",
        page.body
    );
    // Another server process (a restart) answers with another id: the page reloads.
    let second = serve(config().live_reload(true)).await;
    let other = http_get(second, "/live/reload", None).await;
    assert_ne!(other.body, boot.body);

    let off = serve(config()).await;
    assert_eq!(http_get(off, "/live/reload", None).await.status, 404);
    assert!(!http_get(off, "/", None).await.body.contains("/live/reload"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_reload_reloads_the_page_after_a_restart_in_chromium() {
    let server = RestartableServer::start_with(
        || Router::new().live::<Broken>("/"),
        || live_tests::test_config().live_reload(true),
    )
    .await;
    let url = format!("http://{}/", server.addr());
    let control = format!("http://{}", spawn_server_control(server).await);
    let output = tokio::task::spawn_blocking(move || {
        run_node("tests/js/browser_live_reload.mjs", &[&url, &control], "")
    })
    .await
    .expect("the driver ran");
    assert!(output.contains("PASS"), "driver output: {output}");
}
