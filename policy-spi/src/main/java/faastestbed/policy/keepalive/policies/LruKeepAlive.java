package faastestbed.policy.keepalive.policies;

import faastestbed.policy.keepalive.ContainerView;
import faastestbed.policy.keepalive.KeepAlivePolicy;
import faastestbed.policy.keepalive.PoolView;

import java.time.Duration;

/**
 * Keeps idle containers until memory is needed, then evicts the least recently used first: keep-alive as a cache
 * (FaasCache's LRU baseline; OpenWhisk's eviction order without its idle timeout).
 */
public class LruKeepAlive implements KeepAlivePolicy {
    public static final String NAME = "lru";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Duration keepAlive(ContainerView idle, PoolView pool) {
        return FOREVER;
    }
}
