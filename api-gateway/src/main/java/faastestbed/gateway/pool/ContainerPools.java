package faastestbed.gateway.pool;

import faastestbed.common.model.StartType;
import faastestbed.gateway.function.FunctionSpec;
import faastestbed.gateway.runtime.Endpoint;
import faastestbed.policy.keepalive.ContainerView;
import faastestbed.policy.keepalive.KeepAlivePolicy;
import faastestbed.policy.keepalive.PoolView;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The container lifecycle of the dynamic mode, in one place: per node a pool of containers per function, started on
 * demand, reused while warm, kept or evicted as the keep-alive policy says, started ahead of calls when it or a
 * function's minimum of idle containers asks. Decisions are {@link NodePool}'s and {@link Placement}'s; the node
 * work goes through a {@link ContainerBackend}. Plain Java: unit-tested with a fake backend and a fixed clock.
 */
public final class ContainerPools {
    private static final Logger LOG = Logger.getLogger(ContainerPools.class);

    /**
     * A container held for one call.
     *
     * @param endpoint  its handler; null when the function has none
     * @param startType warm or prewarmed (it existed), cold or image-cached (started for this call)
     * @param waitMs    waiting for the pool (memory, a slot of a container, the function's container limit)
     * @param pullMs    pulling the image for a cold start; -1 otherwise
     * @param initMs    starting the container until ready; -1 when it existed
     * @param evicted   idle containers evicted to make room for it
     */
    public record Lease(String node, String function, String container, Endpoint endpoint, StartType startType,
                        long waitMs, long pullMs, long initMs, long sshMs, int evicted, int memoryMb) {
    }

    private final ContainerBackend backend;
    private final Supplier<KeepAlivePolicy> keepAlive;
    private final Clock clock;
    private final Executor background;
    private final Map<String, NodePool> pools = new ConcurrentHashMap<>();
    private final NamespaceQuota quota;
    /** Idle containers evicted for a start (memory, a namespace's limit), by node: a counter for /q/metrics. */
    private final Map<String, java.util.concurrent.atomic.LongAdder> evictions = new ConcurrentHashMap<>();

    public ContainerPools(ContainerBackend backend, Supplier<KeepAlivePolicy> keepAlive, Clock clock, Executor background) {
        this(backend, keepAlive, clock, background, NamespaceQuota.unlimited());
    }

    /** @param quota each namespace's container memory across all nodes, against its limit */
    public ContainerPools(ContainerBackend backend, Supplier<KeepAlivePolicy> keepAlive, Clock clock, Executor background,
                          NamespaceQuota quota) {
        this.quota = quota;
        this.backend = backend;
        this.keepAlive = keepAlive;
        this.clock = clock;
        this.background = background;
    }

    /** Creates the node's pool if needed and sets the memory it offers to containers. */
    public void capacity(String node, long capacityMb) {
        pools.computeIfAbsent(node, n -> new NodePool(n, capacityMb, quota)).capacity(capacityMb);
    }

    /**
     * A container of the function on the node for one call: an idle one, else a new one (evicting idle containers
     * when memory is short), else waits until one of those is possible. Evictions and the start happen here, on
     * the call's time, as on a platform.
     *
     * @throws PoolException when the function can never fit, nothing came free in time, or the start failed
     */
    public Lease acquire(String node, FunctionSpec f, Duration maxWait) throws InterruptedException {
        NodePool pool = pool(node);
        KeepAlivePolicy policy = keepAlive.get();
        policy.arrived(f.name(), node, clock.instant());
        NodePool.Reservation r;
        try {
            r = pool.reserve(f, policy, maxWait, clock::instant);
        } catch (PoolException e) {
            if (e.kind() != PoolException.Kind.NAMESPACE_FULL || !giveUpIdleElsewhere(node, f, policy)) {
                throw e;
            }
            r = pool.reserve(f, policy, maxWait, clock::instant);
        }
        int memory = f.demand().memoryMb();
        if (!r.start()) {
            return new Lease(node, f.name(), r.container(), r.endpoint(),
                    r.prewarmed() ? StartType.PREWARMED : StartType.WARM, r.waitMs(), -1, -1, 0, 0, memory);
        }
        for (ContainerView c : r.evicted()) {
            remove(node, c.id());
        }
        evicted(node, r.evicted().size());
        ContainerBackend.Started s;
        try {
            s = backend.start(node, f, r.container(), memory);
        } catch (RuntimeException e) {
            pool.discard(r.container());
            throw new PoolException(PoolException.Kind.START_FAILED, e.getMessage(), e);
        }
        pool.ready(r.container(), s, clock.instant());
        return new Lease(node, f.name(), r.container(), s.endpoint(), s.pulled() ? StartType.COLD : StartType.IMAGE_CACHED,
                r.waitMs(), s.pullMs(), s.initMs(), s.sshMs(), r.evicted().size(), memory);
    }

