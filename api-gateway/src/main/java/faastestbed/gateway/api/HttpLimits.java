package faastestbed.gateway.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;
import java.util.Optional;

/**
 * Limits on the request line, the headers and a declared body size, answered like every other error: 414, 431 or
 * 413 with {@code {"error": ...}}. Vert.x checks its own limits ({@code quarkus.http.limits.max-initial-line-length},
 * {@code max-header-size}) while it decodes a request, before any route runs, and answers them with an empty body;
 * they are set far above these (application.properties), so a request over these limits is refused here, as JSON.
 * Quarkus' own check of {@code max-body-size} against Content-Length also answers with an empty body; this route runs
 * before it.
 */
@ApplicationScoped
public class HttpLimits {
    /** Before Quarkus' Content-Length check (which answers 413 without a body). */
    static final int ORDER = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1;

    private final int maxUriLength;
    private final int maxHeaderBytes;
    private final long maxBodyBytes;

    public HttpLimits(@ConfigProperty(name = "testbed.http.max-uri-length", defaultValue = "4096") int maxUriLength,
                      @ConfigProperty(name = "testbed.http.max-header-bytes", defaultValue = "20480") int maxHeaderBytes,
                      @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.maxUriLength = maxUriLength;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    void check(RoutingContext ctx) {
        long t0 = System.nanoTime();
        HttpServerRequest req = ctx.request();
        String refusal = refusal(req.uri().length(), headerBytes(req), req.getHeader(HttpHeaders.CONTENT_LENGTH));
        if (refusal == null) {
            ctx.next();
            return;
        }
        int status = Integer.parseInt(refusal.substring(0, 3));
        // The rest of the request (a body still on its way) is not read: the connection ends with this answer.
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .putHeader(ServerTiming.HEADER, ServerTiming.value(System.nanoTime() - t0))
                .endHandler(v -> req.connection().close())
                .end(new JsonObject().put("error", refusal.substring(4)).encode());
    }

    /** "414 message", "431 message", "413 message", or null when the request is within every limit. */
    String refusal(int uriLength, long headerBytes, String contentLength) {
        if (uriLength > maxUriLength) {
            return "414 the request's URI (path and query) is " + uriLength + " characters long; at most "
                    + maxUriLength;
        }
        if (headerBytes > maxHeaderBytes) {
            return "431 the request's headers are " + headerBytes + " bytes long; at most " + maxHeaderBytes;
        }
        if (contentLength != null) {
            long length;
            try {
                length = Long.parseLong(contentLength.trim());
            } catch (NumberFormatException e) {
                return "400 Content-Length is not a number";
            }
            if (length > maxBodyBytes) {
                return "413 the request body is " + length + " bytes; at most " + maxBodyBytes;
            }
        }
        return null;
    }

    /** As a request carries them: each header is "name: value" and a line break. */
    private static long headerBytes(HttpServerRequest req) {
        long n = 0;
        for (Map.Entry<String, String> h : req.headers()) {
            n += h.getKey().length() + h.getValue().length() + 4;
        }
        return n;
    }
}
