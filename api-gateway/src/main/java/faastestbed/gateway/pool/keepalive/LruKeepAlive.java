package faastestbed.gateway.pool.keepalive;

import faastestbed.gateway.pool.ContainerView;
import faastestbed.gateway.pool.KeepAlivePolicy;
import faastestbed.gateway.pool.PoolView;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Keeps idle containers until memory is needed, then evicts the least recently used first: keep-alive as a cache
 * (FaasCache's LRU baseline; OpenWhisk's eviction order without its idle timeout).
 */
@Singleton
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
