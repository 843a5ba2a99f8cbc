//! Asynchronous work started by a view: the state of an async assign and the outcome of a task.

use std::any::Any;

/// The state of an assign loaded by [`Socket::assign_async`](crate::Socket::assign_async):
/// templates can match on it to show a spinner, the data or the error.
///
/// ```
/// use live_core::AsyncResult;
/// let users: AsyncResult<Vec<&str>> = AsyncResult::default();
/// assert!(users.is_loading());
/// let users = AsyncResult::Ok(vec!["ada"]);
/// assert_eq!(users.ok().map(|u| u.len()), Some(1));
/// let failed: AsyncResult<()> = AsyncResult::Failed("timeout".into());
/// assert_eq!(failed.failed(), Some("timeout"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum AsyncResult<T> {
    /// Not finished yet (the initial state).
    #[default]
    Loading,
    /// Finished with a value.
    Ok(T),
    /// The task returned an error or panicked; the message says why.
    Failed(String),
}

impl<T> AsyncResult<T> {
    /// Whether the task is still running.
    pub fn is_loading(&self) -> bool {
        matches!(self, AsyncResult::Loading)
    }

    /// The value, once loaded.
    pub fn ok(&self) -> Option<&T> {
        match self {
            AsyncResult::Ok(value) => Some(value),
            _ => None,
        }
    }

    /// The failure message, if the task failed.
    pub fn failed(&self) -> Option<&str> {
        match self {
            AsyncResult::Failed(message) => Some(message),
            _ => None,
        }
    }
}

/// The outcome of a task started with [`Socket::start_async`](crate::Socket::start_async),
/// given to [`LiveView::handle_async`](crate::LiveView::handle_async).
#[derive(Debug)]
pub struct AsyncOutcome(pub(crate) Result<Box<dyn Any + Send>, String>);

impl AsyncOutcome {
    /// The task's value as `T` (the type its future returned in `Ok`), or why it failed: the
    /// task's error, its panic message, or a type mismatch.
    ///
    /// ```
    /// use live_core::AsyncOutcome;
    /// let outcome = AsyncOutcome::from_value(42u32);
    /// assert_eq!(outcome.into_result::<u32>(), Ok(42));
    /// assert!(AsyncOutcome::from_error("boom").into_result::<u32>().is_err());
    /// ```
    pub fn into_result<T: 'static>(self) -> Result<T, String> {
        let value = self.0?;
        value
            .downcast::<T>()
            .map(|v| *v)
            .map_err(|_| format!("async result is not a {}", std::any::type_name::<T>()))
    }

    /// A successful outcome (for tests).
    pub fn from_value<T: Send + 'static>(value: T) -> Self {
        AsyncOutcome(Ok(Box::new(value)))
    }

    /// A failed outcome (for tests).
    pub fn from_error(message: impl Into<String>) -> Self {
        AsyncOutcome(Err(message.into()))
    }
}
