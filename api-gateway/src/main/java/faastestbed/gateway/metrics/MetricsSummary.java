package faastestbed.gateway.metrics;

import faastestbed.common.metrics.MetricsRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Latency statistics per function × execution mode label, over successful invocations. */
public record MetricsSummary(List<Row> rows) {

    /** {@code failed} counts every row not ok; of those, the function's own failures and the platform's. */
    public record Row(String function, String executionMode, int count, int ok, int failed, int mismatched,
                      double meanS, double p50S, double p95S, double p99S, int functionFailures,
                      int platformFailures, int retried) {
    }

    public static MetricsSummary of(List<MetricsRecord> records) {
        Map<List<String>, List<MetricsRecord>> groups = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)));
        for (MetricsRecord r : records) {
            groups.computeIfAbsent(List.of(r.function(), r.executionMode()), k -> new ArrayList<>()).add(r);
        }
        List<Row> rows = new ArrayList<>();
        groups.forEach((key, rs) -> {
            double[] ok = rs.stream().filter(MetricsRecord::ok).mapToDouble(MetricsRecord::executionTimeS).sorted().toArray();
            int mismatched = (int) rs.stream().filter(r -> r.stateCheck() == faastestbed.common.model.StateCheck.MISMATCH).count();
            rows.add(new Row(key.get(0), key.get(1), rs.size(), ok.length, rs.size() - ok.length, mismatched,
                    mean(ok), percentile(ok, 50), percentile(ok, 95), percentile(ok, 99),
                    count(rs, faastestbed.common.model.Failure.FUNCTION), count(rs, faastestbed.common.model.Failure.PLATFORM),
                    (int) rs.stream().filter(r -> r.attempts() > 1).count()));
        });
        return new MetricsSummary(List.copyOf(rows));
    }

    private static int count(List<MetricsRecord> rs, faastestbed.common.model.Failure kind) {
        return (int) rs.stream().filter(r -> !r.ok() && r.failure() == kind).count();
    }

    /** Linear interpolation between closest ranks (type 7, as numpy's default). NaN for no data. */
    public static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = (p / 100.0) * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    static double mean(double[] xs) {
        if (xs.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.length;
    }

    public String toTable() {
        StringBuilder b = new StringBuilder();
        String fmt = "%-20s %-32s %6s %6s %6s %6s %6s %6s %6s %9s %9s %9s %9s%n";
        b.append(String.format(Locale.ROOT, fmt, "Function", "Execution Mode", "Count", "OK", "Failed", "Fn", "Platf.",
                "Retr.", "Mism.", "Mean (s)", "p50 (s)", "p95 (s)", "p99 (s)"));
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, fmt, r.function(), r.executionMode(), r.count(), r.ok(), r.failed(),
                    r.functionFailures(), r.platformFailures(), r.retried(), r.mismatched(), s(r.meanS()), s(r.p50S()),
                    s(r.p95S()), s(r.p99S())));
        }
        return b.toString();
    }

    private static String s(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
