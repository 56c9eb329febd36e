package faastestbed.policy.keepalive.policies;

import faastestbed.policy.keepalive.ContainerView;
import faastestbed.policy.keepalive.KeepAlivePolicy;
import faastestbed.policy.keepalive.PoolView;

import java.time.Duration;

/** Removes every container as soon as its call ends: every call starts a container (the baseline of no warmth). */
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
