//! Compile-fail tests: each template mistake is reported on the offending token.
//!
//! Regenerate the expected output with `TRYBUILD=overwrite cargo test -p live-macros --test ui`
//! and read every changed `.stderr` before committing it.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/fail/*.rs");
    cases.pass("tests/ui/pass/*.rs");
}
