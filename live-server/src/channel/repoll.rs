//! Wakes a task gives itself, served by polling again instead of by the scheduler.
//!
//! A socket's task reads a frame, hands it to a view that runs on the same task, and writes
//! what the view queues: each hand-over wakes a waker that belongs to this very task. On
//! tokio's multi-threaded runtime a task woken while it runs is put at the back of the run
//! queue and another worker is unparked to take it, so every event used to cost a cross-thread
//! wake-up (an eventfd write, a futex, the task moving to a cold core). [`Repoll`] gives the
//! future it wraps a waker of its own: a wake that arrives while the future is being polled
//! only marks it, and the future is polled again at once; a wake from anywhere else (another
//! task, a timer, PubSub) is passed to the task's real waker as usual.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use futures_util::task::AtomicWaker;

/// How many times in a row [`Repoll`] polls again before it yields to the scheduler, so that
/// a future that keeps waking itself cannot hold a worker thread. (A task out of tokio's
/// cooperative budget is not such a case: tokio defers that wake until the poll has returned,
/// so it reaches the task's own waker and the scheduler.)
const MAX_REPOLLS: u32 = 16;

/// Wraps `future` so that wakes it raises during its own poll poll it again at once.
pub(crate) fn repoll<F: Future>(future: F) -> Repoll<F> {
    Repoll {
        future,
        waker: Arc::new(RepollWaker {
            task: AtomicWaker::new(),
            polling: AtomicBool::new(false),
            woken: AtomicBool::new(false),
        }),
    }
}

pin_project_lite::pin_project! {
    /// The future returned by [`repoll`].
    pub(crate) struct Repoll<F> {
        #[pin]
        future: F,
        waker: Arc<RepollWaker>,
    }
}

/// The waker [`Repoll`] gives its future.
struct RepollWaker {
    /// The waker of the task polling the [`Repoll`].
    task: AtomicWaker,
    /// True while the wrapped future is being polled.
    polling: AtomicBool,
    /// A wake arrived while `polling`: poll again before returning.
    woken: AtomicBool,
}

impl Wake for RepollWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        // Marked first, then `polling` read: either the poll is still running and will see
        // the mark after it clears `polling`, or it has finished and the task is woken.
        self.woken.store(true, Ordering::SeqCst);
        if !self.polling.load(Ordering::SeqCst) {
            self.task.wake();
        }
    }
}

impl<F: Future> Future for Repoll<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        let mut future = this.future;
        this.waker.task.register(cx.waker());
        let waker = Waker::from(Arc::clone(this.waker));
        let mut inner = Context::from_waker(&waker);
        for _ in 0..MAX_REPOLLS {
            this.waker.woken.store(false, Ordering::SeqCst);
            this.waker.polling.store(true, Ordering::SeqCst);
            let poll = future.as_mut().poll(&mut inner);
            this.waker.polling.store(false, Ordering::SeqCst);
            if poll.is_ready() {
                return poll;
            }
            if !this.waker.woken.load(Ordering::SeqCst) {
                return Poll::Pending;
            }
        }
        // Still waking itself: let the scheduler run others first.
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;

    use super::*;

    /// A task waker that counts its wakes.
    #[derive(Default)]
    struct Count(AtomicUsize);

    impl Wake for Count {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    /// Polls `future` once with a counting task waker; returns the poll and the task's wakes.
    fn poll_once<F: Future + Unpin>(future: &mut F, count: &Arc<Count>) -> Poll<F::Output> {
        let waker = Waker::from(Arc::clone(count));
        Pin::new(future).poll(&mut Context::from_waker(&waker))
    }

    #[test]
    fn a_wake_during_the_poll_polls_again_without_waking_the_task() {
        let mut polls = 0;
        let mut future = repoll(std::future::poll_fn(|cx| {
            polls += 1;
            if polls < 3 {
                cx.waker().wake_by_ref();
                Poll::Pending
            } else {
                Poll::Ready(polls)
            }
        }));
        let count = Arc::new(Count::default());
        assert_eq!(poll_once(&mut future, &count), Poll::Ready(3));
        assert_eq!(count.0.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn a_wake_from_elsewhere_wakes_the_task() {
        let stored: Arc<std::sync::Mutex<Option<Waker>>> = Arc::default();
        let keep = Arc::clone(&stored);
        let mut future = repoll(std::future::poll_fn(move |cx| {
            *keep.lock().expect("not poisoned") = Some(cx.waker().clone());
            Poll::<()>::Pending
        }));
        let count = Arc::new(Count::default());
        assert_eq!(poll_once(&mut future, &count), Poll::Pending);
        assert_eq!(count.0.load(Ordering::SeqCst), 0);
        let waker = stored
            .lock()
            .expect("not poisoned")
            .take()
            .expect("the future stored its waker");
        std::thread::spawn(move || waker.wake())
            .join()
            .expect("the waking thread ends");
        assert_eq!(count.0.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_future_that_keeps_waking_itself_yields_to_the_scheduler() {
        let mut polls = 0u32;
        let mut future = repoll(std::future::poll_fn(|cx| {
            polls += 1;
            cx.waker().wake_by_ref();
            Poll::<()>::Pending
        }));
        let count = Arc::new(Count::default());
        assert_eq!(poll_once(&mut future, &count), Poll::Pending);
        assert_eq!(count.0.load(Ordering::SeqCst), 1);
        drop(future);
        assert_eq!(polls, MAX_REPOLLS);
    }
}
