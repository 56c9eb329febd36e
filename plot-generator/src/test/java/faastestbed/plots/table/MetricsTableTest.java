package faastestbed.plots.table;

import faastestbed.plots.stats.LatencyStats;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsTableTest {
    @Test
    void fixedWidthSortedWithNaForSmallSamples() {
        double[] hundred = IntStream.rangeClosed(1, 100).mapToDouble(i -> i / 100.0).toArray();
        List<GroupSummary> rows = List.of(
                new GroupSummary("zeta", "Warmed", 3, 2, 1, 0, Optional.of(LatencyStats.of(new double[]{0.1, 0.2}))),
                new GroupSummary("alpha", "Round Robin - Cold", 100, 100, 0, 2, Optional.of(LatencyStats.of(hundred))),
                new GroupSummary("alpha", "Least Used - Cold", 4, 0, 4, 0, Optional.empty()));

        List<String> lines = MetricsTable.render(rows).lines().toList();

        assertEquals(5, lines.size());
        assertTrue(lines.get(0).startsWith("function"));
        assertTrue(lines.get(1).startsWith("-----"));
        assertTrue(lines.get(2).startsWith("alpha     Least Used - Cold"), lines.get(2));
        assertTrue(lines.get(3).startsWith("alpha     Round Robin - Cold"), lines.get(3));
        assertTrue(lines.get(4).startsWith("zeta      Warmed"), lines.get(4));
        assertTrue(lines.get(3).contains("0.505  [0.400, 0.610]"), lines.get(3));
        assertTrue(lines.get(2).endsWith("n/a"));
        // Fixed width: numeric columns are right-aligned, so each ends at the same offset on every line.
        int p50CiEnd = lines.get(0).indexOf("p50 95% CI") + "p50 95% CI".length() - 1;
        assertEquals(']', lines.get(3).charAt(p50CiEnd));
        assertEquals('a', lines.get(2).charAt(p50CiEnd), "n/a ends where the interval ends");
        assertEquals(List.of("zeta", "Warmed", "3", "2", "1", "0", "0.150", "[-0.485, 0.785]", "0.150", "n/a",
                "0.195", "n/a", "0.199", "n/a"), List.of(lines.get(4).trim().split("\\s{2,}")));
    }
}
