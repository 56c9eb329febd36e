package faastestbed.plots.data;

import faastestbed.common.metrics.ContainerUse;
import faastestbed.common.metrics.MetricsCsvWriter;
import faastestbed.common.metrics.PoolCsv;
import faastestbed.common.metrics.PoolSample;
import faastestbed.common.metrics.MetricsRecord;
import faastestbed.common.metrics.Timings;
import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationPath;
import faastestbed.common.model.InvocationStatus;
import faastestbed.common.model.StartType;
import faastestbed.common.model.StateCheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static faastestbed.common.model.StartType.COLD;
import static faastestbed.common.model.StartType.IMAGE_CACHED;
import static faastestbed.common.model.StartType.PREWARMED;
import static faastestbed.common.model.StartType.WARM;

/** Small metrics files in both formats, deterministic, for tests of this module. */
public final class SampleData {
    private SampleData() {
    }

    /**
     * Our 19-column format, written by the project's own writer: fib-python "Round Robin - Cold" (10 rows:
     * 8 ok, 1 failed, 1 rejected; 1 ok row mismatched), fib-python "Least Used - Pre-warmed" (12 ok) and
     * fib-native "Round Robin - Cold" (10 ok).
     */
    public static void newFormat(Path file) throws IOException {
        Instant t0 = Instant.parse("2025-11-20T10:00:00Z");
        try (MetricsCsvWriter w = new MetricsCsvWriter(file)) {
            for (int i = 0; i < 10; i++) {
                InvocationStatus status = i == 3 ? InvocationStatus.FAILED : i == 7 ? InvocationStatus.REJECTED : InvocationStatus.OK;
                w.append(row("fib-python", status == InvocationStatus.REJECTED ? "" : "node-" + (i % 3 + 1),
                        "Round Robin - Cold", 3.0 + i * 0.1, t0.plusSeconds(i), "round-robin", ExecutionMode.COLD, status,
                        i == 5 ? StateCheck.MISMATCH : StateCheck.VERIFIED));
            }
            for (int i = 0; i < 12; i++) {
                w.append(row("fib-python", "node-1", "Least Used - Pre-warmed", 0.8 + i * 0.01, t0.plusSeconds(20 + i),
                        "least-used", ExecutionMode.PRE_WARMED, InvocationStatus.OK, StateCheck.VERIFIED));
            }
            for (int i = 0; i < 10; i++) {
                w.append(row("fib-native", "node-" + (i % 2 + 1), "Round Robin - Cold", 2.0 + i * 0.05, t0.plusSeconds(40 + i),
                        "round-robin", ExecutionMode.COLD, InvocationStatus.OK, StateCheck.VERIFIED));
            }
        }
    }

    public static final String RUN = "run-2";
    public static final String TTL_LABEL = "Hash Affinity - Dynamic [fixed-ttl:30s] (handler)";
    public static final String NONE_LABEL = "Hash Affinity - Dynamic [none] (handler)";
    public static final String LRU_LABEL = "Hash Affinity - Dynamic [lru] (handler)";
    public static final CellKey TTL_CELL = new CellKey(RUN, "c1", "hash-affinity", "fixed-ttl:30s");
    public static final CellKey NONE_CELL = new CellKey(RUN, "c2", "hash-affinity", "none");
    public static final CellKey LRU_CELL = new CellKey(RUN, "c3", "hash-affinity", "lru");

    /**
     * Dynamic-mode rows of three cells of {@link #RUN}:
     * <ul>
     * <li>{@link #TTL_CELL}: fib-python 11 rows (2 cold, 1 image-cached, 1 prewarmed, 6 warm, 1 rejected without a
     *     start type: 30 % cold starts) and fib-native 4 rows (2 cold, 2 warm: 50 %);</li>
     * <li>{@link #NONE_CELL}: fib-python 5 rows, all cold;</li>
     * <li>{@link #LRU_CELL}: fib-python 10 rows, 5 cold and 5 warm.</li>
     * </ul>
     */
    public static void dynamicMetrics(Path file) throws IOException {
        Instant t0 = Instant.parse("2025-12-01T09:00:00Z");
        try (MetricsCsvWriter w = new MetricsCsvWriter(file)) {
            StartType[] ttl = {COLD, COLD, IMAGE_CACHED, PREWARMED, WARM, WARM, WARM, WARM, WARM, WARM, null};
            for (int i = 0; i < ttl.length; i++) {
                w.append(dynamicRow("fib-python", TTL_LABEL, TTL_CELL, ttl[i], t0.plusSeconds(i)));
            }
            StartType[] nativeTtl = {COLD, WARM, COLD, WARM};
            for (int i = 0; i < nativeTtl.length; i++) {
                w.append(dynamicRow("fib-native", TTL_LABEL, TTL_CELL, nativeTtl[i], t0.plusSeconds(20 + i)));
            }
            for (int i = 0; i < 5; i++) {
                w.append(dynamicRow("fib-python", NONE_LABEL, NONE_CELL, COLD, t0.plusSeconds(100 + i)));
            }
            for (int i = 0; i < 10; i++) {
                w.append(dynamicRow("fib-python", LRU_LABEL, LRU_CELL, i % 2 == 0 ? COLD : WARM, t0.plusSeconds(200 + i)));
            }
        }
    }

