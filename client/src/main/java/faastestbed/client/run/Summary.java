package faastestbed.client.run;

import faastestbed.common.model.InvocationStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The end-of-run table: one row per function x execution-mode label (x payload size, in a size sweep). */
public final class Summary {

    /**
     * @param okTimes statistics of the ok invocations only: a failure's time measures the failure, not the function
     */
    public record Row(String function, String executionMode, String payload, int count, int ok, int failed, int rejected,
                      Stats okTimes) {
    }

    private Summary() {
    }

    /** Rows in cell order (first appearance of the label), then in {@code functionOrder}. */
    public static List<Row> rows(List<InvocationOutcome> outcomes, List<String> functionOrder) {
        Map<String, Integer> labelOrder = new LinkedHashMap<>();
        Map<List<String>, List<InvocationOutcome>> groups = new LinkedHashMap<>();
        for (InvocationOutcome o : outcomes) {
            labelOrder.putIfAbsent(o.executionMode(), labelOrder.size());
            groups.computeIfAbsent(List.of(o.function(), o.executionMode(), o.payload()), k -> new ArrayList<>()).add(o);
        }
        List<Row> rows = new ArrayList<>();
        groups.forEach((key, group) -> {
            int ok = (int) group.stream().filter(InvocationOutcome::ok).count();
            int rejected = (int) group.stream().filter(o -> o.status() == InvocationStatus.REJECTED).count();
            double[] times = group.stream().filter(InvocationOutcome::ok).mapToDouble(InvocationOutcome::seconds).toArray();
            rows.add(new Row(key.get(0), key.get(1), key.get(2), group.size(), ok, group.size() - ok - rejected, rejected,
                    Stats.of(times)));
        });
        rows.sort(Comparator.<Row>comparingInt(r -> labelOrder.get(r.executionMode()))
                .thenComparingInt(r -> {
                    int i = functionOrder.indexOf(r.function());
                    return i < 0 ? Integer.MAX_VALUE : i;
                }));
        return rows;
    }

    /** Rows of one function and label keep their cell order, so a size sweep reads top to bottom by size. */
    public static String table(List<Row> rows) {
        boolean sweep = rows.stream().anyMatch(r -> !r.payload().isEmpty());
        String[] header = {"function", "execution mode", "payload", "count", "ok", "failed", "rejected", "mean s", "p50 s", "p95 s"};
        List<String[]> cells = new ArrayList<>();
        cells.add(drop(header, sweep));
        for (Row r : rows) {
            cells.add(drop(new String[]{r.function(), r.executionMode(), r.payload(), Integer.toString(r.count()),
                    Integer.toString(r.ok()), Integer.toString(r.failed()), Integer.toString(r.rejected()),
                    seconds(r.okTimes().mean()), seconds(r.okTimes().p50()), seconds(r.okTimes().p95())}, sweep));
        }
        int[] width = new int[cells.get(0).length];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                // Text columns left-aligned, numbers right-aligned so their digits line up.
                String format = i < 2 ? "%-" + width[i] + "s" : "%" + width[i] + "s";
                line.append(i == 0 ? "" : "  ").append(String.format(Locale.ROOT, format, row[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** The payload column (index 2) only when there is a sweep to tell apart. */
    private static String[] drop(String[] row, boolean keepPayload) {
        if (keepPayload) {
            return row;
        }
        String[] out = new String[row.length - 1];
        out[0] = row[0];
        out[1] = row[1];
        System.arraycopy(row, 3, out, 2, row.length - 3);
        return out;
    }

    private static String seconds(double s) {
        return Double.isNaN(s) ? "-" : String.format(Locale.ROOT, "%.3f", s);
    }

    /** One line on how far behind schedule open-loop requests went out. */
    public static String lateness(List<InvocationOutcome> outcomes) {
        double[] ms = outcomes.stream().mapToDouble(o -> o.latenessNanos() / 1e6).toArray();
        Stats s = Stats.of(ms);
        double max = java.util.Arrays.stream(ms).max().orElse(0);
        long late = java.util.Arrays.stream(ms).filter(v -> v > 1000).count();
        return String.format(Locale.ROOT, "lateness: mean %.1f ms, p95 %.1f ms, max %.1f ms; %d of %d sent more than 1 s late",
                s.mean(), s.p95(), max, late, ms.length);
    }
}
