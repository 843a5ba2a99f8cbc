//! The soak run: well-behaved clients at a steady event rate, among hostile ones, for a while.
//! Not run in CI: `load soak [--views 5000] [--rate 500] [--secs 600] [--hostile 20]`.
//!
//! Hostile kinds, `--hostile` connections of each (the stalled readers: `--stalled`):
//! - **slowloris**: sends half a request head, then one header byte every 5 s, never the end;
//! - **stalled readers**: join `/firehose` (a 4 KiB diff every millisecond) and never read;
//! - **flooders**: push events in bursts of 100 every 10 ms (about 10,000/s each, more than
//!   one view answers), reading replies;
//! - **garbage**: send non-JSON, wrong-shaped JSON and a binary frame, then a heartbeat (is
//!   the socket still served?), then a 2 MiB frame (over the 1 MiB limit), then reconnect;
//! - **churn**: load the page, connect, join, drop the socket without a close; again.
//!
//! The run reports the server's RSS at start and end (and its peak), the errors the normal
//! clients saw (the goal is zero) and their round trips. It stops early, killing the server,
//! when the server's RSS passes `--max-rss-mb` (default 2048), so a server without
//! back-pressure cannot take the shared machine down.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::watch;
use tokio_tungstenite::tungstenite::Message;

use crate::client::{event_frame, join_frame, open_socket, read_reply, Fleet};
use crate::page::{connect_from, load_page, source_ip, LivePage};
use crate::scenarios::{offer, Row};
use crate::server::{load_average, mib, BenchServer};
use crate::stats::{Counter, Stats};
use crate::Options;

/// What the hostile clients saw.
#[derive(Default)]
struct Hostile {
    slowloris_opened: Counter,
    slowloris_closed_by_server: Counter,
    slowloris_bytes: Counter,
    stalled_joined: Counter,
    stalled_closed: Counter,
    flood_sent: Counter,
    flood_replies: Counter,
    flood_closed: Counter,
    garbage_rounds: Counter,
    /// How each garbage round ended: `"junk: heartbeat answered"`, `"junk: close 1007"`,
    /// `"huge: close 1009"`, … with counts.
    garbage_outcomes: Mutex<BTreeMap<String, u64>>,
    churn_cycles: Counter,
    churn_failures: Counter,
}

impl Hostile {
    fn report(&self) -> String {
        format!(
            "slowloris: {} opened, {} closed by the server ({} header bytes trickled); \
             stalled readers: {} joined, {} found closed; \
             flooders: {} events sent, {} replies, {} sockets closed by the server; \
             garbage: {} rounds, outcomes {:?}; \
             churn: {} cycles, {} failures",
            self.slowloris_opened.get(),
            self.slowloris_closed_by_server.get(),
            self.slowloris_bytes.get(),
            self.stalled_joined.get(),
            self.stalled_closed.get(),
            self.flood_sent.get(),
            self.flood_replies.get(),
            self.flood_closed.get(),
            self.garbage_rounds.get(),
            self.garbage_outcomes
                .lock()
                .map(|o| o.clone())
                .unwrap_or_default(),
            self.churn_cycles.get(),
            self.churn_failures.get(),
        )
    }
}

fn stopped(stop: &watch::Receiver<bool>) -> bool {
    *stop.borrow()
}

/// Sleeps `pause` unless `stop` turns true first.
async fn pause(stop: &mut watch::Receiver<bool>, pause: Duration) {
    let _ = tokio::time::timeout(pause, stop.wait_for(|s| *s)).await;
}

