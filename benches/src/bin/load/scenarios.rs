//! The measured scenarios. Each starts its own `bench_server`, so each RSS figure starts from
//! a fresh process, and returns the lines of the summary table.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::mpsc::error::TrySendError;

use crate::client::{Command, Fleet};
use crate::page::{connect_from, get, load_page, source_ip, LivePage};
use crate::server::{mib, BenchServer};
use crate::stats::{ms, Histogram, Stats};
use crate::Options;

/// One line of the summary table.
pub(crate) struct Row {
    /// What was measured, with its parameters.
    pub(crate) what: String,
    /// The figure.
    pub(crate) figure: String,
}

fn row(what: impl Into<String>, figure: impl Into<String>) -> Row {
    Row {
        what: what.into(),
        figure: figure.into(),
    }
}

/// Joins at a time while connecting a fleet.
const JOIN_CONCURRENCY: usize = 128;

/// The event a click sends in each bench app.
pub(crate) fn event_of(path: &str) -> &'static str {
    if path == "/table" {
        "bump"
    } else {
        "inc"
    }
}

/// Starts a server, loads `path` and warms it up with one view and one event; returns the
/// server, the page and the RSS after the warm-up (the zero of the per-view figures).
async fn warm_server(
    options: &Options,
    path: &str,
) -> Result<(BenchServer, LivePage, u64), String> {
    let server = BenchServer::start(options.workers).await?;
    let page = load_page(server.addr, path).await?;
    let stats = Arc::new(Stats::default());
    let fleet = Fleet::join(server.addr, &page, 1, 1, &stats, 0).await;
    fleet.round_trip(0, event_of(path)).await?;
    fleet.stop().await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss0 = server.rss();
    Ok((server, page, rss0))
}

/// Closed loop: `events` round trips on each of `sample` clients spread over the fleet.
async fn sample_round_trips(fleet: &Fleet, sample: usize, events: usize, name: &'static str) {
    let len = fleet.clients.len();
    if len == 0 {
        return;
    }
    let sample = sample.clamp(1, len);
    for k in 0..sample {
        let index = k * len / sample;
        for _ in 0..events {
            if fleet.round_trip(index, name).await.is_err() {
                break;
            }
        }
    }
}

/// N idle views: server RSS per view, and round trips of events sent to a sample of them.
pub(crate) async fn idle(options: &Options, views: usize, path: &str) -> Result<Vec<Row>, String> {
    let (server, page, rss0) = warm_server(options, path).await?;
    let stats = Arc::new(Stats::default());
    let started = Instant::now();
    let fleet = Fleet::join(server.addr, &page, views, JOIN_CONCURRENCY, &stats, 1).await;
    let join_secs = started.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let rss = server.rss();
    let fds = server.open_fds();
    let joined = fleet.clients.len();
    sample_round_trips(&fleet, options.sample, options.events, event_of(path)).await;
    let per_view = rss.saturating_sub(rss0) / joined.max(1) as u64;
    println!(
        "idle {path}: {joined}/{views} views joined in {join_secs:.1} s ({:.0} joins/s); server RSS {} MiB at 0 views, {} MiB at {joined} ({per_view} bytes/view); {fds} fds",
        joined as f64 / join_secs,
        mib(rss0),
        mib(rss)
    );
    println!(
        "  round trip of {} events on {} sampled views, p50/p99/max ms: {}; errors: {}",
        stats.round_trip.count(),
        options.sample.min(joined),
        stats.round_trip.summary(),
        stats.error_line()
    );
    fleet.stop().await;
    server.stop().await;
    Ok(vec![
        row(
            format!("{path}: views connected (of {views})"),
            joined.to_string(),
        ),
        row(
            format!("{path}: server RSS at 0 / {views} views (MiB)"),
            format!("{} / {}", mib(rss0), mib(rss)),
        ),
        row(
            format!("{path}: RSS per view at {views} views (bytes)"),
            per_view.to_string(),
        ),
        row(
            format!("{path}: {views} views, sampled round trip p50 / p99 / max (ms)"),
            stats.round_trip.summary(),
        ),
        row(
            format!("{path}: {views} views, errors"),
            stats.errors().to_string(),
        ),
    ])
}

