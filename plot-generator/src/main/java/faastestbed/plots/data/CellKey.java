package faastestbed.plots.data;

import faastestbed.common.metrics.MetricsRecord;
import faastestbed.common.metrics.PoolSample;
import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationPath;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One dynamic cell: what ties metrics rows to the pool samples of the same cell. Ordered by run, cell, policy,
 * keep-alive, so tables and charts list cells the same way every time.
 */
public record CellKey(String runId, String cell, String policy, String keepAlive) implements Comparable<CellKey> {
    private static final Comparator<CellKey> ORDER = Comparator.comparing(CellKey::runId).thenComparing(CellKey::cell)
            .thenComparing(CellKey::policy).thenComparing(CellKey::keepAlive);

    public CellKey {
        runId = Objects.requireNonNullElse(runId, "");
        cell = Objects.requireNonNullElse(cell, "");
        policy = Objects.requireNonNullElse(policy, "");
        keepAlive = Objects.requireNonNullElse(keepAlive, "");
    }

    /** The row's cell; the keep-alive falls back to the label's tag for rows written without the column. */
    public static CellKey of(MetricsRecord r) {
        String keepAlive = r.container().keepAlive().isBlank()
                ? InvocationPath.keepAliveFromLabel(r.executionMode()) : r.container().keepAlive();
        return new CellKey(r.runId(), r.cell(), r.policy(), keepAlive);
    }

    public static CellKey of(PoolSample s) {
        return new CellKey(s.runId(), s.cell(), s.policy(), s.keepAlive());
    }

    /** The cells of the dynamic rows among {@code rows}, sorted; static rows have no pool and so no cell here. */
    public static List<CellKey> dynamicCells(Collection<MetricsRecord> rows) {
        return rows.stream().filter(r -> r.mode() == ExecutionMode.DYNAMIC).map(CellKey::of).distinct().sorted().toList();
    }

    @Override
    public int compareTo(CellKey o) {
        return ORDER.compare(this, o);
    }
}