/// Half a request head, then a byte every 5 s; reconnects when the server closes.
async fn slowloris(
    addr: SocketAddr,
    index: usize,
    hostile: Arc<Hostile>,
    mut stop: watch::Receiver<bool>,
) {
    while !stopped(&stop) {
        let Ok(mut stream) = connect_from(source_ip(index), addr).await else {
            pause(&mut stop, Duration::from_secs(1)).await;
            continue;
        };
        hostile.slowloris_opened.incr();
        if stream
            .write_all(b"GET /counter HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            .await
            .is_err()
        {
            continue;
        }
        let mut byte = [0u8; 1];
        loop {
            tokio::select! {
                read = stream.read(&mut byte) => {
                    // Any answer or the end: the server gave up on us.
                    let _ = read;
                    hostile.slowloris_closed_by_server.incr();
                    break;
                }
                () = pause(&mut stop, Duration::from_secs(5)) => {
                    if stopped(&stop) {
                        return;
                    }
                    if stream.write_all(b"a").await.is_err() {
                        hostile.slowloris_closed_by_server.incr();
                        break;
                    }
                    hostile.slowloris_bytes.incr();
                }
            }
        }
    }
}

/// Joins the firehose and never reads; every 5 s checks the socket still takes a ping.
async fn stalled_reader(
    addr: SocketAddr,
    page: LivePage,
    index: usize,
    hostile: Arc<Hostile>,
    mut stop: watch::Receiver<bool>,
) {
    let Ok(mut ws) = open_socket(addr, &page, source_ip(index)).await else {
        return;
    };
    if ws
        .send(Message::text(join_frame(addr, &page, "4")))
        .await
        .is_err()
        || read_reply(&mut ws, "4").await.is_err()
    {
        return;
    }
    hostile.stalled_joined.incr();
    while !stopped(&stop) {
        pause(&mut stop, Duration::from_secs(5)).await;
        // A write the server's side refuses means it closed us.
        let ping = tokio::time::timeout(
            Duration::from_secs(2),
            ws.send(Message::Ping(Vec::new().into())),
        );
        if matches!(ping.await, Ok(Err(_))) {
            hostile.stalled_closed.incr();
            return;
        }
    }
}

/// Pushes events in bursts (about 10,000/s), while reading whatever comes back.
async fn flooder(
    addr: SocketAddr,
    page: LivePage,
    index: usize,
    hostile: Arc<Hostile>,
    mut stop: watch::Receiver<bool>,
) {
    while !stopped(&stop) {
        let Ok(mut ws) = open_socket(addr, &page, source_ip(index)).await else {
            pause(&mut stop, Duration::from_secs(1)).await;
            continue;
        };
        if ws
            .send(Message::text(join_frame(addr, &page, "4")))
            .await
            .is_err()
            || read_reply(&mut ws, "4").await.is_err()
        {
            pause(&mut stop, Duration::from_secs(1)).await;
            continue;
        }
        let topic = format!("lv:{}", page.view_id);
        let (mut sink, mut stream) = ws.split();
        let reader_hostile = Arc::clone(&hostile);
        let reader = tokio::spawn(async move {
            while let Ok(Some(Ok(message))) =
                tokio::time::timeout(Duration::from_secs(30), stream.next()).await
            {
                if let Message::Text(text) = message {
                    if text.as_str().contains("phx_reply") {
                        reader_hostile.flood_replies.incr();
                    }
                }
            }
        });
        let mut reference: u64 = 5;
        let mut burst = 0u32;
        while !stopped(&stop) && !reader.is_finished() {
            let frame = event_frame("4", &reference.to_string(), &topic, "inc");
            reference += 1;
            match tokio::time::timeout(Duration::from_secs(5), sink.send(Message::text(frame)))
                .await
            {
                Ok(Ok(())) => hostile.flood_sent.incr(),
                Ok(Err(_)) => break,
                // Back-pressure: the server reads no faster; keep trying.
                Err(_) => {}
            }
            // Yield now and then so the flood does not starve the driver's other tasks.
            // Bursts of 100, then 10 ms: up to ~10,000 events/s per flooder, which is faster
            // than the server answers, without starving the driver's normal clients.
            burst += 1;
            if burst == 100 {
                burst = 0;
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }
        if !stopped(&stop) {
            hostile.flood_closed.incr();
        }
        let _ = sink.close().await;
        reader.abort();
    }
}

/// How a socket ended, or that it answered, within 10 s: `"heartbeat answered"`,
/// `"close <code>"`, `"dropped"` or `"no answer"`.
async fn outcome(ws: &mut crate::client::Ws, heartbeat: &str) -> String {
    let ended = async {
        loop {
            match ws.next().await {
                Some(Ok(Message::Close(Some(frame)))) => {
                    return format!("close {}", u16::from(frame.code));
                }
                Some(Ok(Message::Close(None))) => return "close without code".to_owned(),
                Some(Ok(Message::Text(text))) => {
                    if text
                        .as_str()
                        .contains(&format!("\"{heartbeat}\",\"phoenix\",\"phx_reply\""))
                    {
                        return "heartbeat answered".to_owned();
                    }
                }
                Some(Ok(_)) => {}
                Some(Err(_)) | None => return "dropped".to_owned(),
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(10), ended)
        .await
        .unwrap_or_else(|_| "no answer".to_owned())
}

/// Garbage frames (then a heartbeat: does the socket survive?), then a frame over the limit;
/// counts how each round ended.
async fn garbage(
    addr: SocketAddr,
    page: LivePage,
    index: usize,
    hostile: Arc<Hostile>,
    mut stop: watch::Receiver<bool>,
) {
    // Valid JSON of the wrong shape, then bytes that are not JSON at all, then too many bytes.
    let shapes: Vec<Message> = [
        "[1,2,3]",
        "{\"a\":1}",
        "[null,null,null,null,null]",
        "[\"4\",\"5\",\"lv:nope\",\"event\",{}]",
        "[\"4\",\"6\",\"phoenix\",\"heartbeat\",[1,{\"deep\":[[[[[[[[[[]]]]]]]]]]}]]",
    ]
    .into_iter()
    .map(Message::text)
    .collect();
    let not_json = vec![Message::text("not json"), Message::binary(vec![0xff; 300])];
    let huge = vec![Message::text("x".repeat(2 * 1024 * 1024))];
    let rounds: [(&str, &Vec<Message>); 3] = [
        ("wrong-shaped JSON", &shapes),
        ("not JSON / binary", &not_json),
        ("2 MiB frame", &huge),
    ];
    let note = |what: String| {
        if let Ok(mut outcomes) = hostile.garbage_outcomes.lock() {
            *outcomes.entry(what).or_insert(0) += 1;
        }
    };
    while !stopped(&stop) {
        hostile.garbage_rounds.incr();
        for (name, frames) in rounds {
            let Ok(mut ws) = open_socket(addr, &page, source_ip(index)).await else {
                note(format!("{name}: connect failed"));
                continue;
            };
            let _ = ws.send(Message::text(join_frame(addr, &page, "4"))).await;
            for frame in frames {
                let _ = ws.send(frame.clone()).await;
            }
            let _ = ws
                .send(Message::text("[null,\"90\",\"phoenix\",\"heartbeat\",{}]"))
                .await;
            note(format!("{name}: {}", outcome(&mut ws, "90").await));
        }
        pause(&mut stop, Duration::from_millis(200)).await;
    }
}

/// Page load, connect, join, drop without a close; again.
async fn churn(
    addr: SocketAddr,
    path: String,
    index: usize,
    hostile: Arc<Hostile>,
    mut stop: watch::Receiver<bool>,
) {
    while !stopped(&stop) {
        let cycle = async {
            let page = load_page(addr, &path).await?;
            let mut ws = open_socket(addr, &page, source_ip(index)).await?;
            ws.send(Message::text(join_frame(addr, &page, "4")))
                .await
                .map_err(|e| e.to_string())?;
            read_reply(&mut ws, "4").await?;
            drop(ws);
            Ok::<(), String>(())
        };
        if cycle.await.is_ok() {
            hostile.churn_cycles.incr();
        } else {
            hostile.churn_failures.incr();
        }
        pause(&mut stop, Duration::from_millis(50)).await;
    }
}

/// The soak run.
pub(crate) async fn soak(options: &Options) -> Result<Vec<Row>, String> {
    let mut server = BenchServer::start_guarded(options.workers).await?;
    let addr = server.addr;
    let counter = load_page(addr, "/counter").await?;
    let firehose = load_page(addr, "/firehose").await?;
    let stats = Arc::new(Stats::default());
    let hostile = Arc::new(Hostile::default());
    println!(
        "soak: {} normal views, {} events/s, {} s; {} of each hostile kind, {} stalled readers; load average {}",
        options.views, options.rate, options.secs, options.hostile, options.stalled, load_average()
    );
    let fleet = Fleet::join(addr, &counter, options.views, 128, &stats, 1).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let rss_start = server.rss();
    println!(
        "  {} views joined; server RSS {} MiB, {} fds",
        fleet.clients.len(),
        mib(rss_start),
        server.open_fds()
    );

    let (stop, stop_rx) = watch::channel(false);
    let mut tasks = tokio::task::JoinSet::new();
    let base = options.views + 1;
    for k in 0..options.hostile {
        let s = || stop_rx.clone();
        let h = || Arc::clone(&hostile);
        tasks.spawn(slowloris(addr, base + 5 * k, h(), s()));
        tasks.spawn(flooder(addr, counter.clone(), base + 5 * k + 1, h(), s()));
        tasks.spawn(garbage(addr, counter.clone(), base + 5 * k + 2, h(), s()));
        tasks.spawn(churn(
            addr,
            "/counter".to_owned(),
            base + 5 * k + 3,
            h(),
            s(),
        ));
    }
    for k in 0..options.stalled {
        tasks.spawn(stalled_reader(
            addr,
            firehose.clone(),
            base + 5 * k + 4,
            Arc::clone(&hostile),
            stop_rx.clone(),
        ));
    }

    // The normal load, with the server watched every 5 s.
    let duration = Duration::from_secs(options.secs);
    let started = Instant::now();
    let max_rss = options.max_rss_mb * 1024 * 1024;
    let mut aborted = None;
    {
        let load = offer(&fleet, &stats, options.rate, duration, "inc");
        tokio::pin!(load);
        let mut watch = tokio::time::interval(Duration::from_secs(5));
        let mut last_print = Instant::now();
        loop {
            tokio::select! {
                () = &mut load => break,
                _ = watch.tick() => {
                    let rss = server.rss();
                    if !server.alive() {
                        aborted = Some("the server process died".to_owned());
                        break;
                    }
                    if rss > max_rss {
                        aborted = Some(format!(
                            "server RSS {} MiB passed --max-rss-mb {} after {:.0} s",
                            mib(rss), options.max_rss_mb, started.elapsed().as_secs_f64()
                        ));
                        break;
                    }
                    if last_print.elapsed() >= Duration::from_secs(30) {
                        last_print = Instant::now();
                        println!(
                            "  {:>4.0} s: RSS {} MiB, {} fds, {} answered, p99 {} ms, errors {}; load average {}",
                            started.elapsed().as_secs_f64(),
                            mib(rss),
                            server.open_fds(),
                            stats.replies.get(),
                            crate::stats::ms(stats.round_trip.quantile_us(0.99)),
                            stats.errors(),
                            load_average()
                        );
                    }
                }
            }
        }
    }
    let rss_end = server.rss();
    let peak = server.peak_rss();
    let fds = server.open_fds();
    if aborted.is_some() {
        // Stop the server first: it is the thing in trouble.
        server.kill().await;
        let _ = stop.send(true);
    } else {
        tokio::time::sleep(Duration::from_secs(2)).await;
        let _ = stop.send(true);
    }
    let _ = tokio::time::timeout(Duration::from_secs(20), async {
        while tasks.join_next().await.is_some() {}
    })
    .await;
    tasks.abort_all();
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "soak {}: {:.0} s; server RSS start {} MiB, end {} MiB, peak {} MiB, {fds} fds at end",
        aborted.as_deref().unwrap_or("completed"),
        elapsed,
        mib(rss_start),
        mib(rss_end),
        mib(peak)
    );
    println!(
        "  normal clients: {} sent, {} answered, p50/p99/max ms {}; errors: {}",
        stats.events_sent.get(),
        stats.replies.get(),
        stats.round_trip.summary(),
        stats.error_line()
    );
    println!("  hostile: {}", hostile.report());
    fleet.stop().await;
    let rows = vec![
        Row {
            what: format!(
                "soak: {} views, {} events/s, {} s: outcome",
                options.views, options.rate, options.secs
            ),
            figure: aborted.unwrap_or_else(|| "completed".to_owned()),
        },
        Row {
            what: "soak: server RSS start / end / peak (MiB)".to_owned(),
            figure: format!("{} / {} / {}", mib(rss_start), mib(rss_end), mib(peak)),
        },
        Row {
            what: "soak: normal clients' errors".to_owned(),
            figure: format!("{} ({})", stats.errors(), stats.error_line()),
        },
        Row {
            what: "soak: normal clients' round trip p50 / p99 / max (ms)".to_owned(),
            figure: stats.round_trip.summary(),
        },
    ];
    server.stop().await;
    Ok(rows)
}
