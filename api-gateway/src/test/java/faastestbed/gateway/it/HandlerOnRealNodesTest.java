package faastestbed.gateway.it;

import faastestbed.common.metrics.MetricsCsvReader;
import faastestbed.common.metrics.MetricsRecord;
import faastestbed.common.model.InvocationPath;
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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The resident-handler path on two real ssh-nodes: payloads byte for byte through a node's SSH connection into a
 * container's handler, all three modes checked on the nodes themselves, and what a crashing or hanging handler does.
 */
@QuarkusTest
@QuarkusTestResource(value = ClusterResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "functions", value = "echo,faulty,fib-native"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HandlerOnRealNodesTest {
    static final String PY_HANDLER = "python3 /runtime/faas_runtime.py /app/handler.py";

    static TestCluster cluster;
    static NodeHandle node1;
    static NodeHandle node2;
    static final AtomicInteger rowsExpected = new AtomicInteger();

    @BeforeAll
    static void cluster() {
        cluster = ClusterResource.cluster;
        node1 = cluster.node("node1");
        node2 = cluster.node("node2");
    }

    @Test
    @Order(1)
    void registersNodesAndHandlerFunctions() {
        for (NodeHandle n : List.of(node1, node2)) {
            given().contentType(ContentType.JSON).body(Map.of("name", n.name(), "host", n.sshHost(), "port", n.sshPort(),
                    "username", n.username(), "privateKey", n.privateKeyPem())).post("/nodes/register").then().statusCode(201);
        }
        given().contentType(ContentType.JSON).body(Map.of("name", "echo", "image", cluster.registryImage("echo"),
                        "command", "python3 /app/handler.py", "handler", PY_HANDLER))
                .post("/functions/register").then().statusCode(201)
                .body("handler", equalTo(List.of("python3", "/runtime/faas_runtime.py", "/app/handler.py")));
        given().contentType(ContentType.JSON).body(Map.of("name", "faulty", "image", cluster.registryImage("faulty"),
                        "command", "python3 /app/handler.py", "handler", PY_HANDLER, "timeoutSeconds", 3))
                .post("/functions/register").then().statusCode(201).body("timeoutSeconds", equalTo(3));
        given().contentType(ContentType.JSON).body(Map.of("name", "fib-native", "image", cluster.registryImage("fib-native"),
                        "command", "/fib 25", "handler", "/watchdog /fib --stdin 25"))
                .post("/functions/register").then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("name", "bad", "image", "x", "command", "true",
                "timeoutSeconds", 0)).post("/functions/register").then().statusCode(400)
                .body("error", containsString("timeoutSeconds"));
    }

    @Test
    @Order(10)
    void coldStartsAHandlerContainerPerCallAndRecordsItsInitTime() {
        config(Map.of("mode", "cold", "policy", "round-robin"));
        for (int i = 0; i < 2; i++) {
            Response r = invoke("echo", "cold payload".getBytes(StandardCharsets.UTF_8));
            r.then().statusCode(200).body("status", equalTo("ok")).body("output", equalTo("cold payload"))
                    .body("outputEncoding", equalTo("utf-8")).body("path", equalTo("handler"))
                    .body("stateCheck", equalTo("verified")).body("executionMode", equalTo("Round Robin - Cold (handler)"))
                    .body("timings.pullMs", greaterThan(-1)).body("timings.initMs", greaterThan(0));
        }
        for (NodeHandle n : List.of(node1, node2)) {
            GatewayOnRealNodesTest.awaitTrue(() -> n.shell("docker image ls -q " + cluster.registryImage("echo")).isBlank()
                    && n.shell("docker ps -aq --filter label=faas-testbed.function").isBlank(),
                    n.name() + ": no image and no container left after cold handler calls");
        }
    }

    @Test
    @Order(20)
    void preWarmedStartsFromTheCachedImageAndRemovesTheContainerAfterwards() {
        config(Map.of("mode", "pre-warmed", "policy", "round-robin"));
        Response r = invoke("fib-native", "20".getBytes(StandardCharsets.UTF_8));
        r.then().statusCode(200).body("status", equalTo("ok")).body("output", containsString("fib(20) = 6765"))
                .body("path", equalTo("handler")).body("stateCheck", equalTo("verified"))
                .body("timings.pullMs", equalTo(-1)).body("timings.initMs", greaterThan(0));
        assertTrue(r.jsonPath().getDouble("functionMs") >= 0);
        NodeHandle served = cluster.node(r.jsonPath().getString("node"));
        GatewayOnRealNodesTest.awaitTrue(() -> served.shell("docker ps -aq --filter label=faas-testbed.function").isBlank(),
                "the one-shot container is removed after answering");
        assertFalse(served.shell("docker image ls -q " + cluster.registryImage("fib-native")).isBlank(), "image stays cached");
    }

    @Test
    @Order(30)
    void warmedCallsTheSameRunningContainerAndBinaryPayloadsRoundTripByteForByte() {
        config(Map.of("mode", "warmed", "policy", "round-robin"));
        String before1 = warm(node1, "echo");
        assertFalse(before1.isBlank(), "warmed: a running echo container on node1");
        byte[] payload = new byte[1 << 20];
        new Random(42).nextBytes(payload);

        Response json = invoke("echo", payload);
        json.then().statusCode(200).body("status", equalTo("ok")).body("outputEncoding", equalTo("base64"))
                .body("payloadBytes", equalTo(1 << 20)).body("outputBytes", equalTo(1 << 20))
                .body("timings.initMs", equalTo(-1)).body("stateCheck", equalTo("verified"));
        assertArrayEquals(payload, Base64.getDecoder().decode(json.jsonPath().getString("output")));

        Response raw = given().contentType("application/octet-stream").accept("application/octet-stream").body(payload)
                .post("/functions/invoke/echo").andReturn();
        rowsExpected.incrementAndGet();
        assertEquals(200, raw.statusCode());
        assertEquals("ok", raw.header("X-Status"));
        assertEquals("handler", raw.header("X-Path"));
        assertTrue(Double.parseDouble(raw.header("X-Execution-Time-S")) > 0);
        assertTrue(raw.header("Server-Timing").startsWith("gateway;dur="));
        assertArrayEquals(payload, raw.asByteArray());

        Response empty = invoke("echo", new byte[0]);
        empty.then().statusCode(200).body("output", equalTo("")).body("outputBytes", equalTo(0));
        assertEquals(before1, warm(node1, "echo"), "the same container served every call");
    }

    @Test
    @Order(31)
    void concurrentCallsIntoOneContainerEachGetTheirOwnAnswer() throws Exception {
        config(Map.of("mode", "warmed", "policy", "warmed-first", "preparedNodes", 1));
        String container = warm(node1, "echo");
        AtomicInteger next = new AtomicInteger();
        List<String[]> answers = GatewayOnRealNodesTest.parallel(24, () -> {
            String mine = "payload-" + next.incrementAndGet() + "-" + "x".repeat(1000 + next.get());
            Response r = invoke("echo", mine.getBytes(StandardCharsets.UTF_8));
            return new String[] {mine, r.jsonPath().getString("output"), r.jsonPath().getString("node"),
                    String.valueOf(r.statusCode())};
        });
        Set<String> seen = new HashSet<>();
        for (String[] a : answers) {
            assertEquals("200", a[3]);
            assertEquals(a[0], a[1], "each caller gets its own payload back");
            assertEquals("node1", a[2], "warmed-first sends every call to the one warm container");
            seen.add(a[1]);
        }
        assertEquals(24, seen.size());
        assertEquals(container, warm(node1, "echo"));
        config(Map.of("preparedNodes", 0, "policy", "round-robin"));
    }

    @Test
    @Order(32)
    void theExecPathStaysSelectablePerCallAndByConfig() {
        Response perCall = given().contentType("application/octet-stream").body("via exec".getBytes(StandardCharsets.UTF_8))
                .post("/functions/invoke/echo?path=exec").andReturn();
        rowsExpected.incrementAndGet();
        perCall.then().statusCode(200).body("status", equalTo("ok")).body("path", equalTo("exec"))
                .body("output", equalTo("via exec")).body("executionMode", equalTo("Round Robin - Warmed"))
                .body("stateCheck", equalTo("verified"));
        config(Map.of("path", "exec"));
        invoke("echo", "b".getBytes(StandardCharsets.UTF_8)).then().statusCode(200).body("path", equalTo("exec"));
        config(Map.of("path", "handler"));
        given().contentType("application/octet-stream").post("/functions/invoke/echo?path=sideways").then().statusCode(400)
                .body("error", containsString("unknown path"));
        given().put("/config").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("path", "teleport")).put("/config").then().statusCode(400);
        given().get("/config").then().statusCode(200).body("path", equalTo("handler"))
                .body("paths", equalTo(List.of("handler", "exec")));
    }

    @Test
    @Order(40)
    void aPayloadOverTheLimitIs413BeforeAnythingRuns() {
        byte[] tooBig = new byte[6 * 1024 * 1024 + 1];
        given().contentType("application/octet-stream").body(tooBig).post("/functions/invoke/echo").then()
                .statusCode(413).contentType(ContentType.JSON).body("error", containsString("over the limit"));
    }

    @Test
    @Order(41)
    void aFunctionErrorIsAFailedInvocationWithItsTraceback() {
        Response r = invoke("faulty", "fail".getBytes(StandardCharsets.UTF_8));
        r.then().statusCode(200).body("status", equalTo("failed")).body("exitCode", equalTo(1))
                .body("error", containsString("asked to fail"));
    }

    @Test
    @Order(42)
    void aCrashingHandlerIs502WithItsLogTailAndIsReplacedOnTheNextCall() {
        config(Map.of("policy", "warmed-first", "preparedNodes", 1));
        String before = warm(node1, "faulty");
        assertFalse(before.isBlank());
        Response crash = invoke("faulty", "crash".getBytes(StandardCharsets.UTF_8));
        crash.then().statusCode(502).body("status", equalTo("failed")).body("node", equalTo("node1"))
                .body("error", containsString("faulty: crashing on request"));
        Response next = invoke("faulty", "after".getBytes(StandardCharsets.UTF_8));
        next.then().statusCode(200).body("status", equalTo("ok")).body("output", equalTo("after"))
                .body("stateCheck", equalTo("mismatch")).body("node", equalTo("node1"));
        String after = warm(node1, "faulty");
        assertFalse(after.isBlank());
        assertFalse(after.equals(before), "a new container replaced the crashed one");
    }

    @Test
    @Order(43)
    void aHangingHandlerIs504AtTheFunctionsTimeoutAndItsContainerIsKilled() {
        String before = warm(node1, "faulty");
        long t0 = System.nanoTime();
        Response hang = invoke("faulty", "hang".getBytes(StandardCharsets.UTF_8));
        double seconds = (System.nanoTime() - t0) / 1e9;
        hang.then().statusCode(504).body("error", containsString("did not answer within 3 s"));
        assertTrue(seconds >= 3 && seconds < 30, "answered at the 3 s timeout, took " + seconds);
        assertTrue(node1.shell("docker ps -aq --no-trunc --filter id=" + before).isBlank(), "the hung container is gone");
        invoke("faulty", "fine".getBytes(StandardCharsets.UTF_8)).then().statusCode(200).body("output", equalTo("fine"));
        config(Map.of("preparedNodes", 0, "policy", "round-robin"));
    }

    @Test
    @Order(44)
    void aFullNodeQueuesThenRefusesWith429AndRecordsTheWait() throws Exception {
        config(Map.of("policy", "warmed-first", "preparedNodes", 1, "maxConcurrentPerNode", 1, "queuePerNode", 1));
        given().get("/config").then().body("maxConcurrentPerNode", equalTo(1)).body("queuePerNode", equalTo(1));
        List<Response> rs = GatewayOnRealNodesTest.parallel(4, () -> invoke("faulty", "slow:1500".getBytes(StandardCharsets.UTF_8)));
        List<Response> served = rs.stream().filter(r -> r.statusCode() == 200).toList();
        List<Response> refused = rs.stream().filter(r -> r.statusCode() == 429).toList();
        assertEquals(2, served.size(), "one runs, one waits: " + rs.stream().map(Response::statusCode).toList());
        assertEquals(2, refused.size());
        refused.forEach(r -> r.then().contentType(ContentType.JSON).body("status", equalTo("rejected"))
                .body("node", equalTo("node1")).body("error", containsString("is full")));
        served.forEach(r -> r.then().body("output", equalTo("slept")));
        long maxQueue = served.stream().mapToLong(r -> r.jsonPath().getLong("timings.queueMs")).max().orElseThrow();
        assertTrue(maxQueue >= 1000, "the second waited for the first: " + maxQueue + " ms");
        given().get("/nodes/node1").then().body("running", equalTo(0)).body("queued", equalTo(0));
        given().contentType(ContentType.JSON).body(Map.of("maxConcurrentPerNode", 0)).put("/config").then().statusCode(400)
                .body("error", containsString("at least 1"));
        config(Map.of("preparedNodes", 0, "policy", "round-robin", "maxConcurrentPerNode", 8, "queuePerNode", 64));
    }

    @Test
    @Order(50)
    void theHandlerPathWorksForAFunctionOnTheEmptyBaseThroughTheWatchdog() {
        Response r = invoke("fib-native", "21".getBytes(StandardCharsets.UTF_8));
        r.then().statusCode(200).body("status", equalTo("ok")).body("output", containsString("fib(21) = 10946"))
                .body("path", equalTo("handler"));
        invoke("fib-native", "99".getBytes(StandardCharsets.UTF_8)).then().statusCode(200)
                .body("status", equalTo("failed")).body("exitCode", equalTo(2));
    }

    @Test
    @Order(90)
    void everyCallThatReachedANodeHasOneRowWithPathAndTimes() throws Exception {
        GatewayOnRealNodesTest.awaitTrue(() -> MetricsCsvReader.read(ClusterResource.results.resolve("metrics.csv"))
                .records().size() == rowsExpected.get(), "one row per invocation");
        var read = MetricsCsvReader.read(ClusterResource.results.resolve("metrics.csv"));
        assertTrue(read.problems().isEmpty(), read.problems().toString());
        List<MetricsRecord> rows = read.records();
        assertEquals(rows.size(), rows.stream().map(MetricsRecord::invocationId).distinct().count());
        List<MetricsRecord> handlerOk = rows.stream()
                .filter(r -> r.path() == InvocationPath.HANDLER && r.status() == InvocationStatus.OK).toList();
        assertTrue(handlerOk.size() > 30);
        assertTrue(handlerOk.stream().allMatch(r -> !Double.isNaN(r.functionMs()) && r.payloadBytes() >= 0));
        assertTrue(handlerOk.stream().filter(r -> r.stateCheck() == StateCheck.VERIFIED && r.executionMode().contains("Cold"))
                .allMatch(r -> r.timings().initMs() > 0 && r.timings().pullMs() >= 0));
        assertTrue(rows.stream().anyMatch(r -> r.path() == InvocationPath.EXEC && r.status() == InvocationStatus.OK));
        List<MetricsRecord> failed = rows.stream().filter(r -> r.status() == InvocationStatus.FAILED).toList();
        assertEquals(4, failed.size(), "fail, crash, hang and fib(99): " + failed);
        List<MetricsRecord> rejected = rows.stream().filter(r -> r.status() == InvocationStatus.REJECTED).toList();
        assertEquals(2, rejected.size(), "the two refused by the full node: " + rejected);
        assertTrue(rejected.stream().allMatch(r -> r.node().equals("node1")));
        assertTrue(rows.stream().anyMatch(r -> r.status() == InvocationStatus.OK && r.timings().queueMs() >= 1000));
        assertTrue(rows.stream().anyMatch(r -> r.payloadBytes() == 1 << 20 && r.outputBytes() == 1 << 20));
        List<String> modes = new ArrayList<>();
        handlerOk.forEach(r -> modes.add(r.mode().id()));
        assertTrue(modes.containsAll(List.of("cold", "pre-warmed", "warmed")));
    }

    static Response invoke(String function, byte[] payload) {
        rowsExpected.incrementAndGet();
        return given().contentType("application/octet-stream").body(payload).post("/functions/invoke/" + function).andReturn();
    }

    static void config(Map<String, Object> body) {
        given().contentType(ContentType.JSON).body(body).put("/config").then().statusCode(200);
    }

    static String warm(NodeHandle n, String function) {
        return n.shell("docker ps -q --no-trunc --filter name=^/faas-warm-" + function + "$").strip();
    }
}
