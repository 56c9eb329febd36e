package faastestbed.gateway.invocation;

import faastestbed.common.metrics.ContainerUse;
import faastestbed.common.metrics.MetricsRecord;
import faastestbed.common.metrics.Timings;
import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.Failure;
import faastestbed.common.model.Source;
import faastestbed.common.model.InvocationPath;
import faastestbed.common.model.InvocationStatus;
import faastestbed.common.model.StartType;
import faastestbed.common.model.StateCheck;
import faastestbed.gateway.config.SettingsHolder;
import faastestbed.gateway.config.TestbedSettings;
import faastestbed.gateway.domain.TestbedException.Kind;
import faastestbed.gateway.domain.TestbedException;
import faastestbed.gateway.function.FunctionRegistry;
import faastestbed.gateway.namespace.NamespaceGate;
import faastestbed.gateway.namespace.NamespaceRegistry;
import faastestbed.gateway.function.FunctionSpec;
import faastestbed.gateway.metrics.MetricsRecorder;
import faastestbed.gateway.node.Admission;
import faastestbed.gateway.node.LoadSample;
import faastestbed.gateway.node.Node;
import faastestbed.gateway.node.NodeRegistry;
import faastestbed.gateway.pool.ContainerPools;
import faastestbed.gateway.pool.PoolException;
import faastestbed.gateway.pool.PoolService;
import faastestbed.gateway.runtime.Endpoint;
import faastestbed.gateway.runtime.HandlerClient;
import faastestbed.gateway.runtime.HandlerFailure;
import faastestbed.gateway.runtime.HandlerResponse;
import faastestbed.gateway.ssh.CommandResult;
import faastestbed.gateway.ssh.ShellQuote;
import faastestbed.gateway.ssh.SshFailure;
import faastestbed.policy.scheduling.ClusterSnapshot;
import faastestbed.policy.scheduling.FunctionState;
import faastestbed.policy.scheduling.NodeView;
import faastestbed.policy.scheduling.SchedulingPolicy;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One invocation: pick a node with the current policy, run the function there as the current mode says, record
 * a CSV row whatever happens. Execution time runs from the request's arrival to the answer being ready; it
 * leaves out only a wait for the previous cold invocation's image removal on the same node (a testbed artefact).
 */
@ApplicationScoped
public class InvocationService {
    private static final Logger LOG = Logger.getLogger(InvocationService.class);

    private final NodeRegistry nodes;
    private final FunctionRegistry functions;
    private final SettingsHolder settings;
    private final MetricsRecorder metrics;
    private final NodePreparer preparer;
    private final PoolService pools;
    private final Duration invocationTimeout;
    private final Duration pullTimeout;
    private final int maxPayloadBytes;
    private final int maxOutputBytes;
    /** Decisions are serialised so that in-flight counts seen by the next decision include this one. */
    private final Object decisions = new Object();
    /** How many more nodes a call is tried on after a platform failure before its function started. */
    private final int retries;
    private final Duration shutdownDeadline;
    private final boolean shutdownRemovesContainers;
    private final InFlight inFlight = new InFlight();
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final NamespaceRegistry namespaces;
    private final NamespaceGate namespaceGate = new NamespaceGate();

    @Inject
    public InvocationService(NodeRegistry nodes, FunctionRegistry functions, SettingsHolder settings,
                             MetricsRecorder metrics, NodePreparer preparer, PoolService pools,
                             NamespaceRegistry namespaces,
                             @ConfigProperty(name = "testbed.invocation.timeout") Duration invocationTimeout,
                             @ConfigProperty(name = "testbed.pull.timeout") Duration pullTimeout,
                             @ConfigProperty(name = "testbed.payload.max-bytes", defaultValue = "6291456") int maxPayloadBytes,
                             @ConfigProperty(name = "testbed.output.max-bytes", defaultValue = "6291456") int maxOutputBytes,
                             @ConfigProperty(name = "testbed.retry.platform-failures", defaultValue = "1") int retries,
                             @ConfigProperty(name = "testbed.shutdown.deadline", defaultValue = "25s") Duration shutdownDeadline,
                             @ConfigProperty(name = "testbed.shutdown.remove-containers", defaultValue = "true")
                             boolean shutdownRemovesContainers,
                             @ConfigProperty(name = "testbed.state.enabled", defaultValue = "true") boolean keepsState) {
        if (retries < 0 || retries > 8) {
            throw new IllegalStateException("testbed.retry.platform-failures must be between 0 and 8, was " + retries);
        }
        this.retries = retries;
        this.namespaces = namespaces;
        this.shutdownDeadline = shutdownDeadline;
        // With state kept, the next gateway knows the nodes and their functions and adopts what is on them (warm
        // containers, cached images), removing the rest; a stop removes only what the calls it cut off left.
        this.shutdownRemovesContainers = shutdownRemovesContainers && !keepsState;
        this.nodes = nodes;
        this.functions = functions;
        this.settings = settings;
        this.metrics = metrics;
        this.preparer = preparer;
        this.pools = pools;
        this.invocationTimeout = invocationTimeout;
        this.pullTimeout = pullTimeout;
        this.maxPayloadBytes = maxPayloadBytes;
        this.maxOutputBytes = maxOutputBytes;
    }

