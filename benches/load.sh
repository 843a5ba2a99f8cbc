#!/usr/bin/env bash
# The system benchmarks of issue 17 in one table: builds the load driver and the bench server
# (release), then runs `load all`, which spawns a fresh bench_server per measurement on
# 127.0.0.1 and prints a Markdown table (see benches/src/bin/load/main.rs).
#
#   benches/load.sh            # the table: idle views at 1,000 and 10,000, one client,
#                              # 10,000 views at 5,000 events/s, table vs counter, GET /counter,
#                              # and the dioxus-liveview peer when benches/peers/build.sh built it
#   benches/load.sh peer --views 10000 --clients 64   # live and the peer side by side
#   benches/load.sh soak       # the soak run (10 min, 5,000 views among hostile clients)
#   benches/load.sh idle --views 2000 --workers 4    # any scenario and options of `load`
#
# Both processes raise their open-file limit to the hard limit themselves; `ulimit -n` here
# does the same for anything else the shell starts. 10,000 views need ~10,000 descriptors in
# each process.
set -euo pipefail
cd "$(dirname "$0")/.."
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
cargo build --release -p live-benches --bins
# Where cargo put them (CARGO_TARGET_DIR, a `[build] target-dir`, or ./target).
target_dir="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
if [ "$#" -eq 0 ]; then
    set -- all
fi
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), open files $(ulimit -n) (hard $(ulimit -Hn))"
exec "$target_dir/release/load" "$@"
