//! Runs a view's async tasks to completion on a private tokio runtime, delivering each result
//! the way the server does (as a message to the view), never in real time unless a task sleeps.

use std::collections::HashMap;
use std::future::Future;
use std::time::{Duration, Instant};

use live_core::socket::{AnyMessage, BoxFuture};
use tokio::runtime::Runtime;
use tokio::task::{AbortHandle, Id, JoinSet};

/// A task a view started (`assign_async`, `start_async`) and the harness has not run yet.
pub(crate) struct PendingTask {
    pub(crate) name: Option<String>,
    pub(crate) future: BoxFuture,
    pub(crate) on_panic: Box<dyn FnOnce(String) -> AnyMessage + Send>,
}

/// What finished, for the view.
pub(crate) enum Completion {
    /// A task's message (its result, or its panic turned into a failure).
    Message(AnyMessage),
    /// Nothing left to run.
    Idle,
    /// The limit passed; the names of the tasks still running (`assign_async` ones unnamed).
    TimedOut(Vec<String>),
}

struct Running {
    name: Option<String>,
    abort: AbortHandle,
    on_panic: Box<dyn FnOnce(String) -> AnyMessage + Send>,
}

/// One `render_async` run: a current-thread runtime and the tasks running on it.
pub(crate) struct Executor {
    // Declared before the runtime: the tasks are dropped (aborted) first.
    set: JoinSet<AnyMessage>,
    running: HashMap<Id, Running>,
    runtime: Option<Runtime>,
    deadline: Instant,
}

impl Executor {
    pub(crate) fn new(limit: Duration) -> std::io::Result<Executor> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        Ok(Executor {
            set: JoinSet::new(),
            running: HashMap::new(),
            runtime: Some(runtime),
            deadline: Instant::now() + limit,
        })
    }

    /// Starts `task`; a running task of the same name is cancelled, as on the server.
    pub(crate) fn start(&mut self, task: PendingTask) {
        if let Some(name) = &task.name {
            self.cancel(name);
        }
        let Some(runtime) = &self.runtime else {
            return;
        };
        let abort = self.set.spawn_on(task.future, runtime.handle());
        self.running.insert(
            abort.id(),
            Running {
                name: task.name,
                abort,
                on_panic: task.on_panic,
            },
        );
    }

    /// Cancels the running `start_async` task `name`; its result is never delivered.
    pub(crate) fn cancel(&mut self, name: &str) {
        self.running.retain(|_, running| {
            let hit = running.name.as_deref() == Some(name);
            if hit {
                running.abort.abort();
            }
            !hit
        });
    }

    /// Waits for the next task to finish.
    pub(crate) fn next(&mut self) -> Completion {
        loop {
            if self.running.is_empty() {
                return Completion::Idle;
            }
            let Some(runtime) = &self.runtime else {
                return Completion::Idle;
            };
            let remaining = self.deadline.saturating_duration_since(Instant::now());
            let set = &mut self.set;
            let joined = block_on(runtime, async move {
                tokio::time::timeout(remaining, set.join_next_with_id()).await
            });
            match joined {
                Err(_) => {
                    let mut names: Vec<String> = self
                        .running
                        .values()
                        .map(|r| r.name.clone().unwrap_or_else(|| "assign_async".to_owned()))
                        .collect();
                    names.sort();
                    return Completion::TimedOut(names);
                }
                Ok(None) => return Completion::Idle,
                Ok(Some(Ok((id, message)))) => {
                    // A cancelled task may still finish before its abort lands: drop its result.
                    if self.running.remove(&id).is_some() {
                        return Completion::Message(message);
                    }
                }
                Ok(Some(Err(err))) => {
                    let running = self.running.remove(&err.id());
                    if let (Some(running), true) = (running, err.is_panic()) {
                        let text = live_core::protocol::panic_text(&*err.into_panic());
                        return Completion::Message((running.on_panic)(text));
                    }
                }
            }
        }
    }
}

impl Drop for Executor {
    fn drop(&mut self) {
        self.set.abort_all();
        if let Some(runtime) = self.runtime.take() {
            // Allowed even inside another runtime (a `#[tokio::test]`), unlike a plain drop.
            runtime.shutdown_background();
        }
    }
}

/// Runs `future` on `runtime`; from inside another runtime (a `#[tokio::test]`), on a helper
/// thread, since a runtime cannot block inside another.
fn block_on<F>(runtime: &Runtime, future: F) -> F::Output
where
    F: Future + Send,
    F::Output: Send,
{
    if tokio::runtime::Handle::try_current().is_err() {
        return runtime.block_on(future);
    }
    std::thread::scope(|scope| {
        scope
            .spawn(|| runtime.block_on(future))
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}
