package faastestbed.policy.scheduling.policies;

import faastestbed.policy.scheduling.ClusterSnapshot;
import faastestbed.policy.scheduling.FunctionState;
import faastestbed.policy.scheduling.NodeView;
import faastestbed.policy.scheduling.PolicyCatalog;
import faastestbed.policy.scheduling.SchedulingPolicy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static faastestbed.policy.scheduling.FunctionState.ABSENT;
import static faastestbed.policy.scheduling.FunctionState.CONTAINER_RUNNING;
import static faastestbed.policy.scheduling.FunctionState.IMAGE_PRESENT;
import static faastestbed.policy.scheduling.Nodes.name;
import static faastestbed.policy.scheduling.Nodes.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WarmedFirstPolicyTest {

    private static NodeView n(String name, FunctionState s) {
        return NodeView.idle(name).withFunctionState(s);
    }

    @Test
    void runningContainerBeatsImageBeatsAbsent() {
        WarmedFirstPolicy p = new WarmedFirstPolicy(new RoundRobinPolicy());
        assertEquals("c", name(p.select(snapshot(n("a", ABSENT), n("b", IMAGE_PRESENT), n("c", CONTAINER_RUNNING)))));
        assertEquals("b", name(p.select(snapshot(n("a", ABSENT), n("b", IMAGE_PRESENT)))));
        assertEquals("a", name(p.select(snapshot(n("a", ABSENT)))));
    }

    @Test
    void fallbackDecidesWithinTheWarmestTierOnly() {
        WarmedFirstPolicy p = new WarmedFirstPolicy(new RoundRobinPolicy());
        ClusterSnapshot s = snapshot(n("a", ABSENT), n("w2", CONTAINER_RUNNING), n("b", IMAGE_PRESENT),
                n("w1", CONTAINER_RUNNING));
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            picks.add(name(p.select(s)));
        }
        assertEquals(List.of("w1", "w2", "w1", "w2", "w1", "w2"), picks);
    }

    @Test
    void fallbackSeesOnlyTheTierAndKeepsTheFunction() {
        List<ClusterSnapshot> seen = new ArrayList<>();
        SchedulingPolicy spy = new SchedulingPolicy() {
            @Override
            public String name() {
                return "spy";
            }

            @Override
            public Optional<NodeView> select(ClusterSnapshot snapshot) {
                seen.add(snapshot);
                return snapshot.nodes().stream().findFirst();
            }
        };
        new WarmedFirstPolicy(spy).select(new ClusterSnapshot("fib", List.of(n("a", ABSENT), n("b", IMAGE_PRESENT),
                n("c", IMAGE_PRESENT))));
        assertEquals(1, seen.size());
        assertEquals("fib", seen.get(0).function());
        assertEquals(List.of("b", "c"), seen.get(0).nodes().stream().map(NodeView::name).toList());
    }

    @Test
    void unhealthyWarmNodeIsSkipped() {
        WarmedFirstPolicy p = new WarmedFirstPolicy(new RoundRobinPolicy());
        ClusterSnapshot s = snapshot(n("w", CONTAINER_RUNNING).withHealthy(false), n("i", IMAGE_PRESENT), n("a", ABSENT));
        assertEquals("i", name(p.select(s)));
        assertEquals("i", name(p.select(s)));
    }

    @Test
    void rejectingFallbackFallsToNextTier() {
        WarmedFirstPolicy p = new WarmedFirstPolicy(LeastUsedPolicy.withDefaults());
        ClusterSnapshot s = snapshot(n("w1", CONTAINER_RUNNING).withLoad(1, 95), n("w2", CONTAINER_RUNNING).withLoad(1, 90),
                n("i", IMAGE_PRESENT).withLoad(50, 50), n("a", ABSENT).withLoad(0, 0));
        assertEquals("i", name(p.select(s)));
        ClusterSnapshot noImage = snapshot(n("w1", CONTAINER_RUNNING).withLoad(1, 95), n("a", ABSENT).withLoad(10, 10),
                n("b", ABSENT).withLoad(5, 10));
        assertEquals("b", name(p.select(noImage)));
    }

    @Test
    void nothingWhenEveryTierRejects() {
        WarmedFirstPolicy p = new WarmedFirstPolicy(LeastUsedPolicy.withDefaults());
        assertTrue(p.select(snapshot(n("w", CONTAINER_RUNNING).withLoad(1, 95), n("a", ABSENT).withLoad(1, 91))).isEmpty());
        assertTrue(p.select(snapshot()).isEmpty());
        assertTrue(p.select(snapshot(n("w", CONTAINER_RUNNING).withHealthy(false))).isEmpty());
    }

    @Test
    void cannotFallBackToItself() {
        WarmedFirstPolicy p = new WarmedFirstPolicy(new RoundRobinPolicy());
        assertThrows(IllegalArgumentException.class, () -> new WarmedFirstPolicy(p));
        assertThrows(IllegalArgumentException.class, () -> new WarmedFirstPolicy(WarmedFirstPolicy.NAME, name -> Optional.empty()));
    }

    @Test
    void resetResetsTheFallback() {
        WarmedFirstPolicy p = new WarmedFirstPolicy(new RoundRobinPolicy());
        ClusterSnapshot s = snapshot(n("w1", CONTAINER_RUNNING), n("w2", CONTAINER_RUNNING));
        assertEquals("w1", name(p.select(s)));
        p.reset();
        assertEquals("w1", name(p.select(s)));
    }

    @Test
    void resetReachesTheFallbackResolvedFromTheCatalog() {
        RoundRobinPolicy rr = new RoundRobinPolicy();
        PolicyCatalog[] catalog = new PolicyCatalog[1];
        WarmedFirstPolicy p = new WarmedFirstPolicy(RoundRobinPolicy.NAME, name -> catalog[0].find(name));
        catalog[0] = new PolicyCatalog(List.of(rr, p));
        ClusterSnapshot s = snapshot(n("w1", CONTAINER_RUNNING), n("w2", CONTAINER_RUNNING));
        assertEquals("w1", name(rr.select(s)));
        p.reset();
        assertEquals("w1", name(p.select(s)));
        assertEquals("w2", name(rr.select(s)));
    }

    @Test
    void fallsBackToTheNewPolicies() {
        ClusterSnapshot s = snapshot(n("a", ABSENT).withInFlight(3), n("w1", CONTAINER_RUNNING).withInFlight(4),
                n("w2", CONTAINER_RUNNING).withInFlight(1));
        assertEquals("w2", name(new WarmedFirstPolicy(new PowerOfTwoPolicy()).select(s)));
        assertTrue(List.of("w1", "w2").contains(name(new WarmedFirstPolicy(new HashAffinityPolicy()).select(s))));
    }

    @Test
    void displayName() {
        assertEquals("Warmed First", new WarmedFirstPolicy(new RoundRobinPolicy()).displayName());
    }
}
