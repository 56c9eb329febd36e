package faastestbed.gateway.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import faastestbed.gateway.ssh.CommandResult;
import faastestbed.gateway.ssh.SshFailure;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples every node's CPU and RAM in the background over its kept connection, so a scheduling decision never
 * waits for SSH (seed 003 opened a connection per node per decision: ~0.3 s each). The sampling script is sent
 * on stdin, so any host with bash and cgroups can be a node without installing anything.
 */
@ApplicationScoped
public class NodeSampler {
    private static final Logger LOG = Logger.getLogger(NodeSampler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] script;
    private final Duration interval;
    private final double window;
    private final Instance<NodeRegistry> registry;
    private ScheduledExecutorService timer;
    private final java.util.concurrent.ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "node-sample");
        t.setDaemon(true);
        return t;
    });

    @Inject
    public NodeSampler(@ConfigProperty(name = "testbed.sampling.interval", defaultValue = "1s") Duration interval,
                       @ConfigProperty(name = "testbed.sampling.window", defaultValue = "0.25") double window,
                       Instance<NodeRegistry> registry) {
        this.interval = interval;
        this.window = window;
        this.registry = registry;
        try (InputStream in = NodeSampler.class.getResourceAsStream("/node-metrics")) {
            if (in == null) {
                throw new IllegalStateException("node-metrics script missing from the gateway's resources");
            }
            this.script = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void start(@Observes StartupEvent e) {
        timer = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "node-sampler");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::sampleAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent e) {
        if (timer != null) {
            timer.shutdownNow();
        }
        workers.shutdownNow();
    }

    /** Each node on its own: a hung node must not delay the samples of the others. */
    private void sampleAll() {
        try {
            for (Node node : registry.get().all()) {
                if (node.beginSample()) {
                    workers.submit(() -> {
                        try {
                            sampleNow(node);
                        } finally {
                            node.endSample();
                        }
                    });
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("sampling round failed: %s", e.getMessage());
        }
    }

    public void sampleNow(Node node) {
        try {
            CommandResult r = node.ssh().exec("bash -s -- " + window, script, Duration.ofSeconds(10));
            if (!r.ok()) {
                node.sampleFailed("metrics command exited " + r.exitCode() + ": " + r.stderr().strip());
                return;
            }
            node.sampled(parse(r.stdout()));
        } catch (SshFailure e) {
            if (e.kind() == SshFailure.Kind.TIMEOUT) {
                node.sampleFailed(e.getMessage());  // slow under load is not dead
            } else {
                node.unreachable(e.getMessage());  // no connection at all: out of scheduling at once
            }
            LOG.debugf("sampling %s failed: %s", node.name(), e.getMessage());
        } catch (IllegalArgumentException e) {
            node.sampleFailed(e.getMessage());
            LOG.debugf("sampling %s failed: %s", node.name(), e.getMessage());
        }
    }

    static LoadSample parse(String json) {
        try {
            JsonNode j = JSON.readTree(json.strip());
            // Empty output reads as a missing node: without both numbers this is not a sample, whatever parsed.
            if (j == null || !j.path("cpu_percent").isNumber() || !j.path("ram_percent").isNumber()) {
                throw new IllegalArgumentException("unreadable metrics output: " + json.strip());
            }
            return new LoadSample(j.path("cpu_percent").asDouble(Double.NaN), j.path("ram_percent").asDouble(Double.NaN),
                    j.path("cpu_limit_cores").asDouble(Double.NaN), j.path("mem_limit_bytes").asLong(-1), Instant.now());
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable metrics output: " + json.strip());
        }
    }
}
