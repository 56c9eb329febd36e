#!/bin/bash
# Boots an ssh-node: own cgroup namespace, writable cgroup tree, nested dockerd, then sshd in the foreground.
# Works without --privileged given SYS_ADMIN, NET_ADMIN and friends (see docker-compose.yml).
set -euo pipefail

log() { echo "ssh-node: $*" >&2; }

# 1. Nested containers must land inside this node's cgroup, or they escape its CPU/memory limit.
#    Compose 1.29 cannot ask for a private cgroup namespace, so take one ourselves.
if [ -z "${SSH_NODE_UNSHARED:-}" ] && ! grep -qE '^0::/$' /proc/self/cgroup \
   && grep -qvE ':/$' /proc/self/cgroup; then
  export SSH_NODE_UNSHARED=1
  exec unshare --cgroup -- "$0" "$@"
fi

mount_cgroups() {
  mount -o remount,rw /sys/fs/cgroup 2>/dev/null || true
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    # cgroup v2: a fresh unified mount of our namespace root, then move ourselves into a leaf so that
    # controllers can be enabled for the children dockerd creates (as the docker:dind entrypoint does).
    umount /sys/fs/cgroup 2>/dev/null || true
    mount -t cgroup2 -o nsdelegate cgroup2 /sys/fs/cgroup 2>/dev/null || mount -t cgroup2 cgroup2 /sys/fs/cgroup
    mkdir -p /sys/fs/cgroup/init
    xargs -rn1 < /sys/fs/cgroup/cgroup.procs > /sys/fs/cgroup/init/cgroup.procs 2>/dev/null || true
    sed -e 's/ / +/g' -e 's/^/+/' < /sys/fs/cgroup/cgroup.controllers > /sys/fs/cgroup/cgroup.subtree_control || true
    return
  fi
  # cgroup v1: remount every controller so the hierarchy we see is rooted at our own cgroup.
  local dir name opts
  for dir in /sys/fs/cgroup/*; do
    [ -d "$dir" ] || continue
    [ -L "$dir" ] && continue
    name=$(basename "$dir")
    mountpoint -q "$dir" || continue
    case "$name" in
      systemd) opts="none,name=systemd"; fstype=cgroup ;;
      unified) opts=""; fstype=cgroup2 ;;
      *)       opts="$name"; fstype=cgroup ;;
    esac
    umount "$dir" 2>/dev/null || continue
    if [ -n "$opts" ]; then mount -t "$fstype" -o "$opts" cgroup "$dir"; else mount -t "$fstype" cgroup "$dir"; fi \
      || log "could not remount cgroup $name"
  done
}

mount_cgroups
mount -o remount,rw /proc/sys 2>/dev/null || true

# 2. Trust the private registry (plain HTTP inside the cluster network).
registries="${NODE_INSECURE_REGISTRIES:-registry:5000}"
json=$(printf '"%s",' ${registries//,/ }); json="[${json%,}]"
cat > /etc/docker/daemon.json <<JSON
{"insecure-registries": $json, "log-driver": "json-file", "log-opts": {"max-size": "5m"}}
JSON

# 3. Credentials: keys from the environment or a mounted file; password from the environment.
[ -n "${NODE_PASSWORD:-}" ] && echo "sshuser:${NODE_PASSWORD}" | chpasswd
if [ -n "${NODE_AUTHORIZED_KEYS:-}" ]; then
  printf '%s\n' "$NODE_AUTHORIZED_KEYS" > /etc/ssh-node/authorized_keys
fi
[ -f /etc/ssh-node/authorized_keys ] && chmod 0644 /etc/ssh-node/authorized_keys
# Unique host keys per node, so the gateway's host-key pinning means something.
ssh-keygen -A >/dev/null

# 4. The nested engine.
rm -f /var/run/docker.pid /run/ssh-node.ready
dockerd --host=unix:///var/run/docker.sock >/var/log/dockerd.log 2>&1 &
for _ in $(seq 1 120); do
  docker info >/dev/null 2>&1 && break
  sleep 0.25
done
docker info >/dev/null 2>&1 || { tail -20 /var/log/dockerd.log >&2; log "nested dockerd failed to start"; exit 1; }
touch /run/ssh-node.ready
log "ready (dockerd $(docker version --format '{{.Server.Version}}'), cgroup $(stat -fc %T /sys/fs/cgroup))"
mkdir -p /run/sshd && chmod 0755 /run/sshd
exec /usr/sbin/sshd -D -e
