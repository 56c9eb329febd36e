package faastestbed.plots.data;

import faastestbed.common.metrics.ContainerUse;
import faastestbed.common.metrics.MetricsRecord;
import faastestbed.common.metrics.PoolSample;
import faastestbed.common.metrics.Timings;
import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationPath;
import faastestbed.common.model.InvocationStatus;
import faastestbed.common.model.StartType;
import faastestbed.common.model.StateCheck;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PoolCellsClipTest {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    static MetricsRecord call(int atSecond, double seconds) {
        return new MetricsRecord("echo", "node1", 1, 1, "Round Robin - Dynamic [lru] (handler)", seconds,
                T0.plusSeconds(atSecond), "id", "run-1", "c1", "round-robin", ExecutionMode.DYNAMIC, InvocationStatus.OK, 0,
                StateCheck.VERIFIED, Timings.NONE, InvocationPath.HANDLER, Double.NaN, 0, 0,
                new ContainerUse(StartType.WARM, "lru", 0, "c", 128));
    }

    @Test
    void idleMemoryCountsOnlyWhileTheCellsCallsRanNotWhileTheGatewayWaitedForTheNextCell() {
        List<PoolSample> samples = new ArrayList<>();
        for (int s = 0; s < 100; s++) {  // sampled for 100 s, 128 MB idle throughout
            samples.add(new PoolSample(T0.plusSeconds(s), 1.0, "run-1", "c1", "round-robin", "lru", "node1", "echo",
                    1, 0, 128, 128, 384));
        }
        PoolCells all = PoolCells.of(samples);
        PoolCells clipped = all.clippedTo(List.of(call(10, 0.5), call(38, 2.0)));  // calls from 10 s to 40 s
        CellKey cell = new CellKey("run-1", "c1", "round-robin", "lru");
        assertEquals(100 * 128 / 1024.0, all.idleGbSeconds(cell).orElseThrow(), 1e-9);
        assertEquals(32 * 128 / 1024.0, clipped.idleGbSeconds(cell).orElseThrow(), 1e-9, "10 s .. 41 s inclusive");
        CellKey other = new CellKey("run-2", "c1", "round-robin", "lru");
        assertEquals(clipped.cells(), all.clippedTo(List.of()).cells().stream().filter(c -> !c.equals(other)).collect(
                java.util.stream.Collectors.toCollection(java.util.TreeSet::new)), "cells without rows stay whole");
    }
}
