//! Phoenix parity (issue 21) over real sockets and in the harness: the page title in the first
//! HTTP render, root layouts per app and per live session, on_mount hooks that assign, live
//! actions, connect params and connect info, HEEx attribute rules, unknown channel events and
//! navigation from `handle_params` after a client patch.

mod parity_app;

use std::net::SocketAddr;

use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
use live_server::testing::{LiveTest, TestError};
use live_tests::{http_get, load_page, spawn_server_with, ChannelClient};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn server() -> SocketAddr {
    spawn_server_with(parity_app::router(), parity_app::config()).await
}

/// A `GET` with extra header lines, over a fresh connection; the response as text.
async fn get_with_headers(addr: SocketAddr, path: &str, headers: &str) -> String {
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{headers}\r\n");
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut raw = Vec::new();
    tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stream.read_to_end(&mut raw),
    )
    .await
    .expect("answer in time")
    .expect("read");
    String::from_utf8(raw).expect("UTF-8")
}

/// The text of the element with id `id` in `html`.
fn text_of<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("#{id} in {html}"));
    let start = html[start..].find('>').expect("tag end") + start + 1;
    let end = html[start..].find('<').expect("closing tag") + start;
    &html[start..end]
}

/// Every string of a rendered tree or diff, concatenated.
fn strings(rendered: &Value, out: &mut String) {
    match rendered {
        Value::String(s) => out.push_str(s),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        _ => {}
    }
}

fn all_strings(rendered: &Value) -> String {
    let mut out = String::new();
    strings(rendered, &mut out);
    out
}

// 1. The page title in the first HTTP render, with live_title's prefix and suffix.

