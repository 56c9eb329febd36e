package faastestbed.plots.data;

import faastestbed.common.metrics.MetricsCsvWriter;
import faastestbed.common.metrics.MetricsRecord;
import faastestbed.common.metrics.Timings;
import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationStatus;
import faastestbed.common.model.StateCheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

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
