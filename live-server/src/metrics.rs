//! What the server counts, through the [`metrics`](https://docs.rs/metrics) facade: install any
//! recorder (for Prometheus, `metrics-exporter-prometheus`) and these series appear; without a
//! recorder they cost next to nothing.
//!
//! | name | kind | labels | what |
//! | --- | --- | --- | --- |
//! | `live_connected_views` | gauge | | views joined and running now |
//! | `live_views_joined_total` | counter | `view` | successful joins (first joins, rejoins, live navigations) |
//! | `live_events_total` | counter | `view` | client events handled (`handle_event`) |
//! | `live_diff_bytes_total` | counter | | bytes of diffs sent (join renders, event replies, pushes) |
//! | `live_view_crashes_total` | counter | `view` | views ended by an error or a panic, failed joins included |
//! | `live_longpoll_sessions` | gauge | | long-poll sessions open now (clients whose WebSocket is blocked) |
//!
//! ```
//! // In an app with `metrics-exporter-prometheus` (not a dependency of live), install it first:
//! // metrics_exporter_prometheus::PrometheusBuilder::new().install()?;
//! // then scrape `live_events_total{view="counter::Counter"}` and friends. The names are
//! // constants of this module, for dashboards and alerts written in Rust:
//! assert_eq!(live_server::metrics::EVENTS, "live_events_total");
//! assert_eq!(live_server::metrics::CONNECTED_VIEWS, "live_connected_views");
//! ```

/// Connected views now.
pub const CONNECTED_VIEWS: &str = "live_connected_views";
/// Successful joins.
pub const VIEWS_JOINED: &str = "live_views_joined_total";
/// Client events handled.
pub const EVENTS: &str = "live_events_total";
/// Bytes of diffs sent.
pub const DIFF_BYTES: &str = "live_diff_bytes_total";
/// Views ended by a crash.
pub const VIEW_CRASHES: &str = "live_view_crashes_total";

/// Open long-poll sessions.
pub const LONGPOLL_SESSIONS: &str = "live_longpoll_sessions";

/// A long-poll session opened.
pub(crate) fn longpoll_session_opened() {
    metrics::gauge!(LONGPOLL_SESSIONS).increment(1.0);
}

/// A long-poll session ended.
pub(crate) fn longpoll_session_ended() {
    metrics::gauge!(LONGPOLL_SESSIONS).decrement(1.0);
}

/// A view joined.
pub(crate) fn view_joined(view: &'static str) {
    metrics::gauge!(CONNECTED_VIEWS).increment(1.0);
    metrics::counter!(VIEWS_JOINED, "view" => view).increment(1);
}

/// A joined view ended (`crashed`: by an error or a panic).
pub(crate) fn view_ended(view: &'static str, crashed: bool) {
    metrics::gauge!(CONNECTED_VIEWS).decrement(1.0);
    if crashed {
        metrics::counter!(VIEW_CRASHES, "view" => view).increment(1);
    }
}

/// A join failed after the view started mounting (mount or handle_params failed).
pub(crate) fn join_failed(view: &'static str) {
    metrics::counter!(VIEW_CRASHES, "view" => view).increment(1);
}

/// A client event was handled.
pub(crate) fn event_handled(view: &'static str) {
    metrics::counter!(EVENTS, "view" => view).increment(1);
}

/// A diff of `bytes` went out.
pub(crate) fn diff_sent(bytes: usize) {
    metrics::counter!(DIFF_BYTES).increment(bytes as u64);
}
