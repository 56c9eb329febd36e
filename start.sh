#!/usr/bin/env bash
# One full, reproducible testbed session:
#   bootstrap -> build -> clean leftovers -> cluster up -> register + workload -> plots -> summary.
# The cluster stays up afterwards so a rerun is quick; ./start.sh --down stops it.
set -euo pipefail
source "$(dirname "$0")/scripts/lib.sh"
cd "$PROJECT_ROOT"

usage() {
  cat <<'USAGE'
Usage: ./start.sh [options]

Runs a full session on the local cluster (registry + 4 ssh-nodes + gateway) and leaves
metrics.csv, metrics_table.txt and charts in results/. Rows of earlier runs are kept, so
runs with different policies, modes, keep-alives or paths are compared side by side in the
same charts.

Options (each also settable by the environment variable in brackets):
  --policy NAMES       scheduling policies, comma-separated           [TESTBED_POLICY]
                       round-robin, least-used, most-used, warmed-first, hash-affinity,
                       power-of-two (default: workload.properties)
  --mode NAMES         execution modes, comma-separated: cold, pre-warmed, warmed, dynamic
                       (dynamic: containers started on demand per node, kept or evicted
                       by a keep-alive policy)                        [TESTBED_MODE]
  --keep-alive LIST    keep-alive policies of the dynamic mode, comma-separated, one cell
                       each: none, fixed-ttl, lru, greedy-dual, hybrid-histogram, with an
                       optional argument after a colon (fixed-ttl:30s). Cells of the static
                       modes run once. Implies --mode dynamic unless --mode is given.
                                                                      [TESTBED_KEEP_ALIVES]
  --path NAMES         invocation paths, comma-separated: handler (through the function's
                       resident handler), exec (docker run/exec per invocation)
                                                                      [TESTBED_PATHS]
  --functions NAMES    functions to register and invoke, comma-separated, as defined
                       in workload.properties (default: fib-python,fib-native)
                                                                      [TESTBED_FUNCTIONS]
  --payload FILE       send FILE's bytes as every invocation's body   [TESTBED_PAYLOAD]
                       (relative to the project root)
  --payload-sizes LIST one cell per payload size, e.g. 0,1K,1M (K = 1024, seeded random bytes)
                                                                      [TESTBED_PAYLOAD_SIZES]
  --cycles N           passes over the function list per cell         [TESTBED_CYCLES]
  --concurrency N      concurrent clients (switches to the closed-loop workload when > 1)
                                                                      [TESTBED_CONCURRENCY]
  --workload KIND      sequential | closed | poisson | trace          [TESTBED_WORKLOAD]
  --results DIR        where metrics and charts go (default: results) [RESULTS_DIR]
  --no-build           reuse the jars and images built last time
  --no-prometheus      leave Prometheus out (by default it scrapes the gateway and evaluates
                       the alert rules; UI at http://127.0.0.1:9090)  [TESTBED_PROMETHEUS=0]
  --keep-state         keep the gateway's state from the last session (.testbed/state: nodes,
                       functions, settings, queued asynchronous calls); without it every
                       session starts with an empty gateway               [TESTBED_KEEP_STATE=1]
  --down               stop the cluster (keeps results/ and the gateway's state) and exit
  -h, --help           this text
  -- CLIENT OPTIONS    everything after -- goes to the client as it is, e.g.
                       -- --trace-minutes 481-720 --time-compression 120 --seed 7

Node sizes: NODE1_CPUS .. NODE4_CPUS (default 0.5) and NODE1_MEMORY .. NODE4_MEMORY (default 512m).
Gateway start settings passed through when set: TESTBED_KEEP_ALIVE, TESTBED_NODE_MEMORY_RESERVE_MB (memory of a
node kept from function containers, default 128), TESTBED_DYNAMIC_START_IMAGES (absent | cached).

Other settings (function definitions and their memory and pool sizes, work sizes, rates,
trace) live in workload.properties.
USAGE
}

POLICY="${TESTBED_POLICY:-}"
MODE="${TESTBED_MODE:-}"
KEEP_ALIVES="${TESTBED_KEEP_ALIVES:-}"
INVOCATION_PATH="${TESTBED_PATHS:-}"
FUNCTIONS="${TESTBED_FUNCTIONS:-}"
PAYLOAD="${TESTBED_PAYLOAD:-}"
PAYLOAD_SIZES="${TESTBED_PAYLOAD_SIZES:-}"
CYCLES="${TESTBED_CYCLES:-}"
CONCURRENCY="${TESTBED_CONCURRENCY:-}"
WORKLOAD="${TESTBED_WORKLOAD:-}"
RESULTS_DIR="${RESULTS_DIR:-results}"
BUILD=1
PROMETHEUS="${TESTBED_PROMETHEUS:-1}"
KEEP_STATE="${TESTBED_KEEP_STATE:-0}"
EXTRA_CLIENT_ARGS=()

need_value() { [ $# -ge 2 ] && [ -n "$2" ] || { echo "error: $1 needs a value (see ./start.sh --help)" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
  case "$1" in
    --policy|--policies) need_value "$@"; POLICY="$2"; shift 2 ;;
    --mode|--modes)      need_value "$@"; MODE="$2"; shift 2 ;;
    --keep-alive|--keep-alives) need_value "$@"; KEEP_ALIVES="$2"; shift 2 ;;
    --path|--paths)      need_value "$@"; INVOCATION_PATH="$2"; shift 2 ;;
    --functions)         need_value "$@"; FUNCTIONS="$2"; shift 2 ;;
    --payload)           need_value "$@"; PAYLOAD="$2"; shift 2 ;;
    --payload-sizes)     need_value "$@"; PAYLOAD_SIZES="$2"; shift 2 ;;
    --cycles)            need_value "$@"; CYCLES="$2"; shift 2 ;;
    --concurrency)       need_value "$@"; CONCURRENCY="$2"; shift 2 ;;
    --workload)          need_value "$@"; WORKLOAD="$2"; shift 2 ;;
    --results)           need_value "$@"; RESULTS_DIR="$2"; shift 2 ;;
    --no-build)          BUILD=0; shift ;;
    --no-prometheus)     PROMETHEUS=0; shift ;;
    --keep-state)        KEEP_STATE=1; shift ;;
    --down)
      if command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1; then
        compose --profile gateway --profile prometheus down --volumes --remove-orphans
        log "cluster stopped; results and the gateway's state (.testbed/state) are kept"
      fi
      exit 0 ;;
    -h|--help) usage; exit 0 ;;
    --) shift; EXTRA_CLIENT_ARGS=("$@"); break ;;
    *) echo "error: unknown option '$1' (see ./start.sh --help)" >&2; exit 2 ;;
  esac
