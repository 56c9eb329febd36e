#!/usr/bin/env bash
# The project's test command. On a fresh machine it installs and starts what it needs (Docker engine,
# docker-compose, base image), builds the images, runs every Maven test (unit, Quarkus API, Testcontainers
# tests against real nodes and a real registry), then an end-to-end smoke of ./start.sh with a tiny workload.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/lib.sh

log "== bootstrap"
scripts/bootstrap.sh --browser
log "== images the tests run (nodes, registry, Prometheus, functions)"
scripts/build-images.sh
log "== build and tests (every module built once, then tested)"
mvn -B verify
log "== the gateway image, from the jar just built and tested"
scripts/build-images.sh
log "== end-to-end smoke of ./start.sh"
scripts/smoke-test.sh
