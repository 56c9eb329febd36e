package faastestbed.gateway.invocation;

import faastestbed.gateway.function.FunctionSpec;
import faastestbed.gateway.node.Node;
import faastestbed.gateway.node.NodeRegistry;
import faastestbed.gateway.pool.ContainerBackend;
import faastestbed.gateway.runtime.Endpoint;
import faastestbed.gateway.ssh.CommandResult;
import faastestbed.gateway.ssh.SshFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.List;

/**
 * The pool's containers as docker containers on nodes, over each node's kept SSH connection: pull if the node lacks
 * the image ({@code docker pull} says whether it downloaded anything: that is what makes a start cold), start under
 * the function's memory limit, and for a handler wait until it answers ready.
 */
@ApplicationScoped
public class DockerContainerBackend implements ContainerBackend {
    private final NodeRegistry nodes;
    private final NodePreparer preparer;
    private final Duration pullTimeout;
    private final Duration commandTimeout = Duration.ofSeconds(120);

    @Inject
    public DockerContainerBackend(NodeRegistry nodes, NodePreparer preparer,
                                  @ConfigProperty(name = "testbed.pull.timeout") Duration pullTimeout) {
        this.nodes = nodes;
        this.preparer = preparer;
        this.pullTimeout = pullTimeout;
    }

    @Override
    public Started start(String nodeName, FunctionSpec f, String container, int memoryMb) {
        Node node = nodes.find(nodeName).orElseThrow(() -> new StartFailure("node '" + nodeName + "' is gone", null));
        try {
            long sshMs = 0;
            long pullMs = -1;
            boolean pulled = false;
            CommandResult inspect = node.ssh().run(DockerCommands.inspectImage(f.image()), commandTimeout);
            sshMs += inspect.sessionMs();
            if (!inspect.ok()) {
                CommandResult pull = node.ssh().run(DockerCommands.pull(f.image()), pullTimeout);
                sshMs += pull.sessionMs();
                if (!pull.ok()) {
                    throw failure("docker pull " + f.image() + " on " + nodeName + " exited " + pull.exitCode()
                            + ": " + pull.stderr().strip(), pull);
                }
                pullMs = pull.durationMs();
                pulled = !DockerCommands.pullFoundImagePresent(pull.stdout());
            }
            List<String> run = DockerCommands.startPooled(f, container, memoryMb, preparer.pidsLimit());
            if (f.hasHandler()) {
                NodePreparer.StartedHandler h = preparer.startHandler(node, f, run);
                // The endpoint carries the pool's name for the container, so removal by name finds its channels.
                Endpoint ep = new Endpoint(container, h.endpoint().host(), h.endpoint().port());
                return new Started(container, ep, pulled, pullMs, h.initMs(), sshMs + h.sshMs());
            }
            long t0 = System.nanoTime();
            CommandResult r = node.ssh().exec(DockerCommands.startAndLocate(run), null, commandTimeout);
            if (!r.ok()) {
                throw failure("starting " + f.name() + " on " + nodeName + " failed (exit " + r.exitCode() + "): "
                        + r.stderr().strip(), r);
            }
            return new Started(container, null, pulled, pullMs, Math.round((System.nanoTime() - t0) / 1e6),
                    sshMs + r.sessionMs());
        } catch (NodePreparer.PreparationFailure | SshFailure e) {
            preparer.removeContainerNow(node, container);
            throw new StartFailure(e.getMessage(), e);
        }
    }

    /** The cause says whether docker (a pull or a detached run: its words only) found the engine unreachable. */
    private static StartFailure failure(String message, CommandResult r) {
        return new StartFailure(message, new NodePreparer.PreparationFailure(message,
                DockerCommands.mentionsEngineUnreachable(r.stderr())));
    }

    @Override
    public void remove(String nodeName, String container) {
        nodes.find(nodeName).ifPresent(n -> {
            n.handlers().forgetContainer(container);
            preparer.removeContainerNow(n, container);
        });
    }
}
