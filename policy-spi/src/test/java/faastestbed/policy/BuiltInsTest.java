package faastestbed.policy;

import faastestbed.policy.keepalive.KeepAliveCatalog;
import faastestbed.policy.scheduling.NodeView;
import faastestbed.policy.scheduling.PolicyCatalog;
import faastestbed.policy.scheduling.SchedulingPolicy;
import faastestbed.policy.scheduling.policies.LoadBasedPolicy;
import faastestbed.policy.scheduling.policies.RoundRobinPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The policies are found by listing their packages: every class of them, and nothing else. */
class BuiltInsTest {

    @Test
    void everySchedulingPolicyClassOfThePackageIsFound() {
        List<SchedulingPolicy> builtIns = PolicyCatalog.builtIns().stream().map(PolicyClasses::<SchedulingPolicy>create).toList();
        assertEquals(List.of("fewest-in-flight", "hash-affinity", "least-used", "most-used", "power-of-two",
                "round-robin", "warmed-first"), new PolicyCatalog(builtIns).names());
    }

    @Test
    void abstractClassesAndOtherTypesAreSkipped() {
        assertFalse(PolicyCatalog.builtIns().contains(LoadBasedPolicy.class));
        assertEquals(List.of(), PolicyClasses.inPackageOf(RoundRobinPolicy.class, Runnable.class));
    }

    @Test
    void everyKeepAlivePolicyClassOfThePackageIsFound() {
        assertEquals(List.of("fixed-ttl", "greedy-dual", "hybrid-histogram", "lru", "none"),
                new KeepAliveCatalog(KeepAliveCatalog.builtIns()).names());
    }

    @Test
    void theReadmeExamplePolicyIsSelectableByName() {
        List<SchedulingPolicy> builtIns = PolicyCatalog.builtIns().stream().map(PolicyClasses::<SchedulingPolicy>create).toList();
        SchedulingPolicy p = new PolicyCatalog(builtIns).find("fewest-in-flight").orElseThrow();
        assertEquals("b", p.select(new faastestbed.policy.scheduling.ClusterSnapshot("f",
                List.of(NodeView.idle("a").withInFlight(2), NodeView.idle("b").withInFlight(1)))).orElseThrow().name());
    }
}
