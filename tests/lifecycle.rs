//! The LiveView lifecycle over the wire: mounts, `handle_params`, server and client patches,
//! timers, `terminate`, live navigation across and within live sessions, PubSub between clients,
//! and a crashing `handle_info` that ends only its own view.
//!
//! The views record what happened to them in [`STATS`], keyed by the `:key` path parameter, so
//! the tests (which run in parallel) never share an entry.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use live_core::runtime::ViewRuntime;
use live_core::socket::Command;
use live_core::{
    html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, TerminateReason, ViewError,
};
use live_server::Router;
use live_tests::{load_page, spawn_server, ChannelClient, LivePage, TIMEOUT};
use serde_json::{json, Value};

/// What one key's views went through.
#[derive(Debug, Clone, Default)]
struct Stats {
    /// Mounts for the HTTP render.
    disconnected_mounts: u32,
    /// Mounts after a join.
    connected_mounts: u32,
    /// Every `handle_params` call: the URI and the params.
    params: Vec<(String, Vec<(String, String)>)>,
    /// Every `terminate` call.
    terminated: Vec<TerminateReason>,
}

static STATS: Mutex<BTreeMap<String, Stats>> = Mutex::new(BTreeMap::new());

fn record(key: &str, f: impl FnOnce(&mut Stats)) {
    let mut stats = STATS.lock().unwrap_or_else(|p| p.into_inner());
    f(stats.entry(key.to_owned()).or_default());
}

fn stats(key: &str) -> Stats {
    let stats = STATS.lock().unwrap_or_else(|p| p.into_inner());
    stats.get(key).cloned().unwrap_or_default()
}

fn record_mount(key: &str, connected: bool) {
    record(key, |s| {
        if connected {
            s.connected_mounts += 1;
        } else {
            s.disconnected_mounts += 1;
        }
    });
}

/// Polls `stats(key)` until `done` holds, for at most [`TIMEOUT`].
async fn wait_for_stats(key: &str, what: &str, done: impl Fn(&Stats) -> bool) -> Stats {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let current = stats(key);
        if done(&current) {
            return current;
        }
        assert!(
            Instant::now() < deadline,
            "{key}: {what}; stats: {current:?}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// A broadcast on a probe room.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Shout(String);

/// The messages of [`Probe`].
#[derive(Debug, Clone)]
enum ProbeMsg {
    Tick,
    Panic,
    Shout(String),
}

impl From<Shout> for ProbeMsg {
    fn from(shout: Shout) -> Self {
        ProbeMsg::Shout(shout.0)
    }
}

/// The view under test, at `/probe/:key`. Query params: `tick` starts a 50 ms interval in
/// mount (without checking `connected()`: the socket must ignore it disconnected), `room`
/// subscribes to `room:<room>`.
#[derive(LiveView)]
struct Probe {
    key: String,
    tab: String,
    ticks: u32,
    shouts: Vec<String>,
}

impl LiveView for Probe {
    type Info = ProbeMsg;

    fn mount(params: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        let key = params.get("key").unwrap_or_default().to_owned();
        record_mount(&key, socket.connected());
        if params.get("tick").is_some() {
            socket.send_interval(Duration::from_millis(50), ProbeMsg::Tick);
        }
        if let Some(room) = params.get("room") {
            socket.subscribe::<Shout>(format!("room:{room}"));
        }
        Ok(Probe {
            key,
            tab: "none".to_owned(),
            ticks: 0,
            shouts: Vec::new(),
        })
    }

    fn handle_params(
        assigns: &mut Assigns<Self>,
        params: &Params,
        uri: &str,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let pairs = params
            .iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        record(&assigns.key, |s| s.params.push((uri.to_owned(), pairs)));
        assigns.set_tab(params.get("tab").unwrap_or("none").to_owned());
        Ok(())
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let key = assigns.key.clone();
        match event.name() {
            "patch" => socket.push_patch(format!("/probe/{key}?tab=pushed")),
            "navigate" => socket.push_navigate(format!("/sibling/{key}")),
            "boom_later" => {
                socket.send_after(Duration::from_millis(1), ProbeMsg::Panic);
            }
            "shout" => {
                let field = |name: &str| event.value()[name].as_str().unwrap_or("").to_owned();
                socket.broadcast(format!("room:{}", field("room")), Shout(field("text")));
            }
            "ping" => {
                let mut reply = serde_json::Map::new();
                reply.insert("pong".into(), key.into());
                socket.reply(reply);
            }
            _ => {}
        }
        Ok(())
    }

    fn handle_info(
        assigns: &mut Assigns<Self>,
        message: ProbeMsg,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match message {
            ProbeMsg::Tick => assigns.update_ticks(|t| *t += 1),
            ProbeMsg::Panic => panic!("handle_info panic requested by the test"),
            ProbeMsg::Shout(text) => assigns.shouts_mut().push(text),
        }
        Ok(())
    }

    fn terminate(assigns: &mut Assigns<Self>, reason: &TerminateReason) {
        record(&assigns.key, |s| s.terminated.push(reason.clone()));
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <p id="probe">
                <span id="key">{@key}</span>
                <span id="tab">{@tab}</span>
                <span id="ticks">{@ticks}</span>
                <span id="shouts">{@shouts.join(",")}</span>
            </p>
        }
    }
}

/// Another view of the live session `"probe"`, at `/sibling/:key`; counts its mounts under
/// `sibling:<key>`.
#[derive(LiveView)]
struct Sibling {
    key: String,
}

impl LiveView for Sibling {
    type Info = ();

    fn mount(params: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        let key = params.get("key").unwrap_or_default().to_owned();
        record_mount(&format!("sibling:{key}"), socket.connected());
        Ok(Sibling { key })
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! { <p id="sibling">{@key}</p> }
    }
}

/// A view of the live session `"other"`, at `/outside/:key`.
#[derive(LiveView)]
struct Outsider {}

impl LiveView for Outsider {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Outsider {})
    }

    fn render(_: &Assigns<Self>) -> Rendered {
        html! { <p id="outsider">outside</p> }
    }
}

