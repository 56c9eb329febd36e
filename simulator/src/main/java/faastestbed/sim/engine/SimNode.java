package faastestbed.sim.engine;

import faastestbed.common.model.ExecutionMode;
import faastestbed.policy.keepalive.ContainerView;
import faastestbed.policy.keepalive.FunctionUsage;
import faastestbed.policy.keepalive.PoolView;
import faastestbed.policy.keepalive.UsageMap;
import faastestbed.policy.scheduling.FunctionState;
import faastestbed.policy.scheduling.NodeView;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One simulated node: its slots and queue (the gateway's admission), its cores shared among running calls, its
 * container pool and image cache. State only; {@link Simulation} moves it.
 *
 * <p>CPU: a call's run time is work measured alone on a node of the same size; {@code k} calls running at once each
 * progress at {@code min(1, cpus/k) / min(1, cpus)} of that speed (processor sharing). The node keeps a virtual time
 * that advances at that rate, so a call finishes when the virtual time reaches its start plus its work, and only the
 * earliest such finish needs an event.
 */
final class SimNode {
    final String name;
    final int index;
    final double cpus;
    final long memoryMb;
    final long capacityMb;
    final int slots;
    final int queueCapacity;
    final NodeView.Capacity capacity;

    int running;
    int inFlight;
    final ArrayDeque<Call> queue = new ArrayDeque<>();
    final ArrayDeque<Call> waiters = new ArrayDeque<>();
    /** Waiting calls per function (by index). */
    final int[] waitersOf;
    final List<SimContainer> containers = new ArrayList<>();
    long usedMb;
    final Set<String> images = new HashSet<>();
    final Map<String, Long> pulling = new HashMap<>();
    long containerSeq;

    // Per function (by FunctionModel.index): what the pool has seen, as the gateway's FunctionUsage.
    final long[] invocations;
    final long[] lastArrival;
    final long[] lastEnd;
    final long[] starts;
    final double[] startCostSum;
    final long[] prewarmToken;
    /** The arrival the last pre-warm of each function was scheduled for (-2: none). */
    final long[] prewarmedFor;

    final boolean[] seen;
    /** The functions this node has seen, in the order it saw them: pool views and samples walk these only. */
    int[] seenList = new int[4];
    int seenCount;

    // Shared cores: the calls running now, each with the work it has left (alone-speed nanoseconds).
    private final List<Call> jobs = new ArrayList<>();
    private long lastUpdate;
    /** When the node's pending CPU event fires; -1 when none is pending. */
    long cpuEventAt = -1;

    // Views: rebuilt only after the node changed.
    long version;
    private final NodeView[] viewCache;
    private final long[] viewVersion;

    SimNode(String name, int index, double cpus, long memoryMb, long capacityMb, int slots, int queueCapacity,
            int functions) {
        this.name = name;
        this.index = index;
        this.cpus = cpus;
        this.memoryMb = memoryMb;
        this.capacityMb = capacityMb;
        this.slots = slots;
        this.queueCapacity = queueCapacity;
        this.capacity = new NodeView.Capacity(cpus, capacityMb, slots, queueCapacity);
        invocations = new long[functions];
        waitersOf = new int[functions];
        lastArrival = new long[functions];
        java.util.Arrays.fill(lastArrival, -1);
        lastEnd = new long[functions];
        java.util.Arrays.fill(lastEnd, -1);
        starts = new long[functions];
        startCostSum = new double[functions];
        prewarmToken = new long[functions];
        prewarmedFor = new long[functions];
        java.util.Arrays.fill(prewarmedFor, -2);
        seen = new boolean[functions];
        viewCache = new NodeView[functions];
        viewVersion = new long[functions];
        java.util.Arrays.fill(viewVersion, -1);
    }

    void see(int function) {
        if (!seen[function]) {
            seen[function] = true;
            if (seenCount == seenList.length) {
                seenList = java.util.Arrays.copyOf(seenList, seenCount * 2);
            }
            seenList[seenCount++] = function;
        }
    }

    void changed() {
        version++;
    }

    // ---- CPU ----

    /**
     * The speed of a call (a fraction of its speed alone) while {@code k} calls share the node: processor sharing,
     * {@code min(1, cpus/k) / min(1, cpus)}, times the function's sharing efficiency when the share is below its
     * speed alone (1: lossless sharing; less: sharing costs, as CFS quota throttling does on real nodes).
     */
    private double speed(Call c, int k) {
        if (k <= 1) {
            return 1;
        }
        double alone = Math.min(1.0, cpus);
        double fair = Math.min(1.0, cpus / k) / alone;
        return fair < 1 ? fair * c.function.contention() : fair;
    }

    private void advance(long now) {
        long dt = now - lastUpdate;
        if (dt > 0) {
            int k = jobs.size();
            for (Call c : jobs) {
                c.workLeft -= dt * speed(c, k);
            }
        }
        lastUpdate = now;
    }

    /** Starts a call's run of {@code workNanos}; returns the time of the node's next finish. */
    long addJob(Call c, long workNanos, long now) {
        advance(now);
        c.workLeft = workNanos;
        jobs.add(c);
        return nextFinish(now);
    }

    /** The calls whose work is done at {@code now}, removed, in the order they started. */
    List<Call> finished(long now) {
        advance(now);
        List<Call> done = null;
        for (var it = jobs.iterator(); it.hasNext(); ) {
            Call c = it.next();
            // Half a nanosecond of slack: finishes are scheduled at rounded-up instants.
            if (c.workLeft <= 0.5) {
                it.remove();
                if (done == null) {
                    done = new ArrayList<>(1);
                }
                done.add(c);
            }
        }
        return done == null ? List.of() : done;
    }

    /** When the earliest running call finishes at the current speeds; -1 when none runs. */
    long nextFinish(long now) {
        int k = jobs.size();
        double best = Double.POSITIVE_INFINITY;
        for (Call c : jobs) {
            best = Math.min(best, Math.max(0, c.workLeft) / speed(c, k));
        }
        return k == 0 ? -1 : now + (long) Math.ceil(best);
    }

    double cpuPercent() {
        return cpus <= 0 ? 0 : 100.0 * Math.min(jobs.size(), cpus) / cpus;
    }

    double ramPercent() {
        return memoryMb <= 0 ? 0 : 100.0 * usedMb / memoryMb;
    }

    // ---- pool ----

    long freeMb() {
        return capacityMb - usedMb;
    }

    int count(int function) {
        int n = 0;
        for (SimContainer c : containers) {
            if (c.function.index() == function) {
                n++;
            }
        }
        return n;
    }

    int idleCount(int function) {
        int n = 0;
        for (SimContainer c : containers) {
            if (c.function.index() == function && c.idle()) {
                n++;
            }
        }
        return n;
    }

    SimContainer find(String id) {
        for (SimContainer c : containers) {
            if (c.id.equals(id)) {
                return c;
            }
        }
        throw new IllegalStateException("no container " + id + " on " + name);
    }

    PoolView poolView(long now, Instant epoch, List<FunctionModel> functions, Map<String, FunctionModel> byName) {
        List<ContainerView> views = new ArrayList<>(containers.size());
        for (SimContainer c : containers) {
            views.add(c.view(epoch));
        }
        Map<String, FunctionUsage> usage = new LiveUsage(epoch, functions, byName);
        return new PoolView(name, epoch.plusNanos(now), capacityMb, views, usage);
    }

    /**
     * The pool's usage per function, read from the node's arrays when a policy asks for one function: with hundreds
     * of functions on a node, a copied map would cost more than the decision. Valid while the decision runs.
     */
    private final class LiveUsage extends UsageMap {
        private final Instant epoch;
        private final List<FunctionModel> functions;
        private final Map<String, FunctionModel> byName;

        LiveUsage(Instant epoch, List<FunctionModel> functions, Map<String, FunctionModel> byName) {
            this.epoch = epoch;
            this.functions = functions;
            this.byName = byName;
        }

        @Override
        public FunctionUsage get(Object key) {
            FunctionModel f = byName.get(key);
            return f == null ? null : usageOf(f);
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        private FunctionUsage usageOf(FunctionModel f) {
            int i = f.index();
            if (invocations[i] == 0 && starts[i] == 0) {
                return null;
            }
            return new FunctionUsage(f.name(), f.demand().memoryMb(), invocations[i],
                    lastArrival[i] < 0 ? null : epoch.plusNanos(lastArrival[i]),
                    starts[i] == 0 ? Double.NaN : startCostSum[i] / starts[i]);
        }

        @Override
        public Set<Entry<String, FunctionUsage>> entrySet() {
            Map<String, FunctionUsage> all = new java.util.TreeMap<>();
            for (int s = 0; s < seenCount; s++) {
                FunctionModel f = functions.get(seenList[s]);
                FunctionUsage u = usageOf(f);
                if (u != null) {
                    all.put(f.name(), u);
                }
            }
            return java.util.Collections.unmodifiableMap(all).entrySet();
        }
    }

    /** What a scheduling policy sees of this node for one function, as the gateway's PoolService builds it. */
    NodeView view(FunctionModel f, ExecutionMode mode) {
        int i = f.index();
        if (viewVersion[i] == version) {
            return viewCache[i];
        }
        NodeView v;
        if (mode != ExecutionMode.DYNAMIC) {
            FunctionState state = switch (mode) {
                case COLD -> FunctionState.ABSENT;
                case PRE_WARMED -> FunctionState.IMAGE_PRESENT;
                default -> FunctionState.CONTAINER_RUNNING;
            };
            v = new NodeView(name, cpuPercent(), ramPercent(), inFlight, true, state, capacity,
                    new NodeView.Occupancy(running, queue.size(), -1, 0, 0, 0));
        } else {
            int free = 0;
            int mine = 0;
            boolean ready = false;
            long idleMb = 0;
            for (SimContainer c : containers) {
                if (c.idle()) {
                    idleMb += c.memoryMb();
                }
                if (c.function.index() == i) {
                    mine++;
                    ready |= c.ready;
                    if (c.hasFreeSlot()) {
                        free++;
                    }
                }
            }
            FunctionState state = ready ? FunctionState.CONTAINER_RUNNING
                    : images.contains(f.image()) ? FunctionState.IMAGE_PRESENT : FunctionState.ABSENT;
            v = new NodeView(name, cpuPercent(), ramPercent(), inFlight, true, state, capacity,
                    new NodeView.Occupancy(running, queue.size() + waiters.size(), freeMb(), idleMb, free, mine - free));
        }
        viewCache[i] = v;
        viewVersion[i] = version;
        return v;
    }
}
