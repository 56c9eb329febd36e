package faastestbed.gateway.scheduling.policies;

import faastestbed.policy.scheduling.ClusterSnapshot;
import faastestbed.policy.scheduling.NodeView;
import faastestbed.policy.scheduling.SchedulingPolicy;
import jakarta.inject.Singleton;

import java.util.Comparator;
import java.util.Optional;

/**
 * The README's example of a policy added to the gateway as one class: the healthy node with the fewest in-flight
 * invocations, ties by name. Kept as real code so the example compiles and the catalog is seen to pick it up.
 */
@Singleton
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
