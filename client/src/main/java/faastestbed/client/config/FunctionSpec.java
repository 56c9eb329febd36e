package faastestbed.client.config;

import java.util.List;
import java.util.Objects;

/**
 * A function as registered with the gateway.
 *
 * @param keepAlive      what a warmed container runs to stay up for {@code docker exec}; empty: the gateway's default
 * @param handler        argv of the resident HTTP process the gateway invokes through; empty: none (exec only)
 * @param timeoutSeconds the function's timeout; null: the gateway's default
 * @param pool           how the dynamic mode sizes and keeps the function's containers
 */
public record FunctionSpec(String name, String image, List<String> command, List<String> keepAlive,
                           List<String> handler, Integer timeoutSeconds, Pool pool) {
    public FunctionSpec {
        command = List.copyOf(command);
        keepAlive = List.copyOf(keepAlive);
        handler = List.copyOf(handler);
        pool = Objects.requireNonNull(pool);
    }

    /**
     * Per-function container settings; each null one is left out of the registration, so the gateway's default
     * applies rather than a copy of it that could drift.
     *
     * @param memoryMb      container memory limit (MB)
     * @param concurrency   calls one container serves at once
     * @param minIdle       idle containers kept per node
     * @param maxContainers containers per node; 0: bounded only by the node's memory
     */
    public record Pool(Integer memoryMb, Integer concurrency, Integer minIdle, Integer maxContainers) {
        public static final Pool GATEWAY_DEFAULTS = new Pool(null, null, null, null);
    }
}
