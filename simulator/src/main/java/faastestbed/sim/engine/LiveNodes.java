package faastestbed.sim.engine;

import faastestbed.common.model.ExecutionMode;
import faastestbed.policy.scheduling.NodeList;
import faastestbed.policy.scheduling.NodeView;

/**
 * The simulated cluster as one decision sees it: a node's view is built when the policy reads it (and reused while
 * the node is unchanged), so a policy that reads two of 1 000 nodes pays for two. Valid for one decision only: the
 * simulation closes it before anything moves, and a policy that kept it and read it later would get an error rather
 * than a picture that changed under it.
 */
final class LiveNodes extends NodeList {
    private final SimNode[] nodes;
    private final FunctionModel function;
    private final ExecutionMode mode;
    private boolean open = true;

    LiveNodes(SimNode[] nodes, FunctionModel function, ExecutionMode mode) {
        this.nodes = nodes;
        this.function = function;
        this.mode = mode;
    }

    @Override
    public NodeView get(int index) {
        if (!open) {
            throw new IllegalStateException("a simulated cluster snapshot is valid only during the decision it was made for");
        }
        return nodes[index].view(function, mode);
    }

    @Override
    public int size() {
        return nodes.length;
    }

    @Override
    public boolean allHealthy() {
        return true;
    }

    void close() {
        open = false;
    }
}
