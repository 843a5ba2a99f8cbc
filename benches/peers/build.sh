#!/usr/bin/env bash
# Builds the peers of the load benchmarks (outside the workspace, each with its own lock file)
# into target/peers, where `load` looks for them. Long: the dioxus-liveview tree is ~200 crates.
#
#   benches/peers/build.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
target_dir="${CARGO_TARGET_DIR:-$(pwd)/target}"
cargo build --release --manifest-path benches/peers/dioxus/Cargo.toml --target-dir "$target_dir/peers"
