//! `Event::from_payload` on arbitrary bytes: as a JSON payload, and as the value and `_target`
//! of form, click and null-typed events. No panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    live_fuzz::check_event(data);
});
