#!/usr/bin/env bash
# Starts redis-server, two presence nodes and HAProxy on loopback:
#   http://127.0.0.1:4000/  balanced over the nodes on 4001 and 4002 (Redis on 6390).
# Open it in two browsers: both see each other in "Online". Kill a node (its pid is printed):
# the browsers on it reconnect through HAProxy to the other one, a half-typed note restored.
# Needs: redis-server and haproxy (apt-get install redis-server haproxy). Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")/../.."

REDIS_PORT="${REDIS_PORT:-6390}"
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

cargo build -q -p presence
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" >"$work/redis.log" &
pids+=($!)

# Every node signs with the same secret, so a page rendered by one joins on the other.
export LIVE_SECRET_KEY_BASE="${LIVE_SECRET_KEY_BASE:-cluster demo secret: at least thirty-two bytes}"
export LIVE_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/"
export LIVE_PUBLIC_ORIGIN="http://127.0.0.1:4000"
for port in 4001 4002; do
  PORT=$port "${CARGO_TARGET_DIR:-target}/debug/presence" &
  pids+=($!)
  echo "node on $port: pid $!"
done

cat >"$work/haproxy.cfg" <<CFG
global
  maxconn 4096
defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  timeout tunnel 1h
  option redispatch
  retries 2
frontend live
  bind 127.0.0.1:4000
  default_backend nodes
backend nodes
  balance roundrobin
  option httpchk GET /
  default-server inter 200ms fall 2 rise 1
  server node1 127.0.0.1:4001 check
  server node2 127.0.0.1:4002 check
CFG
/usr/sbin/haproxy -f "$work/haproxy.cfg" -db &
pids+=($!)
echo "open http://127.0.0.1:4000/ (Ctrl-C stops everything)"
wait
