package faastestbed.policy.scheduling.policies;

import faastestbed.policy.scheduling.ClusterSnapshot;
import faastestbed.policy.scheduling.NodeView;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static faastestbed.policy.scheduling.Nodes.name;
import static faastestbed.policy.scheduling.Nodes.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoundRobinPolicyTest {

    private static List<String> picks(RoundRobinPolicy p, ClusterSnapshot s, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(name(p.select(s)));
        }
        return out;
    }

    @Test
    void cyclesThroughNodesInOrder() {
        RoundRobinPolicy p = new RoundRobinPolicy();
        ClusterSnapshot s = snapshot(NodeView.idle("n1"), NodeView.idle("n2"), NodeView.idle("n3"));
        assertEquals(List.of("n1", "n2", "n3", "n1", "n2", "n3", "n1"), picks(p, s, 7));
    }

    @Test
    void orderIsByNameWhateverTheInputOrder() {
        RoundRobinPolicy p = new RoundRobinPolicy();
        ClusterSnapshot s = snapshot(NodeView.idle("n3"), NodeView.idle("n1"), NodeView.idle("n2"));
        assertEquals(List.of("n1", "n2", "n3", "n1"), picks(p, s, 4));
    }

    @Test
    void skipsUnhealthyNodes() {
        RoundRobinPolicy p = new RoundRobinPolicy();
        ClusterSnapshot s = snapshot(NodeView.idle("n1"), NodeView.idle("n2").withHealthy(false), NodeView.idle("n3"));
        assertEquals(List.of("n1", "n3", "n1", "n3"), picks(p, s, 4));
    }

    @Test
    void ignoresLoad() {
        RoundRobinPolicy p = new RoundRobinPolicy();
        ClusterSnapshot s = snapshot(NodeView.idle("a").withLoad(99, 99), NodeView.idle("b"));
        assertEquals(List.of("a", "b", "a"), picks(p, s, 3));
    }

    @Test
    void emptyClusterGivesNothing() {
        RoundRobinPolicy p = new RoundRobinPolicy();
        assertTrue(p.select(new ClusterSnapshot("fn", List.of())).isEmpty());
    }

    @Test
    void allUnhealthyGivesNothing() {
        RoundRobinPolicy p = new RoundRobinPolicy();
        ClusterSnapshot s = snapshot(NodeView.idle("n1").withHealthy(false), NodeView.idle("n2").withHealthy(false));
        assertTrue(p.select(s).isEmpty());
        assertTrue(p.select(s).isEmpty());
    }

    @Test
    void eachFunctionHasItsOwnCursor() {
        RoundRobinPolicy p = new RoundRobinPolicy();
        List<NodeView> nodes = List.of(NodeView.idle("n1"), NodeView.idle("n2"), NodeView.idle("n3"));
        ClusterSnapshot f = new ClusterSnapshot("f", nodes);
        ClusterSnapshot g = new ClusterSnapshot("g", nodes);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            out.add(name(p.select(f)));
            out.add(name(p.select(g)));
        }
        assertEquals(List.of("n1", "n1", "n2", "n2", "n3", "n3"), out);
        assertEquals(List.of("n1", "n2"), picks(p, new ClusterSnapshot("h", nodes), 2));
        assertEquals("n1", name(p.select(f)));
    }

    @Test
    void resetRestartsEveryFunction() {
        RoundRobinPolicy p = new RoundRobinPolicy();
        ClusterSnapshot s = snapshot(NodeView.idle("n1"), NodeView.idle("n2"), NodeView.idle("n3"));
        ClusterSnapshot g = new ClusterSnapshot("g", s.nodes());
        picks(p, s, 2);
        picks(p, g, 1);
        p.reset();
        assertEquals(List.of("n1", "n2"), picks(p, s, 2));
        assertEquals(List.of("n1"), picks(p, g, 1));
    }

    @Test
    void nameAndDisplayName() {
        RoundRobinPolicy p = new RoundRobinPolicy();
        assertEquals("round-robin", p.name());
        assertEquals("Round Robin", p.displayName());
    }
}
