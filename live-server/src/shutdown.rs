//! Graceful shutdown: the views still running (waited for, up to a deadline) and the process
//! signals that start it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

/// Counts the running view tasks, so a stopping server can wait for each to finish its event
/// and run `terminate`.
#[derive(Debug, Default)]
pub(crate) struct RunningViews {
    count: AtomicUsize,
    ended: Notify,
}

/// Held by a running view task; its drop counts the view out.
#[derive(Debug)]
pub(crate) struct Running(Arc<RunningViews>);

impl RunningViews {
    /// Counts a view in until the returned guard drops.
    pub(crate) fn enter(self: &Arc<Self>) -> Running {
        self.count.fetch_add(1, Ordering::SeqCst);
        Running(self.clone())
    }

    /// How many views run now.
    pub(crate) fn count(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }

    /// Waits until no view runs, or `deadline` passed; true when all ended.
    pub(crate) async fn wait_all_ended(&self, deadline: Duration) -> bool {
        tokio::time::timeout(deadline, async {
            loop {
                let ended = self.ended.notified();
                if self.count() == 0 {
                    return;
                }
                ended.await;
            }
        })
        .await
        .is_ok()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if self.0.count.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.ended.notify_waiters();
        }
    }
}

/// Completes when the process receives SIGTERM (what `docker stop`, systemd and Kubernetes
/// send) or SIGINT (Ctrl-C): hand it to
/// [`BoundServer::serve_with_shutdown`](crate::BoundServer::serve_with_shutdown).
///
/// ```no_run
/// # async fn run(server: live_server::BoundServer) -> std::io::Result<()> {
/// server.serve_with_shutdown(live_server::shutdown_signal()).await
/// # }
/// ```
pub async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => tracing::info!("SIGTERM received"),
                    _ = tokio::signal::ctrl_c() => tracing::info!("SIGINT received"),
                }
            }
            Err(err) => {
                tracing::warn!("cannot listen for SIGTERM ({err}); stopping on Ctrl-C only");
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn waiting_ends_with_the_last_view_or_at_the_deadline() {
        let views = Arc::new(RunningViews::default());
        assert!(views.wait_all_ended(Duration::from_millis(10)).await);
        let first = views.enter();
        let second = views.enter();
        assert!(!views.wait_all_ended(Duration::from_millis(20)).await);
        drop(first);
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(20)).await;
            drop(second);
        });
        assert!(views.wait_all_ended(Duration::from_secs(5)).await);
        assert_eq!(views.count(), 0);
    }
}
