package faastestbed.policy.scheduling.policies;

import faastestbed.policy.scheduling.ClusterSnapshot;
import faastestbed.policy.scheduling.NodeView;
import faastestbed.policy.scheduling.SchedulingPolicy;

import java.util.Comparator;
import java.util.Optional;

/**
 * The README's example of a policy added as one class: the healthy node with the fewest in-flight invocations, ties by
 * name. Kept as real code so the example compiles, and so that both engines are seen to find it by its name alone.
 */
public class FewestInFlightPolicy implements SchedulingPolicy {
    public static final String NAME = "fewest-in-flight";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<NodeView> select(ClusterSnapshot snapshot) {
        return snapshot.candidates().stream()
                .min(Comparator.comparingInt(NodeView::inFlight).thenComparing(NodeView::name));
    }
}
