package faastestbed.gateway.pool;

import faastestbed.gateway.function.FunctionSpec;
import faastestbed.gateway.runtime.Endpoint;
import faastestbed.policy.keepalive.ContainerView;
import faastestbed.policy.keepalive.Demand;
import faastestbed.policy.keepalive.FunctionUsage;
import faastestbed.policy.keepalive.KeepAlivePolicy;
import faastestbed.policy.keepalive.Placement;
import faastestbed.policy.keepalive.PoolView;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The bookkeeping of one node's containers: reservations, waiting in FIFO order, release, expiry, pre-warming.
 * It does no I/O; {@link ContainerPools} carries out what it decides. Every method runs under this object's lock,
 * which is also the monitor waiting calls sleep on.
 */
final class NodePool {
    private final String node;
    private long capacityMb;
    private final Map<String, Entry> containers = new LinkedHashMap<>();
    private final Map<String, Usage> usage = new HashMap<>();
    private final Map<String, Instant> lastEnd = new HashMap<>();
    private final Map<String, Instant> prewarmAt = new HashMap<>();
    private final Set<String> images = new java.util.HashSet<>();
    private final Set<String> seen = new LinkedHashSet<>();
    private final Deque<Ticket> waiters = new ArrayDeque<>();

    private final NamespaceQuota quota;

    NodePool(String node, long capacityMb) {
        this(node, capacityMb, NamespaceQuota.unlimited());
    }

    NodePool(String node, long capacityMb, NamespaceQuota quota) {
        this.node = node;
        this.capacityMb = capacityMb;
        this.quota = quota;
    }

    /** A container's mutable state; {@link #view()} is what policies see. */
    private static final class Entry {
        final String id;
        final String function;
        final String namespace;
        final String image;
        final Demand demand;
        final Instant startedAt;
        boolean ready;
        boolean prewarmed;
        int inFlight;
        long uses;
        long startCostMs = -1;
        Instant lastUsedAt;
        Endpoint endpoint;

        Entry(String id, FunctionSpec f, Instant now, boolean prewarmed) {
            this.id = id;
            this.function = f.name();
            this.namespace = f.namespace();
            this.image = f.image();
            this.demand = f.demand();
            this.startedAt = now;
            this.lastUsedAt = now;
            this.prewarmed = prewarmed;
        }

        boolean idle() {
            return ready && inFlight == 0;
        }

        ContainerView view() {
            return new ContainerView(id, function, demand.memoryMb(), demand.concurrency(), inFlight, ready, prewarmed,
                    startedAt, lastUsedAt, uses, startCostMs);
        }
    }

    private static final class Usage {
        int memoryMb;
        long invocations;
        Instant lastArrival;
        /** The arrival the last pre-warm was scheduled for. */
        Instant prewarmedFor;
        long starts;
        double startCostSum;
    }

    private record Ticket(String function) {
    }

    /** What a call got: a container to use now, or one reserved for it to start (after the evictions). */
    record Reservation(String container, Endpoint endpoint, boolean start, boolean prewarmed, long waitMs,
                       List<ContainerView> evicted) {
    }

    /** Work a tick found: containers to remove and containers to start ahead of calls. */
    record TickWork(List<String> remove, List<Prestart> start) {
    }

    record Prestart(String container, FunctionSpec function) {
    }

    String node() {
        return node;
    }

    synchronized void capacity(long mb) {
        if (mb != capacityMb) {
            capacityMb = mb;
            notifyAll();
        }
    }

    synchronized long capacity() {
        return capacityMb;
    }