/// One client on an idle server: closed-loop round trips.
pub(crate) async fn round_trip(options: &Options, path: &str) -> Result<Vec<Row>, String> {
    let (server, page, _) = warm_server(options, path).await?;
    let stats = Arc::new(Stats::default());
    let fleet = Fleet::join(server.addr, &page, 1, 1, &stats, 0).await;
    let events = options.events.max(1) * 100;
    let started = Instant::now();
    sample_round_trips(&fleet, 1, events, event_of(path)).await;
    let secs = started.elapsed().as_secs_f64();
    let rate = stats.replies.get() as f64 / secs;
    println!(
        "one client {path}: {} events, p50/p99/max ms {}, {rate:.0} events/s closed loop, {} bytes per reply frame, join reply {} bytes; errors: {}",
        stats.replies.get(),
        stats.round_trip.summary(),
        stats.bytes_per_reply(),
        stats.join_bytes.get(),
        stats.error_line()
    );
    fleet.stop().await;
    server.stop().await;
    Ok(vec![
        row(
            format!("{path}: one client, idle server, round trip p50 / p99 / max (ms)"),
            stats.round_trip.summary(),
        ),
        row(
            format!("{path}: one client, events/s (closed loop)"),
            format!("{rate:.0}"),
        ),
        row(
            format!("{path}: bytes per event reply frame / join reply"),
            format!("{} / {}", stats.bytes_per_reply(), stats.join_bytes.get()),
        ),
    ])
}

/// Offers `rate` events/s spread round-robin over the fleet for `duration` (open loop: an
/// event is sent when due, whether or not earlier ones were answered).
pub(crate) async fn offer(
    fleet: &Fleet,
    stats: &Stats,
    rate: u64,
    duration: Duration,
    name: &'static str,
) {
    let len = fleet.clients.len();
    if len == 0 || rate == 0 {
        return;
    }
    let started = Instant::now();
    let mut offered: u64 = 0;
    let mut next = 0usize;
    let mut tick = tokio::time::interval(Duration::from_millis(5));
    while started.elapsed() < duration {
        tick.tick().await;
        let due = (started.elapsed().as_secs_f64() * rate as f64) as u64;
        while offered < due {
            offered += 1;
            let client = &fleet.clients[next % len];
            next += 1;
            match client.try_send(Command::Fire { name, done: None }) {
                Ok(()) => {}
                Err(TrySendError::Full(_)) | Err(TrySendError::Closed(_)) => stats.not_sent.incr(),
            }
        }
    }
}

/// N views with `rate` events/s offered for `secs`.
pub(crate) async fn rate(
    options: &Options,
    views: usize,
    rate: u64,
    path: &str,
) -> Result<Vec<Row>, String> {
    let (server, page, rss0) = warm_server(options, path).await?;
    let stats = Arc::new(Stats::default());
    let fleet = Fleet::join(server.addr, &page, views, JOIN_CONCURRENCY, &stats, 1).await;
    let joined = fleet.clients.len();
    let duration = Duration::from_secs(options.secs);
    let started = Instant::now();
    offer(&fleet, &stats, rate, duration, event_of(path)).await;
    // Let the last replies arrive.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let secs = started.elapsed().as_secs_f64() - 2.0;
    let achieved = stats.replies.get() as f64 / secs.max(0.001);
    let rss = server.rss();
    println!(
        "rate {path}: {joined} views, {rate} events/s offered for {} s: {} sent, {} answered ({achieved:.0}/s), p50/p99/max ms {}; RSS {} -> {} MiB; errors: {}",
        options.secs,
        stats.events_sent.get(),
        stats.replies.get(),
        stats.round_trip.summary(),
        mib(rss0),
        mib(rss),
        stats.error_line()
    );
    fleet.stop().await;
    server.stop().await;
    Ok(vec![
        row(
            format!("{path}: {joined} views, {rate} events/s offered for {} s: round trip p50 / p99 / max (ms)", options.secs),
            stats.round_trip.summary(),
        ),
        row(
            format!("{path}: {joined} views, events/s answered (offered {rate})"),
            format!("{achieved:.0}"),
        ),
        row(
            format!("{path}: {joined} views at {rate} events/s: errors / not sent"),
            format!("{} / {}", stats.errors(), stats.not_sent.get()),
        ),
    ])
}

