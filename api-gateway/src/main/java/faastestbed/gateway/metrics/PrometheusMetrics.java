package faastestbed.gateway.metrics;

import faastestbed.common.metrics.MetricsRecord;
import faastestbed.gateway.invocation.AsyncInvocations;
import faastestbed.gateway.node.Node;
import faastestbed.gateway.node.NodeRegistry;
import faastestbed.gateway.pool.PoolService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's series at {@code /q/metrics} (Prometheus' format, through Quarkus' Micrometer extension): one count
 * and one latency observation per CSV row, so the endpoint and metrics.csv always agree, and gauges of nodes, queues
 * and pools refreshed every second.
 */
@ApplicationScoped
public class PrometheusMetrics {
    /**
     * Latency buckets from a warm handler call (milliseconds) to a cold start with a pull (minutes): a fixed set, so
     * that {@code histogram_quantile} resolves both ends and the series count stays bounded.
     */
    static final Duration[] BUCKETS = {ms(1), ms(2), ms(5), ms(10), ms(20), ms(50), ms(100), ms(200), ms(500), ms(1000),
            ms(2000), ms(5000), ms(10_000), ms(20_000), ms(60_000), ms(120_000), ms(300_000)};

    private final MeterRegistry registry;
    private final NodeRegistry nodes;
    private final PoolService pools;
    private final AsyncInvocations async;
    private final Duration refresh;
    private final Set<String> nodesWithCounters = ConcurrentHashMap.newKeySet();
    /** A per-node series: one row per registered node, its value read from the node each refresh. */
    private record NodeGauge(MultiGauge gauge, java.util.function.ToDoubleFunction<Node> value) {
    }

    private List<NodeGauge> nodeGauges = List.of();
    private MultiGauge containers;
    private ScheduledExecutorService refresher;

    @Inject
    public PrometheusMetrics(MeterRegistry registry, NodeRegistry nodes, PoolService pools, AsyncInvocations async,
                             @ConfigProperty(name = "testbed.metrics.gauge-refresh", defaultValue = "1s") Duration refresh) {
        this.registry = registry;
        this.nodes = nodes;
        this.pools = pools;
        this.async = async;
        this.refresh = refresh;
    }

    private NodeGauge nodeGauge(String name, String unit, String description, java.util.function.ToDoubleFunction<Node> value) {
        MultiGauge.Builder b = MultiGauge.builder(name).description(description);
        return new NodeGauge((unit == null ? b : b.baseUnit(unit)).register(registry), value);
    }

    private static Duration ms(long v) {
        return Duration.ofMillis(v);
    }

    void start(@Observes StartupEvent e) {
        nodeGauges = List.of(
                nodeGauge("testbed.node.cpu", "percent", "CPU % of the node (its own sampling stream)",
                        n -> n.load().cpuPercent()),
                nodeGauge("testbed.node.ram", "percent", "RAM % of the node", n -> n.load().ramPercent()),
                nodeGauge("testbed.node.in.flight", null, "invocations running on the node", Node::inFlight),
                nodeGauge("testbed.node.queue.length", null,
                        "invocations waiting in the node's queue (maxConcurrentPerNode reached)", n -> n.admission().queued()),
                nodeGauge("testbed.node.queue.capacity", null, "the node's queue size (queuePerNode)",
                        n -> n.admission().limits().queueCapacity()),
                nodeGauge("testbed.node.healthy", null, "1: in scheduling, 0: out (unreachable, engine down)",
                        n -> n.healthy() ? 1 : 0),
                nodeGauge("testbed.node.engine.up", null, "1: the node's Docker engine answers",
                        n -> n.engine() == faastestbed.gateway.node.EngineState.DOWN ? 0 : 1));
        containers = MultiGauge.builder("testbed.pool.containers")
                .description("containers of the dynamic pool by node, function and state (idle, busy)").register(registry);
        Gauge.builder("testbed.async.queue.length", this, m -> m.async.queueLength())
                .description("asynchronous invocations waiting for a worker").register(registry);
        Gauge.builder("testbed.async.queue.capacity", this, m -> m.async.queueCapacity())
                .description("the asynchronous queue's size (testbed.async.queue)").register(registry);
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "metrics-gauges");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::refresh, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent e) {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    /** Called for every row metrics.csv gets: rejected and failed calls count too. */
    public void record(MetricsRecord r) {
        String startType = r.container().startType() == null ? "none" : r.container().startType().id();
        String function = r.function() == null ? "" : r.function();
        Counter.builder("testbed.invocations").description("invocations, one per metrics.csv row")
                .tags(Tags.of("function", function, "node", r.node() == null ? "" : r.node(),
                        "policy", r.policy() == null ? "" : r.policy(), "mode", r.mode() == null ? "" : r.mode().id(),
                        "start_type", startType, "status", r.status().id(), "failure", r.failure().id()))
                .register(registry).increment();
        if (r.status().id().equals("rejected") || Double.isNaN(r.executionTimeS()) || r.executionTimeS() < 0) {
            return;
        }
        Timer.builder("testbed.invocation.duration")
                .description("execution time as in metrics.csv: arrival to answer ready")
                .tags(Tags.of("function", function, "mode", r.mode() == null ? "" : r.mode().id(), "start_type", startType,
                        "path", r.path() == null ? "" : r.path().id()))
                .serviceLevelObjectives(BUCKETS).minimumExpectedValue(ms(1)).maximumExpectedValue(ms(300_000))
                .register(registry).record(Duration.ofNanos(Math.round(r.executionTimeS() * 1e9)));
    }

    private void refresh() {
        try {
            List<Node> all = nodes.all();
            for (NodeGauge g : nodeGauges) {
                g.gauge().register(all.stream().<MultiGauge.Row<?>>map(n -> MultiGauge.Row.of(Tags.of("node", n.name()),
                        g.value().applyAsDouble(n))).toList(), true);
            }
            for (Node n : all) {
                if (nodesWithCounters.add(n.name())) {
                    String name = n.name();
                    FunctionCounter.builder("testbed.pool.evictions", this, m -> m.pools.evictions(name))
                            .description("idle containers evicted to make room for a start").tags(Tags.of("node", name))
                            .register(registry);
                }
            }
            List<MultiGauge.Row<?>> pc = new ArrayList<>();
            for (PoolService.ContainerCount x : pools.containers()) {
                pc.add(MultiGauge.Row.of(Tags.of("node", x.node(), "function", x.function(), "state", "idle"), x.idle()));
                pc.add(MultiGauge.Row.of(Tags.of("node", x.node(), "function", x.function(), "state", "busy"), x.busy()));
            }
            containers.register(pc, true);
        } catch (RuntimeException ex) {
            org.jboss.logging.Logger.getLogger(PrometheusMetrics.class).debugf("gauge refresh: %s", ex.toString());
        }
    }
}
