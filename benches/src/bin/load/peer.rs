//! The counter side by side with its dioxus-liveview twin (`benches/peers/dioxus`), same
//! driver, same run: RSS per idle view, one client's closed-loop round trips, and closed-loop
//! events/s over many clients. Each figure of live is followed by the peer's and their ratio.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::client::{Fleet, Target};
use crate::page::load_page;
use crate::scenarios::Row;
use crate::server::{cpu_ns, mib, BenchServer};
use crate::stats::{ms, Stats};
use crate::Options;

/// Joins at a time while connecting a fleet.
const JOIN_CONCURRENCY: usize = 128;

/// Which server a measurement runs against.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Live,
    Dioxus,
}

impl Side {
    fn name(self) -> &'static str {
        match self {
            Side::Live => "live",
            Side::Dioxus => "dioxus-liveview",
        }
    }
}

/// A fresh server of `side`, what its clients connect to, and its RSS after one warm-up view
/// and event (the zero of the per-view figure).
async fn warm(options: &Options, side: Side) -> Result<(BenchServer, Target, u64), String> {
    let server = match side {
        Side::Live => BenchServer::start(options.workers).await?,
        Side::Dioxus => BenchServer::start_peer(options.workers).await?,
    };
    let target = match side {
        Side::Live => Target::Live(load_page(server.addr, "/counter").await?),
        Side::Dioxus => Target::Dioxus {
            element: crate::dioxus::find_button(server.addr).await?,
        },
    };
    let stats = Arc::new(Stats::default());
    let fleet = Fleet::join_target(server.addr, &target, 1, 1, &stats, 0).await;
    fleet.round_trip(0, "inc").await?;
    fleet.stop().await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss0 = server.rss();
    Ok((server, target, rss0))
}

/// What one side measured.
struct Figures {
    per_view: u64,
    one_rate: f64,
    one_p50: u64,
    one_p99: u64,
    many_rate: f64,
    many_p50: u64,
    many_p99: u64,
    /// Server CPU time per answered event with `--clients` clients, in nanoseconds.
    many_cpu_ns: u64,
    /// This driver's CPU time per answered event with `--clients` clients, in nanoseconds.
    driver_cpu_ns: u64,
    errors: u64,
}

/// Closed loop on `clients` clients of `fleet` for `duration`: each sends an event as soon as
/// the previous one was answered. Returns the events answered per second.
async fn closed_loop(fleet: &Fleet, clients: usize, duration: Duration, stats: &Stats) -> f64 {
    let clients = clients.clamp(1, fleet.clients.len().max(1));
    let started = Instant::now();
    let before = stats.replies.get();
    let loops = (0..clients).map(|index| async move {
        while started.elapsed() < duration {
            if fleet.round_trip(index, "inc").await.is_err() {
                break;
            }
        }
    });
    futures_util::future::join_all(loops).await;
    (stats.replies.get() - before) as f64 / started.elapsed().as_secs_f64()
}

/// Measures `side`: RSS per view at `--views` idle views, then one client and `--clients`
/// clients in closed loop for `--secs` each.
async fn measure(options: &Options, side: Side) -> Result<Figures, String> {
    let (server, target, rss0) = warm(options, side).await?;
    let views = options.views;
    let stats = Arc::new(Stats::default());
    let fleet = Fleet::join_target(server.addr, &target, views, JOIN_CONCURRENCY, &stats, 1).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let joined = fleet.clients.len();
    let rss = server.rss();
    let per_view = rss.saturating_sub(rss0) / joined.max(1) as u64;
    let duration = Duration::from_secs(options.secs);
    let one = Arc::new(Stats::default());
    let one_fleet = Fleet::join_target(server.addr, &target, 1, 1, &one, 0).await;
    let one_rate = closed_loop(&one_fleet, 1, duration, &one).await;
    one_fleet.stop().await;
    let cpu_before = (server.cpu_ns(), cpu_ns("self"));
    let replies_before = stats.replies.get();
    let many_rate = closed_loop(&fleet, options.clients, duration, &stats).await;
    let answered = (stats.replies.get() - replies_before).max(1);
    let many_cpu_ns = server.cpu_ns().saturating_sub(cpu_before.0) / answered;
    let driver_cpu_ns = cpu_ns("self").saturating_sub(cpu_before.1) / answered;
    println!(
        "{}: {joined}/{views} idle views, RSS {} -> {} MiB ({per_view} bytes/view); one client {one_rate:.0} events/s, p50/p99/max ms {}; {} clients {many_rate:.0} events/s, p50/p99/max ms {}, server CPU {:.1} µs/event (driver {:.1}); errors {}",
        side.name(),
        mib(rss0),
        mib(rss),
        one.round_trip.summary(),
        options.clients,
        stats.round_trip.summary(),
        many_cpu_ns as f64 / 1000.0,
        driver_cpu_ns as f64 / 1000.0,
        stats.error_line(),
    );
    let figures = Figures {
        per_view,
        one_rate,
        one_p50: one.round_trip.quantile_us(0.5),
        one_p99: one.round_trip.quantile_us(0.99),
        many_rate,
        many_p50: stats.round_trip.quantile_us(0.5),
        many_p99: stats.round_trip.quantile_us(0.99),
        many_cpu_ns,
        driver_cpu_ns,
        errors: stats.errors() + one.errors(),
    };
    fleet.stop().await;
    server.stop().await;
    Ok(figures)
}

