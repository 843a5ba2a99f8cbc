//! Effects over the wire: pushed events (`"e"`), page titles (`"t"`), reply maps (`"r"`),
//! external redirects, and the 404 page.

use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
use live_server::Router;
use live_tests::{http_get, load_page, spawn_server, ChannelClient};
use serde_json::json;

/// Answers events with every top-level effect.
#[derive(LiveView)]
struct Effects {
    clicks: u32,
}

impl LiveView for Effects {
    type Info = ();

    fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        socket.set_page_title("Start");
        Ok(Effects { clicks: 0 })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match event.name() {
            "ping" => {
                let mut reply = serde_json::Map::new();
                reply.insert("pong".into(), json!(true));
                socket.reply(reply);
                socket.push_event("highlight", json!({"id": "x"}));
                socket.set_page_title("Pinged");
                assigns.update_clicks(|c| *c += 1);
            }
            "leave" => socket.redirect("https://example.com/elsewhere"),
            _ => {}
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! { <p>{@clicks}</p> }
    }
}

#[tokio::test]
async fn events_titles_replies_and_external_redirects() {
    let addr = spawn_server(Router::new().live::<Effects>("/")).await;
    let page = load_page(addr, "/").await;
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let (join_ref, reply) = client.join_page(&page, &format!("http://{addr}/")).await;
    assert_eq!(
        reply[4]["response"]["rendered"]["t"], "Start",
        "a title set in mount is in the join"
    );
    let topic = format!("lv:{}", page.view_id);

    let reference = client
        .push(
            Some(&join_ref),
            &topic,
            "event",
            json!({"type": "hook", "event": "ping", "value": {}}),
        )
        .await;
    let reply = client.reply_to(&reference).await;
    assert_eq!(
        reply[4],
        json!({"status": "ok", "response": {"diff": {
            "0": "1", "t": "Pinged", "e": [["highlight", {"id": "x"}]], "r": {"pong": true}
        }}})
    );

    let reference = client
        .push(
            Some(&join_ref),
            &topic,
            "event",
            json!({"type": "click", "event": "leave", "value": {}}),
        )
        .await;
    let reply = client.reply_to(&reference).await;
    assert_eq!(
        reply[4]["response"]["redirect"]["to"],
        "https://example.com/elsewhere"
    );
    assert_eq!(client.recv().await[3], "phx_close");
}

#[tokio::test]
async fn unknown_paths_get_the_404_page() {
    let addr = spawn_server(Router::new().live::<Effects>("/")).await;
    let response = http_get(addr, "/missing/page", None).await;
    assert_eq!(response.status, 404, "{response:?}");
    assert!(
        response.body.contains("<h1>Not found</h1>"),
        "{}",
        response.body
    );
    assert!(
        response.body.contains("<code>/missing/page</code>"),
        "{}",
        response.body
    );
}

/// Reads a typed number from the event params.
#[derive(LiveView)]
struct Typed {
    total: u32,
}

impl LiveView for Typed {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Typed { total: 0 })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let n: u32 = event.params().get("n")?;
        assigns.update_total(|t| *t += n);
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! { <p>{@total}</p> }
    }
}

#[tokio::test]
async fn ill_typed_params_get_an_error_reply_and_the_view_keeps_running() {
    let addr = spawn_server(Router::new().live::<Typed>("/")).await;
    let page = load_page(addr, "/").await;
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let (join_ref, _) = client.join_page(&page, &format!("http://{addr}/")).await;
    let topic = format!("lv:{}", page.view_id);
    let bad = json!({"type": "click", "event": "add", "value": {"n": "abc"}});
    let reference = client.push(Some(&join_ref), &topic, "event", bad).await;
    let reply = client.reply_to(&reference).await;
    assert_eq!(reply[4]["status"], "error", "{reply}");
    let reason = reply[4]["response"]["reason"].as_str().unwrap_or_default();
    assert!(reason.contains('n') && reason.contains("abc"), "{reason}");
    let missing = json!({"type": "click", "event": "add", "value": {}});
    let reference = client.push(Some(&join_ref), &topic, "event", missing).await;
    assert_eq!(client.reply_to(&reference).await[4]["status"], "error");
    let good = json!({"type": "click", "event": "add", "value": {"n": "5"}});
    let reference = client.push(Some(&join_ref), &topic, "event", good).await;
    assert_eq!(
        client.reply_to(&reference).await[4]["response"]["diff"],
        json!({"0": "5"})
    );
}