#[tokio::test]
async fn the_title_set_in_mount_is_in_the_first_http_render() {
    let addr = server().await;
    let page = http_get(addr, "/titled/7", None).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains(
            "<title data-default=\"Parity\" data-prefix=\"Acme · \" data-suffix=\" !\">Acme · Post 7 !</title>"
        ),
        "{}",
        page.body
    );
    // Escaped like any text.
    let page = http_get(addr, "/titled/%3Cb%3E", None).await;
    assert!(
        page.body.contains(">Acme · Post &lt;b&gt; !</title>"),
        "{}",
        page.body
    );
    // A view that sets none gets the configured title.
    let page = http_get(addr, "/whoami", None).await;
    assert!(
        page.body.contains(">Acme · Parity !</title>"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn the_join_reply_carries_the_title_too() {
    let addr = server().await;
    let page = load_page(addr, "/titled/3").await;
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let (_, reply) = client
        .join_page(&page, &format!("http://{addr}/titled/3"))
        .await;
    assert_eq!(reply[4]["response"]["rendered"]["t"], "Post 3", "{reply}");
}

// 2. Root layouts, per app and per live session.

#[tokio::test]
async fn a_live_session_renders_in_its_own_root_layout_and_the_app_in_its_own() {
    let config = parity_app::config().root_layout(parity_app::app_layout());
    let addr = spawn_server_with(parity_app::router(), config).await;
    let app = http_get(addr, "/titled/1", None).await;
    assert!(app.body.contains("data-layout=\"app\""), "{}", app.body);
    assert!(app.body.contains("<body class=\"app\">"), "{}", app.body);
    let admin = http_get(addr, "/admin/me?guest=1", None).await;
    assert_eq!(admin.status, 200, "{}", admin.body);
    assert!(
        admin
            .body
            .contains("<html lang=\"fr\" data-layout=\"admin\">"),
        "{}",
        admin.body
    );
    assert!(admin
        .body
        .contains("<header id=\"admin-bar\">Admin</header>"));
    for body in [&app.body, &admin.body] {
        // What live needs is still there: CSRF meta, the bundle, the client's options, the
        // container with its tokens, the title.
        assert!(body.contains("<meta name=\"csrf-token\" content=\""));
        assert!(body.contains("<script defer src=\"/assets/live.js\"></script>"));
        assert!(body.contains(
            "<meta name=\"live-socket-options\" content=\"{&quot;maxReloads&quot;:7}\">"
        ));
        assert!(body.contains("data-phx-main data-phx-session=\""));
        assert!(body.contains("<title data-default=\"Parity\""));
    }
    // And the page joins as usual.
    let page = load_page(addr, "/admin/me?guest=1").await;
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let (_, reply) = client
        .join_page(&page, &format!("http://{addr}/admin/me?guest=1"))
        .await;
    assert_eq!(reply[4]["status"], "ok", "{reply}");
    assert!(all_strings(&reply[4]["response"]["rendered"]).contains("guest"));
}

#[tokio::test]
async fn without_a_root_layout_the_default_document_is_used() {
    let addr = server().await;
    let page = http_get(addr, "/titled/1", None).await;
    assert!(page
        .body
        .starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"));
    assert!(
        page.body.ends_with("</div>\n</body>\n</html>\n"),
        "{}",
        page.body
    );
}

// 3. on_mount hooks that assign.

#[test]
fn an_on_mount_hook_assigns_the_user_for_mount() {
    let app = LiveTest::new(&parity_app::router()).session("user", "ada");
    let mut view = app.live("/me").expect("mounts");
    assert_eq!(text_of(&view.render(), "me"), "ada");
    // Without a user the hook halts with a redirect.
    let refused = LiveTest::new(&parity_app::router()).live("/me");
    match refused {
        Err(TestError::Redirect(redirect)) => assert_eq!(redirect.to, "/login"),
        other => panic!("expected a redirect, got {other:?}"),
    }
}

#[tokio::test]
async fn the_hook_assigns_for_the_http_render_and_the_connected_mount() {
    let addr = server().await;
    let page = load_page(addr, "/me?guest=1").await;
    assert!(
        page.inner_html.contains("<p id=\"me\">guest</p>"),
        "{}",
        page.inner_html
    );
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let (_, reply) = client
        .join_page(&page, &format!("http://{addr}/me?guest=1"))
        .await;
    assert!(
        all_strings(&reply[4]["response"]["rendered"]).contains("guest"),
        "{reply}"
    );
    let refused = http_get(addr, "/me", None).await;
    assert_eq!(refused.status, 302);
    assert_eq!(refused.header("location"), Some("/login"));
}

// 4. Live actions.

#[test]
fn live_actions_follow_patches_between_the_routes_of_one_view() {
    let mut view = LiveTest::new(&parity_app::router())
        .live("/posts")
        .expect("mounts");
    let html = view.render();
    assert_eq!(text_of(&html, "action"), "index");
    assert!(!html.contains("id=\"modal\""));
    view.element("#click").render_click(()).expect("click");
    let html = view.element("#new").render_click(()).expect("patch");
    view.assert_patch("/posts/new");
    assert_eq!(text_of(&html, "action"), "new");
    assert!(html.contains("New post"), "{html}");
    assert_eq!(text_of(&html, "click"), "1", "the view was kept: {html}");
    let html = view.render_patch("/posts/7/edit").expect("patch");
    assert_eq!(text_of(&html, "action"), "edit");
    assert_eq!(text_of(&html, "editing"), "7");
    let html = view.element("#close").render_click(()).expect("close");
    view.assert_patch("/posts");
    assert_eq!(text_of(&html, "action"), "index");
    assert!(!html.contains("id=\"modal\""), "{html}");
    assert_eq!(text_of(&html, "click"), "1");
}

#[tokio::test]
async fn a_live_patch_to_another_action_sends_only_what_reads_the_action() {
    let addr = server().await;
    let page = load_page(addr, "/posts").await;
    assert!(page.inner_html.contains("<p id=\"action\">index</p>"));
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let (join_ref, reply) = client
        .join_page(&page, &format!("http://{addr}/posts"))
        .await;
    assert_eq!(reply[4]["status"], "ok");
    let topic = format!("lv:{}", page.view_id);
    let reference = client
        .push(
            Some(&join_ref),
            &topic,
            "live_patch",
            json!({"url": format!("http://{addr}/posts/new")}),
        )
        .await;
    let reply = client.reply_to(&reference).await;
    let diff = &reply[4]["response"]["diff"];
    let text = all_strings(diff);
    assert!(text.contains("new") && text.contains("New post"), "{diff}");
    // The click counter's slot reads no action: it is not in the diff.
    assert!(
        !text.contains("Rename") && diff.as_object().is_some_and(|d| !d.contains_key("1")),
        "{diff}"
    );
}

// 5. Connect params and connect info.

#[tokio::test]
async fn connect_params_and_the_peer_reach_the_connected_mount() {
    let addr = server().await;
    let page = load_page(addr, "/whoami").await;
    assert_eq!(
        text_of(&page.inner_html, "tz"),
        "unknown",
        "no params before the socket"
    );
    assert_eq!(text_of(&page.inner_html, "peer"), "127.0.0.1");
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let payload = json!({
        "url": format!("http://{addr}/whoami"),
        "params": {"_csrf_token": page.csrf_token, "_mounts": 0, "tz": "Europe/Paris"},
        "session": page.session,
        "static": page.static_token,
    });
    let topic = format!("lv:{}", page.view_id);
    let reference = client.push(None, &topic, "phx_join", payload).await;
    let reply = client.reply_to(&reference).await;
    let text = all_strings(&reply[4]["response"]["rendered"]);
    assert!(text.contains("Europe/Paris"), "{reply}");
    assert!(text.contains("127.0.0.1"), "{reply}");
    assert!(text.contains("true"), "connected: {reply}");
}

#[tokio::test]
async fn the_user_agent_and_forwarded_address_are_read_only_behind_a_trusted_proxy() {
    let addr = server().await;
    let headers = "User-Agent: parity-test/1.0\r\nX-Forwarded-For: 203.0.113.9, 10.0.0.1\r\n";
    let page = get_with_headers(addr, "/whoami", headers).await;
    assert!(
        page.contains("<p id=\"agent\">parity-test/1.0</p>"),
        "{page}"
    );
    assert!(
        page.contains("<p id=\"peer\">127.0.0.1</p>"),
        "untrusted header ignored: {page}"
    );
    let trusting =
        spawn_server_with(parity_app::router(), parity_app::config().trust_proxy(true)).await;
    let page = get_with_headers(trusting, "/whoami", headers).await;
    assert!(page.contains("<p id=\"peer\">203.0.113.9</p>"), "{page}");
}

#[test]
fn the_harness_passes_connect_params() {
    let mut view = LiveTest::new(&parity_app::router())
        .connect_params("tz", "Asia/Tokyo")
        .live("/whoami")
        .expect("mounts");
    assert_eq!(text_of(&view.render(), "tz"), "Asia/Tokyo");
}

// 8. Unknown channel events.

#[tokio::test]
async fn unknown_channel_events_get_an_error_reply_and_the_view_lives_on() {
    let addr = server().await;
    let page = load_page(addr, "/posts").await;
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let (join_ref, _) = client
        .join_page(&page, &format!("http://{addr}/posts"))
        .await;
    let topic = format!("lv:{}", page.view_id);
    // `allow_upload` names an upload this view does not have; `no_such_event` is no message of
    // the protocol at all.
    for event in ["allow_upload", "no_such_event"] {
        let reference = client
            .push(
                Some(&join_ref),
                &topic,
                event,
                json!({"ref": "phx-1", "entries": []}),
            )
            .await;
        let reply = client.reply_to(&reference).await;
        assert_eq!(reply[4]["status"], "error", "{event}: {reply}");
        assert!(reply[4]["response"]["reason"].as_str().is_some(), "{reply}");
    }
    let click = json!({"type": "click", "event": "click", "value": {}});
    let reference = client.push(Some(&join_ref), &topic, "event", click).await;
    let reply = client.reply_to(&reference).await;
    assert_eq!(reply[4]["status"], "ok", "the view lives on: {reply}");
}

// 11. Navigation from handle_params after a client patch.

async fn joined_looper(addr: SocketAddr) -> (ChannelClient, String, String) {
    let page = load_page(addr, "/loop").await;
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let (join_ref, reply) = client
        .join_page(&page, &format!("http://{addr}/loop"))
        .await;
    assert_eq!(reply[4]["status"], "ok");
    (client, join_ref, format!("lv:{}", page.view_id))
}

#[tokio::test]
async fn navigation_from_handle_params_after_a_client_patch_is_followed() {
    let addr = server().await;
    let (mut client, join_ref, topic) = joined_looper(addr).await;
    let url = format!("http://{addr}/loop?away=1");
    let reference = client
        .push(Some(&join_ref), &topic, "live_patch", json!({"url": url}))
        .await;
    let reply = client.reply_to(&reference).await;
    assert_eq!(
        reply[4]["response"]["live_redirect"]["to"], "/posts",
        "{reply}"
    );
    let closed = client.recv().await;
    assert_eq!(closed[3], "phx_close", "{closed}");

    let (mut client, join_ref, topic) = joined_looper(addr).await;
    let url = format!("http://{addr}/loop?out=1");
    let reference = client
        .push(Some(&join_ref), &topic, "live_patch", json!({"url": url}))
        .await;
    let reply = client.reply_to(&reference).await;
    assert_eq!(
        reply[4]["response"]["redirect"]["to"], "/elsewhere",
        "{reply}"
    );
}

#[tokio::test]
async fn a_view_that_patches_forever_ends_with_an_error_not_a_hang() {
    let addr = server().await;
    let (mut client, join_ref, topic) = joined_looper(addr).await;
    let url = format!("http://{addr}/loop?loop=0");
    client
        .push(Some(&join_ref), &topic, "live_patch", json!({"url": url}))
        .await;
    let frame = client.recv().await;
    assert_eq!(frame[3], "phx_error", "{frame}");
    assert_eq!(frame[2], topic.as_str());
}

// 12. Attribute rendering as HEEx does it.

#[derive(LiveView)]
struct Attrs {
    none: Option<&'static str>,
    off: bool,
    on: bool,
    value: Option<&'static str>,
}

impl LiveView for Attrs {
    type Info = ();
    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Attrs {
            none: None,
            off: false,
            on: true,
            value: Some("x"),
        })
    }
    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <p id="a" class={@none} style={@off}></p>
            <p id="b" class={@on} style={@on}></p>
            <p id="c" title={@none} hidden={@off}></p>
            <p id="d" hidden={@on} title={@value} class={@value}></p>
            <p id="e" class={[@none, ("on", @off)]} rel={[@none]}></p>
            <p id="f" class={["btn", ("on", @on)]}></p>
        }
    }
}

