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
./start.sh --down >/dev/null 2>&1 || true

rows=$( [ -f "$OUT/metrics.csv" ] && tail -n +2 "$OUT/metrics.csv" | grep -c . || echo 0)
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
