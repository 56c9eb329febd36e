package faastestbed.node.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.Statistics;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;

/**
 * One running execution node of a {@link TestCluster}: how to reach it over SSH from the test JVM, and direct access
 * to the container for assertions about its physical state that do not go through SSH.
 */
public final class NodeHandle {

    /** The node container's CPU and memory use as the host engine sees it ({@code docker stats}). */
    public record HostStats(Instant sampledAt, long cpuTotalNanos, double cpuCores, Duration cpuWindow,
                            long memoryUsageBytes, long memoryLimitBytes) {
    }

    private final String name;
    private final GenericContainer<?> container;
    private final String username;
    private final String password;
    private final String privateKeyPem;
    private volatile List<String> hostPublicKeys;
    private volatile Duration startupTime = Duration.ZERO;

    NodeHandle(String name, GenericContainer<?> container, String username, String password, String privateKeyPem) {
        this.name = name;
        this.container = container;
        this.username = username;
        this.password = password;
        this.privateKeyPem = privateKeyPem;
    }

    /** "node1", "node2", …; also the node's network alias inside the cluster network. */
    public String name() {
        return name;
    }

    /** Host name under which the test JVM reaches the node's SSH port ("localhost"). */
    public String sshHost() {
        return container.getHost();
    }

    /** The host port mapped to the node's port 22. */
    public int sshPort() {
        return container.getMappedPort(TestCluster.SSH_PORT);
    }

    public String username() {
        return username;
    }

    /** The password of {@link #username()}, or {@code null} when the node accepts keys only (the default). */
    public String password() {
        return password;
    }

    /** The cluster's private key (OpenSSH PEM); sshj: {@code ssh.loadKeys(privateKeyPem(), null, null)}. */
    public String privateKeyPem() {
        return privateKeyPem;
    }

    /** Time from creating the node container until it was ready (SSH answers, nested engine up). */
    public Duration startupTime() {
        return startupTime;
    }

    void startupTime(Duration d) {
        this.startupTime = d;
    }

    public String containerId() {
        return container.getContainerId();
    }

    /** The Testcontainers container, for anything this handle does not cover. */
    public GenericContainer<?> container() {
        return container;
    }

    /** Runs a command in the node container as root (not over SSH); unchecked exceptions on failure to run. */
    public Container.ExecResult execInContainer(String... command) {
        try {
            return container.execInContainer(command);
        } catch (IOException e) {
            throw new UncheckedIOException("exec " + Arrays.toString(command) + " in " + name + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Runs {@code sh -c script} in the node container; returns stdout, throws if the exit code is not 0. */
    public String shell(String script) {
        Container.ExecResult r = execInContainer("sh", "-c", script);
        if (r.getExitCode() != 0) {
            throw new IllegalStateException(name + ": '" + script + "' exited with " + r.getExitCode()
                    + "\nstdout: " + r.getStdout() + "\nstderr: " + r.getStderr());
        }
        return r.getStdout();
    }

    /** The node's SSH host public keys, one OpenSSH line each ({@code /etc/ssh/ssh_host_*_key.pub}). */
    public List<String> hostPublicKeys() {
        List<String> keys = hostPublicKeys;
        if (keys == null) {
            keys = shell("cat /etc/ssh/ssh_host_*_key.pub").lines()
                    .map(String::trim).filter(l -> !l.isEmpty()).toList();
            hostPublicKeys = keys;
        }
        return keys;
    }

    /** SHA256 fingerprints (OpenSSH style, {@code SHA256:...}) of all the node's host keys. */
    public List<String> hostKeyFingerprints() {
        return hostPublicKeys().stream().map(SshKeys::fingerprintOfLine).toList();
    }

    /** SHA256 fingerprint of the node's Ed25519 host key. */
    public String hostKeyFingerprint() {
        return hostPublicKeys().stream().filter(l -> l.startsWith("ssh-ed25519 "))
                .map(SshKeys::fingerprintOfLine).findFirst()
                .orElseThrow(() -> new IllegalStateException(name + " has no Ed25519 host key"));
    }

    /** Opens an SSH connection as {@link #username()} with the cluster key, pinned to this node's host keys. */
    public NodeSsh ssh() throws IOException {
        return NodeSsh.connectWithKey(this);
    }

    /**
     * One {@code docker stats} sample of the node container from the host engine: cumulative CPU time and the
     * CPU cores used over the engine's ~1 s sampling window, plus memory. Independent of anything inside the node.
     */
    public HostStats hostStats() {
        Statistics[] holder = new Statistics[1];
        try (ResultCallback.Adapter<Statistics> cb = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Statistics s) {
                if (holder[0] == null) {
                    holder[0] = s;
                }
            }
        }) {
            DockerClientFactory.instance().client().statsCmd(containerId()).withNoStream(true).exec(cb);
            if (!cb.awaitCompletion(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("docker stats of " + name + " did not answer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        Statistics s = holder[0];
        if (s == null) {
            throw new IllegalStateException("docker stats of " + name + " returned nothing");
        }
        long now = total(s.getCpuStats());
        long before = total(s.getPreCpuStats());
        double cores = Double.NaN;
        Duration window = Duration.ZERO;
        Instant read = Instant.now();
        try {
            read = Instant.parse(s.getRead());
            window = Duration.between(Instant.parse(s.getPreread()), read);
            if (before > 0 && !window.isZero() && !window.isNegative()) {
                cores = (now - before) / (double) window.toNanos();
            }
        } catch (RuntimeException ignored) {
            // no previous sample: cores stays NaN
        }
        long memUsage = s.getMemoryStats() != null && s.getMemoryStats().getUsage() != null
                ? s.getMemoryStats().getUsage() : -1;
        long memLimit = s.getMemoryStats() != null && s.getMemoryStats().getLimit() != null
                ? s.getMemoryStats().getLimit() : -1;
        return new HostStats(read, now, cores, window, memUsage, memLimit);
    }

    private static long total(CpuStatsConfig cpu) {
        return cpu != null && cpu.getCpuUsage() != null && cpu.getCpuUsage().getTotalUsage() != null
                ? cpu.getCpuUsage().getTotalUsage() : 0L;
    }

    @Override
    public String toString() {
        return name + "[" + sshHost() + ":" + sshPort() + "]";
    }
}