const ATTRS_HTML: &str = concat!(
    "<p id=\"a\" class=\"\" style=\"\"></p>",
    "<p id=\"b\" class=\"\" style=\"\"></p>",
    "<p id=\"c\"></p>",
    "<p id=\"d\" hidden title=\"x\" class=\"x\"></p>",
    "<p id=\"e\" class=\"\"></p>",
    "<p id=\"f\" class=\"btn on\"></p>",
);

#[test]
fn attributes_render_as_heex_renders_them() {
    let mut view = live_tests::mounted::<Attrs>("phx-attrs");
    assert_eq!(view.render_html(), ATTRS_HTML);
}

#[test]
fn the_client_merges_the_same_attributes_from_the_join() {
    // The harness merges the join's rendered tree as the official client does.
    let router = live_server::Router::new().live::<Attrs>("/");
    let mut view = LiveTest::new(&router).live("/").expect("mounts");
    assert_eq!(view.render(), ATTRS_HTML);
}

// 9. `<.async_result>`.

#[derive(LiveView)]
struct Org {
    org: live_core::AsyncResult<String>,
}

impl LiveView for Org {
    type Info = ();
    fn mount(params: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        let fail = params.get("fail").is_some();
        socket.assign_async(|assigns, org| assigns.set_org(org), async move {
            if fail {
                Err("no such org".to_owned())
            } else {
                Ok("Acme".to_owned())
            }
        });
        Ok(Org {
            org: live_core::AsyncResult::Loading,
        })
    }
    fn render(assigns: &Assigns<Self>) -> Rendered {
        use live_core::async_result::async_result;
        html! {
            <div id="org">
                <.async_result assign={&@org}>
                    <:loading>"Loading..."</:loading>
                    <:failed :let={why}>"Failed: "{why}</:failed>
                    <b>{@org.ok().map_or("", String::as_str)}</b>
                </.async_result>
            </div>
        }
    }
}