    /**
     * The call is over. {@code reusable} false: the container's handler died or hung, so it leaves the pool and the
     * node. Otherwise it becomes idle, or leaves at once if its keep-alive is zero (removed off the call's path).
     */
    public void release(Lease lease, boolean reusable) {
        NodePool pool = pools.get(lease.node());
        if (pool == null) {
            return;
        }
        pool.release(lease.container(), reusable, keepAlive.get(), clock.instant())
                .ifPresent(c -> background.execute(() -> remove(lease.node(), c)));
    }

    /**
     * Expires idle containers whose keep-alive has passed and starts containers ahead of calls (pre-warm windows,
     * minimum idle counts), on every node. Removals and starts run on the background executor.
     */
    public void tick(Collection<FunctionSpec> functions) {
        KeepAlivePolicy policy = keepAlive.get();
        for (NodePool pool : pools.values()) {
            NodePool.TickWork work = pool.tick(policy, clock.instant(), functions);
            for (String c : work.remove()) {
                background.execute(() -> remove(pool.node(), c));
            }
            for (NodePool.Prestart p : work.start()) {
                background.execute(() -> startAhead(pool, p));
            }
        }
    }

    /**
     * The namespace is at its memory limit with nothing idle of its own on the call's node: idle containers of it on
     * the other nodes give way, on the call's time like any eviction. One node's lock at a time.
     */
    private boolean giveUpIdleElsewhere(String node, FunctionSpec f, KeepAlivePolicy policy) {
        String ns = f.namespace();
        long idleElsewhere = pools.values().stream().filter(p -> !p.node().equals(node)).mapToLong(p -> p.idleMemory(ns)).sum();
        if (!quota.fits(ns, idleElsewhere, f.demand().memoryMb())) {
            return false;  // the rest is busy: giving up warm containers would not make room
        }
        boolean any = false;
        for (NodePool other : pools.values()) {
            if (other.node().equals(node)) {
                continue;
            }
            for (String c : other.giveUpIdle(f.namespace(), f.demand().memoryMb(), policy, clock.instant())) {
                remove(other.node(), c);
                evicted(other.node(), 1);
                any = true;
            }
        }
        return any;
    }

    private void startAhead(NodePool pool, NodePool.Prestart p) {
        try {
            ContainerBackend.Started s = backend.start(pool.node(), p.function(), p.container(), p.function().demand().memoryMb());
            pool.ready(p.container(), s, clock.instant());
        } catch (RuntimeException e) {
            LOG.warnf("starting %s ahead of its calls on %s failed: %s", p.function().name(), pool.node(), e.getMessage());
            pool.discard(p.container());
        }
    }

    private void remove(String node, String container) {
        try {
            backend.remove(node, container);
        } catch (RuntimeException e) {
            LOG.warnf("removing container %s from %s failed: %s", container, node, e.getMessage());
        }
    }

    public Optional<PoolView> view(String node) {
        NodePool p = pools.get(node);
        return p == null ? Optional.empty() : Optional.of(p.view(clock.instant()));
    }

    /** Whether the pool has seen the image on the node (a container of it started there since the last clear). */
    public boolean hasImage(String node, String image) {
        NodePool p = pools.get(node);
        return p != null && p.hasImage(image);
    }

    public int waiting(String node) {
        NodePool p = pools.get(node);
        return p == null ? 0 : p.waiting();
    }

    /** Every node × function the pools have held since they were cleared. */
    public List<NodePool.Sample> samples() {
        List<NodePool.Sample> out = new ArrayList<>();
        pools.values().stream().sorted(java.util.Comparator.comparing(NodePool::node)).forEach(p -> out.addAll(p.samples()));
        return out;
    }

    /** Forgets every container of the node (they were removed from it, e.g. at the start of a cell). */
    public void clear(String node) {
        NodePool p = pools.get(node);
        if (p != null) {
            p.clear();
        }
    }

    private void evicted(String node, int n) {
        if (n > 0) {
            evictions.computeIfAbsent(node, k -> new java.util.concurrent.atomic.LongAdder()).add(n);
        }
    }

    /** Idle containers evicted on the node since the gateway started. */
    public long evictions(String node) {
        var n = evictions.get(node);
        return n == null ? 0 : n.sum();
    }

    /** The function was deleted or replaced: every pool forgets its containers (already gone from the nodes). */
    public void forgetFunction(String function) {
        pools.values().forEach(p -> p.forget(function));
    }

    public void forgetNode(String node) {
        NodePool p = pools.remove(node);
        if (p != null) {
            p.clear();
        }
    }

    private NodePool pool(String node) {
        NodePool p = pools.get(node);
        if (p == null) {
            throw new IllegalStateException("no pool for node '" + node + "': set its capacity first");
        }
        return p;
    }
}
