package faastestbed.gateway.api;

import faastestbed.gateway.domain.TestbedException;
import faastestbed.gateway.domain.TestbedException.Kind;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import faastestbed.gateway.invocation.NodePreparer;
import faastestbed.policy.scheduling.FunctionState;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorMappersTest {

    /** Clients and the experiment scripts react to these statuses: a kind must keep its status. */
    @Test
    void everyKindHasItsStatus() {
        Map<Kind, Integer> expected = Map.of(Kind.BAD_INPUT, 400, Kind.NOT_FOUND, 404, Kind.CONFLICT, 409,
                Kind.TOO_LARGE, 413, Kind.OVERLOADED, 429, Kind.NODE_FAILED, 502, Kind.UNAVAILABLE, 503,
                Kind.TIMED_OUT, 504, Kind.CREDENTIALS_REFUSED, 422);
        assertEquals(Kind.values().length, expected.size());
        for (Kind k : Kind.values()) {
            assertEquals(expected.get(k), ErrorMappers.status(k), k.name());
        }
    }

    @Test
    void bodyIsTheErrorFirstThenTheDetails() {
        TestbedException e = new TestbedException(Kind.OVERLOADED, "node 'n1' is full",
                Map.of("invocationId", "x", "status", "rejected", "node", "n1"), null);
        Map<String, Object> body = ErrorMappers.body(e.getMessage(), e.details());
        assertEquals("error", body.keySet().iterator().next());
        assertEquals(Map.of("error", "node 'n1' is full", "invocationId", "x", "status", "rejected", "node", "n1"), body);
        assertEquals(Map.of("error", "no"), ErrorMappers.body("no", TestbedException.notFound("no").details()));
    }

    @Test
    void aRefusedLoginIs422WithItsMessage() {
        Response r = new ErrorMappers().domain(new TestbedException(Kind.CREDENTIALS_REFUSED,
                "authentication to node 'n1' as 'sshuser' with password failed: the node refused the password", null, null));
        assertEquals(422, r.getStatus());
        assertEquals("application/json", r.getMediaType().toString());
        assertEquals(Map.of("error", "authentication to node 'n1' as 'sshuser' with password failed: the node refused "
                + "the password"), r.getEntity());
    }

    @Test
    void shortTextsAreLeftAlone() {
        assertEquals("x".repeat(ErrorMappers.MAX_TEXT), ErrorMappers.cut("x".repeat(ErrorMappers.MAX_TEXT)));
        assertEquals("", ErrorMappers.cut(""));
        assertNull(ErrorMappers.cut(null));
    }

    @Test
    void longTextsAreCutAndSayHowMuchIsMissing() {
        String cut = ErrorMappers.cut("y".repeat(ErrorMappers.MAX_TEXT + 1234));
        assertEquals("y".repeat(ErrorMappers.MAX_TEXT) + "\u2026 (1234 more characters)", cut);
        // never half a surrogate pair
        String emoji = "x".repeat(ErrorMappers.MAX_TEXT - 1) + "\uD83D\uDE00" + "z".repeat(10);
        assertEquals("x".repeat(ErrorMappers.MAX_TEXT - 1) + "\u2026 (12 more characters)", ErrorMappers.cut(emoji));
    }

    /** A node's huge stderr, in the message or among the details (a preparation's steps), gives a small answer. */
    @Test
    void everyErrorAnswerIsCutOnce() throws Exception {
        String stderr = "E".repeat(5_000_000);
        NodePreparer.Step step = new NodePreparer.Step("n1", "f", FunctionState.ABSENT, 12, stderr);
        Response r = new ErrorMappers().domain(new TestbedException(Kind.NODE_FAILED, "pull failed: " + stderr,
                Map.of("preparation", List.of(step), "log", stderr), null));
        assertEquals(502, r.getStatus());
        String json = new ObjectMapper().writeValueAsString(r.getEntity());
        assertTrue(json.length() < 4 * ErrorMappers.MAX_TEXT + 1000, "answer of " + json.length() + " characters");
        JsonNode body = new ObjectMapper().readTree(json);
        assertTrue(body.get("error").asText().startsWith("pull failed: EEE"));
        assertTrue(body.get("error").asText().endsWith("\u2026 (" + (stderr.length() + 13 - ErrorMappers.MAX_TEXT)
                + " more characters)"), body.get("error").asText().substring(ErrorMappers.MAX_TEXT - 10));
        JsonNode s = body.get("preparation").get(0);
        assertEquals("n1", s.get("node").asText());
        assertEquals("absent", s.get("state").asText());
        assertEquals(12, s.get("durationMs").asInt());
        assertTrue(s.get("error").asText().endsWith(" more characters)"));
        assertTrue(body.get("log").asText().endsWith(" more characters)"));

        Response api = new ErrorMappers().api(new ApiException(400, "unknown path '" + stderr + "'", null, null));
        assertTrue(new ObjectMapper().writeValueAsString(api.getEntity()).length() < ErrorMappers.MAX_TEXT + 100);
        Response unexpected = new ErrorMappers().unexpected(new IllegalStateException(stderr));
        assertEquals(500, unexpected.getStatus());
        assertTrue(new ObjectMapper().writeValueAsString(unexpected.getEntity()).length() < ErrorMappers.MAX_TEXT + 100);
    }
}
