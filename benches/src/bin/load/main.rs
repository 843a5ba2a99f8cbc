//! The system load driver: speaks the Phoenix channel protocol to a live server as the
//! official client does, with thousands of sockets, and measures the server.
//!
//! ```text
//! cargo build --release -p live-benches --bins
//! cargo run --release -p live-benches --bin load -- <scenario> [options]
//! ```
//!
//! Each scenario spawns its own `bench_server` (built next to this binary) as a child on
//! 127.0.0.1, reads its memory from `/proc/<pid>/status`, and kills it at the end. One page's
//! tokens (cookie, CSRF, session and static tokens) serve every socket; each socket joins
//! `lv:<id>` once, pushes `event`s, reads the replies and heartbeats every 30 s. Clients bind
//! source addresses 127.0.0.2 to 127.0.0.33 so no source runs out of ports, and both processes
//! raise their open-file limit to the hard limit.
//!
//! | scenario | measures |
//! | --- | --- |
//! | `idle --views N` | server RSS at 0 and N views, RSS per view, round trips of `--events` events on each of `--sample` views |
//! | `rtt` | one client on an idle server: round trips (`--events` × 100, closed loop), bytes per frame |
//! | `rate --views N --rate R --secs S` | R events/s offered (open loop) over N views: round trips, events/s answered, errors |
//! | `table --views N` | the 100×10 table app against the counter: RSS per view, bytes per frame, round trips |
//! | `http --clients C --secs S` | `GET /counter` on C keep-alive connections: requests/s, latency |
//! | `peer --views N --clients C --secs S` | the counter on live and on the dioxus-liveview peer (`benches/peers/build.sh`): RSS per idle view, one client and C clients in closed loop, with ratios |
//! | `soak` | normal clients among hostile ones (see `soak.rs`); not run in CI |
//! | `all` | the table of issue 17: idle at 1,000 and 10,000, one client, 10,000 views at 5,000 events/s, table vs counter, static GET, and `peer` at 1,000 views when the peer is built |
//!
//! Options: `--path /counter|/table` (idle, rtt, rate), `--workers N` (the server's tokio
//! workers; default one per core), `--hostile N`, `--stalled N`, `--max-rss-mb N` (soak).

mod client;
mod dioxus;
mod in_flight;
mod page;
mod peer;
mod scenarios;
mod server;
mod soak;
mod stats;

use scenarios::Row;

/// The command line.
pub(crate) struct Options {
    scenario: String,
    /// Views to connect.
    pub(crate) views: usize,
    /// Events per second offered.
    pub(crate) rate: u64,
    /// Seconds of load.
    pub(crate) secs: u64,
    /// Views sampled for round trips in `idle`.
    pub(crate) sample: usize,
    /// Events per sampled view (`rtt` and `table` send 100 times this).
    pub(crate) events: usize,
    /// HTTP clients of `http`.
    pub(crate) clients: usize,
    /// The bench app.
    pub(crate) path: String,
    /// `TOKIO_WORKER_THREADS` of the server.
    pub(crate) workers: Option<usize>,
    /// Hostile connections of each kind in `soak`.
    pub(crate) hostile: usize,
    /// Stalled readers in `soak`.
    pub(crate) stalled: usize,
    /// `soak` stops when the server's RSS passes this many MiB.
    pub(crate) max_rss_mb: u64,
    /// Whether `--views`/`--rate`/`--secs` were given (the defaults differ per scenario).
    given: Vec<String>,
}

const USAGE: &str =
    "usage: load <idle|rtt|rate|table|http|peer|soak|all> [--views N] [--rate R] [--secs S] \
[--sample N] [--events N] [--clients N] [--path /counter|/table] [--workers N] [--hostile N] \
[--stalled N] [--max-rss-mb N]";

