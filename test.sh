#!/usr/bin/env bash
# The project's test command. On a fresh machine it installs and starts what it needs (Docker engine,
# docker-compose, base image), builds the images, runs every Maven test (unit, Quarkus API, Testcontainers
# tests against real nodes and a real registry), then an end-to-end smoke of ./start.sh with a tiny workload.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/lib.sh

log "== bootstrap"
scripts/bootstrap.sh --browser
log "== build (jars, then images: the gateway image wraps the gateway jar)"
mvn -B -q -DskipTests install
scripts/build-images.sh
log "== tests"
mvn -B verify
log "== end-to-end smoke of ./start.sh"
scripts/smoke-test.sh
