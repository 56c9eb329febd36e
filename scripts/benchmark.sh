#!/usr/bin/env bash
# Benchmarks (print numbers, assert none): policy decision time at 1 000 nodes, gateway vs direct-SSH latency
# per mode on a real node, and warm calls through the resident handler vs docker exec (noop, echo 1 KB / 1 MB), the
# channel alone kept vs fresh, and sustained warm throughput on 4 nodes. Needs the images (scripts/build-images.sh). N per mode: BENCH_N (default 30).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$PROJECT_ROOT"
mvn -B -q -DskipTests install -pl common,ssh-node
rm -f api-gateway/target/surefire-reports/*Benchmark-output.txt
mvn -B -q -pl api-gateway test -Dgroups=benchmark -Dtestbed.excluded.groups=none -Dbench.n="${BENCH_N:-30}" \
    -Dtest='*Benchmark' -Dsurefire.failIfNoSpecifiedTests=false >"$STATE_DIR/benchmark.log" 2>&1 \
  || { tail -30 "$STATE_DIR/benchmark.log" >&2; die "benchmark run failed (log: $STATE_DIR/benchmark.log)"; }
# The numbers are what the benchmarks print; drop the framework's log lines around them.
cat api-gateway/target/surefire-reports/*Benchmark-output.txt | grep -vE '^[0-9]{4}-[0-9]{2}-[0-9]{2} |^\s*$|^__|^ --/|^ -/|^--/' || true
