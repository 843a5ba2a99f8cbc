//! The page title as a tracked socket value: a template reads `assigns.page_title()`, and the
//! slots reading it are rendered (and sent) only when the view sets another title.

use live_core::runtime::ViewRuntime;
use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
use serde_json::json;

/// A counter whose heading shows the page title; `rename` sets a title from the event's value.
#[derive(LiveView)]
struct Titled {
    n: u32,
}

impl LiveView for Titled {
    type Info = ();

    fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        socket.set_page_title("Home");
        Ok(Titled { n: 0 })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match event.name() {
            "rename" => {
                let title = event.value()["title"].as_str().unwrap_or("untitled");
                socket.set_page_title(title);
            }
            _ => assigns.update_n(|n| *n += 1),
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <main>
                <h1>{assigns.page_title().unwrap_or("no title")}</h1>
                <p>{@n}</p>
            </main>
        }
    }
}

fn mounted() -> ViewRuntime<Titled> {
    ViewRuntime::<Titled>::mount("phx-t", &Params::default(), &Session::default(), None)
        .expect("mount")
}

#[test]
fn the_static_render_shows_the_title_set_in_mount() {
    let mut view = mounted();
    assert_eq!(view.render_html(), "<main><h1>Home</h1><p>0</p></main>");
}

#[test]
fn only_the_slot_reading_the_title_is_sent_when_it_changes() {
    let mut view = mounted();
    let join: serde_json::Value = serde_json::from_str(&view.join_rendered()).expect("JSON");
    assert_eq!(join["0"], "Home");
    assert_eq!(join["t"], "Home");
    // Another assign: the title's slot is not evaluated, nothing about the title is sent.
    view.handle_event(&Event::new("click", "inc", json!({})))
        .expect("event");
    assert_eq!(view.render_diff().as_deref(), Some(r#"{"1":"1"}"#));
    // A new title: its slot and the title itself.
    view.handle_event(&Event::new("click", "rename", json!({"title": "Inbox"})))
        .expect("event");
    assert_eq!(
        view.render_diff().as_deref(),
        Some(r#"{"0":"Inbox","t":"Inbox"}"#)
    );
    // The same title again: the client is told the title (an effect), no slot is sent.
    view.handle_event(&Event::new("click", "rename", json!({"title": "Inbox"})))
        .expect("event");
    assert_eq!(view.render_diff().as_deref(), Some(r#"{"t":"Inbox"}"#));
}
