#!/bin/bash
# Boots an ssh-node: own cgroup namespace, writable cgroup tree, a memory-bounded cgroup for function containers,
# the nested dockerd, network isolation of its containers, then sshd in the background while this script (PID 1)
# supervises both: a dead dockerd is restarted, a dead sshd ends the container.
# Works without --privileged given SYS_ADMIN, NET_ADMIN and a few more (see docker-compose.yml).
set -euo pipefail

log() { echo "ssh-node: $*" >&2; }

STATE_DIR=/run/ssh-node
ENGINE_FILE=$STATE_DIR/engine              # "up" or "down", readable by the login user (node-metrics reads it)
RESTARTS_FILE=$STATE_DIR/engine-restarts   # how often the supervisor restarted dockerd
FUNCTIONS_CGROUP=functions                 # every container of the nested engine lives below this cgroup
RESERVE_MB="${NODE_ENGINE_RESERVE_MB:-96}" # node memory kept out of the functions' reach (dockerd, sshd, sessions)
case "$RESERVE_MB" in ''|*[!0-9]*) log "NODE_ENGINE_RESERVE_MB=$RESERVE_MB is not a number: 96"; RESERVE_MB=96 ;; esac

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

# 2. OOM protection. A negative oom_score_adj for dockerd/sshd would need CAP_SYS_RESOURCE, which the host's
#    bounding set lacks. Instead every function container goes below one cgroup whose memory limit is the node's
#    less a reserve: when functions fill it, the kernel's OOM killer picks among them, never dockerd or sshd.
setup_functions_cgroup() {
  local k v host_mem=0 node_limit dir file
  while read -r k v _; do [ "$k" = MemTotal: ] && { host_mem=$(( v * 1024 )); break; }; done < /proc/meminfo
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    dir=/sys/fs/cgroup/$FUNCTIONS_CGROUP; file=memory.max
    read -r node_limit < /sys/fs/cgroup/memory.max || node_limit=max
  else
    dir=/sys/fs/cgroup/memory/$FUNCTIONS_CGROUP; file=memory.limit_in_bytes
    read -r node_limit < /sys/fs/cgroup/memory/memory.limit_in_bytes || node_limit=max
  fi
  [ "$node_limit" = max ] && node_limit=$host_mem
  if [ "$host_mem" -gt 0 ] && [ "$node_limit" -gt "$host_mem" ]; then node_limit=$host_mem; fi  # v1: "no limit"
  local limit=$(( node_limit - RESERVE_MB * 1024 * 1024 ))
  mkdir -p "$dir"
  if [ "$limit" -lt $(( 32 * 1024 * 1024 )) ]; then
    log "node memory $(( node_limit >> 20 )) MiB less a reserve of $RESERVE_MB MiB leaves too little: functions unbounded"
    return
  fi
  if echo "$limit" > "$dir/$file"; then
    log "function containers: cgroup /$FUNCTIONS_CGROUP, memory limit $(( limit >> 20 )) MiB (node $(( node_limit >> 20 )) MiB, reserve $RESERVE_MB MiB)"
  else
    log "could not set the memory limit of /$FUNCTIONS_CGROUP"
  fi
}

# 3. Function containers reach nothing outside themselves: neither the node (its sshd, its addresses), nor the
#    cluster network (registry, other nodes, the gateway), nor each other. Replies to connections the node opened
#    (sshd's direct-tcpip channels to a container's handler port) stay allowed. dockerd re-creates its own chains
#    on every start but keeps DOCKER-USER and never touches INPUT; this runs again after every engine restart.
apply_isolation() {
  apply_rules iptables icmp-port-unreachable
  apply_rules ip6tables icmp6-port-unreachable 2>/dev/null || true   # IPv6 is usually off in the node anyway
}

apply_rules() {
  local ipt=$1 reject=$2 chain bridge
  for chain in NODE-ISOLATION-IN NODE-ISOLATION-FWD; do
    "$ipt" -N "$chain" 2>/dev/null || "$ipt" -F "$chain"
    "$ipt" -A "$chain" -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN
    "$ipt" -A "$chain" -p tcp -j REJECT --reject-with tcp-reset
    "$ipt" -A "$chain" -j REJECT --reject-with "$reject"
  done
  "$ipt" -N DOCKER-USER 2>/dev/null || true
  for bridge in docker0 br-+; do
    "$ipt" -C INPUT -i "$bridge" -j NODE-ISOLATION-IN 2>/dev/null \
      || "$ipt" -I INPUT 1 -i "$bridge" -j NODE-ISOLATION-IN
    "$ipt" -C DOCKER-USER -i "$bridge" -j NODE-ISOLATION-FWD 2>/dev/null \
      || "$ipt" -I DOCKER-USER 1 -i "$bridge" -j NODE-ISOLATION-FWD
  done
}

engine_state() {
  printf '%s\n' "$1" > "$ENGINE_FILE.tmp" && mv -f "$ENGINE_FILE.tmp" "$ENGINE_FILE"
}

ENGINE_PID=
start_engine() {
  # A pid file left by a killed dockerd would make the new one refuse to start if the pid were reused.
  rm -f /var/run/docker.pid
  dockerd --host=unix:///var/run/docker.sock --cgroup-parent="/$FUNCTIONS_CGROUP" >>/var/log/dockerd.log 2>&1 &
  ENGINE_PID=$!
}

