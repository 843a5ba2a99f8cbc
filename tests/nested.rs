//! Nested and sticky views over a raw WebSocket (docs/protocol.md §2.5): the child's join
//! without `url` with the token of the parent's connected render, the token checks (forged,
//! absent, for another id, parent not joined), crash isolation both ways, and a sticky view
//! surviving the live navigation of the page.

use live_tests::{load_page, spawn_server, ChannelClient, LivePage};
use serde_json::{json, Value};

/// The value of `attribute` on the element with id `id` in `html`.
fn attribute_of(html: &str, id: &str, attribute: &str) -> String {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("#{id} in {html}"));
    let tag_end = html[start..].find('>').expect("tag end") + start;
    let tag = &html[start..tag_end];
    let marker = format!("{attribute}=\"");
    let Some(at) = tag.find(&marker) else {
        return String::new();
    };
    let value = &tag[at + marker.len()..];
    value[..value.find('"').expect("closing quote")].to_owned()
}

/// Every string slot of a rendered tree, concatenated (where the child placeholders are).
fn strings(rendered: &Value, out: &mut String) {
    match rendered {
        Value::String(s) => out.push_str(s),
        Value::Object(map) => map
            .iter()
            .filter(|(k, _)| k.as_str() != "s")
            .for_each(|(_, v)| strings(v, out)),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        _ => {}
    }
}

/// Joins a nested view as the official client does: no `url`, the static token of the dead
/// render. Returns the join ref and the reply.
async fn join_nested(
    client: &mut ChannelClient,
    page: &LivePage,
    id: &str,
    session: &str,
    static_token: &str,
    sticky: bool,
) -> (String, Value) {
    let payload = json!({
        "params": {"_csrf_token": page.csrf_token, "_mounts": 0, "_mount_attempts": 0},
        "session": session,
        "static": static_token,
        "sticky": sticky,
    });
    let reference = client
        .push(None, &format!("lv:{id}"), "phx_join", payload)
        .await;
    (reference.clone(), client.reply_to(&reference).await)
}

async fn click(client: &mut ChannelClient, join_ref: &str, topic: &str, event: &str) -> Value {
    let payload = json!({"type": "click", "event": event, "value": {}});
    let reference = client.push(Some(join_ref), topic, "event", payload).await;
    client.reply_to(&reference).await
}

/// A page of the nested example with its main view and its clock child joined.
struct Joined {
    addr: std::net::SocketAddr,
    client: ChannelClient,
    page: LivePage,
    main_ref: String,
    main_topic: String,
    clock_ref: String,
    clock_session: String,
}

