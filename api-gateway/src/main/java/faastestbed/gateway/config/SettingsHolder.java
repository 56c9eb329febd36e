package faastestbed.gateway.config;

import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationPath;
import faastestbed.gateway.node.Admission;
import faastestbed.policy.keepalive.KeepAliveCatalog;
import faastestbed.policy.keepalive.KeepAlivePolicy;
import faastestbed.policy.scheduling.PolicyCatalog;
import faastestbed.policy.scheduling.SchedulingPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Current settings. Start values come from application.properties (overridable by TESTBED_POLICY, TESTBED_MODE,
 * TESTBED_PREPARED_NODES, TESTBED_RUN_ID, TESTBED_KEEP_ALIVE); {@code PUT /config} changes them at run time.
 */
@ApplicationScoped
public class SettingsHolder {
    private final AtomicReference<TestbedSettings> current;
    private final PolicyCatalog catalog;
    private final KeepAliveCatalog keepAlives;
    /** The keep-alive policy instance of the current specification: it carries state (histograms, clocks). */
    private final AtomicReference<KeepAlivePolicy> keepAlive = new AtomicReference<>();

    @Inject
    public SettingsHolder(PolicyCatalog catalog, KeepAliveCatalog keepAlives,
                          @ConfigProperty(name = "testbed.policy") String policy,
                          @ConfigProperty(name = "testbed.mode") String mode,
                          @ConfigProperty(name = "testbed.prepared-nodes", defaultValue = "0") int preparedNodes,
                          @ConfigProperty(name = "testbed.run-id", defaultValue = "auto") String runId,
                          @ConfigProperty(name = "testbed.path", defaultValue = "handler") String path,
                          @ConfigProperty(name = "testbed.node.max-concurrent", defaultValue = "8") int maxConcurrent,
                          @ConfigProperty(name = "testbed.node.queue", defaultValue = "64") int queue,
                          @ConfigProperty(name = "testbed.keep-alive", defaultValue = "fixed-ttl") String keepAliveSpec) {
        this.catalog = catalog;
        this.keepAlives = keepAlives;
        try {
            this.keepAlive.set(keepAlives.create(keepAliveSpec));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("testbed.keep-alive: " + e.getMessage(), e);
        }
        if (catalog.find(policy).isEmpty()) {
            throw new IllegalStateException("testbed.policy names no policy: '" + policy + "'; known: " + catalog.names());
        }
        ExecutionMode m = ExecutionMode.parse(mode).orElseThrow(() ->
                new IllegalStateException("testbed.mode is not a mode: '" + mode + "'; known: " + ExecutionMode.ids()));
        if (preparedNodes < 0) {
            throw new IllegalStateException("testbed.prepared-nodes must be >= 0");
        }
        InvocationPath p = InvocationPath.parse(path).orElseThrow(() ->
                new IllegalStateException("testbed.path is not a path: '" + path + "'; known: " + InvocationPath.ids()));
        String run = "auto".equals(runId) ? LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) : runId;
        this.current = new AtomicReference<>(new TestbedSettings(policy.trim(), m, preparedNodes, run, "", p,
                limits(maxConcurrent, queue), keepAliveSpec.trim()));
    }

    private static Admission.Limits limits(int maxConcurrent, int queue) {
        try {
            return new Admission.Limits(maxConcurrent, queue);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("testbed.node.max-concurrent / testbed.node.queue: " + e.getMessage(), e);
        }
    }

    public TestbedSettings get() {
        return current.get();
    }

    public SchedulingPolicy policy() {
        return catalog.find(current.get().policy()).orElseThrow();
    }

    /** The keep-alive policy in force. */
    public KeepAlivePolicy keepAlive() {
        return keepAlive.get();
    }

    /** Swaps the settings; a new keep-alive specification gets a fresh policy instance. */
    public synchronized TestbedSettings set(TestbedSettings next) {
        TestbedSettings prev = current.get();
        if (!prev.keepAlive().equals(next.keepAlive())) {
            keepAlive.set(keepAlives.create(next.keepAlive()));
        }
        current.set(next);
        return next;
    }

    /** The start of a cell: every scheduling and keep-alive policy forgets what it learnt. */
    public void resetPolicies() {
        catalog.all().forEach(SchedulingPolicy::reset);
        keepAlive.get().reset();
    }
}
