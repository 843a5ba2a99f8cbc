//! The urlencoded form decoder and everything built on it (typed access, changeset, the
//! `<.input>` component) on arbitrary UTF-8 input: no panic, Plug's output shape.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        live_fuzz::check_form(text);
    }
});
