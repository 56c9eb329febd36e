# Shared helpers for the project's scripts. Source it; do not run it.
# shellcheck shell=bash

PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
IMAGE_PREFIX="${IMAGE_PREFIX:-faas-testbed}"
BASE_IMAGE="${BASE_IMAGE:-debian:bookworm-slim}"
STATE_DIR="${STATE_DIR:-$PROJECT_ROOT/.testbed}"

log()  { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die()  { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root to run: $* (install it yourself or rerun as root)"
  fi
}

compose() {
  if command -v docker-compose >/dev/null 2>&1; then
    docker-compose -f "$PROJECT_ROOT/docker-compose.yml" "$@"
  elif docker compose version >/dev/null 2>&1; then
    docker compose -f "$PROJECT_ROOT/docker-compose.yml" "$@"
  else
    die "no docker-compose found (run scripts/bootstrap.sh)"
  fi
}
