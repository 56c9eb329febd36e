package faastestbed.gateway.scheduling;

import faastestbed.policy.keepalive.KeepAliveCatalog;
import faastestbed.policy.scheduling.ClusterSnapshot;
import faastestbed.policy.scheduling.NodeView;
import faastestbed.policy.scheduling.PolicyCatalog;
import faastestbed.policy.scheduling.policies.FewestInFlightPolicy;
import faastestbed.policy.scheduling.policies.LeastUsedPolicy;
import faastestbed.policy.scheduling.policies.MostUsedPolicy;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalogs as the gateway builds them: built-ins of policy-spi configured from properties, plus gateway beans. */
@QuarkusTest
class PolicyCatalogProducerTest {
    @Inject
    PolicyCatalog policies;
    @Inject
    KeepAliveCatalog keepAlives;

    @ConfigProperty(name = "testbed.ram-threshold", defaultValue = "90")
    double ramThreshold;

    @Test
    void holdsTheBuiltInsAndThePoliciesOfTheGateway() {
        assertEquals(List.of("fewest-in-flight", "hash-affinity", "least-used", "most-used", "power-of-two",
                "round-robin", "warmed-first"), policies.names());
        assertInstanceOf(FewestInFlightPolicy.class, policies.find("fewest-in-flight").orElseThrow());
        assertEquals(List.of("fixed-ttl", "greedy-dual", "hybrid-histogram", "lru", "none"), keepAlives.names());
    }

    @Test
    void passesTheRamThresholdToTheLoadBasedPolicies() {
        assertEquals(ramThreshold, ((LeastUsedPolicy) policies.find("least-used").orElseThrow()).ramThreshold());
        assertEquals(ramThreshold, ((MostUsedPolicy) policies.find("most-used").orElseThrow()).ramThreshold());
    }

    @Test
    void warmedFirstResolvesItsFallbackInTheCatalog() {
        var warmedFirst = policies.find("warmed-first").orElseThrow();
        warmedFirst.reset();
        assertTrue(warmedFirst.select(new ClusterSnapshot("fib", List.of(NodeView.idle("a")))).isPresent());
        warmedFirst.reset();
    }
}
