//! Key bindings, JS commands and hooks in a real browser (Debian's Chromium driven by
//! playwright-core, the official client): the `keys`, `js` and `hooks` examples, plus a page that
//! runs every JS command operation of LiveView 1.2 as rendered by `live_core::JS`. Each test
//! serves a router with its `<head>` additions and runs a driver from `tests/js/`, which checks
//! the DOM and the WebSocket frames the client sends, and prints PASS only on success. The
//! browsers run one at a time.

use std::net::SocketAddr;
use std::sync::Mutex;

use live_core::js::{
    ClassOpts, DispatchOpts, PushOpts, ShowOpts, Target, ToggleOpts, TransitionOpts,
};
use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError, JS};
use live_server::{Config, Router, Server};
use live_tests::{http_get, run_node};

/// One Chromium at a time: the machine running the tests may be small.
static BROWSER: Mutex<()> = Mutex::new(());

/// Serves `router` on a free loopback port with `head` added to every page's `<head>`.
async fn spawn(router: Router, head: &str) -> SocketAddr {
    let config = Config::new("test secret: at least thirty-two bytes long!!").head_html(head);
    let server = Server::with_config(router, config)
        .bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let addr = server.local_addr().expect("bound address");
    tokio::spawn(server.serve());
    addr
}

/// Serves `router` and runs `node <script> <url of /> <extra…>`; the driver must print PASS.
async fn drive(router: Router, head: &str, script: &'static str, extra: &[&'static str]) {
    let addr = spawn(router, head).await;
    let url = format!("http://{addr}/");
    let extra = extra.to_vec();
    let output = tokio::task::spawn_blocking(move || {
        let _one_at_a_time = BROWSER.lock().unwrap_or_else(|p| p.into_inner());
        let mut args = vec![url.as_str()];
        args.extend(extra);
        run_node(script, &args, "")
    })
    .await
    .expect("the driver ran");
    println!("{output}");
    assert!(output.contains("PASS"), "driver output: {output}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_window_element_filtered_throttled_debounced_and_click_away() {
    drive(keys::router(), keys::HEAD, "tests/js/browser_keys.mjs", &[]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn js_modal_and_menu_run_without_a_frame_and_push_event_runs_a_command() {
    let script = "tests/js/browser_js.mjs";
    drive(js_demo::router(), js_demo::HEAD, script, &["demo"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_js_op_runs_in_the_client() {
    drive(ops_router(), OPS_HEAD, "tests/js/browser_js.mjs", &["ops"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hooks_push_reply_push_event_and_push_event_to() {
    drive(
        hooks::router(),
        hooks::HEAD,
        "tests/js/browser_hooks.mjs",
        &[],
    )
    .await;
}

#[tokio::test]
async fn head_html_goes_into_the_head_before_the_bundle() {
    let addr = spawn(hooks::router(), hooks::HEAD).await;
    let page = http_get(addr, "/", None).await;
    assert_eq!(page.status, 200);
    let head = &page.body[..page.body.find("</head>").expect("a head")];
    let hooks = head
        .find("window.liveHooks")
        .expect("the hooks script in the head");
    let bundle = head
        .find("<script defer src=\"/assets/live.js\">")
        .expect("the bundle in the head");
    assert!(hooks < bundle, "{head}");
    assert!(head.contains(hooks::HEAD), "inserted verbatim: {head}");
}

/// Listeners the `ops` driver reads: what `dispatch` and page-loading events delivered.
const OPS_HEAD: &str = r##"<script>
window.opsLog = { ping: [], pingOnWindow: 0, block: [], pageLoading: 0, showEnd: 0, classes: [] };
window.addEventListener("ops:ping", () => { window.opsLog.pingOnWindow += 1; });
window.addEventListener("phx:page-loading-start", () => { window.opsLog.pageLoading += 1; });
// Called by the driver once the view is connected.
window.watchBox = () => {
  const box = document.getElementById("box");
  box.addEventListener("ops:ping", (e) => {
    window.opsLog.ping.push({ n: e.detail.n, bubbles: e.bubbles, dispatcher: e.detail.dispatcher.id });
  });
  box.addEventListener("ops:block", (e) => {
    window.opsLog.block.push(typeof e.detail.done);
    e.detail.done();
  });
  box.addEventListener("phx:show-end", () => { window.opsLog.showEnd += 1; });
  // Every class the box ever had, to see transition and loading classes come and go.
  new MutationObserver(() => {
    for (const name of box.classList) {
      if (!window.opsLog.classes.includes(name)) window.opsLog.classes.push(name);
    }
  }).observe(box, { attributes: true, attributeFilter: ["class"] });
};
</script>
"##;

/// A page with one button per JS command operation (and option shape), targets for them, and
/// a server side that records what pushes deliver.
#[derive(LiveView)]
struct Ops {
    pings: u32,
    last: String,
    count: u32,
    tab: String,
}

impl LiveView for Ops {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Ops {
            pings: 0,
            last: String::new(),
            count: 0,
            tab: String::new(),
        })
    }

    fn handle_params(
        assigns: &mut Assigns<Self>,
        params: &Params,
        _: &str,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        assigns.set_tab(params.get("tab").unwrap_or("").to_owned());
        Ok(())
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match event.name() {
            "ping" => {
                assigns.update_pings(|n| *n += 1);
                assigns.set_last(event.value().to_string());
            }
            "bump" => assigns.update_count(|n| *n += 1),
            _ => {}
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <main id="ops">
                <div id="box" data-y="y" data-cmd={JS::add_class("exec-ran", Target::Source)}>"box"</div>
                <div id="ign" data-count={@count} title={format!("t{}", @count)}>"ignored attrs"</div>
                <p :if={@count == 0} id="removable"
                    phx-remove={JS::set_attribute(("data-removed", "yes"), "#box")}>"removed on bump"</p>
                <p id="mounted" phx-mounted={JS::add_class("was-mounted", Target::Source)}>"mounted"</p>
                <input id="name" type="text">
                <div id="focus-wrap"><span>"not focusable"</span><input id="first" type="text"><input id="second" type="text"></div>
                <p>"pings "<span id="pings">{@pings}</span>" last "<span id="last">{@last}</span>
                    " tab "<span id="tab">{@tab}</span></p>
                <button id="op-hide" phx-click={JS::hide("#box")}>"hide"</button>
                <button id="op-show" phx-click={JS::show(ShowOpts::to("#box").display("flex"))}>"show"</button>
                <button id="op-toggle" phx-click={JS::toggle("#box")}>"toggle"</button>
                <button id="op-toggle-transition" phx-click={JS::toggle(
                    ToggleOpts::to("#box")
                        .ins(("t-in", "t-in-start", "t-in-end"))
                        .outs(("t-out", "t-out-start", "t-out-end"))
                        .time(100)
                )}>"toggle with transitions"</button>
                <button id="op-add-class" phx-click={JS::add_class("on big", "#box")}>"add class"</button>
                <button id="op-remove-class" phx-click={JS::remove_class("big", "#box")}>"remove class"</button>
                <button id="op-toggle-class" phx-click={JS::toggle_class("on", ClassOpts::to("#box"))}>"toggle class"</button>
                <button id="op-class-transition" phx-click={JS::add_class(
                    "done", ClassOpts::to("#box").transition(("pulse", "p-start", "p-end")).time(100)
                )}>"add class with transition"</button>
                <button id="op-transition" phx-click={JS::transition(
                    ("shake", "s-start", "s-end"), TransitionOpts::to("#box").time(100).blocking(false)
                )}>"transition"</button>
                <button id="op-set-attr" phx-click={JS::set_attribute(("data-x", "1"), "#box")}>"set attr"</button>
                <button id="op-remove-attr" phx-click={JS::remove_attribute("data-y", "#box")}>"remove attr"</button>
                <button id="op-toggle-attr3" aria-expanded="false"
                    phx-click={JS::toggle_attribute(("aria-expanded", "true", "false"), Target::Source)}>"toggle attr 3"</button>
                <button id="op-toggle-attr2"
                    phx-click={JS::toggle_attribute(("data-on", "yes"), Target::Source)}>"toggle attr 2"</button>
                <button id="op-ignore" phx-click={JS::ignore_attributes(["data-count"], "#ign")}>"ignore attrs"</button>
                <button id="op-bump" phx-click="bump">"bump"</button>
                <button id="op-dispatch" phx-click={JS::dispatch(
                    "ops:ping", DispatchOpts::to("#box").detail("n", 1).bubbles(false)
                )}>"dispatch"</button>
                <button id="op-dispatch-blocking" phx-click={JS::dispatch(
                    "ops:block", DispatchOpts::to("#box").blocking(true)
                )}>"dispatch blocking"</button>
                <button id="op-dispatch-click" phx-click={JS::dispatch("click", "#op-push")}>"dispatch click"</button>
                <button id="op-exec" phx-click={JS::exec("data-cmd", "#box")}>"exec"</button>
                <button id="op-focus" phx-click={JS::focus("#name")}>"focus"</button>
                <button id="op-focus-first" phx-click={JS::focus_first("#focus-wrap")}>"focus first"</button>
                <button id="op-push-focus" phx-click={JS::push_focus("#name")}>"push focus"</button>
                <button id="op-pop-focus" phx-click={JS::pop_focus()}>"pop focus"</button>
                <button id="op-push" phx-value-a="x"
                    phx-click={JS::push_with("ping", PushOpts::new().value("n", 7).value("a", "y"))}>"push"</button>
                <button id="op-push-target" phx-click={JS::push_with(
                    "ping", PushOpts::new().target("#box").loading("#box").page_loading(true)
                )}>"push with target"</button>
                <div id="closest-wrap" class="wrap">
                    <button id="op-closest" phx-click={JS::add_class("hit", Target::closest(".wrap"))}>"closest"</button>
                </div>
                <button id="op-inner" phx-click={JS::add_class("hit", Target::inner("span"))}><span id="inner-span">"inner"</span></button>
                <button id="op-patch" phx-click={JS::patch("/?tab=2")}>"patch"</button>
                <button id="op-patch-replace" phx-click={JS::patch_replace("/?tab=3")}>"patch replace"</button>
                <button id="op-navigate" phx-click={JS::push("ping").navigate("/other")}>"push, navigate"</button>
            </main>
        }
    }
}

/// Where `navigate` goes: another view of the same live session.
#[derive(LiveView)]
struct Other {}

impl LiveView for Other {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Other {})
    }

    fn render(_: &Assigns<Self>) -> Rendered {
        html! { <p id="other">"the other view"</p> }
    }
}

fn ops_router() -> Router {
    Router::new().live_session("ops", |r| r.live::<Ops>("/").live::<Other>("/other"))
}
