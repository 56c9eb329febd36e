package faastestbed.policy.scheduling.policies;

import faastestbed.policy.scheduling.ClusterSnapshot;
import faastestbed.policy.scheduling.NodeView;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static faastestbed.policy.scheduling.Nodes.name;
import static faastestbed.policy.scheduling.Nodes.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PowerOfTwoPolicyTest {

    private static NodeView loaded(String name, int inFlight) {
        return NodeView.idle(name).withInFlight(inFlight);
    }

    /** Distinct loads, so each pick names the less loaded of the pair drawn. */
    private static ClusterSnapshot graded() {
        return snapshot(loaded("a", 5), loaded("b", 1), loaded("c", 4), loaded("d", 2), loaded("e", 3));
    }

    private static List<String> picks(PowerOfTwoPolicy p, ClusterSnapshot s, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(name(p.select(s)));
        }
        return out;
    }

    private static Map<String, Integer> counts(List<String> picks) {
        Map<String, Integer> out = new HashMap<>();
        picks.forEach(n -> out.merge(n, 1, Integer::sum));
        return out;
    }

    @Test
    void lessLoadedOfTwoWins() {
        PowerOfTwoPolicy p = new PowerOfTwoPolicy();
        assertEquals(List.of("b", "b", "b"), picks(p, snapshot(loaded("a", 3), loaded("b", 2)), 3));
        assertEquals(List.of("a", "a", "a"), picks(p, snapshot(loaded("b", 2), loaded("a", 2)), 3));
    }

    @Test
    void candidatesAreDistinct() {
        // The busiest node loses to any other, so it is picked only if drawn twice
        Map<String, Integer> c = counts(picks(new PowerOfTwoPolicy(), graded(), 2000));
        assertFalse(c.containsKey("a"), c.toString());
        // The least loaded wins whenever drawn: 2 of 5 nodes per pair, 40 % of 2000
        assertTrue(c.get("b") > 700 && c.get("b") < 900, c.toString());
        // The second busiest wins only against the busiest: 1 pair in 10
        assertTrue(c.get("c") > 120 && c.get("c") < 280, c.toString());
    }

    @Test
    void resetReplaysTheSameChoices() {
        PowerOfTwoPolicy p = new PowerOfTwoPolicy();
        List<String> first = picks(p, graded(), 50);
        assertNotEquals(first, picks(p, graded(), 50));
        p.reset();
        assertEquals(first, picks(p, graded(), 50));
        assertEquals(first, picks(new PowerOfTwoPolicy(PowerOfTwoPolicy.DEFAULT_SEED), graded(), 50));
        assertNotEquals(first, picks(new PowerOfTwoPolicy(7), graded(), 50));
    }

    @Test
    void neverPicksAnUnhealthyNode() {
        ClusterSnapshot s = snapshot(loaded("down", 0).withHealthy(false), loaded("x", 9), loaded("y", 8), loaded("z", 7));
        Map<String, Integer> c = counts(picks(new PowerOfTwoPolicy(), s, 1000));
        assertFalse(c.containsKey("down"), c.toString());
        assertFalse(c.containsKey("x"), c.toString());
    }

    @Test
    void singleCandidateIsChosen() {
        PowerOfTwoPolicy p = new PowerOfTwoPolicy();
        assertEquals("b", name(p.select(snapshot(loaded("a", 0).withHealthy(false), loaded("b", 50)))));
    }

    @Test
    void nothingWithoutHealthyNodes() {
        PowerOfTwoPolicy p = new PowerOfTwoPolicy();
        assertTrue(p.select(snapshot()).isEmpty());
        assertTrue(p.select(snapshot(NodeView.idle("a").withHealthy(false), NodeView.idle("b").withHealthy(false))).isEmpty());
    }

    @Test
    void nameAndDisplayName() {
        PowerOfTwoPolicy p = new PowerOfTwoPolicy();
        assertEquals("power-of-two", p.name());
        assertEquals("Power Of Two", p.displayName());
    }
}
