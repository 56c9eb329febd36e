package faastestbed.policy.scheduling.policies;

import org.junit.jupiter.api.Test;

import static faastestbed.policy.scheduling.Nodes.name;
import static faastestbed.policy.scheduling.Nodes.node;
import static faastestbed.policy.scheduling.Nodes.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MostUsedPolicyTest {
    private final MostUsedPolicy p = MostUsedPolicy.withDefaults();

    @Test
    void highestCpuUnderTheThresholdWins() {
        assertEquals("b", name(p.select(snapshot(node("a", 10, 10), node("b", 70, 50), node("c", 30, 10)))));
        assertEquals("c", name(p.select(snapshot(node("a", 10, 10), node("b", 95, 90), node("c", 30, 89.99)))));
    }

    @Test
    void cpuTieGoesToMoreInFlightThenName() {
        assertEquals("c", name(p.select(snapshot(node("a", 40, 10).withInFlight(1), node("b", 40, 10).withInFlight(0),
                node("c", 40, 10).withInFlight(4)))));
        assertEquals("a", name(p.select(snapshot(node("b", 40, 10).withInFlight(2), node("a", 40, 10).withInFlight(2)))));
    }

    @Test
    void nanCountsAsZeroAndUnhealthySkipped() {
        assertEquals("a", name(p.select(snapshot(node("a", 1, 1), node("b", Double.NaN, Double.NaN)))));
        assertEquals("b", name(p.select(snapshot(node("a", 80, 1).withHealthy(false), node("b", 2, 1)))));
    }

    @Test
    void allOverThresholdGivesNothing() {
        assertTrue(p.select(snapshot(node("a", 1, 90), node("b", 1, 100))).isEmpty());
    }

    @Test
    void displayName() {
        assertEquals("Most Used", p.displayName());
    }
}
