//! The clock demo: the server pushes the current UTC time every second.
//!
//! The timer is started with [`Socket::send_interval`] only when the view is connected: the
//! static HTTP render shows the time once, and the WebSocket view ticks.
//!
//! ```
//! use std::sync::Arc;
//! use live_core::runtime::ViewRuntime;
//! use live_core::socket::{AnyMessage, Command, MessageSink};
//! use live_core::{Params, Session};
//! use clock::Clock;
//!
//! // Disconnected (the HTTP render): the time is shown, no timer starts.
//! let mut view = ViewRuntime::<Clock>::mount("phx-1", &Params::default(), &Session::default(), None)?;
//! assert!(view.take_commands().commands.is_empty());
//! let html = view.render_html();
//! assert!(html.contains("</time> <span class=\"muted\">UTC</span>"), "{html}");
//!
//! // Connected: a one-second interval is asked for.
//! struct Discard;
//! impl MessageSink for Discard {
//!     fn send(&self, _: AnyMessage) -> bool { true }
//! }
//! let mut view = ViewRuntime::<Clock>::mount("phx-1", &Params::default(), &Session::default(), Some(Arc::new(Discard)))?;
//! let commands = view.take_commands().commands;
//! assert!(matches!(
//!     commands.as_slice(),
//!     [Command::Timer { after, repeat: true, .. }] if *after == std::time::Duration::from_secs(1)
//! ));
//!
//! assert_eq!(clock::format_utc(0), "00:00:00");
//! assert_eq!(clock::format_utc(1_700_000_000), "22:13:20");
//! # Ok::<(), live_core::ViewError>(())
//! ```

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use live_core::components::header;
use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
use live_server::Router;

/// The current time of day in UTC.
#[derive(LiveView)]
pub struct Clock {
    time: String,
}

/// The timer's message: time to read the clock again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tick;

impl LiveView for Clock {
    type Info = Tick;

    fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        // `send_interval` is a no-op while disconnected; the check makes the intent explicit.
        if socket.connected() {
            socket.send_interval(Duration::from_secs(1), Tick);
        }
        Ok(Clock { time: utc_now() })
    }

    fn handle_info(
        assigns: &mut Assigns<Self>,
        _: Tick,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        // An unchanged value (two ticks in the same second) is no change, so no diff is sent.
        assigns.set_time(utc_now());
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <div id="clock" class="card">
                <.header>Clock<:subtitle>The server pushes the time every second, once connected.</:subtitle></.header>
                <p class="big"><time id="time">{@time}</time>" "<span class="muted">UTC</span></p>
            </div>
        }
    }
}

/// The time of day of `secs` seconds after the Unix epoch, as `HH:MM:SS` (UTC).
pub fn format_utc(secs: u64) -> String {
    let of_day = secs % 86_400;
    format!(
        "{:02}:{:02}:{:02}",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

/// The current time of day, `HH:MM:SS` in UTC, from the system clock.
pub fn utc_now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    format_utc(secs)
}

/// The demo's routes: the clock at `/`.
pub fn router() -> Router {
    Router::new().live::<Clock>("/")
}
