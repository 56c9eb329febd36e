package faastestbed.plots.table;

import faastestbed.common.metrics.MetricsRecord;
import faastestbed.plots.data.CellSummary;
import faastestbed.plots.data.Group;
import faastestbed.plots.data.Grouping;
import faastestbed.plots.data.MetricsLoader;
import faastestbed.plots.data.PoolCells;
import faastestbed.plots.data.PoolLoader;
import faastestbed.plots.data.SampleData;
import faastestbed.plots.stats.LatencyStats;
import faastestbed.plots.stats.StartMix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsTableTest {
    @TempDir
    Path dir;

    @Test
    void fixedWidthSortedWithNaForSmallSamples() {
        double[] hundred = IntStream.rangeClosed(1, 100).mapToDouble(i -> i / 100.0).toArray();
        List<GroupSummary> rows = List.of(
                new GroupSummary("zeta", "Warmed", 3, 2, 1, 0, 1, 1, 0, Optional.of(LatencyStats.of(new double[]{0.1, 0.2}))),
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
        assertEquals(List.of("zeta", "Warmed", "3", "2", "1", "0", "1", "1", "0", "0.150", "[-0.485, 0.785]", "0.150", "n/a",
                "0.195", "n/a", "0.199", "n/a"), List.of(lines.get(4).trim().split("\\s{2,}")));
    }

    @Test
    void containerTableShowsTheMixColdShareAndIdleMemory() throws Exception {
        SampleData.dynamicMetrics(dir.resolve("metrics.csv"));
        SampleData.seedFormat(dir.resolve("seed.csv"));
        SampleData.pool(dir.resolve("pool.csv"));
        List<MetricsRecord> records = MetricsLoader.load(dir).records();
        PoolCells pool = PoolCells.of(PoolLoader.load(dir).samples());
        List<Group> groups = Grouping.byFunctionAndLabel(records);

        String text = MetricsTable.renderContainers(groups.stream().map(g -> ContainerSummary.of(g, pool)).toList());
        Map<String, List<String>> rows = rowsByKey(text, 2);

        assertEquals(List.of("fib-python", SampleData.TTL_LABEL, "10", "20.0%", "10.0%", "10.0%", "60.0%", "30.0%", "3.00"),
                rows.get("fib-python|" + SampleData.TTL_LABEL), text);
        assertEquals(List.of("fib-native", SampleData.TTL_LABEL, "4", "50.0%", "0.0%", "0.0%", "50.0%", "50.0%", "0.75"),
                rows.get("fib-native|" + SampleData.TTL_LABEL));
        assertEquals("0.00", rows.get("fib-python|" + SampleData.NONE_LABEL).get(8));
        assertEquals(List.of("fib-python", "Cold", "5", "100.0%", "0.0%", "0.0%", "0.0%", "100.0%", "-"),
                rows.get("fib-python|Cold"), "static modes imply their start type and have no pool");
        assertTrue(text.startsWith("# "), text);

        String cells = MetricsTable.renderCells(CellSummary.all(records, pool));
        Map<String, List<String>> byCell = rowsByKey(cells, 2);
        assertEquals(List.of(SampleData.RUN, "c1", "hash-affinity", "fixed-ttl:30s", SampleData.TTL_LABEL,
                "15", "14", "35.7%", "3.75", "9", "4"), byCell.get(SampleData.RUN + "|c1"), cells);

        String noPool = MetricsTable.renderContainers(groups.stream().map(g -> ContainerSummary.of(g, PoolCells.EMPTY)).toList());
        assertEquals("n/a", rowsByKey(noPool, 2).get("fib-python|" + SampleData.TTL_LABEL).get(8),
                "a dynamic group without pool samples: idle memory unknown, not zero");
    }

    @Test
    void containerSectionsAreEmptyWithoutData() {
        assertEquals("", MetricsTable.renderCells(List.of()));
        assertEquals("", MetricsTable.renderContainers(List.of(new ContainerSummary("f", "l", false,
                new StartMix(Map.of(), 3), OptionalDouble.empty()))));
    }

    /** Table body lines (after heading and rule, no comment lines) split on runs of 2+ spaces, keyed by the first columns. */
    private static Map<String, List<String>> rowsByKey(String text, int keyColumns) {
        List<String> lines = text.lines().filter(l -> !l.startsWith("#")).skip(2).toList();
        Map<String, List<String>> map = new java.util.HashMap<>();
        for (String l : lines) {
            List<String> cells = List.of(l.trim().split("\\s{2,}"));
            map.put(String.join("|", cells.subList(0, keyColumns)), cells);
        }
        return map;
    }
}
