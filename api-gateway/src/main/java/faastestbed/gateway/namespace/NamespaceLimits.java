package faastestbed.gateway.namespace;

/**
 * What one namespace may use of the cluster; 0 means no limit.
 *
 * @param maxConcurrent   invocations of its functions running or queued at once, across all nodes
 * @param maxWarmMemoryMb memory of its containers in the dynamic pool (idle and busy), across all nodes
 */
public record NamespaceLimits(int maxConcurrent, long maxWarmMemoryMb) {
    public static final NamespaceLimits NONE = new NamespaceLimits(0, 0);

    public NamespaceLimits {
        if (maxConcurrent < 0 || maxConcurrent > 1_000_000) {
            throw new IllegalArgumentException("maxConcurrent must be between 0 (no limit) and 1000000");
        }
        if (maxWarmMemoryMb < 0 || maxWarmMemoryMb > 1L << 30) {
            throw new IllegalArgumentException("maxWarmMemoryMb must be between 0 (no limit) and 1073741824");
        }
    }
}
