//! What the driver counts: a latency histogram of fixed size and the error counters.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Exact buckets below this many microseconds; above, 32 buckets per power of two (~3 %).
const LINEAR: u64 = 64;
/// Sub-buckets per power of two above [`LINEAR`].
const SUB: u64 = 32;
/// Buckets in all: 64 exact, then 58 powers of two (2^6 .. 2^63) of 32 each.
const BUCKETS: usize = (LINEAR + 58 * SUB) as usize;

/// A histogram of durations in microseconds, lock-free and of fixed size (about 15 KiB), so
/// any number of samples fits.
pub(crate) struct Histogram {
    buckets: Vec<AtomicU64>,
    count: AtomicU64,
    sum_us: AtomicU64,
    max_us: AtomicU64,
}

fn bucket_of(us: u64) -> usize {
    if us < LINEAR {
        return us as usize;
    }
    let exponent = 63 - u64::from(us.leading_zeros()); // >= 6
    let shift = exponent - 5;
    let sub = (us >> shift) - SUB; // 0..32
    (LINEAR + (exponent - 6) * SUB + sub) as usize
}

/// The largest value that falls in bucket `index` (what a quantile reports).
fn upper_bound(index: usize) -> u64 {
    let index = index as u64;
    if index < LINEAR {
        return index;
    }
    let exponent = (index - LINEAR) / SUB + 6;
    let sub = (index - LINEAR) % SUB;
    let shift = exponent - 5;
    ((SUB + sub + 1) << shift) - 1
}

impl Histogram {
    /// An empty histogram.
    pub(crate) fn new() -> Self {
        Histogram {
            buckets: (0..BUCKETS).map(|_| AtomicU64::new(0)).collect(),
            count: AtomicU64::new(0),
            sum_us: AtomicU64::new(0),
            max_us: AtomicU64::new(0),
        }
    }

    /// Adds one sample.
    pub(crate) fn record(&self, value: Duration) {
        let us = u64::try_from(value.as_micros()).unwrap_or(u64::MAX);
        if let Some(bucket) = self.buckets.get(bucket_of(us)) {
            bucket.fetch_add(1, Ordering::Relaxed);
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        self.sum_us.fetch_add(us, Ordering::Relaxed);
        self.max_us.fetch_max(us, Ordering::Relaxed);
    }

    /// Samples recorded.
    pub(crate) fn count(&self) -> u64 {
        self.count.load(Ordering::Relaxed)
    }

    /// The `q` quantile (0..=1) in microseconds, to the bucket's precision; 0 when empty.
    pub(crate) fn quantile_us(&self, q: f64) -> u64 {
        let count = self.count();
        if count == 0 {
            return 0;
        }
        let rank = ((q * count as f64).ceil() as u64).clamp(1, count);
        let mut seen = 0;
        for (index, bucket) in self.buckets.iter().enumerate() {
            seen += bucket.load(Ordering::Relaxed);
            if seen >= rank {
                return upper_bound(index).min(self.max_us());
            }
        }
        self.max_us()
    }

    /// The largest sample in microseconds.
    pub(crate) fn max_us(&self) -> u64 {
        self.max_us.load(Ordering::Relaxed)
    }

    /// `p50 / p99 / max` in milliseconds, for the tables.
    pub(crate) fn summary(&self) -> String {
        format!(
            "{} / {} / {}",
            ms(self.quantile_us(0.5)),
            ms(self.quantile_us(0.99)),
            ms(self.max_us())
        )
    }
}

/// Microseconds as milliseconds with two decimals.
pub(crate) fn ms(us: u64) -> String {
    format!("{:.2}", us as f64 / 1000.0)
}

/// A counter shared by client tasks.
#[derive(Default)]
pub(crate) struct Counter(AtomicU64);

impl Counter {
    /// Adds `n`.
    pub(crate) fn add(&self, n: u64) {
        self.0.fetch_add(n, Ordering::Relaxed);
    }

    /// Adds one.
    pub(crate) fn incr(&self) {
        self.add(1);
    }

    /// The current value.
    pub(crate) fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// Everything the well-behaved clients of one run count.
#[derive(Default)]
pub(crate) struct Stats {
    /// Event round trips: `event` sent to its `phx_reply` read.
    pub(crate) round_trip: Histogram,
    /// Views joined (`ok` join replies).
    pub(crate) joined: Counter,
    /// Events sent.
    pub(crate) events_sent: Counter,
    /// Event replies read.
    pub(crate) replies: Counter,
    /// Bytes of the event reply frames (to compute bytes per frame).
    pub(crate) reply_bytes: Counter,
    /// Bytes of the join reply frames.
    pub(crate) join_bytes: Counter,
    /// Server pushes (`diff` frames) read.
    pub(crate) pushes: Counter,
    /// Heartbeats answered.
    pub(crate) heartbeats: Counter,
    /// Events not sent because the client already had its maximum of events in flight, or
    /// its command queue was full (the driver could not keep up).
    pub(crate) not_sent: Counter,
    /// TCP connect or WebSocket handshake failures.
    pub(crate) connect_errors: Counter,
    /// Joins refused or not answered in time.
    pub(crate) join_errors: Counter,
    /// Event replies with a status other than `ok`.
    pub(crate) reply_errors: Counter,
    /// Event replies not read within the time-out.
    pub(crate) timeouts: Counter,
    /// Heartbeats not answered before the next one was due.
    pub(crate) heartbeat_errors: Counter,
    /// `phx_error` / `phx_close` frames, or sockets the server ended while the client ran.
    pub(crate) dropped: Counter,
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram::new()
    }
}

impl Stats {
    /// Every error the clients saw, summed.
    pub(crate) fn errors(&self) -> u64 {
        self.connect_errors.get()
            + self.join_errors.get()
            + self.reply_errors.get()
            + self.timeouts.get()
            + self.heartbeat_errors.get()
            + self.dropped.get()
    }

    /// The errors by kind, for a report line.
    pub(crate) fn error_line(&self) -> String {
        format!(
            "connect {} join {} reply {} timeout {} heartbeat {} dropped {} (not sent: {})",
            self.connect_errors.get(),
            self.join_errors.get(),
            self.reply_errors.get(),
            self.timeouts.get(),
            self.heartbeat_errors.get(),
            self.dropped.get(),
            self.not_sent.get()
        )
    }

    /// Mean bytes of an event reply frame.
    pub(crate) fn bytes_per_reply(&self) -> u64 {
        self.reply_bytes.get() / self.replies.get().max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_round_trip_within_three_percent() {
        for us in [
            0u64, 1, 63, 64, 65, 100, 1_000, 12_345, 1_000_000, 99_999_999,
        ] {
            let bound = upper_bound(bucket_of(us));
            assert!(bound >= us, "{us} -> {bound}");
            assert!(bound as f64 <= us as f64 * 1.04 + 1.0, "{us} -> {bound}");
        }
        assert!(bucket_of(u64::MAX) < BUCKETS);
    }

    #[test]
    fn quantiles_of_a_known_spread() {
        let h = Histogram::new();
        for ms in 1..=100u64 {
            h.record(Duration::from_millis(ms));
        }
        let p50 = h.quantile_us(0.5);
        assert!((49_000..=52_000).contains(&p50), "{p50}");
        let p99 = h.quantile_us(0.99);
        assert!((98_000..=100_000).contains(&p99), "{p99}");
        assert_eq!(h.max_us(), 100_000);
        assert_eq!(h.count(), 100);
    }
}