fn router() -> Router {
    Router::new()
        .live_session("probe", |r| {
            r.live::<Probe>("/probe/:key")
                .live::<Sibling>("/sibling/:key")
        })
        .live_session("other", |r| r.live::<Outsider>("/outside/:key"))
}

/// A joined main view: its page, its client, topic and join ref.
struct Joined {
    page: LivePage,
    client: ChannelClient,
    topic: String,
    join_ref: String,
    /// The `rendered` of the join reply.
    rendered: Value,
}

impl Joined {
    /// Loads `path`, connects as the official client does and joins the page's view.
    async fn new(addr: SocketAddr, path: &str) -> Joined {
        let page = load_page(addr, path).await;
        let client = ChannelClient::connect_page(addr, &page).await;
        Joined::on(client, addr, page, path).await
    }

    /// Joins the view of `page` (loaded from `path`) over an existing socket.
    async fn on(mut client: ChannelClient, addr: SocketAddr, page: LivePage, path: &str) -> Joined {
        let (join_ref, reply) = client
            .join_page(&page, &format!("http://{addr}{path}"))
            .await;
        assert_eq!(reply[4]["status"], "ok", "join {path}: {reply}");
        Joined {
            topic: format!("lv:{}", page.view_id),
            rendered: reply[4]["response"]["rendered"].clone(),
            page,
            client,
            join_ref,
        }
    }

    /// Sends a click event; returns its ref.
    async fn event(&mut self, name: &str, value: Value) -> String {
        let payload = json!({"type": "click", "event": name, "value": value});
        self.client
            .push(Some(&self.join_ref), &self.topic, "event", payload)
            .await
    }

    /// Sends `live_patch` to `url`; returns the reply's response.
    async fn live_patch(&mut self, url: &str) -> Value {
        let reference = self
            .client
            .push(
                Some(&self.join_ref),
                &self.topic,
                "live_patch",
                json!({ "url": url }),
            )
            .await;
        let reply = self.client.reply_to(&reference).await;
        assert_eq!(reply[4]["status"], "ok", "live_patch {url}: {reply}");
        reply[4]["response"].clone()
    }

    /// Joins the same topic again as a live navigation to `url` (docs/protocol.md §6.3): a new join
    /// ref, `redirect` instead of `url`, the page's tokens. Returns the new join ref and reply.
    async fn navigate_join(&mut self, url: &str) -> (String, Value) {
        let params = json!({
            "_csrf_token": self.page.csrf_token,
            "_mounts": 0,
            "_mount_attempts": 0,
            "_live_referer": "http://referer.invalid/",
        });
        let payload = json!({
            "redirect": url,
            "params": params,
            "session": self.page.session,
            "static": self.page.static_token,
            "sticky": false,
        });
        // The client's join ref is the join's own ref.
        let reference = self
            .client
            .push(None, &self.topic, "phx_join", payload)
            .await;
        let reply = self.client.reply_to(&reference).await;
        (reference, reply)
    }

