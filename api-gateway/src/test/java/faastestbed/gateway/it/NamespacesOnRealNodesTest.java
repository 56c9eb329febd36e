package faastestbed.gateway.it;

import faastestbed.common.metrics.MetricsCsvReader;
import faastestbed.common.metrics.MetricsRecord;
import faastestbed.node.testkit.NodeHandle;
import faastestbed.node.testkit.TestCluster;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two organizations on one cluster of real nodes, with the admin token on: each registers and invokes its own
 * {@code echo}, neither can see or call the other's, requests without a valid token get 401, a namespace token gets
 * 403 in the admin's areas, and the namespaces' limits hold — the memory one checked in the nodes' engines.
 */
@QuarkusTest
@QuarkusTestResource(value = ClusterResource.class, restrictToAnnotatedClass = true,
        initArgs = {@ResourceArg(name = "functions", value = "echo,faulty"),
                @ResourceArg(name = "adminToken", value = NamespacesOnRealNodesTest.ADMIN)})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NamespacesOnRealNodesTest {
    static final String ADMIN = "admin-token-for-the-namespace-test";
    static final String PY_HANDLER = "python3 /runtime/faas_runtime.py /app/handler.py";
    static TestCluster cluster;
    static String acme;
    static String beta;
    static String betaAsyncId;
    static String acmeSecond;

    @BeforeAll
    static void cluster() {
        cluster = ClusterResource.cluster;
    }

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    static Response invoke(String token, String path, String payload) {
        return as(token).contentType("application/octet-stream").body(payload.getBytes(StandardCharsets.UTF_8))
                .post(path).andReturn();
    }

    static void function(String token, String name, String image, int memoryMb, String namespace) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "image", cluster.registryImage(image),
                "command", "python3 /app/handler.py", "handler", PY_HANDLER, "memoryMb", memoryMb));
        if (namespace != null) {
            body.put("namespace", namespace);
        }
        as(token).contentType(ContentType.JSON).body(body).post("/functions/register").then().statusCode(201)
                .body("name", equalTo(name));
    }

    @Test
    @Order(1)
    void withoutAValidTokenEveryApiRequestIs401ButHealthIsOpen() throws Exception {
        given().get("/functions").then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"))
                .body("error", containsString("token"));
        given().get("/nodes/nowhere").then().statusCode(401);
        given().post("/acme/echo").then().statusCode(401);
        as("not-a-token").get("/config").then().statusCode(401);
        given().header("Authorization", "Basic " + ADMIN).get("/config").then().statusCode(401);
        given().get("/q/health/live").then().statusCode(200);
        // Paths that look like Quarkus' own endpoints reach the API only when a route normalises them: still 401.
        for (String raw : List.of("/q//../nodes", "/q/../nodes", "/q/x/y", "/./nodes")) {
            assertTrue(rawStatusLine("GET", raw).contains(" 401 "), raw + ": " + rawStatusLine("GET", raw));
            assertTrue(rawStatusLine("POST", raw).contains(" 401 "), raw + ": " + rawStatusLine("POST", raw));
        }
    }

    /** The status line for a request sent as written, with no client normalising its path. */
    static String rawStatusLine(String method, String path) throws java.io.IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port)) {
            s.getOutputStream().write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    @Test
    @Order(2)
    void theAdminRegistersNodesAndCreatesNamespacesWhoseTokensAreShownOnce() {
        for (NodeHandle n : List.of(cluster.node("node1"), cluster.node("node2"))) {
            as(ADMIN).contentType(ContentType.JSON).body(Map.of("name", n.name(), "host", n.sshHost(), "port", n.sshPort(),
                    "username", n.username(), "privateKey", n.privateKeyPem())).post("/nodes/register").then().statusCode(201);
        }
        as(ADMIN).contentType(ContentType.JSON).body(Map.of("mode", "dynamic", "policy", "round-robin",
                "keepAlive", "fixed-ttl:10m")).put("/config").then().statusCode(200);
        acme = as(ADMIN).contentType(ContentType.JSON).body(Map.of("name", "acme")).post("/namespaces").then()
                .statusCode(201).header("Location", containsString("/namespaces/acme"))
                .body("namespace", equalTo("acme")).extract().path("token");
        beta = as(ADMIN).contentType(ContentType.JSON).body(Map.of("name", "beta", "maxConcurrent", 4)).post("/namespaces")
                .then().statusCode(201).extract().path("token");
        assertTrue(acme.startsWith("tb_acme_") && acme.length() > 40, acme);
        as(ADMIN).contentType(ContentType.JSON).body(Map.of("name", "acme")).post("/namespaces").then().statusCode(409);
        as(ADMIN).contentType(ContentType.JSON).body(Map.of("name", "nodes")).post("/namespaces").then().statusCode(400)
                .body("error", containsString("reserved"));
        as(ADMIN).contentType(ContentType.JSON).body(Map.of("name", "Bad--Name")).post("/namespaces").then().statusCode(400);
        as(ADMIN).contentType(ContentType.JSON).body(Map.of("name", "x", "maxConcurrent", -1)).post("/namespaces").then()
                .statusCode(400).body("error", containsString("maxConcurrent"));
        String listed = as(ADMIN).get("/namespaces").asString();
        assertFalse(listed.contains(acme), "a token's text is never listed");
        as(ADMIN).get("/namespaces/beta").then().statusCode(200).body("maxConcurrent", equalTo(4))
                .body("tokens.size()", equalTo(1));
    }

    @Test
    @Order(3)
    void eachNamespaceRegistersAndInvokesItsOwnFunctionOfTheSameName() {
        function(acme, "echo", "echo", 64, null);
        function(beta, "echo", "echo", 64, "beta");
        function(ADMIN, "echo", "echo", 64, null);
        as(acme).get("/functions").then().statusCode(200).body("size()", equalTo(1))
                .body("[0].namespace", equalTo("acme")).body("[0].id", equalTo("acme/echo"));
        as(ADMIN).get("/functions").then().body("id", hasItem("beta/echo")).body("id", hasItem("echo"));

        invoke(acme, "/acme/echo", "from acme").then().statusCode(200).body("output", equalTo("from acme"))
                .body("function", equalTo("acme/echo"));
        invoke(acme, "/functions/invoke/echo", "home").then().statusCode(200).body("function", equalTo("acme/echo"));
        invoke(beta, "/beta/echo", "from beta").then().statusCode(200).body("function", equalTo("beta/echo"));
        invoke(ADMIN, "/functions/invoke/echo", "default").then().statusCode(200).body("function", equalTo("echo"));
        invoke(ADMIN, "/acme/echo", "admin in acme").then().statusCode(200).body("function", equalTo("acme/echo"));
        betaAsyncId = invoke(beta, "/beta/echo?async=true", "later").then().statusCode(202).extract().path("invocationId");

        Set<String> labels = new java.util.HashSet<>();
        for (NodeHandle n : List.of(cluster.node("node1"), cluster.node("node2"))) {
            String ps = n.shell("docker ps --format '{{.Names}} {{.Label \"faas-testbed.function\"}}' --filter label=faas-testbed.function");
            ps.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(l -> {
                String[] p = l.split(" ");
                labels.add(p[1]);
                String key = p[1].replace("/", "--");
                assertTrue(p[0].startsWith("faas-pool-" + key + "-"), "container " + p[0] + " of " + p[1]);
            });
        }
        assertEquals(Set.of("acme/echo", "beta/echo", "echo"), labels, "each namespace's echo has its own containers");
    }

    @Test
    @Order(4)
    void aNamespaceTokenCannotSeeOrCallAnotherNamespaceEitherWay() {
        invoke(acme, "/beta/echo", "x").then().statusCode(403).body("error", containsString("namespace 'acme'"));
        invoke(beta, "/acme/echo", "x").then().statusCode(403).body("error", containsString("namespace 'beta'"));
        invoke(acme, "/functions/invoke/echo?namespace=beta", "x").then().statusCode(403);
        as(acme).get("/functions?namespace=beta").then().statusCode(403);
        as(acme).get("/functions").then().body("id", not(hasItem("beta/echo")));
        as(beta).delete("/functions/echo?namespace=acme").then().statusCode(403);
        as(acme).contentType(ContentType.JSON).body(Map.of("name", "sneak", "image", cluster.registryImage("echo"),
                "command", "true", "namespace", "beta")).post("/functions/register").then().statusCode(403);
        GatewayOnRealNodesTest.awaitTrue(() -> as(beta).get("/invocations/" + betaAsyncId).path("status").equals("ok"),
                "beta's asynchronous call ran");
        as(acme).get("/invocations/" + betaAsyncId).then().statusCode(404);
        as(acme).get("/invocations").then().statusCode(200).body("invocationId", not(hasItem(betaAsyncId)));
        as(beta).get("/invocations").then().statusCode(200).body("invocationId", hasItem(betaAsyncId));
        for (String adminPath : List.of("/nodes", "/namespaces", "/pool", "/metrics/summary")) {
            as(acme).get(adminPath).then().statusCode(403).body("error", containsString("admin token"));
        }
        as(acme).contentType(ContentType.JSON).body(Map.of("policy", "least-used")).put("/config").then().statusCode(403);
        as(acme).contentType(ContentType.JSON).body("{}").post("/cluster/reset").then().statusCode(403);
        as(acme).get("/config").then().statusCode(200);
    }

    @Test
    @Order(5)
    void aNamespacesMemoryLimitEvictsItsOwnIdleContainerOnTheNodeAndNotOthers() {
        as(ADMIN).contentType(ContentType.JSON).body(Map.of("maxWarmMemoryMb", 128)).put("/namespaces/acme").then()
                .statusCode(200).body("maxWarmMemoryMb", equalTo(128));
        as(ADMIN).contentType(ContentType.JSON).body("{}").post("/cluster/reset").then().statusCode(200);
        function(acme, "echo-big", "echo", 96, null);
        // Round-robin per function from node1 after a reset: both of acme's first containers land on node1.
        Response small = invoke(acme, "/acme/echo", "a");
        small.then().statusCode(200).body("node", equalTo("node1"));
        Response big = invoke(acme, "/acme/echo-big", "b");
        big.then().statusCode(200).body("node", equalTo("node1")).body("output", equalTo("b"));
        NodeHandle node1 = cluster.node("node1");
        String running = node1.shell("docker ps --format '{{.Names}}' --filter label=faas-testbed.function");
        assertFalse(running.contains(small.jsonPath().getString("container.container")),
                "64 + 96 MB is over acme's 128 MB: its idle echo gave way on node1: " + running);
        assertTrue(running.contains(big.jsonPath().getString("container.container")), running);
        invoke(beta, "/beta/echo", "unbound").then().statusCode(200);
        as(ADMIN).get("/namespaces/acme").then().body("warmMemoryMb", equalTo(96));
        // The next big call goes to node2, where acme has nothing idle: its idle container on node1 gives way.
        Response other = invoke(acme, "/acme/echo-big", "c");
        other.then().statusCode(200).body("node", equalTo("node2")).body("container.startType", not(equalTo("warm")));
        GatewayOnRealNodesTest.awaitTrue(() -> !node1.shell("docker ps --format '{{.Names}}'")
                .contains(big.jsonPath().getString("container.container")), "acme's idle container left node1");
        as(ADMIN).get("/namespaces/acme").then().body("warmMemoryMb", equalTo(96));
        assertTrue(node1.shell("docker ps --format '{{.Label \"faas-testbed.function\"}}'").contains("beta/echo")
                || cluster.node("node2").shell("docker ps --format '{{.Label \"faas-testbed.function\"}}'").contains("beta/echo"),
                "beta's container stays: another namespace's limit never evicts it");
    }

    @Test
    @Order(6)
    void aNamespacesConcurrencyLimitRefusesTheCallBeyondItWith429AndARow() throws Exception {
        function(beta, "slow", "faulty", 64, null);
        as(ADMIN).contentType(ContentType.JSON).body(Map.of("maxConcurrent", 1)).put("/namespaces/beta").then().statusCode(200);
        List<Response> rs = GatewayOnRealNodesTest.parallel(3, () -> invoke(beta, "/beta/slow", "slow:1500"));
        List<Integer> codes = rs.stream().map(Response::statusCode).sorted().toList();
        assertEquals(200, codes.get(0), codes.toString());
        assertTrue(codes.contains(429), codes.toString());
        rs.stream().filter(r -> r.statusCode() == 429).forEach(r -> r.then().body("status", equalTo("rejected"))
                .body("error", containsString("namespace 'beta' is at its limit of 1")));
        invoke(acme, "/acme/echo", "acme is not bound by beta's limit").then().statusCode(200);
    }

    @Test
    @Order(7)
    void rowsNameTheNamespaceAndARevokedTokenIsRefused() throws Exception {
        List<MetricsRecord> rows = MetricsCsvReader.read(ClusterResource.results.resolve("metrics.csv")).records();
        Map<String, Long> byFunction = rows.stream().collect(Collectors.groupingBy(MetricsRecord::function, Collectors.counting()));
        assertTrue(byFunction.keySet().containsAll(Set.of("acme/echo", "beta/echo", "echo", "beta/slow")), byFunction.toString());
        assertTrue(rows.stream().anyMatch(r -> r.function().equals("beta/slow") && r.status().id().equals("rejected")));
        String csv = java.nio.file.Files.readString(ClusterResource.results.resolve("metrics.csv"));
        assertFalse(csv.contains(acme) || csv.contains(ADMIN), "no token in the CSV");

        String second = as(ADMIN).post("/namespaces/acme/tokens").then().statusCode(201).extract().path("token");
        acmeSecond = second;
        invoke(second, "/acme/echo", "second").then().statusCode(200);
        String firstId = as(ADMIN).get("/namespaces/acme").jsonPath().getString("tokens[0].id");
        as(ADMIN).delete("/namespaces/acme/tokens/" + firstId).then().statusCode(204);
        invoke(acme, "/acme/echo", "revoked").then().statusCode(401);
        invoke(second, "/acme/echo", "still").then().statusCode(200);
        as(ADMIN).delete("/namespaces/acme").then().statusCode(409).body("error", containsString("delete them first"));
    }

    @Test
    @Order(9)
    void qMetricsCountsEveryRowWithItsTagsAndShowsNodesQueuesAndPoolsWithoutAToken() {
        String m = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(m.lines().anyMatch(l -> l.startsWith("testbed_invocations_total{") && l.contains("function=\"acme/echo\"")
                && l.contains("start_type=\"warm\"") && l.contains("status=\"ok\"") && l.contains("mode=\"dynamic\"")), m);
        assertTrue(m.lines().anyMatch(l -> l.startsWith("testbed_invocations_total{") && l.contains("function=\"beta/slow\"")
                && l.contains("status=\"rejected\"")), "rejected calls count too");
        for (String le : List.of("0.001", "0.05", "1.0", "300.0")) {
            assertTrue(m.contains("testbed_invocation_duration_seconds_bucket{") && m.lines().anyMatch(l ->
                    l.startsWith("testbed_invocation_duration_seconds_bucket{") && l.contains("le=\"" + le + "\"")), "bucket " + le);
        }
        for (String gauge : List.of("testbed_node_cpu_percent{node=\"node1\"}", "testbed_node_healthy{node=\"node2\"} 1.0",
                "testbed_node_queue_capacity{node=\"node1\"}", "testbed_node_in_flight{node=\"node1\"}")) {
            assertTrue(m.contains(gauge), gauge + " in " + m.lines().filter(l -> l.startsWith("testbed_")).toList());
        }
        assertTrue(m.lines().anyMatch(l -> l.startsWith("testbed_pool_containers{") && l.contains("state=\"idle\"")));
        assertFalse(m.contains(ADMIN) || m.contains(acmeSecond), "no token in the metrics");
    }

    private static boolean sleep(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
