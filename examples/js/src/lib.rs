//! The JS commands demo: client-side UI written in Rust with [`JS`].
//!
//! - A modal opened and closed entirely in the browser: `JS::push_focus` + `JS::show` with a
//!   transition + `JS::focus_first` to open; `JS::hide` + `JS::pop_focus` to close, from the
//!   close button, a click outside (`phx-click-away`) or Escape (`phx-window-keydown` with
//!   `phx-key`). No message reaches the server.
//! - A menu toggled with `JS::toggle` (in/out transitions) that flips `aria-expanded` with
//!   `JS::toggle_attribute`.
//! - A like button: `JS::push("like")` plus a `JS::toggle_class` on the button itself. The server
//!   counts the like and answers with `push_event("highlight", {"id": "likes"})`; a window
//!   listener (in [`HEAD`]) runs the JS command the page stores in `data-highlight` of that
//!   element with `liveSocket.execJS` — server-triggered JS commands without a hook.
//!
//! ```
//! use live_core::{runtime::ViewRuntime, Event, Params, Session};
//! use serde_json::json;
//! let mut view = ViewRuntime::<js_demo::JsDemo>::mount("phx-1", &Params::default(), &Session::default(), None)?;
//! let html = view.render_html();
//! assert!(html.contains(r#"<button id="like" class="btn btn-secondary" phx-click="[[&quot;push&quot;,{&quot;event&quot;:&quot;like&quot;}],[&quot;toggle_class&quot;,{&quot;names&quot;:[&quot;liked&quot;]}]]">"#), "{html}");
//! view.join_rendered();
//! view.handle_event(&Event::new("click", "like", json!({"value": ""})))?;
//! let diff = view.render_diff().expect("a diff");
//! assert!(diff.ends_with(r#""8":"1","e":[["highlight",{"id":"likes"}]]}"#), "{diff}");
//! # Ok::<(), live_core::ViewError>(())
//! ```

use live_core::components::header;
use live_core::js::{HideOpts, JsCommand, ShowOpts, Target, ToggleOpts, TransitionOpts};
use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError, JS};
use live_server::Router;
use serde_json::json;

/// Styles and the `phx:highlight` listener, for `live_server::Config::head_html`.
pub const HEAD: &str = r#"<style>
.demo-modal { position: fixed; inset: 0; z-index: 50; background: rgb(10 10 20 / 0.55); }
.demo-modal-content { margin: 15vh auto; width: min(24rem, calc(100vw - 2rem)); }
#menu { list-style: none; margin: 0.5rem 0 0; padding: 0.25rem; width: 12rem; background: var(--surface); border: 1px solid var(--border); border-radius: 8px; box-shadow: var(--shadow); }
#menu li { padding: 0.4rem 0.75rem; border-radius: 6px; }
#menu li:hover { background: var(--surface-2); }
#likes { display: inline-block; min-width: 2ch; padding: 0 0.3rem; border-radius: 6px; font-weight: 700; }
.fade-in { transition: opacity 150ms ease-out; }
.fade-in-start { opacity: 0; }
.fade-in-end { opacity: 1; }
.fade-out { transition: opacity 150ms ease-in; }
.fade-out-start { opacity: 1; }
.fade-out-end { opacity: 0; }
.btn.liked { background: var(--danger); color: #fff; }
.highlight { background: #fde047; color: #18181b; }
</style>
<script>
// The server's push_event("highlight", {id}) arrives as the window event "phx:highlight": run the
// JS command stored in that element's data-highlight attribute, and log it.
window.addEventListener("phx:highlight", (event) => {
  const el = document.getElementById(event.detail.id);
  if (el && window.liveSocket) {
    window.liveSocket.execJS(el, el.getAttribute("data-highlight"));
  }
  const log = document.getElementById("event-log");
  if (log) {
    const line = document.createElement("li");
    line.textContent = "highlight " + event.detail.id;
    log.appendChild(line);
  }
});
</script>
"#;

/// Opens the modal: remembers the focused button, fades the modal in, focuses its first input.
pub fn open_modal() -> JsCommand {
    JS::push_focus(Target::Source)
        .show(
            ShowOpts::to("#modal")
                .transition(("fade-in", "fade-in-start", "fade-in-end"))
                .time(150),
        )
        .focus_first("#modal-content")
}

/// Closes the modal: fades it out and gives the focus back to the button that opened it.
pub fn hide_modal() -> JsCommand {
    JS::hide(
        HideOpts::to("#modal")
            .transition(("fade-out", "fade-out-start", "fade-out-end"))
            .time(150),
    )
    .pop_focus()
}

/// Shows or hides the menu and flips the button's `aria-expanded`.
pub fn toggle_menu() -> JsCommand {
    JS::toggle(
        ToggleOpts::to("#menu")
            .ins(("fade-in", "fade-in-start", "fade-in-end"))
            .outs(("fade-out", "fade-out-start", "fade-out-end"))
            .time(150),
    )
    .toggle_attribute(("aria-expanded", "true", "false"), Target::Source)
}

/// A page of client-side UI around one server-side number: the likes.
#[derive(LiveView)]
pub struct JsDemo {
    likes: u32,
}

impl LiveView for JsDemo {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(JsDemo { likes: 0 })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        if event.name() == "like" {
            assigns.update_likes(|n| *n += 1);
            socket.push_event("highlight", json!({"id": "likes"}));
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <main id="js-demo">
                <.header>"JS commands"<:subtitle>"Client-side UI written in Rust, run by the official client."</:subtitle></.header>
                <section class="card">
                    <h2>"A modal"</h2>
                    <p class="muted">"Built by hand from JS commands; the core components' "<code>"modal"</code>" does the same and more."</p>
                    <button id="open-modal" class="btn btn-primary" phx-click={open_modal()}>"Open the modal"</button>
                </section>
                <div id="modal" class="demo-modal" style="display: none">
                    <div id="modal-content" class="demo-modal-content card" role="dialog" aria-modal="true"
                        phx-click-away={hide_modal()} phx-window-keydown={hide_modal()} phx-key="Escape">
                        <h2>"Hello from the client"</h2>
                        <p>"Shown and hidden by JS commands, without a message to the server."</p>
                        <p><input id="modal-input" type="text" placeholder="Focused when opened" aria-label="Anything"></p>
                        <button id="close-modal" class="btn btn-secondary" phx-click={hide_modal()}>"Close"</button>
                    </div>
                </div>
                <section class="card">
                    <h2>"A menu"</h2>
                    <button id="menu-button" class="btn btn-secondary" aria-expanded="false" aria-controls="menu"
                        phx-click={toggle_menu()}>"Menu"</button>
                    <ul id="menu" style="display: none">
                        <li>"Profile"</li>
                        <li>"Settings"</li>
                    </ul>
                </section>
                <section class="card">
                    <h2>"A push and a class"</h2>
                    <button id="like" class="btn btn-secondary" phx-click={JS::push("like").toggle_class("liked", Target::Source)}>"Like"</button>
                    " Likes: "
                    <span id="likes" data-highlight={JS::transition("highlight", TransitionOpts::new().time(600))}>{@likes}</span>
                    <ul id="event-log" phx-update="ignore"></ul>
                </section>
            </main>
        }
    }
}

/// The demo's routes: the page at `/`.
pub fn router() -> Router {
    Router::new().live::<JsDemo>("/")
}
