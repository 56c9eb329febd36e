package faastestbed.gateway.invocation;

import faastestbed.common.model.ExecutionMode;
import faastestbed.gateway.function.FunctionSpec;
import faastestbed.gateway.node.Node;
import faastestbed.gateway.runtime.Endpoint;
import faastestbed.gateway.ssh.CommandResult;
import faastestbed.gateway.ssh.SshFailure;
import faastestbed.policy.scheduling.FunctionState;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Puts nodes into the state a mode promises for a function, and takes them out of it:
 * cold = no image and no container; pre-warmed = image cached, no container; warmed = image + a running container;
 * dynamic = no container, and no image unless {@code testbed.dynamic.start-images=cached}.
 * Only the first N nodes by name are prepared (N = prepared-nodes, 0 = all); the others are left cold.
 */
@ApplicationScoped
public class NodePreparer {
    private static final Logger LOG = Logger.getLogger(NodePreparer.class);

    /** One step of a preparation, for the API's report. */
    public record Step(String node, String function, FunctionState state, long durationMs, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    private final Duration pullTimeout;
    private final Duration readyTimeout;
    /** Whether a dynamic cell starts with every image cached (else with none: the first start on a node is cold). */
    private final boolean dynamicKeepsImages;
    private final Duration commandTimeout = Duration.ofSeconds(120);
    /** Processes and threads one function container may have (testbed.function.pids-limit). */
    private final int pidsLimit;
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "node-prep");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Object> warmLocks = new ConcurrentHashMap<>();

    @Inject
    public NodePreparer(@ConfigProperty(name = "testbed.pull.timeout") Duration pullTimeout,
                        @ConfigProperty(name = "testbed.handler.ready-timeout", defaultValue = "60s") Duration readyTimeout,
                        @ConfigProperty(name = "testbed.dynamic.start-images", defaultValue = "absent") String startImages,
                        @ConfigProperty(name = "testbed.function.pids-limit", defaultValue = "512") int pidsLimit) {
        this.pidsLimit = DockerCommands.checkPidsLimit(pidsLimit);
        if (!startImages.equals("absent") && !startImages.equals("cached")) {
            throw new IllegalStateException("testbed.dynamic.start-images must be absent or cached, not '" + startImages + "'");
        }
        this.dynamicKeepsImages = startImages.equals("cached");
        this.pullTimeout = pullTimeout;
        this.readyTimeout = readyTimeout;
    }

    public int pidsLimit() {
        return pidsLimit;
    }

    /** A handler container that answered ready: where it listens and how long start-to-ready took. */
    public record StartedHandler(Endpoint endpoint, long initMs, long sshMs) {
    }

