package faastestbed.gateway.namespace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessControlTest {
    final NamespaceRegistry namespaces = new NamespaceRegistry();

    @Test
    void withoutAnAdminTokenEveryCallerIsTheAdmin() {
        AccessControl open = new AccessControl(namespaces, Optional.empty(), Optional.empty());
        assertFalse(open.enabled());
        assertEquals(Optional.of(Caller.ADMIN), open.caller(null));
    }

    @Test
    void withAnAdminTokenFromAFileOnlyValidTokensNameACaller(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("admin-token");
        Files.writeString(file, "0123456789abcdef0123\n");
        AccessControl on = new AccessControl(namespaces, Optional.empty(), Optional.of(file.toString()));
        assertTrue(on.enabled());
        assertEquals(Optional.of(Caller.ADMIN), on.caller("0123456789abcdef0123"));
        assertTrue(on.caller(null).isEmpty());
        assertTrue(on.caller("").isEmpty());
        assertTrue(on.caller("0123456789abcdef012").isEmpty());
        namespaces.create("acme", NamespaceLimits.NONE);
        var t = namespaces.issue("acme");
        assertEquals("acme", on.caller(t.token()).orElseThrow().homeNamespace());
    }

    @Test
    void aShortOrMissingAdminTokenStopsTheGatewayWithAClearMessage(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new AccessControl(namespaces, Optional.of("short"), Optional.empty()));
        assertTrue(e.getMessage().contains("16 characters"));
        RuntimeException missing = assertThrows(RuntimeException.class,
                () -> new AccessControl(namespaces, Optional.empty(), Optional.of(dir.resolve("none").toString())));
        assertTrue(missing.getMessage().contains("cannot read the admin token file"), missing.getMessage());
    }
}
