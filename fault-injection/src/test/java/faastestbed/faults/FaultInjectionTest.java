package faastestbed.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerNetwork;
import faastestbed.common.metrics.MetricsCsvReader;
import faastestbed.common.metrics.MetricsRecord;
import faastestbed.common.model.Failure;
import faastestbed.common.model.InvocationStatus;
import faastestbed.node.testkit.NodeHandle;
import faastestbed.node.testkit.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults injected into a running session, each checked for what a researcher relies on: every invocation the gateway
 * accepted has exactly one row, the answer's status code says whose failure it was, the cluster recovers without a
 * human, and nothing a function does reaches the control plane. The gateway runs as its own process (the packaged
 * jar) so that it can be stopped mid-invocation; nodes and registry are real containers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionTest {
    private static final Logger LOG = LoggerFactory.getLogger(FaultInjectionTest.class);
    private static final int NODES = 3;
    private static final String FIB = "registry:5000/fib-native:latest";
    private static final String PYTHON = "registry:5000/fib-python:latest";

    private TestCluster cluster;
    private final List<TcpRelay> relays = new ArrayList<>();
    private final Map<String, Integer> relayPorts = new LinkedHashMap<>();
    private Path work;
    private Path csv;
    private GatewayProcess gateway;
    private Api api;
    private final DockerClient docker = DockerClientFactory.instance().client();
    /** What the closing note and thesis-notes report, printed at the end. */
    private final Map<String, String> measured = new LinkedHashMap<>();

    @BeforeAll
    void startCluster() throws Exception {
        cluster = TestCluster.builder().nodes(NODES).functions("fib-native", "fib-python").start();
        for (NodeHandle n : cluster.nodes()) {
            TcpRelay relay = new TcpRelay(() -> new InetSocketAddress(ip(n), TestCluster.SSH_PORT));
            relays.add(relay);
            relayPorts.put(n.name(), relay.port());
        }
        work = Files.createTempDirectory("fault-injection");
        csv = work.resolve("results/metrics.csv");
        startGateway();
        registerNodes();
    }

    @AfterAll
    void stopAll() throws Exception {
        measured.forEach((k, v) -> LOG.info("measured: {} = {}", k, v));
        if (gateway != null) {
            gateway.close();
        }
        for (TcpRelay r : relays) {
            r.close();
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
                "testbed.ssh.connect-timeout", "5s",
                "testbed.shutdown.deadline", "6s",
                "testbed.policy", "round-robin",
                "testbed.path", "exec",
                "testbed.node.memory-reserve-mb", "128",
                "testbed.async.workers", "2",
                "testbed.async.queue", "3"));
        // The dynamic probe below starts from the images pre-warmed mode already cached, not from a pull per node.
        settings.put("testbed.dynamic.start-images", "cached");
        // Listen on every address, as the compose gateway does, so that the probe below has something to reach.
        settings.put("quarkus.http.host", "0.0.0.0");
        // Each start is a clean gateway (the stop below writes a row for every queued call and clears the nodes);
        // GatewayRestartTest covers a start on kept state.
        settings.put("testbed.state.enabled", "false");
        gateway = GatewayProcess.start(work, settings);
        api = new Api(gateway.baseUrl());
    }

    private void registerNodes() {
        for (NodeHandle n : cluster.nodes()) {
            Api.Answer a = api.post("/nodes/register", Map.of("name", n.name(), "host", "127.0.0.1",
                    "port", relayPorts.get(n.name()), "username", n.username(), "privateKey", n.privateKeyPem()));
            assertEquals(201, a.status(), String.valueOf(a.body()));
        }
    }

    private void register(String name, String image, List<String> command) {
        Api.Answer a = api.post("/functions/register", Map.of("name", name, "image", image, "command", command));
        assertEquals(201, a.status(), String.valueOf(a.body()));
    }

    private String ip(NodeHandle n) {
        Map<String, ContainerNetwork> nets = docker.inspectContainerCmd(n.containerId()).exec().getNetworkSettings()
                .getNetworks();
        return nets.values().stream().map(ContainerNetwork::getIpAddress).filter(s -> s != null && !s.isEmpty())
                .findFirst().orElseThrow(() -> new IllegalStateException(n.name() + " has no address now"));
    }

    private List<MetricsRecord> rows() throws Exception {
        return Files.exists(csv) ? MetricsCsvReader.read(csv).records() : List.of();
    }

    private JsonNode node(String name) {
        Api.Answer a = api.get("/nodes/" + name);
        assertEquals(200, a.status(), String.valueOf(a.body()));
        return a.body();
    }

    /** Polls the node's health until it is {@code healthy}; the milliseconds it took. */
    private long awaitHealth(String name, boolean healthy, Duration timeout) throws InterruptedException {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < timeout.toNanos()) {
            if (node(name).path("healthy").asBoolean() == healthy) {
                return (System.nanoTime() - t0) / 1_000_000;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " not " + (healthy ? "healthy" : "unhealthy") + " within " + timeout
                + ": " + node(name));
    }

    /** One call as a client saw it. */
    record Call(String function, int status, String id, String rowStatus, String failure, int attempts, String node,
                String error) {
    }

    private Call call(String function) {
        Api.Answer a = api.invoke(function);
        JsonNode b = a.body();
        if (b == null) {
            return new Call(function, a.status(), "", "", "", 0, "", a.error());
        }
        return new Call(function, a.status(), b.path("invocationId").asText(""), b.path("status").asText(""),
                b.path("failure").asText(""), b.path("attempts").asInt(0), b.path("node").asText(""),
                b.path("error").asText(""));
    }

    /** Calls from {@code clients} threads until {@code stop} is set (or {@code max} calls), all answers kept. */
    private List<Call> load(String function, int clients, int max, AtomicBoolean stop) throws Exception {
        ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
        AtomicLong sent = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            fs.add(pool.submit(() -> {
                while (!stop.get() && sent.incrementAndGet() <= max) {
                    calls.add(call(function));
                }
            }));
        }
        for (Future<?> f : fs) {
            f.get(10, TimeUnit.MINUTES);
        }
        pool.shutdown();
        return List.copyOf(calls);
    }

    /** The calls of a closed loop of 3 clients while a fault happens, and what the fault measured. */
    record UnderFault(List<Call> calls, long[] times) {
    }

    /**
     * Runs {@code fault} beside a closed loop of 3 clients calling {@code function}; the loop goes on for 4 s after
     * the fault (calls on the recovered node), then stops.
     */
    private UnderFault loadDuring(String function, java.util.concurrent.Callable<long[]> fault) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService side = Executors.newSingleThreadExecutor();
        Future<long[]> measuredFault = side.submit(() -> {
            try {
                long[] times = fault.call();
                Thread.sleep(4000);
                return times;
            } finally {
                stop.set(true);
            }
        });
        List<Call> calls = load(function, 3, 400, stop);
        try {
            return new UnderFault(calls, measuredFault.get(5, TimeUnit.MINUTES));
        } finally {
            side.shutdown();
        }
    }

    /** Whether the node answered a call ok in the last 4 s. */
    private boolean ranLately(NodeHandle node) throws Exception {
        java.time.Instant since = java.time.Instant.now().minusSeconds(4);
        return rows().stream().anyMatch(r -> r.node().equals(node.name()) && r.ok() && r.timestamp().isAfter(since));
    }

    /** Every answered call has exactly one row with its id, and its row says what the answer said. */
    private void everyCallHasItsRow(List<Call> calls, String scenario) throws Exception {
        Map<String, List<MetricsRecord>> byId = rows().stream()
                .collect(Collectors.groupingBy(MetricsRecord::invocationId));
        int lost = 0;
        for (Call c : calls) {
            assertFalse(c.id().isEmpty(), scenario + ": an answer without an invocation id: " + c);
            List<MetricsRecord> rs = byId.getOrDefault(c.id(), List.of());
            if (rs.size() != 1) {
                lost++;
                continue;
            }
            MetricsRecord r = rs.get(0);
            if (c.status() == 200) {
                assertEquals(c.rowStatus(), r.status().id(), c.toString());
            }
            if (c.status() == 502 || c.status() == 504) {
                assertEquals(InvocationStatus.FAILED, r.status(), c.toString());
                assertEquals(Failure.PLATFORM, r.failure(), c + " is the platform's failure");
            }
        }
        measured.put(scenario + ": rows lost", lost + " of " + calls.size());
        assertEquals(0, lost, scenario + ": calls without exactly one row");
    }

    private static String statuses(List<Call> calls) {
        return calls.stream().collect(Collectors.groupingBy(c -> c.status() + "/" + c.rowStatus()
                + (c.failure().isEmpty() ? "" : "/" + c.failure()), java.util.TreeMap::new, Collectors.counting())).toString();
    }

    @Test
    @Order(1)
    void engineKilledInsideANodeMidSession() throws Exception {
        assertEquals(200, api.put("/config", Map.of("mode", "pre-warmed", "path", "exec")).status());
        register("fib", FIB, List.of("/fib", "27"));
        NodeHandle victim = cluster.nodes().get(0);
        UnderFault run = loadDuring("fib", () -> {
            Thread.sleep(4000);
            long t0 = System.nanoTime();
            victim.execInContainer("pkill", "-KILL", "-x", "dockerd");
            long out = awaitHealth(victim.name(), false, Duration.ofSeconds(20));
            awaitHealth(victim.name(), true, Duration.ofSeconds(90));
            return new long[]{out, (System.nanoTime() - t0) / 1_000_000};
        });
        List<Call> calls = run.calls();
        long[] times = run.times();
        LOG.info("engine kill: {} calls {}", calls.size(), statuses(calls));
        measured.put("engine killed: out of scheduling after", times[0] + " ms");
        measured.put("engine killed: back in scheduling after", times[1] + " ms");
        measured.put("engine killed: calls", calls.size() + " " + statuses(calls));
        measured.put("engine killed: errors answered", calls.stream().filter(c -> c.status() != 200)
                .map(c -> c.status() + " " + c.error()).toList().toString());
        everyCallHasItsRow(calls, "engine killed");
        for (Call c : calls) {
            assertFalse(c.status() == 200 && !c.rowStatus().equals("ok"),
                    "an engine failure answered as the function's: " + c);
            assertTrue(Set.of(200, 502, 503).contains(c.status()), c.toString());
            assertTrue(c.status() == 200 || "platform".equals(c.failure()), "a failed call says whose failure: " + c);
            assertFalse(c.attempts() == 2 && c.node().equals(victim.name()), "a retry goes to another node: " + c);
        }
        long retried = calls.stream().filter(c -> c.attempts() == 2).count();
        measured.put("engine killed: retried on another node", Long.toString(retried));
        assertTrue(ranLately(victim), "the node runs calls again after its engine came back");
        assertEquals("up", node(victim.name()).path("engine").asText(), String.valueOf(node(victim.name())));
    }

    @Test
    @Order(2)
    void nodeContainerKilledAndRestarted() throws Exception {
        NodeHandle victim = cluster.nodes().get(1);
        UnderFault run = loadDuring("fib", () -> {
            Thread.sleep(3000);
            docker.killContainerCmd(victim.containerId()).exec();
            long out = awaitHealth(victim.name(), false, Duration.ofSeconds(20));
            Thread.sleep(3000);
            docker.startContainerCmd(victim.containerId()).exec();
            return new long[]{out, awaitHealth(victim.name(), true, Duration.ofSeconds(120))};
        });
        List<Call> calls = run.calls();
        long[] times = run.times();
        LOG.info("node kill: {} calls {}", calls.size(), statuses(calls));
        measured.put("node killed: out of scheduling after", times[0] + " ms");
        measured.put("node restarted: back in scheduling after", times[1] + " ms from docker start");
        measured.put("node killed: calls", calls.size() + " " + statuses(calls));
        everyCallHasItsRow(calls, "node killed");
        for (Call c : calls) {
            assertFalse(c.status() == 200 && !c.rowStatus().equals("ok"), "a node failure answered as the function's: " + c);
            assertTrue(Set.of(200, 502, 503).contains(c.status()), c.toString());
            assertTrue(c.status() == 200 || "platform".equals(c.failure()), "a failed call says whose failure: " + c);
            assertFalse(c.attempts() == 2 && c.node().equals(victim.name()), "a retry goes to another node: " + c);
        }
        assertTrue(ranLately(victim), "the restarted node runs calls again");
    }

    @Test
    @Order(3)
    void overloadBeyondTheNodeQueues() throws Exception {
        assertEquals(200, api.put("/config", Map.of("maxConcurrentPerNode", 1, "queuePerNode", 1)).status());
        register("fib-slow", FIB, List.of("/fib", "32"));
        ExecutorService pool = Executors.newFixedThreadPool(24);
        List<Future<Call>> fs = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            fs.add(pool.submit(() -> call("fib-slow")));
        }
        List<Call> calls = new ArrayList<>();
        for (Future<Call> f : fs) {
            calls.add(f.get(5, TimeUnit.MINUTES));
        }
        pool.shutdown();
        LOG.info("overload: {}", statuses(calls));
        measured.put("overload (24 at once, 1 slot + 1 queued per node)", statuses(calls));
        everyCallHasItsRow(calls, "overload");
        long refused = calls.stream().filter(c -> c.status() == 429).count();
        assertTrue(refused > 0, "some calls beyond the queues are refused: " + statuses(calls));
        assertTrue(calls.stream().allMatch(c -> c.status() == 429 || (c.status() == 200 && c.rowStatus().equals("ok"))),
                statuses(calls));
        for (NodeHandle n : cluster.nodes()) {
            JsonNode info = node(n.name());
            assertTrue(info.path("healthy").asBoolean(), "overload crashed nothing: " + info);
        }
        assertEquals(200, api.put("/config", Map.of("maxConcurrentPerNode", 8, "queuePerNode", 64)).status());
    }

    /**
     * What a function must not reach: the registry's pull and push ports, another node's and its own node's sshd, the
     * gateway's port on the host, the node's bridge address. All but the last are reachable from the node itself.
     */
    private List<String> probeTargets(NodeHandle home, NodeHandle other) {
        String registryIp = home.shell("getent hosts registry | cut -d' ' -f1").strip();
        String hostIp = docker.inspectContainerCmd(home.containerId()).exec().getNetworkSettings().getNetworks()
                .values().iterator().next().getGateway();
        int gatewayPort = Integer.parseInt(gateway.baseUrl().substring(gateway.baseUrl().lastIndexOf(':') + 1));
        return List.of(registryIp + ":" + TestCluster.REGISTRY_PORT, registryIp + ":" + TestCluster.REGISTRY_PUSH_PORT,
                ip(other) + ":22", ip(home) + ":22", hostIp + ":" + gatewayPort, "172.17.0.1:22");
    }

    @Test
    @Order(4)
    void aFunctionProbingTheNetworkReachesNothing() throws Exception {
        NodeHandle home = cluster.nodes().get(2);
        NodeHandle other = cluster.nodes().get(0);
        List<String> targets = probeTargets(home, other);
        // The node itself reaches all of them (or the probe proves nothing).
        for (String t : targets.subList(0, 5)) {
            String[] hp = t.split(":");
            assertEquals("open", home.shell("timeout 3 bash -c '</dev/tcp/" + hp[0] + "/" + hp[1] + "' 2>/dev/null && echo open"
                    + " || echo closed").strip(), "the node itself reaches " + t);
        }
        String probe = "import socket,sys,json\n"
                + "r={}\n"
                + "for t in sys.argv[1:]:\n"
                + "  h,p=t.rsplit(':',1)\n"
                + "  try:\n"
                + "    socket.create_connection((h,int(p)),timeout=2).close(); r[t]='open'\n"
                + "  except Exception as e: r[t]=type(e).__name__\n"
                + "print(json.dumps(r))\n";
        List<String> command = new ArrayList<>(List.of("python3", "-c", probe));
        command.addAll(targets);
        register("probe", PYTHON, command);
        assertEquals(200, api.put("/config", Map.of("policy", "round-robin")).status());
        Map<String, String> seen = new LinkedHashMap<>();
        for (int i = 0; i < NODES; i++) {
            Api.Answer a = api.invoke("probe");
            assertEquals(200, a.status(), String.valueOf(a.body()));
            assertEquals("ok", a.body().path("status").asText(), String.valueOf(a.body()));
            JsonNode result = Api.JSON.readTree(a.body().path("output").asText());
            result.fields().forEachRemaining(e -> seen.put(a.body().path("node").asText() + " -> " + e.getKey(),
                    e.getValue().asText()));
        }
        measured.put("function network probe", seen.toString());
        assertEquals(NODES * targets.size(), seen.size(), seen.toString());
        seen.forEach((k, v) -> assertFalse(v.equals("open"), "a function reached " + k + ": " + seen));
    }

    /** The same probe from a resident handler in the dynamic pool's containers (another way containers start). */
    @Test
    @Order(5)
    void aResidentHandlerInThePoolProbingTheNetworkReachesNothing() throws Exception {
        List<String> targets = probeTargets(cluster.nodes().get(2), cluster.nodes().get(0));
        String handler = "import socket,json\n"
                + "def handle(body):\n"
                + "  r={}\n"
                + "  for t in json.loads(body):\n"
                + "    h,p=t.rsplit(':',1)\n"
                + "    try:\n"
                + "      socket.create_connection((h,int(p)),timeout=2).close(); r[t]='open'\n"
                + "    except Exception as e: r[t]=type(e).__name__\n"
                + "  return json.dumps(r).encode()\n";
        // The handler file is written by the container's own resident process before the runtime loads it.
        Api.Answer reg = api.post("/functions/register", Map.of("name", "probe-pool", "image", PYTHON,
                "command", List.of("true"), "handler", List.of("sh", "-c",
                        "printf '%s' \"$0\" > /tmp/probe.py && exec python3 /runtime/faas_runtime.py /tmp/probe.py", handler)));
        assertEquals(201, reg.status(), String.valueOf(reg.body()));
        assertEquals(200, api.put("/config", Map.of("mode", "dynamic", "path", "handler", "policy", "round-robin")).status());
        try {
            Map<String, String> seen = new LinkedHashMap<>();
            Set<String> nodesSeen = new java.util.TreeSet<>();
            for (int i = 0; i < 3 * NODES && nodesSeen.size() < NODES; i++) {
                Api.Answer a = api.invoke("probe-pool", Api.JSON.writeValueAsBytes(targets));
                assertEquals(200, a.status(), String.valueOf(a.body()));
                assertEquals("ok", a.body().path("status").asText(), String.valueOf(a.body()));
                assertEquals("handler", a.body().path("path").asText(), String.valueOf(a.body()));
                JsonNode result = Api.JSON.readTree(a.body().path("output").asText());
                nodesSeen.add(a.body().path("node").asText());
                result.fields().forEachRemaining(e -> seen.put(a.body().path("node").asText() + " -> " + e.getKey(),
                        e.getValue().asText()));
            }
            measured.put("resident handler network probe (dynamic pool)", seen.toString());
            // The pool may place a call in an idle container rather than on the policy's next node: at least two.
            assertTrue(nodesSeen.size() >= 2, "probed from " + nodesSeen);
            assertEquals(nodesSeen.size() * targets.size(), seen.size(), seen.toString());
            seen.forEach((k, v) -> assertFalse(v.equals("open"), "a resident handler reached " + k + ": " + seen));
        } finally {
            assertEquals(200, api.put("/config", Map.of("mode", "pre-warmed", "path", "exec")).status());
        }
    }

    @Test
    @Order(6)
    void asynchronousCallsBeyondAFullQueue() throws Exception {
        register("fib-async", FIB, List.of("/fib", "32"));
        List<Api.Answer> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            answers.add(api.invokeAsync("fib-async"));
        }
        List<String> accepted = answers.stream().filter(a -> a.status() == 202)
                .map(a -> a.body().path("invocationId").asText()).toList();
        List<String> refused = answers.stream().filter(a -> a.status() == 429)
                .map(a -> a.body().path("invocationId").asText()).toList();
        measured.put("async (10 at once, 2 workers, queue 3)", accepted.size() + " accepted, " + refused.size() + " refused");
        assertEquals(10, accepted.size() + refused.size(), answers.toString());
        assertTrue(accepted.size() >= 5 && !refused.isEmpty(), "2 running + 3 queued, the rest refused: " + answers);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        Map<String, JsonNode> done = new LinkedHashMap<>();
        while (done.size() < accepted.size() && System.nanoTime() < deadline) {
            for (String id : accepted) {
                JsonNode s = api.get("/invocations/" + id).body();
                if (!Set.of("queued", "running").contains(s.path("status").asText())) {
                    done.put(id, s);
                }
            }
            Thread.sleep(200);
        }
        assertEquals(accepted.size(), done.size(), "every accepted call ends: " + done);
        done.values().forEach(s -> {
            assertEquals("ok", s.path("status").asText(), s.toString());
            assertEquals(200, s.path("httpStatus").asInt(), s.toString());
            assertEquals("ok", s.path("result").path("status").asText(), s.toString());
        });
        Map<String, MetricsRecord> byId = rows().stream().collect(Collectors.toMap(MetricsRecord::invocationId, r -> r,
                (a, b) -> {
                    throw new AssertionError("two rows for " + a.invocationId());
                }));
        for (String id : accepted) {
            assertTrue(byId.containsKey(id) && byId.get(id).ok(), "a row under the id the caller got: " + id);
        }
        for (String id : refused) {
            assertEquals(InvocationStatus.REJECTED, byId.get(id).status(), "a refused call has its row too: " + id);
        }
        long waitedLongest = accepted.stream().mapToLong(id -> byId.get(id).timings().queueMs()).max().orElse(0);
        measured.put("async: longest wait for a worker (Queue ms)", Long.toString(waitedLongest));
        assertTrue(waitedLongest > 200, "queued calls waited for a worker, and their rows say so: " + waitedLongest);
    }

    @Test
    @Order(7)
    void gatewayStoppedMidInvocationThenStartedClean() throws Exception {
        // Pre-warmed: cold calls of one image wait for each other on a node, and this is about the drain.
        assertEquals(200, api.put("/config", Map.of("mode", "pre-warmed", "path", "exec")).status());
        register("fib-short", FIB, List.of("/fib", "25"));
        register("fib-long", FIB, List.of("/fib", "48"));
        int before = rows().size();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Call>> fs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            fs.add(pool.submit(() -> call("fib-long")));
        }
        Thread.sleep(300);
        for (int i = 0; i < 3; i++) {
            fs.add(pool.submit(() -> call("fib-short")));
        }
        // Asynchronous ones too: two take the two workers, the third waits in the queue.
        List<String> async = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Api.Answer a = api.invokeAsync("fib-long");
            assertEquals(202, a.status(), String.valueOf(a.body()));
            async.add(a.body().path("invocationId").asText());
        }
        Thread.sleep(700);
        long t0 = System.nanoTime();
        int exit = gateway.stop(Duration.ofSeconds(60));
        long stopMs = (System.nanoTime() - t0) / 1_000_000;
        List<Call> calls = new ArrayList<>();
        for (Future<Call> f : fs) {
            calls.add(f.get(2, TimeUnit.MINUTES));
        }
        pool.shutdown();
        LOG.info("gateway stop: exit {} after {} ms; answers {}", exit, stopMs, calls);
        measured.put("gateway stopped: exit after", stopMs + " ms (deadline 6 s)");
        measured.put("gateway stopped: answers", statuses(calls));

        List<MetricsRecord> after = rows().subList(before, rows().size());
        Map<String, List<MetricsRecord>> byFunction = after.stream().collect(Collectors.groupingBy(MetricsRecord::function));
        measured.put("gateway stopped: rows", after.size() + " for 9 accepted calls (3 of them asynchronous)");
        assertEquals(3, byFunction.getOrDefault("fib-short", List.of()).size(), after.toString());
        assertEquals(6, byFunction.getOrDefault("fib-long", List.of()).size(), "3 synchronous, 3 asynchronous: " + after);
        Set<String> ids = after.stream().map(MetricsRecord::invocationId).collect(Collectors.toSet());
        assertTrue(ids.containsAll(async), "each accepted asynchronous call has its row: " + async);
        assertTrue(byFunction.get("fib-short").stream().allMatch(MetricsRecord::ok), "short calls finish in the drain");
        for (Call c : calls) {
            if (c.function().equals("fib-short")) {
                assertEquals(200, c.status(), "a call finishing within the deadline gets its answer: " + c);
            } else {
                assertEquals(503, c.status(), "a call cut off by the stop is answered, not dropped: " + c);
                assertTrue(c.error().contains("the gateway stopped before the invocation ended"), c.toString());
            }
        }
        for (MetricsRecord r : byFunction.get("fib-long")) {
            assertEquals(InvocationStatus.FAILED, r.status(), r.toString());
            assertEquals(Failure.PLATFORM, r.failure(), r.toString());
        }
        for (NodeHandle n : cluster.nodes()) {
            assertEquals("", n.shell("docker ps -aq --filter label=faas-testbed.function").strip(),
                    n.name() + " still runs containers of the stopped gateway");
            assertEquals("", n.shell("pgrep -x fib || true").strip(), n.name() + " still runs a function process");
        }

        // A container the gateway never knew about (a killed gateway's, an earlier session's): gone on start.
        NodeHandle n1 = cluster.nodes().get(0);
        n1.shell("docker run -d --name stray --label faas-testbed.function=ghost " + FIB + " /fib --idle");
        assertFalse(n1.shell("docker ps -q --filter name=stray").isBlank());
        startGateway();
        registerNodes();
        assertEquals("", n1.shell("docker ps -aq --filter label=faas-testbed.function").strip(),
                "the new gateway removed the container of an unregistered function");
        register("fib", FIB, List.of("/fib", "27"));
        assertEquals(200, api.put("/config", Map.of("mode", "pre-warmed", "path", "exec")).status());
        Call again = call("fib");
        assertEquals(200, again.status(), again.toString());
        assertTrue(rows().stream().anyMatch(r -> r.invocationId().equals(again.id())),
                "the new gateway appends to the same file: " + again);
    }
}
