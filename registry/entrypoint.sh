#!/bin/bash
# Runs the two sides of the registry on one storage:
#   :5000  anonymous, read-only  - nodes pull registry:5000/<fn>:latest from here
#   :5001  htpasswd (bcrypt)     - the only place pushes are accepted; user REGISTRY_PUSH_USER (default pusher),
#                                  password REGISTRY_PUSH_PASSWORD, both read at start and never stored in the image
# The container exits as soon as either process ends, so a half-working registry never stays up.
set -euo pipefail

user="${REGISTRY_PUSH_USER:-pusher}"
password="${REGISTRY_PUSH_PASSWORD:-}"
unset REGISTRY_PUSH_PASSWORD # the registry processes do not need it in their environment
if [ -z "$password" ]; then
  echo "registry: REGISTRY_PUSH_PASSWORD is empty; refusing to start (pushes would need a password nobody has)" >&2
  exit 64
fi
case "$user" in *:*|"") echo "registry: REGISTRY_PUSH_USER must be non-empty and without ':'" >&2; exit 64 ;; esac

mkdir -p /run/registry
umask 077
# -i: the password comes from stdin, so it never shows up in a process list. -C 4, bcrypt's lowest cost: the
# registry checks the hash on every request (a push makes dozens); at cost 10 that made a 1.5 MB push take 2.5 s
# instead of 0.3 s. The cost only slows guessing from a stolen hash, and the hash never leaves the container.
printf '%s' "$password" | htpasswd -niB -C 4 "$user" > /run/registry/htpasswd.new 2>/dev/null \
  || { echo "registry: htpasswd failed" >&2; exit 1; }
mv /run/registry/htpasswd.new /run/registry/htpasswd
password=

docker-registry serve /etc/docker-registry/config-pull.yml &
pull=$!
docker-registry serve /etc/docker-registry/config-push.yml &
push=$!

stop() { kill -TERM "$pull" "$push" 2>/dev/null || true; wait "$pull" "$push" 2>/dev/null || true; exit 143; }
trap stop TERM INT

status=0
wait -n "$pull" "$push" || status=$?
if kill -0 "$pull" 2>/dev/null; then which=push; else which=pull; fi
echo "registry: the $which side exited (status $status); stopping the container" >&2
kill -TERM "$pull" "$push" 2>/dev/null || true
wait "$pull" "$push" 2>/dev/null || true
exit $(( status == 0 ? 1 : status ))
