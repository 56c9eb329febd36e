package faastestbed.common.metrics;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of results/pool.csv: the containers of one function on one node at one moment of a dynamic cell.
 * Idle memory integrated over time (memory-seconds) is what a keep-alive policy pays for its warm starts.
 *
 * @param intervalS     seconds this sample stands for (the sampling interval), so sums over rows integrate exactly
 * @param idle          containers ready and serving nothing
 * @param busy          containers serving at least one call, or starting
 * @param memoryMb      memory limit of all of them
 * @param idleMemoryMb  memory limit of the idle ones
 * @param capacityMb    the node's memory for function containers
 */
public record PoolSample(Instant timestamp, double intervalS, String runId, String cell, String policy,
                         String keepAlive, String node, String function, int idle, int busy, long memoryMb,
                         long idleMemoryMb, long capacityMb) {
    public PoolSample {
        Objects.requireNonNull(timestamp, "timestamp");
        runId = Objects.requireNonNullElse(runId, "");
        cell = Objects.requireNonNullElse(cell, "");
        policy = Objects.requireNonNullElse(policy, "");
        keepAlive = Objects.requireNonNullElse(keepAlive, "");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(function, "function");
    }

    /** Idle memory over this sample's interval, in MB·s. */
    public double idleMemoryMbSeconds() {
        return idleMemoryMb * intervalS;
    }
}
