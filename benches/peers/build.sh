#!/usr/bin/env bash
# Builds the peers of the load benchmarks (outside the workspace, each with its own lock file)
# into target/peers, where `load` looks for them. Long: the dioxus-liveview tree is ~200 crates.
#
#   benches/peers/build.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
# The workspace's target dir (CARGO_TARGET_DIR, a `[build] target-dir`, or ./target): `load`
# looks for the peer in <target>/peers/release next to its own <target>/release.
target_dir="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
cargo build --release --manifest-path benches/peers/dioxus/Cargo.toml --target-dir "$target_dir/peers"
