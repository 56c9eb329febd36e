#!/usr/bin/env bash
# Builds the project's images: ssh-node, registry, prometheus and every function under functions/.
# Docker's layer cache makes reruns take seconds.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# build TAG CONTEXT [DOCKERFILE]  (the Dockerfile defaults to CONTEXT/Dockerfile)
build() {
  local tag="$1" dir="$2" file="${3:-$2/Dockerfile}" t0
  t0=$(date +%s)
  docker build -q -t "$tag" -f "$file" "$dir" >/dev/null 2>"$STATE_DIR/build.log" \
    || { tail -20 "$STATE_DIR/build.log" >&2; die "docker build of $tag from $dir failed"; }
  log "image $tag ready ($(( $(date +%s) - t0 )) s, $(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.1f MB", $1/1e6}'))"
}

mkdir -p "$STATE_DIR"
build "$IMAGE_PREFIX/ssh-node:latest" "$PROJECT_ROOT/ssh-node/docker"
build "$IMAGE_PREFIX/registry:latest" "$PROJECT_ROOT/registry"
build "$IMAGE_PREFIX/prometheus:latest" "$PROJECT_ROOT/prometheus"
# Every function is built with functions/ itself as the context, so its Dockerfile can copy the shared runtimes
# (functions/runtime: the Python runtime and the watchdog; not an image of its own). functions/base is the image
# functions deployed from source start from (POST /functions/deploy).
for dir in "$PROJECT_ROOT"/functions/*/; do
  fn=$(basename "$dir")
  [ "$fn" != runtime ] && [ -f "$dir/Dockerfile" ] || continue
  build "$IMAGE_PREFIX/$fn:latest" "$PROJECT_ROOT/functions" "$PROJECT_ROOT/functions/$fn/Dockerfile"
done
# The gateway image wraps the jar Maven built; skipped when it has not been built yet.
if [ -d "$PROJECT_ROOT/api-gateway/target/quarkus-app" ]; then
  build "$IMAGE_PREFIX/api-gateway:latest" "$PROJECT_ROOT/api-gateway"
fi
