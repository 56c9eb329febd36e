package faastestbed.gateway.api;

import java.util.Map;

/**
 * An error the REST layer finds itself (no body, a bad query parameter); it reaches the client as
 * {@code {"error": message, ...}} with the given HTTP status. The domain throws
 * {@link faastestbed.gateway.domain.TestbedException} instead, which {@link ErrorMappers} answers the same way.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final Map<String, Object> details;

    public ApiException(int status, String message, Map<String, Object> details, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.details = details == null ? Map.of() : Map.copyOf(details);
    }

    public int status() {
        return status;
    }

    public Map<String, Object> details() {
        return details;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message, null, null);
    }
}
