package faastestbed.policy.scheduling;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The cluster as one invocation sees it: every registered node, ordered by name so that decisions are
 * reproducible, the function being scheduled and the memory one container of it needs. A {@link NodeList} is
 * taken as it is (it is in name order by contract); any other list is copied in name order.
 *
 * @param memoryMb memory of one container of the function (0: unknown or unlimited)
 */
public record ClusterSnapshot(String function, long memoryMb, List<NodeView> nodes) {
    public ClusterSnapshot {
        Objects.requireNonNull(function, "function");
        if (!(nodes instanceof NodeList)) {
            nodes = nodes.stream().sorted(Comparator.comparing(NodeView::name)).toList();
        }
    }

    public ClusterSnapshot(String function, List<NodeView> nodes) {
        this(function, 0, nodes);
    }

    /** The same decision over fewer nodes (e.g. one tier of a tiered policy). */
    public ClusterSnapshot withNodes(List<NodeView> subset) {
        return new ClusterSnapshot(function, memoryMb, subset);
    }

    /** Nodes a policy may pick: the healthy ones. Policies filter further by their own rules. */
    public List<NodeView> candidates() {
        if (nodes instanceof NodeList list && list.allHealthy()) {
            return nodes;
        }
        return nodes.stream().filter(NodeView::healthy).toList();
    }

    public boolean isEmpty() {
        return nodes.isEmpty();
    }
}