fn parse() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let scenario = args.next().ok_or(USAGE)?;
    let mut options = Options {
        scenario,
        views: 1000,
        rate: 500,
        secs: 10,
        sample: 100,
        events: 10,
        clients: 64,
        path: "/counter".to_owned(),
        workers: None,
        hostile: 20,
        stalled: 5,
        max_rss_mb: 2048,
        given: Vec::new(),
    };
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        let number = || {
            value
                .parse::<u64>()
                .map_err(|_| format!("{flag} {value}: not a number"))
        };
        match flag.as_str() {
            "--views" => options.views = number()? as usize,
            "--rate" => options.rate = number()?,
            "--secs" => options.secs = number()?,
            "--sample" => options.sample = number()? as usize,
            "--events" => options.events = number()? as usize,
            "--clients" => options.clients = number()? as usize,
            "--workers" => options.workers = Some(number()? as usize),
            "--hostile" => options.hostile = number()? as usize,
            "--stalled" => options.stalled = number()? as usize,
            "--max-rss-mb" => options.max_rss_mb = number()?,
            "--path" if value == "/counter" || value == "/table" => options.path = value.clone(),
            _ => return Err(format!("unknown option {flag} {value}\n{USAGE}")),
        }
        options.given.push(flag);
    }
    Ok(options)
}

impl Options {
    fn given(&self, flag: &str) -> bool {
        self.given.iter().any(|g| g == flag)
    }
}

fn print_table(title: &str, rows: &[Row]) {
    println!();
    println!("{title}");
    println!();
    println!("| measurement | figure |");
    println!("| --- | --- |");
    for row in rows {
        println!("| {} | {} |", row.what, row.figure);
    }
}

async fn run(mut options: Options) -> Result<Vec<Row>, String> {
    let path = options.path.clone();
    match options.scenario.as_str() {
        "idle" => scenarios::idle(&options, options.views, &path).await,
        "rtt" => scenarios::round_trip(&options, &path).await,
        "rate" => scenarios::rate(&options, options.views, options.rate, &path).await,
        "table" => scenarios::table(&options, options.views).await,
        "http" => scenarios::http(&options, options.clients, "/counter").await,
        "peer" => {
            if !options.given("--secs") {
                options.secs = 5;
            }
            peer::peer(&options).await
        }
        "soak" => {
            if !options.given("--views") {
                options.views = 5000;
            }
            if !options.given("--secs") {
                options.secs = 600;
            }
            soak::soak(&options).await
        }
        "all" => {
            let mut rows = Vec::new();
            rows.extend(scenarios::idle(&options, 1000, "/counter").await?);
            rows.extend(scenarios::idle(&options, 10_000, "/counter").await?);
            rows.extend(scenarios::round_trip(&options, "/counter").await?);
            if !options.given("--secs") {
                options.secs = 30;
            }
            rows.extend(scenarios::rate(&options, 10_000, 5000, "/counter").await?);
            rows.extend(scenarios::table(&options, 1000).await?);
            if !options.given("--secs") {
                options.secs = 10;
            }
            rows.extend(scenarios::http(&options, 64, "/counter").await?);
            if server::peer_binary().is_some() {
                options.views = 1000;
                options.clients = 64;
                if !options.given("--secs") {
                    options.secs = 5;
                }
                rows.extend(peer::peer(&options).await?);
            } else {
                println!(
                    "the dioxus-liveview peer is not built (benches/peers/build.sh): not measured"
                );
            }
            Ok(rows)
        }
        other => Err(format!("unknown scenario {other}\n{USAGE}")),
    }
}

#[tokio::main]
async fn main() {
    let options = match parse() {
        Ok(options) => options,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let open_files = live_benches::limits::raise_open_files(1 << 20);
    let load_before = server::load_average();
    let command: Vec<String> = std::env::args().collect();
    println!(
        "load {}: driver open-file limit {open_files:?}; {} cores; load average {load_before}",
        command.get(1..).map(|a| a.join(" ")).unwrap_or_default(),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
    );
    match run(options).await {
        Ok(rows) => {
            print_table(
                &format!(
                    "`load {}` (load average {load_before} before, {} after)",
                    command.get(1..).map(|a| a.join(" ")).unwrap_or_default(),
                    server::load_average()
                ),
                &rows,
            );
        }
        Err(e) => {
            eprintln!("load: {e}");
            std::process::exit(1);
        }
    }
}
