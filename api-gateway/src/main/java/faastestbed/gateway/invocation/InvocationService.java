package faastestbed.gateway.invocation;

import faastestbed.common.metrics.MetricsRecord;
import faastestbed.common.metrics.Timings;
import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationStatus;
import faastestbed.common.model.StateCheck;
import faastestbed.gateway.api.ApiException;
import faastestbed.gateway.config.SettingsHolder;
import faastestbed.gateway.config.TestbedSettings;
import faastestbed.gateway.function.FunctionRegistry;
import faastestbed.gateway.function.FunctionSpec;
import faastestbed.gateway.metrics.MetricsRecorder;
import faastestbed.gateway.node.LoadSample;
import faastestbed.gateway.node.Node;
import faastestbed.gateway.node.NodeRegistry;
import faastestbed.gateway.scheduling.NodeView;
import faastestbed.gateway.scheduling.SchedulingPolicy;
import faastestbed.gateway.ssh.CommandResult;
import faastestbed.gateway.ssh.SshFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
    private final Duration invocationTimeout;
    private final Duration pullTimeout;
    /** Decisions are serialised so that in-flight counts seen by the next decision include this one. */
    private final Object decisions = new Object();

    @Inject
    public InvocationService(NodeRegistry nodes, FunctionRegistry functions, SettingsHolder settings,
                             MetricsRecorder metrics, NodePreparer preparer,
                             @ConfigProperty(name = "testbed.invocation.timeout") Duration invocationTimeout,
                             @ConfigProperty(name = "testbed.pull.timeout") Duration pullTimeout) {
        this.nodes = nodes;
        this.functions = functions;
        this.settings = settings;
        this.metrics = metrics;
        this.preparer = preparer;
        this.invocationTimeout = invocationTimeout;
        this.pullTimeout = pullTimeout;
    }

    /** What running the function on the chosen node produced, before it becomes a result and a CSV row. */
    private record Outcome(CommandResult run, long sshMs, long pullMs, long waitedMs, StateCheck check) {
    }

    public InvocationResult invoke(String functionName) {
        long t0 = System.nanoTime();
        Instant receivedAt = Instant.now();
        FunctionSpec f = functions.get(functionName);
        TestbedSettings s = settings.get();
        SchedulingPolicy policy = settings.policy();
        String label = policy.displayName() + " - " + s.mode().label();
        String id = UUID.randomUUID().toString();

        Node node;
        synchronized (decisions) {
            Optional<NodeView> choice = policy.select(nodes.snapshot(f.name()));
            node = choice.flatMap(v -> nodes.find(v.name())).orElse(null);
            if (node != null) {
                node.startInvocation();
            }
        }
        long schedulingMs = Math.round((System.nanoTime() - t0) / 1e6);
        if (node == null) {
            String why = nodes.all().isEmpty() ? "no node is registered"
                    : "policy '" + policy.name() + "' found no suitable node (all unhealthy or over the RAM threshold)";
            InvocationResult r = new InvocationResult(id, f.name(), "", policy.name(), s.mode(), label,
                    InvocationStatus.REJECTED, null, "", why, StateCheck.UNKNOWN, seconds(t0, 0),
                    new Timings(schedulingMs, -1, -1, -1), Double.NaN, Double.NaN);
            record(r, receivedAt, s);
            throw new ApiException(503, why, Map.of("invocationId", id, "status", "rejected"), null);
        }

        LoadSample load = node.load();
        try {
            Outcome o = switch (s.mode()) {
                case COLD -> cold(node, f);
                case PRE_WARMED -> preWarmed(node, f);
                case WARMED -> warmed(node, f);
            };
            InvocationStatus status = o.run().ok() ? InvocationStatus.OK : InvocationStatus.FAILED;
            InvocationResult r = new InvocationResult(id, f.name(), node.name(), policy.name(), s.mode(), label, status,
                    o.run().exitCode(), o.run().stdout().strip(), o.run().stderr().strip(), o.check(),
                    seconds(t0, o.waitedMs()), new Timings(schedulingMs, o.sshMs(), o.pullMs(), o.run().durationMs()),
                    load.cpuPercent(), load.ramPercent());
            record(r, receivedAt, s);
            return r;
        } catch (SshFailure e) {
            InvocationResult r = new InvocationResult(id, f.name(), node.name(), policy.name(), s.mode(), label,
                    InvocationStatus.FAILED, null, "", e.getMessage(), StateCheck.UNKNOWN, seconds(t0, 0),
                    new Timings(schedulingMs, -1, -1, -1), load.cpuPercent(), load.ramPercent());
            record(r, receivedAt, s);
            int status = e.kind() == SshFailure.Kind.TIMEOUT ? 504 : 502;
            throw new ApiException(status, e.getMessage(),
                    Map.of("invocationId", id, "status", "failed", "node", node.name()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted", Map.of("invocationId", id), e);
        } finally {
            node.endInvocation();
        }
    }

    /** Pull, then run. The image is removed after the answer, so the next cold invocation on this node is cold too. */
    private Outcome cold(Node node, FunctionSpec f) throws InterruptedException {
        long waited = node.coldGate().enter(f.image());
        try {
            CommandResult pull = node.ssh().run(DockerCommands.pull(f.image()), pullTimeout);
            if (!pull.ok()) {
                return new Outcome(pull, pull.sessionMs(), pull.durationMs(), waited, StateCheck.UNKNOWN);
            }
            StateCheck check = DockerCommands.pullFoundImagePresent(pull.stdout()) ? StateCheck.MISMATCH : StateCheck.VERIFIED;
            CommandResult run = node.ssh().run(DockerCommands.runOnce(f, false), invocationTimeout);
            return new Outcome(run, pull.sessionMs() + run.sessionMs(), pull.durationMs(), waited, check);
        } finally {
            if (node.coldGate().leave(f.image())) {
                preparer.removeImageLater(node, f);
            }
        }
    }

    /** Image expected on the node: run without pulling. If it is missing, pull it, run, and flag the row. */
    private Outcome preWarmed(Node node, FunctionSpec f) {
        CommandResult run = node.ssh().run(DockerCommands.runOnce(f, false), invocationTimeout);
        if (run.exitCode() == 125 && DockerCommands.saysNoSuchImage(run.stderr())) {
            CommandResult pull = node.ssh().run(DockerCommands.pull(f.image()), pullTimeout);
            if (!pull.ok()) {
                return new Outcome(pull, run.sessionMs() + pull.sessionMs(), pull.durationMs(), 0, StateCheck.MISMATCH);
            }
            CommandResult retry = node.ssh().run(DockerCommands.runOnce(f, false), invocationTimeout);
            node.setState(f.name(), faastestbed.gateway.scheduling.FunctionState.IMAGE_PRESENT);
            return new Outcome(retry, run.sessionMs() + pull.sessionMs() + retry.sessionMs(), pull.durationMs(), 0,
                    StateCheck.MISMATCH);
        }
        return new Outcome(run, run.sessionMs(), -1, 0, StateCheck.VERIFIED);
    }

    /** A warm container expected: exec into it. If it is gone, start one, exec, and flag the row. */
    private Outcome warmed(Node node, FunctionSpec f) {
        CommandResult exec = node.ssh().run(DockerCommands.exec(f), invocationTimeout);
        if (exec.ok() || !DockerCommands.saysNoRunningContainer(exec.stderr()) || warmContainerRuns(node, f)) {
            // (A function may itself print "is not running": only docker's own view of the container decides.)
            return new Outcome(exec, exec.sessionMs(), -1, 0, StateCheck.VERIFIED);
        }
        LOG.debugf("no warm container of %s on %s: starting one", f.name(), node.name());
        long pullMs;
        try {
            pullMs = preparer.ensureWarm(node, f);
        } catch (NodePreparer.PreparationFailure e) {
            return new Outcome(new CommandResult(125, "", e.getMessage(), 0, 0), exec.sessionMs(), -1, 0, StateCheck.MISMATCH);
        }
        CommandResult retry = node.ssh().run(DockerCommands.exec(f), invocationTimeout);
        return new Outcome(retry, exec.sessionMs() + retry.sessionMs(), pullMs, 0, StateCheck.MISMATCH);
    }

    private boolean warmContainerRuns(Node node, FunctionSpec f) {
        CommandResult r = node.ssh().run(DockerCommands.containerRunning(f), Duration.ofSeconds(30));
        return r.ok() && r.stdout().strip().equals("true");
    }

    private static double seconds(long t0, long excludedMs) {
        return Math.max(0, (System.nanoTime() - t0) / 1e9 - excludedMs / 1e3);
    }

    private void record(InvocationResult r, Instant receivedAt, TestbedSettings s) {
        metrics.record(new MetricsRecord(r.function(), r.node(), r.cpuPercent(), r.ramPercent(), r.executionMode(),
                r.executionTimeS(), receivedAt, r.invocationId(), s.runId(), s.cell(), r.policy(), r.mode(), r.status(),
                r.exitCode(), r.stateCheck(), r.timings()));
    }

    /** For tests and the summary endpoint. */
    public ExecutionMode mode() {
        return settings.get().mode();
    }
}
