package faastestbed.plots.table;

import faastestbed.plots.stats.Interval;
import faastestbed.plots.stats.LatencyStats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Renders group summaries as a fixed-width text table (metrics_table.txt). Pure: text in, text out. */
public final class MetricsTable {
    static final String NA = "n/a";

    private static final String[] HEADINGS = {"function", "execution mode", "count", "ok", "failed", "mismatch",
            "mean", "mean 95% CI", "p50", "p50 95% CI", "p95", "p95 95% CI", "p99", "p99 95% CI"};
    /** Text columns are left-aligned, numbers right-aligned. */
    private static final int TEXT_COLUMNS = 2;

    private MetricsTable() {
    }

    /** Comment lines above the table: what the numbers mean, so the file stands on its own. */
    public static List<String> legend(int rows, List<String> files) {
        return List.of(
                "# Execution time per function and Execution Mode, seconds, from " + rows + " row(s) in "
                        + files.size() + " file(s): " + String.join(", ", files),
                "# count = all rows; ok = status ok; failed = status failed or rejected; mismatch = State Check mismatch.",
                "# mean and percentiles use ok rows only. Percentiles: linear interpolation (Hyndman-Fan type 7).",
                "# 95% CIs: mean = Student t; percentiles = distribution-free order statistics (binomial, equal tails);",
                "# n/a = too few ok rows for a 95% interval (percentile CIs need n >= 6 for p50, 72 for p95, 368 for p99).");
    }

    /** The table, sorted by function then label, one line per summary, each line ending in a newline. */
    public static String render(List<GroupSummary> summaries) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADINGS);
        summaries.stream()
                .sorted(Comparator.comparing(GroupSummary::function).thenComparing(GroupSummary::label))
                .map(MetricsTable::cells)
                .forEach(rows::add);
        int[] width = new int[HEADINGS.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int n = 0; n < rows.size(); n++) {
            out.append(line(rows.get(n), width)).append('\n');
            if (n == 0) {
                String[] rule = new String[width.length];
                for (int i = 0; i < width.length; i++) {
                    rule[i] = "-".repeat(width[i]);
                }
                out.append(line(rule, width)).append('\n');
            }
        }
        return out.toString();
    }

    private static String line(String[] cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                b.append("  ");
            }
            String pad = " ".repeat(width[i] - cells[i].length());
            b.append(i < TEXT_COLUMNS ? cells[i] + pad : pad + cells[i]);
        }
        return b.toString().stripTrailing();
    }

    private static String[] cells(GroupSummary s) {
        Optional<LatencyStats> l = s.latency();
        return new String[]{
                s.function(), s.label(),
                Integer.toString(s.count()), Integer.toString(s.ok()),
                Integer.toString(s.failed()), Integer.toString(s.mismatched()),
                l.map(x -> seconds(x.mean())).orElse(NA), l.flatMap(LatencyStats::meanCi).map(MetricsTable::interval).orElse(NA),
                l.map(x -> seconds(x.p50().value())).orElse(NA), l.flatMap(x -> x.p50().ci()).map(MetricsTable::interval).orElse(NA),
                l.map(x -> seconds(x.p95().value())).orElse(NA), l.flatMap(x -> x.p95().ci()).map(MetricsTable::interval).orElse(NA),
                l.map(x -> seconds(x.p99().value())).orElse(NA), l.flatMap(x -> x.p99().ci()).map(MetricsTable::interval).orElse(NA),
        };
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    static String interval(Interval i) {
        return "[" + seconds(i.low()) + ", " + seconds(i.high()) + "]";
    }
}