engine_answers() { docker info >/dev/null 2>&1; }

mount_cgroups
mount -o remount,rw /proc/sys 2>/dev/null || true
setup_functions_cgroup

# 4. Engine settings: trust the private registry (plain HTTP inside the cluster network); containers keep running
#    while the engine restarts (live-restore); no traffic between containers on the default bridge (icc).
registries="${NODE_INSECURE_REGISTRIES:-registry:5000,registry:5001}"
json=$(printf '"%s",' ${registries//,/ }); json="[${json%,}]"
cat > /etc/docker/daemon.json <<JSON
{"insecure-registries": $json, "log-driver": "json-file", "log-opts": {"max-size": "5m"},
 "live-restore": true, "icc": false}
JSON

# 5. Credentials: keys from the environment or a mounted file. No password exists unless NODE_PASSWORD gives one;
#    only then is password login switched on (seed-003 compatibility is an explicit opt-in).
SSHD_ARGS=(-D -e)
if [ -n "${NODE_PASSWORD:-}" ]; then
  echo "sshuser:${NODE_PASSWORD}" | chpasswd
  SSHD_ARGS+=(-o PasswordAuthentication=yes)
  log "password login enabled (NODE_PASSWORD)"
fi
if [ -n "${NODE_AUTHORIZED_KEYS:-}" ]; then
  printf '%s\n' "$NODE_AUTHORIZED_KEYS" > /etc/ssh-node/authorized_keys
fi
[ -f /etc/ssh-node/authorized_keys ] && chmod 0644 /etc/ssh-node/authorized_keys
# Unique host keys per node, so the gateway's host-key pinning means something.
ssh-keygen -A >/dev/null

# 6. The nested engine.
mkdir -p "$STATE_DIR" && chmod 0755 "$STATE_DIR"
echo 0 > "$RESTARTS_FILE"
engine_state down
rm -f /run/ssh-node.ready
start_engine
for _ in $(seq 1 120); do
  engine_answers && break
  sleep 0.25
done
engine_answers || { tail -20 /var/log/dockerd.log >&2; log "nested dockerd failed to start"; exit 1; }
apply_isolation
engine_state up
touch /run/ssh-node.ready
log "ready (dockerd $(docker version --format '{{.Server.Version}}'), cgroup $(stat -fc %T /sys/fs/cgroup))"

# 7. sshd in the background, supervision in the foreground. A check per second with builtins only (kill -0 and
#    a read timeout); `docker info` runs only while a restarted engine comes up.
mkdir -p /run/sshd && chmod 0755 /run/sshd
/usr/sbin/sshd "${SSHD_ARGS[@]}" &
SSHD_PID=$!

stopping=0
shutdown() {
  stopping=1
  log "stopping"
  kill -TERM "$SSHD_PID" "$ENGINE_PID" 2>/dev/null || true
  local i
  for i in $(seq 1 40); do kill -0 "$ENGINE_PID" 2>/dev/null || break; sleep 0.2; done
  exit 0
}
trap shutdown TERM INT

now_ms() { local t="${EPOCHREALTIME/[.,]/}"; NOW_MS=$(( 10#$t / 1000 )); }
restarts=0
starting=0      # 1 while a restarted engine has not answered yet
down_since=0
started_at=0
# A pipe this shell holds both ends of never delivers data nor EOF: `read -t` on it is a sleep without a fork.
exec {tick}<> <(:)
while :; do
  if [ "$starting" -eq 1 ]; then timeout=0.2; else timeout=1; fi
  read -r -t "$timeout" -u "$tick" _ || true
  [ "$stopping" -eq 1 ] && continue
  if ! kill -0 "$SSHD_PID" 2>/dev/null; then
    log "sshd exited: stopping the node"
    kill -TERM "$ENGINE_PID" 2>/dev/null || true
    exit 1
  fi
  if ! kill -0 "$ENGINE_PID" 2>/dev/null; then
    now_ms
    if [ "$starting" -eq 0 ]; then
      engine_state down
      down_since=$NOW_MS
      log "dockerd (pid $ENGINE_PID) died: restarting it"
    else
      log "restarted dockerd (pid $ENGINE_PID) died while starting: again"
      read -r -t 1 -u "$tick" _ || true   # do not spin on an engine that cannot start
    fi
    restarts=$(( restarts + 1 ))
    echo "$restarts" > "$RESTARTS_FILE"
    start_engine
    now_ms; started_at=$NOW_MS
    starting=1
    continue
  fi
  if [ "$starting" -eq 1 ]; then
    if engine_answers; then
      apply_isolation || log "could not re-apply the network isolation"
      engine_state up
      starting=0
      now_ms
      log "dockerd up again (pid $ENGINE_PID) $(( NOW_MS - down_since )) ms after it was found dead (restart $restarts)"
    else
      now_ms
      if [ $(( NOW_MS - started_at )) -gt 60000 ]; then
        log "restarted dockerd does not answer after 60 s: killing it"
        kill -KILL "$ENGINE_PID" 2>/dev/null || true
      fi
    fi
  fi
done
