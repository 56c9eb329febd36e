package faastestbed.gateway.node;

import faastestbed.gateway.domain.TestbedException;
import faastestbed.gateway.ssh.CommandResult;
import faastestbed.gateway.ssh.Credentials;
import faastestbed.gateway.ssh.NodeAddress;
import faastestbed.gateway.ssh.SshConnection;
import faastestbed.gateway.ssh.SshFailure;
import faastestbed.policy.scheduling.ClusterSnapshot;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Registered nodes by name, each with its kept SSH connection. */
@ApplicationScoped
public class NodeRegistry {
    private final ConcurrentMap<String, Node> nodes = new ConcurrentHashMap<>();
    private final Duration connectTimeout;
    private final NodeSampler sampler;
    private final boolean keepHandlerChannels;

    @Inject
    public NodeRegistry(@ConfigProperty(name = "testbed.ssh.connect-timeout", defaultValue = "10s") Duration connectTimeout,
                        NodeSampler sampler,
                        @ConfigProperty(name = "testbed.handler.keep-channels", defaultValue = "true") boolean keepHandlerChannels) {
        this.connectTimeout = connectTimeout;
        this.sampler = sampler;
        this.keepHandlerChannels = keepHandlerChannels;
    }

    /**
     * Logs in to the node, checks that it can run docker, pins its host key and takes a first load sample.
     * Nothing is registered unless all of that works.
     */
    public Node register(String name, NodeAddress address, Credentials credentials, String expectedFingerprint,
                         Admission.Limits limits, long declaredMemoryMb) {
        if (nodes.containsKey(name)) {
            throw TestbedException.conflict("node '" + name + "' is already registered");
        }
        SshConnection ssh = new SshConnection(name, address, credentials, expectedFingerprint, connectTimeout);
        connectChecked(name, address, ssh, true);
        Node node = new Node(name, credentials.kind(), ssh, Instant.now(), keepHandlerChannels, limits,
                declaredMemoryMb);
        sampler.sampleNow(node);
        if (nodes.putIfAbsent(name, node) != null) {
            ssh.close();
            throw TestbedException.conflict("node '" + name + "' is already registered");
        }
        return node;
    }

    /**
     * A node registered before this gateway process started: kept even when it does not answer now (out of
     * scheduling, its error in the node list), so that a node down during a restart is not forgotten. Its metrics
     * stream keeps trying to reach it; {@link #reconnect} says when it answers again.
     *
     * @return the node, and whether it answered
     */
    public Restored restore(String name, NodeAddress address, Credentials credentials, String fingerprint,
                            Admission.Limits limits, long declaredMemoryMb, Instant registeredAt) {
        SshConnection ssh = new SshConnection(name, address, credentials, fingerprint, connectTimeout);
        Node node = new Node(name, credentials.kind(), ssh, registeredAt, keepHandlerChannels, limits, declaredMemoryMb);
        boolean answered = reconnect(node);
        if (nodes.putIfAbsent(name, node) != null) {
            ssh.close();
            throw TestbedException.conflict("node '" + name + "' is already registered");
        }
        return new Restored(node, answered);
    }

    /** A restored node and whether it answered at once. */
    public record Restored(Node node, boolean answered) {
    }

    /** Tries to log in to the node and run docker; when that fails the node is unhealthy and says why. */
    public boolean reconnect(Node node) {
        try {
            connectChecked(node.name(), node.ssh().address(), node.ssh(), false);
        } catch (TestbedException e) {
            node.unreachable("not reachable since the gateway started (retried in the background): " + e.getMessage());
            return false;
        }
        sampler.sampleNow(node);
        return true;
    }

    /** @param closeOnFailure false for a kept node: a closed connection never reconnects */
    private static void connectChecked(String name, NodeAddress address, SshConnection ssh, boolean closeOnFailure) {
        try {
            ssh.connect();
            CommandResult docker = ssh.run(List.of("docker", "version", "--format", "{{.Server.Version}}"), Duration.ofSeconds(20));
            if (!docker.ok()) {
                throw TestbedException.nodeFailed("node '" + name + "' is reachable but cannot run docker as '"
                        + address.username() + "': " + firstLine(docker.stderr()), null);
            }
        } catch (SshFailure e) {
            if (closeOnFailure) {
                ssh.close();
            }
            if (e.kind() == SshFailure.Kind.AUTH_FAILED) {
                // A refused login at registration is the caller's mistake (wrong password or key), not the node's.
                throw new TestbedException(TestbedException.Kind.CREDENTIALS_REFUSED, e.getMessage(), null, e);
            }
            throw TestbedException.nodeFailed(e.getMessage(), e);
        } catch (RuntimeException e) {
            if (closeOnFailure) {
                ssh.close();
            }
            throw e;
        }
    }

    public Optional<Node> find(String name) {
        return Optional.ofNullable(name == null ? null : nodes.get(name));
    }

    public Node get(String name) {
        return find(name).orElseThrow(() -> TestbedException.notFound("no node named '" + name + "'"));
    }

    public Optional<Node> remove(String name) {
        Node n = nodes.remove(name);
        if (n != null) {
            n.handlers().close();
            n.ssh().close();
        }
        return Optional.ofNullable(n);
    }

    /** All nodes by name. */
    public List<Node> all() {
        return nodes.values().stream().sorted(Comparator.comparing(Node::name)).toList();
    }

    public ClusterSnapshot snapshot(String function) {
        return new ClusterSnapshot(function, nodes.values().stream().map(n -> n.view(function)).toList());
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    @PreDestroy
    void closeAll() {
        nodes.values().forEach(n -> n.ssh().close());
    }
}
