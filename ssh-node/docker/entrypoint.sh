#!/bin/bash
# Boots an ssh-node: own cgroup namespace, writable cgroup tree, a memory- and pids-bounded cgroup for function
# containers, network isolation of its containers (in place before the nested dockerd starts), the engine, then sshd
# in the background while this script (PID 1) supervises both: a dead or hung dockerd is restarted, a dead sshd ends
# the container.
# Works without --privileged given SYS_ADMIN, NET_ADMIN and a few more (see docker-compose.yml).
set -euo pipefail

log() { echo "ssh-node: $*" >&2; }

STATE_DIR=/run/ssh-node
ENGINE_FILE=$STATE_DIR/engine              # "up" or "down", readable by the login user (node-metrics reads it)
RESTARTS_FILE=$STATE_DIR/engine-restarts   # how often the supervisor restarted dockerd
FUNCTIONS_CGROUP=functions                 # every container of the nested engine lives below this cgroup
RESERVE_MB="${NODE_ENGINE_RESERVE_MB:-96}" # node memory kept out of the functions' reach (dockerd, sshd, sessions)
case "$RESERVE_MB" in ''|*[!0-9]*) log "NODE_ENGINE_RESERVE_MB=$RESERVE_MB is not a number: 96"; RESERVE_MB=96 ;; esac
PIDS_MAX="${NODE_FUNCTION_PIDS_MAX:-1024}" # tasks (processes and threads) all function containers together may have
case "$PIDS_MAX" in max) ;; ''|*[!0-9]*|0) log "NODE_FUNCTION_PIDS_MAX=$PIDS_MAX is not a positive number: 1024"; PIDS_MAX=1024 ;; esac
HANG_RESTART_S="${NODE_ENGINE_HANG_RESTART_S:-30}" # an engine that answers no ping for this long is killed
case "$HANG_RESTART_S" in ''|*[!0-9]*|0) log "NODE_ENGINE_HANG_RESTART_S=$HANG_RESTART_S is not a positive number: 30"; HANG_RESTART_S=30 ;; esac

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

# 2b. Fork bombs. Without a task limit one function can fork until the kernel's pid space (or the host's) runs out,
#     and then neither sshd can accept a login nor dockerd start a process. pids.max on the functions' cgroup caps
#     every function container together (a per-container --pids-limit, the caller's business, keeps one function
#     from taking all of it); dockerd, sshd and sessions live outside it and keep forking.
setup_functions_pids() {
  local dir
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    dir=/sys/fs/cgroup/$FUNCTIONS_CGROUP   # v2: mount_cgroups enabled every controller for the children
  else
    dir=/sys/fs/cgroup/pids/$FUNCTIONS_CGROUP
  fi
  mkdir -p "$dir" 2>/dev/null || true
  if [ ! -f "$dir/pids.max" ]; then
    log "no pids controller for /$FUNCTIONS_CGROUP: function containers may fork without bound"
  elif echo "$PIDS_MAX" > "$dir/pids.max"; then
    log "function containers: cgroup /$FUNCTIONS_CGROUP, pids limit $PIDS_MAX"
  else
    log "could not set the pids limit of /$FUNCTIONS_CGROUP"
  fi
}

# 3. Function containers reach nothing outside themselves: neither the node (its sshd, its addresses), nor the
#    cluster network (registry, other nodes, the gateway), nor each other. Replies to connections the node opened
#    (sshd's direct-tcpip channels to a container's handler port) stay allowed.
#    The rules go in before dockerd starts: /var/lib/docker outlives the node container, and dockerd restarts
#    containers with a restart policy (warm ones) while it starts, before it answers; without the rules they would
#    have an open network for that moment. dockerd keeps an existing DOCKER-USER chain and its rules (it only appends
#    a RETURN and moves its FORWARD jump to the top) and never touches INPUT or our own chains. This runs again after
#    every engine restart and then only puts back what is missing: it never flushes, so running containers never
#    meet an empty chain.
apply_isolation() {
  apply_rules iptables icmp-port-unreachable
  apply_rules ip6tables icmp6-port-unreachable 2>/dev/null || true   # IPv6 is usually off in the node anyway
}

