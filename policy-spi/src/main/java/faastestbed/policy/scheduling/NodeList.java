package faastestbed.policy.scheduling;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * Nodes already in name order, taken by {@link ClusterSnapshot} as they are instead of as a sorted copy. An engine
 * with many nodes (the simulator, at 1 000 nodes and a million decisions) implements it over its own arrays and
 * creates a {@link NodeView} only when a policy reads that node: a policy that looks at two nodes then pays for two,
 * not for a thousand. The list cannot be modified, and its engine changes nothing while a decision runs, so the
 * policy still sees one consistent picture.
 */
public abstract class NodeList extends AbstractList<NodeView> implements RandomAccess {

    /** Whether every node is healthy; {@link ClusterSnapshot#candidates()} is then this list itself. */
    public abstract boolean allHealthy();
}
