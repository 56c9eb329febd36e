package faastestbed.gateway.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import faastestbed.gateway.ssh.CommandResult;
import faastestbed.gateway.ssh.RemoteStream;
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
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples every node's CPU and RAM in the background over its kept connection, so a scheduling decision never
 * waits for SSH (seed 003 opened a connection per node per decision: ~0.3 s each). The sampling script is sent
 * on stdin, so any host with bash and cgroups can be a node without installing anything.
 *
 * <p>Each node has one long-lived SSH session running {@code node-metrics --stream}, which prints a JSON line per
 * interval from a loop of shell builtins. A new session plus a few forks per sample, as an earlier version did, cost
 * an idle 0.5-core node ~0.18 cores, i.e. sampling both disturbed the function containers and inflated the CPU %
 * it reported. A supervisor tick per interval starts streams for new nodes, stops those of deleted ones, and
 * counts a missed line as a failed sample (three in a row: unhealthy, as before); a stream silent for long is
 * closed and reopened.
 */
@ApplicationScoped
public class NodeSampler {
    private static final Logger LOG = Logger.getLogger(NodeSampler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] script;
    private final Duration interval;
    private final double window;
    private final Instance<NodeRegistry> registry;
    private final Map<Node, Feed> feeds = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "node-sample");
        t.setDaemon(true);
        return t;
    });

    @Inject
    public NodeSampler(@ConfigProperty(name = "testbed.sampling.interval", defaultValue = "1s") Duration interval,
                       @ConfigProperty(name = "testbed.sampling.window", defaultValue = "0.25") double window,
                       Instance<NodeRegistry> registry) {
        if (interval.toMillis() < 50) {
            throw new IllegalArgumentException("testbed.sampling.interval must be at least 50 ms, was " + interval);
        }
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
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "node-sampler");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent e) {
        if (timer != null) {
            timer.shutdownNow();
        }
        feeds.values().forEach(Feed::stop);
        workers.shutdownNow();
    }

    private void tick() {
        try {
            Set<Node> live = new HashSet<>(registry.get().all());
            for (Node node : live) {
                feeds.computeIfAbsent(node, n -> {
                    Feed f = new Feed(n);
                    workers.submit(f::run);
                    return f;
                });
            }
            long now = System.nanoTime();
            for (Map.Entry<Node, Feed> e : feeds.entrySet()) {
                if (!live.contains(e.getKey())) {
                    feeds.remove(e.getKey());
                    e.getValue().stop();
                } else {
                    e.getValue().check(now);
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("sampling round failed: %s", e.getMessage());
        }
    }

    /** One sample now, over a session of its own (used at registration, before the node's stream runs). */
    public void sampleNow(Node node) {
        try {
            CommandResult r = node.ssh().exec("bash -s -- " + window, script, Duration.ofSeconds(10));
            if (!r.ok()) {
                node.sampleFailed("metrics command exited " + r.exitCode() + ": " + r.stderr().strip());
                return;
            }
            node.sampled(parse(r.stdout()));
        } catch (SshFailure e) {
            failed(node, e);
        } catch (IllegalArgumentException e) {
            node.sampleFailed(e.getMessage());
            LOG.debugf("sampling %s failed: %s", node.name(), e.getMessage());
        }
    }

    private static void failed(Node node, SshFailure e) {
        if (e.kind() == SshFailure.Kind.TIMEOUT) {
            node.sampleFailed(e.getMessage());  // slow under load is not dead
        } else {
            node.unreachable(e.getMessage());  // no connection at all: out of scheduling at once
        }
        LOG.debugf("sampling %s failed: %s", node.name(), e.getMessage());
    }

    /** The stream of one node: read lines until stopped, reopening the stream whenever it ends or breaks. */
    private final class Feed {
        private final Node node;
        private volatile boolean stopped;
        private volatile RemoteStream current;
        private volatile long lastLine = System.nanoTime();
        private volatile long lastMiss = System.nanoTime();

        Feed(Node node) {
            this.node = node;
        }

        void run() {
            String command = "bash -s -- --stream " + String.format(Locale.ROOT, "%.3f", interval.toMillis() / 1000.0);
            while (!stopped) {
                try (RemoteStream stream = node.ssh().stream(command, script)) {
                    current = stream;
                    if (stopped) {
                        return;
                    }
                    for (Optional<String> line = stream.readLine(); line.isPresent() && !stopped; line = stream.readLine()) {
                        lastLine = System.nanoTime();
                        try {
                            node.sampled(parse(line.get()));
                        } catch (IllegalArgumentException e) {
                            node.sampleFailed(e.getMessage());
                        }
                    }
                    if (!stopped) {
                        node.sampleFailed("metrics stream ended: " + stream.endReason());
                    }
                } catch (SshFailure e) {
                    if (!stopped) {
                        failed(node, e);
                    }
                } finally {
                    current = null;
                }
                pause();
            }
        }

        /** A missed interval counts as a failed sample; a stream silent for long is reopened. */
        void check(long now) {
            long silent = now - lastLine;
            long step = interval.toNanos();
            if (silent > step + step / 2 && now - lastMiss >= step) {
                lastMiss = now;
                node.sampleFailed("no metrics from the node for " + silent / 1_000_000 + " ms");
            }
            RemoteStream s = current;
            if (s != null && silent > Math.max(10 * step, Duration.ofSeconds(10).toNanos())) {
                lastLine = now;  // one reopen per silent period
                workers.submit(s::close);  // closing waits for the node's answer; never on the timer thread
            }
        }

        void stop() {
            stopped = true;
            RemoteStream s = current;
            if (s != null) {
                workers.submit(s::close);
            }
        }

        private void pause() {
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
            }
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
                    j.path("cpu_limit_cores").asDouble(Double.NaN), j.path("mem_limit_bytes").asLong(-1), Instant.now(),
                    EngineState.parse(j.path("engine").asText(null)));
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable metrics output: " + json.strip());
        }
    }
}
