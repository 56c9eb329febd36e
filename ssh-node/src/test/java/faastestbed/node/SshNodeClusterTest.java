package faastestbed.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import faastestbed.node.testkit.NodeHandle;
import faastestbed.node.testkit.NodeSsh;
import faastestbed.node.testkit.SshKeys;
import faastestbed.node.testkit.TestCluster;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
        System.out.printf("cluster up in %d ms (registry + 2 nodes ready: %d ms, image push: %d ms)%n",
                (System.nanoTime() - t0) / 1_000_000, cluster.containersStartupTime().toMillis(),
                cluster.pushTime().toMillis());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
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

    @Test
    void passwordLoginWorks() throws Exception {
        try (NodeSsh ssh = NodeSsh.connectWithPassword(node1, "sshpassword")) {
            assertEquals("sshuser", ssh.exec("whoami").orThrow().stdout().trim());
        }
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
                NodeHandle.HostStats hostBefore = node1.hostStats();
                List<Double> nodeView = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    NodeMetricsJson m = new NodeMetricsJson(ssh.exec("node-metrics 2").orThrow().stdout());
                    nodeView.add(m.coresUsed());
                    System.out.printf("node-metrics 2 under two burners: %s -> %.3f cores%n", m, m.coresUsed());
                }
                NodeHandle.HostStats hostAfter = node1.hostStats();
                double hostCores = (hostAfter.cpuTotalNanos() - hostBefore.cpuTotalNanos())
                        / (double) (hostAfter.sampledAt().toEpochMilli() - hostBefore.sampledAt().toEpochMilli())
                        / 1e6;
                System.out.printf("host engine view (docker stats of the node container): %.3f cores over %d ms; "
                                + "last 1 s windows: %.3f / %.3f cores%n", hostCores,
                        hostAfter.sampledAt().toEpochMilli() - hostBefore.sampledAt().toEpochMilli(),
                        hostBefore.cpuCores(), hostAfter.cpuCores());

                String running = ssh.exec("docker ps --filter name=burn --format '{{.Names}}' | sort | xargs")
                        .orThrow().stdout().trim();
                assertEquals("burn1 burn2", running, "both burners still running while measured");
                for (double cores : nodeView) {
                    assertTrue(cores >= 0.35 && cores <= 0.6, "node-metrics: node used " + cores + " cores");
                }
                assertTrue(hostCores >= 0.35 && hostCores <= 0.6, "host view: node used " + hostCores + " cores");
            } finally {
                ssh.exec("docker rm -f burn1 burn2");
            }
        }
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
