package faastestbed.policy.scheduling.policies;

import faastestbed.policy.scheduling.ClusterSnapshot;
import faastestbed.policy.scheduling.NodeView;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FewestInFlightPolicyTest {
    private final FewestInFlightPolicy policy = new FewestInFlightPolicy();

    private Optional<String> pick(NodeView... nodes) {
        return policy.select(new ClusterSnapshot("fib", List.of(nodes))).map(NodeView::name);
    }

    @Test
    void picksTheNodeWithFewestInFlightInvocations() {
        assertEquals(Optional.of("b"), pick(NodeView.idle("a").withInFlight(3), NodeView.idle("b").withInFlight(1),
                NodeView.idle("c").withInFlight(2)));
    }

    @Test
    void breaksTiesByName() {
        assertEquals(Optional.of("a"), pick(NodeView.idle("c").withInFlight(1), NodeView.idle("a").withInFlight(1),
                NodeView.idle("b").withInFlight(4)));
    }

    @Test
    void skipsUnhealthyNodesAndIsEmptyWithoutAny() {
        assertEquals(Optional.of("b"), pick(NodeView.idle("a").withHealthy(false), NodeView.idle("b").withInFlight(5)));
        assertEquals(Optional.empty(), pick(NodeView.idle("a").withHealthy(false)));
        assertEquals(Optional.empty(), pick());
    }

    @Test
    void hasTheNameTheReadmeSelectsItBy() {
        assertEquals("fewest-in-flight", policy.name());
        assertEquals("Fewest In Flight", policy.displayName());
    }
}
