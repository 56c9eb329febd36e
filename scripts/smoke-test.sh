#!/usr/bin/env bash
# End-to-end smoke: a tiny ./start.sh session into a scratch results dir, then checks what it left there.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$PROJECT_ROOT"

OUT="$STATE_DIR/smoke-results"
rm -rf "$OUT"
mkdir -p "$OUT"
passed=0; failed=0
check() {
  local what="$1"; shift
  if "$@"; then passed=$((passed + 1)); log "ok: $what"; else failed=$((failed + 1)); log "FAILED: $what"; fi
}

status=0
RESULTS_DIR="$OUT" ./start.sh --no-build --policy round-robin,least-used --mode cold,warmed --cycles 1 || status=$?

# The platform on the compose cluster: the API wants the admin token; a folder deploys, builds on a node, and runs.
GW="http://127.0.0.1:${GATEWAY_PORT:-8000}"
code=$(curl -s -o /dev/null -w '%{http_code}' "$GW/nodes" || echo 000)
check "the API refuses a request without a token (401, was $code)" [ "$code" = 401 ]
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(cat "$STATE_DIR/admin-token")" "$GW/nodes" || echo 000)
check "the admin token opens it (200, was $code)" [ "$code" = 200 ]
SRC="$STATE_DIR/smoke-deploy"
rm -rf "$SRC" && mkdir -p "$SRC"
printf 'def handle(body):\n    return b"deployed " + body\n' >"$SRC/handler.py"
check "client deploy builds, pushes and registers a folder" \
  java -jar client/target/client.jar deploy "$SRC" --name smoke-deployed --gateway "$GW"
printf 'ok' >"$SRC/payload"
out=$(java -jar client/target/client.jar invoke smoke-deployed --payload "$SRC/payload" --gateway "$GW" 2>&1 || true)
check "the deployed function answers" grep -q '"output" *: *"deployed ok"' <<<"$out"

PROM="http://127.0.0.1:${PROMETHEUS_PORT:-9090}"
up=""
for _ in $(seq 1 30); do
  up=$(curl -s "$PROM/api/v1/targets" | grep -o '"health":"up"' || true)
  [ -n "$up" ] && break
  sleep 1
done
check "Prometheus scrapes the gateway" [ -n "$up" ]
check "Prometheus has the alert rules" bash -c "curl -s '$PROM/api/v1/rules' | grep -q NodeDown"
check "the gateway's /q/metrics counts the session's invocations" \
  bash -c "curl -s '$GW/q/metrics' | grep -q '^testbed_invocations_total{.*function=\"fib-native\"'"

./start.sh --down >/dev/null 2>&1 || true

# The session's rows (the deployed function's call below adds one of its own)
rows=$( [ -f "$OUT/metrics.csv" ] && tail -n +2 "$OUT/metrics.csv" | grep -c '^fib-' || echo 0)
# 2 policies x 2 modes x 1 cycle x 2 functions
check "start.sh exited 0 (was $status)" [ "$status" -eq 0 ]
check "metrics.csv has 8 rows (has $rows)" [ "$rows" -eq 8 ]
check "every row is ok" bash -c "! tail -n +2 '$OUT/metrics.csv' | grep -qvE ',ok,'"
check "metrics_table.txt written" test -s "$OUT/metrics_table.txt"
for fn in fib-python fib-native; do
  for kind in bar box; do
    f="$OUT/${fn}_${kind}.png"
    check "$f is a non-empty PNG" bash -c "[ -s '$f' ] && head -c 8 '$f' | od -An -tx1 | grep -q '89 50 4e 47'"
  done
done
echo "smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
