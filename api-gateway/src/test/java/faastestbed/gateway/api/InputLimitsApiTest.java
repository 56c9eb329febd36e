package faastestbed.gateway.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every input mistake is a 4xx with a JSON {"error"}: numbers that are not whole, control characters, over-long
 * values, URIs, headers and declared bodies. None of these requests reaches a node (there is none).
 */
@QuarkusTest
class InputLimitsApiTest {

    private static Map<String, Object> function() {
        Map<String, Object> m = new HashMap<>();
        m.put("name", "f1");
        m.put("image", "alpine");
        m.put("command", List.of("true"));
        return m;
    }

    private static Map<String, Object> node() {
        Map<String, Object> m = new HashMap<>();
        m.put("name", "node1");
        m.put("host", "127.0.0.1");
        m.put("username", "root");
        m.put("password", "pw");
        return m;
    }

    private static Response send(String method, String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).request(method, path);
    }

    /** Other test classes share this gateway: count, rather than expect an empty registry. */
    private static int functionCount() {
        return given().get("/functions").then().statusCode(200).extract().jsonPath().getList("$").size();
    }

    private static String error(Response r, int status) {
        r.then().statusCode(status).contentType(ContentType.JSON).body("error", notNullValue());
        return r.jsonPath().getString("error");
    }

    /** Every integer field of every request body, aliases included: 1.5 used to become 1. */
    @ParameterizedTest
    @CsvSource({
            "POST, /nodes/register, port, port",
            "POST, /nodes/register, memoryMb, memoryMb",
            "POST, /nodes/register, memory_mb, memoryMb",
            "POST, /functions/register, timeoutSeconds, timeoutSeconds",
            "POST, /functions/register, timeout, timeoutSeconds",
            "POST, /functions/register, memoryMb, memoryMb",
            "POST, /functions/register, concurrency, concurrency",
            "POST, /functions/register, containerConcurrency, concurrency",
            "POST, /functions/register, minIdle, minIdle",
            "POST, /functions/register, maxContainers, maxContainers",
            "PUT, /config, preparedNodes, preparedNodes",
            "PUT, /config, maxConcurrentPerNode, maxConcurrentPerNode",
            "PUT, /config, queuePerNode, queuePerNode"})
    void fractionsAreRefusedInEveryIntegerField(String method, String path, String field, String named) {
        Map<String, Object> body = path.startsWith("/nodes") ? node() : path.startsWith("/functions") ? function()
                : new HashMap<>();
        int functionsBefore = functionCount();
        for (Object bad : List.of(1.5, 2.0, "3x", true)) {
            body.put(field, bad);
            String error = error(send(method, path, body), 400);
            // an alias is answered under the field's documented name
            assertTrue(error.startsWith(named + " must be a whole number, not "), error);
        }
        assertEquals(functionsBefore, functionCount(), "nothing was registered");
        given().get("/config").then().statusCode(200).body("preparedNodes", equalTo(0))
                .body("maxConcurrentPerNode", equalTo(8)).body("queuePerNode", equalTo(64));
    }

    /** The list above covers every integer field: a new one fails here until it is added there. */
    @Test
    void theRequestBodiesHoldNoOtherIntegerField() {
        Set<String> fields = new TreeSet<>();
        for (Class<?> dto : List.of(Dtos.RegisterNode.class, Dtos.RegisterFunction.class, Dtos.Config.class)) {
            for (var c : dto.getRecordComponents()) {
                assertTrue(!c.getType().isPrimitive(), dto.getSimpleName() + "." + c.getName()
                        + " is primitive: the strict reading is registered for Integer");
                if (Number.class.isAssignableFrom(c.getType())) {
                    assertEquals(Integer.class, c.getType(), dto.getSimpleName() + "." + c.getName());
                    fields.add(dto.getSimpleName() + "." + c.getName());
                }
            }
        }
        assertEquals(new TreeSet<>(Arrays.asList("RegisterNode.port", "RegisterNode.memoryMb",
                "RegisterFunction.timeoutSeconds", "RegisterFunction.memoryMb", "RegisterFunction.concurrency",
                "RegisterFunction.minIdle", "RegisterFunction.maxContainers", "Config.preparedNodes",
                "Config.maxConcurrentPerNode", "Config.queuePerNode")), fields);
    }

    @Test
    void controlCharactersInAFunctionAreRefusedNamingTheField() {
        int functionsBefore = functionCount();
        Map<String, Object> f = function();
        f.put("name", "f1\u0000");
        assertEquals("function name contains a NUL character (U+0000 at position 3); it is not allowed there",
                error(send("POST", "/functions/register", f), 400));
        f = function();
        f.put("image", "alpine\u0000");
        assertTrue(error(send("POST", "/functions/register", f), 400).startsWith("image contains a NUL character"));
        f = function();
        f.put("handler", List.of("python", "handler.py\u0000"));
        assertTrue(error(send("POST", "/functions/register", f), 400).startsWith("handler contains a NUL character"));
        f = function();
        f.put("command", "echo \u001b[2J");
        assertTrue(error(send("POST", "/functions/register", f), 400)
                .startsWith("command contains a control character (U+001B"));
        assertEquals(functionsBefore, functionCount(), "nothing was registered");
    }

    @Test
    void controlCharactersInTheSettingsAreRefused() {
        assertTrue(error(send("PUT", "/config", Map.of("runId", "run-1\u0000")), 400)
                .startsWith("runId contains a NUL character"));
        assertTrue(error(send("PUT", "/config", Map.of("policy", "round-robin\u0000")), 400)
                .startsWith("policy contains a NUL character"));
        given().get("/config").then().statusCode(200).body("runId", org.hamcrest.Matchers.not(containsString("run-1")));
    }

    @Test
    void aMegabyteNameGetsAShortAnswer() {
        Map<String, Object> f = function();
        f.put("name", "f".repeat(1 << 20));
        Response r = send("POST", "/functions/register", f);
        assertEquals("function name is 1048576 characters long; at most 63", error(r, 400));
        assertTrue(r.asString().length() < 200, r.asString().length() + " characters");
    }

    /** Some messages quote the input (an unknown policy): the answer is cut, not megabytes long. */
    @Test
    void anErrorThatEchoesAHugeInputIsCut() {
        Response r = send("PUT", "/config", Map.of("policy", "p".repeat(1 << 20)));
        String error = error(r, 400);
        assertTrue(error.startsWith("unknown policy 'ppp"), error.substring(0, 40));
        assertTrue(error.matches("(?s).*\u2026 \\(\\d+ more characters\\)"), error.substring(error.length() - 60));
        assertTrue(r.asString().length() < ErrorMappers.MAX_TEXT + 100, r.asString().length() + " characters");
    }

    /** Used to be Vert.x' own 414 with an empty body. */
    @Test
    void anOverLongUriIs414Json() {
        Response r = given().get("/functions/" + "a".repeat(5000));
        assertEquals("the request's URI (path and query) is 5011 characters long; at most 4096", error(r, 414));
        assertTrue(r.getHeader(ServerTiming.HEADER).startsWith("gateway;dur="), r.getHeader(ServerTiming.HEADER));
        // far beyond Vert.x' old limit too
        error(given().get("/functions/x?q=" + "a".repeat(200_000)), 414);
        // just under the limit: routed as usual
        error(given().get("/functions/" + "a".repeat(4000)), 404);
    }

    /** Used to be Vert.x' own 431 with an empty body. */
    @Test
    void overLargeHeadersAre431Json() {
        Response r = given().header("X-Big", "v".repeat(30_000)).get("/functions");
        assertTrue(error(r, 431).startsWith("the request's headers are "), r.asString());
        assertTrue(r.asString().contains("; at most 20480"), r.asString());
        error(given().header("X-Big", "v".repeat(300_000)).get("/functions"), 431);
        given().header("X-Fine", "v".repeat(10_000)).get("/functions").then().statusCode(200);
    }

    /** Quarkus answers a declared body over max-body-size with an empty 413; the gateway answers first, as JSON. */
    @Test
    void aDeclaredBodyOverTheLimitIs413Json() throws IOException {
        String answer = raw("POST /functions/invoke/f1 HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: 100000000\r\n\r\n0123456789");
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.toLowerCase().contains("content-type: application/json"), answer);
        assertTrue(answer.endsWith("{\"error\":\"the request body is 100000000 bytes; at most 67108864\"}"), answer);
    }

    /** Sends a request as raw bytes (no client would send a lying Content-Length) and reads the whole answer. */
    private static String raw(String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), RestAssured.port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                all.write(buf, 0, n);
            }
            return all.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
