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
