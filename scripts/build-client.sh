#!/usr/bin/env bash
# Rebuilds the client bundle that live-server embeds, live-server/assets/live.js, from client/
# (the pinned phoenix and phoenix_live_view packages plus client/src/app.js) with esbuild.
# Needs Node.js >= 20 and npm; installs client/node_modules from the lockfile when missing.
# The output is byte-identical from run to run, so CI rebuilds it and fails on any difference.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d client/node_modules/phoenix_live_view ] || [ ! -d client/node_modules/esbuild ]; then
  (cd client && npm ci --no-audit --no-fund)
fi
node client/build.mjs live-server/assets/live.js
echo "built live-server/assets/live.js ($(wc -c < live-server/assets/live.js) bytes)"