    /// Frames on this topic until one satisfies `done`, which is returned; others are collected
    /// into `seen`.
    async fn frame_where(&mut self, seen: &mut Vec<Value>, done: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            assert!(Instant::now() < deadline, "no such frame; seen: {seen:?}");
            let frame = self.client.recv().await;
            if done(&frame) {
                return frame;
            }
            seen.push(frame);
        }
    }

    /// Sends a heartbeat and returns every frame received before its reply: what the server
    /// had queued for this socket.
    async fn drain(&mut self) -> Vec<Value> {
        let reference = self
            .client
            .push(None, "phoenix", "heartbeat", json!({}))
            .await;
        let mut seen = Vec::new();
        self.frame_where(&mut seen, |f| {
            f[2] == "phoenix" && f[1] == reference.as_str()
        })
        .await;
        seen
    }
}

fn params_of(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[tokio::test]
async fn mount_runs_exactly_twice_per_page_visit() {
    let addr = spawn_server(router()).await;
    let page = load_page(addr, "/probe/twice").await;
    let after_get = stats("twice");
    assert_eq!(
        (after_get.disconnected_mounts, after_get.connected_mounts),
        (1, 0),
        "the HTTP render mounts once, disconnected"
    );
    assert!(page.inner_html.contains("<span id=\"key\">twice</span>"));

    let client = ChannelClient::connect_page(addr, &page).await;
    let mut joined = Joined::on(client, addr, page, "/probe/twice").await;
    let after_join = stats("twice");
    assert_eq!(
        (after_join.disconnected_mounts, after_join.connected_mounts),
        (1, 1),
        "the join mounts once more, connected"
    );

    // Events and patches run in the mounted view: no further mount.
    let reference = joined.event("ping", json!({})).await;
    joined.client.reply_to(&reference).await;
    joined
        .live_patch(&format!("http://{addr}/probe/twice?tab=x"))
        .await;
    let after_more = stats("twice");
    assert_eq!(
        (after_more.disconnected_mounts, after_more.connected_mounts),
        (1, 1)
    );
    assert_eq!(after_more.params.len(), 3, "{after_more:?}");
}

#[tokio::test]
async fn handle_params_gets_path_and_query_after_mount_and_on_live_patch() {
    let addr = spawn_server(router()).await;
    let mut joined = Joined::new(addr, "/probe/params?tab=a").await;
    let expected_uri = format!("http://{addr}/probe/params?tab=a");
    let expected = params_of(&[("key", "params"), ("tab", "a")]);
    let seen = stats("params").params;
    assert_eq!(
        seen,
        vec![
            (expected_uri.clone(), expected.clone()),
            (expected_uri, expected)
        ],
        "once after each mount (HTTP render, join), with path and query params"
    );
    assert_eq!(joined.rendered["1"], "a", "{}", joined.rendered);

    // A patch to the same view: handle_params with the new params, the diff in the reply.
    let url = format!("http://{addr}/probe/params?tab=b&extra=%C3%A9+1");
    let response = joined.live_patch(&url).await;
    assert_eq!(response, json!({"diff": {"1": "b"}}));
    let last = stats("params").params.pop().expect("a third call");
    assert_eq!(
        last,
        (
            url,
            params_of(&[("extra", "é 1"), ("key", "params"), ("tab", "b")])
        )
    );

    // A patch to the same view with an unchanged result: an empty reply.
    let response = joined
        .live_patch(&format!("http://{addr}/probe/params?tab=b"))
        .await;
    assert_eq!(response, json!({}));

    // A patch to another view of the same live session, or to another live session: the client
    // must navigate instead.
    for other in ["/sibling/params", "/outside/params"] {
        let response = joined.live_patch(&format!("http://{addr}{other}")).await;
        assert_eq!(response, json!({"link_redirect": true}), "{other}");
    }
    assert_eq!(stats("params").params.len(), 4);
}

#[tokio::test]
async fn push_patch_sends_live_patch_before_the_event_reply() {
    let addr = spawn_server(router()).await;
    let mut joined = Joined::new(addr, "/probe/pushpatch").await;
    let reference = joined.event("patch", json!({})).await;

    let first = joined.client.recv().await;
    assert_eq!(
        first,
        json!([
            joined.join_ref,
            null,
            joined.topic,
            "live_patch",
            {"to": "/probe/pushpatch?tab=pushed", "kind": "push"}
        ])
    );
    let second = joined.client.recv().await;
    assert_eq!(
        second,
        json!([
            joined.join_ref,
            reference,
            joined.topic,
            "phx_reply",
            {"status": "ok", "response": {"diff": {"1": "pushed"}}}
        ])
    );
    let last = stats("pushpatch").params.pop().expect("handle_params ran");
    assert_eq!(
        last,
        (
            format!("http://{addr}/probe/pushpatch?tab=pushed"),
            params_of(&[("key", "pushpatch"), ("tab", "pushed")])
        )
    );
}

#[test]
fn timers_never_start_disconnected() {
    let mut params = Params::default();
    params.insert("key", "inproc");
    params.insert("tick", "1");
    let mut view = ViewRuntime::<Probe>::mount("phx-inproc", &params, &Session::default(), None)
        .expect("mounted");
    let commands = view.take_commands().commands;
    assert!(
        !commands.iter().any(|c| matches!(c, Command::Timer { .. })),
        "a disconnected mount asked for a timer: {commands:?}"
    );
}

#[tokio::test]
async fn timers_tick_when_connected_and_stop_with_the_view() {
    let addr = spawn_server(router()).await;
    let mut joined = Joined::new(addr, "/probe/timer?tick=1").await;
    assert_eq!(joined.rendered["2"], "0");
    for expected in ["1", "2", "3"] {
        let frame = joined.client.recv().await;
        assert_eq!(
            frame,
            json!([joined.join_ref, null, joined.topic, "diff", {"2": expected}])
        );
    }

    let reference = joined
        .client
        .push(
            Some(&joined.join_ref),
            &joined.topic,
            "phx_leave",
            json!({}),
        )
        .await;
    joined.client.reply_to(&reference).await;
    // Six periods later, nothing more was sent for the view.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let late = joined.drain().await;
    assert!(
        late.iter().all(|f| f[3] != "diff"),
        "diffs after leave: {late:?}"
    );
}

#[tokio::test]
async fn terminate_runs_on_leave_and_on_close() {
    let addr = spawn_server(router()).await;

    let mut joined = Joined::new(addr, "/probe/leave").await;
    let reference = joined
        .client
        .push(
            Some(&joined.join_ref),
            &joined.topic,
            "phx_leave",
            json!({}),
        )
        .await;
    let reply = joined.client.reply_to(&reference).await;
    assert_eq!(reply[4], json!({"status": "ok", "response": {}}));
    let leave = wait_for_stats("leave", "terminate after phx_leave", |s| {
        !s.terminated.is_empty()
    })
    .await;
    assert_eq!(leave.terminated, vec![TerminateReason::Leave]);

    let joined = Joined::new(addr, "/probe/close").await;
    assert!(stats("close").terminated.is_empty());
    drop(joined);
    let close = wait_for_stats("close", "terminate after the socket closed", |s| {
        !s.terminated.is_empty()
    })
    .await;
    assert_eq!(close.terminated, vec![TerminateReason::Closed]);
}

#[tokio::test]
async fn push_navigate_ends_the_view_and_live_navigation_follows_live_sessions() {
    let addr = spawn_server(router()).await;
    let mut joined = Joined::new(addr, "/probe/nav").await;
    let reference = joined.event("navigate", json!({})).await;

    let reply = joined.client.recv().await;
    assert_eq!(
        reply,
        json!([
            joined.join_ref,
            reference,
            joined.topic,
            "phx_reply",
            {"status": "ok", "response": {"live_redirect": {"to": "/sibling/nav", "kind": "push"}}}
        ])
    );
    let close = joined.client.recv().await;
    assert_eq!(
        close,
        json!([
            joined.join_ref,
            joined.join_ref,
            joined.topic,
            "phx_close",
            {}
        ])
    );
    let nav = wait_for_stats("nav", "terminate after push_navigate", |s| {
        !s.terminated.is_empty()
    })
    .await;
    assert_eq!(nav.terminated, vec![TerminateReason::Navigated]);

    // The client joins the same topic again for the target: same live session, so it mounts
    // (connected only: there is no HTTP render in a live navigation).
    let (_, reply) = joined
        .navigate_join(&format!("http://{addr}/sibling/nav"))
        .await;
    assert_eq!(reply[4]["status"], "ok", "{reply}");
    let rendered = &reply[4]["response"]["rendered"];
    assert_eq!(rendered["0"], "nav", "{rendered}");
    let sibling = stats("sibling:nav");
    assert_eq!(
        (sibling.disconnected_mounts, sibling.connected_mounts),
        (0, 1)
    );

    // Another live session: refused, so the client loads the page over HTTP.
    let (_, reply) = joined
        .navigate_join(&format!("http://{addr}/outside/nav"))
        .await;
    assert_eq!(
        reply[4],
        json!({"status": "error", "response": {"reason": "unauthorized"}})
    );
}

#[tokio::test]
async fn pubsub_delivers_a_broadcast_to_other_clients_views() {
    let addr = spawn_server(router()).await;
    let mut alice = Joined::new(addr, "/probe/pub-a?room=r1").await;
    let mut bob = Joined::new(addr, "/probe/pub-b?room=r1").await;
    let mut carol = Joined::new(addr, "/probe/pub-c?room=r2").await;

    let reference = alice
        .event("shout", json!({"room": "r1", "text": "hello"}))
        .await;
    let bob_diff = bob.client.recv().await;
    assert_eq!(
        bob_diff,
        json!([bob.join_ref, null, bob.topic, "diff", {"3": "hello"}])
    );

    // The sender is subscribed too: its reply (nothing changed yet) and then the diff.
    let mut seen = Vec::new();
    let reply = alice
        .frame_where(&mut seen, |f| f[1] == reference.as_str())
        .await;
    assert_eq!(reply[4], json!({"status": "ok", "response": {}}));
    let own = if seen.is_empty() {
        alice.client.recv().await
    } else {
        seen.remove(0)
    };
    assert_eq!(
        own,
        json!([alice.join_ref, null, alice.topic, "diff", {"3": "hello"}])
    );

    // Another room hears nothing.
    let heard = carol.drain().await;
    assert!(heard.is_empty(), "{heard:?}");

    // And back.
    bob.event("shout", json!({"room": "r1", "text": "hi alice"}))
        .await;
    let mut seen = Vec::new();
    alice
        .frame_where(&mut seen, |f| {
            f[3] == "diff" && f[4]["3"] == "hello,hi alice"
        })
        .await;
}

#[tokio::test]
async fn a_panicking_handle_info_ends_only_its_view() {
    let addr = spawn_server(router()).await;
    let page_a = load_page(addr, "/probe/panic-a").await;
    let page_b = load_page(addr, "/probe/panic-b").await;
    let client = ChannelClient::connect_page(addr, &page_a).await;
    let mut a = Joined::on(client, addr, page_a, "/probe/panic-a").await;
    // Both views on the same socket.
    let (join_ref_b, reply) = a
        .client
        .join_page(&page_b, &format!("http://{addr}/probe/panic-b"))
        .await;
    assert_eq!(reply[4]["status"], "ok", "{reply}");
    let topic_b = format!("lv:{}", page_b.view_id);

    let reference = a.event("boom_later", json!({})).await;
    let mut seen = Vec::new();
    let error = a.frame_where(&mut seen, |f| f[3] == "phx_error").await;
    assert_eq!(
        error,
        json!([a.join_ref, a.join_ref, a.topic, "phx_error", {"reason": "channel_crash"}])
    );
    assert!(
        seen.iter()
            .any(|f| f[1] == reference.as_str() && f[4]["status"] == "ok"),
        "the event itself was answered: {seen:?}"
    );
    assert!(
        stats("panic-a").terminated.is_empty(),
        "terminate does not run after a crash"
    );

    // The other view on the same socket still answers.
    let payload = json!({"type": "click", "event": "ping", "value": {}});
    let reference = a
        .client
        .push(Some(&join_ref_b), &topic_b, "event", payload)
        .await;
    let reply = a.client.reply_to(&reference).await;
    assert_eq!(
        reply[4],
        json!({"status": "ok", "response": {"diff": {"r": {"pong": "panic-b"}}}})
    );

    // The crashed view can be joined again (the client rejoins after phx_error): a fresh mount.
    let (_, reply) = a
        .client
        .join_page(&a.page, &format!("http://{addr}/probe/panic-a"))
        .await;
    assert_eq!(reply[4]["status"], "ok", "{reply}");
    assert_eq!(stats("panic-a").connected_mounts, 2);
}
