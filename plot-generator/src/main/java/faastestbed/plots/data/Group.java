package faastestbed.plots.data;

import faastestbed.common.metrics.MetricsRecord;
import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.StateCheck;

import java.util.List;
import java.util.Optional;

/**
 * The rows of one function under one "Execution Mode" label (e.g. "Round Robin - Cold"), in read order.
 *
 * @param mode the mode the label names, or else the Mode column of its rows; empty if neither says
 */
public record Group(String function, String label, Optional<ExecutionMode> mode, List<MetricsRecord> rows) {
    public Group {
        rows = List.copyOf(rows);
    }

    public List<MetricsRecord> okRows() {
        return rows.stream().filter(MetricsRecord::ok).toList();
    }

    /** Execution times of the rows with status OK, the only ones latency statistics use. */
    public double[] okSeconds() {
        return rows.stream().filter(MetricsRecord::ok).mapToDouble(MetricsRecord::executionTimeS).toArray();
    }

    /** Rows that did not succeed: status failed or rejected. */
    public int failed() {
        return (int) rows.stream().filter(r -> !r.ok()).count();
    }

    /** Failed rows of one kind: the function's own, or the platform's. */
    public int failed(faastestbed.common.model.Failure kind) {
        return (int) rows.stream().filter(r -> !r.ok() && r.failure() == kind).count();
    }

    /** Rows that were tried on more than one node. */
    public int retried() {
        return (int) rows.stream().filter(r -> r.attempts() > 1).count();
    }

    /** Whether it ran in the dynamic mode (by its label or any row's mode): the only mode with a pool to sample. */
    public boolean dynamic() {
        return mode.filter(m -> m == ExecutionMode.DYNAMIC).isPresent()
                || rows.stream().anyMatch(r -> r.mode() == ExecutionMode.DYNAMIC);
    }

    /** Rows whose node was not in the state the mode promised (kept in the statistics, but counted). */
    public int mismatched() {
        return (int) rows.stream().filter(r -> r.stateCheck() == StateCheck.MISMATCH).count();
    }
}