    /** Brings every (node, function) pair into the mode's state, nodes in parallel. */
    public List<Step> reset(List<Node> nodes, List<FunctionSpec> functions, ExecutionMode mode, int preparedNodes) {
        List<CompletableFuture<List<Step>>> perNode = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            boolean prepared = preparedNodes == 0 || i < preparedNodes;
            perNode.add(CompletableFuture.supplyAsync(() -> {
                awaitColdQuiet(node);
                List<Step> steps = new ArrayList<>();
                for (FunctionSpec f : functions) {
                    steps.add(prepare(node, f, mode, prepared));
                }
                return steps;
            }, background));
        }
        return perNode.stream().flatMap(f -> f.join().stream()).toList();
    }

    /**
     * Removes the node's containers of ours whose function is not registered: left by a gateway that was killed, by
     * a function deleted while its node was away, or by an earlier session. Never throws.
     *
     * @return how many were removed
     */
    public int removeStrays(Node node, java.util.Set<String> registered) {
        try {
            CommandResult list = node.ssh().run(DockerCommands.listOurContainers(), commandTimeout);
            if (!list.ok()) {
                LOG.warnf("listing the containers on %s failed: %s", node.name(), list.stderr().strip());
                return 0;
            }
            List<String> strays = DockerCommands.strays(list.stdout(), registered);
            if (strays.isEmpty()) {
                return 0;
            }
            List<String> argv = new ArrayList<>(List.of("docker", "rm", "-f"));
            argv.addAll(strays);
            CommandResult rm = node.ssh().run(argv, commandTimeout);
            if (!rm.ok()) {
                LOG.warnf("removing stray containers on %s: %s", node.name(), rm.stderr().strip());
            }
            LOG.infof("removed %d container(s) of unregistered functions from %s", strays.size(), node.name());
            return strays.size();
        } catch (SshFailure e) {
            LOG.warnf("removing stray containers on %s failed: %s", node.name(), e.getMessage());
            return 0;
        }
    }

    /** Puts one node into the mode's state for one function. Never throws: failures are reported in the step. */
    public Step prepare(Node node, FunctionSpec f, ExecutionMode mode, boolean prepared) {
        long t0 = System.nanoTime();
        try {
            removeAllContainers(node, f);
            if (mode == ExecutionMode.DYNAMIC && dynamicKeepsImages) {
                node.setState(f.name(), FunctionState.IMAGE_PRESENT);
                run(node, DockerCommands.pull(f.image()), pullTimeout, false);
            } else if (mode == ExecutionMode.COLD || mode == ExecutionMode.DYNAMIC || !prepared) {
                run(node, DockerCommands.removeImage(f.image()), commandTimeout, true);
                node.setState(f.name(), FunctionState.ABSENT);
            } else if (mode == ExecutionMode.PRE_WARMED) {
                run(node, DockerCommands.pull(f.image()), pullTimeout, false);
                node.setState(f.name(), FunctionState.IMAGE_PRESENT);
            } else {
                ensureWarm(node, f);
            }
            return new Step(node.name(), f.name(), node.state(f.name()), ms(t0), null);
        } catch (SshFailure | PreparationFailure e) {
            LOG.warnf("preparing %s on %s for %s failed: %s", f.name(), node.name(), mode.id(), e.getMessage());
            return new Step(node.name(), f.name(), node.state(f.name()), ms(t0), e.getMessage());
        }
    }

    /**
     * Brings the node into the mode's state for the function after a gateway restart, keeping what is already right
     * instead of recreating it: a running warm container of the function's image (its handler answering) is adopted,
     * a cached image is kept. Cold nodes and the dynamic mode start from the mode's start state as at any cell:
     * the pool's containers are removed, since their idle times and the keep-alive policy's history ended with the
     * previous process. Never throws.
     *
     * @return the step, and whether the node's state was found rather than made
     */
    public Adopted adopt(Node node, FunctionSpec f, ExecutionMode mode, boolean prepared) {
        long t0 = System.nanoTime();
        try {
            if (mode == ExecutionMode.WARMED && prepared && adoptWarm(node, f)) {
                return new Adopted(new Step(node.name(), f.name(), node.state(f.name()), ms(t0), null), true);
            }
            if (mode == ExecutionMode.PRE_WARMED && prepared) {
                removeAllContainers(node, f);
                if (node.ssh().run(DockerCommands.inspectImage(f.image()), commandTimeout).ok()) {
                    node.setState(f.name(), FunctionState.IMAGE_PRESENT);
                    return new Adopted(new Step(node.name(), f.name(), node.state(f.name()), ms(t0), null), true);
                }
            }
        } catch (SshFailure | PreparationFailure e) {
            LOG.warnf("looking at %s on %s after a restart failed: %s", f.name(), node.name(), e.getMessage());
        }
        return new Adopted(prepare(node, f, mode, prepared), false);
    }

    /** A step of {@link #adopt}: {@code found} when the node already was in the mode's state. */
    public record Adopted(Step step, boolean found) {
    }

    private boolean adoptWarm(Node node, FunctionSpec f) {
        synchronized (warmLocks.computeIfAbsent(node.name() + "\0" + f.name(), k -> new Object())) {
            CommandResult r = node.ssh().run(DockerCommands.inspectWarm(f), commandTimeout);
            String[] parts = r.ok() ? r.stdout().strip().split("\\s+") : new String[0];
            if (parts.length < 3 || !parts[1].equals("true") || !parts[2].equals(f.image())) {
                return false;
            }
            if (f.hasHandler()) {
                if (parts.length < 4) {
                    return false;
                }
                Endpoint ep = new Endpoint(parts[0], parts[3], Endpoint.DEFAULT_PORT);
                boolean ready;
                try {
                    ready = node.handlers().awaitReady(ep, Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                if (!ready) {
                    return false;
                }
                node.setWarmEndpoint(f.name(), ep);
            }
            CommandResult others = node.ssh().exec(DockerCommands.removeAllButWarm(f), null, commandTimeout);
            if (!others.ok()) {
                LOG.warnf("removing %s's other containers from %s: %s", f.name(), node.name(), others.stderr().strip());
            }
            node.setState(f.name(), FunctionState.CONTAINER_RUNNING);
            return true;
        }
    }

    /**
     * Starts the function's long-lived container on the node if none runs (pulling the image if needed).
     * @return milliseconds spent pulling, or -1 if no pull was needed
     */
    public long ensureWarm(Node node, FunctionSpec f) {
        synchronized (warmLocks.computeIfAbsent(node.name() + "\0" + f.name(), k -> new Object())) {
            CommandResult running = node.ssh().run(DockerCommands.containerRunning(f), commandTimeout);
            if (running.ok() && running.stdout().strip().equals("true")
                    && (!f.hasHandler() || node.warmEndpoint(f.name()).isPresent())) {
                node.setState(f.name(), FunctionState.CONTAINER_RUNNING);
                return -1;
            }
            node.clearWarmEndpoint(f.name());
            long pullMs = -1;
            CommandResult inspect = node.ssh().run(DockerCommands.inspectImage(f.image()), commandTimeout);
            if (!inspect.ok()) {
                pullMs = run(node, DockerCommands.pull(f.image()), pullTimeout, false).durationMs();
            }
            run(node, DockerCommands.removeContainer(f), commandTimeout, true);
            if (f.hasHandler()) {
                StartedHandler started = startHandler(node, f, DockerCommands.startWarm(f, pidsLimit));
                node.setWarmEndpoint(f.name(), started.endpoint());
            } else {
                run(node, DockerCommands.startWarm(f, pidsLimit), commandTimeout, false);
            }
            node.setState(f.name(), FunctionState.CONTAINER_RUNNING);
            return pullMs;
        }
    }

    /**
     * Starts a handler container with {@code runArgv} (a detached {@code docker run}) and waits until its handler
     * answers {@code GET /ready}. Init time runs from sending {@code docker run} to the ready answer.
     * A container whose handler never gets ready is removed, and its log tail is in the failure.
     */
    public StartedHandler startHandler(Node node, FunctionSpec f, List<String> runArgv) {
        long t0 = System.nanoTime();
        CommandResult started = node.ssh().exec(DockerCommands.startAndLocate(runArgv), null, commandTimeout);
        Endpoint ep = started.ok() ? DockerCommands.parseLocated(started.stdout()).orElse(null) : null;
        if (ep == null) {
            // stderr of a detached run and an inspect: docker's words only
            throw new PreparationFailure("starting " + f.name() + "'s handler container on " + node.name() + " failed (exit "
                    + started.exitCode() + "): " + (started.stderr().isBlank() ? started.stdout() : started.stderr()).strip(),
                    DockerCommands.mentionsEngineUnreachable(started.stderr()));
        }
        boolean ready;
        try {
            ready = node.handlers().awaitReady(ep, readyTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ready = false;
        }
        if (!ready) {
            String tail = logsTail(node, ep.container());
            run(node, DockerCommands.removeContainer(ep.container()), commandTimeout, true);
            throw new PreparationFailure("the handler of " + f.name() + " on " + node.name() + " did not get ready within "
                    + readyTimeout.toSeconds() + " s" + (tail.isBlank() ? "" : "; its log ends with: " + tail));
        }
        return new StartedHandler(ep, Math.round((System.nanoTime() - t0) / 1e6), started.sessionMs());
    }

    /** The last lines the container wrote, or "" if docker cannot say. */
    public String logsTail(Node node, String container) {
        try {
            CommandResult r = node.ssh().run(DockerCommands.logsTail(container, 20), Duration.ofSeconds(30));
            return (r.stdout() + (r.stdout().isEmpty() || r.stderr().isEmpty() ? "" : "\n") + r.stderr()).strip();
        } catch (SshFailure e) {
            return "";
        }
    }

    /** After an answer: remove a one-shot container off the request path. */
    public void removeContainerLater(Node node, String container) {
        background.submit(() -> removeContainerNow(node, container));
    }

    /** Kills a container now (a handler that hung past its timeout). */
    public void removeContainerNow(Node node, String container) {
        try {
            run(node, DockerCommands.removeContainer(container), commandTimeout, true);
        } catch (RuntimeException e) {
            LOG.warnf("removing container %s from %s failed: %s", container, node.name(), e.getMessage());
        }
    }

    private void removeAllContainers(Node node, FunctionSpec f) {
        node.clearWarmEndpoint(f.name());
        CommandResult r = node.ssh().exec(DockerCommands.removeAllContainers(f), null, commandTimeout);
        if (!r.ok()) {
            LOG.warnf("removing %s's containers from %s: %s", f.name(), node.name(), r.stderr().strip());
        }
    }

    /** After a cold invocation has answered: remove the image, then let the next cold invocation in. */
    public void removeImageLater(Node node, FunctionSpec f) {
        background.submit(() -> {
            try {
                // One-shot handler containers of concurrent cold invocations may still exist; they hold the image.
                if (f.hasHandler()) {
                    removeAllContainers(node, f);
                }
                run(node, DockerCommands.removeImage(f.image()), commandTimeout, true);
                node.setState(f.name(), FunctionState.ABSENT);
            } catch (RuntimeException e) {
                LOG.warnf("removing %s from %s after a cold invocation failed: %s", f.image(), node.name(), e.getMessage());
            } finally {
                node.coldGate().removed(f.image());
            }
        });
    }

    /** Removes a deleted function's containers from every node (images stay: they may be shared). */
    public void forget(List<Node> nodes, FunctionSpec f) {
        nodes.parallelStream().forEach(n -> {
            try {
                removeAllContainers(n, f);
            } catch (RuntimeException e) {
                LOG.warnf("removing %s's container from %s failed: %s", f.name(), n.name(), e.getMessage());
            }
            n.forget(f.name());
        });
    }

    private static void awaitColdQuiet(Node node) {
        try {
            node.coldGate().awaitQuiet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static CommandResult run(Node node, List<String> argv, Duration timeout, boolean mayFail) {
        CommandResult r = node.ssh().run(argv, timeout);
        if (!r.ok() && !mayFail) {
            throw new PreparationFailure(String.join(" ", argv) + " on " + node.name() + " exited " + r.exitCode()
                    + ": " + r.stderr().strip(), DockerCommands.mentionsEngineUnreachable(r.stderr()));
        }
        return r;
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    public static final class PreparationFailure extends RuntimeException {
        private final boolean engineUnreachable;

        public PreparationFailure(String message) {
            this(message, false);
        }

        /** @param engineUnreachable docker said so in its own stderr (never a container's output or log) */
        public PreparationFailure(String message, boolean engineUnreachable) {
            super(message);
            this.engineUnreachable = engineUnreachable;
        }

        public boolean engineUnreachable() {
            return engineUnreachable;
        }
    }

    @PreDestroy
    void stop() {
        background.shutdownNow();
    }
}
