package faastestbed.policy.keepalive;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where a call goes within one node's pool: a pure function of the pool's view, the function's demand and the
 * keep-alive policy's eviction order (OpenWhisk's ContainerPool.schedule and remove, in one decision).
 */
public final class Placement {

    /** The outcome of one decision. */
    public sealed interface Decision {
    }

    /** A ready container of the function with a free slot takes the call. */
    public record Reuse(ContainerView container) implements Decision {
    }

    /** Start a new container, after evicting these idle ones (in this order) to make room. */
    public record Start(List<ContainerView> evict) implements Decision {
        public Start {
            evict = List.copyOf(evict);
        }
    }

    /** Nothing fits now; a container ending a call or being removed may change that. */
    public record Wait(String reason) implements Decision {
    }

    /** It can never fit on this node. */
    public record Never(String reason) implements Decision {
    }

    private Placement() {
    }

    public static Decision decide(PoolView pool, Demand demand, KeepAlivePolicy keepAlive) {
        if (demand.memoryMb() > pool.capacityMb()) {
            return new Never("function '" + demand.function() + "' needs " + demand.memoryMb() + " MB and node '"
                    + pool.node() + "' offers " + pool.capacityMb() + " MB to containers");
        }
        List<ContainerView> mine = pool.of(demand.function());
        // Among containers with a free slot: the busiest first (pack calls, so spare containers can expire), then
        // the most recently used (its caches are the warmest, and the least recently used ones age out).
        var reusable = mine.stream().filter(ContainerView::hasFreeSlot)
                .max(Comparator.comparingInt(ContainerView::inFlight)
                        .thenComparing(ContainerView::lastUsedAt)
                        .thenComparing(ContainerView::id, Comparator.reverseOrder()));
        if (reusable.isPresent()) {
            return new Reuse(reusable.get());
        }
        if (demand.maxContainers() > 0 && mine.size() >= demand.maxContainers()) {
            return new Wait("function '" + demand.function() + "' has its maximum of " + demand.maxContainers()
                    + " container(s) on node '" + pool.node() + "', all busy");
        }
        long missing = demand.memoryMb() - pool.freeMb();
        if (missing <= 0) {
            return new Start(List.of());
        }
        List<ContainerView> order = pool.idle().stream().sorted(keepAlive.evictionOrder(pool)).toList();
        List<ContainerView> evict = new ArrayList<>();
        long freed = 0;
        for (ContainerView c : order) {
            if (freed >= missing) {
                break;
            }
            evict.add(c);
            freed += c.memoryMb();
        }
        if (freed >= missing) {
            return new Start(evict);
        }
        return new Wait("node '" + pool.node() + "' has " + pool.freeMb() + " MB free and " + pool.idleMb()
                + " MB in idle containers; function '" + demand.function() + "' needs " + demand.memoryMb() + " MB");
    }
}
