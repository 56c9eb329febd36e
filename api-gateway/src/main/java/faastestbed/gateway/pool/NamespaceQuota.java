package faastestbed.gateway.pool;

import java.util.HashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Memory held by each namespace's containers across every node's pool, against the namespace's limit. Node pools
 * call it under their own lock and it never calls back, so locks are always taken in one order.
 */
public final class NamespaceQuota {
    private final ToLongFunction<String> limitMb;
    private final Map<String, Long> usedMb = new HashMap<>();

    /** @param limitMb a namespace's limit; 0: none */
    public NamespaceQuota(ToLongFunction<String> limitMb) {
        this.limitMb = limitMb;
    }

    public static NamespaceQuota unlimited() {
        return new NamespaceQuota(ns -> 0);
    }

    /** Whether taking {@code takeMb} after giving back {@code freedMb} stays within the limit. */
    public synchronized boolean fits(String namespace, long freedMb, long takeMb) {
        long limit = limitMb.applyAsLong(namespace);
        return limit <= 0 || used(namespace) - freedMb + takeMb <= limit;
    }

    /** Gives back {@code freedMb} and takes {@code takeMb} at once, or changes nothing and answers false. */
    public synchronized boolean swap(String namespace, long freedMb, long takeMb) {
        if (!fits(namespace, freedMb, takeMb)) {
            return false;
        }
        usedMb.put(namespace, Math.max(0, used(namespace) - freedMb + takeMb));
        return true;
    }

    public synchronized void give(String namespace, long mb) {
        usedMb.put(namespace, Math.max(0, used(namespace) - mb));
    }

    public synchronized long used(String namespace) {
        return usedMb.getOrDefault(namespace, 0L);
    }

    public long limit(String namespace) {
        return limitMb.applyAsLong(namespace);
    }
}
