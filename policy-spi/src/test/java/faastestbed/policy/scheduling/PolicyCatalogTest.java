package faastestbed.policy.scheduling;

import faastestbed.policy.scheduling.policies.HashAffinityPolicy;
import faastestbed.policy.scheduling.policies.LeastUsedPolicy;
import faastestbed.policy.scheduling.policies.MostUsedPolicy;
import faastestbed.policy.scheduling.policies.PowerOfTwoPolicy;
import faastestbed.policy.scheduling.policies.RoundRobinPolicy;
import faastestbed.policy.scheduling.policies.WarmedFirstPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PolicyCatalogTest {

    @Test
    void acceptsEveryShippedPolicyByName() {
        RoundRobinPolicy rr = new RoundRobinPolicy();
        PolicyCatalog c = new PolicyCatalog(List.of(rr, LeastUsedPolicy.withDefaults(), MostUsedPolicy.withDefaults(),
                new WarmedFirstPolicy(rr), new HashAffinityPolicy(), new PowerOfTwoPolicy()));
        assertEquals(List.of("hash-affinity", "least-used", "most-used", "power-of-two", "round-robin", "warmed-first"),
                c.names());
        assertEquals(HashAffinityPolicy.class, c.find("hash-affinity").orElseThrow().getClass());
        assertEquals(PowerOfTwoPolicy.class, c.find(" power-of-two ").orElseThrow().getClass());
        assertEquals("Hash Affinity", c.find("hash-affinity").orElseThrow().displayName());
        assertEquals("Power Of Two", c.find("power-of-two").orElseThrow().displayName());
    }
}