    /**
     * What running the function on the chosen node produced, before it becomes a result and a CSV row.
     *
     * @param sshMs  opening SSH sessions and channels
     * @param runMs  docker run/exec, or the request to the handler
     * @param initMs handler container start to ready; -1 when none was started
     */
    private record Outcome(InvocationPath path, boolean ok, Integer exitCode, byte[] output, String error, long sshMs,
                           long pullMs, long runMs, long initMs, Double functionMs, long waitedMs, StateCheck check,
                           ContainerUse container, boolean platform, boolean beforeStart, boolean engineDown) {
        /** A docker run or exec: its failure is the platform's when the verdict (probed, see judge) says so. */
        static Outcome of(CommandResult r, long sshMs, long pullMs, long waitedMs, StateCheck check,
                          DockerVerdict.Verdict v) {
            return new Outcome(InvocationPath.EXEC, r.ok(), r.exitCode(), r.out(), r.stderr().strip(), sshMs, pullMs,
                    r.durationMs(), -1, null, waitedMs, check, null, v.platform(), v.beforeStart(), v.engineDown());
        }

        /** A pull that failed: the function never ran, the platform failed. */
        static Outcome pullFailed(CommandResult pull, long sshMs, long waitedMs, StateCheck check) {
            return new Outcome(InvocationPath.EXEC, false, pull.exitCode(), new byte[0],
                    "docker pull failed: " + pull.stderr().strip(), sshMs, pull.durationMs(), -1, -1, null, waitedMs,
                    check, null, true, true, DockerCommands.mentionsEngineUnreachable(pull.stderr()));
        }

        /** The same outcome, served by a container of the dynamic pool. */
        Outcome in(ContainerUse use) {
            return new Outcome(path, ok, exitCode, output, error, sshMs, pullMs, runMs, initMs, functionMs, waitedMs,
                    check, use, platform, beforeStart, engineDown);
        }

        static Outcome of(HandlerClient.Reply r, long sshMs, long pullMs, long initMs, long waitedMs, StateCheck check) {
            HandlerResponse h = r.response();
            Double fnMs = Double.isNaN(h.functionMs()) ? null : h.functionMs();
            byte[] out = h.ok() ? h.body() : new byte[0];
            String err = h.ok() ? "" : new String(h.body(), StandardCharsets.UTF_8).strip();
            return new Outcome(InvocationPath.HANDLER, h.ok(), h.exitCode(), out, err, sshMs + r.channelMs(), pullMs,
                    r.requestMs(), initMs, fnMs, waitedMs, check, null, false, false, false);
        }
    }

    /** The handler path failed on the node (not the function): NODE_FAILED or TIMED_OUT, and the row says why. */
    private static final class NodeSideFailure extends RuntimeException {
        final Kind kind;
        final long initMs;
        /** The pool container the call was in (dynamic mode); null otherwise. */
        final ContainerUse container;
        /** Nothing of the function ran: safe to run it on another node. */
        final boolean beforeStart;
        /** docker said the node's engine does not answer. */
        final boolean engineDown;

        NodeSideFailure(Kind kind, String message, long initMs, Throwable cause, boolean beforeStart) {
            this(kind, message, initMs, cause, null, beforeStart);
        }

        NodeSideFailure(Kind kind, String message, long initMs, Throwable cause, ContainerUse container,
                        boolean beforeStart) {
            super(message, cause);
            this.kind = kind;
            this.initMs = initMs;
            this.container = container;
            this.beforeStart = beforeStart;
            this.engineDown = engineUnreachable(cause);
        }

        /** A docker failure seen in a command's result. */
        NodeSideFailure(Outcome o) {
            super(o.error(), null);
            this.kind = Kind.NODE_FAILED;
            this.initMs = o.initMs();
            this.container = o.container();
            this.beforeStart = o.beforeStart();
            this.engineDown = o.engineDown();
        }
    }

    /**
     * @param payload       the request body, handed to the function (stdin on the exec path, the body of
     *                      {@code POST /run} on the handler path)
     * @param requestedPath this call's path, overriding the configured one; null: the configured one
     */
    public InvocationResult invoke(String functionName, byte[] payload, InvocationPath requestedPath) {
        return invoke(functionName, payload, requestedPath, UUID.randomUUID().toString(), System.nanoTime(),
                Instant.now(), 0);
    }

    /**
     * Refuses what can never run (unknown function, payload over the limit, a path it lacks) before anything is
     * queued or recorded, exactly as a synchronous call would.
     */
    public FunctionSpec check(String functionName, byte[] payload, InvocationPath requestedPath) {
        FunctionSpec f = functions.get(functionName);
        if (payload.length > maxPayloadBytes) {
            throw new TestbedException(Kind.TOO_LARGE, "payload of " + payload.length + " bytes is over the limit of "
                    + maxPayloadBytes + " bytes (testbed.payload.max-bytes)", null, null);
        }
        if (requestedPath == InvocationPath.HANDLER && !f.hasHandler()) {
            throw TestbedException.badInput("function '" + f.name() + "' has no handler; it runs on the exec path only");
        }
        return f;
    }

    /**
     * An invocation accepted earlier (asynchronously): its id, when it arrived, and how long it waited for a worker
     * already. Its time counts from its arrival, and the wait is part of its row's Queue (ms).
     */
    InvocationResult invoke(String functionName, byte[] payload, InvocationPath requestedPath, String id, long t0,
                            Instant receivedAt, long waitedMs) {
        FunctionSpec f = check(functionName, payload, requestedPath);
        Setup setup = setup(f, requestedPath);
        TestbedSettings s = setup.s();
        InvocationPath path = setup.path();
        SchedulingPolicy policy = setup.policy();
        String keepAlive = setup.keepAlive();
        String label = setup.label();

        String namespace = f.namespace();
        int nsLimit = namespaces.limits(namespace).maxConcurrent();
        if (!namespaceGate.tryEnter(namespace, nsLimit)) {
            String why = "namespace '" + namespace + "' is at its limit of " + nsLimit + " invocations at once";
            metrics.record(row(failed(id, f, "", policy, s.mode(), path, label, InvocationStatus.REJECTED, why, t0,
                    new Timings(0, -1, -1, -1), Double.NaN, Double.NaN, payload.length, Failure.NONE, 0), receivedAt, s));
            throw new TestbedException(Kind.OVERLOADED, why, Map.of("invocationId", id, "status", "rejected"), null);
        }
        try {
            return admitted(f, payload, setup, id, t0, receivedAt, waitedMs);
        } finally {
            namespaceGate.leave(namespace);
        }
    }

