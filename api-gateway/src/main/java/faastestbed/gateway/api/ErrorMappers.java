package faastestbed.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
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
    /** Longest text an error answer carries in one field (its message, or a text among its details). */
    static final int MAX_TEXT = 2000;
    /** Serialises the details the way the API does (the shared enums by their ids) so that they can be cut. */
    private static final ObjectMapper MAPPER = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    static {
        new JsonSetup().customize(MAPPER);
    }

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
            case CREDENTIALS_REFUSED -> 422;
        };
    }

    /**
     * {@code {"error": message}} followed by the details as further top-level fields, every text in it
     * {@link #cut cut} to a sane length.
     */
    static Map<String, Object> body(String message, Map<String, Object> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", cut(message));
        details.forEach((k, v) -> body.put(k, cutAll(v)));
        return body;
    }

    /**
     * The text, or its first {@link #MAX_TEXT} characters and how many more there were: an error that quotes a huge
     * stderr or echoes a long input must not make a multi-megabyte answer.
     */
    static String cut(String text) {
        if (text == null || text.length() <= MAX_TEXT) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_TEXT - 1)) ? MAX_TEXT - 1 : MAX_TEXT;
        return text.substring(0, end) + "\u2026 (" + (text.length() - end) + " more characters)";
    }

    /** Details are strings, or records and lists (a preparation's steps with their errors): cut every text in them. */
    private static Object cutAll(Object value) {
        if (value instanceof String s) {
            return cut(s);
        }
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        JsonNode tree = MAPPER.valueToTree(value);
        return cutTexts(tree);
    }

    private static JsonNode cutTexts(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().length() > MAX_TEXT ? TextNode.valueOf(cut(node.textValue())) : node;
        }
        if (node instanceof ObjectNode o) {
            o.properties().forEach(e -> e.setValue(cutTexts(e.getValue())));
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, cutTexts(a.get(i)));
            }
        }
        return node;
    }

    /** Also listed for MismatchedInputException, or Quarkus's own mapper (more specific) answers without "error". */
    @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class})
    public Response badJson(JsonProcessingException e) {
        return json(400, badJsonMessage(e));
    }

    /**
     * A number that is not whole names its field first ("port must be a whole number, not 1.5"); anything else is a
     * malformed body.
     */
    static String badJsonMessage(JsonProcessingException e) {
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String at = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            if (e.getCause() == null && e instanceof MismatchedInputException
                    && e.getOriginalMessage().startsWith(JsonSetup.NOT_AN_INTEGER)) {
                return at + " " + e.getOriginalMessage();
            }
            return "malformed JSON body: " + parseProblem(e) + " (at '" + at + "')";
        }
        return "malformed JSON body: " + parseProblem(e);
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
            msg = badJsonMessage(j);
            status = 400;
        }
        return json(status, msg);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected error", e);
        return json(500, "internal error: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }

    private static Response json(int status, Map<String, Object> body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }

    private static Response json(int status, String message) {
        return json(status, body(message, Map.of()));
    }
}
