package faastestbed.policy.keepalive;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One node's container pool at one instant, immutable: what keep-alive policies and the placement decision read.
 *
 * @param capacityMb memory the node offers to function containers
 * @param containers every container of the pool, starting or ready, ordered by id
 * @param usage      per function, what the pool has seen of it (a {@link UsageMap} is taken as it is, any other map
 *                   is copied)
 */
public record PoolView(String node, Instant now, long capacityMb, List<ContainerView> containers,
                       Map<String, FunctionUsage> usage) {
    public PoolView {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(now, "now");
        containers = inIdOrder(containers) ? List.copyOf(containers)
                : containers.stream().sorted(Comparator.comparing(ContainerView::id)).toList();
        usage = usage instanceof UsageMap ? usage : Map.copyOf(usage);
    }

    /** An engine that keeps its containers in id order (the simulator) pays a pass over them, not a sort. */
    private static boolean inIdOrder(List<ContainerView> containers) {
        for (int i = 1; i < containers.size(); i++) {
            if (containers.get(i - 1).id().compareTo(containers.get(i).id()) > 0) {
                return false;
            }
        }
        return true;
    }

    public long usedMb() {
        return containers.stream().mapToLong(ContainerView::memoryMb).sum();
    }

    public long freeMb() {
        return capacityMb - usedMb();
    }

    public long idleMb() {
        return idle().stream().mapToLong(ContainerView::memoryMb).sum();
    }

    public List<ContainerView> idle() {
        return containers.stream().filter(ContainerView::idle).toList();
    }

    public List<ContainerView> of(String function) {
        return containers.stream().filter(c -> c.function().equals(function)).toList();
    }

    public FunctionUsage usage(String function) {
        return usage.getOrDefault(function, new FunctionUsage(function, 0, 0, null, Double.NaN));
    }
}