apply_rules() {
  local ipt=$1 reject=$2 chain bridge
  for chain in NODE-ISOLATION-IN NODE-ISOLATION-FWD; do
    # Filled only when created, so a re-run cannot append a rule behind the REJECTs.
    "$ipt" -N "$chain" 2>/dev/null || continue
    "$ipt" -A "$chain" -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN
    "$ipt" -A "$chain" -p tcp -j REJECT --reject-with tcp-reset   # a refused connect fails at once, not by timeout
    "$ipt" -A "$chain" -j REJECT --reject-with "$reject"
  done
  "$ipt" -N DOCKER-USER 2>/dev/null || true
  # docker0 and every bridge dockerd creates later for a user-defined network (br-<id>): the wildcard matches
  # bridges that do not exist yet.
  for bridge in docker0 br-+; do
    # INPUT: the node itself (its sshd on every address); dockerd adds no rule there.
    "$ipt" -C INPUT -i "$bridge" -j NODE-ISOLATION-IN 2>/dev/null \
      || "$ipt" -I INPUT 1 -i "$bridge" -j NODE-ISOLATION-IN
    # Forwarded: everything beyond the node, and container to container.
    "$ipt" -C DOCKER-USER -i "$bridge" -j NODE-ISOLATION-FWD 2>/dev/null \
      || "$ipt" -I DOCKER-USER 1 -i "$bridge" -j NODE-ISOLATION-FWD
  done
  # dockerd puts this jump in itself, but only once its network controller is up: containers it restarts may be
  # running by then. Before the first start nothing else is in FORWARD, so this is where forwarded packets go.
  "$ipt" -C FORWARD -j DOCKER-USER 2>/dev/null || "$ipt" -I FORWARD 1 -j DOCKER-USER
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

# While an engine starts: `docker info` answers once it has restored its containers and networks. The timeout keeps
# the supervisor (and its sshd check) going when the engine hangs right there.
engine_answers() { timeout 10 docker info >/dev/null 2>&1; }

# While it runs: a process that is alive is not an engine that answers (stopped, deadlocked, stuck on a mount).
# GET /_ping over the socket with perl's builtins (perl-base is part of every Debian system): ~4 ms of CPU against
# ~60 ms for any docker CLI command, which matters every few seconds on a 0.5-CPU node. The alarm ends it when the
# engine takes the connection but never answers (the socket's backlog accepts even for a stopped dockerd).
PING='$SIG{ALRM} = sub { exit 3 }; alarm shift; socket(S, 1, 1, 0) && connect(S, pack("Sa*x", 1, "/var/run/docker.sock")) or exit 2;
  syswrite(S, "GET /_ping HTTP/1.0\r\n\r\n") or exit 2; sysread(S, $r, 32) or exit 2; exit($r =~ m{^HTTP/1\.[01] 200 } ? 0 : 1)'
engine_pings() { perl -e "$PING" "$PROBE_TIMEOUT_S" 2>/dev/null; }
PROBE_EVERY_MS=3000   # one ping per 3 s while it answers; every tick (1 s) after one failed
PROBE_TIMEOUT_S=3

mount_cgroups
mount -o remount,rw /proc/sys 2>/dev/null || true
setup_functions_cgroup
setup_functions_pids

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
apply_isolation
log "network isolation in place: starting dockerd"
start_engine
for _ in $(seq 1 120); do
  engine_answers && break
  sleep 0.25
done
engine_answers || { tail -20 /var/log/dockerd.log >&2; log "nested dockerd failed to start"; exit 1; }
apply_isolation   # puts back what dockerd's start might have taken (it should have taken nothing)
engine_state up
touch /run/ssh-node.ready
log "ready (dockerd $(docker version --format '{{.Server.Version}}'), cgroup $(stat -fc %T /sys/fs/cgroup))"

# 7. sshd in the background, supervision in the foreground. A check per second with builtins only (kill -0 and
#    a read timeout), a ping of the engine every 3 s (engine_pings); `docker info` runs only while a restarted
#    engine comes up. Two pings without an answer in a row make the engine "down" (one could be a busy moment on
#    a saturated node; the gateway stops scheduling onto a down node), an answer makes it "up" again, and an engine
#    that answers nothing for NODE_ENGINE_HANG_RESTART_S is killed so that the dead-engine path starts a new one
#    (live-restore keeps the containers).
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
misses=0        # pings in a row the running engine did not answer
hung_since=0    # when the first of them started
next_probe=0
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
      [ "$misses" -ge 2 ] && down_since=$hung_since   # killed for hanging: down since then
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
    misses=0
    continue
  fi
  if [ "$starting" -eq 1 ]; then
    if engine_answers; then
      apply_isolation || log "could not re-apply the network isolation"
      engine_state up
      starting=0
      now_ms
      log "dockerd up again (pid $ENGINE_PID) $(( NOW_MS - down_since )) ms after it was found dead or hung (restart $restarts)"
      next_probe=$(( NOW_MS + PROBE_EVERY_MS ))
    else
      now_ms
      if [ $(( NOW_MS - started_at )) -gt 60000 ]; then
        log "restarted dockerd does not answer after 60 s: killing it"
        kill -KILL "$ENGINE_PID" 2>/dev/null || true
      fi
    fi
    continue
  fi
  now_ms
  [ "$NOW_MS" -lt "$next_probe" ] && continue
  if engine_pings; then
    now_ms
    if [ "$misses" -ge 2 ]; then
      engine_state up
      log "dockerd (pid $ENGINE_PID) answers again after $(( NOW_MS - hung_since )) ms without an answer"
    fi
    misses=0
    next_probe=$(( NOW_MS + PROBE_EVERY_MS ))
    continue
  fi
  [ "$misses" -eq 0 ] && hung_since=$NOW_MS
  misses=$(( misses + 1 ))
  next_probe=0
  now_ms
  if [ "$misses" -eq 2 ]; then
    engine_state down
    log "dockerd (pid $ENGINE_PID) is alive but answered no ping for $(( NOW_MS - hung_since )) ms: engine down"
  fi
  if [ "$misses" -ge 2 ] && [ $(( NOW_MS - hung_since )) -ge $(( HANG_RESTART_S * 1000 )) ]; then
    log "dockerd (pid $ENGINE_PID) answered nothing for $(( NOW_MS - hung_since )) ms: killing it"
    kill -KILL "$ENGINE_PID" 2>/dev/null || true
  fi
done
