package faastestbed.gateway.api;

import java.util.Map;

/** An error that reaches the client as {@code {"error": message, ...}} with the given HTTP status. */
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

    public static ApiException notFound(String message) {
        return new ApiException(404, message, null, null);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message, null, null);
    }

    public static ApiException badGateway(String message, Throwable cause) {
        return new ApiException(502, message, null, cause);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, message, null, null);
    }
}