done

is_count() { [[ "$1" =~ ^[1-9][0-9]*$ ]]; }
[ -z "$CYCLES" ] || is_count "$CYCLES" || { echo "error: --cycles must be a positive integer, got '$CYCLES'" >&2; exit 2; }
[ -z "$CONCURRENCY" ] || is_count "$CONCURRENCY" || { echo "error: --concurrency must be a positive integer, got '$CONCURRENCY'" >&2; exit 2; }
for m in ${MODE//,/ }; do
  case "$m" in cold|pre-warmed|warmed|dynamic) ;; *) echo "error: unknown mode '$m' (cold, pre-warmed, warmed, dynamic)" >&2; exit 2 ;; esac
done
# Names are the gateway's to check (it lists them in GET /config); only the shape is checked here.
for k in ${KEEP_ALIVES//,/ }; do
  [[ "$k" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*(:[A-Za-z0-9._:+-]+)?$ ]] || { echo "error: --keep-alive: expected NAME or NAME:ARGUMENT (e.g. lru, fixed-ttl:30s), got '$k'" >&2; exit 2; }
done
# --keep-alive means the dynamic mode unless modes are named; named without it, the keep-alives would go unused.
if [ -n "$KEEP_ALIVES" ] && [ -z "$MODE" ]; then MODE=dynamic; fi
if [ -n "$KEEP_ALIVES" ] && [[ ",${MODE// /}," != *,dynamic,* ]]; then
  echo "error: --keep-alive applies to the dynamic mode, but --mode is '$MODE'" >&2; exit 2
fi
for p in ${INVOCATION_PATH//,/ }; do
  case "$p" in handler|exec) ;; *) echo "error: unknown path '$p' (handler, exec)" >&2; exit 2 ;; esac
