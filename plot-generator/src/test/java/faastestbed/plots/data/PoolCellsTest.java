package faastestbed.plots.data;

import faastestbed.common.metrics.PoolSample;
import faastestbed.plots.stats.StartMix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static faastestbed.common.model.StartType.COLD;
import static faastestbed.common.model.StartType.WARM;
import static faastestbed.plots.data.SampleData.LRU_CELL;
import static faastestbed.plots.data.SampleData.LRU_LABEL;
import static faastestbed.plots.data.SampleData.NONE_CELL;
import static faastestbed.plots.data.SampleData.NONE_LABEL;
import static faastestbed.plots.data.SampleData.TTL_CELL;
import static faastestbed.plots.data.SampleData.TTL_LABEL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoolCellsTest {
    @TempDir
    Path dir;

    private PoolCells pool() throws Exception {
        SampleData.pool(dir.resolve("pool.csv"));
        LoadedPool loaded = PoolLoader.load(dir);
        assertTrue(loaded.problems().isEmpty(), loaded.problems().toString());
        return PoolCells.of(loaded.samples());
    }

    @Test
    void idleGbSecondsPerCellAndPerFunction() throws Exception {
        PoolCells pool = pool();

        assertEquals(List.of(TTL_CELL, NONE_CELL, LRU_CELL), List.copyOf(pool.cells()));
        // 3 moments × 2 nodes × 256 MB × 2 s = 3072 MB·s; 3 × 128 MB × 2 s = 768 MB·s.
        assertEquals(3.75, pool.idleGbSeconds(TTL_CELL).orElseThrow(), 1e-9);
        assertEquals(3.0, pool.idleGbSeconds(List.of(TTL_CELL), "fib-python").orElseThrow(), 1e-9);
        assertEquals(0.75, pool.idleGbSeconds(List.of(TTL_CELL), "fib-native").orElseThrow(), 1e-9);
        assertEquals(0.0, pool.idleGbSeconds(NONE_CELL).orElseThrow(), 1e-9);
        assertEquals(0.0, pool.idleGbSeconds(List.of(NONE_CELL), "fib-native").orElseThrow(), 1e-9,
                "a sampled cell in which the function had no container cost nothing");
        assertEquals(7.0, pool.idleGbSeconds(List.of(TTL_CELL, LRU_CELL), "fib-python").orElseThrow(), 1e-9);
    }

    @Test
    void unsampledCellsHaveNoIdleMemoryRatherThanZero() throws Exception {
        PoolCells pool = pool();
        CellKey other = new CellKey("run-9", "c1", "hash-affinity", "lru");
        assertTrue(pool.idleGbSeconds(other).isEmpty());
        assertTrue(pool.idleGbSeconds(List.of(TTL_CELL, other), null).isEmpty(), "a partial sum would understate");
        assertTrue(pool.idleGbSeconds(List.of(), null).isEmpty());
        assertTrue(PoolCells.EMPTY.idleGbSeconds(TTL_CELL).isEmpty());
    }

    @Test
    void containersOverTimeSumNodesAndFunctionsFromTheCellsFirstSample() throws Exception {
        PoolCells pool = pool();
        double[][] ttl = pool.containersOverTime(TTL_CELL);
        assertArrayEquals(new double[]{0, 2, 4}, ttl[0], 1e-9);
        assertArrayEquals(new double[]{4, 5, 6}, ttl[1], 1e-9);
        assertArrayEquals(new double[]{0, 2, 4, 6}, pool.containersOverTime(LRU_CELL)[0], 1e-9);
        assertEquals(6.0, pool.spanSeconds(LRU_CELL), 1e-9);
    }

    @Test
    void cellSummariesJoinRowsAndSamplesAndGiveTheTradeOffPoints() throws Exception {
        SampleData.dynamicMetrics(dir.resolve("metrics.csv"));
        SampleData.newFormat(dir.resolve("metrics.1700000000.csv"));
        PoolCells pool = pool();
        List<CellSummary> cells = CellSummary.all(MetricsLoader.load(dir).records(), pool);

        assertEquals(List.of(TTL_CELL, NONE_CELL, LRU_CELL), cells.stream().map(CellSummary::key).toList(),
                "static rows have no cell");
        CellSummary ttl = cells.get(0);
        assertEquals(List.of(TTL_LABEL), ttl.labels());
        assertEquals(15, ttl.rows());
        assertEquals(14, ttl.mix().known());
        assertEquals(9, ttl.samples());

        List<ColdVsIdle.Point> points = ColdVsIdle.points(cells);
        Map<String, ColdVsIdle.Point> byLabel = points.stream().collect(Collectors.toMap(ColdVsIdle.Point::label, p -> p));
        assertEquals(3.75, byLabel.get(TTL_LABEL).idleGbS(), 1e-9);
        assertEquals(100.0 * 5 / 14, byLabel.get(TTL_LABEL).coldPercent(), 1e-9);
        assertEquals(100.0, byLabel.get(NONE_LABEL).coldPercent(), 1e-9);
        assertEquals(50.0, byLabel.get(LRU_LABEL).coldPercent(), 1e-9);
        assertEquals(List.of(NONE_LABEL, TTL_LABEL), ColdVsIdle.frontier(points).stream().map(ColdVsIdle.Point::label).toList(),
                "lru has more idle memory and more cold starts than fixed-ttl");
    }

    @Test
    void aLabelRunInSeveralCellsIsPlacedAtItsMeanIdleMemory() {
        CellKey second = new CellKey("run-3", "c1", "hash-affinity", "lru");
        List<PoolSample> samples = List.of(
                SampleData.sample(Instant.EPOCH, LRU_CELL, "n", "f", 1, 0, 1024),
                SampleData.sample(Instant.EPOCH, second, "n", "f", 1, 0, 3072));
        PoolCells pool = PoolCells.of(samples);
        StartMix mix = new StartMix(
                Map.of(COLD, 1, WARM, 3), 0);
        List<CellSummary> cells = List.of(
                new CellSummary(LRU_CELL, List.of(LRU_LABEL), 4, mix, pool.idleGbSeconds(LRU_CELL), 1, 0),
                new CellSummary(second, List.of(LRU_LABEL), 4, mix, pool.idleGbSeconds(second), 1, 0));

        ColdVsIdle.Point p = ColdVsIdle.points(cells).get(0);

        assertEquals(2, p.cells());
        assertEquals(4.0, p.idleGbS(), 1e-9, "(2 + 6) / 2 GB·s");
        assertEquals(25.0, p.coldPercent(), 1e-9);
    }
}
