#!/usr/bin/env bash
# Charts and a statistics table from the metrics CSVs: builds the plot generator when its jar is missing or
# older than its sources, then runs it. Works from any directory.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$ROOT/plot-generator/target/plot-generator.jar"

usage() {
  cat <<'USAGE'
usage: generate-plots.sh [--results DIR] [--out DIR] [--help]
Builds plot-generator (Maven) if needed, then reads every *.csv in DIR and writes
<function>_bar|box|cdf|timeline.png, invocations_per_node.png and metrics_table.txt.
  --results DIR  directory with the metrics CSVs (default: results/ of the project)
  --out DIR      where to write charts and table (default: the results directory)
  --help         show this help and exit
Relative paths are taken from the current directory.
Exit codes: 0 done, 1 nothing to plot or build failed, 2 bad arguments.
USAGE
}

bad() { printf 'error: %s\n' "$1" >&2; usage >&2; exit 2; }

# Check the flags here too, so a typo fails at once instead of after a Maven build.
have_results=false
args=("$@")
i=0
while [ "$i" -lt "${#args[@]}" ]; do
  case "${args[$i]}" in
    --help|-h) usage; exit 0 ;;
    --results|--out)
      [ $((i + 1)) -lt "${#args[@]}" ] && [ -n "${args[$((i + 1))]}" ] && [[ "${args[$((i + 1))]}" != --* ]] \
        || bad "${args[$i]} needs a directory"
      [ "${args[$i]}" = --results ] && have_results=true
      i=$((i + 2)) ;;
    --results=?*) have_results=true; i=$((i + 1)) ;;
    --out=?*) i=$((i + 1)) ;;
    *) bad "unknown option: ${args[$i]}" ;;
  esac
done
# Without --results the project's results/ is meant, wherever the script is called from.
$have_results || set -- --results "$ROOT/results" "$@"

command -v java >/dev/null 2>&1 || { echo "error: java not found (Java 17 or later is needed)" >&2; exit 1; }

stale() {
  [ -f "$JAR" ] || return 0
  [ -n "$(find "$ROOT/pom.xml" "$ROOT/common/pom.xml" "$ROOT/common/src/main" \
            "$ROOT/plot-generator/pom.xml" "$ROOT/plot-generator/src/main" \
            -newer "$JAR" -print -quit 2>/dev/null)" ]
}

if stale; then
  command -v mvn >/dev/null 2>&1 || { echo "error: mvn not found; it is needed to build plot-generator" >&2; exit 1; }
  echo "building plot-generator ..." >&2
  (cd "$ROOT" && mvn -B -q -Dstyle.color=never -pl plot-generator -am package -DskipTests) \
    || { echo "error: building plot-generator failed" >&2; exit 1; }
fi

exec java -Djava.awt.headless=true -jar "$JAR" "$@"
