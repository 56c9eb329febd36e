#!/usr/bin/env bash
# The discrete-event simulator: the gateway's policies and container pool on simulated nodes.
# ./simulate.sh --help lists every option. Builds the simulator the first time (or with --build).
set -euo pipefail
cd "$(dirname "$0")"

JAR=simulator/target/simulator.jar
if [ "${1:-}" = "--build" ]; then
  shift
  rm -f "$JAR"
fi
if [ ! -f "$JAR" ]; then
  echo "building the simulator ..." >&2
  mvn -B -q -DskipTests -pl simulator -am install >&2
fi
# 2 GB of heap holds a million-call cell with its rows; SIM_JAVA_OPTS overrides it.
exec java ${SIM_JAVA_OPTS:--Xmx2g} -jar "$JAR" "$@"
