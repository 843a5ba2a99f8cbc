//! The transcript of an interaction: what the test client sent and received.

use serde_json::Value;

/// Which way a [`Frame`] went.
///
/// ```
/// use live_server::testing::{live, Direction};
/// # let router = live_server::testing::__fixture::router();
/// let mut view = live(&router, "/")?;
/// view.element("#inc").render_click(())?;
/// let directions: Vec<Direction> = view.frames().iter().map(|f| f.direction).collect();
/// assert_eq!(directions, [Direction::ToServer, Direction::ToClient]);
/// # Ok::<(), live_server::testing::TestError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From the client to the server.
    ToServer,
    /// From the server to the client.
    ToClient,
}

/// One message of the transcript of an interaction, as it would cross the WebSocket (the flash
/// of a navigation is shown as JSON instead of a signed token).
///
/// ```
/// # let router = live_server::testing::__fixture::router();
/// let mut view = live_server::testing::live(&router, "/")?;
/// view.element("#tab").render_click(())?;
/// let frame = &view.frames()[0];
/// assert_eq!(frame.event, "live_patch");
/// assert_eq!(frame.to_string(), r#"→ live_patch {"url":"http://localhost:4000/?tab=2"}"#);
/// # Ok::<(), live_server::testing::TestError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// Which way it went.
    pub direction: Direction,
    /// `phx_join`, `event`, `live_patch` (both ways), `reply`, `diff`, `redirect`,
    /// `live_redirect` or `phx_leave`.
    pub event: String,
    /// The payload (for `reply`, the response).
    pub payload: Value,
}

impl std::fmt::Display for Frame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let arrow = match self.direction {
            Direction::ToServer => "→",
            Direction::ToClient => "←",
        };
        write!(f, "{arrow} {} {}", self.event, self.payload)
    }
}

pub(crate) fn to_server(event: &str, payload: Value) -> Frame {
    Frame {
        direction: Direction::ToServer,
        event: event.to_owned(),
        payload,
    }
}

pub(crate) fn to_client(event: &str, payload: Value) -> Frame {
    Frame {
        direction: Direction::ToClient,
        event: event.to_owned(),
        payload,
    }
}
