package faastestbed.policy.keepalive.policies;

import faastestbed.policy.keepalive.ContainerView;
import faastestbed.policy.keepalive.KeepAlivePolicy;
import faastestbed.policy.keepalive.PoolView;

import java.time.Duration;

/**
 * Keeps an idle container for a fixed time after its last call (OpenWhisk and AWS Lambda: 10 minutes; Azure
 * Functions: 20), evicting the least recently used first when memory is needed. {@code fixed-ttl:30s} sets the time.
 */
public class FixedTtlKeepAlive implements KeepAlivePolicy {
    public static final String NAME = "fixed-ttl";
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

    private final Duration ttl;

    public FixedTtlKeepAlive() {
        this(DEFAULT_TTL);
    }

    public FixedTtlKeepAlive(Duration ttl) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("a keep-alive time cannot be negative: " + ttl);
        }
        this.ttl = ttl;
    }

    public Duration ttl() {
        return ttl;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Duration keepAlive(ContainerView idle, PoolView pool) {
        return ttl;
    }

    @Override
    public KeepAlivePolicy withArgument(String argument) {
        return new FixedTtlKeepAlive(KeepAlivePolicy.parseDuration(argument));
    }
}
