package faastestbed.gateway.metrics;

import faastestbed.common.metrics.MetricsRecord;
import faastestbed.common.metrics.Timings;
import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationStatus;
import faastestbed.common.model.StateCheck;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsSummaryTest {
    private static final double EPS = 1e-9;

    private static MetricsRecord rec(String fn, String label, double s, InvocationStatus status, StateCheck check) {
        return new MetricsRecord(fn, "node1", 10, 20, label, s, Instant.EPOCH, "id", "run", "", "round-robin",
                ExecutionMode.fromLabel(label).orElse(null), status, status == InvocationStatus.OK ? 0 : null, check,
                Timings.NONE);
    }

    private static double[] range(int from, int to) {
        return IntStream.rangeClosed(from, to).asDoubleStream().toArray();
    }

    private static MetricsRecord failed(faastestbed.common.model.Failure kind, int attempts) {
        return new MetricsRecord("fib", "node1", 10, 20, "Round Robin - Warmed", 1, Instant.EPOCH, "id", "run", "",
                "round-robin", ExecutionMode.WARMED, kind == null ? InvocationStatus.OK : InvocationStatus.FAILED, null,
                StateCheck.VERIFIED, Timings.NONE, faastestbed.common.model.InvocationPath.EXEC, Double.NaN, 0, -1,
                faastestbed.common.metrics.ContainerUse.NONE, faastestbed.common.model.Source.REAL,
                kind == null ? faastestbed.common.model.Failure.NONE : kind, attempts);
    }

    @Test
    void functionAndPlatformFailuresAndRetriesAreCountedApart() {
        MetricsSummary s = MetricsSummary.of(List.of(failed(faastestbed.common.model.Failure.FUNCTION, 1),
                failed(faastestbed.common.model.Failure.PLATFORM, 2), failed(faastestbed.common.model.Failure.PLATFORM, 1),
                failed(null, 2), failed(null, 1)));
        MetricsSummary.Row r = s.rows().get(0);
        assertEquals(5, r.count());
        assertEquals(3, r.failed());
        assertEquals(1, r.functionFailures());
        assertEquals(2, r.platformFailures());
        assertEquals(2, r.retried(), "a retried call that then succeeded counts as retried too");
        assertTrue(s.toTable().lines().skip(1).findFirst().orElseThrow().matches(".*\\s5\\s+2\\s+3\\s+1\\s+2\\s+2\\s+0\\s.*"),
                s.toTable());
    }

    @Test
    void percentileType7() {
        double[] xs = range(1, 10);
        assertEquals(5.5, MetricsSummary.percentile(xs, 50), EPS);
        assertEquals(9.55, MetricsSummary.percentile(xs, 95), EPS);
        assertEquals(9.91, MetricsSummary.percentile(xs, 99), EPS);
        assertEquals(1.0, MetricsSummary.percentile(xs, 0), EPS);
        assertEquals(10.0, MetricsSummary.percentile(xs, 100), EPS);
        assertEquals(3.25, MetricsSummary.percentile(new double[] {1, 2, 3, 4}, 75), EPS);
        assertEquals(7.0, MetricsSummary.percentile(new double[] {7}, 95), EPS);
        assertTrue(Double.isNaN(MetricsSummary.percentile(new double[0], 50)));
        // numpy.percentile([0.1, 0.2, 0.4, 0.8, 1.6], [50, 95]) -> [0.4, 1.44]
        double[] ys = {0.1, 0.2, 0.4, 0.8, 1.6};
        assertEquals(0.4, MetricsSummary.percentile(ys, 50), EPS);
        assertEquals(1.44, MetricsSummary.percentile(ys, 95), EPS);
    }

    @Test
    void mean() {
        assertEquals(5.5, MetricsSummary.mean(range(1, 10)), EPS);
        assertTrue(Double.isNaN(MetricsSummary.mean(new double[0])));
    }

    @Test
    void groupsByFunctionAndModeLabelWithCounts() {
        List<MetricsRecord> rs = new ArrayList<>();
        // fib / Round Robin - Cold: 10 ok (1..10 s, shuffled), 2 failed, 1 rejected, 3 mismatched
        int[] order = {7, 3, 10, 1, 5, 9, 2, 8, 4, 6};
        for (int i : order) {
            rs.add(rec("fib", "Round Robin - Cold", i, InvocationStatus.OK, i <= 2 ? StateCheck.MISMATCH : StateCheck.VERIFIED));
        }
        rs.add(rec("fib", "Round Robin - Cold", 100, InvocationStatus.FAILED, StateCheck.MISMATCH));
        rs.add(rec("fib", "Round Robin - Cold", 200, InvocationStatus.FAILED, StateCheck.VERIFIED));
        rs.add(rec("fib", "Round Robin - Cold", 0.001, InvocationStatus.REJECTED, StateCheck.UNKNOWN));
        // fib / Least Used - Warmed: one ok
        rs.add(rec("fib", "Least Used - Warmed", 0.25, InvocationStatus.OK, StateCheck.VERIFIED));
        // alpha / Round Robin - Cold: only failures
        rs.add(rec("alpha", "Round Robin - Cold", 3, InvocationStatus.FAILED, StateCheck.UNKNOWN));

        MetricsSummary sum = MetricsSummary.of(rs);
        assertEquals(3, sum.rows().size());
        MetricsSummary.Row a = sum.rows().get(0);
        MetricsSummary.Row warm = sum.rows().get(1);
        MetricsSummary.Row cold = sum.rows().get(2);

        assertEquals(List.of("alpha", "fib", "fib"), sum.rows().stream().map(MetricsSummary.Row::function).toList());
        assertEquals("Least Used - Warmed", warm.executionMode());
        assertEquals("Round Robin - Cold", cold.executionMode());

        assertEquals(13, cold.count());
        assertEquals(10, cold.ok());
        assertEquals(3, cold.failed());
        assertEquals(3, cold.mismatched());
        assertEquals(5.5, cold.meanS(), EPS);
        assertEquals(5.5, cold.p50S(), EPS);
        assertEquals(9.55, cold.p95S(), EPS);
        assertEquals(9.91, cold.p99S(), EPS);

        assertEquals(1, warm.count());
        assertEquals(1, warm.ok());
        assertEquals(0, warm.failed());
        assertEquals(0.25, warm.p99S(), EPS);

        assertEquals(1, a.count());
        assertEquals(0, a.ok());
        assertEquals(1, a.failed());
        assertTrue(Double.isNaN(a.meanS()));
        assertTrue(Double.isNaN(a.p50S()));
    }

    @Test
    void emptyAndTable() {
        assertEquals(List.of(), MetricsSummary.of(List.of()).rows());
        String table = MetricsSummary.of(List.of(rec("fib", "Round Robin - Cold", 1.5, InvocationStatus.OK,
                StateCheck.VERIFIED), rec("zz", "Most Used - Pre-warmed", 1, InvocationStatus.FAILED, StateCheck.UNKNOWN)))
                .toTable();
        String[] lines = table.split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[0].startsWith("Function"));
        assertTrue(lines[1].startsWith("fib") && lines[1].contains("Round Robin - Cold") && lines[1].contains("1.500"), lines[1]);
        assertTrue(lines[2].startsWith("zz") && lines[2].trim().endsWith("-"), lines[2]);
    }
}
