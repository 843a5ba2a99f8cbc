//! The thermostat demo: a path parameter, buttons and a reading refreshed by a timer.
//!
//! `/thermostat/:house` mounts a [`Thermostat`] for that house. `+`/`-` change the target
//! temperature; once connected, a one-second interval refreshes the outside reading and the
//! "changed N s ago" counter. The static HTTP render starts no timer.
//!
//! ```
//! use live_core::runtime::ViewRuntime;
//! use live_core::{Event, Params, Session};
//! use thermostat::{Thermostat, Tick};
//!
//! let mut params = Params::default();
//! params.insert("house", "garden");
//! let mut view = ViewRuntime::<Thermostat>::mount("phx-1", &params, &Session::default(), None)?;
//! // Disconnected: no timer.
//! assert!(view.take_commands().commands.is_empty());
//! let html = view.render_html();
//! assert!(html.contains("<h1>Thermostat: garden</h1>"), "{html}");
//! assert!(html.contains(r#"<span id="temperature">21</span>"#), "{html}");
//!
//! view.join_rendered();
//! view.handle_event(&Event::new("click", "inc", serde_json::json!({"value": ""})))?;
//! // Only the target's slot is sent.
//! assert_eq!(view.render_diff().as_deref(), Some(r#"{"1":"22"}"#));
//!
//! view.handle_info(Tick)?;
//! // A tick: one second since the change, a new outside reading.
//! assert_eq!(view.render_diff().as_deref(), Some(r#"{"2":"1","3":"11.1"}"#));
//! # Ok::<(), live_core::ViewError>(())
//! ```

use std::time::Duration;

use live_core::components::header;
use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
use live_server::Router;

/// The lowest target temperature, in °C.
pub const MIN_TARGET: i32 = 10;
/// The highest target temperature, in °C.
pub const MAX_TARGET: i32 = 30;

/// A thermostat for one house.
#[derive(LiveView)]
pub struct Thermostat {
    /// From the path (`/thermostat/:house`).
    house: String,
    /// The target temperature, in °C.
    target: i32,
    /// Seconds since the target last changed (counted by the timer).
    since_change: u64,
    /// The simulated outside temperature, in tenths of °C.
    outside: i32,
    /// Timer ticks so far; drives the simulation.
    ticks: u64,
}

/// The timer's message: one more second passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tick;

impl LiveView for Thermostat {
    type Info = Tick;

    fn mount(params: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        let house = params.get("house").unwrap_or("home").to_owned();
        if socket.connected() {
            socket.send_interval(Duration::from_secs(1), Tick);
        }
        socket.set_page_title(format!("Thermostat: {house}"));
        Ok(Thermostat {
            house,
            target: 21,
            since_change: 0,
            outside: outside_at(0),
            ticks: 0,
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let step = match event.name() {
            "inc" => 1,
            "dec" => -1,
            _ => return Ok(()),
        };
        let target = (assigns.target + step).clamp(MIN_TARGET, MAX_TARGET);
        if target != assigns.target {
            assigns.set_target(target);
            assigns.set_since_change(0);
        }
        Ok(())
    }

    fn handle_info(
        assigns: &mut Assigns<Self>,
        _: Tick,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let ticks = assigns.ticks + 1;
        assigns.set_ticks(ticks);
        assigns.update_since_change(|s| *s += 1);
        assigns.set_outside(outside_at(ticks));
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <div id="thermostat" class="card">
                <.header>Thermostat: {@house}<:subtitle>Target temperature of this house</:subtitle></.header>
                <div class="row">
                    <button id="down" type="button" class="btn btn-secondary" aria-label="Lower the target" phx-click="dec">"−"</button>
                    <span class="big"><span id="temperature">{@target}</span>"°C"</span>
                    <button id="up" type="button" class="btn btn-secondary" aria-label="Raise the target" phx-click="inc">+</button>
                </div>
                <hr>
                <p>Changed <span id="since">{@since_change}</span> s ago.</p>
                <p>Outside: <span id="outside">{tenths(@outside)}</span>"°C"</p>
            </div>
        }
    }
}

/// The simulated outside temperature after `ticks` seconds, in tenths of °C: 12.0 °C with a
/// slow triangle wave of ±1.0 °C.
pub fn outside_at(ticks: u64) -> i32 {
    let phase = (ticks % 40) as i32;
    let wave = if phase < 20 { phase } else { 40 - phase };
    110 + wave
}

/// Formats tenths as a decimal (`123` gives `"12.3"`, `-5` gives `"-0.5"`).
pub fn tenths(value: i32) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let abs = value.unsigned_abs();
    format!("{sign}{}.{}", abs / 10, abs % 10)
}

/// The demo's routes: a thermostat per house at `/thermostat/:house`.
pub fn router() -> Router {
    Router::new().live::<Thermostat>("/thermostat/:house")
}
