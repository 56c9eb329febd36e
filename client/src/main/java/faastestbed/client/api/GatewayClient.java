package faastestbed.client.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The gateway's HTTP API as plain calls: every call returns the status and JSON body, whatever the status,
 * so callers decide what a 409 or a 503 means. Only failing to connect at all is an exception of its own.
 * Thread-safe: one instance serves every concurrent client of a workload.
 */
public final class GatewayClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final Duration requestTimeout;
    private final HttpClient http;
    /** Sent as {@code Authorization: Bearer}; null: none (a gateway without tokens). */
    private final String token;

    public GatewayClient(URI gateway, Duration requestTimeout) {
        this(gateway, requestTimeout, null);
    }

    public GatewayClient(URI gateway, Duration requestTimeout, String token) {
        this.token = token == null || token.isBlank() ? null : token.strip();
        String b = gateway.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                // Plain HTTP/1.1: no h2c upgrade dance with the gateway, one connection per concurrent request.
                .version(HttpClient.Version.HTTP_1_1)
                // Failing to connect is quick to detect; only the requests themselves may take minutes.
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    public String baseUrl() {
        return base;
    }

    public static String segment(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public ApiResponse get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    public ApiResponse post(String path, Object body) throws IOException, InterruptedException {
        return send("POST", path, body);
    }

    public ApiResponse put(String path, Object body) throws IOException, InterruptedException {
        return send("PUT", path, body);
    }

    public ApiResponse delete(String path) throws IOException, InterruptedException {
        return send("DELETE", path, null);
    }

    /**
     * {@code POST /functions/invoke/{function}} with {@code payload} as the body, byte for byte
     * ({@code application/octet-stream}; empty: no payload). The answer is the gateway's JSON, as for every call.
     */
    public ApiResponse invoke(String function, byte[] payload) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/functions/invoke/" + segment(function)))
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
        return exchange(request);
    }

    /**
     * The same invocation, asynchronously: submitted with {@code ?async=true} (202 and an id), then
     * {@code GET /invocations/{id}} until it ends. The answer is what the synchronous call would have answered: the
     * result with 200, or the error with the status it would have had. A refused submission (429, 404, ...) is
     * answered as it came.
     */
    public ApiResponse invokeAsync(String function, byte[] payload) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/functions/invoke/" + segment(function)
                        + "?async=true"))
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
        ApiResponse accepted = exchange(request);
        if (accepted.status() != 202) {
            return accepted;
        }
        String id = accepted.body().path("invocationId").asText();
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        long pause = 10;
        while (true) {
            ApiResponse now = send("GET", "/invocations/" + segment(id), null);
            String status = now.body().path("status").asText("");
            if (now.status() != 200 || !(status.equals("queued") || status.equals("running"))) {
                if (now.status() != 200) {
                    return now;
                }
                JsonNode result = now.body().path("result");
                int http = now.body().path("httpStatus").asInt(200);
                if (result.isObject()) {
                    return new ApiResponse(http, result, result.toString());
                }
                com.fasterxml.jackson.databind.node.ObjectNode error = JSON.createObjectNode();
                error.put("error", now.body().path("error").asText(""));
                error.put("status", status);
                error.put("invocationId", id);
                return new ApiResponse(http, error, error.toString());
            }
            if (System.nanoTime() > deadline) {
                throw new java.net.http.HttpTimeoutException("asynchronous invocation " + id + " did not end within "
                        + requestTimeout.toSeconds() + " s (request.timeout)");
            }
            Thread.sleep(pause);
            pause = Math.min(500, pause * 2);
        }
    }

    /** {@code POST /functions/deploy?QUERY} with the folder's tar.gz as the body; the gateway's JSON answer. */
    public ApiResponse deploy(String query, byte[] archive) throws IOException, InterruptedException {
        return exchange(HttpRequest.newBuilder(URI.create(base + "/functions/deploy?" + query))
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .header("Content-Type", "application/gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(archive)));
    }

    /** A text answer with one of its headers (a build's log with its X-Build-Status, say). */
    public record TextResponse(int status, String text, java.net.http.HttpHeaders headers) {
        public String header(String name) {
            return headers.firstValue(name).orElse("");
        }
    }

    public TextResponse getText(String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = authorized(HttpRequest.newBuilder(URI.create(base + path)).timeout(requestTimeout)
                .header("Accept", "text/plain, application/json").GET());
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new TextResponse(r.statusCode(), r.body(), r.headers());
        } catch (ConnectException | HttpConnectTimeoutException | UnresolvedAddressException e) {
            throw new GatewayUnreachableException(base, e);
        }
    }

    /**
     * @throws GatewayUnreachableException nothing accepts a connection at the gateway's address
     * @throws IOException                 the connection broke or the request timed out
     */
    public ApiResponse send(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(requestTimeout)
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8));
        }
        return exchange(request);
    }

    /** Every request leaves through here or {@link #exchange}: the token goes with each. */
    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private ApiResponse exchange(HttpRequest.Builder request) throws IOException, InterruptedException {
        authorized(request);
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            // Also how an unknown host surfaces (a ConnectException caused by UnresolvedAddressException).
            throw new GatewayUnreachableException(base, e);
        } catch (UnresolvedAddressException e) {
            throw new GatewayUnreachableException(base, e);
        }
        return new ApiResponse(response.statusCode(), parse(response.body()), response.body());
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    public static String pretty(JsonNode node) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            return node.toString();
        }
    }
}