    /**
     * Pool samples every 2 s (interval 2 s) of the cells of {@link #dynamicMetrics}.
     * {@link #TTL_CELL}: 3 moments × 2 nodes of fib-python with 256 MB idle (3 GB·s) and 3 moments of fib-native on
     * node-1 with 128 MB idle (0.75 GB·s): 3.75 GB·s. {@link #NONE_CELL}: 2 moments, nothing idle (0 GB·s).
     * {@link #LRU_CELL}: 4 moments × 1 node with 512 MB idle (4 GB·s).
     */
    public static void pool(Path file) throws IOException {
        Instant t0 = Instant.parse("2025-12-01T09:00:00Z");
        try (PoolCsv.Writer w = new PoolCsv.Writer(file)) {
            for (int i = 0; i < 3; i++) {
                Instant at = t0.plusSeconds(2L * i);
                w.append(sample(at, TTL_CELL, "node-1", "fib-python", 1, i, 256));
                w.append(sample(at, TTL_CELL, "node-2", "fib-python", 1, 1, 256));
                w.append(sample(at, TTL_CELL, "node-1", "fib-native", 1, 0, 128));
            }
            for (int i = 0; i < 2; i++) {
                w.append(sample(t0.plusSeconds(100 + 2L * i), NONE_CELL, "node-1", "fib-python", 0, 1, 0));
            }
            for (int i = 0; i < 4; i++) {
                w.append(sample(t0.plusSeconds(200 + 2L * i), LRU_CELL, "node-1", "fib-python", 2, 0, 512));
            }
        }
    }

    public static PoolSample sample(Instant at, CellKey cell, String node, String function, int idle, int busy,
                                    long idleMb) {
        return new PoolSample(at, 2.0, cell.runId(), cell.cell(), cell.policy(), cell.keepAlive(), node, function,
                idle, busy, (idle + busy) * 256L, idleMb, 4096);
    }

    private static MetricsRecord dynamicRow(String function, String label, CellKey cell, StartType start, Instant at) {
        InvocationStatus status = start == null ? InvocationStatus.REJECTED : InvocationStatus.OK;
        return new MetricsRecord(function, start == null ? "" : "node-1", 10, 20, label, 0.2, at,
                "id-" + function + "-" + at.getEpochSecond(), cell.runId(), cell.cell(), cell.policy(),
                ExecutionMode.DYNAMIC, status, start == null ? null : 0, StateCheck.UNKNOWN, Timings.NONE,
                InvocationPath.HANDLER, 150, 10, 10,
                new ContainerUse(start, cell.keepAlive(), start == WARM ? 0 : 5, start == null ? "" : "c-1", 256));
    }

    /** Seed 003's six columns: fib-python "Cold" (5 rows) and "Warmed" (6 rows), no timestamps. */
    public static void seedFormat(Path file) throws IOException {
        StringBuilder b = new StringBuilder("Function,Node,CPU Usage %,RAM Usage %,Execution Mode,Execution Time (s)\n");
        for (int i = 0; i < 5; i++) {
            b.append("fib-python,node-1,12.5,30.1,Cold,").append(4.0 + i * 0.2).append('\n');
        }
        for (int i = 0; i < 6; i++) {
            b.append("fib-python,node-2,8.0,25.0,Warmed,").append(0.1 + i * 0.01).append('\n');
        }
        Files.writeString(file, b.toString());
    }

    /** Seed header, three malformed rows (lines 2-4), no good row. */
    public static void malformed(Path file) throws IOException {
        Files.writeString(file, "Function,Node,CPU Usage %,RAM Usage %,Execution Mode,Execution Time (s)\n"
                + "fib-python,node-1,10,20,Warmed,abc\n"
                + "fib-python,node-1,10,20,Warmed,-1\n"
                + ",node-1,10,20,Warmed,0.1\n");
    }

    private static MetricsRecord row(String function, String node, String label, double seconds, Instant at, String policy,
                                     ExecutionMode mode, InvocationStatus status, StateCheck check) {
        return new MetricsRecord(function, node, 10, 20, label, seconds, at, "id-" + at.getEpochSecond(), "run-1", "",
                policy, mode, status, status == InvocationStatus.OK ? 0 : null, check, Timings.NONE);
    }
}
