package faastestbed.sim.engine;

import faastestbed.client.run.WorkloadPlan;
import faastestbed.client.workload.Arrival;
import faastestbed.common.metrics.ContainerUse;
import faastestbed.common.metrics.MetricsRecord;
import faastestbed.common.metrics.PoolSample;
import faastestbed.common.metrics.Timings;
import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationPath;
import faastestbed.common.model.InvocationStatus;
import faastestbed.common.model.Source;
import faastestbed.common.model.StartType;
import faastestbed.common.model.StateCheck;
import faastestbed.policy.keepalive.ContainerView;
import faastestbed.policy.keepalive.KeepAlivePolicy;
import faastestbed.policy.keepalive.Placement;
import faastestbed.policy.keepalive.PoolView;
import faastestbed.policy.scheduling.ClusterSnapshot;
import faastestbed.policy.scheduling.NodeView;
import faastestbed.policy.scheduling.SchedulingPolicy;
import faastestbed.sim.model.Phases;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One cell simulated: the gateway's decision path (policy over a cluster snapshot, node admission with slots and a
 * bounded queue, the dynamic pool's placement with the keep-alive policy, FIFO waiting for a container) on simulated
 * nodes, driven by the client's own workload plan. The scheduling and keep-alive policies are the very classes the
 * gateway runs; the placement within a node is {@link Placement#decide}, the gateway's own decision.
 *
 * <p>Where it departs from the gateway, on purpose: idle containers expire at the instant their keep-alive ends
 * (the gateway notices within its 250 ms tick); a function's minimum of idle containers is topped up right after a
 * change instead of at the next tick; container starts and pulls take their calibrated time whatever else the node
 * does (only runs share the cores).
 */
public final class Simulation {
    /** What a cell is: the policies, the mode, the functions and the labels its rows carry. */
    public record Cell(SchedulingPolicy policy, ExecutionMode mode, KeepAlivePolicy keepAlive, String keepAliveSpec,
                       InvocationPath path, String tag) {
        public String label() {
            return InvocationPath.label(policy.displayName(), mode, mode == ExecutionMode.DYNAMIC ? keepAliveSpec : "", path);
        }
    }

    /** Where rows and samples go; either may be null (not wanted). */
    public record Output(Consumer<MetricsRecord> rows, Consumer<PoolSample> pool, Duration poolInterval,
                         Instant epoch, String runId, Progress progress) {
    }

    /** Told now and then how far the cell has come. */
    @FunctionalInterface
    public interface Progress {
        void update(long done, long total, long simNanos, long events);
    }

    private final ClusterSpec spec;
    private final Cell cell;
    private final List<FunctionModel> functions;
    private final Map<String, FunctionModel> byName = new HashMap<>();
    private final Output out;
    private final EventLoop loop = new EventLoop();
    private final SimNode[] nodes;
    private final Instant epoch;

    private long nextCallId;
    private long done;
    private long ok;
    private long rejected;
    private double[] responses = new double[1024];
    private int responseCount;
    private final Map<StartType, Long> startTypes = new EnumMap<>(StartType.class);
    private double idleMbNanos;
    private long lastAnswer;
    private long total;

    // Workload state.
    private List<Arrival> arrivals;
    private int nextArrival;
    private List<String> order;
    private int nextInOrder;
    private int maxInFlight = Integer.MAX_VALUE;
    private int clientInFlight;
    private final ArrayDeque<Arrival> clientBacklog = new ArrayDeque<>();
    private final ArrayDeque<Runnable> pendingSends = new ArrayDeque<>();
    private boolean sending;

    public Simulation(ClusterSpec spec, Cell cell, List<FunctionModel> functions, Output out) {
        this.spec = spec;
        this.cell = cell;
        this.functions = List.copyOf(functions);
        this.functions.forEach(f -> byName.put(f.name(), f));
        this.out = out;
        this.epoch = out.epoch();
        this.nodes = new SimNode[spec.nodes()];
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = new SimNode(spec.nodeName(i), i, spec.cpus(), spec.memoryMb(), spec.capacityMb(), spec.slots(),
                    spec.queue(), functions.size());
            if (cell.mode() != ExecutionMode.DYNAMIC || spec.imagesCached()) {
                for (FunctionModel f : functions) {
                    nodes[i].images.add(f.image());
                }
            }
        }
    }

    /** Runs the workload to its last answer. */
    public CellResult run(WorkloadPlan plan) {
        long wall0 = System.nanoTime();
        cell.policy().reset();
        cell.keepAlive().reset();
        total = plan.size();
        if (cell.mode() == ExecutionMode.DYNAMIC) {
            for (SimNode n : nodes) {
                functions.forEach(f -> topUp(n, f));
            }
        }
        if (plan instanceof WorkloadPlan.OpenLoop open) {
            arrivals = open.arrivals();
            maxInFlight = open.maxInFlight();
            scheduleNextArrival();
        } else if (plan instanceof WorkloadPlan.ClosedLoop closed) {
            order = closed.order();
            for (int c = 0; c < closed.clients() && nextInOrder < order.size(); c++) {
                int client = c;
                String f = order.get(nextInOrder++);
                loop.at(0, () -> arrive(function(f), client));
            }
        }
        if (out.pool() != null && cell.mode() == ExecutionMode.DYNAMIC) {
            long every = out.poolInterval().toNanos();
            loop.at(every, () -> samplePool(every));
        }
        long reportEvery = Math.max(1, total / 100);
        while (done < total) {
            long before = done;
            runUntilProgress(Math.min(total, before + reportEvery));
            if (out.progress() != null) {
                out.progress().update(done, total, loop.now(), loop.fired());
            }
            if (done == before) {
                break;
            }
        }
        // Containers still idle at the end count up to the last answer.
        for (SimNode n : nodes) {
            for (SimContainer c : n.containers) {
                if (c.idleSince >= 0 && c.idleSince < lastAnswer) {
                    idleMbNanos += (double) c.memoryMb() * (lastAnswer - c.idleSince);
                }
            }
        }
        double[] r = java.util.Arrays.copyOf(responses, responseCount);
        return new CellResult(cell.tag(), done, ok, rejected, r, startTypes, idleMbNanos / 1e9, lastAnswer / 1e9,
                loop.fired(), System.nanoTime() - wall0);
    }

    private void runUntilProgress(long target) {
        // The loop itself has no notion of progress; run it in slices by re-checking after each event batch.
        while (done < target && loop.pending() > 0) {
            loop.runOne();
        }
    }

    private FunctionModel function(String name) {
        FunctionModel f = byName.get(name);
        if (f == null) {
            throw new IllegalArgumentException("the workload calls '" + name + "', which is not among the simulated functions");
        }
        return f;
    }

    // ---- workload ----

    private void scheduleNextArrival() {
        if (nextArrival < arrivals.size()) {
            Arrival a = arrivals.get(nextArrival++);
            loop.at(a.atNanos(), () -> {
                scheduleNextArrival();
                if (clientInFlight < maxInFlight) {
                    clientInFlight++;
                    arrive(function(a.function()), -1);
                } else {
                    clientBacklog.add(a);
                }
            });
        }
    }

    private void answered(Call c) {
        done++;
        lastAnswer = Math.max(lastAnswer, loop.now());
        if (c.client >= 0) {
            if (nextInOrder < order.size()) {
                FunctionModel f = function(order.get(nextInOrder++));
                send(() -> arrive(f, c.client));
            }
        } else {
            clientInFlight--;
            Arrival a = clientBacklog.poll();
            if (a != null) {
                clientInFlight++;
                send(() -> arrive(function(a.function()), -1));
            }
        }
    }

    /**
     * A call refused on arrival is answered inside its own arrival, and that answer sends the client's next call:
     * nested, a long run of refusals (a closed loop against a full node) overflows the stack. So a call sent while
     * another send is under way waits until that one returns. Each link of such a chain is the last thing its caller
     * does, so events happen in the same order as nested.
     */
    private void send(Runnable arrival) {
        if (sending) {
            pendingSends.add(arrival);
            return;
        }
        sending = true;
        try {
            arrival.run();
            for (Runnable next; (next = pendingSends.poll()) != null; ) {
                next.run();
            }
        } finally {
            sending = false;
        }
    }

    // ---- the gateway's path ----

    private void arrive(FunctionModel f, int client) {
        Call c = new Call(nextCallId++, f, loop.now(), client);
        LiveNodes live = new LiveNodes(nodes, f, cell.mode());
        Optional<NodeView> choice = cell.policy().select(new ClusterSnapshot(f.name(), f.demand().memoryMb(), live));
        live.close();
        if (choice.isEmpty()) {
            reject(c, "policy '" + cell.policy().name() + "' found no suitable node");
            return;
        }
        SimNode node = nodes[indexOf(choice.get().name())];
        c.node = node;
        c.cpuPercent = node.cpuPercent();
        c.ramPercent = node.ramPercent();
        node.inFlight++;
        node.changed();
        if (node.running < node.slots) {
            node.running++;
            enterPool(c);
        } else if (node.queue.size() < node.queueCapacity) {
            c.state = Call.State.QUEUED;
            c.queuedAt = loop.now();
            node.queue.add(c);
            armTimeout(c);
        } else {
            node.inFlight--;
            node.changed();
            reject(c, "node '" + node.name + "' is full: " + node.slots + " running and " + node.queueCapacity + " queued");
        }
    }

    private int indexOf(String name) {
        // Names are in index order (zero-padded), so the index is found by binary search over the names.
        int lo = 0;
        int hi = nodes.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int cmp = nodes[mid].name.compareTo(name);
            if (cmp == 0) {
                return mid;
            }
            if (cmp < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        throw new IllegalStateException("policy '" + cell.policy().name() + "' chose an unknown node '" + name + "'");
    }

    private void enterPool(Call c) {
        SimNode n = c.node;
        if (c.queuedAt >= 0) {
            c.queueNanos = loop.now() - c.queuedAt;
        }
        if (cell.mode() != ExecutionMode.DYNAMIC) {
            StartType type = StartType.of(cell.mode());
            Phases p = c.function.draw(type);
            c.startType = type;
            c.phases = p;
            c.pullNanos = type == StartType.COLD ? nanos(p.pullMs()) : -1;
            c.initNanos = type.started() ? nanos(p.initMs()) : -1;
            long startNanos = Math.max(0, c.pullNanos) + Math.max(0, c.initNanos);
            c.state = Call.State.STARTING;
            loop.after(startNanos, () -> beginRun(c));
            return;
        }
        int fi = c.function.index();
        n.invocations[fi]++;
        n.lastArrival[fi] = loop.now();
        n.see(fi);
        cell.keepAlive().arrived(c.function.name(), n.name, epoch.plusNanos(loop.now()));
        c.poolAt = loop.now();
        // The gateway's FIFO rule: behind an earlier waiter of its function a call waits; behind any earlier
        // waiter it may only take a free slot of a ready container, not start one.
        boolean placed = n.waitersOf[fi] == 0 && place(c, n.waiters.isEmpty());
        if (!placed) {
            c.state = Call.State.WAITING;
            n.waiters.add(c);
            n.waitersOf[fi]++;
            n.changed();
            armTimeout(c);
        }
    }

    /**
     * Gives the call a container now if the pool's placement allows it: a free slot of a ready container, or a new
     * container (after evictions) when {@code mayStart}; a call that can never fit is refused.
     *
     * @return whether the call left the line: placed, or refused for good
     */
    private boolean place(Call c, boolean mayStart) {
        SimNode n = c.node;
        PoolView view = n.poolView(loop.now(), epoch, functions, byName);
        Placement.Decision d = Placement.decide(view, c.function.demand(), cell.keepAlive());
        if (d instanceof Placement.Never never) {
            // Refused at once, but outside this decision: giving back the slot admits the next queued call, which
            // must not join the line while the line is being walked.
            c.state = Call.State.DONE;
            loop.after(0, () -> {
                leaveNode(c);
                reject(c, never.reason());
            });
            return true;
        }
        if (d instanceof Placement.Reuse reuse) {
            SimContainer k = n.find(reuse.container().id());
            cell.keepAlive().used(reuse.container(), view);
            c.startType = k.prewarmed ? StartType.PREWARMED : StartType.WARM;
            k.prewarmed = false;
            busy(k);
            k.inFlight++;
            c.container = k;
            c.phases = c.function.draw(c.startType);
            c.waitNanos = loop.now() - c.poolAt;
            n.changed();
            topUp(n, c.function);
            beginRun(c);
            return true;
        }
        if (d instanceof Placement.Start start && mayStart) {
            for (ContainerView ev : start.evict()) {
                remove(n, n.find(ev.id()));
                cell.keepAlive().evicted(ev, view);
            }
            for (ContainerView ev : start.evict()) {
                afterRemoval(n, byName.get(ev.function()));
            }
            SimContainer k = reserve(n, c.function, false);
            k.inFlight = 1;
            k.starter = c;
            c.container = k;
            c.waitNanos = loop.now() - c.poolAt;
            boolean cached = n.images.contains(c.function.image());
            c.startType = cached ? StartType.IMAGE_CACHED : StartType.COLD;
            c.phases = c.function.draw(c.startType);
            c.state = Call.State.STARTING;
            n.prewarmToken[c.function.index()]++;
            startContainer(n, k, c.phases, c);
            topUp(n, c.function);
            return true;
        }
        return false;
    }

    private SimContainer reserve(SimNode n, FunctionModel f, boolean prewarmed) {
        // Ids sort in the order containers were made, so a pool view's sort by id finds them in order already.
        SimContainer k = new SimContainer(String.format("%s-c%08d-%s", n.name, n.containerSeq++, f.name()), f,
                loop.now(), prewarmed);
        n.containers.add(k);
        n.usedMb += k.memoryMb();
        n.see(f.index());
        n.changed();
        return k;
    }

    /** Pull (if the image is absent and no pull of it is under way), start, then ready. */
    private void startContainer(SimNode n, SimContainer k, Phases p, Call c) {
        String image = k.function.image();
        long pull = 0;
        if (!n.images.contains(image)) {
            Long busyUntil = n.pulling.get(image);
            if (busyUntil != null && busyUntil > loop.now()) {
                pull = busyUntil - loop.now();
            } else {
                pull = nanos(p.pullMs());
                long until = loop.now() + pull;
                n.pulling.put(image, until);
                loop.at(until, () -> {
                    n.images.add(image);
                    n.pulling.remove(image);
                    n.changed();
                });
            }
        }
        long init = nanos(p.initMs());
        if (c != null) {
            c.pullNanos = pull > 0 ? pull : -1;
            c.initNanos = init;
        }
        long cost = pull + init;
        loop.after(cost, () -> ready(n, k, cost));
    }

    private void ready(SimNode n, SimContainer k, long costNanos) {
        if (k.removed) {
            return;
        }
        k.ready = true;
        k.startCostMs = Math.round(costNanos / 1e6);
        int fi = k.function.index();
        n.starts[fi]++;
        n.startCostSum[fi] += k.startCostMs;
        n.images.add(k.function.image());
        n.changed();
        if (k.starter != null) {
            Call c = k.starter;
            k.starter = null;
            beginRun(c);
            // Its other slots are free now (concurrency > 1): waiting calls of the function take them at once, as
            // the gateway's waiters wake when a container gets ready.
            retryWaiters(n);
        } else {
            k.lastUsedAt = loop.now();
            becameIdle(n, k);
            retryWaiters(n);
        }
    }

    private void beginRun(Call c) {
        SimNode n = c.node;
        c.state = Call.State.RUNNING;
        c.runStartedAt = loop.now();
        long next = n.addJob(c, nanos(c.phases.runMs()), loop.now());
        n.changed();
        scheduleCpu(n, next);
    }

    /**
     * Keeps one pending CPU event per node, at the node's next finish. A new run that finishes later than the pending
     * event leaves it in place (it fires, finds nothing done, and moves on), so the event queue does not fill with
     * superseded events.
     */
    private void scheduleCpu(SimNode n, long at) {
        if (at < 0 || (n.cpuEventAt >= 0 && n.cpuEventAt <= at)) {
            return;
        }
        n.cpuEventAt = at;
        loop.at(at, () -> {
            if (n.cpuEventAt == at) {
                n.cpuEventAt = -1;
                cpuDone(n);
            }
        });
    }

    private void cpuDone(SimNode n) {
        for (Call c : n.finished(loop.now())) {
            c.runNanos = loop.now() - c.runStartedAt;
            long overhead = nanos(c.phases.overheadMs());
            if (overhead == 0) {
                finish(c);
            } else {
                loop.after(overhead, () -> finish(c));
            }
        }
        n.changed();
        scheduleCpu(n, n.nextFinish(loop.now()));
    }

    private void finish(Call c) {
        SimNode n = c.node;
        c.state = Call.State.DONE;
        if (c.container != null) {
            release(n, c.container);
        }
        record(c);
        leaveNode(c);
        if (cell.mode() == ExecutionMode.DYNAMIC) {
            retryWaiters(n);
        }
        answered(c);
    }

    /** The call gives back its slot; the next queued call takes it. */
    private void leaveNode(Call c) {
        SimNode n = c.node;
        n.inFlight--;
        n.running--;
        n.changed();
        Call next = n.queue.poll();
        if (next != null) {
            n.running++;
            enterPool(next);
        }
    }

    private void release(SimNode n, SimContainer k) {
        k.inFlight = Math.max(0, k.inFlight - 1);
        k.uses++;
        k.lastUsedAt = loop.now();
        int fi = k.function.index();
        n.lastEnd[fi] = loop.now();
        n.changed();
        if (k.idle()) {
            becameIdle(n, k);
            if (n.idleCount(fi) > k.function.demand().minIdle()) {
                Duration keep = cell.keepAlive().keepAlive(k.view(epoch), n.poolView(loop.now(), epoch, functions, byName));
                if (keep.isZero()) {
                    remove(n, k);
                    afterRemoval(n, k.function);
                    return;
                }
                scheduleExpiry(n, k, keep);
            }
        }
    }

    private void becameIdle(SimNode n, SimContainer k) {
        k.idleSince = loop.now();
        if (!k.removed && n.idleCount(k.function.index()) > k.function.demand().minIdle() && k.uses == 0) {
            Duration keep = cell.keepAlive().keepAlive(k.view(epoch), n.poolView(loop.now(), epoch, functions, byName));
            scheduleExpiry(n, k, keep);
        }
    }

    private void busy(SimContainer k) {
        if (k.idleSince >= 0) {
            idleMbNanos += (double) k.memoryMb() * (loop.now() - k.idleSince);
            k.idleSince = -1;
        }
    }

    /**
     * Makes sure an expiry check is pending no later than the container's keep-alive ends. At most one check per
     * container waits in the event queue: a check finding the container used since moves itself to the new end,
     * so a busy container with a ten-minute keep-alive does not leave one event per call behind.
     */
    private void scheduleExpiry(SimNode n, SimContainer k, Duration keep) {
        if (keep.equals(KeepAlivePolicy.FOREVER)) {
            return;
        }
        long due = k.lastUsedAt + keep.toNanos();
        if (k.expiryAt >= 0 && k.expiryAt <= due) {
            return;
        }
        k.expiryAt = due;
        loop.at(due, () -> expire(n, k, due));
    }

    private void expire(SimNode n, SimContainer k, long scheduledFor) {
        if (k.expiryAt != scheduledFor) {
            return;  // a check for an earlier instant replaced this one
        }
        k.expiryAt = -1;
        if (k.removed || !k.idle() || n.idleCount(k.function.index()) <= k.function.demand().minIdle()) {
            return;  // busy now: its next release schedules the check again
        }
        Duration keep = cell.keepAlive().keepAlive(k.view(epoch), n.poolView(loop.now(), epoch, functions, byName));
        if (keep.equals(KeepAlivePolicy.FOREVER)) {
            return;
        }
        long due = k.lastUsedAt + keep.toNanos();
        if (due > loop.now()) {
            k.expiryAt = due;
            loop.at(due, () -> expire(n, k, due));
            return;
        }
        remove(n, k);
        afterRemoval(n, k.function);
        retryWaiters(n);
    }

    private void remove(SimNode n, SimContainer k) {
        busy(k);
        k.removed = true;
        n.containers.remove(k);
        n.usedMb -= k.memoryMb();
        n.changed();
    }

    /** When a function's last container left: the keep-alive policy may ask for one ahead of its next call. */
    private void afterRemoval(SimNode n, FunctionModel f) {
        int fi = f.index();
        // One pre-warm per gap between calls: a container started ahead that expired unused is not started again
        // until the function is called here again (else a function called once would be pre-warmed forever).
        if (n.count(fi) > 0 || (n.lastArrival[fi] >= 0 && n.lastArrival[fi] == n.prewarmedFor[fi])) {
            topUp(n, f);
            return;
        }
        long from = n.lastArrival[fi] >= 0 ? n.lastArrival[fi] : n.lastEnd[fi] >= 0 ? n.lastEnd[fi] : loop.now();
        Optional<Duration> after = cell.keepAlive().prewarmAfter(f.name(), n.poolView(loop.now(), epoch, functions, byName));
        if (after.isPresent()) {
            n.prewarmedFor[fi] = n.lastArrival[fi];
            long token = ++n.prewarmToken[fi];
            loop.at(from + after.get().toNanos(), () -> {
                if (token == n.prewarmToken[fi] && n.count(fi) == 0 && n.freeMb() >= f.demand().memoryMb()) {
                    SimContainer k = reserve(n, f, true);
                    startContainer(n, k, f.draw(n.images.contains(f.image()) ? StartType.IMAGE_CACHED : StartType.COLD), null);
                }
            });
        }
        topUp(n, f);
    }

    /** Keeps the function's minimum of idle containers on the node (started ahead, exempt from expiry). */
    private void topUp(SimNode n, FunctionModel f) {
        var d = f.demand();
        if (d.minIdle() == 0) {
            return;
        }
        int spare = 0;
        int count = 0;
        for (SimContainer k : n.containers) {
            if (k.function == f) {
                count++;
                if (k.inFlight == 0) {
                    spare++;
                }
            }
        }
        while (spare < d.minIdle() && n.freeMb() >= d.memoryMb() && (d.maxContainers() == 0 || count < d.maxContainers())) {
            SimContainer k = reserve(n, f, true);
            startContainer(n, k, f.draw(n.images.contains(f.image()) ? StartType.IMAGE_CACHED : StartType.COLD), null);
            spare++;
            count++;
        }
    }

    /**
     * Offers the pool to the waiting calls in arrival order, as the gateway's waiters wake up: a call behind a
     * still-waiting call of its function stays, and once any call stays, later ones may not start containers.
     */
    private void retryWaiters(SimNode n) {
        if (n.waiters.isEmpty()) {
            return;
        }
        boolean[] held = new boolean[functions.size()];
        int heldCount = 0;
        boolean anyStays = false;
        for (var it = n.waiters.iterator(); it.hasNext() && heldCount < held.length; ) {
            Call w = it.next();
            int fi = w.function.index();
            if (held[fi]) {
                continue;
            }
            if (place(w, !anyStays)) {
                it.remove();
                n.waitersOf[fi]--;
            } else {
                held[fi] = true;
                heldCount++;
                anyStays = true;
            }
        }
        n.changed();
    }

    private void armTimeout(Call c) {
        long token = ++c.timeoutToken;
        Call.State waitingIn = c.state;
        loop.after(spec.timeout().toNanos(), () -> {
            if (token != c.timeoutToken || c.state != waitingIn) {
                return;
            }
            SimNode n = c.node;
            c.state = Call.State.DONE;
            if (waitingIn == Call.State.QUEUED) {
                n.queue.remove(c);
                n.inFlight--;
                n.changed();
                reject(c, "node '" + n.name + "' had no free slot within " + spec.timeout().toSeconds() + " s");
            } else {
                n.waiters.remove(c);
                n.waitersOf[c.function.index()]--;
                leaveNode(c);
                reject(c, "no container of '" + c.function.name() + "' came free on node '" + n.name + "' within "
                        + spec.timeout().toSeconds() + " s");
                retryWaiters(n);
            }
        });
    }

    // ---- records ----

    private void reject(Call c, String why) {
        rejected++;
        if (out.rows() != null) {
            double s = (loop.now() - c.arrivedAt) / 1e9;
            ContainerUse use = cell.mode() == ExecutionMode.DYNAMIC
                    ? new ContainerUse(null, cell.keepAliveSpec(), -1, "", c.function.demand().memoryMb()) : ContainerUse.NONE;
            out.rows().accept(new MetricsRecord(c.function.name(), c.node == null ? "" : c.node.name, c.cpuPercent,
                    c.ramPercent, cell.label(), s, epoch.plusNanos(c.arrivedAt), out.runId() + "-" + c.id, out.runId(),
                    cell.tag(), cell.policy().name(), cell.mode(), InvocationStatus.REJECTED, null, StateCheck.UNKNOWN,
                    new Timings(0, -1, -1, -1, -1, ms(c.queueNanos)), cell.path(), Double.NaN, 0, -1, use, Source.SIMULATED,
                    faastestbed.common.model.Failure.NONE, c.node == null ? 0 : 1));
        }
        answered(c);
    }

    private void record(Call c) {
        ok++;
        double responseMs = (loop.now() - c.arrivedAt) / 1e6;
        if (responseCount == responses.length) {
            responses = java.util.Arrays.copyOf(responses, responses.length * 2);
        }
        responses[responseCount++] = responseMs;
        startTypes.merge(c.startType, 1L, Long::sum);
        if (out.rows() == null) {
            return;
        }
        boolean dynamic = cell.mode() == ExecutionMode.DYNAMIC;
        ContainerUse use = new ContainerUse(c.startType, dynamic ? cell.keepAliveSpec() : "",
                dynamic ? ms(c.waitNanos) : -1, c.container == null ? "" : c.container.id,
                dynamic ? c.function.demand().memoryMb() : -1);
        long runMs = ms(c.runNanos);
        out.rows().accept(new MetricsRecord(c.function.name(), c.node.name, c.cpuPercent, c.ramPercent, cell.label(),
                responseMs / 1000.0, epoch.plusNanos(c.arrivedAt), out.runId() + "-" + c.id, out.runId(), cell.tag(),
                cell.policy().name(), cell.mode(), InvocationStatus.OK, 0, StateCheck.VERIFIED,
                new Timings(0, Math.round(c.phases.overheadMs()), ms(c.pullNanos), runMs, ms(c.initNanos), ms(c.queueNanos)),
                cell.path(), runMs, 0, 0, use, Source.SIMULATED));
    }

    private void samplePool(long every) {
        if (done >= total) {
            return;
        }
        double interval = every / 1e9;
        Instant at = epoch.plusNanos(loop.now());
        for (SimNode n : nodes) {
            for (int s = 0; s < n.seenCount; s++) {
                FunctionModel f = functions.get(n.seenList[s]);
                int idle = 0;
                int busy = 0;
                long mem = 0;
                long idleMem = 0;
                for (SimContainer k : n.containers) {
                    if (k.function == f) {
                        mem += k.memoryMb();
                        if (k.idle()) {
                            idle++;
                            idleMem += k.memoryMb();
                        } else {
                            busy++;
                        }
                    }
                }
                out.pool().accept(new PoolSample(at, interval, out.runId(), cell.tag(), cell.policy().name(),
                        cell.keepAliveSpec(), n.name, f.name(), idle, busy, mem, idleMem, n.capacityMb));
            }
        }
        loop.after(every, () -> samplePool(every));
    }

    private static long nanos(double ms) {
        return Math.round(ms * 1e6);
    }

    private static long ms(long nanos) {
        return nanos < 0 ? -1 : Math.round(nanos / 1e6);
    }
}
