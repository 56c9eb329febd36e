#!/usr/bin/env bash
# The simulated keep-alive study at cluster scale: a synthetic Azure-format day (workloads/study-trace.csv: 400
# functions, 1.5 M invocations, skewed popularity, diurnal flow, timers and bursts; see
# simulator/src/main/java/faastestbed/sim/trace/TraceGenerator.java) replayed in real time by ./simulate.sh in the
# dynamic mode, one cell per
#   scheduling  round-robin, hash-affinity, power-of-two
#   keep-alive  none, fixed-ttl:1m, fixed-ttl:10m, lru, greedy-dual, hybrid-histogram:1m (the paper's 1-minute bins
#               over 4 hours, as the replay runs in real time)
# on two clusters:
#   100 nodes  of 2 CPUs / 2048 MB (1920 MB for containers, 8 slots): 188 GB in all, 2.6 times what one container of
#              each of the 400 functions takes, so memory runs short as soon as a policy spreads a function's calls
#   1000 nodes of 4 CPUs / 8192 MB (16 slots): memory to spare
# Every function runs lognormal:200:1 (median 200 ms) and starts as fib-native does on the local cluster
# (workloads/study-calibration.csv: its pulls and inits); images are absent when a cell starts.
#
# Per scale, in results/study-sim-<nodes>/:
#   summary.txt   the sweep over the whole day (or STUDY_MINUTES), summary only (--no-rows): cold-start %, idle GB·s,
#                 p50, p99 per cell, integrated exactly by the simulator
#   metrics.csv, pool.csv and ./generate-plots.sh's charts and metrics_table.txt (cold_vs_idle_memory.png is the
#                 Pareto chart) from a second, short replay (STUDY_CHART_MINUTES, from an empty cluster): the plot
#                 generator reads every row into memory, and a day of 18 cells would be 27 M rows; its idle memory is
#                 estimated from pool samples every STUDY_POOL_INTERVAL
# The trace, the workload config and the calibration are generated (seeded) when absent.
#
# Environment: STUDY_SCALES (default "100 1000"), STUDY_MINUTES (default: the whole day, e.g. 481-720),
# STUDY_CHART_MINUTES (default 481-519: 08:00-08:39, 35 900 calls; empty: no charts), STUDY_POOL_INTERVAL (default
# 300s), STUDY_POLICIES, STUDY_KEEP_ALIVES, STUDY_SERVICE, STUDY_SEED (of the trace; default 2020).
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  "") ;;
  -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  *) printf 'error: unknown argument: %s (settings come from the environment; see --help)\n' "$1" >&2; exit 2 ;;
esac
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

JAR=simulator/target/simulator.jar
TRACE=workloads/study-trace.csv
CONFIG=workloads/study-sim.properties
CALIBRATION=workloads/study-calibration.csv
FUNCTIONS=400
TOTAL=1500000
SEED="${STUDY_SEED:-2020}"
SCALES="${STUDY_SCALES:-100 1000}"
MINUTES="${STUDY_MINUTES:-}"
CHART_MINUTES="${STUDY_CHART_MINUTES-481-519}"
POOL_INTERVAL="${STUDY_POOL_INTERVAL:-300s}"
POLICIES="${STUDY_POLICIES:-round-robin,hash-affinity,power-of-two}"
KEEP_ALIVES="${STUDY_KEEP_ALIVES:-none,fixed-ttl:1m,fixed-ttl:10m,lru,greedy-dual,hybrid-histogram:1m}"
SERVICE="${STUDY_SERVICE:-lognormal:200:1}"

command -v java >/dev/null 2>&1 || die "java not found (Java 17 or later is needed)"

# Node sizes per scale: nodes, CPUs, memory (MB), slots.
cluster() {
  case "$1" in
    100)  echo "--nodes 100 --node-cpus 2 --node-memory 2048 --node-slots 8" ;;
    1000) echo "--nodes 1000 --node-cpus 4 --node-memory 8192 --node-slots 16" ;;
    *)    die "no node sizes for a scale of $1 nodes (known: 100, 1000)" ;;
  esac
}
for n in $SCALES; do cluster "$n" >/dev/null; done

if [ ! -f "$JAR" ]; then
  command -v mvn >/dev/null 2>&1 || die "mvn not found; it is needed to build the simulator"
  log "building the simulator ..."
  mvn -B -q -DskipTests -pl simulator -am install || die "building the simulator failed"
fi

if [ ! -f "$TRACE" ] || [ ! -f "$CONFIG" ] || [ ! -f "$CALIBRATION" ]; then
  log "generating $TRACE, $CONFIG and $CALIBRATION ($FUNCTIONS functions, $TOTAL invocations, seed $SEED)"
  java -cp "$JAR" faastestbed.sim.trace.TraceGenerator "$TRACE" "$FUNCTIONS" "$TOTAL" "$SEED" \
      --properties "$CONFIG" --calibration "$CALIBRATION" || die "generating the study's workload failed"
fi

# What every cell of both passes shares.
common=(--config "$CONFIG" --calibration "$CALIBRATION" --mode dynamic --workload trace --time-compression 1
        --service "$SERVICE" --policy "$POLICIES" --keep-alive "$KEEP_ALIVES")

clock() { printf '%d:%02d' $(($1 / 60)) $(($1 % 60)); }

declare -A elapsed
for n in $SCALES; do
  dir="results/study-sim-$n"
  # shellcheck disable=SC2046  # cluster's words are separate options
  set -- $(cluster "$n")
  log "scale $n nodes ($*) -> $dir"
  if [ -e "$dir" ]; then
    log "removing the previous $dir"
    rm -rf "$dir"
  fi
  mkdir -p "$dir"
  start=$SECONDS

  log "sweep: ${MINUTES:-the whole day}, summary only"
  ./simulate.sh "$@" "${common[@]}" ${MINUTES:+--trace-minutes "$MINUTES"} --no-rows --results "$dir" \
      --run-id "study-sim-$n" | tee "$dir/summary.txt" || die "the sweep on $n nodes failed"

  if [ -n "$CHART_MINUTES" ]; then
    log "charts: minutes $CHART_MINUTES with rows and pool samples every $POOL_INTERVAL"
    ./simulate.sh "$@" "${common[@]}" --trace-minutes "$CHART_MINUTES" --pool-interval "$POOL_INTERVAL" \
        --no-progress --results "$dir" --run-id "study-sim-$n-charts" > "$dir/charts-run.txt" \
        || die "the chart replay on $n nodes failed (see $dir/charts-run.txt)"
    # The plot generator holds every row and pool sample in memory; the default heap (a quarter of RAM) may not do.
    JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:--Xmx8g}" ./generate-plots.sh --results "$dir" > "$dir/plots.log" 2>&1 \
        || die "./generate-plots.sh --results $dir failed (see $dir/plots.log)"
    [ -f "$dir/cold_vs_idle_memory.png" ] || log "warning: no $dir/cold_vs_idle_memory.png (see $dir/plots.log)"
  fi
  elapsed[$n]=$((SECONDS - start))
  log "scale $n nodes done in $(clock "${elapsed[$n]}") (min:s)"
done

echo
echo "elapsed per scale (min:s):"
for n in $SCALES; do
  printf '  %5d nodes  %s   results/study-sim-%d/summary.txt%s\n' "$n" "$(clock "${elapsed[$n]}")" "$n" \
      "$([ -n "$CHART_MINUTES" ] && echo ", cold_vs_idle_memory.png, metrics_table.txt")"
done
