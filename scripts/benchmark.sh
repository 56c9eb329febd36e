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

# The simulator at scale: 1 000 000 Poisson calls on 1 000 nodes in the dynamic mode, heap capped at 2 GB, once per
# policy without rows (the simulation alone) and once with every row written (metrics.csv + pool.csv).
mvn -B -q -DskipTests install -pl policy-spi,client,simulator
SIM_DIR="$STATE_DIR/sim-benchmark"
rm -rf "$SIM_DIR"
sim_bench() {
  local start end
  start=$(date +%s%N)
  SIM_JAVA_OPTS="-Xmx2g" ./simulate.sh --nodes 1000 --node-cpus 4 --node-memory 8192 --mode dynamic \
      --workload poisson --rate 5000 --count 1000000 --max-in-flight 100000 --service exponential:100 \
      --functions fib-python,fib-native,echo,noop --start-images cached --no-progress --results "$SIM_DIR" "$@" \
    | grep -E 'calls \(' || die "simulator benchmark failed"
  end=$(date +%s%N)
  printf '  (%s: %d ms wall with JVM start)\n' "$*" $(( (end - start) / 1000000 ))
}
echo "simulator, 1 000 000 calls on 1 000 nodes (Poisson 5000/s, dynamic, fixed-ttl), -Xmx2g:"
for policy in round-robin hash-affinity power-of-two; do
  sim_bench --policy "$policy" --no-rows
done
sim_bench --policy hash-affinity
ls -l "$SIM_DIR"