    private InvocationResult admitted(FunctionSpec f, byte[] payload, Setup setup, String id, long t0,
                                      Instant receivedAt, long waitedMs) {
        TestbedSettings s = setup.s();
        InvocationPath path = setup.path();
        SchedulingPolicy policy = setup.policy();
        String keepAlive = setup.keepAlive();
        String label = setup.label();
        Duration timeout = f.timeoutOr(invocationTimeout);
        InFlight.Ticket ticket;
        try {
            ticket = inFlight.admit(id);
        } catch (InFlight.Draining e) {
            InvocationResult r = failed(id, f, "", policy, s.mode(), path, label, InvocationStatus.REJECTED,
                    e.getMessage(), t0, new Timings(0, -1, -1, -1), Double.NaN, Double.NaN, payload.length,
                    Failure.NONE, 0);
            metrics.record(row(r, receivedAt, s));
            throw new TestbedException(Kind.UNAVAILABLE, e.getMessage(), Map.of("invocationId", id, "status", "rejected"), null);
        }
        Call call = new Call(id, f, payload, path, policy, s, label, keepAlive, timeout, t0, receivedAt, ticket, waitedMs);
        calls.put(id, call);
        try (ticket) {
            return attempts(call);
        } catch (TestbedException e) {
            throw e;
        } catch (RuntimeException e) {
            // Whatever went wrong in the gateway itself, the accepted call keeps its row.
            LOG.errorf(e, "invocation %s of %s failed inside the gateway", id, f.name());
            if (ticket.claimRow()) {
                metrics.record(row(failed(call, ticket.node(), InvocationStatus.FAILED, "the gateway failed: " + e,
                        new Timings(-1, -1, -1, -1), Double.NaN, Double.NaN, Failure.PLATFORM, 1), receivedAt, s));
            }
            throw new TestbedException(Kind.NODE_FAILED, "the gateway failed: " + e,
                    Map.of("invocationId", id, "status", "failed", "failure", Failure.PLATFORM.id(), "attempts", 1), e);
        } finally {
            calls.remove(id);
        }
    }

    /**
     * A stopping gateway takes no new invocations (503, with a row), lets those in flight finish until the deadline,
     * writes a row for each still running, and stops what they left on the nodes, before the SSH connections and
     * the CSV close (their observers and disposers run after this one). Usually {@link StopSequence} has done this
     * already, while HTTP still served, when the JVM was asked to stop; then nothing is left to do here.
     */
    void drain(@Observes @Priority(1) ShutdownEvent event) {
        cutOff(System.nanoTime());
    }

    /**
     * The drain itself, once: the first caller does it, a later one waits for it to end and returns.
     *
     * @param requestedNanos when the stop was asked for; in-flight calls get {@code testbed.shutdown.deadline} from then
     */
    void cutOff(long requestedNanos) {
        synchronized (cutOffLock) {
            if (cutOffDone) {
                return;
            }
            try {
                cutOffOnce(requestedNanos);
            } finally {
                cutOffDone = true;
            }
        }
    }

    private final Object cutOffLock = new Object();
    private boolean cutOffDone;

