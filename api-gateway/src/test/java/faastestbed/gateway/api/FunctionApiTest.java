package faastestbed.gateway.api;

import faastestbed.common.metrics.MetricsCsvReader;
import faastestbed.common.metrics.MetricsRecord;
import faastestbed.common.model.InvocationStatus;
import faastestbed.common.model.StateCheck;
import faastestbed.gateway.metrics.MetricsRecorder;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Function registration, listing, deletion and invocation with no node registered. */
@QuarkusTest
class FunctionApiTest {
    private static final String IMAGE = "registry:5000/fib-python:latest";

    @Inject
    MetricsRecorder metrics;

    /** Unique per test and per run: the metrics file keeps rows of earlier runs. */
    private static String fresh(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<String, Object> fn(String name, Object command) {
        Map<String, Object> m = new HashMap<>();
        m.put("name", name);
        m.put("image", IMAGE);
        if (command != null) {
            m.put("command", command);
        }
        return m;
    }

    private static Response register(Object body) {
        return given().contentType(ContentType.JSON).body(body).post("/functions/register");
    }

    private static void refused(Response r, int status, String hint) {
        r.then().statusCode(status).contentType(ContentType.JSON).body("error", containsString(hint));
    }

    @Test
    void registerWithStringCommandSplitsIt() {
        String name = fresh("fib");
        register(fn(name, "python /app/fib.py 'a b' \"c\\\"d\"")).then().statusCode(201).contentType(ContentType.JSON)
                .body("name", equalTo(name))
                .body("image", equalTo(IMAGE))
                .body("command", equalTo(List.of("python", "/app/fib.py", "a b", "c\"d")))
                .body("keepAliveCommand", equalTo(List.of("sleep", "infinity")))
                .body("registeredAt", notNullValue())
                .body("preparation", empty());
        given().get("/functions/" + name).then().statusCode(200)
                .body("command", equalTo(List.of("python", "/app/fib.py", "a b", "c\"d")));
        given().delete("/functions/" + name).then().statusCode(204);
    }

    @Test
    void registerWithArrayCommandAndKeepAlive() {
        String name = fresh("native");
        Map<String, Object> body = fn(name, List.of("/fib", "--n", 30, "$(id)"));
        body.put("keep_alive_command", "/fib --idle");
        register(body).then().statusCode(201)
                .body("command", equalTo(List.of("/fib", "--n", "30", "$(id)")))
                .body("keepAliveCommand", equalTo(List.of("/fib", "--idle")));
        given().delete("/functions/" + name).then().statusCode(204);
    }

    @Test
    void duplicateIs409() {
        String name = fresh("dup");
        register(fn(name, "echo 1")).then().statusCode(201);
        refused(register(fn(name, "echo 2")), 409, "function '" + name + "' is already registered");
        given().get("/functions/" + name).then().statusCode(200).body("command", equalTo(List.of("echo", "1")));
        given().delete("/functions/" + name).then().statusCode(204);
    }

    @Test
    void invalidRegistrationsAre400() {
        String name = fresh("bad");
        Map<String, Object> badImage = fn(name, "echo 1");
        badImage.put("image", "-v/etc");
        refused(register(badImage), 400, "is not a valid image reference");
        badImage.put("image", "UPPER/Case");
        refused(register(badImage), 400, "is not a valid image reference");
        badImage.remove("image");
        refused(register(badImage), 400, "image is required");

        refused(register(fn("bad name", "echo 1")), 400, "function name 'bad name' is invalid");
        refused(register(fn(name, "")), 400, "command must not be empty");
        refused(register(fn(name, "   ")), 400, "command must not be empty");
        refused(register(fn(name, List.of())), 400, "command must not be empty");
        refused(register(fn(name, null)), 400, "command is required");
        refused(register(fn(name, 42)), 400, "command must be a string or an array of strings");
        refused(register(fn(name, Map.of("cmd", "echo"))), 400, "command must be a string or an array of strings");
        refused(register(fn(name, List.of("echo", Map.of("x", 1)))), 400, "command must be an array of strings");
        refused(register(fn(name, "echo 'unclosed")), 400, "unclosed");
        refused(register(fn(name, List.of("echo", "a\u0000b"))), 400, "NUL");
        Map<String, Object> badKeepAlive = fn(name, "echo 1");
        badKeepAlive.put("keepAliveCommand", List.of());
        refused(register(badKeepAlive), 400, "keepAliveCommand must not be empty");
        refused(given().contentType(ContentType.JSON).post("/functions/register"), 400, "JSON body is required");
        refused(given().contentType(ContentType.JSON).body("{\"name\":").post("/functions/register"), 400, "malformed JSON");

        // none of them was registered
        given().get("/functions/" + name).then().statusCode(404);
    }

    @Test
    void listGetDelete() {
        String name = fresh("life");
        given().get("/functions/" + name).then().statusCode(404).contentType(ContentType.JSON)
                .body("error", equalTo("no function named '" + name + "'"));
        register(fn(name, "echo hi")).then().statusCode(201);
        given().get("/functions").then().statusCode(200).body("name", hasItem(name));
        given().get("/functions/" + name).then().statusCode(200).body("name", equalTo(name)).body("image", equalTo(IMAGE));
        given().delete("/functions/" + name).then().statusCode(204);
        given().get("/functions/" + name).then().statusCode(404).body("error", notNullValue());
        refused(given().delete("/functions/" + name), 404, "no function named '" + name + "'");
        given().get("/functions").then().statusCode(200).body("name", org.hamcrest.Matchers.not(hasItem(name)));
    }

    @Test
    void invokeUnknownIs404() {
        refused(given().post("/functions/invoke/" + fresh("ghost")), 404, "no function named");
    }

    @Test
    void invokeWithNoNodesIsRejectedAndRecorded() throws Exception {
        String name = fresh("orphan");
        register(fn(name, "echo hi")).then().statusCode(201);
        Map<String, Object> config = given().get("/config").then().statusCode(200).extract().jsonPath().getMap("$");
        try {
            Response r = given().contentType(ContentType.JSON).body("{\"ignored\": true}").post("/functions/invoke/" + name);
            r.then().statusCode(503).contentType(ContentType.JSON)
                    .body("status", equalTo("rejected"))
                    .body("invocationId", notNullValue())
                    .body("error", equalTo("no node is registered"));
            String id = r.jsonPath().getString("invocationId");
            UUID.fromString(id);

            Path file = metrics.file();
            assertEquals(Path.of("target", "test-results", "metrics.csv"), file);
            MetricsCsvReader.Result csv = MetricsCsvReader.read(file);
            List<MetricsRecord> rows = csv.records().stream().filter(x -> x.invocationId().equals(id)).toList();
            assertEquals(1, rows.size(), "one row for the invocation");
            MetricsRecord row = rows.get(0);
            assertEquals(InvocationStatus.REJECTED, row.status());
            assertEquals(name, row.function());
            assertEquals("", row.node());
            assertEquals(config.get("policy"), row.policy());
            assertEquals(config.get("mode"), row.mode().id());
            assertEquals(config.get("runId"), row.runId());
            assertEquals(StateCheck.UNKNOWN, row.stateCheck());
            assertNull(row.exitCode());
            assertTrue(Double.isNaN(row.cpuPercent()));
            assertTrue(row.executionTimeS() >= 0);
            assertTrue(row.executionMode().endsWith(" - " + row.mode().label()), row.executionMode());
            assertEquals(-1, row.timings().runMs());

            // ...and the summary counts it as a failure, with no latency
            given().get("/metrics/summary").then().statusCode(200)
                    .body("rows.find { it.function == '" + name + "' }.count", equalTo(1))
                    .body("rows.find { it.function == '" + name + "' }.ok", equalTo(0))
                    .body("rows.find { it.function == '" + name + "' }.failed", equalTo(1));
        } finally {
            given().delete("/functions/" + name).then().statusCode(204);
        }
    }

    @Test
    void payloadsAreCheckedBeforeAnythingRuns() {
        String name = fresh("echo");
        Map<String, Object> body = fn(name, "python3 /app/handler.py");
        body.put("handler", List.of("python3", "/runtime/faas_runtime.py", "/app/handler.py"));
        body.put("timeoutSeconds", 5);
        register(body).then().statusCode(201).body("handler", hasItem("/app/handler.py")).body("timeoutSeconds", equalTo(5));
        // Over the limit: 413 with a JSON message, and no row, since nothing ran.
        refused(given().contentType("application/octet-stream").body(new byte[6 * 1024 * 1024 + 1])
                .post("/functions/invoke/" + name), 413, "over the limit");
        refused(given().contentType("application/octet-stream").body(new byte[] {1})
                .post("/functions/invoke/" + name + "?path=sideways"), 400, "unknown path");
        // Within the limit, with no node: the usual 503, whatever the content type.
        given().contentType("image/png").body(new byte[] {(byte) 0x89, 'P', 'N', 'G'})
                .post("/functions/invoke/" + name).then().statusCode(503).body("status", equalTo("rejected"));
        String plain = fresh("plain");
        register(fn(plain, "true")).then().statusCode(201);
        refused(given().contentType("application/octet-stream").post("/functions/invoke/" + plain + "?path=handler"),
                400, "has no handler");
    }

    @Test
    void registrationRefusesBadHandlersAndTimeouts() {
        Map<String, Object> body = fn(fresh("h"), "true");
        body.put("handler", 42);
        refused(register(body), 400, "handler");
        body.put("handler", "");
        refused(register(body), 400, "handler");
        body.put("handler", "python3 \"unterminated");
        refused(register(body), 400, "handler");
        body.put("handler", "server");
        body.put("timeoutSeconds", 3601);
        refused(register(body), 400, "timeoutSeconds");
        body.put("timeoutSeconds", "soon");
        refused(register(body), 400, "timeoutSeconds");
    }

    @Test
    void rawOutputOnlyWhenAskedForAndPreferred() {
        assertTrue(FunctionResource.wantsRaw("application/octet-stream"));
        assertTrue(FunctionResource.wantsRaw("application/octet-stream;q=1"));
        assertTrue(!FunctionResource.wantsRaw(null));
        assertTrue(!FunctionResource.wantsRaw("*/*"));
        assertTrue(!FunctionResource.wantsRaw("application/json, application/octet-stream"));
    }
}
