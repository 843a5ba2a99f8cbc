//! The keys demo: keyboard bindings end to end.
//!
//! - `phx-window-keydown="move"` on the page: the arrow keys move a dot on a board, from
//!   anywhere in the page. `phx-throttle="150"` lets a held key (key repeat) through at most
//!   every 150 ms; a different key always passes.
//! - `phx-window-keyup="released"` on another element (throttling is per element, and a keyup
//!   right after its keydown would be throttled away): the last key released.
//! - `<input phx-keydown="add" phx-key="Enter">`: the client only pushes on Enter, with the
//!   input's text in `value.value`. (An element binding for keydown also stops the window
//!   keydown binding for keys typed in that input.)
//! - `<input phx-keyup="search" phx-debounce="300">`: one push 300 ms after the typing stops.
//! - A help panel opened with a click and closed by `phx-click-away` or by Escape
//!   (`phx-window-keydown` filtered with `phx-key="Escape"`).
//!
//! The server only renders these attributes; filtering, throttling and debouncing happen in the
//! client, and every key event arrives as `{"type":"keydown","event":"move","value":{"key":"ArrowUp"}}`.
//!
//! ```
//! use live_core::{runtime::ViewRuntime, Event, Params, Session};
//! use serde_json::json;
//! let mut view = ViewRuntime::<keys::Keys>::mount("phx-1", &Params::default(), &Session::default(), None)?;
//! view.join_rendered();
//! view.handle_event(&Event::new("keydown", "move", json!({"key": "ArrowRight"})))?;
//! let diff = view.render_diff().expect("the dot moved");
//! assert!(diff.contains("left: 120px; top: 80px"), "{diff}");
//! assert!(diff.contains("ArrowRight"), "{diff}");
//! # Ok::<(), live_core::ViewError>(())
//! ```

use live_core::components::{button, header};
use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
use live_server::Router;

/// Cells per side of the board.
pub const SIZE: i32 = 5;

/// Pixels per cell.
const CELL: i32 = 40;

/// Styles of the demo, for `live_server::Config::head_html`.
pub const HEAD: &str = r#"<style>
#board { position: relative; width: 200px; height: 200px; background: var(--accent-soft); border: 1px solid var(--border); border-radius: 8px; margin-bottom: 1rem; }
#dot { position: absolute; width: 40px; height: 40px; border-radius: 50%; background: var(--accent); }
#help { position: fixed; top: 5rem; right: 2rem; width: 18rem; z-index: 40; }
</style>
"#;

/// A board with a dot moved by the arrow keys, a list filled from an input on Enter, a debounced
/// search and a help panel.
#[derive(LiveView)]
pub struct Keys {
    x: i32,
    y: i32,
    last_key: String,
    released: String,
    items: Vec<String>,
    query: String,
    searches: u32,
    help: bool,
}

/// The `key` of a key event's value, or `""`.
fn key(event: &Event) -> &str {
    event.value()["key"].as_str().unwrap_or("")
}

/// The `value` of an event's value (an input's text), or `""`.
fn text(event: &Event) -> &str {
    event.value()["value"].as_str().unwrap_or("")
}

impl LiveView for Keys {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Keys {
            x: SIZE / 2,
            y: SIZE / 2,
            last_key: String::new(),
            released: String::new(),
            items: Vec::new(),
            query: String::new(),
            searches: 0,
            help: false,
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match event.name() {
            "move" => {
                let (dx, dy) = match key(event) {
                    "ArrowLeft" => (-1, 0),
                    "ArrowRight" => (1, 0),
                    "ArrowUp" => (0, -1),
                    "ArrowDown" => (0, 1),
                    _ => (0, 0),
                };
                let (x, y) = (assigns.x + dx, assigns.y + dy);
                if (0..SIZE).contains(&x) && (0..SIZE).contains(&y) {
                    assigns.set_x(x);
                    assigns.set_y(y);
                }
                assigns.set_last_key(key(event).to_owned());
            }
            "released" => assigns.set_released(key(event).to_owned()),
            "add" => {
                let item = text(event).trim();
                if !item.is_empty() {
                    let item = item.to_owned();
                    assigns.update_items(|items| items.push(item));
                }
            }
            "search" => {
                assigns.set_query(text(event).to_owned());
                assigns.update_searches(|n| *n += 1);
            }
            "open_help" => assigns.set_help(true),
            "close_help" => assigns.set_help(false),
            _ => {}
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <main id="keys" phx-window-keydown="move" phx-throttle="150">
                <.header>
                    "Keys"
                    <:subtitle>"Arrow keys move the dot, from anywhere on the page."</:subtitle>
                    <:actions><.button id="help-button" type="button" variant="secondary" phx-click="open_help">"Help"</.button></:actions>
                </.header>
                <section class="card">
                    <div id="board" phx-window-keyup="released">
                        <div id="dot" style={format!("left: {}px; top: {}px", @x * CELL, @y * CELL)}></div>
                    </div>
                    <p>"Position: "<span id="position">{@x}","{@y}</span></p>
                    <p class="muted">"Last key down: "<span id="last-key">{@last_key}</span>
                        ", last key up: "<span id="released">{@released}</span></p>
                </section>
                <section class="card">
                    <input id="item" type="text" autocomplete="off" placeholder="Add an item, press Enter"
                        aria-label="New item" phx-keydown="add" phx-key="Enter">
                    <ul id="items">
                        <li :for={item in @items.iter()}>{item}</li>
                    </ul>
                </section>
                <section class="card">
                    <input id="search" type="text" autocomplete="off" placeholder="Search (debounced)"
                        aria-label="Search" phx-keyup="search" phx-debounce="300">
                    <p id="searched" class="muted">"Searches: "<span id="searches">{@searches}</span>
                        ", last query: "<span id="query">{@query}</span></p>
                </section>
                <div :if={@help} id="help" class="card" phx-click-away="close_help"
                    phx-window-keydown="close_help" phx-key="Escape">
                    <p>"Arrow keys move the dot. Enter adds the item. Click outside or press Escape to close this."</p>
                </div>
            </main>
        }
    }
}

/// The demo's routes: the keys page at `/`.
pub fn router() -> Router {
    Router::new().live::<Keys>("/")
}
