package faastestbed.plots.table;

import faastestbed.plots.data.Group;
import faastestbed.plots.stats.LatencyStats;

import faastestbed.common.model.Failure;

import java.util.Optional;

/**
 * One line of the metrics table.
 *
 * @param failed     rows with status failed or rejected
 * @param functionFailures rows the function failed (non-zero exit, its handler answered an error)
 * @param platformFailures rows the platform failed (SSH, the node's engine, a container start, a timeout)
 * @param retried    rows tried on a second node after a platform failure before the function started
 * @param mismatched rows whose State Check is mismatch (whatever their status)
 * @param latency    statistics of the OK rows; empty when there are none
 */
public record GroupSummary(String function, String label, int count, int ok, int failed, int functionFailures,
                           int platformFailures, int retried, int mismatched, Optional<LatencyStats> latency) {

    /** A summary without the failure breakdown (all failures of unknown kind, nothing retried). */
    public GroupSummary(String function, String label, int count, int ok, int failed, int mismatched,
                        Optional<LatencyStats> latency) {
        this(function, label, count, ok, failed, 0, 0, 0, mismatched, latency);
    }

    public static GroupSummary of(Group g) {
        double[] ok = g.okSeconds();
        return new GroupSummary(g.function(), g.label(), g.rows().size(), ok.length, g.failed(),
                g.failed(Failure.FUNCTION), g.failed(Failure.PLATFORM), g.retried(), g.mismatched(),
                ok.length == 0 ? Optional.empty() : Optional.of(LatencyStats.of(ok)));
    }
}