/// `load peer`: the counter on live and on dioxus-liveview, one after the other in this run.
pub(crate) async fn peer(options: &Options) -> Result<Vec<Row>, String> {
    let live = measure(options, Side::Live).await?;
    let dioxus = measure(options, Side::Dioxus).await?;
    let views = options.views;
    let clients = options.clients;
    let higher_better = |l: f64, d: f64| format!("{l:.0} / {d:.0} = {:.2}×", l / d.max(1e-9));
    let lower_better = |l: u64, d: u64| {
        format!(
            "{l} / {d} = {:.2}× ({:.2}× less)",
            l as f64 / d.max(1) as f64,
            d as f64 / l.max(1) as f64
        )
    };
    let latency =
        |l: u64, d: u64| format!("{} / {} = {:.2}×", ms(l), ms(d), l as f64 / d.max(1) as f64);
    Ok(vec![
        Row {
            what: format!("counter, RSS per idle view at {views} views (bytes), live / dioxus"),
            figure: lower_better(live.per_view, dioxus.per_view),
        },
        Row {
            what: "counter, one client closed loop: events/s, live / dioxus".to_owned(),
            figure: higher_better(live.one_rate, dioxus.one_rate),
        },
        Row {
            what: "counter, one client: round trip p50 (ms), live / dioxus".to_owned(),
            figure: latency(live.one_p50, dioxus.one_p50),
        },
        Row {
            what: "counter, one client: round trip p99 (ms), live / dioxus".to_owned(),
            figure: latency(live.one_p99, dioxus.one_p99),
        },
        Row {
            what: format!(
                "counter, {clients} clients closed loop ({views} views): events/s, live / dioxus"
            ),
            figure: higher_better(live.many_rate, dioxus.many_rate),
        },
        Row {
            what: format!("counter, {clients} clients: server CPU per event (µs), live / dioxus"),
            figure: format!(
                "{:.1} / {:.1} = {:.2}× ({:.2}× the events per CPU second)",
                live.many_cpu_ns as f64 / 1000.0,
                dioxus.many_cpu_ns as f64 / 1000.0,
                live.many_cpu_ns as f64 / dioxus.many_cpu_ns.max(1) as f64,
                dioxus.many_cpu_ns as f64 / live.many_cpu_ns.max(1) as f64
            ),
        },
        Row {
            what: format!(
                "counter, {clients} clients: driver CPU per event (µs), against live / dioxus"
            ),
            figure: format!(
                "{:.1} / {:.1}",
                live.driver_cpu_ns as f64 / 1000.0,
                dioxus.driver_cpu_ns as f64 / 1000.0
            ),
        },
        Row {
            what: format!("counter, {clients} clients: round trip p50 (ms), live / dioxus"),
            figure: latency(live.many_p50, dioxus.many_p50),
        },
        Row {
            what: format!("counter, {clients} clients: round trip p99 (ms), live / dioxus"),
            figure: latency(live.many_p99, dioxus.many_p99),
        },
        Row {
            what: "errors, live / dioxus".to_owned(),
            figure: format!("{} / {}", live.errors, dioxus.errors),
        },
    ])
}
