//! The nested views demo: views inside views, each its own task with its own state.
//!
//! - [`Dashboard`] (at `/`) has a counter and renders a [`Clock`] child with
//!   `{live_render::<Clock>("clock")}`. The clock ticks on its own timer; its buttons reach the
//!   clock only, never the dashboard. "Lap" sends the clock's time to the dashboard through
//!   [`Socket::parent`]; "Reset the clock" goes the other way through [`Socket::child`].
//!   "Crash the clock" panics inside the clock: the client rejoins the clock (a fresh one), and
//!   the dashboard keeps its count and keeps answering.
//! - [`Notes`] is rendered by both pages of the live session `"app"` with
//!   `live_render::<Notes>("notes").sticky()`: navigating from `/` to `/about` (no page load)
//!   swaps the page's view and leaves the notes panel running, with its notes.
//!
//! ```
//! use live_core::runtime::ViewRuntime;
//! use live_core::{Params, Session};
//! use nested::Dashboard;
//!
//! // The static render holds each child's container with the child's own HTML.
//! let mut view = ViewRuntime::<Dashboard>::mount("phx-1", &Params::default(), &Session::default(), None)?;
//! let html = view.render_html();
//! assert!(html.contains(r#"<div id="clock" data-phx-session="" data-phx-static="" data-phx-parent-id="phx-1">"#), "{html}");
//! assert!(html.contains(r#"<span id="seconds">0</span>"#), "{html}");
//! assert!(html.contains(r#"data-phx-sticky><aside id="notes-panel">"#), "{html}");
//! # Ok::<(), live_core::ViewError>(())
//! ```

use std::time::Duration;

use live_core::link::link;
use live_core::{
    html, live_render, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError,
};
use live_server::Router;

/// How many notes the panel keeps.
pub const MAX_NOTES: usize = 50;

/// The longest note, in characters.
pub const MAX_NOTE_LENGTH: usize = 200;

/// The page at `/`: a counter, the clock child and the sticky notes.
#[derive(LiveView)]
pub struct Dashboard {
    count: i64,
    /// The last lap the clock reported, in seconds.
    lap: Option<u64>,
}

/// What the dashboard's children tell it.
#[derive(Debug, Clone)]
pub enum ToDashboard {
    /// The clock's time when "Lap" was clicked.
    Lap(u64),
}

impl LiveView for Dashboard {
    type Info = ToDashboard;

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Dashboard {
            count: 0,
            lap: None,
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match event.name() {
            "inc" => assigns.update_count(|c| *c += 1),
            "reset-clock" => {
                if let Some(clock) = socket.child::<Clock>("clock") {
                    clock.send(ToClock::Reset);
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn handle_info(
        assigns: &mut Assigns<Self>,
        message: ToDashboard,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let ToDashboard::Lap(seconds) = message;
        assigns.set_lap(Some(seconds));
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <div id="dashboard">
                <h1>Dashboard</h1>
                <p class="muted">Each box below is a LiveView of its own, in its own task.</p>
                <div class="card">
                    <p class="row">Count: <span id="count">{@count}</span> <button id="inc" class="btn btn-primary" phx-click="inc">+1</button></p>
                    <p class="row">Last lap: <span id="last-lap">{lap_text(@lap)}</span> <button id="reset-clock" class="btn btn-secondary" phx-click="reset-clock">Reset the clock</button></p>
                </div>
                {live_render::<Clock>("clock")}
                <p><.link id="to-about" navigate="/about">About</.link> (live navigation: the notes stay)</p>
                {live_render::<Notes>("notes").sticky()}
            </div>
        }
    }
}

fn lap_text(lap: Option<u64>) -> String {
    lap.map_or_else(|| "none".to_owned(), |s| format!("{s} s"))
}

/// A child of [`Dashboard`]: a clock with its own timer.
#[derive(LiveView)]
pub struct Clock {
    seconds: u64,
}

/// The clock's messages: its own ticks, and what its parent asks.
#[derive(Debug, Clone)]
pub enum ToClock {
    /// One second passed.
    Tick,
    /// Start from zero again.
    Reset,
}

impl LiveView for Clock {
    type Info = ToClock;

    fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        socket.send_interval(Duration::from_secs(1), ToClock::Tick);
        Ok(Clock { seconds: 0 })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match event.name() {
            "lap" => {
                if let Some(parent) = socket.parent::<Dashboard>() {
                    parent.send(ToDashboard::Lap(assigns.seconds));
                }
            }
            "crash" => panic!("the clock crashed on purpose"),
            _ => {}
        }
        Ok(())
    }

    fn handle_info(
        assigns: &mut Assigns<Self>,
        message: ToClock,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match message {
            ToClock::Tick => assigns.update_seconds(|s| *s += 1),
            ToClock::Reset => assigns.set_seconds(0),
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <div class="clock card">
                <p>Running for <span id="seconds">{@seconds}</span> s</p>
                <button id="lap" class="btn btn-secondary" phx-click="lap">Lap</button>" "
                <button id="crash-clock" class="btn btn-danger" phx-click="crash">Crash the clock</button>
            </div>
        }
    }
}

/// A sticky panel of notes, rendered by every page of the live session.
#[derive(LiveView)]
pub struct Notes {
    notes: Vec<(u32, String)>,
    next: u32,
}

impl LiveView for Notes {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Notes {
            notes: Vec::new(),
            next: 0,
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        if event.name() != "add" {
            return Ok(());
        }
        let text = event.params().get_str("text").unwrap_or_default().trim();
        if text.is_empty() {
            return Ok(());
        }
        let text: String = text.chars().take(MAX_NOTE_LENGTH).collect();
        let id = assigns.next;
        assigns.set_next(id + 1);
        assigns.update_notes(|notes| {
            notes.push((id, text));
            if notes.len() > MAX_NOTES {
                notes.remove(0);
            }
        });
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <aside id="notes-panel">
                <div class="card">
                    <h2>Notes (<span id="note-count">{@notes.len()}</span>)</h2>
                    <ul id="note-list">
                        <li :for={(id, text) in @notes.iter()} :key={id}>{text}</li>
                    </ul>
                    <form id="add-note" class="row" phx-submit="add">
                        <input id="note-text" class="grow" type="text" name="text" autocomplete="off" placeholder="A note" aria-label="Note">
                        <button type="submit" class="btn btn-primary">Add</button>
                    </form>
                </div>
            </aside>
        }
    }
}

/// The second page of the live session `"app"`.
#[derive(LiveView)]
pub struct About {}

impl LiveView for About {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(About {})
    }

    fn render(_: &Assigns<Self>) -> Rendered {
        html! {
            <div id="about">
                <h1>About</h1>
                <p>Child views run in their own tasks; sticky ones outlive live navigation.</p>
                <p><.link id="to-dashboard" navigate="/">Dashboard</.link></p>
                {live_render::<Notes>("notes").sticky()}
            </div>
        }
    }
}

/// The demo's routes: the dashboard at `/` and the about page at `/about`, one live session.
pub fn router() -> Router {
    Router::new().live_session("app", |r| r.live::<Dashboard>("/").live::<About>("/about"))
}
