//! Generates the templates of the slot views of the diff bench: `slots_10.rs` and
//! `slots_1000.rs` in `OUT_DIR`, each one `html!` expression with `count` in the first slot and
//! one label per other slot.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for slots in [10usize, 1000] {
        let mut template = String::from(
            "::live_core::html! {\n    <div id=\"slots\">\n        <p id=\"count\">{@count}</p>\n",
        );
        for label in 0..slots - 1 {
            let _ = writeln!(template, "        <p>{{@labels[{label}]}}</p>");
        }
        template.push_str("    </div>\n}\n");
        let path = out.join(format!("slots_{slots}.rs"));
        std::fs::write(&path, template).expect("write the generated template");
    }
    println!("cargo::rerun-if-changed=build.rs");
}
