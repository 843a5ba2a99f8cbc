//! Slots that read no assign and no variable are constants: evaluated on full renders only,
//! never re-sent by an event (as HEEx does).

use live_core::runtime::ViewRuntime;
use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError, JS};
use serde_json::json;

const LABEL: &str = "Add one";

/// A button whose JS command and label are constants, and a count that changes.
#[derive(LiveView)]
struct Clicker {
    n: u32,
}

impl LiveView for Clicker {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Clicker { n: 0 })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        _: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        assigns.update_n(|n| *n += 1);
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        let local = format!("n is {}", assigns.n);
        html! {
            <div>
                <button phx-click={JS::push("inc").hide("#menu")}>{LABEL}</button>
                <b>{@n}</b>
                <i>{local}</i>
            </div>
        }
    }
}

#[test]
fn constants_are_sent_once_and_variables_every_time() {
    let mut view =
        ViewRuntime::<Clicker>::mount("phx-c", &Params::default(), &Session::default(), None)
            .expect("mount");
    let join: serde_json::Value = serde_json::from_str(&view.join_rendered()).expect("JSON");
    assert!(
        join["0"].as_str().is_some_and(|a| a.contains("push")),
        "{join}"
    );
    assert_eq!(join["1"], "Add one");
    assert_eq!(join["2"], "0");
    assert_eq!(join["3"], "n is 0");
    view.handle_event(&Event::new("click", "inc", json!({})))
        .expect("event");
    // The JS attribute and the constant label are not re-sent; a local variable always is.
    assert_eq!(
        view.render_diff().as_deref(),
        Some(r#"{"2":"1","3":"n is 1"}"#)
    );
    assert!(
        view.render_html().contains("phx-click="),
        "a full render still has the constants"
    );
}
