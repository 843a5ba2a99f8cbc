//! A layout wraps the view's template without disturbing change tracking inside it.

use live_core::runtime::ViewRuntime;
use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
use serde_json::json;

fn shell(inner: Rendered) -> Rendered {
    html! { <div class="shell"><nav>menu</nav>{inner}</div> }
}

/// A counter inside the shell layout.
#[derive(LiveView)]
struct Inside {
    n: u32,
}

impl LiveView for Inside {
    type Info = ();

    fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        socket.set_layout(shell);
        Ok(Inside { n: 1 })
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
        html! { <p>{@n}</p> }
    }
}

#[test]
fn layout_wraps_and_diffs_only_the_inner_slot() {
    let mut view =
        ViewRuntime::<Inside>::mount("phx-l", &Params::default(), &Session::default(), None)
            .expect("mount");
    assert_eq!(
        view.render_html(),
        r#"<div class="shell"><nav>menu</nav><p>1</p></div>"#
    );
    let join: serde_json::Value = serde_json::from_str(&view.join_rendered()).expect("JSON");
    assert_eq!(
        join["s"],
        json!(["<div class=\"shell\"><nav>menu</nav>", "</div>"])
    );
    assert_eq!(join["0"]["s"], json!(["<p>", "</p>"]));
    view.handle_event(&Event::new("click", "inc", json!({})))
        .expect("event");
    assert_eq!(view.render_diff().as_deref(), Some(r#"{"0":{"0":"2"}}"#));
    view.handle_event(&Event::new("click", "noop", json!({})))
        .expect("event");
    assert_eq!(view.render_diff().as_deref(), Some(r#"{"0":{"0":"3"}}"#));
}
