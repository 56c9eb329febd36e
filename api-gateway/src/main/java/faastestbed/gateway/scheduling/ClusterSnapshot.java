package faastestbed.gateway.scheduling;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The cluster as one invocation sees it: every registered node, ordered by name so that decisions are
 * reproducible, and the function being scheduled.
 */
public record ClusterSnapshot(String function, List<NodeView> nodes) {
    public ClusterSnapshot {
        Objects.requireNonNull(function, "function");
        nodes = nodes.stream().sorted(Comparator.comparing(NodeView::name)).toList();
    }

    /** Nodes a policy may pick: the healthy ones. Policies filter further by their own rules. */
    public List<NodeView> candidates() {
        return nodes.stream().filter(NodeView::healthy).toList();
    }

    public boolean isEmpty() {
        return nodes.isEmpty();
    }
}
