package faastestbed.plots.data;

import faastestbed.common.metrics.MetricsRecord;
import faastestbed.common.model.ExecutionMode;
import faastestbed.plots.stats.StartMix;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One dynamic cell over all its functions: how its invocations started and what its idle containers cost.
 *
 * @param labels   the Execution Mode labels of its rows, in read order (empty for a cell sampled but never invoked)
 * @param rows     its metrics rows, all functions
 * @param idleGbS  idle memory over all nodes and functions, GB·s; empty when pool.csv has no samples of it
 * @param samples  its pool.csv rows
 * @param spanS    seconds from its first pool sample to its last
 */
public record CellSummary(CellKey key, List<String> labels, int rows, StartMix mix, OptionalDouble idleGbS,
                          int samples, double spanS) {
    public static final String NO_ROWS = "(no invocations)";

    public CellSummary {
        labels = List.copyOf(labels);
    }

    /** The labels as one name; a cell normally has exactly one. */
    public String label() {
        return labels.isEmpty() ? NO_ROWS : String.join(" / ", labels);
    }

    /** Every cell that has dynamic rows or pool samples, sorted by key. */
    public static List<CellSummary> all(List<MetricsRecord> records, PoolCells pool) {
        Map<CellKey, List<MetricsRecord>> rows = new TreeMap<>();
        for (MetricsRecord r : records) {
            if (r.mode() == ExecutionMode.DYNAMIC) {
                rows.computeIfAbsent(CellKey.of(r), k -> new ArrayList<>()).add(r);
            }
        }
        Set<CellKey> keys = new TreeSet<>(rows.keySet());
        keys.addAll(pool.cells());
        List<CellSummary> out = new ArrayList<>();
        for (CellKey k : keys) {
            List<MetricsRecord> of = rows.getOrDefault(k, List.of());
            Set<String> labels = new LinkedHashSet<>();
            of.forEach(r -> labels.add(Grouping.label(r)));
            out.add(new CellSummary(k, List.copyOf(labels), of.size(), StartMix.of(of), pool.idleGbSeconds(k),
                    pool.samples(k).size(), pool.spanSeconds(k)));
        }
        return List.copyOf(out);
    }
}
