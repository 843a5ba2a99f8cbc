//! Calling into a running view with a timeout, on the server's tokio runtime.

use std::time::Duration;

use live_core::call::CallError;
use live_core::socket::ViewHandle;
use live_core::{Assigns, LiveView, Socket};

/// Runs `f` inside the view behind `handle` and waits at most `timeout` for its result (the
/// `handle_call` of Phoenix, with its timeout).
///
/// ```no_run
/// # use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
/// # use live_core::socket::ViewHandle;
/// # #[derive(LiveView)] struct Counter { count: i64 }
/// # impl LiveView for Counter {
/// #     type Info = ();
/// #     fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> { Ok(Counter { count: 0 }) }
/// #     fn render(assigns: &Assigns<Self>) -> Rendered { html! { <p>{@count}</p> } }
/// # }
/// # async fn run(handle: ViewHandle<Counter>) -> Result<(), live_core::call::CallError> {
/// use std::time::Duration;
/// let count = live_server::call_timeout(&handle, Duration::from_secs(1), |assigns, _| assigns.count).await?;
/// # let _ = count; Ok(())
/// # }
/// ```
pub async fn call_timeout<V, R>(
    handle: &ViewHandle<V>,
    timeout: Duration,
    f: impl FnOnce(&mut Assigns<V>, &mut Socket<V>) -> R + Send + 'static,
) -> Result<R, CallError>
where
    V: LiveView,
    R: Send + 'static,
{
    match tokio::time::timeout(timeout, handle.call(f)).await {
        Ok(answer) => answer,
        Err(_) => Err(CallError::Timeout),
    }
}