done
for s in ${PAYLOAD_SIZES//,/ }; do
  [[ "$s" =~ ^[0-9]+[KkMm]?$ ]] || { echo "error: --payload-sizes: expected sizes such as 0,1K,1M, got '$s'" >&2; exit 2; }
done
if [ -n "$PAYLOAD" ] && [ -n "$PAYLOAD_SIZES" ]; then
  echo "error: --payload and --payload-sizes exclude each other: send one file, or sweep sizes" >&2; exit 2
fi
# Checked now rather than after the build and cluster start-up; the client runs in the project root too.
[ -z "$PAYLOAD" ] || { [ -f "$PAYLOAD" ] && [ -r "$PAYLOAD" ]; } || { echo "error: --payload: no readable file '$PAYLOAD' (relative to the project root)" >&2; exit 2; }
# --concurrency means the closed-loop workload unless another one is named.
if [ -n "$CONCURRENCY" ] && [ -z "$WORKLOAD" ]; then WORKLOAD=closed; fi

T0=$(date +%s)
mkdir -p "$STATE_DIR" "$RESULTS_DIR"
RESULTS_DIR="$(cd "$RESULTS_DIR" && pwd)"
export RESULTS_DIR HOST_UID="$(id -u)" HOST_GID="$(id -g)"

log "1/7 machine: docker engine, docker-compose, base image"
"$PROJECT_ROOT/scripts/bootstrap.sh"

if [ "$BUILD" -eq 1 ] || [ ! -f client/target/client.jar ]; then
  log "2/7 build: maven (jars) and images"
  mvn -B -q -DskipTests package >"$STATE_DIR/maven.log" 2>&1 || { tail -30 "$STATE_DIR/maven.log" >&2; die "maven build failed (log: $STATE_DIR/maven.log)"; }
  "$PROJECT_ROOT/scripts/build-images.sh"
else
  log "2/7 build: skipped (--no-build)"
fi

# The gateway logs in with this key; nodes trust it through NODE_AUTHORIZED_KEYS.
KEY="$STATE_DIR/ssh/id_ed25519"
if [ ! -f "$KEY" ]; then
  mkdir -p "$STATE_DIR/ssh"
  ssh-keygen -q -t ed25519 -N '' -C faas-testbed -f "$KEY" 2>/dev/null \
    || docker run --rm -v "$STATE_DIR/ssh:/out" --entrypoint ssh-keygen "$IMAGE_PREFIX/ssh-node:latest" -q -t ed25519 -N '' -C faas-testbed -f /out/id_ed25519
  chmod 600 "$KEY"
fi
export NODE_AUTHORIZED_KEYS="$(cat "$KEY.pub")"

# Only this password can push to the registry (scripts/push-functions.sh); nodes pull without one.
REGISTRY_PASSWORD_FILE="$STATE_DIR/registry-password"
[ -s "$REGISTRY_PASSWORD_FILE" ] || (umask 077; od -An -N24 -tx1 /dev/urandom | tr -d ' \n' >"$REGISTRY_PASSWORD_FILE")
chmod 600 "$REGISTRY_PASSWORD_FILE"
export REGISTRY_PUSH_PASSWORD="$(cat "$REGISTRY_PASSWORD_FILE")" REGISTRY_PASSWORD_FILE

# The gateway's admin token: every API request needs it or a namespace's token. The client and the scripts read it
# from this file; the gateway gets the file mounted read-only, never the token in its environment.
ADMIN_TOKEN_FILE="$STATE_DIR/admin-token"
[ -s "$ADMIN_TOKEN_FILE" ] || (umask 077; od -An -N32 -tx1 /dev/urandom | tr -d ' \n' >"$ADMIN_TOKEN_FILE")
chmod 600 "$ADMIN_TOKEN_FILE"
export ADMIN_TOKEN_FILE

# The gateway keeps nodes, functions, settings and queued asynchronous calls in GATEWAY_STATE_DIR (an H2 database);
# the key that seals node credentials in it stays in GATEWAY_STATE_KEY_DIR, outside the database.
export GATEWAY_STATE_DIR="$STATE_DIR/state" GATEWAY_STATE_KEY_DIR="$STATE_DIR/state-key"
if [ "$KEEP_STATE" = 1 ]; then
  log "3/7 clean: a new gateway container on the kept state ($GATEWAY_STATE_DIR); nodes are reset by the client before each cell"
else
  log "3/7 clean: a fresh gateway (empty registries and state); nodes are reset by the client before each cell"
fi
compose --profile gateway rm -fsv gateway >/dev/null 2>&1 || true
mkdir -p "$GATEWAY_STATE_DIR" "$GATEWAY_STATE_KEY_DIR"
# Not removed: the new gateway empties the state itself, after writing the row of every asynchronous call the old
# one accepted and did not finish (the marker is read once, so a restart of this gateway keeps its state).
[ "$KEEP_STATE" = 1 ] || : > "$GATEWAY_STATE_DIR/start-fresh"
chmod 700 "$GATEWAY_STATE_KEY_DIR"

log "4/7 cluster: registry + 4 nodes + gateway"
t_up=$(date +%s)
PROFILES=(--profile gateway)
[ "$PROMETHEUS" = 1 ] && PROFILES+=(--profile prometheus)
# Without Prometheus this time: one left from an earlier session goes, so what runs is what was asked for.
[ "$PROMETHEUS" = 1 ] || compose --profile prometheus rm -fsv prometheus >/dev/null 2>&1 || true
compose "${PROFILES[@]}" up -d --remove-orphans >"$STATE_DIR/compose.log" 2>&1 || { tail -20 "$STATE_DIR/compose.log" >&2; die "docker-compose up failed"; }
wait_healthy() {
  local deadline=$(( $(date +%s) + ${1:-120} )) unhealthy
  while :; do
    unhealthy=$(for c in $(compose "${PROFILES[@]}" ps -q); do
      docker inspect -f '{{.Name}} {{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$c"
    done | grep -v ' healthy$' || true)
    [ -z "$unhealthy" ] && return 0
    [ "$(date +%s)" -ge "$deadline" ] && { echo "$unhealthy" >&2; return 1; }
    sleep 1
  done
}
wait_healthy 180 || die "cluster not healthy after 180 s (docker-compose logs shows why)"
log "cluster healthy in $(( $(date +%s) - t_up )) s"
"$PROJECT_ROOT/scripts/push-functions.sh"

log "5/7 workload"
CLIENT_ARGS=(run --config workload.properties --gateway "http://127.0.0.1:${GATEWAY_PORT:-8000}" --token-file "$ADMIN_TOKEN_FILE")
[ -n "$POLICY" ] && CLIENT_ARGS+=(--policies "$POLICY")
[ -n "$MODE" ] && CLIENT_ARGS+=(--modes "$MODE")
[ -n "$KEEP_ALIVES" ] && CLIENT_ARGS+=(--keep-alives "$KEEP_ALIVES")
[ -n "$INVOCATION_PATH" ] && CLIENT_ARGS+=(--paths "$INVOCATION_PATH")
[ -n "$FUNCTIONS" ] && CLIENT_ARGS+=(--functions "$FUNCTIONS")
[ -n "$PAYLOAD" ] && CLIENT_ARGS+=(--payload "$PAYLOAD")
[ -n "$PAYLOAD_SIZES" ] && CLIENT_ARGS+=(--payload-sizes "$PAYLOAD_SIZES")
[ -n "$CYCLES" ] && CLIENT_ARGS+=(--cycles "$CYCLES")
[ -n "$CONCURRENCY" ] && CLIENT_ARGS+=(--concurrency "$CONCURRENCY")
[ -n "$WORKLOAD" ] && CLIENT_ARGS+=(--workload "$WORKLOAD")
status=0
CLIENT_ARGS+=("${EXTRA_CLIENT_ARGS[@]}")
java -jar client/target/client.jar "${CLIENT_ARGS[@]}" || status=$?

log "6/7 plots"
"$PROJECT_ROOT/generate-plots.sh" --results "$RESULTS_DIR" || status=$(( status == 0 ? 1 : status ))

log "7/7 done in $(( $(date +%s) - T0 )) s"
echo
echo "Results in $RESULTS_DIR:"
ls -1 "$RESULTS_DIR" | sed 's/^/  /'
echo
echo "The cluster is still up (gateway: http://127.0.0.1:${GATEWAY_PORT:-8000}/q/swagger-ui), so a rerun is quick."
[ "$PROMETHEUS" = 1 ] && echo "Prometheus: http://127.0.0.1:${PROMETHEUS_PORT:-9090} (alerts: /alerts); gateway metrics: http://127.0.0.1:${GATEWAY_PORT:-8000}/q/metrics"
echo "API token (admin): $ADMIN_TOKEN_FILE, e.g. curl -H \"Authorization: Bearer \$(cat $ADMIN_TOKEN_FILE)\" http://127.0.0.1:${GATEWAY_PORT:-8000}/nodes"
echo "Stop it with: ./start.sh --down"
[ "$status" -eq 0 ] || log "some invocations failed or plotting failed (exit $status)"
exit "$status"
