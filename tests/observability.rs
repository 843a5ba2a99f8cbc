//! What the server tells its operator: one debug event per handled callback with the view, the
//! event name and the duration, inside a `view` span; and the `metrics` series of
//! `live_server::metrics` (connected views, events, diff bytes, crashes, long-poll sessions).
//!
//! This binary installs a global tracing subscriber and a global metrics recorder, so it holds
//! these tests only.

use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
use live_server::Router;
use live_tests::{
    http_get, load_page, spawn_server, spawn_server_with, test_config, ChannelClient,
};
use metrics::{Counter, Gauge, Histogram, Key, KeyName, Metadata, Recorder, SharedString, Unit};
use serde_json::json;

/// Log output, kept for the assertions.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|p| p.into_inner())).into_owned()
    }
}

/// A recorder keeping counters and gauges by `name{label=value,…}`.
#[derive(Default)]
struct Series {
    values: Mutex<HashMap<String, Arc<AtomicU64>>>,
}

impl Series {
    fn cell(&self, key: &Key) -> Arc<AtomicU64> {
        let labels: Vec<String> = key
            .labels()
            .map(|l| format!("{}={}", l.key(), l.value()))
            .collect();
        let name = format!("{}{{{}}}", key.name(), labels.join(","));
        self.values
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(name)
            .or_default()
            .clone()
    }

    fn counter(&self, name: &str) -> u64 {
        self.values
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(name)
            .map_or(0, |v| v.load(Ordering::Relaxed))
    }

    fn gauge(&self, name: &str) -> f64 {
        f64::from_bits(self.counter(name))
    }
}

impl Recorder for &'static Series {
    fn describe_counter(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}
    fn describe_gauge(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}
    fn describe_histogram(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}
    fn register_counter(&self, key: &Key, _: &Metadata<'_>) -> Counter {
        Counter::from_arc(self.cell(key))
    }
    fn register_gauge(&self, key: &Key, _: &Metadata<'_>) -> Gauge {
        Gauge::from_arc(self.cell(key))
    }
    fn register_histogram(&self, _: &Key, _: &Metadata<'_>) -> Histogram {
        Histogram::noop()
    }
}

struct Installed {
    logs: Captured,
    series: &'static Series,
}

fn installed() -> &'static Installed {
    static INSTALLED: OnceLock<Installed> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let logs = Captured::default();
        let writer = logs.clone();
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("live_server=debug"))
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .init();
        let series: &'static Series = Box::leak(Box::default());
        metrics::set_global_recorder(series).expect("the only recorder of this binary");
        Installed { logs, series }
    })
}

#[derive(LiveView)]
struct Meter {
    count: i64,
}

impl LiveView for Meter {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Meter { count: 0 })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match event.name() {
            "inc" => assigns.update_count(|c| *c += 1),
            "boom" => panic!("boom on purpose"),
            _ => {}
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! { <p id="count">{@count}</p> }
    }
}

const VIEW: &str = "observability::Meter";

/// Waits until `check` holds, for at most 5 s.
async fn eventually(what: &str, check: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_are_logged_and_counted() {
    let installed = installed();
    let series = installed.series;
    let addr = spawn_server(Router::new().live::<Meter>("/")).await;
    let page = load_page(addr, "/").await;
    let mut client = ChannelClient::connect_page(addr, &page).await;
    let (join_ref, joined) = client.join_page(&page, &format!("http://{addr}/")).await;
    assert_eq!(joined[4]["status"], "ok");
    let topic = format!("lv:{}", page.view_id);
    eventually("a connected view", || {
        series.gauge("live_connected_views{}") >= 1.0
    })
    .await;
    let bytes_after_join = series.counter("live_diff_bytes_total{}");
    assert!(bytes_after_join > 0, "the join's render is counted");

    let click = json!({"type": "click", "event": "inc", "value": {}});
    let reference = client
        .push(Some(&join_ref), &topic, "event", click.clone())
        .await;
    let reply = client.reply_to(&reference).await;
    assert_eq!(reply[4]["response"], json!({"diff": {"0": "1"}}));
    assert_eq!(
        series.counter(&format!("live_events_total{{view={VIEW}}}")),
        1
    );
    assert_eq!(
        series.counter("live_diff_bytes_total{}") - bytes_after_join,
        r#"{"0":"1"}"#.len() as u64
    );

    // One debug event for the callback, with the view, the event and the duration, inside the
    // view's span (which names the topic).
    let logs = installed.logs.text();
    let line = logs
        .lines()
        .find(|l| l.contains("handle_event") && l.contains(&page.view_id))
        .unwrap_or_else(|| panic!("no handle_event line in:\n{logs}"));
    assert!(line.contains("DEBUG"), "{line}");
    assert!(line.contains(&format!("view=\"{VIEW}\"")), "{line}");
    assert!(line.contains("event=\"inc\""), "{line}");
    assert!(line.contains("elapsed="), "{line}");
    assert!(
        line.contains(&format!("topic=lv:{}", page.view_id)),
        "{line}"
    );
    // The view's span sits in its connection's span.
    assert!(
        line.contains("connection{transport=\"websocket\""),
        "{line}"
    );

    // A crash: logged at error level with the view and topic, counted, and the view is gone.
    let crashes = format!("live_view_crashes_total{{view={VIEW}}}");
    let boom = json!({"type": "click", "event": "boom", "value": {}});
    client.push(Some(&join_ref), &topic, "event", boom).await;
    loop {
        let frame = client.recv().await;
        if frame[3] == "phx_error" {
            break;
        }
    }
    eventually("the crash counted", || series.counter(&crashes) == 1).await;
    eventually("the view gone from the gauge", || {
        series.gauge("live_connected_views{}") == 0.0
    })
    .await;
    let logs = installed.logs.text();
    assert!(
        logs.lines().any(|l| l.contains("ERROR")
            && l.contains("view crashed: panicked: boom on purpose")
            && l.contains(&format!("topic=lv:{}", page.view_id))),
        "no crash line in:\n{logs}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_poll_sessions_are_a_gauge() {
    let series = installed().series;
    let config = test_config().longpoll_idle_timeout(Duration::from_millis(300));
    let addr = spawn_server_with(Router::new().live::<Meter>("/"), config).await;
    // Opening a session (the first poll, no token) is answered 410 with its token.
    let opened = http_get(addr, "/live/longpoll?vsn=2.0.0", None).await;
    assert!(opened.body.contains(r#""status":410"#), "{}", opened.body);
    eventually("one open session", || {
        series.gauge("live_longpoll_sessions{}") == 1.0
    })
    .await;
    // Nobody polls: the idle time-out ends it.
    eventually("the session gone from the gauge", || {
        series.gauge("live_longpoll_sessions{}") == 0.0
    })
    .await;
}
