package faastestbed.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerNetwork;
import faastestbed.node.testkit.NodeHandle;
import faastestbed.node.testkit.NodeSsh;
import faastestbed.node.testkit.TestCluster;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.userauth.UserAuthException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.DockerClientFactory;

/**
 * What keeps a node standing and its functions contained, on real nodes: the supervised engine (restarted after a
 * kill, state in node-metrics), OOM kills confined to the functions' cgroup, no network from function containers
 * (yet the gateway's direct-tcpip channel to a handler still works), and password login only as an opt-in.
 * node1 takes the engine kill and then the network probes (so the rules are checked after an engine restart);
 * node2 takes the memory hog, then the loss of its sshd (which ends it).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeHardeningTest {

    private static final String PASSWORD = "opt-in-" + Long.toHexString(System.nanoTime());
    private static final long RESERVE_MB = 96;

    private static TestCluster cluster;
    private static NodeHandle node1;
    private static NodeHandle node2;

    @BeforeAll
    static void startCluster() {
        cluster = TestCluster.builder().nodes(2).password(PASSWORD).start();
        node1 = cluster.node("node1");
        node2 = cluster.node("node2");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    // 1. Login: a password only when NODE_PASSWORD was given

    @Test
    @Order(1)
    void passwordLoginWorksOnlyWithTheGivenPassword() throws Exception {
        assertEquals(PASSWORD, node1.password());
        try (NodeSsh ssh = NodeSsh.connectWithPassword(node1, PASSWORD)) {
            assertEquals("sshuser", ssh.exec("whoami").orThrow().stdout().trim());
        }
        assertThrows(UserAuthException.class, () -> NodeSsh.connectWithPassword(node1, "sshpassword").close(),
                "the old baked-in password must not work");
        try (NodeSsh ssh = node1.ssh()) {
            assertEquals("sshuser", ssh.exec("whoami").orThrow().stdout().trim(), "keys work as well");
        }
    }

    // 2. node-metrics: the engine field on a host without the supervisor's state file

    @Test
    @Order(2)
    void nodeMetricsReadsTheEngineFromThePidFileWithoutAStateFile() {
        // A private mount namespace per case hides or replaces files for node-metrics alone; the node is untouched.
        node1.shell("echo 999999 > /tmp/dead.pid; : > /tmp/empty; echo down > /tmp/down");
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("state file", "up");
        cases.put("mount --bind /tmp/down /run/ssh-node/engine", "down");
        cases.put("mount -t tmpfs none /run/ssh-node", "up");
        cases.put("mount -t tmpfs none /run/ssh-node && mount --bind /tmp/dead.pid /var/run/docker.pid", "down");
        cases.put("mount -t tmpfs none /run/ssh-node && mount --bind /tmp/empty /var/run/docker.sock", "unknown");
        cases.put("mount -t tmpfs none /run/ssh-node && mount --bind /tmp/empty /var/run/docker.pid", "unknown");
        cases.forEach((setup, expected) -> {
            String prepare = setup.startsWith("mount") ? setup + " && " : "";
            String line = node1.shell("unshare -m sh -c '" + prepare + "node-metrics 0.05'").trim();
            NodeMetricsJson m = new NodeMetricsJson(line);
            assertEquals(expected, m.string("engine"), setup + ": " + line);
            assertTrue(m.number("mem_limit_bytes") > 0 && m.number("interval_ms") >= 0, "other fields kept: " + line);
        });
    }

    // 3. The engine: killed, found dead, restarted; node-metrics says so; containers survive (live-restore)

    @Test
    @Order(3)
    void killedEngineIsRestartedAndNodeMetricsFollowsIt() throws Exception {
        String image = cluster.registryImage("fib-native");
        try (NodeSsh ssh = node1.ssh()) {
            ssh.exec("docker pull -q " + image).orThrow();
            String survivor = ssh.exec("docker run -d --name survivor " + image + " /fib --idle").orThrow().stdout().trim();
            String survivorPid = node1.shell("docker inspect -f '{{.State.Pid}}' survivor").trim();
            String dockerdBefore = node1.shell("cat /var/run/docker.pid").trim();
            String sshdBefore = listenerSshd(node1);
            assertEquals("up", ssh.exec("cat /run/ssh-node/engine").orThrow().stdout().trim(), "readable by sshuser");
            assertEquals("0", node1.shell("cat /run/ssh-node/engine-restarts").trim());

            BlockingQueue<long[]> times = new LinkedBlockingQueue<>();
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            try (Session session = ssh.client().startSession()) {
                Session.Command stream = session.exec("node-metrics --stream 0.25");
                Thread reader = new Thread(() -> {
                    try (BufferedReader in = new BufferedReader(
                            new InputStreamReader(stream.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String l; (l = in.readLine()) != null; ) {
                            lines.add(l);
                            times.add(new long[] {System.nanoTime(), lines.size() - 1});
                        }
                    } catch (IOException ignored) {
                        // stream closed
                    }
                }, "node-metrics-reader");
                reader.setDaemon(true);
                reader.start();
                assertEquals("up", engineOf(next(times, lines, Duration.ofSeconds(10))), "engine up before the kill");

                int from = lines.size();
                long kill = System.nanoTime();
                node1.shell("kill -9 $(cat /var/run/docker.pid)");
                long down = -1;
                long up = -1;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (up < 0 && System.nanoTime() < deadline) {
                    long[] t = times.poll(1, TimeUnit.SECONDS);
                    if (t == null || t[1] < from) {
                        continue;
                    }
                    String engine = engineOf(lines.get((int) t[1]));
                    if (down < 0 && "down".equals(engine)) {
                        down = t[0];
                    } else if (down >= 0 && "up".equals(engine)) {
                        up = t[0];
                    }
                }
                assertTrue(down > 0, "no line said down after the kill: " + tail(lines));
                assertTrue(up > 0, "no line said up again within 60 s: " + tail(lines));
                long downMs = (down - kill) / 1_000_000;
                long recoveryMs = (up - kill) / 1_000_000;
                String supervisor = node1.container().getLogs().lines().filter(l -> l.contains("up again"))
                        .reduce((a, b) -> b).orElse("no log line");
                System.out.printf("engine killed: node-metrics said down after %d ms, up again after %d ms "
                        + "(supervisor: %s)%n", downMs, recoveryMs, supervisor);
                assertTrue(downMs <= 2_500, "down seen only after " + downMs + " ms");
                assertTrue(recoveryMs <= 30_000, "engine back only after " + recoveryMs + " ms");
            }

            assertEquals("1", node1.shell("cat /run/ssh-node/engine-restarts").trim());
            assertNotEquals(dockerdBefore, node1.shell("cat /var/run/docker.pid").trim(), "a new dockerd");
            assertEquals(sshdBefore, listenerSshd(node1), "sshd untouched");
            NodeSsh.Result run = ssh.exec("docker run --rm " + image + " /fib 20").orThrow();
            assertTrue(run.stdout().contains("fib(20) = 6765"), run.stdout());
            // live-restore: the container kept running through the restart, same process, still usable
            assertEquals("true " + survivorPid, node1.shell("docker inspect -f '{{.State.Running}} {{.State.Pid}}' "
                    + survivor).trim(), "the function container survived the engine restart");
            assertTrue(ssh.exec("docker exec survivor /fib 20").orThrow().stdout().contains("6765"));
            // the isolation rules are back (test 4 probes them for real)
            node1.shell("iptables -C DOCKER-USER -i docker0 -j NODE-ISOLATION-FWD && iptables -C INPUT -i docker0 "
                    + "-j NODE-ISOLATION-IN");
            ssh.exec("docker rm -f survivor").orThrow();
        }
    }

    // 4. Function containers reach nothing; the node still reaches their handler port (direct-tcpip)

    @Test
    @Order(4)
    void functionContainersCannotConnectAnywhereButTheHandlerIsReachableOverSsh() throws Exception {
        String python = cluster.registryImage("fib-python");
        try (NodeSsh ssh = node1.ssh()) {
            ssh.exec("docker pull -q " + python).orThrow();
            ssh.exec("docker rm -f listener >/dev/null 2>&1; docker run -d --name listener " + python
                    + " python3 -m http.server 8080").orThrow();
            try {
                String listenerIp = node1.shell("docker inspect -f '{{.NetworkSettings.IPAddress}}' listener").trim();
                String bridgeIp = node1.shell("docker network inspect bridge -f '{{(index .IPAM.Config 0).Gateway}}'")
                        .trim();
                // What the gateway does: a direct-tcpip channel through the node's sshd to the container's port.
                String status = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (status == null && System.nanoTime() < deadline) {
                    status = httpStatusThroughSsh(ssh, listenerIp, 8080);
                    if (status == null) {
                        Thread.sleep(200);
                    }
                }
                assertEquals("HTTP/1.0 200 OK", status, "direct-tcpip to " + listenerIp + ":8080");

                Map<String, String> targets = new LinkedHashMap<>();
                targets.put(clusterIp(node2) + ":22", "another node's sshd");
                targets.put(clusterIp(cluster.registryContainer()) + ":" + TestCluster.REGISTRY_PORT, "the registry");
                targets.put(clusterIp(node1) + ":22", "its own node's sshd (cluster address)");
                targets.put(bridgeIp + ":22", "its own node's sshd (bridge address)");
                targets.put(listenerIp + ":8080", "another container on the node");
                String probe = String.join("\n",
                        "import socket, sys, time",
                        "for t in sys.argv[1:]:",
                        "    h, p = t.rsplit(\":\", 1)",
                        "    t0 = time.monotonic()",
                        "    try:",
                        "        socket.create_connection((h, int(p)), timeout=3).close()",
                        "        r = \"CONNECTED\"",
                        "    except Exception as e:",
                        "        r = type(e).__name__",
                        "    print(t, r, int((time.monotonic() - t0) * 1000))");
                NodeSsh.Result r = ssh.exec("docker run --rm " + python + " python3 -c '" + probe + "' "
                        + String.join(" ", targets.keySet())).orThrow();
                List<String> results = r.stdout().lines().filter(l -> !l.isBlank()).toList();
                assertEquals(targets.size(), results.size(), r.stdout());
                for (String line : results) {
                    String[] f = line.split(" ");
                    System.out.printf("probe from a function container to %s (%s): %s in %s ms%n", f[0],
                            targets.get(f[0]), f[1], f[2]);
                    assertNotEquals("CONNECTED", f[1], targets.get(f[0]) + " must be unreachable: " + line);
                    assertTrue(Long.parseLong(f[2]) <= 3_500, "fails quickly: " + line);
                }
                // The channel still works after the probes (nothing was broken for the node itself).
                assertEquals("HTTP/1.0 200 OK", httpStatusThroughSsh(ssh, listenerIp, 8080));
            } finally {
                ssh.exec("docker rm -f listener");
            }
        }
    }

    // 5. Memory: a hog is OOM-killed inside the functions' cgroup; dockerd and sshd stay

    @Test
    @Order(5)
    void memoryHogIsKilledInsideTheFunctionsCgroupAndTheNodeSurvives() throws Exception {
        String python = cluster.registryImage("fib-python");
        String image = cluster.registryImage("fib-native");
        try (NodeSsh ssh = node2.ssh()) {
            ssh.exec("docker pull -q " + python + " && docker pull -q " + image).orThrow();
            long limit = Long.parseLong(node2.shell("cat /sys/fs/cgroup/memory/functions/memory.limit_in_bytes "
                    + "2>/dev/null || cat /sys/fs/cgroup/functions/memory.max").trim());
            assertEquals((512 - RESERVE_MB) * 1024 * 1024, limit, "functions get the node's memory less the reserve");
            ssh.exec("docker run -d --name idle " + image + " /fib --idle").orThrow();
            String cgroup = node2.shell("cat /proc/$(docker inspect -f '{{.State.Pid}}' idle)/cgroup");
            // v1: the memory controller's line; v2: the unified one (a v1 host's 0:: line is not docker's)
            String memoryLine = cgroup.lines().filter(l -> l.contains(":memory:")).findFirst()
                    .orElseGet(() -> cgroup.lines().filter(l -> l.startsWith("0::")).findFirst().orElse(""));
            assertTrue(memoryLine.contains("/functions/"), "function containers below /functions: " + cgroup);
            String dockerd = node2.shell("cat /var/run/docker.pid").trim();
            String sshd = listenerSshd(node2);
            long hitsBefore = functionsLimitHits();

            long t0 = System.nanoTime();
            NodeSsh.Result hog = ssh.exec("docker run --name hog " + python
                    + " python3 -c 'b = bytearray(700 * 1024 * 1024); print(len(b))'");
            System.out.printf("700 MB hog on a 512 MB node: exit %d after %d ms; functions cgroup limit hits %d -> %d%n",
                    hog.exitCode(), (System.nanoTime() - t0) / 1_000_000, hitsBefore, functionsLimitHits());
            assertEquals(137, hog.exitCode(), "killed: " + hog);
            assertEquals("true", ssh.exec("docker inspect -f '{{.State.OOMKilled}}' hog").orThrow().stdout().trim());
            assertTrue(functionsLimitHits() > hitsBefore, "the functions' own limit was what bound it");

            assertEquals(dockerd, node2.shell("cat /var/run/docker.pid").trim(), "dockerd survived");
            assertEquals(sshd, listenerSshd(node2), "sshd survived");
            assertEquals("up", node2.shell("cat /run/ssh-node/engine").trim());
            assertEquals("0", node2.shell("cat /run/ssh-node/engine-restarts").trim());
            assertEquals("running", node2.shell("docker inspect -f '{{.State.Status}}' idle").trim(),
                    "the small container was not the victim");
            try (NodeSsh again = node2.ssh()) {
                assertTrue(again.exec("docker run --rm " + image + " /fib 20").orThrow().stdout().contains("6765"),
                        "the node still answers and runs functions");
            }
            ssh.exec("docker rm -f hog idle").orThrow();
        }
    }

    // 6. Without sshd a node is useless: the supervisor ends the container (last: it takes node2 down)

    @Test
    @Order(6)
    void nodeEndsWhenSshdDies() throws Exception {
        node2.shell("kill -9 " + listenerSshd(node2));
        DockerClient docker = DockerClientFactory.instance().client();
        long t0 = System.nanoTime();
        InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(node2.containerId()).exec().getState();
        while (Boolean.TRUE.equals(state.getRunning()) && System.nanoTime() - t0 < Duration.ofSeconds(15).toNanos()) {
            Thread.sleep(100);
            state = docker.inspectContainerCmd(node2.containerId()).exec().getState();
        }
        System.out.printf("sshd killed: node container ended after %d ms with exit code %d%n",
                (System.nanoTime() - t0) / 1_000_000, state.getExitCodeLong());
        assertEquals(Boolean.FALSE, state.getRunning(), "the node must stop when its sshd is gone");
        assertEquals(1L, state.getExitCodeLong());
    }

    /** v1: times the functions' memory limit was hit; v2: OOM kills in the functions' cgroup. */
    private static long functionsLimitHits() {
        return Long.parseLong(node2.shell("f=/sys/fs/cgroup/memory/functions/memory.failcnt; if [ -f $f ]; then cat $f; "
                + "else awk '$1 == \"oom_kill\" {print $2}' /sys/fs/cgroup/functions/memory.events; fi").trim());
    }

    /** The pid of the node's listening sshd (the oldest sshd process). */
    private static String listenerSshd(NodeHandle node) {
        String pid = node.shell("pgrep -o -x sshd").trim();
        assertTrue(pid.matches("[0-9]+"), "sshd pid: " + pid);
        return pid;
    }

    private static String clusterIp(NodeHandle node) {
        return clusterIp(node.container());
    }

    private static String clusterIp(org.testcontainers.containers.GenericContainer<?> container) {
        String network = cluster.network().getId();
        for (ContainerNetwork n : container.getContainerInfo().getNetworkSettings().getNetworks().values()) {
            if (network.equals(n.getNetworkID())) {
                return n.getIpAddress();
            }
        }
        throw new AssertionError("no address in the cluster network for " + container.getContainerName());
    }

    /** First line of an HTTP/1.0 answer to GET / through a direct-tcpip channel, or null when none came. */
    private static String httpStatusThroughSsh(NodeSsh ssh, String host, int port) {
        try (DirectConnection channel = ssh.client().newDirectConnection(host, port)) {
            OutputStream out = channel.getOutputStream();
            out.write("GET / HTTP/1.0\r\nHost: function\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = channel.getInputStream();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            return reader.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    private static String next(BlockingQueue<long[]> times, List<String> lines, Duration timeout)
            throws InterruptedException {
        long[] t = times.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(t, "no node-metrics line within " + timeout);
        return lines.get((int) t[1]);
    }

    private static String engineOf(String line) {
        return new NodeMetricsJson(line).string("engine");
    }

    private static String tail(List<String> lines) {
        synchronized (lines) {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        }
    }
}
