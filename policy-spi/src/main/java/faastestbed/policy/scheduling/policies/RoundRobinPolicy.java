package faastestbed.policy.scheduling.policies;

import faastestbed.policy.scheduling.ClusterSnapshot;
import faastestbed.policy.scheduling.NodeView;
import faastestbed.policy.scheduling.SchedulingPolicy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each healthy node in turn, by name order, with one cursor per function: with one global cursor, two functions
 * called alternately on an even number of nodes would each get every other node only, piling each function's
 * containers onto half the cluster.
 */
public class RoundRobinPolicy implements SchedulingPolicy {
    public static final String NAME = "round-robin";

    private final Map<String, AtomicLong> cursors = new ConcurrentHashMap<>();

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
        long turn = cursors.computeIfAbsent(snapshot.function(), f -> new AtomicLong()).getAndIncrement();
        return Optional.of(candidates.get((int) Math.floorMod(turn, (long) candidates.size())));
    }

    @Override
    public void reset() {
        cursors.clear();
    }
}
