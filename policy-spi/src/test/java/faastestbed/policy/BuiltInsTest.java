package faastestbed.policy;

import faastestbed.policy.keepalive.KeepAliveCatalog;
import faastestbed.policy.scheduling.PolicyCatalog;
import faastestbed.policy.scheduling.SchedulingPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A built-in missing from META-INF/services would silently vanish from the gateway. */
class BuiltInsTest {

    @Test
    void serviceFilesListEverySchedulingPolicy() {
        List<SchedulingPolicy> builtIns = PolicyCatalog.builtIns().stream().map(ServiceLoader.Provider::get).toList();
        assertEquals(List.of("hash-affinity", "least-used", "most-used", "power-of-two", "round-robin", "warmed-first"),
                new PolicyCatalog(builtIns).names());
    }

    @Test
    void serviceFilesListEveryKeepAlivePolicy() {
        assertEquals(List.of("fixed-ttl", "greedy-dual", "hybrid-histogram", "lru", "none"),
                new KeepAliveCatalog(KeepAliveCatalog.builtIns()).names());
    }
}
