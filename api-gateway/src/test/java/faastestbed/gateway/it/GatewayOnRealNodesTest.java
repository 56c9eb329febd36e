package faastestbed.gateway.it;

import faastestbed.common.metrics.MetricsCsvReader;
import faastestbed.common.metrics.MetricsRecord;
import faastestbed.common.model.InvocationStatus;
import faastestbed.common.model.StateCheck;
import faastestbed.node.testkit.NodeHandle;
import faastestbed.node.testkit.TestCluster;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway against two real ssh-nodes (sshd + their own Docker engine) and a real registry. Each mode is checked
 * by the physical state it leaves on the nodes, read from inside the node containers, not from the gateway.
 */
@QuarkusTest
@QuarkusTestResource(value = ClusterResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "password", value = "sshpassword"))   // node2 registers by password
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayOnRealNodesTest {
    static final String NATIVE = "fib-native";
    static final String PYTHON = "fib-python";

    static TestCluster cluster;
    static NodeHandle node1;
    static NodeHandle node2;
    static int invocations;

    @BeforeAll
    static void cluster() {
        cluster = ClusterResource.cluster;
        node1 = cluster.node("node1");
        node2 = cluster.node("node2");
    }

    // ---------------------------------------------------------------- registration

    @Test
    @Order(1)
    void registersNodesByKeyAndByPasswordAndPinsTheirHostKeys() {
        given().contentType(ContentType.JSON).body(Map.of("name", "node1", "host", node1.sshHost(), "port", node1.sshPort(),
                        "username", node1.username(), "privateKey", node1.privateKeyPem()))
                .post("/nodes/register").then().statusCode(201)
                .body("auth", equalTo("key"))
                .body("hostKeyFingerprint", equalTo(node1.hostKeyFingerprint()))
                .body("cpuLimitCores", equalTo(0.5f))
                .body(not(containsString("PRIVATE KEY")));
        // seed-003 field names ("ip") and password login
        given().contentType(ContentType.JSON).body(Map.of("name", "node2", "ip", node2.sshHost(), "port", node2.sshPort(),
                        "username", node2.username(), "password", node2.password()))
                .post("/nodes/register").then().statusCode(201)
                .body("auth", equalTo("password"))
                .body(not(containsString(node2.password())));
        given().get("/nodes").then().statusCode(200).body("name", equalTo(List.of("node1", "node2")))
                .body(not(containsString(node2.password())));
    }

    @Test
    @Order(2)
    void refusesDuplicatesWrongPasswordsAndForeignHostKeys() {
        given().contentType(ContentType.JSON).body(Map.of("name", "node1", "host", node1.sshHost(), "port", node1.sshPort(),
                "username", "sshuser", "password", "sshpassword")).post("/nodes/register").then().statusCode(409);
        given().contentType(ContentType.JSON).body(Map.of("name", "node9", "host", node2.sshHost(), "port", node2.sshPort(),
                        "username", "sshuser", "password", "not-the-password")).post("/nodes/register").then().statusCode(422)
                .body("error", containsString("authentication to node 'node9' as 'sshuser' with password failed: the node "
                        + "refused the password")).body(not(containsString("not-the-password")));
        String foreign = node1.hostKeyFingerprint();  // node2 presents another key
        given().contentType(ContentType.JSON).body(Map.of("name", "node9", "host", node2.sshHost(), "port", node2.sshPort(),
                        "username", "sshuser", "password", "sshpassword", "hostKeyFingerprint", foreign))
                .post("/nodes/register").then().statusCode(502).body("error", containsString("host key"));
        given().get("/nodes/node9").then().statusCode(404);
    }

    @Test
    @Order(3)
    void registersFunctions() {
        given().contentType(ContentType.JSON).body(Map.of("name", NATIVE, "image", cluster.registryImage(NATIVE),
                        "command", "/fib 25", "keepAliveCommand", List.of("/fib", "--idle")))
                .post("/functions/register").then().statusCode(201).body("command", equalTo(List.of("/fib", "25")));
    }

    // ---------------------------------------------------------------- modes, checked on the nodes

    @Test
    @Order(10)
    void coldPullsRunsAndLeavesNoImageBehind() throws Exception {
        config(Map.of("mode", "cold", "policy", "round-robin"));
        for (NodeHandle n : List.of(node1, node2)) {
            assertFalse(imagePresent(n, NATIVE), n.name() + " must start cold");
        }
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Response r = invoke(NATIVE);
            r.then().statusCode(200).body("status", equalTo("ok")).body("output", containsString("fib(25) = 75025"))
                    .body("mode", equalTo("cold")).body("stateCheck", equalTo("verified"))
                    .body("executionMode", equalTo("Round Robin - Cold"));
            assertTrue(r.jsonPath().getLong("timings.pullMs") >= 0);
            nodes.add(r.jsonPath().getString("node"));
        }
        assertEquals(List.of("node1", "node2", "node1", "node2"), nodes);
        for (NodeHandle n : List.of(node1, node2)) {
            awaitTrue(() -> !imagePresent(n, NATIVE), n.name() + ": image removed after cold invocations");
            assertEquals("", n.shell("docker ps -aq --filter label=faas-testbed.function").strip());
        }
    }

    @Test
    @Order(11)
    void concurrentColdInvocationsOnOneNodeDoNotBreakEachOther() throws Exception {
        config(Map.of("mode", "cold", "policy", "most-used"));  // most-used packs: both land on one node
        List<Response> rs = parallel(6, () -> invoke(NATIVE));
        for (Response r : rs) {
            r.then().statusCode(200).body("status", equalTo("ok"));
        }
        for (NodeHandle n : List.of(node1, node2)) {
            awaitTrue(() -> !imagePresent(n, NATIVE), n.name() + ": image removed once the last cold invocation ended");
        }
    }

    @Test
    @Order(20)
    void preWarmedRunsFromTheCachedImageAndLeavesNoContainer() {
        config(Map.of("mode", "pre-warmed", "policy", "round-robin"));
        for (NodeHandle n : List.of(node1, node2)) {
            assertTrue(imagePresent(n, NATIVE), n.name() + ": pre-warmed means the image is cached");
        }
        for (int i = 0; i < 4; i++) {
            Response r = invoke(NATIVE);
            r.then().statusCode(200).body("status", equalTo("ok")).body("stateCheck", equalTo("verified"))
                    .body("timings.pullMs", equalTo(-1));
        }
        for (NodeHandle n : List.of(node1, node2)) {
            assertTrue(imagePresent(n, NATIVE));
            assertEquals("", n.shell("docker ps -aq --filter label=faas-testbed.function").strip());
        }
    }

    @Test
    @Order(30)
    void warmedExecsIntoTheSameLongLivedContainer() {
        config(Map.of("mode", "warmed", "policy", "round-robin"));
        Map<String, String> before = new HashMap<>();
        for (NodeHandle n : List.of(node1, node2)) {
            before.put(n.name(), warmContainer(n));
            assertFalse(before.get(n.name()).isBlank(), n.name() + ": warmed means a running container");
        }
        Map<String, Integer> perNode = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            Response r = invoke(NATIVE);
            r.then().statusCode(200).body("status", equalTo("ok")).body("stateCheck", equalTo("verified"));
            perNode.merge(r.jsonPath().getString("node"), 1, Integer::sum);
        }
        assertEquals(Map.of("node1", 3, "node2", 3), perNode);
        for (NodeHandle n : List.of(node1, node2)) {
            assertEquals(before.get(n.name()), warmContainer(n), n.name() + ": the same container served every invocation");
            assertEquals("1", n.shell("docker ps -q --filter label=faas-testbed.function | wc -l").strip());
        }
    }

    @Test
    @Order(31)
    void aWarmedInvocationThatFindsNoContainerIsServedAndFlagged() {
        config(Map.of("mode", "warmed", "policy", "round-robin"));
        node1.shell("docker rm -f faas-warm-" + NATIVE);
        node2.shell("docker rm -f faas-warm-" + NATIVE);
        Response r = invoke(NATIVE);
        r.then().statusCode(200).body("status", equalTo("ok")).body("stateCheck", equalTo("mismatch"));
        NodeHandle served = cluster.node(r.jsonPath().getString("node"));
        assertFalse(warmContainer(served).isBlank(), "the gateway restarted the warm container");
        given().post("/cluster/reset").then().statusCode(200).body("ok", equalTo(true));
        assertFalse(warmContainer(node1).isBlank());
        assertFalse(warmContainer(node2).isBlank());
    }

    // ---------------------------------------------------------------- policies spread load as they should

    @Test
    @Order(40)
    void leastUsedAvoidsABusyNodeAndMostUsedPacksOntoIt() throws Exception {
        config(Map.of("mode", "warmed", "policy", "least-used"));
        node1.shell("docker run -d --name burner --label test=burner " + cluster.registryImage(NATIVE) + " /fib 50");
        try {
            // The policy is judged on the samples it sees: before each pick, wait until the gateway's samples show
            // node1 busy and node2 idle again (an exec briefly loads the node it ran on, and samples lag ~1 s).
            Map<String, Integer> least = spread(6);
            assertTrue(least.getOrDefault("node2", 0) >= 5, "least-used avoids the busy node1: " + least);
            config(Map.of("policy", "most-used"));
            Map<String, Integer> most = spread(6);
            assertTrue(most.getOrDefault("node1", 0) >= 5, "most-used packs onto the busy node1: " + most);
        } finally {
            node1.shell("docker rm -f burner");
        }
    }

    /** n picks, each made while the gateway's latest samples say node1 is busy and node2 idle. */
    static Map<String, Integer> spread(int n) {
        Map<String, Integer> perNode = new HashMap<>();
        for (int i = 0; i < n; i++) {
            awaitTrue(() -> cpu("node1") > 60 && cpu("node2") < 40, "node1 busy, node2 idle in the gateway's samples");
            Response r = invoke(NATIVE);
            r.then().statusCode(200).body("status", equalTo("ok"));
            perNode.merge(r.jsonPath().getString("node"), 1, Integer::sum);
        }
        return perNode;
    }

    @Test
    @Order(41)
    void warmedFirstPrefersThePreparedNode() {
        config(Map.of("mode", "warmed", "policy", "warmed-first", "preparedNodes", 1));
        assertFalse(warmContainer(node1).isBlank());
        assertTrue(warmContainer(node2).isBlank(), "only the first node is prepared");
        for (int i = 0; i < 4; i++) {
            invoke(NATIVE).then().statusCode(200).body("node", equalTo("node1")).body("stateCheck", equalTo("verified"));
        }
        config(Map.of("mode", "warmed", "policy", "round-robin", "preparedNodes", 1));
        List<String> states = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            states.add(invoke(NATIVE).jsonPath().getString("stateCheck"));
        }
        assertTrue(states.contains("mismatch"), "round-robin reaches the unprepared node, which is flagged: " + states);
        config(Map.of("preparedNodes", 0));
    }

    @Test
    @Order(45)
    void aResetPutsEveryNodeIntoItsModesStateWhateverWasThereBefore() {
        for (String mode : List.of("warmed", "cold", "pre-warmed", "warmed", "pre-warmed", "cold")) {
            // dirty the nodes the opposite way first: a stray warm container on node1, no image on node2
            node1.shell("docker rm -f faas-warm-" + NATIVE + " >/dev/null 2>&1; docker pull -q " + cluster.registryImage(NATIVE)
                    + " >/dev/null && docker run -d --name faas-warm-" + NATIVE + " --label faas-testbed.function=" + NATIVE
                    + " " + cluster.registryImage(NATIVE) + " /fib --idle >/dev/null");
            node2.shell("docker rm -f faas-warm-" + NATIVE + " >/dev/null 2>&1; docker rmi -f " + cluster.registryImage(NATIVE)
                    + " >/dev/null 2>&1; true");
            config(Map.of("mode", mode, "policy", "round-robin"));
            given().post("/cluster/reset").then().statusCode(200).body("ok", equalTo(true)).body("mode", equalTo(mode));
            for (NodeHandle n : List.of(node1, node2)) {
                boolean image = imagePresent(n, NATIVE);
                boolean container = !warmContainer(n).isBlank();
                switch (mode) {
                    case "cold" -> assertTrue(!image && !container, n.name() + " cold: " + image + "/" + container);
                    case "pre-warmed" -> assertTrue(image && !container, n.name() + " pre-warmed: " + image + "/" + container);
                    default -> assertTrue(image && container, n.name() + " warmed: " + image + "/" + container);
                }
            }
            invoke(NATIVE).then().statusCode(200).body("stateCheck", equalTo("verified"));
            if (mode.equals("cold")) {
                awaitTrue(() -> !imagePresent(node1, NATIVE) && !imagePresent(node2, NATIVE), "cold cleanup done");
            }
        }
    }

    // ---------------------------------------------------------------- no injection

    @Test
    @Order(50)
    void argumentsReachTheFunctionVerbatimAndNothingIsExecutedOnTheNode() {
        List<String> hostile = List.of("; touch /tmp/pwned1", "$(touch /tmp/pwned2)", "`touch /tmp/pwned3`",
                "it's \"quoted\"", "a\nb && touch /tmp/pwned4", "$HOME *");
        List<String> command = new ArrayList<>(List.of("python3", "-c",
                "import sys, json; print(json.dumps(sys.argv[1:]))"));
        command.addAll(hostile);
        config(Map.of("mode", "pre-warmed", "policy", "round-robin", "preparedNodes", 0));
        given().contentType(ContentType.JSON).body(Map.of("name", "echo-args", "image", cluster.registryImage(PYTHON),
                "command", command)).post("/functions/register").then().statusCode(201);
        for (int i = 0; i < 2; i++) {
            Response r = invoke("echo-args");
            r.then().statusCode(200).body("status", equalTo("ok"));
            List<String> echoed = io.restassured.path.json.JsonPath.from(r.jsonPath().getString("output")).getList("$");
            assertEquals(hostile, echoed);
        }
        for (NodeHandle n : List.of(node1, node2)) {
            assertEquals("", n.shell("ls /tmp /home/sshuser | grep pwned || true").strip(), n.name() + ": nothing ran");
        }
        given().contentType(ContentType.JSON).body(Map.of("name", "bad", "image", "x; touch /tmp/pwned5", "command", "true"))
                .post("/functions/register").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("name", "$(id)", "image", "busybox", "command", "true"))
                .post("/functions/register").then().statusCode(400);
        given().delete("/functions/echo-args").then().statusCode(204);
    }

    // ---------------------------------------------------------------- concurrency and the CSV

    @Test
    @Order(60)
    void manyConcurrentInvocationsAreAllServedAndRecorded() throws Exception {
        config(Map.of("mode", "warmed", "policy", "least-used"));
        List<Response> rs = parallel(20, () -> invoke(NATIVE));
        rs.forEach(r -> r.then().statusCode(200).body("status", equalTo("ok")));
        awaitTrue(() -> given().get("/nodes").jsonPath().getList("inFlight", Integer.class).stream().allMatch(x -> x == 0),
                "in-flight counts back to 0");
    }

    @Test
    @Order(70)
    void everyInvocationHasExactlyOneCsvRow() throws Exception {
        var read = MetricsCsvReader.read(ClusterResource.results.resolve("metrics.csv"));
        assertTrue(read.problems().isEmpty(), read.problems().toString());
        List<MetricsRecord> rows = read.records();
        assertEquals(invocations, rows.size());
        assertEquals(rows.size(), rows.stream().map(MetricsRecord::invocationId).distinct().count());
        assertTrue(rows.stream().allMatch(r -> r.status() == InvocationStatus.OK), "all succeeded");
        assertTrue(rows.stream().anyMatch(r -> r.stateCheck() == StateCheck.MISMATCH));
        assertTrue(rows.stream().filter(r -> r.executionMode().endsWith("Cold")).allMatch(r -> r.timings().pullMs() >= 0));
        assertTrue(rows.stream().allMatch(r -> r.executionTimeS() > 0 && !r.node().isEmpty()));
    }

    /**
     * A function may write docker's own words to stderr: that is its failure (200, failed, function, one attempt),
     * and its node stays in scheduling with its engine up, whatever the mode (a run, or an exec into a warm container).
     * Cold runs the same {@code docker run} as pre-warmed after a pull of 240 MB per call, so it is left out here.
     */
    @Test
    @Order(75)
    void aFunctionThatPrintsDockersWordsFailsAsAFunctionAndItsNodeStaysIn() throws Exception {
        String engineDown = "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?";
        String refused = "docker: Error response from daemon: Conflict. The container name is already in use.\n"
                + "See 'docker run --help'.";
        register("says-engine-down", engineDown, 1);
        register("says-refused", refused, 125);  // docker run's own exit status
        Map<String, Long> recoveries = new HashMap<>();
        for (NodeHandle n : List.of(node1, node2)) {
            recoveries.put(n.name(), given().get("/nodes/" + n.name()).jsonPath().getLong("engineRecoveries"));
        }
        List<String> ids = new ArrayList<>();
        for (String mode : List.of("pre-warmed", "warmed")) {
            config(Map.of("mode", mode, "policy", "round-robin", "preparedNodes", 0, "path", "exec"));
            for (String function : List.of("says-engine-down", "says-refused")) {
                for (int i = 0; i < 2; i++) {  // round-robin: once on each node
                    Response r = given().post("/functions/invoke/" + function).andReturn();
                    r.then().statusCode(200).body("status", equalTo("failed")).body("failure", equalTo("function"))
                            .body("attempts", equalTo(1))
                            .body("error", containsString(function.equals("says-refused") ? "Conflict" : "Cannot connect"));
                    ids.add(r.jsonPath().getString("invocationId"));
                }
            }
            for (NodeHandle n : List.of(node1, node2)) {
                var node = given().get("/nodes/" + n.name()).jsonPath();
                assertTrue(node.getBoolean("healthy"), mode + ": " + n.name() + " stays in scheduling");
                assertEquals("up", node.getString("engine"), mode + ": " + n.name());
                assertEquals(recoveries.get(n.name()), node.getLong("engineRecoveries"), mode + ": " + n.name());
            }
        }
        var rows = MetricsCsvReader.read(ClusterResource.results.resolve("metrics.csv")).records().stream()
                .filter(r -> ids.contains(r.invocationId())).toList();
        assertEquals(ids.size(), rows.size());
        assertTrue(rows.stream().allMatch(r -> r.status() == InvocationStatus.FAILED
                && r.failure() == faastestbed.common.model.Failure.FUNCTION && r.attempts() == 1), rows.toString());
        // Every function container of ours is bounded in processes too.
        config(Map.of("mode", "warmed", "policy", "round-robin", "path", "handler"));
        for (NodeHandle n : List.of(node1, node2)) {
            assertEquals("512", n.shell("docker inspect --format '{{.HostConfig.PidsLimit}}' faas-warm-" + NATIVE).strip());
        }
        for (String function : List.of("says-engine-down", "says-refused")) {
            given().delete("/functions/" + function).then().statusCode(204);
        }
    }

    private static void register(String name, String stderr, int exit) {
        List<String> command = List.of("python3", "-c", "import sys; sys.stderr.write(sys.argv[1] + '\\n'); "
                + "sys.exit(int(sys.argv[2]))", stderr, Integer.toString(exit));
        given().contentType(ContentType.JSON).body(Map.of("name", name, "image", cluster.registryImage(PYTHON),
                "command", command)).post("/functions/register").then().statusCode(201);
    }

    @Test
    @Order(80)
    void anUnreachableNodeIsTakenOutOfScheduling() {
        config(Map.of("mode", "warmed", "policy", "round-robin"));
        node2.container().getDockerClient().pauseContainerCmd(node2.containerId()).exec();
        try {
            awaitTrue(() -> !given().get("/nodes/node2").jsonPath().getBoolean("healthy"), "node2 marked unhealthy");
            for (int i = 0; i < 3; i++) {
                invoke(NATIVE).then().statusCode(200).body("node", equalTo("node1"));
            }
        } finally {
            node2.container().getDockerClient().unpauseContainerCmd(node2.containerId()).exec();
        }
        awaitTrue(() -> given().get("/nodes/node2").jsonPath().getBoolean("healthy"), "node2 healthy again");
    }

    // ---------------------------------------------------------------- helpers

    static Response invoke(String function) {
        synchronized (GatewayOnRealNodesTest.class) {
            invocations++;
        }
        return given().post("/functions/invoke/" + function).andReturn();
    }

    static void config(Map<String, Object> body) {
        given().contentType(ContentType.JSON).body(body).put("/config").then().statusCode(200);
    }

    static double cpu(String node) {
        Float v = given().get("/nodes/" + node).jsonPath().get("cpuPercent");
        return v == null ? Double.NaN : v;
    }

    static boolean imagePresent(NodeHandle n, String function) {
        return !n.shell("docker image ls -q " + cluster.registryImage(function)).isBlank();
    }

    static String warmContainer(NodeHandle n) {
        return n.shell("docker ps -q --no-trunc --filter name=^/faas-warm-" + NATIVE + "$").strip();
    }

    static <T> List<T> parallel(int n, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                fs.add(pool.submit(task));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : fs) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void awaitTrue(Check check, String what) {
        long deadline = System.nanoTime() + 90_000_000_000L;
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("timed out waiting for: " + what + (last == null ? "" : " (last error: " + last + ")"));
    }
}
