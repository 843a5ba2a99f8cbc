#!/usr/bin/env bash
# Measures what a 500-line html! template adds to an incremental build (issue 3): generates two
# crates in a temporary directory — one with a 1-line template, one with a 500-line template —
# and times `cargo build` after editing a literal inside the template, RUNS times each.
#   usage: benches/compile_time.sh [RUNS]   (set OPT_MACROS=1 to build the proc macro optimized,
#   RELEASE=1 to time `cargo build --release`: html! compiles its static render into release
#   builds and test crates only, so the debug and release figures differ)
set -euo pipefail
runs=${1:-4}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src"
cat > "$work/Cargo.toml" <<TOML
[package]
name = "compile-time"
version = "0.1.0"
edition = "2021"
[dependencies]
live-core = { path = "$root/live-core" }
[workspace]
TOML
if [ "${OPT_MACROS:-0}" = 1 ]; then printf '[profile.dev.build-override]\nopt-level = 3\n' >> "$work/Cargo.toml"; fi
python3 - "$work" <<'PY'
import sys
work = sys.argv[1]
head = '''use live_core::{html, Assigns, LiveView, Params, Rendered, Session, Socket, ViewError};
#[derive(LiveView)]
pub struct Big { n: u32, items: Vec<String>, show: bool }
impl LiveView for Big {
    type Info = ();
    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Big { n: 0, items: vec![], show: true })
    }
    fn render(assigns: &Assigns<Self>) -> Rendered {
'''
kinds = [
    '<li class="row-{i}" data-i="{i}">Row {i}: {{@n}} items</li>',
    '<li :if={{@show}} id="r{i}">"Shown {i}" <b>{{@n + {i}}}</b></li>',
    '<li :for={{item in @items.iter()}}>{{item}} #{i}</li>',
    '<li class={{["a", ("b", @show)]}}>Static text number {i}</li>',
    '<li><span title="t{i}">{{@n}}</span> and more text {i}</li>',
]
lines = ["            " + kinds[i % 5].format(i=i) for i in range(500)]
open(f"{work}/small.rs", "w").write(head + "        html! { <p>MARK {@n}</p> }\n    }\n}\n")
open(f"{work}/big.rs", "w").write(head + "        html! {\n            <ul><li>MARK</li>\n" + "\n".join(lines) + "\n            </ul>\n        }\n    }\n}\n")
PY
cd "$work"
for variant in small big; do
  sed "s/MARK/warm/" "$variant.rs" > src/lib.rs
  cargo build -q ${RELEASE:+--release}
done
for i in $(seq "$runs"); do
  for variant in small big; do
    sed "s/MARK/edit-$i-$RANDOM/" "$variant.rs" > src/lib.rs
    start=$(date +%s.%N)
    cargo build -q ${RELEASE:+--release}
    end=$(date +%s.%N)
    printf '%s %.3f s\n' "$variant" "$(echo "$end - $start" | bc)"
  done
done