#[test]
fn async_result_shows_loading_then_the_value_or_the_failure() {
    let router = live_server::Router::new().live::<Org>("/org");
    let mut view = LiveTest::new(&router).live("/org").expect("mounts");
    assert!(
        view.static_html().contains("Loading..."),
        "{}",
        view.static_html()
    );
    let html = view.render_async().expect("loads");
    assert_eq!(text_of(&html, "org"), "", "{html}");
    assert!(html.contains("<b>Acme</b>"), "{html}");
    assert!(!html.contains("Loading"), "{html}");
    let mut view = LiveTest::new(&router).live("/org?fail=1").expect("mounts");
    let html = view.render_async().expect("loads");
    assert!(html.contains("Failed: no such org"), "{html}");
}

/// What the typed `<.async_result>` loads: its fields are read straight off the `:let` value.
#[derive(Clone)]
struct OrgInfo {
    name: String,
    members: u32,
}

#[derive(LiveView)]
struct TypedOrg {
    org: live_core::AsyncResult<OrgInfo>,
}

impl LiveView for TypedOrg {
    type Info = ();
    fn mount(params: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        let fail = params.get("fail").is_some();
        socket.assign_async(|assigns, org| assigns.set_org(org), async move {
            if fail {
                Err("no such org".to_owned())
            } else {
                Ok(OrgInfo {
                    name: "Acme".to_owned(),
                    members: 12,
                })
            }
        });
        Ok(TypedOrg {
            org: live_core::AsyncResult::Loading,
        })
    }
    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <div id="org">
                <.async_result :let={org} assign={@org}>
                    <:loading><p class="loading">"Loading..."</p></:loading>
                    <:failed :let={why}><p class="failed">"Failed: "{why}</p></:failed>
                    <h2 id="name">{org.name}</h2>
                    <p id="members">{org.members}" members"</p>
                </.async_result>
            </div>
        }
    }
}

