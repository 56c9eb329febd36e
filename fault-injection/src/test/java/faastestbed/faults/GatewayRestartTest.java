package faastestbed.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import faastestbed.common.metrics.MetricsCsvReader;
import faastestbed.common.metrics.MetricsRecord;
import faastestbed.node.testkit.NodeHandle;
import faastestbed.node.testkit.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway stopped (SIGTERM) with registered nodes, warm containers and queued asynchronous calls, and a new gateway
 * process started on the same state directory: nothing is registered again by hand, the warm containers are adopted
 * rather than recreated, a node that does not answer at start stays registered and is prepared once it answers,
 * finished answers are still readable, and the queued calls run, each with exactly one row.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayRestartTest {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayRestartTest.class);
    private static final String FIB = "registry:5000/fib-native:latest";
    private static final String PASSWORD = "fallback-password-7f3a9c";

    private TestCluster cluster;
    private Path work;
    private Path csv;
    private GatewayProcess gateway;
    private Api api;
    private final DockerClient docker = DockerClientFactory.instance().client();

    @BeforeAll
    void startCluster() throws Exception {
        cluster = TestCluster.builder().nodes(2).functions("fib-native").start();
        work = Files.createTempDirectory("gateway-restart");
        csv = work.resolve("results/metrics.csv");
    }

    @AfterAll
    void stopAll() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private void startGateway() throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of(
                "testbed.metrics.file", csv.toString(),
                "testbed.sampling.interval", "300ms",
                "testbed.sampling.window", "0.2",
                "testbed.ssh.connect-timeout", "4s",
                "testbed.shutdown.deadline", "2s",
                "testbed.policy", "round-robin",
                "testbed.async.workers", "1",
                "testbed.async.queue", "10",
                // the default, said here: the state lives in the work directory and outlives each process
                "testbed.state.dir", work.resolve("state").toString()));
        gateway = GatewayProcess.start(work, settings);
        api = new Api(gateway.baseUrl());
    }

    @Test
    void restartWithQueuedWorkAndRegisteredNodes() throws Exception {
        startGateway();
        for (NodeHandle n : cluster.nodes()) {
            Api.Answer a = api.post("/nodes/register", Map.of("name", n.name(), "host", n.sshHost(), "port", n.sshPort(),
                    "username", n.username(), "privateKey", n.privateKeyPem(), "password", PASSWORD));
            assertEquals(201, a.status(), String.valueOf(a.body()));
        }
        assertEquals(200, api.put("/config", Map.of("mode", "warmed", "path", "exec")).status());
        register("fib", List.of("/fib", "25"));
        register("fib-slow", List.of("/fib", "45"));
        Map<String, String> warmBefore = warmContainers();
        assertEquals(4, warmBefore.size(), "one warm container per node and function: " + warmBefore);

        // Two that finish before the stop; then one slow call takes the only worker and three wait behind it.
        List<String> finished = List.of(submit("fib"), submit("fib"));
        for (String id : finished) {
            assertEquals("ok", awaitEnd(id).path("status").asText());
        }
        String slow = submit("fib-slow");
        awaitStatus(slow, "running"::equals, Duration.ofSeconds(30));
        List<String> queued = List.of(submit("fib"), submit("fib"), submit("fib"));
        for (String id : queued) {
            assertEquals("queued", api.get("/invocations/" + id).body().path("status").asText());
        }

        gateway.stop(Duration.ofSeconds(60));  // 143 after SIGTERM, as for any JVM
        assertFalse(Files.readString(gateway.log()).contains("writing an asynchronous invocation to the state database failed"),
                "every write of the stop reached the database: " + gateway.tail());
        Set<String> rowsAtStop = rows().stream().map(MetricsRecord::invocationId).collect(Collectors.toSet());
        assertTrue(rowsAtStop.containsAll(finished), "finished calls have their rows");
        for (String id : queued) {
            assertFalse(rowsAtStop.contains(id), "a queued call stays queued through a stop, without a row: " + id);
        }
        assertEquals(warmBefore, warmContainers(), "a stop with state kept leaves the warm containers");
        noCredentialsInTheClear();

        // The second node does not answer while the new gateway starts (its processes frozen).
        NodeHandle away = cluster.nodes().get(1);
        docker.pauseContainerCmd(away.containerId()).exec();
        try {
            startGateway();
            JsonNode nodes = api.get("/nodes").body();
            assertEquals(2, nodes.size(), "both nodes registered again without a request: " + nodes);
            JsonNode awayInfo = api.get("/nodes/" + away.name()).body();
            assertFalse(awayInfo.path("healthy").asBoolean(), "a node that does not answer is shown unhealthy: " + awayInfo);
            assertFalse(awayInfo.path("lastError").asText().isEmpty(), "and says why: " + awayInfo);
        } finally {
            docker.unpauseContainerCmd(away.containerId()).exec();
        }
        JsonNode functions = api.get("/functions").body();
        assertEquals(Set.of("fib", "fib-slow"), names(functions), functions.toString());
        assertEquals("warmed", api.get("/config").body().path("mode").asText(), "the settings are kept too");
        assertEquals(409, api.post("/nodes/register", Map.of("name", cluster.nodes().get(0).name(), "host", "127.0.0.1",
                "port", 22, "username", "x", "password", "y")).status(), "nothing to register again");

        for (String id : finished) {
            JsonNode s = api.get("/invocations/" + id).body();
            assertEquals("ok", s.path("status").asText(), s.toString());
            assertTrue(s.path("result").path("output").asText().contains("fib(25) = 75025"), "the answer is still readable: " + s);
        }
        for (String id : queued) {
            JsonNode s = awaitEnd(id);
            assertEquals("ok", s.path("status").asText(), "a queued call ran after the restart: " + s);
        }
        JsonNode slowEnd = awaitEnd(slow);
        LOG.info("the slow call after the restart: {}", slowEnd);

        // Once the paused node answers it is healthy again, with its functions warm in the containers it already ran.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode awayInfo;
        do {
            Thread.sleep(500);
            awayInfo = api.get("/nodes/" + away.name()).body();
        } while (!(awayInfo.path("healthy").asBoolean()
                && "container_running".equals(awayInfo.path("functions").path("fib").asText()))
                && System.nanoTime() < deadline);
        assertTrue(awayInfo.path("healthy").asBoolean(), awayInfo.toString());
        for (NodeHandle n : cluster.nodes()) {
            JsonNode info = api.get("/nodes/" + n.name()).body();
            assertEquals("container_running", info.path("functions").path("fib").asText(), info.toString());
        }
        assertEquals(warmBefore, warmContainers(), "the new gateway adopted the warm containers instead of recreating them");
        assertTrue(gateway.tail().contains("state restored") || Files.readString(gateway.log()).contains("state restored"));

        Api.Answer again = api.invoke("fib");
        assertEquals(200, again.status(), String.valueOf(again.body()));
        assertEquals("verified", again.body().path("stateCheck").asText(), again.body().toString());

        Map<String, Long> rowsPerId = rows().stream().collect(Collectors.groupingBy(MetricsRecord::invocationId,
                Collectors.counting()));
        List<String> all = new ArrayList<>(finished);
        all.addAll(queued);
        all.add(slow);
        for (String id : all) {
            assertEquals(1L, rowsPerId.getOrDefault(id, 0L), "exactly one row for " + id);
        }

        // A fresh start (what ./start.sh asks for unless --keep-state) on a state that still holds queued calls: they
        // do not run, but each gets its row before the state is emptied.
        String slowAgain = submit("fib-slow");
        awaitStatus(slowAgain, "running"::equals, Duration.ofSeconds(30));
        List<String> dropped = List.of(submit("fib"), submit("fib"));
        gateway.stop(Duration.ofSeconds(60));
        Path marker = work.resolve("state").resolve("start-fresh");
        Files.writeString(marker, "");
        startGateway();
        assertFalse(Files.exists(marker), "the marker is read once: a later restart keeps the state");
        assertEquals(0, api.get("/nodes").body().size(), "the state was emptied");
        assertEquals(0, api.get("/functions").body().size());
        assertEquals(404, api.get("/invocations/" + dropped.get(0)).status());
        Map<String, List<MetricsRecord>> byId = rows().stream().collect(Collectors.groupingBy(MetricsRecord::invocationId));
        for (String id : dropped) {
            List<MetricsRecord> r = byId.getOrDefault(id, List.of());
            assertEquals(1, r.size(), "a queued call dropped by a fresh start has exactly one row: " + id);
            assertEquals(faastestbed.common.model.Failure.PLATFORM, r.get(0).failure(), r.get(0).toString());
            assertEquals(faastestbed.common.model.InvocationStatus.FAILED, r.get(0).status(), r.get(0).toString());
        }
        assertTrue(Files.readString(gateway.log()).contains("2 asynchronous invocation(s) an earlier gateway accepted"),
                gateway.tail());
        assertEquals(1, byId.getOrDefault(slowAgain, List.of()).size(), "the call cut off by the stop: one row");
    }

    private void register(String name, List<String> command) {
        // The image holds one static binary: its own idle mode keeps the warm container up.
        Api.Answer a = api.post("/functions/register", Map.of("name", name, "image", FIB, "command", command,
                "keepAliveCommand", List.of("/fib", "--idle")));
        assertEquals(201, a.status(), String.valueOf(a.body()));
    }

    private String submit(String function) {
        Api.Answer a = api.invokeAsync(function);
        assertEquals(202, a.status(), String.valueOf(a.body()));
        return a.body().path("invocationId").asText();
    }

    private JsonNode awaitEnd(String id) throws InterruptedException {
        return awaitStatus(id, s -> !s.equals("queued") && !s.equals("running"), Duration.ofMinutes(2));
    }

    private JsonNode awaitStatus(String id, Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode s;
        do {
            s = api.get("/invocations/" + id).body();
            if (wanted.test(s.path("status").asText())) {
                return s;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("invocation " + id + " still " + s);
    }

    /** Each node's warm containers: node/name -> container id. */
    private Map<String, String> warmContainers() {
        Map<String, String> out = new HashMap<>();
        for (NodeHandle n : cluster.nodes()) {
            for (String line : n.shell("docker ps --filter name=faas-warm- --format '{{.Names}} {{.ID}}'").strip().split("\n")) {
                String[] p = line.strip().split(" ");
                if (p.length == 2) {
                    out.put(n.name() + "/" + p[0], p[1]);
                }
            }
        }
        return out;
    }

    /** Every file of the stopped gateway's database: no private key, no password. */
    private void noCredentialsInTheClear() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(work.resolve("state"))) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("state.key")).toList();
        }
        assertFalse(files.isEmpty(), "the state directory holds the database");
        String keyBody = cluster.nodes().get(0).privateKeyPem().lines().filter(l -> !l.startsWith("-----"))
                .findFirst().orElseThrow();
        for (Path f : files) {
            String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertTrue(f.getFileName().toString().endsWith(".mv.db") ? bytes.contains(cluster.nodes().get(0).name()) : true,
                    "the database holds the nodes: " + f);
            assertFalse(bytes.contains(PASSWORD), "the password in the clear in " + f);
            assertFalse(bytes.contains(keyBody) || bytes.contains("PRIVATE KEY"), "the private key in the clear in " + f);
        }
        assertNotEquals("", Files.readString(work.resolve("state/state.key")).strip());
    }

    private static Set<String> names(JsonNode list) {
        Set<String> out = new java.util.HashSet<>();
        list.forEach(n -> out.add(n.path("name").asText()));
        return out;
    }

    private List<MetricsRecord> rows() throws Exception {
        return Files.exists(csv) ? MetricsCsvReader.read(csv).records() : List.of();
    }
}
