package faastestbed.gateway.namespace;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts each namespace's invocations in flight against its limit; a call over the limit is not let in. */
public final class NamespaceGate {
    private final ConcurrentMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    /** @param limit 0: none */
    public boolean tryEnter(String namespace, int limit) {
        AtomicInteger n = inFlight.computeIfAbsent(namespace, k -> new AtomicInteger());
        while (true) {
            int cur = n.get();
            if (limit > 0 && cur >= limit) {
                return false;
            }
            if (n.compareAndSet(cur, cur + 1)) {
                return true;
            }
        }
    }

    public void leave(String namespace) {
        inFlight.get(namespace).decrementAndGet();
    }

    public int inFlight(String namespace) {
        AtomicInteger n = inFlight.get(namespace);
        return n == null ? 0 : n.get();
    }
}