#[test]
fn a_typed_async_result_hands_the_loaded_value_to_its_let() {
    let router = live_server::Router::new().live::<TypedOrg>("/org");
    let mut view = LiveTest::new(&router).live("/org").expect("mounts");
    live_server::assert_html_snapshot!("typed_async_result_loading", view);
    view.render_async().expect("loads");
    live_server::assert_html_snapshot!("typed_async_result_loaded", view);
    assert_eq!(view.element("#name").text().expect("name"), "Acme");
    assert_eq!(
        view.element("#members").text().expect("members"),
        "12 members"
    );
    let mut failed = LiveTest::new(&router).live("/org?fail=1").expect("mounts");
    failed.render_async().expect("loads");
    live_server::assert_html_snapshot!("typed_async_result_failed", failed);
}

// 6. Static asset tracking.

#[derive(LiveView)]
struct Deploy {
    stale: bool,
}

impl LiveView for Deploy {
    type Info = ();
    fn mount(_: &Params, session: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Deploy {
            stale: session.static_changed(),
        })
    }
    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! { <p id="stale">{@stale}</p> }
    }
}

/// A root layout tracking the app's stylesheet.
fn tracking_layout() -> live_server::RootLayout {
    live_server::RootLayout::new(|page| {
        format!(
            "<!DOCTYPE html>\n<html>\n<head>\n{}\n<link phx-track-static rel=\"stylesheet\" href=\"{}\">\n{}</head>\n<body>\n{}\n</body>\n</html>\n",
            page.title_tag(),
            page.static_path("/static/app.css"),
            page.head(),
            page.body()
        )
    })
}

/// The `href` of the tracked stylesheet in `html`.
fn tracked_href(html: &str) -> String {
    let marker = "<link phx-track-static rel=\"stylesheet\" href=\"";
    let start = html.find(marker).expect("tracked link") + marker.len();
    html[start..start + html[start..].find('"').expect("quote")].to_owned()
}

async fn join_tracking(addr: SocketAddr, tracked: &str) -> Value {
    let page = load_page(addr, "/deploy").await;
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let payload = json!({
        "url": format!("http://{addr}/deploy"),
        "params": {"_csrf_token": page.csrf_token, "_mounts": 0, "_track_static": [format!("http://{addr}{tracked}")]},
        "session": page.session,
        "static": page.static_token,
    });
    let reference = client
        .push(None, &format!("lv:{}", page.view_id), "phx_join", payload)
        .await;
    client.reply_to(&reference).await
}

