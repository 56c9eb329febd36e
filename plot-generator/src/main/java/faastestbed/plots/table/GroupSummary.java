package faastestbed.plots.table;

import faastestbed.plots.data.Group;
import faastestbed.plots.stats.LatencyStats;

import java.util.Optional;

/**
 * One line of the metrics table.
 *
 * @param failed     rows with status failed or rejected
 * @param mismatched rows whose State Check is mismatch (whatever their status)
 * @param latency    statistics of the OK rows; empty when there are none
 */
public record GroupSummary(String function, String label, int count, int ok, int failed, int mismatched,
                           Optional<LatencyStats> latency) {

    public static GroupSummary of(Group g) {
        double[] ok = g.okSeconds();
        return new GroupSummary(g.function(), g.label(), g.rows().size(), ok.length, g.failed(), g.mismatched(),
                ok.length == 0 ? Optional.empty() : Optional.of(LatencyStats.of(ok)));
    }
}
