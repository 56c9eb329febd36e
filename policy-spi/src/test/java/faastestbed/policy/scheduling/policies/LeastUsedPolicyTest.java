package faastestbed.policy.scheduling.policies;

import faastestbed.policy.scheduling.NodeView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static faastestbed.policy.scheduling.Nodes.name;
import static faastestbed.policy.scheduling.Nodes.node;
import static faastestbed.policy.scheduling.Nodes.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeastUsedPolicyTest {
    private final LeastUsedPolicy p = LeastUsedPolicy.withDefaults();

    @Test
    void lowestCpuWins() {
        assertEquals("b", name(p.select(snapshot(node("a", 50, 10), node("b", 5, 80), node("c", 20, 1)))));
    }

    @Test
    void ramAtThresholdOrAboveIsSkipped() {
        assertEquals("b", name(p.select(snapshot(node("a", 1, 90), node("b", 50, 89.99)))));
        assertEquals("b", name(p.select(snapshot(node("a", 1, 95), node("b", 50, 10)))));
        assertEquals(90.0, p.ramThreshold());
    }

    @Test
    void cpuTieGoesToFewerInFlightThenName() {
        assertEquals("b", name(p.select(snapshot(node("a", 10, 10).withInFlight(3), node("b", 10, 10).withInFlight(1),
                node("c", 10, 10).withInFlight(2)))));
        assertEquals("a", name(p.select(snapshot(node("c", 10, 10), node("b", 10, 10), node("a", 10, 10)))));
    }

    @Test
    void nanSamplesCountAsZero() {
        assertEquals("fresh", name(p.select(snapshot(node("busy", 0.5, 10), node("fresh", Double.NaN, Double.NaN)))));
        // NaN RAM is not "over the threshold"
        assertEquals("x", name(p.select(snapshot(node("x", 5, Double.NaN)))));
    }

    @Test
    void skipsUnhealthy() {
        assertEquals("b", name(p.select(snapshot(node("a", 0, 0).withHealthy(false), node("b", 70, 10)))));
    }

    @Test
    void allOverThresholdGivesNothing() {
        assertTrue(p.select(snapshot(node("a", 1, 90), node("b", 1, 99.5))).isEmpty());
        assertTrue(p.select(snapshot()).isEmpty());
    }

    @Test
    void customThreshold() {
        LeastUsedPolicy strict = new LeastUsedPolicy(50);
        assertEquals(50.0, strict.ramThreshold());
        assertEquals("b", name(strict.select(snapshot(node("a", 1, 50), node("b", 60, 49.9)))));
        assertTrue(strict.select(snapshot(node("a", 1, 50))).isEmpty());
        LeastUsedPolicy lax = new LeastUsedPolicy(100);
        assertEquals("a", name(lax.select(snapshot(node("a", 1, 99.9)))));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, 100.01, 101, Double.NaN, Double.POSITIVE_INFINITY})
    void invalidThresholdIsRejected(double t) {
        assertThrows(IllegalArgumentException.class, () -> new LeastUsedPolicy(t));
        assertThrows(IllegalArgumentException.class, () -> new MostUsedPolicy(t));
    }

    @Test
    void displayName() {
        assertEquals("least-used", p.name());
        assertEquals("Least Used", p.displayName());
    }

    @Test
    void nodeViewRejectsNegativeInFlight() {
        assertThrows(IllegalArgumentException.class, () -> NodeView.idle("a").withInFlight(-1));
    }
}
