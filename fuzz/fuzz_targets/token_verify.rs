//! The token verifiers (signed tokens of every purpose, a join's view tokens, the session
//! cookie, flash tokens) on arbitrary bytes, and on arbitrary JSON claims signed first so the
//! checks behind the signature run too: no panic (`live_server::fuzzing::token`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    live_server::fuzzing::token(data);
});
