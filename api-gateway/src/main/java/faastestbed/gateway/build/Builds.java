package faastestbed.gateway.build;

import faastestbed.gateway.function.FunctionId;
import faastestbed.gateway.namespace.DeployedImages;
import faastestbed.gateway.cluster.ClusterService;
import faastestbed.gateway.cluster.CommandInput;
import faastestbed.gateway.cluster.FunctionRegistration;
import faastestbed.gateway.domain.TestbedException;
import faastestbed.gateway.node.Node;
import faastestbed.gateway.node.NodeRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Deploys from source: a function's folder (a tar.gz) is checked here, built into an image on a healthy node with the
 * node's own engine, pushed to the private registry and registered in place of any function of the same name. Builds
 * run in the background on a few workers from a bounded queue (OVERLOADED beyond it); each has an id whose status and
 * live log can be asked for while it runs, and is kept for {@code testbed.build.keep} after it ends.
 */
@ApplicationScoped
public class Builds {
    private static final Logger LOG = Logger.getLogger(Builds.class);

    /** Where a build is. */
    public enum Status {
        QUEUED, BUILDING, PUSHING, REGISTERING, OK, FAILED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean finished() {
            return this == OK || this == FAILED;
        }
    }

    /**
     * A build as it is now. Durations are -1 until their phase ended.
     *
     * @param image   what nodes pull once it is registered
     * @param error   why it failed, with the last lines of its log (empty otherwise)
     * @param logTail the last lines of the log so far
     */
    public record Snapshot(String buildId, String function, SourceKind kind, Status status, String node, String image,
                           Instant submittedAt, Instant startedAt, Instant endedAt, long queueMs, long buildMs,
                           long pushMs, long registerMs, String error, List<String> logTail, int logLength) {
    }

    /** The log from an offset, with where the build is, so a reader knows whether to come back. */
    public record LogSlice(String text, int nextOffset, Status status) {
    }

    private final class Build implements Runnable {
        final String id;
        final FunctionRegistration registration;
        final SourceArchive archive;
        final String pushImage;
        final Instant submittedAt = Instant.now();
        final long t0 = System.nanoTime();
        final BuildLog log = new BuildLog(maxLogChars);
        volatile Status status = Status.QUEUED;
        volatile String node;
        volatile Instant startedAt;
        volatile Instant endedAt;
        volatile long endedNanos;
        volatile long queueMs = -1;
        volatile long buildMs = -1;
        volatile long pushMs = -1;
        volatile long registerMs = -1;
        volatile String error = "";

        Build(String id, FunctionRegistration registration, SourceArchive archive, String pushImage) {
            this.id = id;
            this.registration = registration;
            this.archive = archive;
            this.pushImage = pushImage;
        }

        @Override
        public void run() {
            synchronized (this) {
                if (status != Status.QUEUED) {
                    return; // ended by a stopping gateway
                }
                status = Status.BUILDING;
            }
            startedAt = Instant.now();
            long t1 = System.nanoTime();
            queueMs = (t1 - t0) / 1_000_000;
            Node n = null;
            try {
                n = pickNode();
                node = n.name();
                long[] pushStart = {0};
                builder.buildAndPush(n.name(), n.ssh(), archive.context(baseImage), pushImage, registry,
                        registry.password(), log, () -> {
                            pushStart[0] = System.nanoTime();
                            buildMs = (pushStart[0] - t1) / 1_000_000;
                            status = Status.PUSHING;
                        });
                long t2 = System.nanoTime();
                pushMs = (t2 - pushStart[0]) / 1_000_000;
                status = Status.REGISTERING;
                log.line("# register " + registration.name() + " with image " + registration.image());
                cluster.replaceFunction(registration);
                registerMs = (System.nanoTime() - t2) / 1_000_000;
                log.line("# done");
                end(Status.OK, "");
            } catch (NodeBuilder.Failed | TestbedException e) {
                end(Status.FAILED, e.getMessage());
            } catch (RuntimeException e) {
                LOG.errorf(e, "build %s of %s failed inside the gateway", id, registration.name());
                end(Status.FAILED, "the gateway failed: " + e);
            } finally {
                if (n != null) {
                    running.computeIfAbsent(n.name(), k -> new AtomicInteger()).decrementAndGet();
                }
            }
        }

