package faastestbed.client.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationPath;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A stand-in for the gateway that answers the client's requests with canned responses, to test the client's own
 * request/response handling. It knows nothing of nodes, SSH or Docker; the real gateway is tested elsewhere.
 */
public final class FakeGateway implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> KEEP_ALIVES = List.of("none", "fixed-ttl", "lru", "greedy-dual", "hybrid-histogram");

    /**
     * One request as received.
     *
     * @param body        parsed JSON when the request said it was JSON, else null
     * @param raw         the body byte for byte
     * @param contentType the Content-Type header, or null
     */
    public record Request(String method, String path, JsonNode body, byte[] raw, String contentType, String authorization) {
    }

    private final HttpServer server;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    /** Registered nodes and functions by name (tests may pre-register): registering one again answers 409. */
    public final Map<String, JsonNode> nodes = new ConcurrentHashMap<>();
    public final Map<String, JsonNode> functions = new ConcurrentHashMap<>();
    /** Per function: the invoke answer's status code and its JSON "status". */
    public final Map<String, Integer> invokeStatus = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> asyncAnswers = new ConcurrentHashMap<>();
    private final Map<String, Integer> asyncLooks = new ConcurrentHashMap<>();
    /** Deploys received: the query and the archive, by build id. */
    public final Map<String, Request> deploys = new ConcurrentHashMap<>();
    private final Map<String, Integer> logLooks = new ConcurrentHashMap<>();
    private volatile String policy = "round-robin";
    private volatile String mode = "warmed";
    private volatile String invocationPath = "handler";
    /** The keep-alive policy the fake has now, as GET /config reports it; tests may set it. */
    public volatile String keepAlive = "";

    public FakeGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] raw = ex.getRequestBody().readAllBytes();
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        String body = new String(raw, StandardCharsets.UTF_8);
        // Invocation bodies are payloads (any bytes): only a body declared as JSON is parsed.
        JsonNode json = body.isBlank() || contentType == null || !contentType.startsWith("application/json")
                ? null : JSON.readTree(body);
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        requests.add(new Request(method, path, json, raw, contentType, ex.getRequestHeaders().getFirst("Authorization")));
        try {
            if (method.equals("POST") && path.equals("/functions/deploy")) {
                deploy(ex, raw, contentType);
            } else if (method.equals("GET") && path.startsWith("/builds/")) {
                build(ex, path.substring("/builds/".length()), ex.getRequestURI().getRawQuery());
            } else if (method.equals("GET") && path.equals("/config")) {
                reply(ex, 200, config());
            } else if (method.equals("PUT") && path.equals("/config")) {
                if (json.has("policy") && !List.of("round-robin", "least-used").contains(json.get("policy").asText())) {
                    reply(ex, 400, Map.of("error", "unknown policy"));
                    return;
                }
                if (json.has("path") && InvocationPath.parse(json.get("path").asText()).isEmpty()) {
                    reply(ex, 400, Map.of("error", "unknown path"));
                    return;
                }
                if (json.has("keepAlive") && !KEEP_ALIVES.contains(json.get("keepAlive").asText().split(":")[0])) {
                    reply(ex, 400, Map.of("error", "unknown keep-alive policy " + json.get("keepAlive").asText()));
                    return;
                }
                keepAlive = json.path("keepAlive").asText(keepAlive);
                policy = json.path("policy").asText(policy);
                mode = json.path("mode").asText(mode);
                invocationPath = json.path("path").asText(invocationPath);
                reply(ex, 200, config());
            } else if (method.equals("POST") && path.equals("/cluster/reset")) {
                reply(ex, 200, Map.of("mode", mode, "durationMs", 12));
            } else if (method.equals("POST") && (path.equals("/nodes/register") || path.equals("/functions/register"))) {
                String name = json.get("name").asText();
                Map<String, JsonNode> registry = path.startsWith("/nodes") ? nodes : functions;
                if (name.startsWith("broken")) {
                    reply(ex, 502, Map.of("error", "SSH login to " + name + " failed"));
                } else if (registry.putIfAbsent(name, json) != null) {
                    reply(ex, 409, Map.of("error", name + " already exists"));
                } else {
                    reply(ex, 201, path.startsWith("/nodes")
                            ? Map.of("name", name, "auth", json.has("privateKey") ? "key" : "password", "hostKeyFingerprint", "SHA256:abc", "healthy", true)
                            : Map.of("name", name));
                }
            } else if (method.equals("GET") && path.equals("/functions")) {
                reply(ex, 200, List.copyOf(functions.values()));
            } else if (method.equals("GET") && path.startsWith("/nodes/")) {
                JsonNode node = nodes.get(path.substring("/nodes/".length()));
                reply(ex, node == null ? 404 : 200, node == null ? Map.of("error", "no such node") : node);
            } else if (method.equals("GET") && path.startsWith("/invocations/")) {
                // Asynchronous: "running" at the first look, then what the synchronous call would have answered.
                String id = path.substring("/invocations/".length());
                Map<String, Object> pending = asyncAnswers.get(id);
                if (pending == null) {
                    reply(ex, 404, Map.of("error", "no asynchronous invocation '" + id + "'"));
                } else if (asyncLooks.merge(id, 1, Integer::sum) == 1) {
                    reply(ex, 200, Map.of("invocationId", id, "status", "running"));
                } else {
                    reply(ex, 200, pending);
                }
            } else if (method.equals("POST") && path.startsWith("/functions/invoke/")) {
                String function = path.substring("/functions/invoke/".length());
                int status = invokeStatus.getOrDefault(function, 404);
                String query = ex.getRequestURI().getRawQuery();
                if (query != null && query.contains("async=true") && status != 404 && status != 413) {
                    String id = "a" + asyncAnswers.size();
                    Map<String, Object> done = new java.util.HashMap<>(Map.of("invocationId", id, "function", function));
                    if (status == 200) {
                        done.putAll(Map.of("status", "ok", "httpStatus", 200, "result", Map.of("invocationId", id,
                                "function", function, "node", "node1", "executionMode", "Round Robin - Cold",
                                "status", "ok", "exitCode", 0, "executionTimeS", 0.5)));
                    } else {
                        done.putAll(Map.of("status", status == 503 ? "rejected" : "failed", "httpStatus", status,
                                "error", "no node available"));
                    }
                    asyncAnswers.put(id, done);
                    reply(ex, 202, Map.of("invocationId", id, "status", "queued", "location", "/invocations/" + id));
                    return;
                }
                String label = InvocationPath.label(policy.equals("round-robin") ? "Round Robin" : "Least Used",
                        ExecutionMode.parse(mode).orElseThrow(), keepAlive, InvocationPath.parse(invocationPath).orElseThrow());
                switch (status) {
                    case 200 -> reply(ex, 200, Map.ofEntries(Map.entry("invocationId", "i1"), Map.entry("function", function),
                            Map.entry("node", "node1"), Map.entry("executionMode", label), Map.entry("path", invocationPath),
                            Map.entry("status", "ok"), Map.entry("exitCode", 0), Map.entry("executionTimeS", 0.25),
                            Map.entry("payloadBytes", raw.length), Map.entry("output", ""), Map.entry("outputEncoding", "utf-8")));
                    case 413 -> reply(ex, 413, Map.of("error", "payload of " + raw.length + " bytes is over the limit"));
                    case 201 -> reply(ex, 200, Map.of("function", function, "node", "node1", "executionMode", label,
                            "status", "failed", "exitCode", 2, "executionTimeS", 0.1));
                    case 503 -> reply(ex, 503, Map.of("error", "no node available", "status", "rejected"));
                    default -> reply(ex, status, Map.of("error", "unknown function " + function));
                }
            } else {
                reply(ex, 404, Map.of("error", "no route " + method + " " + path));
            }
        } catch (RuntimeException e) {
            reply(ex, 500, Map.of("error", e.toString()));
        }
    }

    /**
     * A deploy: 400 unless the body is gzip; a name starting with "broken" builds and fails, any other builds and
     * succeeds. The log comes in two parts, the second once the build has ended.
     */
    private void deploy(HttpExchange ex, byte[] raw, String contentType) throws IOException {
        String query = ex.getRequestURI().getRawQuery();
        if (raw.length < 2 || (raw[0] & 0xff) != 0x1f || (raw[1] & 0xff) != 0x8b) {
            reply(ex, 400, Map.of("error", "the body must be a tar.gz archive"));
            return;
        }
        String name = java.net.URLDecoder.decode(query.replaceAll(".*(^|&)name=([^&]*).*", "$2"), StandardCharsets.UTF_8);
        String id = "b" + deploys.size();
        deploys.put(id, new Request("POST", "/functions/deploy?" + query, null, raw, contentType, ex.getRequestHeaders().getFirst("Authorization")));
        reply(ex, 202, Map.of("buildId", id, "function", name, "kind", "python", "status", "queued",
                "location", "/builds/" + id));
    }

    private void build(HttpExchange ex, String rest, String query) throws IOException {
        String id = rest.replace("/log", "");
        Request d = deploys.get(id);
        if (d == null) {
            reply(ex, 404, Map.of("error", "no build '" + id + "'"));
            return;
        }
        boolean broken = d.path().contains("name=broken");
        String first = "Step 1/2 : FROM registry:5000/base:latest\n";
        String second = broken ? "Step 2/2 : RUN exit 3\nThe command '/bin/sh -c exit 3' returned a non-zero code: 3\n"
                : "Step 2/2 : COPY . /app/\nSuccessfully built 0123\n";
        if (rest.endsWith("/log")) {
            int looks = logLooks.merge(id, 1, Integer::sum);
            String log = looks == 1 ? first : first + second;
            int from = query == null ? 0 : Integer.parseInt(query.replaceAll(".*from=(\\d+).*", "$1"));
            byte[] text = log.substring(Math.min(from, log.length())).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain;charset=UTF-8");
            ex.getResponseHeaders().set("X-Build-Status", looks == 1 ? "building" : broken ? "failed" : "ok");
            ex.getResponseHeaders().set("X-Log-Offset", String.valueOf(log.length()));
            ex.sendResponseHeaders(200, text.length);
            ex.getResponseBody().write(text);
            ex.close();
            return;
        }
        Map<String, Object> info = new java.util.HashMap<>(Map.of("buildId", id, "function", broken ? "broken" : "hello",
                "status", broken ? "failed" : "ok", "node", "node1", "image", "registry:5000/deployed/hello:b1",
                "buildMs", 1500, "registerMs", 20));
        if (broken) {
            info.put("error", "docker build on node 'node1' failed (exit 1)\n--- last 2 lines of the build log ---\n"
                    + second.strip());
        } else {
            info.put("pushMs", 700);
        }
        reply(ex, 200, info);
    }

    private Map<String, Object> config() {
        return Map.of("policy", policy, "mode", mode, "path", invocationPath, "keepAlive", keepAlive,
                "policies", List.of("least-used", "round-robin"), "modes", List.of("cold", "pre-warmed", "warmed", "dynamic"),
                "keepAlives", KEEP_ALIVES, "paths", List.of("handler", "exec"));
    }

    private static void reply(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
