//! The Phoenix channel frame decoder on arbitrary bytes: no panic, and what decodes encodes
//! back to the same frame (`live_server::fuzzing::channel_frame`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    live_server::fuzzing::channel_frame(data);
});
