package faastestbed.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every error leaves as JSON {@code {"error": "..."}} with a fitting status; nothing leaks a stack trace or a secret. */
public class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        body.putAll(e.details());
        return json(e.status(), body);
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        return json(400, Map.of("error", "malformed JSON body: " + e.getOriginalMessage()));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String msg = status == 404 ? "no such resource" : status == 405 ? "method not allowed"
                : status == 415 ? "send the body as application/json" : e.getMessage();
        if (e.getCause() instanceof JsonProcessingException j) {
            msg = "malformed JSON body: " + j.getOriginalMessage();
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