        synchronized void end(Status s, String why) {
            if (s == Status.FAILED) {
                log.line("# failed: " + why);
                List<String> tail = log.tail();
                error = why + "\n--- last " + tail.size() + " lines of the build log ---\n" + String.join("\n", tail);
            }
            endedAt = Instant.now();
            endedNanos = System.nanoTime();
            status = s;
        }

        Snapshot snapshot() {
            return new Snapshot(id, FunctionId.of(registration.namespace(), registration.name()).qualified(), archive.kind(), status, node, registration.image(), submittedAt,
                    startedAt, endedAt, queueMs, buildMs, pushMs, registerMs, error, log.tail(), log.length());
        }
    }

    private final ClusterService cluster;
    private final NodeRegistry nodes;
    private final RegistryAccess registry;
    private final NodeBuilder builder;
    private final String network;
    private final String baseImage;
    private final SourceArchive.Limits limits;
    private final int maxArchiveBytes;
    private final int maxLogChars;
    private final int queueCapacity;
    private final Duration keep;
    private final ThreadPoolExecutor pool;
    private final Map<String, Build> builds = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();

    @Inject
    public Builds(ClusterService cluster, NodeRegistry nodes, RegistryAccess registry,
                  @ConfigProperty(name = "testbed.build.base-image", defaultValue = "base:latest") String baseImage,
                  @ConfigProperty(name = "testbed.build.workers", defaultValue = "1") int workers,
                  @ConfigProperty(name = "testbed.build.queue", defaultValue = "8") int queueCapacity,
                  @ConfigProperty(name = "testbed.build.keep", defaultValue = "1h") Duration keep,
                  @ConfigProperty(name = "testbed.build.max-archive-bytes", defaultValue = "33554432") int maxArchiveBytes,
                  @ConfigProperty(name = "testbed.build.max-unpacked-bytes", defaultValue = "268435456") long maxUnpacked,
                  @ConfigProperty(name = "testbed.build.max-entries", defaultValue = "10000") int maxEntries,
                  @ConfigProperty(name = "testbed.build.max-log-chars", defaultValue = "1048576") int maxLogChars,
                  @ConfigProperty(name = "testbed.build.timeout", defaultValue = "15m") Duration buildTimeout,
                  @ConfigProperty(name = "testbed.build.push-timeout", defaultValue = "10m") Duration pushTimeout,
                  @ConfigProperty(name = "testbed.build.network", defaultValue = "none") String network) {
        if (workers < 1 || queueCapacity < 1 || maxArchiveBytes < 1 || maxEntries < 1 || maxLogChars < 1000
                || !network.matches("host|default|none|bridge")) {
            throw new IllegalStateException("testbed.build: workers, queue, max-archive-bytes and max-entries >= 1, "
                    + "max-log-chars >= 1000, network host|default|bridge|none");
        }
        this.cluster = cluster;
        this.nodes = nodes;
        this.registry = registry;
        this.baseImage = baseImage.contains("/") ? baseImage : registry.pull() + "/" + baseImage;
        this.limits = new SourceArchive.Limits(maxUnpacked, maxEntries);
        this.maxArchiveBytes = maxArchiveBytes;
        this.maxLogChars = maxLogChars;
        this.queueCapacity = queueCapacity;
        this.keep = keep;
        this.network = network;
        this.builder = new NodeBuilder(new NodeBuilder.Settings(Duration.ofMinutes(5), buildTimeout, pushTimeout, network));
        this.pool = new ThreadPoolExecutor(workers, workers, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(queueCapacity),
                r -> {
                    Thread t = new Thread(r, "function-build");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
    }

    /**
     * Checks the archive and the registration (its image left null: the build names it), then queues the build.
     * The command and handler default to the kind's runtime; a Dockerfile needs a command.
     */
    public Snapshot submit(FunctionRegistration request, byte[] archive) {
        if (archive == null || archive.length == 0) {
            throw TestbedException.badInput("the body must be the function's folder as a tar.gz archive; it is empty");
        }
        if (archive.length > maxArchiveBytes) {
            throw new TestbedException(TestbedException.Kind.TOO_LARGE, "the archive has " + archive.length
                    + " bytes; at most " + maxArchiveBytes + " (testbed.build.max-archive-bytes)", null, null);
        }
        SourceArchive source = SourceArchive.read(archive, limits);
        if (source.hasRequirements() && !network.equals("host")) {
            throw TestbedException.badInput(SourceArchive.REQUIREMENTS + " needs pip to reach a package index, and builds "
                    + "here have no network (testbed.build.network=" + network + "): put the packages in the folder next "
                    + "to handler.py, or deploy a Dockerfile whose base image has them");
        }
        String id = UUID.randomUUID().toString();
        // Each namespace's images under a path of their own: two namespaces' functions of one name never share one.
        String ns = request.namespace() == null ? FunctionId.DEFAULT_NAMESPACE : request.namespace();
        String repository = DeployedImages.repository(ns, request.name() == null ? "" : request.name());
        String tag = "b" + id.replace("-", "").substring(0, 16);
        CommandInput command = request.command() != null ? request.command()
                : source.kind().defaultCommand().map(CommandInput.Args::new).orElseThrow(() -> TestbedException.badInput(
                "a folder with a Dockerfile needs command (the argv a call runs in its container) and, if its image "
                        + "serves the handler contract, handler"));
        CommandInput handler = request.handler() != null ? request.handler()
                : source.kind().defaultHandler().map(CommandInput.Args::new).orElse(null);
        FunctionRegistration registration = new FunctionRegistration(request.name(),
                registry.pull() + "/" + repository + ":" + tag, command, request.keepAliveCommand(), handler,
                request.timeoutSeconds(), request.memoryMb(), request.concurrency(), request.minIdle(),
                request.maxContainers(), request.namespace());
        cluster.checkFunction(registration);
        registry.password(); // no password, no push: say so now rather than after the build
        if (nodes.all().stream().noneMatch(Node::healthy)) {
            throw new TestbedException(TestbedException.Kind.UNAVAILABLE, "no healthy node to build on", null, null);
        }
        expire();
        Build b = new Build(id, registration, source, registry.push() + "/" + repository + ":" + tag);
        builds.put(b.id, b);
        Snapshot accepted = b.snapshot();
        try {
            pool.execute(b);
        } catch (RejectedExecutionException full) {
            builds.remove(b.id);
            throw new TestbedException(TestbedException.Kind.OVERLOADED, "the build queue is full (" + queueCapacity
                    + " waiting; testbed.build.queue, testbed.build.workers)", null, null);
        }
        return accepted;
    }

    public Optional<Snapshot> get(String id) {
        return Optional.ofNullable(builds.get(id)).map(Build::snapshot);
    }

    public Optional<LogSlice> log(String id, int from) {
        return Optional.ofNullable(builds.get(id)).map(b -> {
            Status s = b.status; // read before the text: a finished status means the text is complete
            int length = b.log.length();
            return new LogSlice(b.log.from(from), Math.max(from, length), s);
        });
    }

    /** The most recent first, at most {@code limit}. */
    public List<Snapshot> list(int limit) {
        return builds.values().stream().sorted(Comparator.comparing((Build b) -> b.submittedAt).reversed())
                .limit(limit).map(Build::snapshot).toList();
    }

    /** The healthy node with the fewest builds, then the fewest invocations, running. */
    private Node pickNode() {
        Node n = nodes.all().stream().filter(Node::healthy)
                .min(Comparator.comparingInt((Node x) -> running.getOrDefault(x.name(), new AtomicInteger()).get())
                        .thenComparingInt(Node::inFlight))
                .orElseThrow(() -> new TestbedException(TestbedException.Kind.UNAVAILABLE, "no healthy node to build on",
                        null, null));
        running.computeIfAbsent(n.name(), k -> new AtomicInteger()).incrementAndGet();
        return n;
    }

    private void expire() {
        long now = System.nanoTime();
        builds.values().removeIf(b -> b.status.finished() && now - b.endedNanos > keep.toNanos());
    }

    /** Builds still queued will not run in this gateway: they end as failed rather than vanish. */
    void stop(@Observes ShutdownEvent event) {
        List<Runnable> waiting = new ArrayList<>();
        pool.getQueue().drainTo(waiting);
        pool.shutdown();
        for (Runnable r : waiting) {
            Build b = (Build) r;
            synchronized (b) {
                if (b.status == Status.QUEUED) {
                    b.end(Status.FAILED, "the gateway stopped before the build started");
                }
            }
        }
    }
}
