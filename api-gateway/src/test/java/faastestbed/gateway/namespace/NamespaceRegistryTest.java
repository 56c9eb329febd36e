package faastestbed.gateway.namespace;

import faastestbed.gateway.domain.TestbedException;
import faastestbed.gateway.function.FunctionId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NamespaceRegistryTest {
    final NamespaceRegistry registry = new NamespaceRegistry();

    @Test
    void theDefaultNamespaceAlwaysExistsAndCannotBeRemoved() {
        assertTrue(registry.find("default").isPresent());
        assertEquals(TestbedException.Kind.CONFLICT, assertThrows(TestbedException.class, () -> registry.remove("default")).kind());
    }

    @Test
    void namesAreCheckedAndThePathsOfTheApiAreReserved() {
        for (String bad : List.of("", "Acme", "a--b", "-a", "a-", "a/b", "a.b", "x".repeat(33), "functions", "nodes", "q")) {
            TestbedException e = assertThrows(TestbedException.class, () -> registry.create(bad, NamespaceLimits.NONE), bad);
            assertEquals(TestbedException.Kind.BAD_INPUT, e.kind(), bad);
        }
        registry.create("acme-2", NamespaceLimits.NONE);
        assertEquals(TestbedException.Kind.CONFLICT,
                assertThrows(TestbedException.class, () -> registry.create("acme-2", NamespaceLimits.NONE)).kind());
    }

    @Test
    void aTokenStandsForItsNamespaceUntilRevokedAndOnlyItsHashIsKept() {
        registry.create("acme", new NamespaceLimits(2, 512));
        var issued = registry.issue("acme");
        assertEquals(Optional.of(new Caller.Member("acme", issued.id())), registry.member(issued.token()));
        assertTrue(registry.member(issued.token() + "x").isEmpty());
        assertFalse(registry.tokenRecords().toString().contains(issued.token()));
        assertTrue(registry.tokenRecords().values().stream().noneMatch(t -> t.hash().equals(issued.token())));
        assertFalse(issued.toString().contains(issued.token()), "the text never prints");
        registry.revoke("acme", issued.id());
        assertTrue(registry.member(issued.token()).isEmpty());
        assertEquals(TestbedException.Kind.NOT_FOUND,
                assertThrows(TestbedException.class, () -> registry.revoke("acme", issued.id())).kind());
    }

    @Test
    void removingANamespaceRevokesItsTokens() {
        registry.create("gone", NamespaceLimits.NONE);
        var t = registry.issue("gone");
        registry.remove("gone");
        assertTrue(registry.member(t.token()).isEmpty());
        assertEquals(NamespaceLimits.NONE, registry.limits("gone"));
    }

    @Test
    void limitsOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new NamespaceLimits(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new NamespaceLimits(0, -5));
    }

    @Test
    void aMemberMayUseOnlyItsOwnNamespaceAndTheAdminAny() {
        Caller m = new Caller.Member("acme", "id");
        assertTrue(m.mayUse("acme"));
        assertFalse(m.mayUse("default"));
        assertTrue(Caller.ADMIN.mayUse("acme"));
        assertEquals("default", Caller.ADMIN.homeNamespace());
    }

    @Test
    void qualifiedNamesAndContainerKeysRoundTripAndKeepTheDefaultNamespaceBare() {
        assertEquals("echo", FunctionId.of(null, "echo").qualified());
        assertEquals("acme/echo", FunctionId.of("acme", "echo").qualified());
        assertEquals(new FunctionId("acme", "echo"), FunctionId.parse("acme/echo"));
        assertEquals(new FunctionId("default", "echo"), FunctionId.parse("echo"));
        assertEquals("acme--echo", FunctionId.of("acme", "echo").containerKey());
        assertEquals("echo", FunctionId.of("default", "echo").containerKey());
    }

    @Test
    void theNamespaceGateLetsInUpToTheLimit() {
        NamespaceGate gate = new NamespaceGate();
        assertTrue(gate.tryEnter("a", 2));
        assertTrue(gate.tryEnter("a", 2));
        assertFalse(gate.tryEnter("a", 2));
        assertTrue(gate.tryEnter("b", 2));
        gate.leave("a");
        assertTrue(gate.tryEnter("a", 2));
        assertTrue(gate.tryEnter("a", 0), "0: no limit");
        assertEquals(3, gate.inFlight("a"));
    }
}
