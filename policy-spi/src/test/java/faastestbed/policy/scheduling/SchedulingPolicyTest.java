package faastestbed.policy.scheduling;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulingPolicyTest {

    private static SchedulingPolicy named(String name) {
        return new SchedulingPolicy() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Optional<NodeView> select(ClusterSnapshot snapshot) {
                return Optional.empty();
            }
        };
    }

    @Test
    void displayNameTitleCasesDashedWords() {
        assertEquals("Least Used", named("least-used").displayName());
        assertEquals("Round Robin", named("round-robin").displayName());
        assertEquals("Random", named("random").displayName());
        assertEquals("Bin Pack 2", named("bin-pack-2").displayName());
    }

    @Test
    void snapshotSortsByNameAndCandidatesAreHealthy() {
        ClusterSnapshot s = new ClusterSnapshot("f", List.of(NodeView.idle("b"), NodeView.idle("a").withHealthy(false),
                NodeView.idle("c")));
        assertEquals(List.of("a", "b", "c"), s.nodes().stream().map(NodeView::name).toList());
        assertEquals(List.of("b", "c"), s.candidates().stream().map(NodeView::name).toList());
        assertFalse(s.isEmpty());
        assertTrue(new ClusterSnapshot("f", List.of()).isEmpty());
    }

    @Test
    void catalogRejectsBadAndDuplicateNames() {
        assertThrows(IllegalStateException.class, () -> new PolicyCatalog(List.of(named("Least_Used"))));
        assertThrows(IllegalStateException.class, () -> new PolicyCatalog(List.of(named("x"), named("x"))));
        PolicyCatalog c = new PolicyCatalog(List.of(named("b-two"), named("a")));
        assertEquals(List.of("a", "b-two"), c.names());
        assertTrue(c.find(" a ").isPresent());
        assertTrue(c.find(null).isEmpty());
        assertTrue(c.find("zzz").isEmpty());
    }
}