/// The table app against the counter: memory per view, round trip and bytes per frame.
pub(crate) async fn table(options: &Options, views: usize) -> Result<Vec<Row>, String> {
    let mut figures = Vec::new();
    for path in ["/counter", "/table"] {
        let (server, page, rss0) = warm_server(options, path).await?;
        let stats = Arc::new(Stats::default());
        let fleet = Fleet::join(server.addr, &page, views, JOIN_CONCURRENCY, &stats, 1).await;
        tokio::time::sleep(Duration::from_secs(2)).await;
        let joined = fleet.clients.len().max(1);
        let per_view = server.rss().saturating_sub(rss0) / joined as u64;
        let join_bytes = stats.join_bytes.get() / joined as u64;
        sample_round_trips(&fleet, 1, options.events.max(1) * 100, event_of(path)).await;
        println!(
            "{path}: {joined} views, {per_view} bytes/view, join reply {join_bytes} bytes, reply frame {} bytes, one-client round trip p50/p99/max ms {}; errors: {}",
            stats.bytes_per_reply(),
            stats.round_trip.summary(),
            stats.error_line()
        );
        figures.push((
            path,
            per_view,
            join_bytes,
            stats.bytes_per_reply(),
            stats.round_trip.quantile_us(0.5),
            stats.round_trip.quantile_us(0.99),
        ));
        fleet.stop().await;
        server.stop().await;
    }
    let [counter, table] = [&figures[0], &figures[1]];
    let ratio = |a: u64, b: u64| format!("{:.2}", a as f64 / b.max(1) as f64);
    let mut rows = Vec::new();
    for (name, c, t) in [
        ("RSS per view (bytes)", counter.1, table.1),
        ("join reply (bytes)", counter.2, table.2),
        ("event reply frame (bytes)", counter.3, table.3),
    ] {
        rows.push(row(
            format!("table ÷ counter, {name}, {views} views"),
            format!("{t} / {c} = {}", ratio(t, c)),
        ));
    }
    for (name, c, t) in [("p50", counter.4, table.4), ("p99", counter.5, table.5)] {
        rows.push(row(
            format!("table ÷ counter, one-client round trip {name} (ms)"),
            format!("{} / {} = {}", ms(t), ms(c), ratio(t, c)),
        ));
    }
    Ok(rows)
}

/// `clients` keep-alive connections doing `GET path` for `secs`: requests/s and latency.
pub(crate) async fn http(
    options: &Options,
    clients: usize,
    path: &str,
) -> Result<Vec<Row>, String> {
    let server = BenchServer::start(options.workers).await?;
    let addr = server.addr;
    let latency = Arc::new(Histogram::new());
    let errors = Arc::new(crate::stats::Counter::default());
    let duration = Duration::from_secs(options.secs);
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for index in 0..clients {
        let latency = Arc::clone(&latency);
        let errors = Arc::clone(&errors);
        let path = path.to_owned();
        tasks.spawn(async move {
            let mut stream = None;
            let mut buf = Vec::new();
            while started.elapsed() < duration {
                if stream.is_none() {
                    buf.clear();
                    match connect_from(source_ip(index), addr).await {
                        Ok(s) => stream = Some(s),
                        Err(_) => {
                            errors.incr();
                            tokio::time::sleep(Duration::from_millis(10)).await;
                            continue;
                        }
                    }
                }
                let Some(s) = stream.as_mut() else { continue };
                let sent = Instant::now();
                match get(s, &path, &mut buf).await {
                    Ok(response) if response.status == 200 => latency.record(sent.elapsed()),
                    _ => {
                        errors.incr();
                        stream = None;
                    }
                }
            }
        });
    }
    while tasks.join_next().await.is_some() {}
    let secs = started.elapsed().as_secs_f64();
    let rps = latency.count() as f64 / secs;
    println!(
        "GET {path}, {clients} keep-alive clients, {} s: {} requests ({rps:.0}/s), latency p50/p99/max ms {}, errors {}",
        options.secs,
        latency.count(),
        latency.summary(),
        errors.get()
    );
    server.stop().await;
    Ok(vec![
        row(
            format!("GET {path}, {clients} keep-alive clients: requests/s"),
            format!("{rps:.0}"),
        ),
        row(
            format!("GET {path}, {clients} clients: latency p50 / p99 / max (ms), errors"),
            format!("{}, {}", latency.summary(), errors.get()),
        ),
    ])
}
