package faastestbed.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import faastestbed.node.testkit.NodeHandle;
import faastestbed.node.testkit.NodeSsh;
import faastestbed.node.testkit.SshKeys;
import faastestbed.node.testkit.TestCluster;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;

/**
 * Real nodes, real registry: one cluster of two nodes for the whole class. node1 serves the SSH/Docker/metrics
 * checks; node2 is kept free of images until {@link #imageIsAbsentBeforePullAndPresentAfter()} so that check
 * does not depend on test order.
 */
class SshNodeClusterTest {

    private static TestCluster cluster;
    private static NodeHandle node1;
    private static NodeHandle node2;

    @BeforeAll
    static void startCluster() {
        long t0 = System.nanoTime();
        cluster = TestCluster.start(2);
        node1 = cluster.node("node1");
        node2 = cluster.node("node2");
        System.out.printf("cluster up in %d ms (node1 %d ms, node2 %d ms, image push %d ms, overlapping)%n",
                (System.nanoTime() - t0) / 1_000_000, node1.startupTime().toMillis(),
                node2.startupTime().toMillis(), cluster.pushTime().toMillis());
    }

    /** Closing removes every container of the cluster, their volumes and the network: nothing is left over. */
    @AfterAll
    static void stopClusterAndCheckNothingIsLeft() {
        if (cluster == null) {
            return;
        }
        DockerClient docker = DockerClientFactory.instance().client();
        List<String> containers = new ArrayList<>();
        List<String> volumes = new ArrayList<>();
        String networkId;
        try {
            cluster.nodes().forEach(n -> containers.add(n.containerId()));
            containers.add(cluster.registryContainer().getContainerId());
            for (String id : containers) {
                docker.inspectContainerCmd(id).exec().getMounts().stream()
                        .filter(m -> m.getName() != null).forEach(m -> volumes.add(m.getName()));
            }
            networkId = cluster.network().getId();
        } finally {
            long t0 = System.nanoTime();
            cluster.close();
            System.out.printf("cluster closed in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        }

        assertTrue(volumes.size() >= containers.size(), "every container had a volume: " + volumes);
        for (String id : containers) {
            assertThrows(NotFoundException.class, () -> docker.inspectContainerCmd(id).exec(), "container " + id);
        }
        for (String v : volumes) {
            assertThrows(NotFoundException.class, () -> docker.inspectVolumeCmd(v).exec(), "volume " + v);
        }
        assertThrows(NotFoundException.class, () -> docker.inspectNetworkCmd().withNetworkId(networkId).exec());
    }

    // 0. The node containers are set up as the testbed needs them

    @Test
    void nodeContainersHaveTheirLimitsAndAVolumeForTheNestedEngine() throws Exception {
        DockerClient docker = DockerClientFactory.instance().client();
        for (NodeHandle node : cluster.nodes()) {
            InspectContainerResponse info = docker.inspectContainerCmd(node.containerId()).exec();
            assertEquals(500_000_000L, info.getHostConfig().getNanoCPUs());
            assertEquals(512L * 1024 * 1024, info.getHostConfig().getMemory());
            assertFalse(Boolean.TRUE.equals(info.getHostConfig().getPrivileged()), "never privileged");
            // Capabilities the node does without: not in its bounding set (bits 2, 16, 19).
            long bounding = Long.parseUnsignedLong(node.shell("awk '/^CapBnd/ {print $2}' /proc/1/status").trim(), 16);
            for (int bit : new int[] {2, 16, 19}) {
                assertEquals(0, bounding & (1L << bit), node.name() + ": capability bit " + bit
                        + " (DAC_READ_SEARCH, SYS_MODULE, SYS_PTRACE) must be gone: CapBnd " + Long.toHexString(bounding));
            }
            assertTrue((bounding & (1L << 21)) != 0 && (bounding & (1L << 12)) != 0, "SYS_ADMIN and NET_ADMIN kept");
            assertTrue(info.getHostConfig().getTmpFs().containsKey("/run"));
            InspectContainerResponse.Mount engine = info.getMounts().stream()
                    .filter(m -> m.getDestination() != null && "/var/lib/docker".equals(m.getDestination().getPath()))
                    .findFirst().orElseThrow(() -> new AssertionError("no mount on /var/lib/docker"));
            assertTrue(engine.getName() != null && "local".equals(engine.getDriver()),
                    "/var/lib/docker must be a volume (tmpfs would count against the node's memory): " + engine);
            assertEquals("overlay2", node.shell("docker info --format '{{.Driver}}'").trim(),
                    "nested engine on overlay2");
        }
    }

    // 1. Logins

    @Test
    void keyLoginWorksOnEveryNode() throws Exception {
        for (NodeHandle node : cluster.nodes()) {
            try (NodeSsh ssh = NodeSsh.connectWithKey(node)) {
                NodeSsh.Result r = ssh.exec("id -un; id -Gn").orThrow();
                List<String> lines = r.stdout().lines().toList();
                assertEquals("sshuser", lines.get(0), node.name());
                assertTrue(lines.get(1).contains("docker"), node.name() + " groups: " + lines.get(1));
            }
        }
    }

    /** No password is baked into the image: without NODE_PASSWORD a node takes keys only (NodeHardeningTest: opt-in). */
    @Test
    void passwordLoginIsRefusedByDefault() throws Exception {
        assertNull(node1.password(), "a cluster without password(...) has key-only nodes");
        assertThrows(UserAuthException.class, () -> NodeSsh.connectWithPassword(node1, "sshpassword").close());
        assertThrows(UserAuthException.class, () -> NodeSsh.connectWithPassword(node1, "").close());
        assertEquals("no", node1.shell("sshd -T 2>/dev/null | awk '$1 == \"passwordauthentication\" {print $2}'").trim());
        assertTrue(node1.shell("getent shadow sshuser | cut -d: -f2").trim().length() <= 1,
                "sshuser has no password hash");
    }

    @Test
    void wrongPasswordIsRejected() {
        assertThrows(UserAuthException.class, () -> NodeSsh.connectWithPassword(node1, "not-the-password").close());
    }

    @Test
    void unknownKeyIsRejected() {
        String otherKey = SshKeys.generateEd25519("stranger").privateKeyPem();
        assertThrows(UserAuthException.class, () -> NodeSsh.connect(node1.sshHost(), node1.sshPort(), null,
                "sshuser", otherKey, null).close());
    }

    @Test
    void hostKeysArePerNodeAndPinningRejectsAWrongOne() {
        assertTrue(node1.hostKeyFingerprint().startsWith("SHA256:"));
        assertNotEquals(node1.hostKeyFingerprint(), node2.hostKeyFingerprint(), "every node has its own host key");
        assertThrows(TransportException.class, () -> NodeSsh.connect(node1.sshHost(), node1.sshPort(),
                NodeSsh.pinnedTo(node2.hostKeyFingerprints()), "sshuser", cluster.privateKeyPem(), null).close());
    }

    // 2. Pull and run function images from the registry

    @Test
    void pullsAndRunsFunctionImagesFromTheRegistry() throws Exception {
        try (NodeSsh ssh = NodeSsh.connectWithKey(node1)) {
            ssh.exec("docker pull " + cluster.registryImage("fib-native")).orThrow();
            NodeSsh.Result nativeRun = ssh.exec("docker run --rm " + cluster.registryImage("fib-native") + " /fib 30")
                    .orThrow();
            assertTrue(nativeRun.stdout().contains("fib(30) = 832040"), nativeRun.stdout());

            long t0 = System.nanoTime();
            NodeSsh.Result pyRun = ssh.exec("docker run --rm " + cluster.registryImage("fib-python")
                    + " python3 /app/fib.py 100").orThrow();
            System.out.printf("fib-python: cold pull + run on a node took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertTrue(pyRun.stdout().matches("(?s)fib\\(100\\) has 21 digits, ends in \\.\\.\\.179261915075 .*"),
                    pyRun.stdout());
        }
    }

    // 3. Warm container: one container serves several invocations

    @Test
    void warmContainerServesRepeatedExecs() throws Exception {
        try (NodeSsh ssh = NodeSsh.connectWithKey(node1)) {
            ssh.exec("docker rm -f warm >/dev/null 2>&1 || true");
            try {
                String id = ssh.exec("docker run -d --name warm " + cluster.registryImage("fib-native")
                        + " /fib --idle").orThrow().stdout().trim();
                assertEquals(64, id.length(), "container id: " + id);
                for (int i = 0; i < 2; i++) {
                    NodeSsh.Result r = ssh.exec("docker exec warm /fib 25").orThrow();
                    assertTrue(r.stdout().contains("fib(25) = 75025"), r.stdout());
                    String running = ssh.exec("docker ps --no-trunc --filter name=^warm$ --format '{{.ID}}'")
                            .orThrow().stdout().trim();
                    assertEquals(id, running, "the same container serves invocation " + (i + 1));
                }
                String all = ssh.exec("docker ps -a --no-trunc --format '{{.ID}}'").orThrow().stdout().trim();
                assertEquals(id, all, "docker exec creates no containers");
            } finally {
                ssh.exec("docker rm -f warm");
            }
        }
    }

    // 4. node-metrics

    @Test
    void nodeMetricsReportsTheNodeLimits() throws Exception {
        try (NodeSsh ssh = NodeSsh.connectWithKey(node1)) {
            NodeSsh.Result r = ssh.exec("node-metrics").orThrow();
            NodeMetricsJson m = new NodeMetricsJson(r.stdout());
            System.out.println("node-metrics (idle node1): " + m);
            assertEquals(0.5, m.number("cpu_limit_cores"), 0.01);
            assertEquals(512L * 1024 * 1024, (long) m.number("mem_limit_bytes"));
            double cpu = m.number("cpu_percent");
            double ram = m.number("ram_percent");
            assertTrue(cpu >= 0 && cpu <= 150, "cpu_percent " + cpu);
            assertTrue(ram > 0 && ram <= 100, "ram_percent " + ram);
            assertTrue(m.number("mem_used_bytes") > 0);
            assertTrue(m.number("cpu_usage_ns") > 0);
            assertTrue(m.number("interval_ms") >= 150, "default interval is 0.2 s");
        }
    }

    @Test
    void nodeMetricsStreamsALinePerIntervalUntilTheReaderGoes() throws Exception {
        try (NodeSsh ssh = NodeSsh.connectWithKey(node1)) {
            NodeHandle.HostStats before = node1.hostStats();
            // `timeout` plays the reader going away: the loop must end with it, not linger on the node.
            String out = ssh.exec("timeout 3 node-metrics --stream 0.25; true").orThrow().stdout();
            NodeHandle.HostStats after = node1.hostStats();
            List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
            assertTrue(lines.size() >= 6 && lines.size() <= 13, "a line per 0.25 s for 3 s (less its start-up): " + lines.size() + "\n" + out);
            long previousUsage = 0;
            for (String line : lines) {
                NodeMetricsJson m = new NodeMetricsJson(line);
                assertEquals(0.5, m.number("cpu_limit_cores"), 0.01);
                assertTrue(m.number("interval_ms") >= 200 && m.number("interval_ms") < 2000, line);
                assertTrue(m.number("cpu_percent") >= 0 && m.number("ram_percent") > 0, line);
                assertTrue((long) m.number("cpu_usage_ns") >= previousUsage, "usage only grows: " + line);
                previousUsage = (long) m.number("cpu_usage_ns");
            }
            long windowMs = after.sampledAt().toEpochMilli() - before.sampledAt().toEpochMilli();
            System.out.printf("node-metrics --stream 0.25: %d lines in 3 s; node1 used %.3f cores meanwhile (host view)%n",
                    lines.size(), (after.cpuTotalNanos() - before.cpuTotalNanos()) / (double) windowMs / 1e6);
            assertEquals("", ssh.exec("pgrep -f 'node-metrics [-]-stream' || true").orThrow().stdout().strip(),
                    "the stream ended with its reader");
        }
    }

    // 5. The CPU limit binds the function containers

    @Test
    void cpuLimitHoldsForNestedFunctionContainers() throws Exception {
        String image = cluster.registryImage("fib-native");
        try (NodeSsh ssh = NodeSsh.connectWithKey(node1)) {
            ssh.exec("docker rm -f burn1 burn2 >/dev/null 2>&1 || true");
            try {
                // Two burners: unconstrained they would take both host cores.
                ssh.exec("docker run -d --name burn1 " + image + " /fib 50 && docker run -d --name burn2 "
                        + image + " /fib 50").orThrow();
                Thread.sleep(1_000);
                long[] machineBefore = machineCpuTicks();
                NodeHandle.HostStats hostBefore = node1.hostStats();
                List<Double> nodeView = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    NodeMetricsJson m = new NodeMetricsJson(ssh.exec("node-metrics 2").orThrow().stdout());
                    nodeView.add(m.coresUsed());
                    System.out.printf("node-metrics 2 under two burners: %s -> %.3f cores%n", m, m.coresUsed());
                }
                NodeHandle.HostStats hostAfter = node1.hostStats();
                long[] machineAfter = machineCpuTicks();
                long windowMs = hostAfter.sampledAt().toEpochMilli() - hostBefore.sampledAt().toEpochMilli();
                double hostCores = (hostAfter.cpuTotalNanos() - hostBefore.cpuTotalNanos()) / (double) windowMs / 1e6;
                double nodeMean = nodeView.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                // Idle share of the whole machine meanwhile: if nothing was left over, other load (not the
                // limit) may have held the node below 0.5 cores, and the lower bound says nothing.
                double idleCores = Runtime.getRuntime().availableProcessors()
                        * (machineAfter[0] - machineBefore[0]) / (double) Math.max(1, machineAfter[1] - machineBefore[1]);
                System.out.printf("host engine view (docker stats of the node container): %.3f cores over %d ms "
                                + "(1 s windows at the ends: %.3f / %.3f); node-metrics mean %.3f cores; "
                                + "machine idle meanwhile: %.2f cores%n",
                        hostCores, windowMs, hostBefore.cpuCores(), hostAfter.cpuCores(), nodeMean, idleCores);

                String running = ssh.exec("docker ps --filter name=burn --format '{{.Names}}' | sort | xargs")
                        .orThrow().stdout().trim();
                assertEquals("burn1 burn2", running, "both burners still running while measured");
                // The limit: two burners that would take two cores must not get past 0.5 (+ measuring noise).
                for (double cores : nodeView) {
                    assertTrue(cores <= 0.6, "node-metrics: node used " + cores + " cores, limit is 0.5");
                }
                assertTrue(hostCores <= 0.6, "host view: node used " + hostCores + " cores, limit is 0.5");
                assertTrue(hostCores > 0.05 && nodeMean > 0.05, "the burners must actually burn");
                if (idleCores >= 0.3) {
                    assertTrue(nodeMean >= 0.35, "node-metrics: node used only " + nodeMean + " cores");
                    assertTrue(hostCores >= 0.35, "host view: node used only " + hostCores + " cores");
                } else {
                    System.out.printf("machine saturated by other load (%.2f cores idle): lower bound 0.35 not "
                            + "checked%n", idleCores);
                }
            } finally {
                ssh.exec("docker rm -f burn1 burn2");
            }
        }
    }

    /** {idle ticks, total ticks} of this machine from /proc/stat (the engine runs here; Linux only). */
    private static long[] machineCpuTicks() throws IOException {
        Path stat = Path.of("/proc/stat");
        if (!Files.isReadable(stat)) {
            return new long[] {0, 0};
        }
        String[] f = Files.readAllLines(stat).get(0).trim().split("\\s+"); // cpu user nice system idle iowait ...
        long total = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
            total += Long.parseLong(f[i]);
        }
        return new long[] {Long.parseLong(f[4]) + Long.parseLong(f[5]), total};
    }

    // 6. Physical state: an image is absent before the pull and present after

    @Test
    void imageIsAbsentBeforePullAndPresentAfter() throws Exception {
        String image = cluster.registryImage("fib-native");
        Container.ExecResult before = node2.execInContainer("docker", "image", "inspect", image);
        assertNotEquals(0, before.getExitCode(), "fresh node2 must not have " + image);
        assertEquals("", node2.execInContainer("docker", "image", "ls", "-q", image).getStdout().trim());

        try (NodeSsh ssh = NodeSsh.connectWithKey(node2)) {
            ssh.exec("docker pull " + image).orThrow();
        }

        assertEquals(0, node2.execInContainer("docker", "image", "inspect", image).getExitCode());
        assertFalse(node2.execInContainer("docker", "image", "ls", "-q", image).getStdout().isBlank());
    }
}