#[tokio::test]
async fn tracked_assets_carry_digests_etags_and_tell_the_view_after_a_deploy() {
    let dir = std::env::temp_dir().join(format!("live-parity-static-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("app.css"), "body { color: black }").expect("write");
    let router = live_server::Router::new()
        .files("/static", &dir)
        .live::<Deploy>("/deploy");
    let config = live_tests::test_config().root_layout(tracking_layout());
    let addr = spawn_server_with(router, config).await;

    let page = http_get(addr, "/deploy", None).await;
    let href = tracked_href(&page.body);
    assert!(href.starts_with("/static/app.css?vsn="), "{href}");
    // The digest URL is cached for good, with an ETag; the plain one is revalidated.
    let css = http_get(addr, &href, None).await;
    assert_eq!(css.status, 200);
    assert_eq!(css.body, "body { color: black }");
    assert_eq!(
        css.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    let etag = css.header("etag").expect("an ETag").to_owned();
    let plain = http_get(addr, "/static/app.css", None).await;
    assert_eq!(plain.header("cache-control"), Some("no-cache"));
    let revalidated = get_with_headers(
        addr,
        "/static/app.css",
        &format!("If-None-Match: {etag}\r\n"),
    )
    .await;
    assert!(revalidated.starts_with("HTTP/1.1 304"), "{revalidated}");

    // The page's assets are the server's: not stale.
    let reply = join_tracking(addr, &href).await;
    assert!(
        all_strings(&reply[4]["response"]["rendered"]).contains("false"),
        "{reply}"
    );
    // A deploy changes the stylesheet: a page still holding the old URL learns it.
    std::fs::write(dir.join("app.css"), "body { color: navy }").expect("write");
    let reply = join_tracking(addr, &href).await;
    assert!(
        all_strings(&reply[4]["response"]["rendered"]).contains("true"),
        "{reply}"
    );
    let fresh = tracked_href(&http_get(addr, "/deploy", None).await.body);
    assert_ne!(fresh, href);
    let reply = join_tracking(addr, &fresh).await;
    assert!(
        all_strings(&reply[4]["response"]["rendered"]).contains("false"),
        "{reply}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

// 3. A view's own on_mount hook, after the live session's.

#[derive(LiveView)]
struct Gate {
    seen: String,
}

impl LiveView for Gate {
    type Info = ();
    fn mount(_: &Params, session: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        let seen = session
            .assigned::<Vec<&'static str>>()
            .cloned()
            .unwrap_or_default();
        Ok(Gate {
            seen: seen.join(","),
        })
    }
    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! { <p id="seen">{@seen}</p> }
    }
}

#[test]
fn a_view_on_mount_hook_runs_after_the_live_sessions_for_that_view_only() {
    use live_server::on_mount::Halt;
    let router = live_server::Router::new()
        .view_on_mount::<Gate>(|ctx| {
            let mut seen = ctx
                .session
                .assigned::<Vec<&'static str>>()
                .cloned()
                .unwrap_or_default();
            seen.push("view");
            ctx.assign(seen);
            match ctx.params.get("deny") {
                Some(_) => Err(Halt::redirect("/denied")),
                None => Ok(()),
            }
        })
        .live_session("app", |r| {
            r.on_mount(|ctx| {
                ctx.assign(vec!["session"]);
                Ok(())
            })
            .live::<Gate>("/gate")
            .live::<Deploy>("/other")
        });
    let mut view = LiveTest::new(&router).live("/gate").expect("mounts");
    assert_eq!(text_of(&view.render(), "seen"), "session,view");
    match LiveTest::new(&router).live("/gate?deny=1") {
        Err(TestError::Redirect(redirect)) => assert_eq!(redirect.to, "/denied"),
        other => panic!("expected a redirect, got {other:?}"),
    }
    // Another view of the session: the session's hook only.
    assert!(LiveTest::new(&router).live("/other?deny=1").is_ok());
}

// 10. Colocated hooks and styles.

#[tokio::test]
async fn colocated_hooks_and_styles_are_served_and_linked_from_every_page() {
    let addr = server().await;
    let page = http_get(addr, "/titled/1", None).await;
    let marker = "<script defer src=\"/assets/colocated.js?vsn=";
    let at = page
        .body
        .find(marker)
        .expect("the colocated script is linked");
    assert!(
        at < page.body.find("/assets/live.js").expect("bundle"),
        "before the bundle"
    );
    let start = at + "<script defer src=\"".len();
    let src = &page.body[start..start + page.body[start..].find('"').expect("quote")];
    let script = http_get(addr, src, None).await;
    assert_eq!(script.status, 200);
    assert_eq!(
        script.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert!(
        script.body.contains("hooks[\"Chart\"]")
            && script.body.contains("drawn by the colocated hook")
    );
    assert!(page
        .body
        .contains("<link rel=\"stylesheet\" href=\"/assets/colocated.css?vsn="));
    let css = http_get(addr, "/assets/colocated.css", None).await;
    assert!(
        css.body
            .contains("#chart { border-top: 7px solid rgb(1, 2, 3); }"),
        "{}",
        css.body
    );
    assert_eq!(css.header("cache-control"), Some("no-cache"));
    // An app without colocated assets links none and serves none.
    let plain = spawn_server_with(
        live_server::Router::new().live::<Deploy>("/"),
        live_tests::test_config(),
    )
    .await;
    let page = http_get(plain, "/", None).await;
    assert!(!page.body.contains("colocated"), "{}", page.body);
    assert_eq!(
        http_get(plain, "/assets/colocated.js", None).await.status,
        404
    );
}

// 3. on_mount hooks that attach lifecycle hooks: an analytics hook for a whole live session.

mod tracked {
    use std::sync::{Arc, Mutex};

    use live_core::hooks::HookFlow;
    use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
    use live_server::on_mount::{Halt, MountContext};
    use live_server::Router;

    /// What the analytics hooks saw, in order.
    pub(crate) type Log = Arc<Mutex<Vec<String>>>;

    #[derive(LiveView)]
    pub(crate) struct Tally {
        count: i64,
    }

    pub(crate) enum Ping {
        Hello,
    }

    impl LiveView for Tally {
        type Info = Ping;
        fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
            Ok(Tally { count: 0 })
        }
        fn handle_event(
            assigns: &mut Assigns<Self>,
            event: &Event,
            _: &mut Socket<Self>,
        ) -> Result<(), ViewError> {
            match event.name() {
                "inc" => assigns.update_count(|c| *c += 1),
                // The hooks handle these: reaching the view is a bug.
                "blocked" | "reset" => return Err("a halted event reached the view".into()),
                _ => {}
            }
            Ok(())
        }
        fn handle_info(
            assigns: &mut Assigns<Self>,
            _: Ping,
            _: &mut Socket<Self>,
        ) -> Result<(), ViewError> {
            assigns.update_count(|c| *c += 100);
            Ok(())
        }
        fn render(assigns: &Assigns<Self>) -> Rendered {
            html! {
                <div>
                    <p id="count">{@count}</p>
                    <button id="inc" phx-click="inc">"+"</button>
                    <button id="blocked" phx-click="blocked">"blocked"</button>
                    <button id="reset" phx-click="reset">"reset"</button>
                </div>
            }
        }
    }

    #[derive(LiveView)]
    pub(crate) struct Elsewhere {
        clicks: i64,
    }

    impl LiveView for Elsewhere {
        type Info = ();
        fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
            Ok(Elsewhere { clicks: 0 })
        }
        fn handle_event(
            assigns: &mut Assigns<Self>,
            _: &Event,
            _: &mut Socket<Self>,
        ) -> Result<(), ViewError> {
            assigns.update_clicks(|c| *c += 1);
            Ok(())
        }
        fn render(assigns: &Assigns<Self>) -> Rendered {
            html! { <p id="clicks" phx-click="click">{@clicks}</p> }
        }
    }

    /// The live session's hook: counts every event, params and render of every view of the
    /// session; handles `blocked` itself (a push event, the view never sees it); for `Tally`
    /// alone, a typed hook handles `reset` on its assigns and one greets `Ping`s.
    fn analytics(log: Log) -> impl Fn(&mut MountContext<'_>) -> Result<(), Halt> + Send + Sync {
        move |ctx| {
            if !ctx.connected {
                return Ok(());
            }
            let events = log.clone();
            ctx.attach_event_hook("analytics", move |event, socket| {
                let view = socket.view_name().rsplit("::").next().unwrap_or("");
                events
                    .lock()
                    .expect("log")
                    .push(format!("event {view} {}", event.name()));
                if event.name() == "blocked" {
                    socket.push_event("blocked", serde_json::json!({"by": "analytics"}));
                    return HookFlow::Halt;
                }
                HookFlow::Cont
            });
            let params = log.clone();
            ctx.attach_params_hook("analytics", move |_, uri, _| {
                let after_host = uri.split_once("://").map_or(uri, |(_, rest)| rest);
                let path = after_host.find('/').map_or("/", |at| &after_host[at..]);
                params.lock().expect("log").push(format!("params {path}"));
                HookFlow::Cont
            });
            let renders = log.clone();
            ctx.attach_after_render_hook("analytics", move |_| {
                renders.lock().expect("log").push("render".to_owned());
            });
            let infos = log.clone();
            ctx.attach_info_hook::<Ping>("analytics", move |Ping::Hello, _| {
                infos.lock().expect("log").push("info".to_owned());
                HookFlow::Cont
            });
            ctx.attach_view_hooks::<Tally>(|socket| {
                socket.attach_event_hook("reset", |assigns, event, _| match event.name() {
                    "reset" => {
                        assigns.set_count(0);
                        HookFlow::Halt
                    }
                    _ => HookFlow::Cont,
                });
            });
            Ok(())
        }
    }

    pub(crate) fn router(log: &Log) -> Router {
        Router::new().live_session("tracked", |r| {
            r.on_mount(analytics(log.clone()))
                .live::<Tally>("/tally")
                .live::<Elsewhere>("/t/elsewhere")
        })
    }
}

fn taken(log: &tracked::Log) -> Vec<String> {
    std::mem::take(&mut *log.lock().expect("log"))
}

#[test]
fn on_mount_attaches_hooks_that_count_and_handle_events_for_the_whole_live_session() {
    let log = tracked::Log::default();
    let app = LiveTest::new(&tracked::router(&log));
    let mut view = app.live("/tally").expect("mounts");
    assert_eq!(taken(&log), ["params /tally", "render"]);
    let html = view.element("#inc").render_click(()).expect("click");
    assert_eq!(text_of(&html, "count"), "1");
    let html = view.element("#blocked").render_click(()).expect("handled");
    assert_eq!(text_of(&html, "count"), "1", "halted before the view");
    view.assert_push_event("blocked", json!({"by": "analytics"}));
    let html = view.element("#reset").render_click(()).expect("handled");
    assert_eq!(
        text_of(&html, "count"),
        "0",
        "the typed hook reset the assigns"
    );
    let html = view.send(tracked::Ping::Hello).expect("info");
    assert_eq!(text_of(&html, "count"), "100", "the info hook passed it on");
    assert_eq!(
        taken(&log),
        [
            "event Tally inc",
            "render",
            "event Tally blocked",
            "event Tally reset",
            "render",
            "info",
            "render"
        ]
    );
    // Another view of the session gets the same session-wide hooks, not Tally's typed ones.
    let mut other = app.live("/t/elsewhere").expect("mounts");
    let html = other.element("#clicks").render_click(()).expect("click");
    assert_eq!(text_of(&html, "clicks"), "1");
    assert_eq!(
        taken(&log),
        [
            "params /t/elsewhere",
            "render",
            "event Elsewhere click",
            "render"
        ]
    );
}

#[tokio::test]
async fn on_mount_hooks_attached_for_a_live_session_run_over_a_real_socket() {
    let log = tracked::Log::default();
    let addr = spawn_server_with(tracked::router(&log), parity_app::config()).await;
    let page = load_page(addr, "/tally").await;
    assert!(taken(&log).is_empty(), "the HTTP render attaches nothing");
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let (join_ref, reply) = client
        .join_page(&page, &format!("http://{addr}/tally"))
        .await;
    assert_eq!(reply[4]["status"], "ok", "{reply}");
    let topic = format!("lv:{}", page.view_id);
    let mut diffs = String::new();
    for event in ["inc", "inc", "blocked", "reset", "inc"] {
        let click = json!({"type": "click", "event": event, "value": {}});
        let reference = client.push(Some(&join_ref), &topic, "event", click).await;
        let reply = client.reply_to(&reference).await;
        assert_eq!(reply[4]["status"], "ok", "{event}: {reply}");
        diffs.push_str(&reply[4]["response"].to_string());
        diffs.push('\n');
    }
    // inc, inc: 1, 2; blocked: no change but the hook's push event; reset: 0; inc: 1.
    let lines: Vec<&str> = diffs.lines().collect();
    assert!(lines[0].contains(r#""0":"1""#), "{diffs}");
    assert!(lines[1].contains(r#""0":"2""#), "{diffs}");
    assert!(
        lines[2].contains(r#""blocked""#) && lines[2].contains("analytics"),
        "{diffs}"
    );
    assert!(lines[3].contains(r#""0":"0""#), "{diffs}");
    assert!(lines[4].contains(r#""0":"1""#), "{diffs}");
    let seen = taken(&log);
    let events: Vec<&String> = seen.iter().filter(|l| l.starts_with("event")).collect();
    assert_eq!(
        events,
        [
            "event Tally inc",
            "event Tally inc",
            "event Tally blocked",
            "event Tally reset",
            "event Tally inc"
        ]
    );
    assert!(seen.contains(&"params /tally".to_owned()), "{seen:?}");
    assert!(
        seen.iter().filter(|l| *l == "render").count() >= 4,
        "{seen:?}"
    );
}
