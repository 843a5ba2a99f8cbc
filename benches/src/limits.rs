//! The open-file limit of a process: the load driver and the bench server each hold one file
//! descriptor per connection, so both raise their soft `RLIMIT_NOFILE` to the hard limit first.

use rustix::process::{getrlimit, setrlimit, Resource, Rlimit};

/// Raises the soft open-file limit of this process to `wanted`, capped at the hard limit.
///
/// Returns the soft limit in force afterwards (`None`: unlimited). A limit already at or above
/// `wanted` is left alone; a refused `setrlimit` leaves the old limit and returns it.
///
/// ```
/// let soft = live_benches::limits::raise_open_files(64);
/// assert!(soft.map_or(true, |soft| soft >= 64));
/// ```
pub fn raise_open_files(wanted: u64) -> Option<u64> {
    let limit = getrlimit(Resource::Nofile);
    let target = match limit.maximum {
        Some(hard) => wanted.min(hard),
        None => wanted,
    };
    if limit.current.is_some_and(|soft| soft < target) {
        let raised = Rlimit {
            current: Some(target),
            maximum: limit.maximum,
        };
        if setrlimit(Resource::Nofile, raised).is_err() {
            return limit.current;
        }
    }
    getrlimit(Resource::Nofile).current
}
