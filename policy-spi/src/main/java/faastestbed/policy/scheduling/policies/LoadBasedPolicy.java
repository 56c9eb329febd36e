package faastestbed.policy.scheduling.policies;

import faastestbed.policy.scheduling.ClusterSnapshot;
import faastestbed.policy.scheduling.NodeView;
import faastestbed.policy.scheduling.SchedulingPolicy;

import java.util.Comparator;
import java.util.Optional;

/**
 * Filter, then score: nodes at or above the RAM threshold are skipped (seed 003 used 90 %), the rest are
 * ranked by one comparator. Subclasses only say how to rank, the way Flink's slot selection strategies do.
 * Nodes without a load sample yet count as idle (0 %), so a fresh cluster is usable at once.
 */
public abstract class LoadBasedPolicy implements SchedulingPolicy {
    public static final double DEFAULT_RAM_THRESHOLD = 90.0;

    private final double ramThreshold;

    protected LoadBasedPolicy(double ramThreshold) {
        if (!(ramThreshold > 0 && ramThreshold <= 100)) {
            throw new IllegalArgumentException("RAM threshold must be in (0, 100], was " + ramThreshold);
        }
        this.ramThreshold = ramThreshold;
    }

    public double ramThreshold() {
        return ramThreshold;
    }

    /** Best node first. Must be total (end with the name) so that equal loads give a reproducible choice. */
    protected abstract Comparator<NodeView> ranking();

    @Override
    public final Optional<NodeView> select(ClusterSnapshot snapshot) {
        return snapshot.candidates().stream()
                .filter(n -> ram(n) < ramThreshold)
                .min(ranking());
    }

    protected static double cpu(NodeView n) {
        return Double.isNaN(n.cpuPercent()) ? 0 : n.cpuPercent();
    }

    protected static double ram(NodeView n) {
        return Double.isNaN(n.ramPercent()) ? 0 : n.ramPercent();
    }
}
