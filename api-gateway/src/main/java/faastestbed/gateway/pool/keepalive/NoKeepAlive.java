package faastestbed.gateway.pool.keepalive;

import faastestbed.gateway.pool.ContainerView;
import faastestbed.gateway.pool.KeepAlivePolicy;
import faastestbed.gateway.pool.PoolView;
import jakarta.inject.Singleton;

import java.time.Duration;

/** Removes every container as soon as its call ends: every call starts a container (the baseline of no warmth). */
@Singleton
public class NoKeepAlive implements KeepAlivePolicy {
    public static final String NAME = "none";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Duration keepAlive(ContainerView idle, PoolView pool) {
        return Duration.ZERO;
    }
}
