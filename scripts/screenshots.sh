#!/usr/bin/env bash
# Takes a PNG of every example (docs/screenshots/<name>.png, plus <name>-dark.png for a few) in
# headless Chromium, so the pictures in README.md show the examples as they are today.
#   scripts/screenshots.sh            # every example
#   scripts/screenshots.sh chat keys  # only these
# Needs /usr/bin/chromium and client/node_modules (npm ci in client/). Each example runs on
# 127.0.0.1 on its own port for the time of its picture.
set -euo pipefail
cd "$(dirname "$0")/.."

# name, package, path
EXAMPLES=(
  "counter counter /"
  "clock clock /"
  "thermostat thermostat /thermostat/garden"
  "chat chat /"
  "navigation navigation /"
  "async async-demo /"
  "signup signup /"
  "keys keys /"
  "js js-demo /"
  "hooks hooks /"
  "nested nested /"
  "contacts contacts /"
  "presence presence /"
  "components components /"
  "feed feed /"
  "uploads uploads /"
  "wizard wizard /"
)
DARK=" chat contacts signup "

wanted=" $* "
out=docs/screenshots
mkdir -p "$out"
packages=()
for entry in "${EXAMPLES[@]}"; do
  read -r name package _ <<<"$entry"
  if [ $# -eq 0 ] || [[ "$wanted" == *" $name "* ]]; then packages+=(-p "$package"); fi
done
cargo build "${packages[@]}"
target=$(cargo metadata --format-version 1 --no-deps |
  node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).target_directory))')

port=4170
for entry in "${EXAMPLES[@]}"; do
  read -r name package path <<<"$entry"
  if [ $# -gt 0 ] && [[ "$wanted" != *" $name "* ]]; then continue; fi
  port=$((port + 1))
  db="$(mktemp -u)"
  PORT=$port RUST_LOG=warn DATABASE_PATH="$db" "$target/debug/$package" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
    sleep 0.1
  done
  node scripts/screenshots.mjs "$name" "http://127.0.0.1:$port$path" "$out/$name.png" light || echo "failed: $name"
  if [[ "$DARK" == *" $name "* ]]; then
    node scripts/screenshots.mjs "$name" "http://127.0.0.1:$port$path" "$out/$name-dark.png" dark || echo "failed: $name (dark)"
  fi
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$db"
done
