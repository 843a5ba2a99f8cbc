//! A bounded multi-producer, single-consumer queue whose storage grows only as messages wait.
//!
//! Every joined view has three queues (its commands, its messages, its connection's frames),
//! and almost all of them are empty almost all the time. `tokio::sync::mpsc` allocates a block
//! of 32 slots for each queue when it is made (about 2.8 KiB for a view's commands) plus
//! cache-padded control fields; this queue starts as an empty `VecDeque` behind a mutex, and
//! gives its storage back once it is drained. It has the part of the `mpsc` interface the
//! server uses: [`Sender::try_send`], [`Sender::send`], [`Sender::send_timeout`] and
//! [`Receiver::recv`], with `mpsc`'s error types (`send_timeout` only says whether it queued).

use std::collections::VecDeque;
use std::pin::pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::mpsc::error::{SendError, TrySendError};
use tokio::sync::Notify;

/// What the two halves share.
struct Shared<T> {
    state: Mutex<State<T>>,
    /// Wakes the receiver: a message arrived, or the last sender left.
    readable: Notify,
    /// Wakes senders waiting for room: a message was taken, or the receiver left.
    writable: Notify,
    capacity: usize,
}

struct State<T> {
    items: VecDeque<T>,
    senders: usize,
    receiver_alive: bool,
}

impl<T> Shared<T> {
    /// The state; a panic while it was held cannot leave it inconsistent (every change is one
    /// push, pop or counter update), so a poisoned lock is used as it is.
    fn state(&self) -> MutexGuard<'_, State<T>> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A queue holding at most `capacity` messages (at least one).
pub(crate) fn bounded<T>(capacity: usize) -> (Sender<T>, Receiver<T>) {
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            items: VecDeque::new(),
            senders: 1,
            receiver_alive: true,
        }),
        readable: Notify::new(),
        writable: Notify::new(),
        capacity: capacity.max(1),
    });
    (
        Sender {
            shared: Arc::clone(&shared),
        },
        Receiver { shared },
    )
}

/// The sending half; clones share the queue.
pub(crate) struct Sender<T> {
    shared: Arc<Shared<T>>,
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        self.shared.state().senders += 1;
        Sender {
            shared: Arc::clone(&self.shared),
        }
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        let last = {
            let mut state = self.shared.state();
            state.senders -= 1;
            state.senders == 0
        };
        if last {
            self.shared.readable.notify_one();
        }
    }
}

impl<T> std::fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("queue::Sender")
    }
}

impl<T> Sender<T> {
    /// Queues `value` if there is room and the receiver is still there.
    pub(crate) fn try_send(&self, value: T) -> Result<(), TrySendError<T>> {
        {
            let mut state = self.shared.state();
            if !state.receiver_alive {
                return Err(TrySendError::Closed(value));
            }
            if state.items.len() >= self.shared.capacity {
                return Err(TrySendError::Full(value));
            }
            state.items.push_back(value);
        }
        self.shared.readable.notify_one();
        Ok(())
    }

    /// Queues `value`, waiting for room; an error when the receiver is gone.
    pub(crate) async fn send(&self, mut value: T) -> Result<(), SendError<T>> {
        loop {
            let mut room = pin!(self.shared.writable.notified());
            // Registered before the state is read: a wake-up between the check and the wait
            // is not lost.
            room.as_mut().enable();
            match self.try_send(value) {
                Ok(()) => return Ok(()),
                Err(TrySendError::Closed(back)) => return Err(SendError(back)),
                Err(TrySendError::Full(back)) => value = back,
            }
            room.await;
        }
    }

    /// [`Sender::send`] giving up after `timeout`; whether the value was queued.
    pub(crate) async fn send_timeout(&self, value: T, timeout: Duration) -> bool {
        matches!(
            tokio::time::timeout(timeout, self.send(value)).await,
            Ok(Ok(()))
        )
    }
}

/// The receiving half.
pub(crate) struct Receiver<T> {
    shared: Arc<Shared<T>>,
}

impl<T> Receiver<T> {
    /// The next message; `None` once every sender is gone and the queue is empty.
    /// Cancel-safe: a message is only taken by a call that returns it.
    pub(crate) async fn recv(&mut self) -> Option<T> {
        loop {
            let mut arrived = pin!(self.shared.readable.notified());
            arrived.as_mut().enable();
            {
                let mut state = self.shared.state();
                if let Some(value) = state.items.pop_front() {
                    // A drained queue gives its storage back: most queues are empty most of
                    // the time, and a message's allocation is cheap next to its handling.
                    if state.items.is_empty() {
                        state.items = VecDeque::new();
                    }
                    drop(state);
                    self.shared.writable.notify_one();
                    return Some(value);
                }
                if state.senders == 0 {
                    return None;
                }
            }
            arrived.await;
        }
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        let items = {
            let mut state = self.shared.state();
            state.receiver_alive = false;
            std::mem::take(&mut state.items)
        };
        // Dropped outside the lock: a message's drop may send on another queue.
        drop(items);
        self.shared.writable.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn delivers_in_order_and_refuses_past_capacity() {
        let (tx, mut rx) = bounded(2);
        tx.try_send(1).expect("room");
        tx.try_send(2).expect("room");
        assert!(matches!(tx.try_send(3), Err(TrySendError::Full(3))));
        assert_eq!(rx.recv().await, Some(1));
        tx.try_send(3).expect("room again");
        assert_eq!(rx.recv().await, Some(2));
        assert_eq!(rx.recv().await, Some(3));
    }

    #[tokio::test]
    async fn ends_when_every_sender_is_gone() {
        let (tx, mut rx) = bounded(4);
        let second = tx.clone();
        tx.try_send("a").expect("room");
        drop(tx);
        second.try_send("b").expect("room");
        drop(second);
        assert_eq!(rx.recv().await, Some("a"));
        assert_eq!(rx.recv().await, Some("b"));
        assert_eq!(rx.recv().await, None);
    }

    #[tokio::test]
    async fn a_dropped_receiver_closes_the_queue_for_waiting_and_new_senders() {
        let (tx, rx) = bounded(1);
        tx.try_send(1).expect("room");
        let waiting = tokio::spawn({
            let tx = tx.clone();
            async move { tx.send(2).await.is_err() }
        });
        tokio::task::yield_now().await;
        drop(rx);
        let refused = tokio::time::timeout(Duration::from_secs(5), waiting)
            .await
            .expect("the waiting sender is woken")
            .expect("no panic");
        assert!(refused);
        assert!(matches!(tx.try_send(3), Err(TrySendError::Closed(3))));
        assert!(!tx.send_timeout(4, Duration::from_millis(10)).await);
    }

    #[tokio::test]
    async fn a_sender_waits_for_room_and_a_receiver_for_a_message() {
        let (tx, mut rx) = bounded(1);
        tx.try_send(1).expect("room");
        let sender = tokio::spawn(async move {
            tx.send(2).await.expect("queued once there is room");
            tx.send_timeout(3, Duration::from_secs(5)).await
        });
        assert_eq!(rx.recv().await, Some(1));
        assert_eq!(rx.recv().await, Some(2));
        assert_eq!(rx.recv().await, Some(3));
        assert!(sender.await.expect("no panic"));
        assert_eq!(rx.recv().await, None);
    }

    #[tokio::test]
    async fn a_drained_queue_gives_its_storage_back() {
        let (tx, mut rx) = bounded(64);
        for n in 0..32 {
            tx.try_send(n).expect("room");
        }
        for _ in 0..32 {
            rx.recv().await.expect("a message");
        }
        assert_eq!(rx.shared.state().items.capacity(), 0);
    }
}
