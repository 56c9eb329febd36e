#!/usr/bin/env bash
# The keep-alive study (thesis-notes.md, 4.8): a replay of the Azure-format trace in workloads/ (minutes 481-720,
# the morning ramp, compressed 120x: two minutes per cell) in the dynamic mode, one cell per
#   keep-alive  none, fixed-ttl:5s (10 trace minutes), fixed-ttl:60s (2 trace hours), lru, greedy-dual,
#               hybrid-histogram:500ms (one trace minute per bin, 4 trace hours of range, as in the paper)
#   scheduling  round-robin, hash-affinity, least-used
# on the local cluster, with 192 MB of each node's 512 MB for function containers so that memory runs short and the
# eviction order matters, and every image cached at the start of a cell so that cold starts are container starts.
# Extra arguments go to start.sh (e.g. --results DIR, --no-build).
set -euo pipefail
cd "$(dirname "$0")/.."
export TESTBED_NODE_MEMORY_RESERVE_MB="${TESTBED_NODE_MEMORY_RESERVE_MB:-320}"
export TESTBED_DYNAMIC_START_IMAGES="${TESTBED_DYNAMIC_START_IMAGES:-cached}"
exec ./start.sh --mode dynamic --policy round-robin,hash-affinity,least-used \
    --keep-alive none,fixed-ttl:5s,fixed-ttl:60s,lru,greedy-dual,hybrid-histogram:500ms \
    --functions echo,noop,fib-native,fib-python --workload trace "$@" \
    -- --trace-minutes 481-720 --time-compression 120
