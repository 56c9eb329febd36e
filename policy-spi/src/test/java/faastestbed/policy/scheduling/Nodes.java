package faastestbed.policy.scheduling;

import java.util.List;
import java.util.Optional;

/** Small builders for policy tests. */
public final class Nodes {
    private Nodes() {
    }

    public static ClusterSnapshot snapshot(NodeView... nodes) {
        return new ClusterSnapshot("fn", List.of(nodes));
    }

    public static NodeView node(String name, double cpu, double ram) {
        return NodeView.idle(name).withLoad(cpu, ram);
    }

    public static String name(Optional<NodeView> choice) {
        return choice.map(NodeView::name).orElse(null);
    }
}
