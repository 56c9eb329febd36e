#!/usr/bin/env bash
# Makes a bare Debian-like machine ready: a running Docker engine, docker-compose and the base image; with --browser
# also the headless browser the dashboard's test drives (./test.sh asks for it; ./start.sh needs none).
# Idempotent: every step checks first and reuses what is already there. Fails fast with one line.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

DOCKERD_LOG="${DOCKERD_LOG:-/var/log/faas-testbed-dockerd.log}"
APT_UPDATED=0

apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "cannot install $* automatically: no apt-get on this machine; install it and rerun"
  if [ "$APT_UPDATED" -eq 0 ]; then
    log "apt-get update"
    as_root apt-get update -qq >/dev/null || die "apt-get update failed"
    APT_UPDATED=1
  fi
  log "installing $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null \
    || die "apt-get install $* failed"
}

ensure_engine() {
  if timeout 20 docker info >/dev/null 2>&1; then
    log "docker engine: running ($(docker version --format '{{.Server.Version}}' 2>/dev/null))"
    return
  fi
  command -v docker >/dev/null 2>&1 && command -v dockerd >/dev/null 2>&1 || apt_install docker.io
  if ! pgrep -x dockerd >/dev/null 2>&1; then
    # An engine that was killed (or a machine restored from a snapshot) leaves pid files behind; when that pid is
    # reused, dockerd believes its containerd still runs and times out waiting for it.
    pgrep -x containerd >/dev/null 2>&1 || as_root rm -f /var/run/docker.pid /var/run/docker/containerd/containerd.pid
    log "starting dockerd (log: $DOCKERD_LOG)"
    as_root bash -c "nohup setsid dockerd >'$DOCKERD_LOG' 2>&1 </dev/null &"
  fi
  for _ in $(seq 1 60); do
    timeout 5 docker info >/dev/null 2>&1 && { log "docker engine: started"; return; }
    sleep 0.5
  done
  die "dockerd did not become ready within 30 s (see $DOCKERD_LOG)"
}

ensure_compose() {
  if command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1; then
    log "docker-compose: present"
    return
  fi
  apt_install docker-compose
}

debian_mirror() {
  # The machine's own apt source, so the base image comes from the same mirror the host already trusts.
  local uri
  uri=$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -1 || true)
  [ -n "$uri" ] || uri=$(grep -hsE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
                         | grep -v security | awk '{print $2}' | head -1 || true)
  [ -n "$uri" ] || die "cannot find a Debian mirror in the apt sources to build $BASE_IMAGE"
  echo "$uri"
}

ensure_base_image() {
  if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    log "base image $BASE_IMAGE: present"
    return
  fi
  log "pulling $BASE_IMAGE"
  if timeout 120 docker pull -q "$BASE_IMAGE" >/dev/null 2>&1; then
    log "base image $BASE_IMAGE: pulled"
    return
  fi
  log "no registry reachable: building $BASE_IMAGE with debootstrap (about a minute)"
  command -v debootstrap >/dev/null 2>&1 || apt_install debootstrap
  local suite="${BASE_IMAGE#debian:}"; suite="${suite%-slim}"
  local mirror rootfs
  mirror=$(debian_mirror)
  rootfs=$(mktemp -d)
  trap 'as_root rm -rf "$rootfs"' RETURN
  as_root debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$rootfs.log" 2>&1 \
    || { tail -5 "$rootfs.log" >&2; die "debootstrap of $suite from $mirror failed"; }
  # Same trims the official slim image applies, so layers built on it stay small.
  as_root rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/usr/share/doc/* \
                 "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/*
  as_root tar -C "$rootfs" -c . | docker import -c 'CMD ["bash"]' - "$BASE_IMAGE" >/dev/null \
    || die "docker import of the debootstrap tree failed"
  rm -f "$rootfs.log"
  log "base image $BASE_IMAGE: built ($(docker image inspect -f '{{.Size}}' "$BASE_IMAGE" | awk '{printf "%d MB", $1/1e6}'))"
}

ensure_browser() {
  # Debian's own chromium and its driver, at matching versions: the dashboard test never downloads a browser.
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    log "chromium + chromedriver: present"
    return
  fi
  apt_install chromium chromium-driver
}

WITH_BROWSER=0
for arg in "$@"; do
  case "$arg" in
    --browser) WITH_BROWSER=1 ;;
    *) die "unknown option $arg (known: --browser)" ;;
  esac
done

ensure_engine
ensure_compose
ensure_base_image
[ "$WITH_BROWSER" -eq 0 ] || ensure_browser
