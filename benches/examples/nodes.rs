//! Several nodes through Redis against one process: broadcast latency (p50/p99) and fan-out to
//! 10,000 subscribers, each behind a bounded queue drained by its own task as a view's inbox is.
//!
//! ```text
//! cargo run --release -p live-benches --example nodes
//! ```
//!
//! Starts its own redis-server (needs the `redis-server` binary) on a free loopback port. Both
//! "nodes" run in this one process (two Redis connections, one runtime): the figures show the
//! cost of the Redis hop, not the capacity of two machines.
//!
//! Measured on the 2-core dev machine: latency p50 183 ns / p99 229 ns in one process, 27 µs /
//! 61 µs from node A to node B through Redis; fan-out 0.82 M deliveries/s in one process,
//! 1.20 M over the two nodes (1.46x: node B delivers on its own task, in parallel).
//! - **latency**: one message at a time from node A, timed until a subscriber on node B (or, in
//!   one process, on the same `LocalPubSub`) has it; 2,000 messages.
//! - **fan-out**: 10,000 subscribers split 5,000 / 5,000 over nodes A and B (or all in one
//!   process); 100 broadcasts from A; deliveries per second until every subscriber has all.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use live_core::socket::{AnyMessage, MessageSink};
use live_server::pubsub::redis::RedisPubSub;
use live_server::pubsub::{Broadcast, PubSub, Subscriber};
use live_server::LocalPubSub;
use tokio::sync::mpsc;

const LATENCY_MESSAGES: usize = 2_000;
const SUBSCRIBERS: usize = 10_000;
const FANOUT_MESSAGES: u64 = 100;

/// A subscriber's inbox: a bounded queue, like a view's.
struct Inbox(mpsc::Sender<AnyMessage>);

impl MessageSink for Inbox {
    fn send(&self, message: AnyMessage) -> bool {
        let _ = self.0.try_send(message);
        true
    }
}

fn subscriber() -> (Subscriber, mpsc::Receiver<AnyMessage>) {
    let (tx, rx) = mpsc::channel(256);
    let subscriber = Subscriber {
        deliver: Box::new(|b: &Broadcast| {
            Ok(b.decode::<u64>()?.map(|n| Box::new(n) as AnyMessage))
        }),
        sink: Arc::new(Inbox(tx)),
    };
    (subscriber, rx)
}

struct Redis(Child, std::path::PathBuf);

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
        let _ = std::fs::remove_dir_all(&self.1);
    }
}

fn start_redis() -> (Redis, String) {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let dir = std::env::temp_dir().join(format!("live-bench-redis-{port}"));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let child = Command::new("redis-server")
        .args([
            "--port",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ])
        .arg("--dir")
        .arg(&dir)
        .stdout(Stdio::null())
        .spawn()
        .expect("redis-server installed");
    for _ in 0..500 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    (Redis(child, dir), format!("redis://127.0.0.1:{port}/"))
}

async fn connect(url: &str) -> Arc<RedisPubSub> {
    let pubsub = RedisPubSub::connect(url).expect("url");
    while !pubsub.is_subscribed() {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    pubsub
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn latency(from: &dyn PubSub, to: &dyn PubSub) -> (Duration, Duration) {
    let (sub, mut rx) = subscriber();
    to.subscribe("latency", sub);
    let mut samples = Vec::with_capacity(LATENCY_MESSAGES);
    for n in 0..LATENCY_MESSAGES as u64 {
        let start = Instant::now();
        from.broadcast("latency", Broadcast::new(n));
        loop {
            let got = tokio::time::timeout(Duration::from_secs(5), rx.recv())
                .await
                .expect("delivered within 5 s")
                .expect("open");
            if got.downcast::<u64>().is_ok_and(|m| *m == n) {
                break;
            }
        }
        samples.push(start.elapsed());
    }
    samples.sort();
    (percentile(&samples, 0.5), percentile(&samples, 0.99))
}

async fn fan_out(from: &dyn PubSub, nodes: &[&dyn PubSub]) -> f64 {
    let received = Arc::new(AtomicU64::new(0));
    for i in 0..SUBSCRIBERS {
        let (sub, mut rx) = subscriber();
        nodes[i % nodes.len()].subscribe("fanout", sub);
        let received = received.clone();
        tokio::spawn(async move {
            while rx.recv().await.is_some() {
                received.fetch_add(1, Ordering::Relaxed);
            }
        });
    }
    let expected = SUBSCRIBERS as u64 * FANOUT_MESSAGES;
    let start = Instant::now();
    for n in 0..FANOUT_MESSAGES {
        from.broadcast("fanout", Broadcast::new(n));
        // Keep each inbox under its capacity, as views that keep up would.
        while received.load(Ordering::Relaxed) < (n + 1) * SUBSCRIBERS as u64 * 9 / 10 {
            tokio::task::yield_now().await;
            if start.elapsed() > Duration::from_secs(60) {
                panic!("fan-out stalled");
            }
        }
    }
    while received.load(Ordering::Relaxed) < expected {
        tokio::task::yield_now().await;
        assert!(start.elapsed() < Duration::from_secs(60), "fan-out stalled");
    }
    expected as f64 / start.elapsed().as_secs_f64()
}

#[tokio::main]
async fn main() {
    let (_redis, url) = start_redis();
    let local = LocalPubSub::default();
    let (a, b) = (connect(&url).await, connect(&url).await);

    let (p50, p99) = latency(&local, &local).await;
    println!("latency, one process:        p50 {p50:?}  p99 {p99:?}");
    let (rp50, rp99) = latency(&*a, &*b).await;
    println!(
        "latency, node A -> node B:   p50 {rp50:?}  p99 {rp99:?}  ({:.0}x / {:.0}x one process)",
        rp50.as_secs_f64() / p50.as_secs_f64(),
        rp99.as_secs_f64() / p99.as_secs_f64()
    );

    let one = fan_out(&local, &[&local]).await;
    println!("fan-out to {SUBSCRIBERS} subscribers, one process: {one:.0} deliveries/s");
    let two = fan_out(&*a, &[&*a, &*b]).await;
    println!("fan-out to {SUBSCRIBERS} subscribers over two nodes: {two:.0} deliveries/s ({:.2}x one process)", two / one);
}
