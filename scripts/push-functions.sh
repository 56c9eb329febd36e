#!/usr/bin/env bash
# Pushes every function image (functions/*) to the cluster's private registry, where nodes pull it from; among them
# base, the image functions deployed from source are built on. functions/runtime holds the shared runtime sources,
# not an image: skipped.
#
# The registry takes pushes only on its push port (published on the host's 127.0.0.1, REGISTRY_PORT) and only with
# the push password: REGISTRY_PUSH_PASSWORD, else the file ./start.sh writes ($STATE_DIR/registry-password).
# Login and push use a docker config dir of their own ($STATE_DIR/docker-config): ~/.docker stays untouched.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

REGISTRY="${REGISTRY:-127.0.0.1:${REGISTRY_PORT:-5000}}"
PUSH_USER="${REGISTRY_PUSH_USER:-pusher}"
PASSWORD_FILE="$STATE_DIR/registry-password"
password="${REGISTRY_PUSH_PASSWORD:-}"
if [ -z "$password" ] && [ -r "$PASSWORD_FILE" ]; then
  password="$(cat "$PASSWORD_FILE")"
fi
[ -n "$password" ] || die "no registry push password: set REGISTRY_PUSH_PASSWORD or create $PASSWORD_FILE (./start.sh creates it and starts the registry with it)"

# The push port answers 401 to anonymous requests: any HTTP answer means it is up.
code=000
for _ in $(seq 1 60); do
  code=$(curl -sS -o /dev/null -w '%{http_code}' "http://$REGISTRY/v2/" 2>/dev/null) || code=000
  [ "$code" != 000 ] && break
  sleep 0.5
done
[ "$code" != 000 ] || die "registry at $REGISTRY is not answering"
[ "$code" = 401 ] || die "registry at $REGISTRY answered $code to an anonymous request instead of asking for the push password: an old registry image? Rebuild it (scripts/build-images.sh) and recreate the cluster (./start.sh --down, then ./start.sh)"

mkdir -p "$STATE_DIR"
DOCKER_CONFIG_DIR="$STATE_DIR/docker-config"
mkdir -p "$DOCKER_CONFIG_DIR"
chmod 700 "$DOCKER_CONFIG_DIR"
dock() { docker --config "$DOCKER_CONFIG_DIR" "$@"; }
# Logged out again however the script ends, so no credentials are left in the config dir.
trap 'dock logout "$REGISTRY" >/dev/null 2>&1 || true' EXIT

if ! printf '%s' "$password" | dock login -u "$PUSH_USER" --password-stdin "$REGISTRY" >"$STATE_DIR/push.log" 2>&1; then
  cat "$STATE_DIR/push.log" >&2
  if grep -qi unauthorized "$STATE_DIR/push.log"; then
    die "the registry at $REGISTRY refused the push password: it was started with another one than REGISTRY_PUSH_PASSWORD / $PASSWORD_FILE (recreate it: ./start.sh --down, then ./start.sh)"
  fi
  die "login to the registry at $REGISTRY failed"
fi

for dir in "$PROJECT_ROOT"/functions/*/; do
  fn=$(basename "$dir")
  [ "$fn" != runtime ] && [ -f "$dir/Dockerfile" ] || continue
  dock tag "$IMAGE_PREFIX/$fn:latest" "$REGISTRY/$fn:latest"
  dock push -q "$REGISTRY/$fn:latest" >/dev/null 2>"$STATE_DIR/push.log" \
    || { cat "$STATE_DIR/push.log" >&2; die "push of $fn to $REGISTRY failed"; }
  log "pushed $fn to the registry (nodes pull registry:5000/$fn:latest)"
done