    private void cutOffOnce(long requested) {
        long start = System.nanoTime();
        int running = inFlight.size();
        List<InFlight.Ticket> left;
        try {
            left = inFlight.drain(requested + shutdownDeadline.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            left = List.copyOf(inFlight.open());
        }
        LOG.infof("stopping: %d invocation(s) in flight, %d finished within %d ms, %d cut off", running,
                running - left.size(), (System.nanoTime() - start) / 1_000_000, left.size());
        // Every row first (cheap, local), then the nodes (SSH, possibly to a dead node), within a budget of its own.
        List<InFlight.Ticket> cut = new ArrayList<>();
        for (InFlight.Ticket t : left) {
            Call c = calls.get(t.id);
            if (c == null || !t.claimRow()) {
                continue;
            }
            String why = "the gateway stopped before the invocation ended (deadline " + shutdownDeadline.toSeconds()
                    + " s, testbed.shutdown.deadline)";
            LoadSample load = nodes.find(t.node()).map(Node::load).orElse(LoadSample.NONE);
            metrics.record(row(failed(c, t.node(), InvocationStatus.FAILED, why, new Timings(-1, -1, -1, -1),
                    load.cpuPercent(), load.ramPercent(), Failure.PLATFORM, 1), c.receivedAt(), c.s()));
            cut.add(t);
        }
        List<java.util.concurrent.Callable<Void>> cleanups = new ArrayList<>();
        if (shutdownRemovesContainers) {
            // The gateway's knowledge of warm and pooled containers dies with it; a clean node is what the next start
            // expects (and it removes what a killed gateway could not). This covers the cut-off calls' containers.
            for (Node n : nodes.all()) {
                if (n.healthy()) {
                    cleanups.add(() -> {
                        n.ssh().exec(DockerCommands.removeAllOfOurs(), null, Duration.ofSeconds(10));
                        return null;
                    });
                }
            }
        } else {
            for (InFlight.Ticket t : cut) {
                Node n = nodes.find(t.node()).orElse(null);
                if (n != null && n.healthy() && t.ownContainer() && !t.container().isEmpty()) {
                    cleanups.add(() -> {
                        n.ssh().run(DockerCommands.removeContainer(t.container()), Duration.ofSeconds(10));
                        return null;
                    });
                }
            }
        }
        java.util.concurrent.ExecutorService cleaners = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, Math.min(16, cleanups.size())));
        try {
            for (var f : cleaners.invokeAll(cleanups, CLEANUP_BUDGET.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
                    LOG.warnf("cleaning a node at shutdown failed or took over %d s: %s", CLEANUP_BUDGET.toSeconds(),
                            e.getCause() == null ? e.toString() : e.getCause().getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            cleaners.shutdownNow();
        }
        // A call whose container was just removed wakes up and answers 503 ("the gateway stopped before the
        // invocation ended"; its row is written already) while HTTP still serves: give those answers a moment.
        if (cut.isEmpty()) {
            return;
        }
        try {
            boolean answered = inFlight.awaitEnded(cut, System.nanoTime() + ANSWER_BUDGET.toNanos());
            Thread.sleep(100);  // the answer is written after the call's ticket closes
            if (!answered) {
                List<InFlight.Ticket> open = List.copyOf(inFlight.open());
                LOG.infof("stopping: %d cut-off invocation(s) still waiting for their node; their clients see the"
                        + " connection close", cut.stream().filter(open::contains).count());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the nodes' clean-up may take after the deadline (compose gives the gateway 45 s in all). */
    private static final Duration CLEANUP_BUDGET = Duration.ofSeconds(10);
    /** How long cut-off calls may take to answer once their containers are gone (within compose's 45 s). */
    private static final Duration ANSWER_BUDGET = Duration.ofSeconds(3);


    /** One accepted invocation and what every attempt of it shares. */
    private record Call(String id, FunctionSpec f, byte[] payload, InvocationPath path, SchedulingPolicy policy,
                        TestbedSettings s, String label, String keepAlive, Duration timeout, long t0,
                        Instant receivedAt, InFlight.Ticket ticket, long waitedMs) {
    }

    /**
     * Places the call and runs it; a platform failure before the function started sends it once more (as
     * {@code testbed.retry.platform-failures} says) to a node it has not tried. Exactly one row per call.
     */
    private InvocationResult attempts(Call c) {
        FunctionSpec f = c.f();
        TestbedSettings s = c.s();
        Set<String> tried = new HashSet<>();
        Node node = choose(c, tried);
        int attempts = 0;
        RuntimeException earlier = null;  // the platform failure that sent the call to another node, if one did
        while (true) {
            long schedulingMs = Math.max(0, Math.round((System.nanoTime() - c.t0()) / 1e6) - c.waitedMs());
            if (node == null) {
                String why = nodes.all().isEmpty() ? "no node is registered"
                        : "policy '" + c.policy().name() + "' found no suitable node (all unhealthy or over the RAM threshold)";
                InvocationResult r = failed(c, "", InvocationStatus.REJECTED, why, new Timings(schedulingMs, -1, -1, -1),
                        Double.NaN, Double.NaN, Failure.NONE, attempts);
                record(c, r);
                throw new TestbedException(Kind.UNAVAILABLE, why, Map.of("invocationId", c.id(), "status", "rejected"), null);
            }
            Node current = node;
            attempts++;
            tried.add(current.name());
            c.ticket().at(current.name());
            LoadSample load = current.load();
            long queuedMs;
            try {
                queuedMs = current.admission().enter(c.timeout());
            } catch (Admission.QueueFull | Admission.WaitTimedOut | InterruptedException e) {
                current.endInvocation();
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                boolean full = e instanceof Admission.QueueFull;
                String why = "node '" + current.name() + "' " + (full ? "is full: " : "had no free slot: ") + e.getMessage();
                if (earlier != null) {
                    // The second node had no room: the call failed because of the first node, and says so.
                    String both = earlier.getMessage() + "; then " + why;
                    record(c, failed(c, current.name(), InvocationStatus.FAILED, both, new Timings(schedulingMs, -1, -1, -1),
                            load.cpuPercent(), load.ramPercent(), Failure.PLATFORM, attempts));
                    throw new TestbedException(Kind.NODE_FAILED, both,
                            Map.of("invocationId", c.id(), "status", "failed", "node", current.name(), "failure",
                                    Failure.PLATFORM.id(), "attempts", attempts), earlier);
                }
                InvocationResult r = failed(c, current.name(), InvocationStatus.REJECTED, why,
                        new Timings(schedulingMs, -1, -1, -1), load.cpuPercent(), load.ramPercent(), Failure.NONE, attempts);
                record(c, r);
                throw new TestbedException(full ? Kind.OVERLOADED : Kind.UNAVAILABLE, why,
                        Map.of("invocationId", c.id(), "status", "rejected", "node", current.name()), null);
            }
            Node next = null;
            try {
                Outcome o = execute(c, current);
                if (!o.ok() && o.platform()) {
                    throw new NodeSideFailure(o);
                }
                InvocationStatus status = o.ok() ? InvocationStatus.OK : InvocationStatus.FAILED;
                InvocationResult.EncodedOutput out = InvocationResult.encode(o.output());
                InvocationResult r = new InvocationResult(c.id(), f.name(), current.name(), c.policy().name(), s.mode(),
                        o.path(), c.label(), status, o.exitCode(), out.text(), out.encoding(), o.error(), o.check(),
                        seconds(c.t0(), o.waitedMs()),
                        new Timings(schedulingMs, o.sshMs(), o.pullMs(), o.runMs(), o.initMs(), queuedMs + c.waitedMs()),
                        o.functionMs(),
                        c.payload().length, o.output().length, load.cpuPercent(), load.ramPercent(), o.output(),
                        o.container() != null ? o.container() : ContainerUse.of(StartType.of(s.mode())),
                        o.ok() ? Failure.NONE : Failure.FUNCTION, attempts);
                record(c, r);
                return r;
            } catch (SshFailure | NodeSideFailure | HandlerFailure | PoolException e) {
                boolean rejected = e instanceof PoolException p && p.kind() != PoolException.Kind.START_FAILED;
                boolean beforeStart = startedNothing(e);
                if (e instanceof NodeSideFailure n ? n.engineDown : e instanceof PoolException && engineUnreachable(e)) {
                    current.engineDown("the node's Docker engine does not answer: " + e.getMessage());
                }
                if (beforeStart && !rejected && attempts <= retries && !inFlight.draining()) {
                    next = choose(c, tried);
                    if (next != null) {
                        earlier = e;
                        LOG.infof("invocation %s of %s: platform failure on %s before the function started (%s);"
                                + " trying %s", c.id(), f.name(), current.name(), e.getMessage(), next.name());
                        continue;
                    }
                }
                // The node or the platform failed, not the function: a row, then NODE_FAILED (TIMED_OUT for a
                // timeout; UNAVAILABLE when the pool had no room for the call in its time).
                long initMs = e instanceof NodeSideFailure n ? n.initMs : -1;
                InvocationResult r = failed(c, current.name(), rejected ? InvocationStatus.REJECTED : InvocationStatus.FAILED,
                        e.getMessage(), new Timings(schedulingMs, -1, -1, -1, initMs, queuedMs), load.cpuPercent(),
                        load.ramPercent(), rejected ? Failure.NONE : Failure.PLATFORM, attempts);
                if (e instanceof NodeSideFailure n && n.container != null) {
                    r = r.with(n.container);
                } else if (e instanceof PoolException) {
                    r = r.with(new ContainerUse(null, c.keepAlive(), -1, "", f.demand().memoryMb()));
                }
                record(c, r);
                Kind kind = e instanceof PoolException p && p.kind() == PoolException.Kind.NAMESPACE_FULL ? Kind.OVERLOADED
                        : rejected ? Kind.UNAVAILABLE : failureKind(e);
                throw new TestbedException(kind, e.getMessage(), Map.of("invocationId", c.id(),
                        "status", r.status().id(), "node", current.name(), "failure", r.failure().id(), "attempts", attempts),
                        e instanceof NodeSideFailure ? e.getCause() : e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                // Interrupted while running (a worker stopped, a client's thread cancelled): whoever claims the row
                // first writes it; a stopping gateway may have written it already.
                String why = "interrupted on node '" + current.name() + "' before the invocation ended";
                if (c.ticket().claimRow()) {
                    metrics.record(row(failed(c, current.name(), InvocationStatus.FAILED, why,
                            new Timings(schedulingMs, -1, -1, -1), load.cpuPercent(), load.ramPercent(), Failure.PLATFORM,
                            attempts), c.receivedAt(), s));
                }
                throw new TestbedException(Kind.UNAVAILABLE, why, Map.of("invocationId", c.id(), "status", "failed",
                        "failure", Failure.PLATFORM.id(), "attempts", attempts), e);
            } finally {
                current.admission().leave();
                current.endInvocation();
                node = next;
            }
        }
    }

    /** The node the policy picks among those not tried yet; its in-flight count already includes this call. */
    private Node choose(Call c, Set<String> tried) {
        synchronized (decisions) {
            ClusterSnapshot snapshot = new ClusterSnapshot(c.f().name(), c.f().demand().memoryMb(),
                    nodes.all().stream().filter(n -> !tried.contains(n.name())).map(n -> pools.view(n, c.f())).toList());
            Node node = c.policy().select(snapshot).flatMap(v -> nodes.find(v.name())).orElse(null);
            if (node != null) {
                node.startInvocation();
            }
            return node;
        }
    }

    /** The call on the chosen node, as the mode and path say. */
    private Outcome execute(Call c, Node node) throws InterruptedException {
        ExecutionMode mode = c.s().mode();
        if (mode == ExecutionMode.DYNAMIC) {
            return dynamic(c, node);
        }
        if (c.path() == InvocationPath.HANDLER) {
            return switch (mode) {
                case COLD -> viaHandlerInNewContainer(c, node, true);
                case PRE_WARMED -> viaHandlerInNewContainer(c, node, false);
                case WARMED -> viaWarmHandler(c, node);
                case DYNAMIC -> throw new IllegalStateException("the dynamic mode has its own path");
            };
        }
        return switch (mode) {
            case COLD -> cold(c, node);
            case PRE_WARMED -> preWarmed(c, node);
            case WARMED -> warmed(c, node);
            case DYNAMIC -> throw new IllegalStateException("the dynamic mode has its own path");
        };
    }

    /** TIMED_OUT when the node or handler timed out, else NODE_FAILED (a NodeSideFailure carries its own). */
    private static Kind failureKind(RuntimeException e) {
        if (e instanceof NodeSideFailure n) {
            return n.kind;
        }
        boolean timedOut = e instanceof SshFailure sf ? sf.kind() == SshFailure.Kind.TIMEOUT
                : e instanceof HandlerFailure hf && hf.kind() == HandlerFailure.Kind.TIMEOUT;
        return timedOut ? Kind.TIMED_OUT : Kind.NODE_FAILED;
    }

    /**
     * Whether the failure came before the function's process started, so that running it elsewhere cannot run it
     * twice: no connection, an engine that did not answer, a container that would not start, a handler not there.
     */
    private static boolean startedNothing(RuntimeException e) {
        if (e instanceof NodeSideFailure n) {
            return n.beforeStart;
        }
        if (e instanceof SshFailure sf) {
            return switch (sf.kind()) {
                case UNREACHABLE, AUTH_FAILED, HOST_KEY_CHANGED, TARGET_REFUSED -> true;
                case TIMEOUT, CHANNEL -> false;
            };
        }
        if (e instanceof HandlerFailure hf) {
            return hf.kind() == HandlerFailure.Kind.REFUSED || hf.kind() == HandlerFailure.Kind.NODE;
        }
        return e instanceof PoolException p && p.kind() == PoolException.Kind.START_FAILED;
    }

    /**
     * The row of an accepted call that never reached a node: refused by a full asynchronous queue (REJECTED), or
     * still waiting when the gateway stopped (FAILED, the platform's). Labelled with the settings of now.
     */
    void recordNotRun(String id, String function, InvocationPath requestedPath, Instant receivedAt, long t0,
                      InvocationStatus status, String why) {
        FunctionSpec spec = functions.find(function).orElseGet(() -> new FunctionSpec(function, "-", List.of("-"),
                FunctionSpec.DEFAULT_KEEP_ALIVE, receivedAt));
        Setup setup = setup(spec, requestedPath);
        long waited = (System.nanoTime() - t0) / 1_000_000;
        metrics.record(row(failed(id, spec, "", setup.policy(), setup.s().mode(), setup.path(), setup.label(), status, why,
                t0, new Timings(-1, -1, -1, -1, -1, waited), Double.NaN, Double.NaN, 0,
                status == InvocationStatus.FAILED ? Failure.PLATFORM : Failure.NONE, 0), receivedAt, setup.s()));
    }

    /** The settings a call runs under now, its path, and the row's "Execution Mode" label. */
    private record Setup(TestbedSettings s, SchedulingPolicy policy, InvocationPath path, String keepAlive, String label) {
    }

    private Setup setup(FunctionSpec f, InvocationPath requestedPath) {
        TestbedSettings s = settings.get();
        InvocationPath path = Objects.requireNonNullElse(requestedPath, s.path()) == InvocationPath.HANDLER
                && f.hasHandler() ? InvocationPath.HANDLER : InvocationPath.EXEC;
        SchedulingPolicy policy = settings.policy();
        String keepAlive = s.mode() == ExecutionMode.DYNAMIC ? s.keepAlive() : "";
        return new Setup(s, policy, path, keepAlive, InvocationPath.label(policy.displayName(), s.mode(), keepAlive, path));
    }

    private static InvocationResult failed(String id, FunctionSpec f, String node, SchedulingPolicy policy,
                                           ExecutionMode mode, InvocationPath path, String label,
                                           InvocationStatus status, String why, long t0, Timings timings,
                                           double cpu, double ram, long payloadBytes, Failure failure, int attempts) {
        // A dynamic row names its keep-alive even when no container was reached, so it stays with its cell.
        ContainerUse use = mode == ExecutionMode.DYNAMIC
                ? new ContainerUse(null, InvocationPath.keepAliveFromLabel(label), -1, "", -1) : ContainerUse.NONE;
        return new InvocationResult(id, f.name(), node, policy.name(), mode, path, label, status, null, "",
                InvocationResult.UTF8, why, StateCheck.UNKNOWN, seconds(t0, 0), timings, null, payloadBytes, -1, cpu,
                ram, new byte[0], use, failure, attempts);
    }

    private static InvocationResult failed(Call c, String node, InvocationStatus status, String why, Timings timings,
                                           double cpu, double ram, Failure failure, int attempts) {
        return failed(c.id(), c.f(), node, c.policy(), c.s().mode(), c.path(), c.label(), status, why, c.t0(), timings,
                cpu, ram, c.payload().length, failure, attempts);
    }

    /** Pull, then run. The image is removed after the answer, so the next cold invocation on this node is cold too. */
    private Outcome cold(Call c, Node node) throws InterruptedException {
        FunctionSpec f = c.f();
        long waited = node.coldGate().enter(f.image());
        try {
            CommandResult pull = node.ssh().run(DockerCommands.pull(f.image()), pullTimeout);
            if (!pull.ok()) {
                return Outcome.pullFailed(pull, pull.sessionMs(), waited, StateCheck.UNKNOWN);
            }
            StateCheck check = coldCheck(pull);
            String name = onceName(c);
            CommandResult run = runCommand(node, runOnce(c, name), c.payload(), c.timeout());
            return Outcome.of(run, pull.sessionMs() + run.sessionMs(), pull.durationMs(), waited, check,
                    judge(node, run, true, name));
        } finally {
            if (node.coldGate().leave(f.image())) {
                preparer.removeImageLater(node, f);
            }
        }
    }

    /** Image expected on the node: run without pulling. If it is missing, pull it, run, and flag the row. */
    private Outcome preWarmed(Call c, Node node) {
        FunctionSpec f = c.f();
        String name = onceName(c);
        CommandResult run = runCommand(node, runOnce(c, name), c.payload(), c.timeout());
        DockerVerdict.Verdict v = judge(node, run, true, name);
        if (v.platform() && !v.engineDown() && DockerCommands.saysNoSuchImage(run.stderr())) {
            // (docker's refusal, confirmed: a function that prints the same words ran, and is not run again)
            CommandResult pull = node.ssh().run(DockerCommands.pull(f.image()), pullTimeout);
            if (!pull.ok()) {
                return Outcome.pullFailed(pull, run.sessionMs() + pull.sessionMs(), 0, StateCheck.MISMATCH);
            }
            CommandResult retry = runCommand(node, runOnce(c, name), c.payload(), c.timeout());
            node.setState(f.name(), FunctionState.IMAGE_PRESENT);
            return Outcome.of(retry, run.sessionMs() + pull.sessionMs() + retry.sessionMs(), pull.durationMs(), 0,
                    StateCheck.MISMATCH, judge(node, retry, true, name));
        }
        return Outcome.of(run, run.sessionMs(), -1, 0, StateCheck.VERIFIED, v);
    }

    /** A one-shot container named after the call, so that a stopping gateway can find and stop it. */
    private static String onceName(Call c) {
        return "faas-once-" + c.f().id().containerKey() + "-" + c.id().substring(0, 8);
    }

    private List<String> runOnce(Call c, String name) {
        c.ticket().in(name, true);
        return DockerCommands.runOnce(c.f(), false, name, preparer.pidsLimit());
    }

    /** How long the probe that confirms a docker failure may take (its docker call has 5 s on the node). */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Whose failure a docker run or exec is. Only when its stderr carries docker's words is the node asked (over the
     * same connection, running nothing of the function) whether its engine answers and the function had a place to
     * run; a probe that itself fails leaves docker's words standing.
     */
    private DockerVerdict.Verdict judge(Node node, CommandResult r, boolean run, String container) {
        DockerVerdict.Claim claim = DockerVerdict.claim(r, run);
        if (claim == DockerVerdict.Claim.NONE) {
            return DockerVerdict.Verdict.FUNCTION;
        }
        long t0 = System.nanoTime();
        DockerVerdict.Probe probe;
        try {
            long sinceS = r.durationMs() / 1000 + 60;  // covers the call; the container's name is unique per call
            probe = DockerVerdict.parseProbe(node.ssh().exec(DockerVerdict.probeLine(run, container, sinceS), null,
                    PROBE_TIMEOUT), run);
        } catch (SshFailure e) {
            probe = DockerVerdict.Probe.SILENT;
        }
        DockerVerdict.Verdict v = DockerVerdict.decide(claim, r, run, probe);
        LOG.infof("%s on %s exited %d with docker's words (%s); probe in %d ms: %s -> %s", container, node.name(),
                r.exitCode(), claim, (System.nanoTime() - t0) / 1_000_000, probe, v.platform() ? "platform" : "function");
        return v;
    }

    /** docker said, in words of its own (never a function's output), that the node's engine does not answer. */
    private static boolean engineUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NodePreparer.PreparationFailure p) {
                return p.engineUnreachable();
            }
        }
        return false;
    }

    /** A warm container expected: exec into it. If it is gone, start one, exec, and flag the row. */
    private Outcome warmed(Call c, Node node) {
        FunctionSpec f = c.f();
        byte[] payload = c.payload();
        Duration timeout = c.timeout();
        c.ticket().in(f.warmContainerName(), false);
        CommandResult exec = runCommand(node, DockerCommands.exec(f), payload, timeout);
        if (exec.ok() || !DockerCommands.saysNoRunningContainer(exec.stderr()) || warmContainerRuns(node, f)) {
            // (A function may itself print "is not running": only docker's own view of the container decides.)
            return Outcome.of(exec, exec.sessionMs(), -1, 0, StateCheck.VERIFIED,
                    judge(node, exec, false, f.warmContainerName()));
        }
        LOG.debugf("no warm container of %s on %s: starting one", f.name(), node.name());
        long pullMs;
        try {
            pullMs = preparer.ensureWarm(node, f);
        } catch (NodePreparer.PreparationFailure e) {
            throw new NodeSideFailure(Kind.NODE_FAILED, "no warm container of " + f.name() + " on " + node.name()
                    + " and starting one failed: " + e.getMessage(), -1, e, true);
        }
        CommandResult retry = runCommand(node, DockerCommands.exec(f), payload, timeout);
        return Outcome.of(retry, exec.sessionMs() + retry.sessionMs(), pullMs, 0, StateCheck.MISMATCH,
                judge(node, retry, false, f.warmContainerName()));
    }

    /**
     * The dynamic mode: a container of the node's pool (idle, else started, evicting idle ones if memory is short,
     * else waiting), then the call through its handler or by exec into it. A container whose handler died or hung
     * leaves the pool; any other stays as the keep-alive policy says.
     */
    private Outcome dynamic(Call c, Node node) throws InterruptedException {
        FunctionSpec f = c.f();
        byte[] payload = c.payload();
        Duration timeout = c.timeout();
        InvocationPath path = c.path();
        String keepAlive = c.keepAlive();
        ContainerPools.Lease lease = pools.acquire(node, f, timeout);
        c.ticket().in(lease.container(), false);
        ContainerUse use = new ContainerUse(lease.startType(), keepAlive, lease.waitMs(), lease.container(),
                lease.memoryMb());
        boolean reusable = false;
        try {
            Outcome o;
            if (path == InvocationPath.HANDLER) {
                HandlerClient.Reply reply;
                try {
                    reply = call(node, f, lease.endpoint(), payload, timeout, lease.initMs(), false);
                } catch (NodeSideFailure e) {
                    throw new NodeSideFailure(e.kind, e.getMessage(), e.initMs, e.getCause(), use, e.beforeStart);
                }
                o = Outcome.of(reply, lease.sshMs(), lease.pullMs(), lease.initMs(), 0, StateCheck.VERIFIED);
            } else {
                CommandResult r = runCommand(node, DockerCommands.exec(f, lease.container()), payload, timeout);
                DockerVerdict.Verdict v = judge(node, r, false, lease.container());
                o = Outcome.of(r, lease.sshMs() + r.sessionMs(), lease.pullMs(), 0, StateCheck.VERIFIED, v);
                if (v.platform() && !v.engineDown() && DockerCommands.saysNoRunningContainer(r.stderr())) {
                    // docker's answer that the container is not there, confirmed by docker's own view of it
                    throw new NodeSideFailure(Kind.NODE_FAILED, "the container " + lease.container() + " of " + f.name() + " on "
                            + node.name() + " is gone: " + r.stderr().strip(), lease.initMs(), null, use, true);
                }
                if (o.platform()) {
                    throw new NodeSideFailure(o.in(use));
                }
            }
            reusable = true;
            return o.in(use);
        } finally {
            pools.release(lease, reusable);
        }
    }

    /** A cold start is verified when the pull really downloaded the image. */
    private static StateCheck coldCheck(CommandResult pull) {
        return DockerCommands.pullFoundImagePresent(pull.stdout()) ? StateCheck.MISMATCH : StateCheck.VERIFIED;
    }

    private CommandResult runCommand(Node node, List<String> argv, byte[] payload, Duration timeout) {
        return node.ssh().exec(DockerCommands.oomBeforeEngine(ShellQuote.join(argv)), payload, timeout, maxOutputBytes);
    }

    /**
     * Cold (pull first) or pre-warmed on the handler path: start a container running the handler, wait until it
     * answers ready (the row's init time), send the request, and remove the container after answering.
     */
    private Outcome viaHandlerInNewContainer(Call c, Node node, boolean cold) throws InterruptedException {
        FunctionSpec f = c.f();
        byte[] payload = c.payload();
        Duration timeout = c.timeout();
        long waited = cold ? node.coldGate().enter(f.image()) : 0;
        String container = null;
        try {
            long pullMs = -1;
            long sshMs = 0;
            StateCheck check = StateCheck.VERIFIED;
            if (cold) {
                CommandResult pull = node.ssh().run(DockerCommands.pull(f.image()), pullTimeout);
                if (!pull.ok()) {
                    return Outcome.pullFailed(pull, pull.sessionMs(), waited, StateCheck.UNKNOWN);
                }
                pullMs = pull.durationMs();
                sshMs += pull.sessionMs();
                check = coldCheck(pull);
            }
            String name = "faas-once-" + f.id().containerKey() + "-" + c.id().substring(0, 8);
            c.ticket().in(name, true);
            NodePreparer.StartedHandler started;
            try {
                started = preparer.startHandler(node, f, DockerCommands.startHandlerOnce(f, name, preparer.pidsLimit()));
            } catch (NodePreparer.PreparationFailure e) {
                if (!cold && DockerCommands.saysNoSuchImage(e.getMessage())) {
                    // Pre-warmed promised the image: pull it, start again, and flag the row.
                    CommandResult pull = node.ssh().run(DockerCommands.pull(f.image()), pullTimeout);
                    if (!pull.ok()) {
                        return Outcome.pullFailed(pull, pull.sessionMs(), waited, StateCheck.MISMATCH);
                    }
                    node.setState(f.name(), FunctionState.IMAGE_PRESENT);
                    pullMs = pull.durationMs();
                    check = StateCheck.MISMATCH;
                    started = startOrFail(node, f, DockerCommands.startHandlerOnce(f, name, preparer.pidsLimit()));
                } else {
                    container = name;
                    throw new NodeSideFailure(Kind.NODE_FAILED, e.getMessage(), -1, e, true);
                }
            }
            container = started.endpoint().container();
            HandlerClient.Reply reply = call(node, f, started.endpoint(), payload, timeout, started.initMs(), false);
            return Outcome.of(reply, sshMs + started.sshMs(), pullMs, started.initMs(), waited, check);
        } finally {
            if (cold) {
                if (node.coldGate().leave(f.image())) {
                    preparer.removeImageLater(node, f);  // removes this function's containers first
                } else if (container != null) {
                    preparer.removeContainerLater(node, container);
                }
            } else if (container != null) {
                preparer.removeContainerLater(node, container);
            }
        }
    }

    private NodePreparer.StartedHandler startOrFail(Node node, FunctionSpec f, List<String> argv) {
        try {
            return preparer.startHandler(node, f, argv);
        } catch (NodePreparer.PreparationFailure e) {
            throw new NodeSideFailure(Kind.NODE_FAILED, e.getMessage(), -1, e, true);
        }
    }

    /**
     * Warmed on the handler path: a request to the running container's handler. If the container is gone (refused),
     * start one, send the request there, and flag the row.
     */
    private Outcome viaWarmHandler(Call c, Node node) {
        FunctionSpec f = c.f();
        byte[] payload = c.payload();
        Duration timeout = c.timeout();
        c.ticket().in(f.warmContainerName(), false);
        Optional<Endpoint> known = node.warmEndpoint(f.name());
        if (known.isPresent()) {
            try {
                HandlerClient.Reply reply = call(node, f, known.get(), payload, timeout, -1, true);
                return Outcome.of(reply, 0, -1, -1, 0, StateCheck.VERIFIED);
            } catch (HandlerFailure e) {
                // Refused: nothing listens. NODE: no answer to the channel open at all, as when the container and
                // its address are gone. Either way docker decides whether the promised container still runs.
                boolean gone = e.kind() == HandlerFailure.Kind.REFUSED
                        || (e.kind() == HandlerFailure.Kind.NODE && !warmContainerRuns(node, f));
                if (!gone) {
                    throw e;
                }
                LOG.debugf("warm handler of %s on %s unreachable (%s): replacing the container", f.name(), node.name(),
                        e.getMessage());
            }
        }
        long t0 = System.nanoTime();
        long pullMs;
        try {
            node.clearWarmEndpoint(f.name());
            pullMs = preparer.ensureWarm(node, f);
        } catch (NodePreparer.PreparationFailure e) {
            throw new NodeSideFailure(Kind.NODE_FAILED, "no warm container of " + f.name() + " on " + node.name()
                    + " and starting one failed: " + e.getMessage(), -1, e, true);
        }
        long initMs = Math.round((System.nanoTime() - t0) / 1e6);
        Endpoint ep = node.warmEndpoint(f.name()).orElseThrow(() -> new NodeSideFailure(Kind.NODE_FAILED,
                "the warm container of " + f.name() + " on " + node.name() + " has no handler address", initMs, null, true));
        HandlerClient.Reply reply = call(node, f, ep, payload, timeout, initMs, true);
        return Outcome.of(reply, 0, pullMs, initMs, 0, StateCheck.MISMATCH);
    }

    /**
     * One request to a handler. A handler that died answers 502 with its container's log tail (a warm one is
     * replaced on the next call); one that hangs past the timeout answers 504 and its container is killed.
     */
    private HandlerClient.Reply call(Node node, FunctionSpec f, Endpoint ep, byte[] payload, Duration timeout,
                                     long initMs, boolean warm) {
        try {
            return node.handlers().run(ep, payload, timeout, maxOutputBytes);
        } catch (HandlerFailure e) {
            switch (e.kind()) {
                case REFUSED, NODE -> {
                    if (warm) {
                        throw e;  // the caller decides whether the container is gone and replaces it
                    }
                    throw new NodeSideFailure(Kind.NODE_FAILED, e.getMessage(), initMs, e, true);
                }
                case BROKEN -> {
                    if (warm) {
                        node.clearWarmEndpoint(f.name());
                    }
                    String tail = preparer.logsTail(node, ep.container());
                    throw new NodeSideFailure(Kind.NODE_FAILED, "the handler of " + f.name() + " on " + node.name()
                            + " died during the call" + (tail.isBlank() ? "" : "; its container's log ends with:\n" + tail),
                            initMs, e, false);
                }
                case TIMEOUT -> {
                    if (warm) {
                        node.clearWarmEndpoint(f.name());
                    }
                    preparer.removeContainerNow(node, ep.container());
                    throw new NodeSideFailure(Kind.TIMED_OUT, e.getMessage() + "; its container was killed", initMs, e, false);
                }
                default -> throw new NodeSideFailure(Kind.NODE_FAILED, e.getMessage(), initMs, e, false);
            }
        }
    }

    private boolean warmContainerRuns(Node node, FunctionSpec f) {
        CommandResult r = node.ssh().run(DockerCommands.containerRunning(f), Duration.ofSeconds(30));
        return r.ok() && r.stdout().strip().equals("true");
    }

    private static double seconds(long t0, long excludedMs) {
        return Math.max(0, (System.nanoTime() - t0) / 1e9 - excludedMs / 1e3);
    }

    /** Writes the call's row, unless a stopping gateway already wrote it: then the caller learns that instead. */
    private void record(Call c, InvocationResult r) {
        if (!c.ticket().claimRow()) {
            throw new TestbedException(Kind.UNAVAILABLE, "the gateway stopped before the invocation ended",
                    Map.of("invocationId", c.id(), "status", "failed", "failure", Failure.PLATFORM.id()), null);
        }
        metrics.record(row(r, c.receivedAt(), c.s()));
    }

    private static MetricsRecord row(InvocationResult r, Instant receivedAt, TestbedSettings s) {
        return new MetricsRecord(r.function(), r.node(), r.cpuPercent(), r.ramPercent(), r.executionMode(),
                r.executionTimeS(), receivedAt, r.invocationId(), s.runId(), s.cell(), r.policy(), r.mode(), r.status(),
                r.exitCode(), r.stateCheck(), r.timings(), r.path(), r.functionMs() == null ? Double.NaN : r.functionMs(),
                r.payloadBytes(), r.outputBytes(), r.container(), Source.REAL, r.failure(), r.attempts());
    }

    /** For tests and the summary endpoint. */
    public ExecutionMode mode() {
        return settings.get().mode();
    }
}
