package faastestbed.gateway.api;

import faastestbed.gateway.domain.TestbedException;
import faastestbed.gateway.domain.TestbedException.Kind;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ErrorMappersTest {

    /** Clients and the experiment scripts react to these statuses: a kind must keep its status. */
    @Test
    void everyKindHasItsStatus() {
        Map<Kind, Integer> expected = Map.of(Kind.BAD_INPUT, 400, Kind.NOT_FOUND, 404, Kind.CONFLICT, 409,
                Kind.TOO_LARGE, 413, Kind.OVERLOADED, 429, Kind.NODE_FAILED, 502, Kind.UNAVAILABLE, 503,
                Kind.TIMED_OUT, 504);
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
}