async fn joined() -> Joined {
    let addr = spawn_server(nested::router()).await;
    let page = load_page(addr, "/").await;
    // The static render: the child's content, its parent, a static token and no session.
    assert_eq!(
        attribute_of(&page.inner_html, "clock", "data-phx-session"),
        ""
    );
    assert_eq!(
        attribute_of(&page.inner_html, "clock", "data-phx-parent-id"),
        page.view_id
    );
    assert!(!attribute_of(&page.inner_html, "clock", "data-phx-static").is_empty());
    assert!(page.inner_html.contains(r#"<span id="seconds">0</span>"#));
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let (main_ref, reply) = client.join_page(&page, &format!("http://{addr}/")).await;
    assert_eq!(reply[4]["status"], "ok", "{reply}");
    let mut html = String::new();
    strings(&reply[4]["response"]["rendered"], &mut html);
    // The connected render: an empty container with the signed session.
    assert!(
        html.contains(r#"<div id="clock" data-phx-session=""#),
        "{html}"
    );
    let clock_session = attribute_of(&html, "clock", "data-phx-session");
    assert!(clock_session.contains('.'), "{clock_session}");
    assert!(html.contains(&format!(
        r#"data-phx-static="" data-phx-parent-id="{}"></div>"#,
        page.view_id
    )));
    let clock_static = attribute_of(&page.inner_html, "clock", "data-phx-static");
    let (clock_ref, reply) = join_nested(
        &mut client,
        &page,
        "clock",
        &clock_session,
        &clock_static,
        false,
    )
    .await;
    assert_eq!(reply[4]["status"], "ok", "{reply}");
    assert!(reply[4].to_string().contains("Running for"), "{reply}");
    Joined {
        addr,
        main_topic: format!("lv:{}", page.view_id),
        client,
        page,
        main_ref,
        clock_ref,
        clock_session,
    }
}

#[tokio::test]
async fn a_child_joins_without_url_and_its_events_stay_its_own() {
    let Joined {
        mut client,
        main_ref,
        main_topic,
        clock_ref,
        ..
    } = joined().await;
    let reply = click(&mut client, &main_ref, &main_topic, "inc").await;
    assert_eq!(reply[4]["response"]["diff"]["0"], "1", "{reply}");
    // The clock's "lap" is the clock's event: the reply is the clock's, and the parent hears
    // of it only through the message the clock sends it.
    let reference = client
        .push(
            Some(&clock_ref),
            "lv:clock",
            "event",
            json!({"type": "click", "event": "lap", "value": {}}),
        )
        .await;
    let mut clock_replied = false;
    let mut parent_pushed = false;
    while !(clock_replied && parent_pushed) {
        let frame = client.recv().await;
        if frame[2] == "lv:clock" && frame[1] == reference.as_str() {
            assert_eq!(frame[4]["status"], "ok");
            clock_replied = true;
        } else if frame[2] == main_topic.as_str() && frame[3] == "diff" {
            assert!(frame[4].to_string().contains(" s"), "{frame}");
            parent_pushed = true;
        }
    }
    // The parent's count is untouched by the child's event.
    let reply = click(&mut client, &main_ref, &main_topic, "inc").await;
    assert_eq!(reply[4]["response"]["diff"]["0"], "2", "{reply}");
}

#[tokio::test]
async fn child_tokens_are_checked() {
    let Joined {
        mut client,
        page,
        clock_session,
        ..
    } = joined().await;
    // Forged: the signature does not match.
    let mut forged = clock_session.clone();
    forged.pop();
    forged.push(if clock_session.ends_with('A') {
        'B'
    } else {
        'A'
    });
    let (_, reply) = join_nested(&mut client, &page, "clock", &forged, "", false).await;
    assert_eq!(reply[4]["response"]["reason"], "stale", "{reply}");
    // Absent, or the empty session of the static render.
    let payload = json!({"params": {}, "static": null, "sticky": false});
    let reference = client.push(None, "lv:clock2", "phx_join", payload).await;
    let reply = client.reply_to(&reference).await;
    assert_eq!(reply[4]["response"]["reason"], "stale", "{reply}");
    let (_, reply) = join_nested(&mut client, &page, "clock", "", "", false).await;
    assert_eq!(reply[4]["response"]["reason"], "stale", "{reply}");
    // The clock's token on another topic.
    let (_, reply) = join_nested(&mut client, &page, "other", &clock_session, "", false).await;
    assert_eq!(reply[4]["response"]["reason"], "stale", "{reply}");
    // The main view's token on the child's topic.
    let (_, reply) = join_nested(&mut client, &page, "clock", &page.session, "", false).await;
    assert_eq!(reply[4]["response"]["reason"], "stale", "{reply}");
}

#[tokio::test]
async fn a_child_needs_its_parent_on_the_connection() {
    let Joined {
        addr,
        page,
        clock_session,
        mut client,
        ..
    } = joined().await;
    // Another socket of the same browser, without the parent: refused.
    let mut other = ChannelClient::connect_page(addr, &page).await;
    let (_, reply) = join_nested(&mut other, &page, "clock", &clock_session, "", false).await;
    assert_eq!(reply[4]["response"]["reason"], "stale", "{reply}");
    // The first socket still serves its clock.
    let reference = client.push(None, "phoenix", "heartbeat", json!({})).await;
    assert_eq!(client.reply_to(&reference).await[4]["status"], "ok");
}

#[tokio::test]
async fn a_crashing_child_ends_alone_and_a_leaving_parent_ends_its_child() {
    let Joined {
        mut client,
        page,
        main_ref,
        main_topic,
        clock_ref,
        clock_session,
        ..
    } = joined().await;
    click(&mut client, &main_ref, &main_topic, "inc").await;
    // The clock panics: phx_error for the clock only.
    let reference = client
        .push(
            Some(&clock_ref),
            "lv:clock",
            "event",
            json!({"type": "click", "event": "crash", "value": {}}),
        )
        .await;
    loop {
        let frame = client.recv().await;
        assert_ne!(
            frame[2],
            main_topic.as_str(),
            "the parent is not touched: {frame}"
        );
        if frame[2] == "lv:clock" && frame[3] == "phx_error" {
            break;
        }
        assert_ne!(
            frame[1],
            reference.as_str(),
            "no reply after a crash: {frame}"
        );
    }
    // The parent kept its state and answers.
    let reply = click(&mut client, &main_ref, &main_topic, "inc").await;
    assert_eq!(reply[4]["response"]["diff"]["0"], "2", "{reply}");
    // The client rejoins the clock: a fresh clock.
    let (clock_ref, reply) =
        join_nested(&mut client, &page, "clock", &clock_session, "", false).await;
    assert_eq!(reply[4]["status"], "ok", "{reply}");
    // The parent leaves: its child ends with it (its topic is no longer served).
    let reference = client
        .push(Some(&main_ref), &main_topic, "phx_leave", json!({}))
        .await;
    client.reply_to(&reference).await;
    let reply = click(&mut client, &clock_ref, "lv:clock", "lap").await;
    assert_eq!(reply[4]["response"]["reason"], "unmatched topic", "{reply}");
}

#[tokio::test]
async fn a_sticky_view_survives_live_navigation() {
    let Joined {
        addr,
        mut client,
        page,
        main_ref,
        main_topic,
        ..
    } = joined().await;
    // The sticky container of the static render: a signed session, no parent.
    let notes_session = attribute_of(&page.inner_html, "notes", "data-phx-session");
    let notes_static = attribute_of(&page.inner_html, "notes", "data-phx-static");
    assert!(notes_session.contains('.'), "{}", page.inner_html);
    assert!(page
        .inner_html
        .contains(r#"data-phx-sticky><aside id="notes-panel">"#));
    assert_eq!(
        attribute_of(&page.inner_html, "notes", "data-phx-parent-id"),
        ""
    );
    let (notes_ref, reply) = join_nested(
        &mut client,
        &page,
        "notes",
        &notes_session,
        &notes_static,
        true,
    )
    .await;
    assert_eq!(reply[4]["status"], "ok", "{reply}");
    let reference = client
        .push(
            Some(&notes_ref),
            "lv:notes",
            "event",
            json!({"type": "form", "event": "add", "value": "text=remember"}),
        )
        .await;
    let reply = client.reply_to(&reference).await;
    assert!(reply[4].to_string().contains("remember"), "{reply}");
    // Live navigation of the page to /about: leave, then a join with `redirect`.
    let reference = client
        .push(Some(&main_ref), &main_topic, "phx_leave", json!({}))
        .await;
    client.reply_to(&reference).await;
    let payload = json!({
        "redirect": format!("http://{addr}/about"),
        "params": {"_csrf_token": page.csrf_token, "_mounts": 0, "_mount_attempts": 0},
        "session": page.session,
        "static": page.static_token,
        "sticky": false,
    });
    let reference = client.push(None, &main_topic, "phx_join", payload).await;
    let reply = client.reply_to(&reference).await;
    assert_eq!(reply[4]["status"], "ok", "{reply}");
    assert!(reply[4].to_string().contains("About"), "{reply}");
    // The sticky view kept running, with its state.
    let reference = client
        .push(
            Some(&notes_ref),
            "lv:notes",
            "event",
            json!({"type": "form", "event": "add", "value": "text=again"}),
        )
        .await;
    let reply = client.reply_to(&reference).await;
    assert_eq!(reply[4]["status"], "ok", "{reply}");
    assert!(reply[4].to_string().contains("again"), "{reply}");
    assert!(reply[4].to_string().contains("\"2\""), "two notes: {reply}");
}

/// The same views through LiveViewTest: the child is found, driven on its own, and the two
/// reach each other through their handles.
#[test]
fn live_view_test_reaches_nested_views() {
    let mut page = live_server::testing::live(&nested::router(), "/").expect("page");
    let mut clock = page.find_live_child("clock").expect("the clock");
    let mut notes = page.find_live_child("notes").expect("the sticky notes");
    assert!(page.find_live_child("nowhere").is_err());
    clock
        .advance(std::time::Duration::from_secs(3))
        .expect("ticks");
    assert!(clock.render().contains(r#"<span id="seconds">3</span>"#));
    clock.element("#lap").render_click(()).expect("lap");
    assert!(page.render().contains(r#"<span id="last-lap">3 s</span>"#));
    page.element("#inc").render_click(()).expect("inc");
    page.element("#reset-clock")
        .render_click(())
        .expect("reset");
    assert!(clock.render().contains(r#"<span id="seconds">0</span>"#));
    notes
        .form("#add-note", json!({"text": "hello"}))
        .render_submit()
        .expect("note");
    assert!(notes.render().contains("<li>hello</li>"));
    // A crash ends the child only.
    assert!(clock.element("#crash-clock").render_click(()).is_err());
    assert!(page.render().contains(r#"<span id="count">1</span>"#));
}
