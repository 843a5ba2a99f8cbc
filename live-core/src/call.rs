//! Calls into a running view from another task: a closure run inside the view's own task, with
//! its answer delivered back through a one-shot future.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use crate::assigns::Assigns;
use crate::socket::Socket;

/// A closure run inside a view's task with its assigns and socket (`ViewHandle::call`/`cast`).
pub(crate) struct CallRequest<V: crate::LiveView>(pub(crate) CallFn<V>);

/// The closure of a [`CallRequest`].
pub(crate) type CallFn<V> = Box<dyn FnOnce(&mut Assigns<V>, &mut Socket<V>) + Send>;

/// Why a call got no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallError {
    /// The view ended before answering (or had already ended).
    ViewGone,
    /// No answer within the timeout.
    Timeout,
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            CallError::ViewGone => "the view has ended",
            CallError::Timeout => "the view did not answer in time",
        })
    }
}

impl std::error::Error for CallError {}

struct Slot<R> {
    value: Option<R>,
    /// The sending side was dropped without a value.
    closed: bool,
    waker: Option<Waker>,
}

/// The answer of a call, as a future: resolves when the view has run the closure.
pub struct CallReply<R> {
    slot: Arc<Mutex<Slot<R>>>,
}

impl<R> std::fmt::Debug for CallReply<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CallReply(..)")
    }
}

/// The sending side: fills the slot, or marks it closed when dropped unused.
pub(crate) struct Answer<R> {
    slot: Arc<Mutex<Slot<R>>>,
}

impl<R> Answer<R> {
    pub(crate) fn send(self, value: R) {
        let mut slot = self.slot.lock().unwrap_or_else(|p| p.into_inner());
        slot.value = Some(value);
        if let Some(waker) = slot.waker.take() {
            waker.wake();
        }
    }
}

impl<R> Drop for Answer<R> {
    fn drop(&mut self) {
        let mut slot = self.slot.lock().unwrap_or_else(|p| p.into_inner());
        slot.closed = true;
        if let Some(waker) = slot.waker.take() {
            waker.wake();
        }
    }
}

/// A one-shot channel for one call's answer.
pub(crate) fn oneshot<R>() -> (Answer<R>, CallReply<R>) {
    let slot = Arc::new(Mutex::new(Slot {
        value: None,
        closed: false,
        waker: None,
    }));
    (Answer { slot: slot.clone() }, CallReply { slot })
}

impl<R> CallReply<R> {
    /// A reply that fails at once (the view was already gone).
    pub(crate) fn gone() -> Self {
        let (answer, reply) = oneshot();
        drop(answer);
        reply
    }
}

impl<R> Future for CallReply<R> {
    type Output = Result<R, CallError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut slot = self.slot.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(value) = slot.value.take() {
            return Poll::Ready(Ok(value));
        }
        if slot.closed {
            return Poll::Ready(Err(CallError::ViewGone));
        }
        slot.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}
