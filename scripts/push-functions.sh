#!/usr/bin/env bash
# Pushes every function image (functions/*) to the cluster's private registry, where nodes pull it from.
# functions/runtime holds the shared runtime sources, not an image: skipped.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

REGISTRY="${REGISTRY:-127.0.0.1:${REGISTRY_PORT:-5000}}"
for _ in $(seq 1 60); do
  curl -fsS "http://$REGISTRY/v2/" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "http://$REGISTRY/v2/" >/dev/null 2>&1 || die "registry at $REGISTRY is not answering"

for dir in "$PROJECT_ROOT"/functions/*/; do
  fn=$(basename "$dir")
  [ "$fn" != runtime ] && [ -f "$dir/Dockerfile" ] || continue
  docker tag "$IMAGE_PREFIX/$fn:latest" "$REGISTRY/$fn:latest"
  docker push -q "$REGISTRY/$fn:latest" >/dev/null 2>"$STATE_DIR/push.log" \
    || { cat "$STATE_DIR/push.log" >&2; die "push of $fn to $REGISTRY failed"; }
  log "pushed $fn to the registry (nodes pull registry:5000/$fn:latest)"
done
