package faastestbed.gateway.scheduling.policies;

import faastestbed.gateway.scheduling.ClusterSnapshot;
import faastestbed.gateway.scheduling.NodeView;
import faastestbed.gateway.scheduling.SchedulingPolicy;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** Each healthy node in turn, by name order. The cursor is the policy's only state. */
@Singleton
public class RoundRobinPolicy implements SchedulingPolicy {
    public static final String NAME = "round-robin";

    private final AtomicLong cursor = new AtomicLong();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<NodeView> select(ClusterSnapshot snapshot) {
        List<NodeView> candidates = snapshot.candidates();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(candidates.get((int) Math.floorMod(cursor.getAndIncrement(), (long) candidates.size())));
    }
}