    /**
     * Finds or reserves a container for a call, waiting (FIFO) while nothing fits. A call may take a free slot of a
     * ready container at once unless an earlier waiter of the same function is in line; a call that needs a new
     * container waits behind every earlier waiter, so a large function is not starved by small ones.
     */
    synchronized Reservation reserve(FunctionSpec f, KeepAlivePolicy keepAlive, Duration maxWait, Supplier<Instant> clock)
            throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + maxWait.toNanos();
        Usage u = usage.computeIfAbsent(f.name(), k -> new Usage());
        u.memoryMb = f.demand().memoryMb();
        u.invocations++;
        u.lastArrival = clock.get();
        seen.add(f.name());
        Ticket me = null;
        try {
            while (true) {
                Instant now = clock.get();
                PoolView view = view(now);
                Placement.Decision decision = Placement.decide(view, f.demand(), keepAlive);
                if (decision instanceof Placement.Never never) {
                    throw new PoolException(PoolException.Kind.TOO_BIG, never.reason(), null);
                }
                if (!blocked(me, f.name(), decision)) {
                    if (decision instanceof Placement.Reuse reuse) {
                        Entry e = containers.get(reuse.container().id());
                        keepAlive.used(reuse.container(), view);
                        boolean prewarmed = e.prewarmed;
                        e.prewarmed = false;
                        e.inFlight++;
                        return new Reservation(e.id, e.endpoint, false, prewarmed, ms(t0), List.of());
                    }
                    if (decision instanceof Placement.Start start) {
                        List<ContainerView> evict = withinQuota(f, start.evict());
                        Entry e = new Entry(newName(f), f, now, false);
                        e.inFlight = 1;
                        // The namespace's memory is taken (net of its own evictions) before anything leaves the
                        // books: if another node's call took it since withinQuota looked, nothing has changed here.
                        long ownFreed = evict.stream().filter(v -> containers.get(v.id()).namespace.equals(e.namespace))
                                .mapToLong(ContainerView::memoryMb).sum();
                        if (!quota.swap(e.namespace, ownFreed, e.demand.memoryMb())) {
                            throw namespaceFull(f);
                        }
                        for (ContainerView ev : evict) {
                            Entry gone = containers.remove(ev.id());
                            if (!gone.namespace.equals(e.namespace)) {
                                quota.give(gone.namespace, gone.demand.memoryMb());
                            }
                            keepAlive.evicted(ev, view);
                        }
                        for (ContainerView ev : evict) {
                            afterRemoval(ev.function(), keepAlive, now);
                        }
                        containers.put(e.id, e);
                        prewarmAt.remove(f.name());
                        return new Reservation(e.id, null, true, false, ms(t0), evict);
                    }
                }
                if (me == null) {
                    me = new Ticket(f.name());
                    waiters.addLast(me);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    String why = decision instanceof Placement.Wait w ? w.reason() : "earlier calls are waiting";
                    throw new PoolException(PoolException.Kind.WAIT_TIMED_OUT, "no container of '" + f.name()
                            + "' came free on node '" + node + "' within " + maxWait.toSeconds() + " s: " + why, null);
                }
                wait(Math.max(1, left / 1_000_000));
            }
        } finally {
            if (me != null) {
                waiters.remove(me);
                notifyAll();
            }
        }
    }

    private boolean blocked(Ticket me, String function, Placement.Decision decision) {
        for (Ticket t : waiters) {
            if (t == me) {
                return false;
            }
            if (decision instanceof Placement.Start || t.function().equals(function)) {
                return true;
            }
        }
        return false;
    }

    /** The reserved container answered ready. */
    synchronized void ready(String id, ContainerBackend.Started started, Instant now) {
        Entry e = containers.get(id);
        if (e == null) {
            return;  // the pool was cleared meanwhile
        }
        e.ready = true;
        e.endpoint = started.endpoint();
        e.startCostMs = started.costMs();
        if (e.inFlight == 0) {
            e.lastUsedAt = now;  // a container started ahead is idle from the moment it is ready
        }
        Usage u = usage.computeIfAbsent(e.function, k -> new Usage());
        u.memoryMb = e.demand.memoryMb();
        u.starts++;
        u.startCostSum += e.startCostMs;
        images.add(e.image);
        seen.add(e.function);
        notifyAll();
    }

    /** Starting the reserved container failed: its memory is free again. */
    synchronized void discard(String id) {
        drop(id);
        notifyAll();
    }

    /**
     * A call ended. A container that cannot serve again (its handler died or hung), or whose keep-alive is zero,
     * leaves the pool; the caller removes it from the node.
     *
     * @return the container to remove from the node, if it left the pool
     */
    synchronized Optional<String> release(String id, boolean reusable, KeepAlivePolicy keepAlive, Instant now) {
        Entry e = containers.get(id);
        if (e == null) {
            return Optional.empty();
        }
        e.inFlight = Math.max(0, e.inFlight - 1);
        e.uses++;
        e.lastUsedAt = now;
        lastEnd.put(e.function, now);
        boolean remove = !reusable;
        if (!remove && e.idle() && idleCount(e.function) > e.demand.minIdle()) {
            remove = keepAlive.keepAlive(e.view(), view(now)).isZero();
        }
        if (remove) {
            drop(id);
            afterRemoval(e.function, keepAlive, now);
        }
        notifyAll();
        return remove ? Optional.of(id) : Optional.empty();
    }

    /** Expires idle containers past their keep-alive, and reserves containers to start ahead of calls. */
    synchronized TickWork tick(KeepAlivePolicy keepAlive, Instant now, Collection<FunctionSpec> functions) {
        List<Entry> expired = new ArrayList<>();
        PoolView view = view(now);
        for (Entry e : new ArrayList<>(containers.values())) {
            if (!e.idle() || idleCount(e.function) <= e.demand.minIdle()) {
                continue;
            }
            Duration keep = keepAlive.keepAlive(e.view(), view);
            if (!keep.equals(KeepAlivePolicy.FOREVER) && Duration.between(e.lastUsedAt, now).compareTo(keep) >= 0) {
                drop(e.id);
                expired.add(e);
            }
        }
        expired.forEach(e -> afterRemoval(e.function, keepAlive, now));
        List<String> remove = expired.stream().map(e -> e.id).toList();
        Map<String, FunctionSpec> byName = new HashMap<>();
        functions.forEach(f -> byName.put(f.name(), f));
        List<Prestart> start = new ArrayList<>();
        for (var it = prewarmAt.entrySet().iterator(); it.hasNext(); ) {
            var due = it.next();
            FunctionSpec f = byName.get(due.getKey());
            if (f == null) {
                it.remove();
            } else if (!now.isBefore(due.getValue())) {
                it.remove();
                if (count(f.name()) == 0 && freeMb() >= f.demand().memoryMb()) {
                    Prestart p = reserveAhead(f, now);
                    if (p != null) {
                        start.add(p);
                    }
                }
            }
        }
        for (FunctionSpec f : functions) {
            Demand d = f.demand();
            long spare = containers.values().stream()
                    .filter(e -> e.function.equals(f.name()) && e.inFlight == 0).count();
            while (spare < d.minIdle() && freeMb() >= d.memoryMb()
                    && (d.maxContainers() == 0 || count(f.name()) < d.maxContainers())) {
                Prestart p = reserveAhead(f, now);
                if (p == null) {
                    break;
                }
                start.add(p);
                spare++;
            }
        }
        if (!remove.isEmpty()) {
            notifyAll();
        }
        return new TickWork(remove, start);
    }

    /** Null when the function's namespace has no memory left for it. */
    private Prestart reserveAhead(FunctionSpec f, Instant now) {
        Entry e = new Entry(newName(f), f, now, true);
        if (!quota.swap(e.namespace, 0, e.demand.memoryMb())) {
            return null;
        }
        containers.put(e.id, e);
        seen.add(f.name());
        return new Prestart(e.id, f);
    }

    /**
     * When a function's last container left: ask the policy whether to start one ahead of its next call. The window
     * counts from the function's last arrival, as the idle times a policy learns from are times between arrivals;
     * counted from the end of a long call, the container would come up after the next call is due.
     */
    private void afterRemoval(String function, KeepAlivePolicy keepAlive, Instant now) {
        if (count(function) > 0) {
            return;
        }
        Usage u = usage.get(function);
        // One pre-warm per gap between calls: a container started ahead that expired unused is not started again
        // until the function is called here again (else a function called once would be pre-warmed forever).
        if (u != null && u.lastArrival != null && u.lastArrival.equals(u.prewarmedFor)) {
            return;
        }
        Instant from = u != null && u.lastArrival != null ? u.lastArrival : lastEnd.getOrDefault(function, now);
        keepAlive.prewarmAfter(function, view(now)).ifPresent(d -> {
            prewarmAt.put(function, from.plus(d));
            if (u != null) {
                u.prewarmedFor = u.lastArrival;
            }
        });
    }

    synchronized PoolView view(Instant now) {
        Map<String, FunctionUsage> u = new HashMap<>();
        usage.forEach((f, x) -> u.put(f, new FunctionUsage(f, x.memoryMb, x.invocations, x.lastArrival,
                x.starts == 0 ? Double.NaN : x.startCostSum / x.starts)));
        return new PoolView(node, now, capacityMb, containers.values().stream().map(Entry::view).toList(), u);
    }

    /** One row per function this pool has held since it was cleared: idle, busy and memory now. */
    synchronized List<Sample> samples() {
        List<Sample> out = new ArrayList<>();
        for (String f : seen) {
            int idle = 0;
            int busy = 0;
            long mem = 0;
            long idleMem = 0;
            for (Entry e : containers.values()) {
                if (e.function.equals(f)) {
                    mem += e.demand.memoryMb();
                    if (e.idle()) {
                        idle++;
                        idleMem += e.demand.memoryMb();
                    } else {
                        busy++;
                    }
                }
            }
            out.add(new Sample(node, f, idle, busy, mem, idleMem, capacityMb));
        }
        return out;
    }

    /** The pool of one function on one node at one instant. */
    public record Sample(String node, String function, int idle, int busy, long memoryMb, long idleMemoryMb,
                         long capacityMb) {
    }

    synchronized boolean hasImage(String image) {
        return images.contains(image);
    }

    synchronized int readyCount(String function) {
        return (int) containers.values().stream().filter(e -> e.function.equals(function) && e.ready).count();
    }

    synchronized void clear() {
        for (Entry e : containers.values()) {
            quota.give(e.namespace, e.demand.memoryMb());
        }
        containers.clear();
        usage.clear();
        lastEnd.clear();
        prewarmAt.clear();
        images.clear();
        seen.clear();
        notifyAll();
    }

    synchronized int waiting() {
        return waiters.size();
    }

    private int count(String function) {
        return (int) containers.values().stream().filter(e -> e.function.equals(function)).count();
    }

    private int idleCount(String function) {
        return (int) containers.values().stream().filter(e -> e.function.equals(function) && e.idle()).count();
    }

    /**
     * Gives up idle containers of the namespace here, least recently used first, until the namespace has room for
     * {@code needMb} (a call on another node found it at its limit).
     *
     * @return the containers to remove from this node
     */
    synchronized List<String> giveUpIdle(String namespace, long needMb, KeepAlivePolicy keepAlive, Instant now) {
        PoolView view = view(now);
        List<Entry> idle = containers.values().stream().filter(e -> e.namespace.equals(namespace) && e.idle())
                .sorted(java.util.Comparator.comparing((Entry e) -> e.lastUsedAt)).toList();
        List<Entry> gone = new ArrayList<>();
        for (Entry e : idle) {
            if (quota.fits(namespace, 0, needMb)) {
                break;
            }
            drop(e.id);
            keepAlive.evicted(e.view(), view);
            gone.add(e);
        }
        gone.forEach(e -> afterRemoval(e.function, keepAlive, now));
        if (!gone.isEmpty()) {
            notifyAll();
        }
        return gone.stream().map(e -> e.id).toList();
    }

    /**
     * The function is gone (deleted, or replaced by a deploy; its containers were removed from the node): its
     * entries leave the books, so their memory and a later function of that name start clean.
     */
    synchronized void forget(String function) {
        containers.values().stream().filter(e -> e.function.equals(function)).map(e -> e.id).toList()
                .forEach(this::drop);
        usage.remove(function);
        lastEnd.remove(function);
        prewarmAt.remove(function);
        seen.remove(function);
        notifyAll();
    }

    /** Memory of the namespace's idle containers here (what {@link #giveUpIdle} could free). */
    synchronized long idleMemory(String namespace) {
        return containers.values().stream().filter(e -> e.namespace.equals(namespace) && e.idle())
                .mapToLong(e -> e.demand.memoryMb()).sum();
    }

    /** Removes a container from the books, giving its memory back to its namespace. */
    private void drop(String id) {
        Entry e = containers.remove(id);
        if (e != null) {
            quota.give(e.namespace, e.demand.memoryMb());
        }
    }

    /**
     * The evictions a start needs, plus idle containers of the function's own namespace on this node (least
     * recently used first) while the namespace would be over its memory limit. A namespace never takes memory
     * from another one's containers beyond what the node's own memory needs.
     */
    private List<ContainerView> withinQuota(FunctionSpec f, List<ContainerView> evict) {
        String ns = f.namespace();
        long need = f.demand().memoryMb();
        long freed = evict.stream().filter(v -> containers.get(v.id()).namespace.equals(ns)).mapToLong(ContainerView::memoryMb).sum();
        if (quota.fits(ns, freed, need)) {
            return evict;
        }
        List<ContainerView> more = new ArrayList<>(evict);
        Set<String> chosen = new java.util.HashSet<>(evict.stream().map(ContainerView::id).toList());
        List<Entry> idleOwn = containers.values().stream()
                .filter(e -> e.namespace.equals(ns) && e.idle() && !chosen.contains(e.id))
                .sorted(java.util.Comparator.comparing((Entry e) -> e.lastUsedAt)).toList();
        for (Entry e : idleOwn) {
            more.add(e.view());
            freed += e.demand.memoryMb();
            if (quota.fits(ns, freed, need)) {
                return more;
            }
        }
        throw namespaceFull(f);
    }

    private PoolException namespaceFull(FunctionSpec f) {
        String ns = f.namespace();
        return new PoolException(PoolException.Kind.NAMESPACE_FULL, "namespace '" + ns + "' holds " + quota.used(ns)
                + " MB of its " + quota.limit(ns) + " MB of container memory (maxWarmMemoryMb) and has no idle container on node '"
                + node + "' to give up for a new " + f.demand().memoryMb() + " MB container of '" + f.name() + "'", null);
    }

    private long freeMb() {
        return capacityMb - containers.values().stream().mapToLong(e -> e.demand.memoryMb()).sum();
    }

    private static String newName(FunctionSpec f) {
        return "faas-pool-" + f.id().containerKey() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static long ms(long t0) {
        return Math.round((System.nanoTime() - t0) / 1e6);
    }
}
