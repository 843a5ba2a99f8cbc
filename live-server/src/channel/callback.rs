//! Running view callbacks on the server and in the test harness: a panic becomes an error.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

use live_core::ViewError;

/// Runs a view callback, turning a panic into an error.
pub(crate) fn guarded<T>(f: impl FnOnce() -> Result<T, ViewError>) -> Result<T, ViewError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| Err(panic_text(&*panic).into()))
}

/// `"panicked: <message>"` for a panic payload (a `&str` or `String` message, or none).
pub(crate) fn panic_text(payload: &(dyn Any + Send)) -> String {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_owned());
    format!("panicked: {message}")
}
