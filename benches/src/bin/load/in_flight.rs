//! The events a driver's client has sent and waits for, oldest first, and what both wire
//! adapters (`client.rs` for live, `dioxus.rs` for the peer) do with them: admit a new one
//! within the bound, record an answer, time out the late, tell the waiters when the client
//! ends. Also the bounded send both use.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use futures_util::SinkExt;
use tokio::sync::oneshot;
use tokio_tungstenite::tungstenite::Message;

use crate::client::Ws;
use crate::page::IO_TIMEOUT;
use crate::stats::Stats;

/// Events a client may have in flight; more are counted as not sent.
pub(crate) const MAX_IN_FLIGHT: usize = 64;

/// Told an event's round trip, or the error.
pub(crate) type Done = oneshot::Sender<Result<Duration, String>>;

/// One event waiting for its answer.
pub(crate) struct Waiting<K> {
    /// What matches its answer (the reference for live; nothing for the peer, which answers in
    /// order).
    pub(crate) key: K,
    sent: Instant,
    done: Option<Done>,
}

/// The events of one client waiting for their answers, oldest first.
pub(crate) struct InFlight<K> {
    queue: VecDeque<Waiting<K>>,
}

impl<K> InFlight<K> {
    pub(crate) fn new() -> Self {
        InFlight {
            queue: VecDeque::new(),
        }
    }

    /// Whether one more event may be sent; when not, it is counted as not sent and `done` is
    /// told why.
    pub(crate) fn admit(&self, done: &mut Option<Done>, stats: &Stats) -> bool {
        if self.queue.len() < MAX_IN_FLIGHT {
            return true;
        }
        stats.not_sent.incr();
        if let Some(done) = done.take() {
            let _ = done.send(Err("too many events in flight".to_owned()));
        }
        false
    }

    /// An event sent at `sent`, waiting for the answer matched by `key`.
    pub(crate) fn push(&mut self, key: K, sent: Instant, done: Option<Done>) {
        self.queue.push_back(Waiting { key, sent, done });
    }

    /// Takes the oldest waiting event whose key satisfies `matches`.
    pub(crate) fn take(&mut self, matches: impl Fn(&K) -> bool) -> Option<Waiting<K>> {
        let at = self.queue.iter().position(|w| matches(&w.key))?;
        self.queue.remove(at)
    }

    /// Counts and tells a time-out to the events waiting longer than [`IO_TIMEOUT`].
    pub(crate) fn expire(&mut self, stats: &Stats) {
        while self
            .queue
            .front()
            .is_some_and(|w| w.sent.elapsed() > IO_TIMEOUT)
        {
            if let Some(late) = self.queue.pop_front() {
                stats.timeouts.incr();
                if let Some(done) = late.done {
                    let _ = done.send(Err("reply timed out".to_owned()));
                }
            }
        }
    }

    /// Tells every waiting event that its client ended.
    pub(crate) fn end(self) {
        for waiting in self.queue {
            if let Some(done) = waiting.done {
                let _ = done.send(Err("client ended".to_owned()));
            }
        }
    }
}

impl<K> Waiting<K> {
    /// Records the answer: a reply of `bytes` bytes (its round trip to the histogram), or the
    /// error `Err(why)` (a reply error).
    pub(crate) fn answer(self, answer: Result<usize, String>, stats: &Stats) {
        let elapsed = self.sent.elapsed();
        let told = match answer {
            Ok(bytes) => {
                stats.round_trip.record(elapsed);
                stats.replies.incr();
                stats.reply_bytes.add(bytes as u64);
                Ok(elapsed)
            }
            Err(why) => {
                stats.reply_errors.incr();
                Err(why)
            }
        };
        if let Some(done) = self.done {
            let _ = done.send(told);
        }
    }
}

/// Sends `text` within [`IO_TIMEOUT`].
pub(crate) async fn send_text(ws: &mut Ws, text: String) -> Result<(), String> {
    tokio::time::timeout(IO_TIMEOUT, ws.send(Message::text(text)))
        .await
        .map_err(|_| "send timed out".to_owned())?
        .map_err(|e| format!("send: {e}"))
}
