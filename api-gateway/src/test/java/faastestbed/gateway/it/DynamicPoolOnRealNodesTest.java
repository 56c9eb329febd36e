package faastestbed.gateway.it;

import faastestbed.common.metrics.MetricsCsvReader;
import faastestbed.common.metrics.MetricsFormatException;
import faastestbed.common.metrics.MetricsRecord;
import faastestbed.common.metrics.PoolCsv;
import faastestbed.common.metrics.PoolSample;
import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.StartType;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dynamic mode on two real ssh-nodes: containers started on demand and reused while warm, kept or removed as the
 * keep-alive policy says, evicted under memory pressure, and overload met by waiting and 429 — each checked in the
 * nodes' own Docker engines, not inferred from the gateway's bookkeeping.
 */
@QuarkusTest
@QuarkusTestResource(value = ClusterResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "functions", value = "echo,faulty"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DynamicPoolOnRealNodesTest {
    static final String PY_HANDLER = "python3 /runtime/faas_runtime.py /app/handler.py";
    static final String LABEL = "faas-testbed.function";

    static TestCluster cluster;
    static NodeHandle node1;
    static NodeHandle node2;

    @BeforeAll
    static void cluster() {
        cluster = ClusterResource.cluster;
        node1 = cluster.node("node1");
        node2 = cluster.node("node2");
    }

    @Test
    @Order(1)
    void registersNodesWithTheirMemoryAndFunctionsWithTheirDemands() {
        register(node1, null);
        register(node2, 384);
        given().get("/nodes/node1").then().statusCode(200).body("memoryCapacityMb", equalTo(384));  // 512 MB less 128
        given().get("/nodes/node2").then().statusCode(200).body("memoryCapacityMb", equalTo(384));
        function("echo", "echo", 64, Map.of());
        for (String f : List.of("echo-a", "echo-b", "echo-c", "echo-d")) {
            function(f, "echo", 128, Map.of());
        }
        function("slow", "faulty", 300, Map.of("timeoutSeconds", 30));
        given().contentType(ContentType.JSON).body(Map.of("name", "bad", "image", "x", "command", "true",
                "memoryMb", 2)).post("/functions/register").then().statusCode(400).body("error", containsString("memoryMb"));
        given().contentType(ContentType.JSON).body(Map.of("name", "bad", "image", "x", "command", "true",
                "minIdle", 3, "maxContainers", 2)).post("/functions/register").then().statusCode(400)
                .body("error", containsString("minIdle"));
        given().contentType(ContentType.JSON).body(Map.of("keepAlive", "forever-and-ever")).put("/config").then()
                .statusCode(400).body("error", containsString("known: fixed-ttl, greedy-dual, hybrid-histogram, lru, none"));
        given().contentType(ContentType.JSON).body(Map.of("keepAlive", "fixed-ttl:soon")).put("/config").then()
                .statusCode(400).body("error", containsString("not a duration"));
        given().get("/config").then().statusCode(200)
                .body("keepAlives", hasItems("none", "fixed-ttl", "lru", "greedy-dual", "hybrid-histogram"))
                .body("modes", hasItems("dynamic"));
    }

    @Test
    @Order(10)
    void withFixedTtlAndHashAffinityRepeatedCallsAreWarmAfterTheFirstInOneContainer() {
        cell(Map.of("mode", "dynamic", "policy", "hash-affinity", "keepAlive", "fixed-ttl:60s", "cell", "ttl"));
        List<Response> rs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Response r = invoke("echo", "hello " + i);
            r.then().statusCode(200).body("status", equalTo("ok")).body("output", equalTo("hello " + i))
                    .body("executionMode", equalTo("Hash Affinity - Dynamic [fixed-ttl:60s] (handler)"));
            rs.add(r);
        }
        assertEquals("cold", rs.get(0).jsonPath().getString("container.startType"), "the cell starts with no image");
        assertTrue(rs.get(0).jsonPath().getLong("timings.pullMs") >= 0);
        String container = rs.get(0).jsonPath().getString("container.container");
        String node = rs.get(0).jsonPath().getString("node");
        for (Response r : rs.subList(1, 5)) {
            assertEquals("warm", r.jsonPath().getString("container.startType"));
            assertEquals(container, r.jsonPath().getString("container.container"));
            assertEquals(node, r.jsonPath().getString("node"));
            assertEquals(-1, r.jsonPath().getLong("timings.initMs"));
        }
        NodeHandle served = cluster.node(node);
        assertEquals(container, served.shell("docker ps --format '{{.Names}}' --filter label=" + LABEL + "=echo").strip());
        assertEquals("67108864", served.shell("docker inspect --format '{{.HostConfig.Memory}}' " + container).strip(),
                "the container runs under the function's 64 MB");
        NodeHandle other = served == node1 ? node2 : node1;
        assertEquals("", other.shell("docker ps -q --filter label=" + LABEL).strip(), "hash affinity keeps echo home");
        // The sampler runs on its own clock: wait for a sample of the idle container before the next cell resets it.
        GatewayOnRealNodesTest.awaitTrue(() -> poolSamples().stream()
                .anyMatch(s -> s.cell().equals("ttl") && s.idleMemoryMb() == 64), "pool.csv samples the idle container");
    }

    @Test
    @Order(20)
    void withNoKeepAliveNoCallIsWarmAndNoContainerStays() {
        cell(Map.of("mode", "dynamic", "policy", "hash-affinity", "keepAlive", "none", "cell", "none"));
        List<String> starts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Response r = invoke("echo", "x");
            r.then().statusCode(200).body("status", equalTo("ok"));
            starts.add(r.jsonPath().getString("container.startType"));
        }
        assertEquals(List.of("cold", "image-cached", "image-cached", "image-cached"), starts);
        for (NodeHandle n : List.of(node1, node2)) {
            GatewayOnRealNodesTest.awaitTrue(() -> n.shell("docker ps -aq --filter label=" + LABEL).isBlank(),
                    n.name() + ": every container removed after its call");
        }
    }

    @Test
    @Order(30)
    void anIdleContainerPastItsTtlIsRemovedFromTheNodeAndTheNextStartIsImageCached() {
        cell(Map.of("mode", "dynamic", "policy", "hash-affinity", "keepAlive", "fixed-ttl:2s", "cell", "ttl2"));
        Response first = invoke("echo", "x");
        first.then().statusCode(200);
        NodeHandle served = cluster.node(first.jsonPath().getString("node"));
        String container = first.jsonPath().getString("container.container");
        assertFalse(served.shell("docker ps -q --filter name=" + container).isBlank());
        GatewayOnRealNodesTest.awaitTrue(() -> served.shell("docker ps -aq --filter name=" + container).isBlank(),
                "expired after 2 s idle");
        Response next = invoke("echo", "x");
        next.then().statusCode(200).body("container.startType", equalTo("image-cached"));
    }

    @Test
    @Order(40)
    void underMemoryPressureTheLeastRecentlyUsedIdleContainerIsEvictedFromTheNode() {
        // Round-robin keeps one cursor per function, reset per cell: each function's first call goes to node1.
        cell(Map.of("mode", "dynamic", "policy", "round-robin", "keepAlive", "lru", "cell", "evict"));
        Map<String, String> containers = new java.util.LinkedHashMap<>();
        for (String f : List.of("echo-a", "echo-b", "echo-c")) {
            Response r = invoke(f, f);
            r.then().statusCode(200).body("node", equalTo("node1")).body("output", equalTo(f));
            containers.put(f, r.jsonPath().getString("container.container"));
        }
        assertEquals(Set.copyOf(containers.values()), running(node1), "3 × 128 MB fill node1's 384 MB");
        Response d = invoke("echo-d", "d");
        d.then().statusCode(200).body("node", equalTo("node1")).body("container.startType", equalTo("image-cached"));
        Set<String> now = running(node1);
        assertFalse(now.contains(containers.get("echo-a")), "echo-a, least recently used, was evicted: " + now);
        assertTrue(now.containsAll(List.of(containers.get("echo-b"), containers.get("echo-c"),
                d.jsonPath().getString("container.container"))), now.toString());
        given().get("/nodes/node1").then().body("memoryCapacityMb", equalTo(384));
        given().get("/pool").then().statusCode(200)
                .body("find { it.node == 'node1' }.capacityMb", equalTo(384))
                .body("find { it.node == 'node1' }.freeMb", equalTo(0))
                .body("find { it.node == 'node1' }.containers.size()", equalTo(3))
                .body("find { it.node == 'node1' }.containers.function", hasItems("echo-b", "echo-c", "echo-d"));
    }

    @Test
    @Order(50)
    void overloadWaitsForMemoryInTheQueueAndBeyondItIsRefusedWith429WhileTheEnginesLive() throws Exception {
        cell(Map.of("mode", "dynamic", "policy", "round-robin", "keepAlive", "lru", "cell", "overload",
                "maxConcurrentPerNode", 2, "queuePerNode", 1));
        try {
            // 300 MB each: one container per node, so a second call on a node waits for the first one's container.
            List<Response> rs = GatewayOnRealNodesTest.parallel(8, () -> invoke("slow", "slow:1500"));
            List<Response> refused = rs.stream().filter(r -> r.statusCode() == 429).toList();
            List<Response> ok = rs.stream().filter(r -> r.statusCode() == 200).toList();
            assertEquals(8, refused.size() + ok.size(), rs.stream().map(Response::asString).toList().toString());
            assertTrue(refused.size() >= 2, "2 nodes × (2 running + 1 queued) take 6 at most; refused " + refused.size());
            refused.forEach(r -> r.then().body("error", containsString("is full")).body("status", equalTo("rejected")));
            assertTrue(ok.stream().anyMatch(r -> r.jsonPath().getLong("container.waitMs") >= 1000),
                    "a call waited for the memory held by the running one");
            assertTrue(ok.stream().allMatch(r -> r.jsonPath().getString("output").equals("slept")));
            for (NodeHandle n : List.of(node1, node2)) {
                assertTrue(n.shell("docker info --format '{{.ServerVersion}}'").strip().matches("\\d+\\..*"),
                        n.name() + "'s engine is alive");
            }
        } finally {
            config(Map.of("maxConcurrentPerNode", 8, "queuePerNode", 64));
        }
    }

    @Test
    @Order(90)
    void everyRowSaysHowItsContainerStartedAndPoolCsvTracesThePool() throws Exception {
        var path = ClusterResource.results.resolve("metrics.csv");
        List<MetricsRecord> rows = MetricsCsvReader.read(path).records().stream()
                .filter(r -> r.mode() == ExecutionMode.DYNAMIC).toList();
        assertFalse(rows.isEmpty());
        Map<String, List<StartType>> byCell = rows.stream().filter(MetricsRecord::ok).collect(Collectors.groupingBy(
                MetricsRecord::cell, Collectors.mapping(r -> r.container().startType(), Collectors.toList())));
        assertEquals(List.of(StartType.COLD, StartType.WARM, StartType.WARM, StartType.WARM, StartType.WARM), byCell.get("ttl"));
        assertFalse(byCell.get("none").contains(StartType.WARM));
        rows.stream().filter(r -> r.cell().equals("evict")).forEach(r -> {
            assertEquals("lru", r.container().keepAlive());
            assertEquals(128, r.container().memoryMb());
            assertTrue(r.container().container().startsWith("faas-pool-echo-"), r.container().container());
        });
        List<MetricsRecord> refused = rows.stream()
                .filter(r -> r.status().id().equals("rejected") && r.cell().equals("overload")).toList();
        assertFalse(refused.isEmpty());
        assertTrue(refused.stream().allMatch(r -> r.container().keepAlive().equals("lru") && r.container().startType() == null),
                "a refused row stays with its cell's keep-alive and has no start type");
        GatewayOnRealNodesTest.awaitTrue(() -> poolSamples().stream()
                .anyMatch(s -> s.cell().equals("evict") && s.node().equals("node1") && s.idle() > 0),
                "pool.csv has samples of the eviction cell");
        List<PoolSample> samples = poolSamples();
        assertTrue(samples.stream().filter(s -> s.cell().equals("evict"))
                .allMatch(s -> s.memoryMb() <= s.capacityMb() && s.keepAlive().equals("lru")));
        assertTrue(samples.stream().anyMatch(s -> s.cell().equals("ttl") && s.idleMemoryMb() == 64));
    }

    static List<PoolSample> poolSamples() throws MetricsFormatException {
        List<PoolSample> samples = new ArrayList<>();
        PoolCsv.read(ClusterResource.results.resolve(PoolCsv.FILE_NAME), samples);
        return samples;
    }

    static Set<String> running(NodeHandle n) {
        return Set.of(n.shell("docker ps --format '{{.Names}}' --filter label=" + LABEL).strip().split("\\s+"));
    }

    static void register(NodeHandle n, Integer memoryMb) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", n.name(), "host", n.sshHost(), "port", n.sshPort(),
                "username", n.username(), "privateKey", n.privateKeyPem()));
        if (memoryMb != null) {
            body.put("memoryMb", memoryMb);
        }
        given().contentType(ContentType.JSON).body(body).post("/nodes/register").then().statusCode(201);
    }

    static void function(String name, String image, int memoryMb, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", name, "image", cluster.registryImage(image),
                "command", "python3 /app/handler.py", "handler", PY_HANDLER, "memoryMb", memoryMb));
        body.putAll(extra);
        given().contentType(ContentType.JSON).body(body).post("/functions/register").then().statusCode(201)
                .body("memoryMb", equalTo(memoryMb));
    }

    static void cell(Map<String, Object> body) {
        config(body);
        given().contentType(ContentType.JSON).body("{}").post("/cluster/reset").then().statusCode(200).body("ok", equalTo(true));
    }

    static void config(Map<String, Object> body) {
        given().contentType(ContentType.JSON).body(body).put("/config").then().statusCode(200);
    }

    static Response invoke(String function, String payload) {
        return given().contentType("application/octet-stream").body(payload.getBytes(StandardCharsets.UTF_8))
                .post("/functions/invoke/" + function).andReturn();
    }
}
