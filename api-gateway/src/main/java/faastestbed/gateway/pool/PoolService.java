package faastestbed.gateway.pool;

import faastestbed.common.metrics.PoolCsv;
import faastestbed.common.metrics.PoolSample;
import faastestbed.common.model.ExecutionMode;
import faastestbed.gateway.config.SettingsHolder;
import faastestbed.gateway.config.TestbedSettings;
import faastestbed.gateway.function.FunctionRegistry;
import faastestbed.gateway.function.FunctionSpec;
import faastestbed.gateway.node.Node;
import faastestbed.gateway.node.NodeRegistry;
import faastestbed.policy.keepalive.ContainerView;
import faastestbed.policy.keepalive.PoolView;
import faastestbed.policy.scheduling.FunctionState;
import faastestbed.policy.scheduling.NodeView;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The dynamic mode's container pools in the gateway: node capacities from registration or the nodes' limits, a
 * tick that expires and pre-warms, results/pool.csv written once per sampling interval while the mode is dynamic,
 * and the pool's side of each node's scheduling view.
 */
@ApplicationScoped
@Startup
public class PoolService {
    private static final Logger LOG = Logger.getLogger(PoolService.class);

    private final NodeRegistry nodes;
    private final FunctionRegistry functions;
    private final SettingsHolder settings;
    private final ContainerPools pools;
    private final long reserveMb;
    private final Duration sampleInterval;
    private final NamespaceQuota quota;
    private final Path poolFile;
    private PoolCsv.Writer writer;
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "pool-work");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pool-tick");
        t.setDaemon(true);
        return t;
    });

    @Inject
    public PoolService(NodeRegistry nodes, FunctionRegistry functions, SettingsHolder settings, ContainerBackend backend,
                       faastestbed.gateway.namespace.NamespaceRegistry namespaces,
                       @ConfigProperty(name = "testbed.node.memory-reserve-mb", defaultValue = "128") long reserveMb,
                       @ConfigProperty(name = "testbed.pool.tick", defaultValue = "250ms") Duration tick,
                       @ConfigProperty(name = "testbed.pool.sample-interval", defaultValue = "1s") Duration sampleInterval,
                       @ConfigProperty(name = "testbed.metrics.file") Path metricsFile) {
        this.nodes = nodes;
        this.functions = functions;
        this.settings = settings;
        this.reserveMb = reserveMb;
        this.sampleInterval = sampleInterval;
        this.poolFile = metricsFile.resolveSibling(PoolCsv.FILE_NAME);
        this.quota = new NamespaceQuota(ns -> namespaces.limits(ns).maxWarmMemoryMb());
        this.pools = new ContainerPools(backend, settings::keepAlive, Clock.systemUTC(), background, quota);
        ticker.scheduleWithFixedDelay(this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
        ticker.scheduleAtFixedRate(this::sample, sampleInterval.toMillis(), sampleInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Memory the namespace's containers hold now, across every node's pool. */
    public long namespaceMemoryMb(String namespace) {
        return quota.used(namespace);
    }

    /** A container of the function on the node for one call (see {@link ContainerPools#acquire}). */
    public ContainerPools.Lease acquire(Node node, FunctionSpec f, Duration maxWait) throws InterruptedException {
        pools.capacity(node.name(), capacityOf(node));
        return pools.acquire(node.name(), f, maxWait);
    }

    public void release(ContainerPools.Lease lease, boolean reusable) {
        pools.release(lease, reusable);
    }

    /** The node's containers were removed (a cell starts): forget them. */
    public void clear(Node node) {
        pools.clear(node.name());
    }

    /** A node × function's containers now. */
    public record ContainerCount(String node, String function, int idle, int busy) {
    }

    /** Every node × function the pools have held since they were cleared. */
    public List<ContainerCount> containers() {
        return pools.samples().stream().map(x -> new ContainerCount(x.node(), x.function(), x.idle(), x.busy())).toList();
    }

    public long evictions(String node) {
        return pools.evictions(node);
    }

    public void forgetFunction(String function) {
        pools.forgetFunction(function);
    }

    public void forgetNode(String node) {
        pools.forgetNode(node);
    }

    /** Every node's pool now, by node name. */
    public List<PoolView> views() {
        return nodes.all().stream().map(n -> pools.view(n.name())).flatMap(java.util.Optional::stream).toList();
    }

    /** Calls waiting in the node's pool for memory or a container slot. */
    public int waiting(String node) {
        return pools.waiting(node);
    }

    /** Memory the node offers to function containers (declared, else its limit less the reserve); -1: unknown. */
    public long memoryCapacityMb(Node node) {
        return node.memoryCapacityMb(reserveMb);
    }

    private long capacityOf(Node node) {
        long mb = memoryCapacityMb(node);
        return mb < 0 ? Long.MAX_VALUE / 4 : mb;  // no known limit: memory does not bound the pool
    }

    /** The node as a scheduling policy sees it for the function, with capacity, slots and (dynamic) its pool. */
    public NodeView view(Node node, FunctionSpec f) {
        TestbedSettings s = settings.get();
        NodeView base = node.view(f.name());
        NodeView.Capacity capacity = new NodeView.Capacity(node.load().cpuLimitCores(), memoryCapacityMb(node),
                s.nodeLimits().maxConcurrent(), s.nodeLimits().queueCapacity());
        int running = node.admission().running();
        int queued = node.admission().queued();
        if (s.mode() != ExecutionMode.DYNAMIC) {
            return base.withCapacity(capacity).withOccupancy(new NodeView.Occupancy(running, queued, -1, 0, 0, 0));
        }
        PoolView pv = pools.view(node.name()).orElse(null);
        if (pv == null) {
            long cap = capacity.memoryMb();
            return base.withCapacity(capacity).withFunctionState(FunctionState.ABSENT)
                    .withOccupancy(new NodeView.Occupancy(running, queued, cap, 0, 0, 0));
        }
        List<ContainerView> mine = pv.of(f.name());
        int free = (int) mine.stream().filter(ContainerView::hasFreeSlot).count();
        FunctionState state = mine.stream().anyMatch(ContainerView::ready) ? FunctionState.CONTAINER_RUNNING
                : pools.hasImage(node.name(), f.image()) ? FunctionState.IMAGE_PRESENT : FunctionState.ABSENT;
        return base.withCapacity(capacity).withFunctionState(state).withOccupancy(new NodeView.Occupancy(running,
                queued + pools.waiting(node.name()), pv.freeMb(), pv.idleMb(), free, mine.size() - free));
    }

    private void tick() {
        try {
            if (settings.get().mode() != ExecutionMode.DYNAMIC) {
                return;
            }
            for (Node n : nodes.all()) {
                pools.capacity(n.name(), capacityOf(n));
            }
            pools.tick(functions.all());
        } catch (RuntimeException e) {
            LOG.warnf("pool tick failed: %s", e.toString());
        }
    }

    private void sample() {
        try {
            TestbedSettings s = settings.get();
            if (s.mode() != ExecutionMode.DYNAMIC) {
                return;
            }
            var samples = pools.samples();
            if (samples.isEmpty()) {
                return;
            }
            PoolCsv.Writer w = writer();
            Instant now = Instant.now();
            double interval = sampleInterval.toNanos() / 1e9;
            for (var x : samples) {
                w.append(new PoolSample(now, interval, s.runId(), s.cell(), s.policy(), s.keepAlive(), x.node(),
                        x.function(), x.idle(), x.busy(), x.memoryMb(), x.idleMemoryMb(), x.capacityMb()));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("writing %s failed: %s", poolFile, e.toString());
        }
    }

    private synchronized PoolCsv.Writer writer() throws IOException {
        if (writer == null) {
            writer = new PoolCsv.Writer(poolFile);
        }
        return writer;
    }

    @PreDestroy
    synchronized void stop() {
        ticker.shutdownNow();
        background.shutdownNow();
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException ignored) {
                // closing at shutdown: nothing left to save
            }
        }
    }
}
