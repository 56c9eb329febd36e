package faastestbed.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** JSON over HTTP to the gateway process; every answer, error or not, must be JSON. */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    /** HTTP/1.1, as the client jar and curl speak it: one call per connection, not streams of one shared connection. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    /** Sent as a bearer token with every request; null: none. */
    private final String token;

    Api(String base) {
        this(base, null);
    }

    Api(String base, String token) {
        this.base = base;
        this.token = token;
    }

    Api as(String otherToken) {
        return new Api(base, otherToken);
    }

    /** Any bytes with their content type, e.g. a folder as tar.gz to {@code /functions/deploy}. */
    Answer postBytes(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(300))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** An answer: its status and its JSON body (null when the connection closed without one). */
    record Answer(int status, JsonNode body, String error) {
        boolean answered() {
            return status > 0;
        }
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    Answer post(String path, Object body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(300))
                .header("Content-Type", "application/json").POST(json(body)).build());
    }

    Answer put(String path, Object body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(300))
                .header("Content-Type", "application/json").PUT(json(body)).build());
    }

    /** An invocation with an empty body, on the exec path. */
    Answer invoke(String function) {
        return send(HttpRequest.newBuilder(URI.create(base + "/functions/invoke/" + function + "?path=exec"))
                .timeout(Duration.ofSeconds(300)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** With a payload, on the path the gateway's settings say. */
    Answer invoke(String function, byte[] payload) {
        return send(HttpRequest.newBuilder(URI.create(base + "/functions/invoke/" + function))
                .header("Content-Type", "application/octet-stream")
                .timeout(Duration.ofSeconds(300)).POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build());
    }

    /** The same, asynchronously: 202 with an id to ask for later, or 429 when the asynchronous queue is full. */
    Answer invokeAsync(String function) {
        return send(HttpRequest.newBuilder(URI.create(base + "/functions/invoke/" + function + "?path=exec&async=true"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private static HttpRequest.BodyPublisher json(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Answer send(HttpRequest req) {
        if (token != null) {
            req = HttpRequest.newBuilder(req, (k, v) -> true).header("Authorization", "Bearer " + token).build();
        }
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = r.body().isEmpty() ? null : JSON.readTree(r.body());
            } catch (IOException e) {
                throw new AssertionError(req.uri() + " answered " + r.statusCode() + " with a body that is not JSON: "
                        + r.body());
            }
            return new Answer(r.statusCode(), body, "");
        } catch (IOException e) {
            return new Answer(-1, null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, null, "interrupted");
        }
    }
}
