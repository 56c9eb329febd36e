package faastestbed.gateway.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class AuthenticationTest {
    @Test
    void onlyABearerHeaderCarriesAToken() {
        assertEquals("abc", Authentication.bearer("Bearer abc"));
        assertEquals("abc", Authentication.bearer("bearer  abc "));
        assertNull(Authentication.bearer("Basic abc"));
        assertNull(Authentication.bearer(null));
    }

    @Test
    void theFirstSegmentDecidesTheArea() {
        assertEquals("nodes", Authentication.firstSegment("/nodes/register"));
        assertEquals("q", Authentication.firstSegment("/q/health"));
        assertEquals("", Authentication.firstSegment("/"));
        assertEquals("acme", Authentication.firstSegment("acme/echo"));
    }
}
