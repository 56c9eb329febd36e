package faastestbed.policy.keepalive;

import java.util.Objects;

/**
 * What a function asks of a node's pool (registered with the function).
 *
 * @param memoryMb      memory limit of each container
 * @param concurrency   calls one container serves at once (1 as on Lambda and OpenWhisk; more as Knative's
 *                      containerConcurrency)
 * @param minIdle       idle containers the pool keeps per node, started ahead (OpenWhisk's prewarm count, Knative's
 *                      minScale); they are exempt from expiry
 * @param maxContainers containers of the function per node at most; 0: only memory bounds them
 */
public record Demand(String function, int memoryMb, int concurrency, int minIdle, int maxContainers) {
    public static final int DEFAULT_MEMORY_MB = 128;

    public Demand {
        Objects.requireNonNull(function, "function");
        if (memoryMb < 6) {
            throw new IllegalArgumentException("memoryMb must be at least 6 (docker's minimum), got " + memoryMb);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        if (minIdle < 0 || maxContainers < 0) {
            throw new IllegalArgumentException("minIdle and maxContainers cannot be negative");
        }
        if (maxContainers > 0 && minIdle > maxContainers) {
            throw new IllegalArgumentException("minIdle (" + minIdle + ") cannot exceed maxContainers (" + maxContainers + ")");
        }
    }

    public static Demand defaults(String function) {
        return new Demand(function, DEFAULT_MEMORY_MB, 1, 0, 0);
    }
}
