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
 * kill or a long hang, down in node-metrics while it hangs), OOM kills confined to the functions' cgroup, fork bombs
 * capped by its pids limit, no network from function containers (yet the gateway's direct-tcpip channel to a handler
 * still works), not even from warm ones the engine restarts while the node starts, and password login only as an
 * opt-in. node1 takes the engine kill and then the network probes (so the rules are checked after an engine
 * restart), the hangs, the fork bomb, and last its own restart; node2 takes the memory hog, then the loss of its
 * sshd (which ends it).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeHardeningTest {

    private static final String PASSWORD = "opt-in-" + Long.toHexString(System.nanoTime());
    private static final long RESERVE_MB = 96;
    private static final int PIDS_MAX = 1024;       // the entrypoint's default
    private static final int HANG_RESTART_S = 15;   // 30 by default: the test would take a minute

    private static TestCluster cluster;
    private static NodeHandle node1;
    private static NodeHandle node2;

    @BeforeAll
    static void startCluster() {
        cluster = TestCluster.builder().nodes(2).password(PASSWORD)
                .nodeEnv("NODE_ENGINE_HANG_RESTART_S", String.valueOf(HANG_RESTART_S)).start();
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

            try (MetricsStream stream = new MetricsStream(ssh)) {
                assertEquals("up", engineOf(stream.next(Duration.ofSeconds(10))), "engine up before the kill");
                stream.skipToNow();
                long kill = System.nanoTime();
                node1.shell("kill -9 $(cat /var/run/docker.pid)");
                long down = stream.await("down", Duration.ofSeconds(60));
                assertTrue(down > 0, "no line said down after the kill: " + stream.tail());
                long up = stream.await("up", Duration.ofSeconds(60));
                assertTrue(up > 0, "no line said up again within 60 s: " + stream.tail());
                long downMs = (down - kill) / 1_000_000;
                long recoveryMs = (up - kill) / 1_000_000;
                System.out.printf("engine killed: node-metrics said down after %d ms, up again after %d ms "
                        + "(supervisor: %s)%n", downMs, recoveryMs, lastLog(node1, "up again"));
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
                assertNothingConnects(ssh, python, "", targets);

                // A bridge dockerd creates after the rules went in (a user-defined network: br-<id>) is covered too.
                ssh.exec("docker network create later-net").orThrow();
                try {
                    String laterGateway = node1.shell("docker network inspect later-net -f "
                            + "'{{(index .IPAM.Config 0).Gateway}}'").trim();
                    Map<String, String> fromLater = new LinkedHashMap<>();
                    fromLater.put(clusterIp(cluster.registryContainer()) + ":" + TestCluster.REGISTRY_PORT,
                            "the registry, from a network created later");
                    fromLater.put(laterGateway + ":22", "its own node's sshd (the later bridge's address)");
                    fromLater.put(listenerIp + ":8080", "a container on the default bridge, from the later one");
                    assertNothingConnects(ssh, python, "--network later-net", fromLater);
                } finally {
                    ssh.exec("docker network rm later-net");
                }
                // The channel still works after the probes (nothing was broken for the node itself).
                assertEquals("HTTP/1.0 200 OK", httpStatusThroughSsh(ssh, listenerIp, 8080));
            } finally {
                ssh.exec("docker rm -f listener");
            }
        }
    }

    // 5. A hung engine (alive, answers nothing): down while it hangs, up again when it answers, same process

    @Test
    @Order(5)
    void hungEngineIsReportedDownAndUpAgainWhenItAnswers() throws Exception {
        try (NodeSsh ssh = node1.ssh(); MetricsStream stream = new MetricsStream(ssh)) {
            assertEquals("up", engineOf(stream.next(Duration.ofSeconds(10))), "engine up before the stop");
            String dockerd = node1.shell("cat /var/run/docker.pid").trim();
            String restarts = node1.shell("cat /run/ssh-node/engine-restarts").trim();
            stream.skipToNow();
            long stop = System.nanoTime();
            node1.shell("kill -STOP " + dockerd);
            long down;
            long cont;
            try {
                down = stream.await("down", Duration.ofSeconds(20));
            } finally {
                node1.shell("kill -CONT " + dockerd);
                cont = System.nanoTime();
            }
            assertTrue(down > 0, "no line said down while dockerd was stopped: " + stream.tail());
            long up = stream.await("up", Duration.ofSeconds(15));
            assertTrue(up > 0, "no line said up after dockerd went on: " + stream.tail());
            long downMs = (down - stop) / 1_000_000;
            long upMs = (up - cont) / 1_000_000;
            System.out.printf("dockerd stopped: node-metrics said down after %d ms; continued: up again after %d ms "
                    + "(supervisor: %s)%n", downMs, upMs, lastLog(node1, "answers again"));
            // two pings of at most 3 s each, 3 s apart at most, plus one tick and one stream interval
            assertTrue(downMs <= 12_000, "down seen only after " + downMs + " ms");
            assertTrue(upMs <= 5_000, "up seen only " + upMs + " ms after SIGCONT");
            assertEquals(dockerd, node1.shell("cat /var/run/docker.pid").trim(), "the same dockerd, not a new one");
            assertEquals(restarts, node1.shell("cat /run/ssh-node/engine-restarts").trim());
            assertEquals("true", ssh.exec("docker info --format '{{.ServerVersion}}' >/dev/null && echo true")
                    .orThrow().stdout().trim());
        }
    }

    // 6. An engine that hangs for NODE_ENGINE_HANG_RESTART_S is killed and restarted; containers survive

    @Test
    @Order(6)
    void engineHungTooLongIsRestarted() throws Exception {
        String image = cluster.registryImage("fib-native");
        try (NodeSsh ssh = node1.ssh(); MetricsStream stream = new MetricsStream(ssh)) {
            ssh.exec("docker pull -q " + image).orThrow();
            ssh.exec("docker run -d --name hang-survivor " + image + " /fib --idle").orThrow();
            String survivorPid = node1.shell("docker inspect -f '{{.State.Pid}}' hang-survivor").trim();
            String dockerd = node1.shell("cat /var/run/docker.pid").trim();
            int restarts = Integer.parseInt(node1.shell("cat /run/ssh-node/engine-restarts").trim());
            stream.skipToNow();
            long stop = System.nanoTime();
            node1.shell("kill -STOP " + dockerd);
            long down = stream.await("down", Duration.ofSeconds(20));
            long up = stream.await("up", Duration.ofSeconds(HANG_RESTART_S + 30));
            if (up < 0) {
                node1.execInContainer("kill", "-CONT", dockerd); // leave no stopped engine behind a failure
            }
            assertTrue(down > 0 && up > 0, "no down then up while dockerd stayed stopped: " + stream.tail());
            long downMs = (down - stop) / 1_000_000;
            long upMs = (up - stop) / 1_000_000;
            System.out.printf("dockerd stopped for good (restart after %d s without an answer): down after %d ms, "
                    + "a new engine up after %d ms (supervisor: %s; %s)%n", HANG_RESTART_S, downMs, upMs,
                    lastLog(node1, "killing it"), lastLog(node1, "up again"));
            assertTrue(upMs >= HANG_RESTART_S * 1000L, "restarted before the threshold: " + upMs + " ms");
            assertTrue(upMs <= (HANG_RESTART_S + 15) * 1000L, "a new engine only after " + upMs + " ms");
            assertNotEquals(dockerd, node1.shell("cat /var/run/docker.pid").trim(), "a new dockerd");
            assertEquals("gone", node1.shell("kill -0 " + dockerd + " 2>/dev/null && echo alive || echo gone").trim(),
                    "the hung dockerd was killed");
            assertEquals(String.valueOf(restarts + 1), node1.shell("cat /run/ssh-node/engine-restarts").trim());
            assertEquals("true " + survivorPid, node1.shell("docker inspect -f '{{.State.Running}} {{.State.Pid}}' "
                    + "hang-survivor").trim(), "live-restore kept the container through the restart");
            assertTrue(ssh.exec("docker run --rm " + image + " /fib 20").orThrow().stdout().contains("6765"));
            // the isolation rules are still there (re-applied, not flushed)
            node1.shell("iptables -C DOCKER-USER -i docker0 -j NODE-ISOLATION-FWD");
            ssh.exec("docker rm -f hang-survivor").orThrow();
        }
    }

    // 7. A fork bomb in a function container: capped by the functions' pids limit; logins and the engine go on

    @Test
    @Order(7)
    void forkBombIsCappedAndTheNodeStillAnswers() throws Exception {
        String python = cluster.registryImage("fib-python");
        String image = cluster.registryImage("fib-native");
        String pids = functionsPidsDir(node1);
        try (NodeSsh ssh = node1.ssh()) {
            ssh.exec("docker pull -q " + python + " && docker pull -q " + image).orThrow();
            assertEquals(String.valueOf(PIDS_MAX), node1.shell("cat " + pids + "/pids.max").trim());
            String dockerd = node1.shell("cat /var/run/docker.pid").trim();
            String sshd = listenerSshd(node1);
            long before = Long.parseLong(node1.shell("cat " + pids + "/pids.current").trim());
            // As the gateway starts a function: a plain docker run, which dockerd puts below /functions.
            // exec sleep keeps the container's PID 1 (the bomb's own shell returns at once).
            ssh.exec("docker run -d --name bomb " + python + " bash -c ':(){ :|:& };:; exec sleep 600'").orThrow();
            try {
                long t0 = System.nanoTime();
                long current = 0;
                while (current < PIDS_MAX && System.nanoTime() - t0 < Duration.ofSeconds(20).toNanos()) {
                    Thread.sleep(200);
                    current = Long.parseLong(node1.shell("cat " + pids + "/pids.current").trim());
                }
                long capMs = (System.nanoTime() - t0) / 1_000_000;
                assertEquals(PIDS_MAX, current, "the bomb fills the functions' pids limit, and no more");
                Thread.sleep(2_000); // let it hammer at the limit for a while

                // While it runs: a new login, the engine answers, the node can still fork outside /functions.
                long t1 = System.nanoTime();
                String info;
                try (NodeSsh again = node1.ssh()) {
                    info = again.exec("docker info --format '{{.ServerVersion}}' && ps -e | wc -l",
                            Duration.ofSeconds(30)).orThrow().stdout();
                }
                long loginMs = (System.nanoTime() - t1) / 1_000_000;
                assertEquals(PIDS_MAX, Long.parseLong(node1.shell("cat " + pids + "/pids.current").trim()),
                        "still at the limit while the login ran");
                assertEquals("up", node1.shell("cat /run/ssh-node/engine").trim());

                long t2 = System.nanoTime();
                ssh.exec("docker rm -f bomb", Duration.ofSeconds(60)).orThrow();
                long rmMs = (System.nanoTime() - t2) / 1_000_000;
                long after = Long.MAX_VALUE;
                for (int i = 0; i < 50 && after > before; i++) { // the kernel reaps the last ones after docker rm
                    after = Long.parseLong(node1.shell("cat " + pids + "/pids.current").trim());
                    Thread.sleep(after > before ? 200 : 0);
                }
                System.out.printf("fork bomb: functions at their pids limit %d after %d ms; a new login + docker info "
                        + "during it took %d ms (%s); docker rm -f took %d ms; tasks in /functions %d before, %d "
                        + "after%n", PIDS_MAX, capMs, loginMs, info.replace('\n', ' ').trim(), rmMs, before, after);
                assertEquals(before, after, "the bomb is gone with its container");
            } finally {
                ssh.exec("docker rm -f bomb", Duration.ofSeconds(60));
            }
            assertEquals(dockerd, node1.shell("cat /var/run/docker.pid").trim(), "dockerd survived");
            assertEquals(sshd, listenerSshd(node1), "sshd survived");
            assertTrue(ssh.exec("docker run --rm " + image + " /fib 20").orThrow().stdout().contains("6765"),
                    "functions start again");
        }
    }

    // 8. Node restart: warm containers come back before the engine answers, and meet the rules already there.
    //    Last test on node1: the restart gives the node a new host port, so only exec reaches it afterwards.

    @Test
    @Order(8)
    void containersTheEngineRestartsAtNodeStartNeverReachTheNetwork() throws Exception {
        String python = cluster.registryImage("fib-python");
        String registry = clusterIp(cluster.registryContainer()) + ":" + TestCluster.REGISTRY_PORT;
        String otherNode = clusterIp(node2) + ":22";
        // Tries both targets in a loop from the container's first instant; says when it started and what connected.
        String probe = String.join("\n",
                "import socket, sys, time",
                "print(\"start\", time.time(), flush=True)",
                "n = 0",
                "while True:",
                "    for t in sys.argv[1:]:",
                "        h, p = t.rsplit(\":\", 1)",
                "        try:",
                "            socket.create_connection((h, int(p)), timeout=0.5).close()",
                "            print(\"CONNECTED\", t, time.time(), flush=True)",
                "        except Exception:",
                "            pass",
                "    n += 1",
                "    if n % 50 == 1:",
                "        print(\"alive\", n, flush=True)",
                "    time.sleep(0.01)");
        try (NodeSsh ssh = node1.ssh()) {
            ssh.exec("docker pull -q " + python).orThrow();
            ssh.exec("docker run -d --restart unless-stopped --name warm " + python + " python3 -c '" + probe + "' "
                    + registry + " " + otherNode).orThrow();
        }
        awaitLog("alive", 1, Duration.ofSeconds(20));

        DockerClient docker = DockerClientFactory.instance().client();
        long t0 = System.nanoTime();
        docker.stopContainerCmd(node1.containerId()).withTimeout(2).exec();
        docker.startContainerCmd(node1.containerId()).exec();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (node1.execInContainer("test", "-f", "/run/ssh-node.ready").getExitCode() != 0) {
            assertTrue(System.nanoTime() < deadline, "node1 not ready within 60 s of its restart");
            Thread.sleep(100);
        }
        long readyMs = (System.nanoTime() - t0) / 1_000_000;
        awaitLog("start", 2, Duration.ofSeconds(20));
        Thread.sleep(2_000); // more probes after the node is ready

        String logs = node1.shell("docker logs warm 2>&1");
        List<String> starts = logs.lines().filter(l -> l.startsWith("start ")).toList();
        double restartedAt = Double.parseDouble(starts.get(starts.size() - 1).split(" ")[1]);
        double readyAt = Double.parseDouble(node1.shell("stat -c %.9Y /run/ssh-node.ready").trim());
        System.out.printf("node restarted: ready after %d ms; the warm container was probing %d ms before the "
                + "node was ready; connections made: %d%n", readyMs, Math.round((readyAt - restartedAt) * 1000),
                logs.lines().filter(l -> l.startsWith("CONNECTED")).count());
        assertTrue(restartedAt < readyAt, "the engine restarted the container before the node was ready: the "
                + "window this test is about (" + restartedAt + " vs " + readyAt + ")");
        assertTrue(logs.lines().noneMatch(l -> l.startsWith("CONNECTED")), "a warm container reached the network "
                + "while the node started:\n" + logs.lines().filter(l -> l.startsWith("CONNECTED")).toList());
        node1.shell("docker rm -f warm");
    }

    // 9. Memory: a hog is OOM-killed inside the functions' cgroup; dockerd and sshd stay

    @Test
    @Order(9)
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

    // 10. Without sshd a node is useless: the supervisor ends the container (last: it takes node2 down)

    @Test
    @Order(10)
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

    /** Waits until the warm container's log on node1 has {@code count} lines starting with {@code prefix}. */
    private static void awaitLog(String prefix, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String logs = "";
        while (System.nanoTime() < deadline) {
            logs = node1.execInContainer("sh", "-c", "docker logs warm 2>&1").getStdout();
            if (logs.lines().filter(l -> l.startsWith(prefix + " ")).count() >= count) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(count + " lines '" + prefix + "' expected in the warm container's log: " + logs);
    }

    /** The functions' cgroup in the pids hierarchy, as the node mounts it (v1: pids controller; v2: unified). */
    private static String functionsPidsDir(NodeHandle node) {
        return node.shell("if [ -d /sys/fs/cgroup/pids ]; then echo /sys/fs/cgroup/pids/functions; "
                + "else echo /sys/fs/cgroup/functions; fi").trim();
    }

    /** The supervisor's last log line containing {@code part}. */
    private static String lastLog(NodeHandle node, String part) {
        return node.container().getLogs().lines().filter(l -> l.contains(part)).reduce((a, b) -> b)
                .orElse("no log line");
    }

    /** Runs a probe in a function container of node1 ({@code options} for docker run): nothing may connect. */
    private static void assertNothingConnects(NodeSsh ssh, String python, String options, Map<String, String> targets)
            throws IOException {
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
        NodeSsh.Result r = ssh.exec("docker run --rm " + options + " " + python + " python3 -c '" + probe + "' "
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
    }

    /** One line arrived from node-metrics --stream, with when it arrived (System.nanoTime). */
    private record Sample(long at, String line) {
    }

    /** A node-metrics --stream session (4 lines a second), read in the background. */
    private static final class MetricsStream implements AutoCloseable {
        private final Session session;
        private final BlockingQueue<Sample> samples = new LinkedBlockingQueue<>();
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        MetricsStream(NodeSsh ssh) throws IOException {
            session = ssh.client().startSession();
            Session.Command stream = session.exec("node-metrics --stream 0.25");
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(stream.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = in.readLine()) != null; ) {
                        lines.add(l);
                        samples.add(new Sample(System.nanoTime(), l));
                    }
                } catch (IOException ignored) {
                    // stream closed
                }
            }, "node-metrics-reader");
            reader.setDaemon(true);
            reader.start();
        }

        String next(Duration timeout) throws InterruptedException {
            Sample s = samples.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(s, "no node-metrics line within " + timeout);
            return s.line();
        }

        /** Forgets the lines that arrived so far. */
        void skipToNow() {
            samples.clear();
        }

        /** When the first line saying engine {@code state} arrived, or -1 if none within the timeout. */
        long await(String state, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                Sample s = samples.poll(left, TimeUnit.NANOSECONDS);
                if (s != null && state.equals(engineOf(s.line()))) {
                    return s.at();
                }
            }
            return -1;
        }

        String tail() {
            synchronized (lines) {
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
            }
        }

        @Override
        public void close() throws IOException {
            session.close();
        }
    }

    private static String engineOf(String line) {
        return new NodeMetricsJson(line).string("engine");
    }

}
