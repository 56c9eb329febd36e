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
    private MultiGauge cpu;
    private MultiGauge ram;
    private MultiGauge inFlight;
    private MultiGauge queued;
    private MultiGauge queueCapacity;
    private MultiGauge healthy;
    private MultiGauge engineUp;
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

    private static Duration ms(long v) {
        return Duration.ofMillis(v);
    }

    void start(@Observes StartupEvent e) {
        cpu = MultiGauge.builder("testbed.node.cpu").description("CPU % of the node (its own sampling stream)")
                .baseUnit("percent").register(registry);
        ram = MultiGauge.builder("testbed.node.ram").description("RAM % of the node").baseUnit("percent").register(registry);
        inFlight = MultiGauge.builder("testbed.node.in.flight").description("invocations running on the node")
                .register(registry);
        queued = MultiGauge.builder("testbed.node.queue.length")
                .description("invocations waiting in the node's queue (maxConcurrentPerNode reached)").register(registry);
        queueCapacity = MultiGauge.builder("testbed.node.queue.capacity").description("the node's queue size (queuePerNode)")
                .register(registry);
        healthy = MultiGauge.builder("testbed.node.healthy").description("1: in scheduling, 0: out (unreachable, engine down)")
                .register(registry);
        engineUp = MultiGauge.builder("testbed.node.engine.up").description("1: the node's Docker engine answers")
                .register(registry);
        containers = MultiGauge.builder("testbed.pool.containers")
                .description("containers of the dynamic pool by node, function and state (idle, busy)").register(registry);
        // Micrometer holds a gauge's object weakly: this bean (kept by its context), not a client proxy nobody holds.
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
            List<MultiGauge.Row<?>> c = new ArrayList<>();
            List<MultiGauge.Row<?>> rm = new ArrayList<>();
            List<MultiGauge.Row<?>> f = new ArrayList<>();
            List<MultiGauge.Row<?>> q = new ArrayList<>();
            List<MultiGauge.Row<?>> qc = new ArrayList<>();
            List<MultiGauge.Row<?>> h = new ArrayList<>();
            List<MultiGauge.Row<?>> en = new ArrayList<>();
            for (Node n : nodes.all()) {
                Tags t = Tags.of("node", n.name());
                c.add(MultiGauge.Row.of(t, n.load().cpuPercent()));
                rm.add(MultiGauge.Row.of(t, n.load().ramPercent()));
                f.add(MultiGauge.Row.of(t, n.inFlight()));
                q.add(MultiGauge.Row.of(t, n.admission().queued()));
                qc.add(MultiGauge.Row.of(t, n.admission().limits().queueCapacity()));
                h.add(MultiGauge.Row.of(t, n.healthy() ? 1 : 0));
                en.add(MultiGauge.Row.of(t, n.engine() == faastestbed.gateway.node.EngineState.DOWN ? 0 : 1));
                if (nodesWithCounters.add(n.name())) {
                    String name = n.name();
                    FunctionCounter.builder("testbed.pool.evictions", this, m -> m.pools.evictions(name))
                            .description("idle containers evicted to make room for a start").tags(t).register(registry);
                }
            }
            cpu.register(c, true);
            ram.register(rm, true);
            inFlight.register(f, true);
            queued.register(q, true);
            queueCapacity.register(qc, true);
            healthy.register(h, true);
            engineUp.register(en, true);
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
