package faastestbed.gateway.node;

import java.time.Instant;

/**
 * One background reading of a node's load, as % of the node's own CPU and memory limits, and of its engine.
 */
public record LoadSample(double cpuPercent, double ramPercent, double cpuLimitCores, long memLimitBytes, Instant at,
                         EngineState engine) {
    public static final LoadSample NONE = new LoadSample(Double.NaN, Double.NaN, Double.NaN, -1, Instant.EPOCH,
            EngineState.UNKNOWN);
}
