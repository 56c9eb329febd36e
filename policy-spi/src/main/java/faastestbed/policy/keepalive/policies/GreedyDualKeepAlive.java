package faastestbed.policy.keepalive.policies;

import faastestbed.policy.keepalive.ContainerView;
import faastestbed.policy.keepalive.FunctionUsage;
import faastestbed.policy.keepalive.KeepAlivePolicy;
import faastestbed.policy.keepalive.PoolView;

import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * FaasCache's Greedy-Dual keep-alive (Fuerst and Sharma, ASPLOS'21): containers stay until memory is needed; the
 * one evicted first has the lowest priority = clock + frequency × cold-start cost / memory, where the clock of a
 * node is the priority of the last container evicted there and is added when a container is used, so containers
 * not used for a long time age out. Frequency is the function's calls on the node, cost what starting its
 * containers there has cost on average (pull + start until ready).
 */
public class GreedyDualKeepAlive implements KeepAlivePolicy {
    public static final String NAME = "greedy-dual";
    /** Cost of a container whose start was never measured: a typical image-cached start on a 0.5-CPU node. */
    static final double UNKNOWN_COST_MS = 800;

    private final Map<String, Double> clocks = new ConcurrentHashMap<>();
    /** The node clock when each container was last used (or started), keyed by node and container. */
    private final Map<String, Double> clockAtUse = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Duration keepAlive(ContainerView idle, PoolView pool) {
        return FOREVER;
    }

    @Override
    public Comparator<ContainerView> evictionOrder(PoolView pool) {
        return Comparator.comparingDouble((ContainerView c) -> priority(c, pool))
                .thenComparing(ContainerView::lastUsedAt).thenComparing(ContainerView::id);
    }

    /** The container's Greedy-Dual priority on its node now; lower goes first. */
    public double priority(ContainerView c, PoolView pool) {
        FunctionUsage u = pool.usage(c.function());
        double cost = c.startCostMs() >= 0 ? c.startCostMs() : Double.isNaN(u.meanStartMs()) ? UNKNOWN_COST_MS : u.meanStartMs();
        double frequency = Math.max(1, u.invocations());
        double clock = clockAtUse.getOrDefault(key(pool.node(), c.id()), 0.0);
        return clock + frequency * cost / Math.max(1, c.memoryMb());
    }

    @Override
    public void used(ContainerView container, PoolView pool) {
        clockAtUse.put(key(pool.node(), container.id()), clocks.getOrDefault(pool.node(), 0.0));
    }

    @Override
    public void evicted(ContainerView container, PoolView pool) {
        double p = priority(container, pool);
        clocks.merge(pool.node(), p, Math::max);
        clockAtUse.remove(key(pool.node(), container.id()));
    }

    public double clock(String node) {
        return clocks.getOrDefault(node, 0.0);
    }

    @Override
    public void reset() {
        clocks.clear();
        clockAtUse.clear();
    }

    private static String key(String node, String container) {
        return node + "\0" + container;
    }
}
