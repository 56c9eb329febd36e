#!/usr/bin/env bash
# Empties results/ (metrics CSVs, charts, tables) before a fresh experiment; keeps results/.gitkeep.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RESULTS="$ROOT/results"

usage() {
  cat <<'USAGE'
usage: clean-metrics.sh [--dry-run] [--help]
Removes everything in the project's results/ directory except results/.gitkeep,
printing each removed entry.
  --dry-run  only print what would be removed
  --help     show this help and exit
USAGE
}

dry_run=false
for arg in "$@"; do
  case "$arg" in
    --dry-run|-n) dry_run=true ;;
    --help|-h) usage; exit 0 ;;
    *) printf 'error: unknown option: %s\n' "$arg" >&2; usage >&2; exit 2 ;;
  esac
done

if [ ! -d "$RESULTS" ]; then
  echo "results/ does not exist; nothing to remove"
  exit 0
fi

count=0
while IFS= read -r -d '' entry; do
  name="results/${entry#"$RESULTS"/}"
  if $dry_run; then
    echo "would remove $name"
  else
    rm -rf -- "$entry"
    echo "removed $name"
  fi
  count=$((count + 1))
done < <(find "$RESULTS" -mindepth 1 -maxdepth 1 ! -name .gitkeep -print0 | sort -z)

if [ "$count" -eq 0 ]; then
  echo "results/ is already empty"
elif $dry_run; then
  echo "$count entr$([ "$count" -eq 1 ] && echo y || echo ies) would be removed (dry run; nothing deleted)"
else
  echo "removed $count entr$([ "$count" -eq 1 ] && echo y || echo ies) from results/"
fi
