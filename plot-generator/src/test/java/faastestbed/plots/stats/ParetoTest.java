package faastestbed.plots.stats;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParetoTest {
    record P(String name, double x, double y) {
    }

    private static List<String> front(P... points) {
        return Pareto.frontier(List.of(points), P::x, P::y).stream().map(P::name).toList();
    }

    @Test
    void keepsOnlyPointsNoOtherBeatsInBothCostsSortedByX() {
        assertEquals(List.of("a", "b", "d"), front(
                new P("d", 10, 5), new P("a", 0, 100), new P("b", 3, 30),
                new P("c", 4, 50),   // b has less of both
                new P("e", 12, 6))); // d has less of both
    }

    @Test
    void equalInOneCostAndWorseInTheOtherIsDominated() {
        assertEquals(List.of("low"), front(new P("high", 2, 40), new P("low", 2, 20)));
        assertEquals(List.of("left"), front(new P("left", 1, 20), new P("right", 3, 20)));
    }

    @Test
    void identicalPointsAreAllKept() {
        assertEquals(List.of("a", "b"), front(new P("a", 1, 1), new P("b", 1, 1)));
    }

    @Test
    void edgeCases() {
        assertEquals(List.of(), front());
        assertEquals(List.of("only"), front(new P("only", 5, 5)));
        assertTrue(Pareto.dominates(1, 1, 2, 2));
        assertFalse(Pareto.dominates(1, 3, 2, 2), "a trade-off is not domination");
        assertFalse(Pareto.dominates(2, 2, 2, 2));
    }
}
