package faastestbed.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import faastestbed.gateway.domain.TestbedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Every error leaves as JSON {@code {"error": "..."}} with a fitting status; nothing leaks a stack trace or a secret. */
public class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return json(e.status(), body(e.getMessage(), e.details()));
    }

    @ServerExceptionMapper
    public Response domain(TestbedException e) {
        return json(status(e.kind()), body(e.getMessage(), e.details()));
    }

    /** The one place that decides which HTTP status each kind of domain failure gets. */
    static int status(TestbedException.Kind kind) {
        return switch (kind) {
            case BAD_INPUT -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
            case OVERLOADED -> 429;
            case NODE_FAILED -> 502;
            case UNAVAILABLE -> 503;
            case TIMED_OUT -> 504;
        };
    }

    /** {@code {"error": message}} followed by the details as further top-level fields. */
    static Map<String, Object> body(String message, Map<String, Object> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.putAll(details);
        return body;
    }

    /** Also listed for MismatchedInputException, or Quarkus's own mapper (more specific) answers without "error". */
    @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class})
    public Response badJson(JsonProcessingException e) {
        String at = "";
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            at = " (at '" + m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")) + "')";
        }
        return json(400, Map.of("error", "malformed JSON body: " + parseProblem(e) + at));
    }

    /** The parser quotes the token it could not read, which may be an unquoted password: leave it out. */
    private static String parseProblem(JsonProcessingException e) {
        return e.getOriginalMessage().replaceFirst("(?s)^Unrecognized token '.*?'(?=: was expecting)", "Unrecognized token");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String msg = status == 404 ? "no such resource" : status == 405 ? "method not allowed"
                : status == 415 ? "send the body as application/json" : e.getMessage();
        if (e.getCause() instanceof JsonProcessingException j) {
            msg = "malformed JSON body: " + parseProblem(j);
            status = 400;
        }
        return json(status, Map.of("error", msg));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected error", e);
        return json(500, Map.of("error", "internal error: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage())));
    }

    private static Response json(int status, Map<String, Object> body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
