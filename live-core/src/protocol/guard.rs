//! Running a view's callback so that a panic becomes an error of that view, not of its driver.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::ViewError;

/// Runs a view callback, turning a panic into an error (`"panicked: <message>"`).
///
/// ```
/// use live_core::protocol::guarded;
/// let outcome: Result<(), _> = guarded(|| panic!("boom"));
/// assert_eq!(outcome.unwrap_err().to_string(), "panicked: boom");
/// assert_eq!(guarded(|| Ok(2)).ok(), Some(2));
/// ```
pub fn guarded<T>(f: impl FnOnce() -> Result<T, ViewError>) -> Result<T, ViewError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| Err(panic_text(&*panic).into()))
}

/// `"panicked: <message>"` for a panic payload (a `&str` or `String` message, or none).
///
/// ```
/// use live_core::protocol::panic_text;
/// let payload = std::panic::catch_unwind(|| panic!("at {}", 3)).unwrap_err();
/// assert_eq!(panic_text(&*payload), "panicked: at 3");
/// ```
pub fn panic_text(payload: &(dyn Any + Send)) -> String {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_owned());
    format!("panicked: {message}")
}
