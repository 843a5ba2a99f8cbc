//! The counter demo: the smallest complete LiveView.
//!
//! ```
//! use live_core::{runtime::ViewRuntime, Event, Params, Session};
//! let mut view = ViewRuntime::<counter::Counter>::mount("phx-1", &Params::default(), &Session::default(), None)?;
//! view.join_rendered();
//! view.handle_event(&Event::new("click", "inc", serde_json::json!({"value": ""})))?;
//! assert_eq!(view.render_diff().as_deref(), Some(r#"{"0":"1"}"#));
//! # Ok::<(), live_core::ViewError>(())
//! ```

use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
use live_server::Router;

/// A count with buttons to change it.
#[derive(LiveView)]
pub struct Counter {
    count: i64,
}

impl LiveView for Counter {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Counter { count: 0 })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match event.name() {
            "inc" => assigns.update_count(|count| *count += 1),
            "dec" => assigns.update_count(|count| *count -= 1),
            _ => {}
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <div id="counter">
                <h1>Count: <span id="count">{@count}</span></h1>
                <button id="dec" phx-click="dec">-</button>
                <button id="inc" phx-click="inc">+</button>
            </div>
        }
    }
}

/// The demo's routes: the counter at `/`.
pub fn router() -> Router {
    Router::new().live::<Counter>("/")
}
