package faastestbed.plots.table;

import faastestbed.common.model.StartType;
import faastestbed.plots.data.CellSummary;
import faastestbed.plots.stats.Interval;
import faastestbed.plots.stats.LatencyStats;
import faastestbed.plots.stats.StartMix;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/** Renders summaries as fixed-width text tables (metrics_table.txt). Pure: summaries in, text out. */
public final class MetricsTable {
    static final String NA = "n/a";

    private static final String[] HEADINGS = {"function", "execution mode", "count", "ok", "failed", "fn fail",
            "platform fail", "retried", "mismatch",
            "mean", "mean 95% CI", "p50", "p50 95% CI", "p95", "p95 95% CI", "p99", "p99 95% CI"};
    /** Text columns are left-aligned, numbers right-aligned. */
    private static final int TEXT_COLUMNS = 2;
    /** For rows the column does not apply to, as opposed to {@link #NA}, data that is missing. */
    static final String NOT_APPLICABLE = "-";
    private static final String[] CONTAINER_HEADINGS = {"function", "execution mode", "known", "cold", "image-cached",
            "prewarmed", "warm", "cold starts", "idle GB·s"};
    private static final String[] CELL_HEADINGS = {"run id", "cell", "policy", "keep-alive", "execution mode", "rows",
            "known", "cold starts", "idle GB·s", "pool samples", "span (s)"};
    private static final int CELL_TEXT_COLUMNS = 5;

    private MetricsTable() {
    }

    /** Comment lines above the table: what the numbers mean, so the file stands on its own. */
    public static List<String> legend(int rows, List<String> files) {
        return List.of(
                "# Execution time per function and Execution Mode, seconds, from " + rows + " row(s) in "
                        + files.size() + " file(s): " + String.join(", ", files),
                "# count = all rows; ok = status ok; failed = status failed or rejected; of those, fn fail = the function"
                        + " failed (non-zero exit), platform fail = SSH, the node's engine, a container start or a timeout;",
                "# retried = run on a second node after a platform failure before the function started;"
                        + " mismatch = State Check mismatch.",
                "# mean and percentiles use ok rows only. Percentiles: linear interpolation (Hyndman-Fan type 7).",
                "# 95% CIs: mean = Student t; percentiles = distribution-free order statistics (binomial, equal tails);",
                "# n/a = too few ok rows for a 95% interval (percentile CIs need n >= 6 for p50, 72 for p95, 368 for p99).");
    }

    /** The table, sorted by function then label, one line per summary, each line ending in a newline. */
    public static String render(List<GroupSummary> summaries) {
        List<String[]> rows = summaries.stream()
                .sorted(Comparator.comparing(GroupSummary::function).thenComparing(GroupSummary::label))
                .map(MetricsTable::cells)
                .toList();
        return grid(HEADINGS, TEXT_COLUMNS, rows);
    }

    /**
     * The start-type mix and idle memory per group, in the order of {@link #render}, under comment lines that say
     * what the numbers mean; "" when no group has a row with a known start type nor any idle memory.
     */
    public static String renderContainers(List<ContainerSummary> summaries) {
        if (summaries.stream().noneMatch(s -> s.mix().known() > 0 || s.idleGbS().isPresent())) {
            return "";
        }
        List<String[]> rows = summaries.stream()
                .sorted(Comparator.comparing(ContainerSummary::function).thenComparing(ContainerSummary::label))
                .map(MetricsTable::cells)
                .toList();
        return String.join("\n",
                "# Container starts per function and Execution Mode: % of the rows with a known start type",
                "# (\"known\"; rows rejected before a container have none). cold starts = cold + image-cached, the rows",
                "# that waited for a container to start. Static modes imply their start type (cold, pre-warmed = image-cached,",
                "# warmed = warm). idle GB·s = idle memory of the function's containers in the group's dynamic cells, from",
                "# pool.csv (- = static mode, no pool; n/a = the cell is missing from pool.csv).",
                "") + grid(CONTAINER_HEADINGS, TEXT_COLUMNS, rows);
    }

    /** One line per dynamic cell, all functions together; "" when there is none. */
    public static String renderCells(List<CellSummary> cells) {
        if (cells.isEmpty()) {
            return "";
        }
        List<String[]> rows = cells.stream().map(MetricsTable::cells).toList();
        return String.join("\n",
                "# Dynamic cells (Run Id, Cell, Policy, Keep-Alive), all functions: rows, cold starts as above, idle memory",
                "# over all nodes and functions from pool.csv (n/a = no samples), pool samples and the seconds they span.",
                "") + grid(CELL_HEADINGS, CELL_TEXT_COLUMNS, rows);
    }

    /** A fixed-width grid: headings, a rule, then the rows; text columns left-aligned, numbers right-aligned. */
    static String grid(String[] headings, int textColumns, List<String[]> body) {
        List<String[]> rows = new ArrayList<>();
        rows.add(headings);
        rows.addAll(body);
        int[] width = new int[headings.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int n = 0; n < rows.size(); n++) {
            out.append(line(rows.get(n), width, textColumns)).append('\n');
            if (n == 0) {
                String[] rule = new String[width.length];
                for (int i = 0; i < width.length; i++) {
                    rule[i] = "-".repeat(width[i]);
                }
                out.append(line(rule, width, textColumns)).append('\n');
            }
        }
        return out.toString();
    }

    private static String line(String[] cells, int[] width, int textColumns) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                b.append("  ");
            }
            String pad = " ".repeat(width[i] - cells[i].length());
            b.append(i < textColumns ? cells[i] + pad : pad + cells[i]);
        }
        return b.toString().stripTrailing();
    }

    private static String[] cells(ContainerSummary s) {
        StartMix m = s.mix();
        return new String[]{
                s.function(), s.label(), Integer.toString(m.known()),
                percent(m.percent(StartType.COLD)), percent(m.percent(StartType.IMAGE_CACHED)),
                percent(m.percent(StartType.PREWARMED)), percent(m.percent(StartType.WARM)),
                percent(m.coldStartPercent()),
                s.dynamic() ? gbSeconds(s.idleGbS()) : NOT_APPLICABLE,
        };
    }

    private static String[] cells(CellSummary c) {
        return new String[]{
                c.key().runId(), c.key().cell(), c.key().policy(), c.key().keepAlive(), c.label(),
                Integer.toString(c.rows()), Integer.toString(c.mix().known()), percent(c.mix().coldStartPercent()),
                gbSeconds(c.idleGbS()), Integer.toString(c.samples()), String.format(Locale.ROOT, "%.0f", c.spanS()),
        };
    }

    static String percent(OptionalDouble p) {
        return p.isPresent() ? String.format(Locale.ROOT, "%.1f%%", p.getAsDouble()) : NA;
    }

    static String gbSeconds(OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%.2f", v.getAsDouble()) : NA;
    }

    private static String[] cells(GroupSummary s) {
        Optional<LatencyStats> l = s.latency();
        return new String[]{
                s.function(), s.label(),
                Integer.toString(s.count()), Integer.toString(s.ok()),
                Integer.toString(s.failed()), Integer.toString(s.functionFailures()),
                Integer.toString(s.platformFailures()), Integer.toString(s.retried()), Integer.toString(s.mismatched()),
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
