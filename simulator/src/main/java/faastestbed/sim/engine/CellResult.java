package faastestbed.sim.engine;

import faastestbed.client.run.Stats;
import faastestbed.common.model.StartType;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one simulated cell produced, beyond its rows.
 *
 * @param responseMs     response time of every answered call (ok), in completion order
 * @param idleMbSeconds  memory of idle containers integrated over the cell, MB·s
 * @param spanS          simulated seconds from the first arrival to the last answer
 */
public record CellResult(String tag, long calls, long ok, long rejected, double[] responseMs,
                         Map<StartType, Long> startTypes, double idleMbSeconds, double spanS, long events,
                         long wallNanos) {
    public CellResult {
        responseMs = responseMs.clone();
        Arrays.sort(responseMs);
        startTypes = Map.copyOf(startTypes.isEmpty() ? new EnumMap<>(StartType.class) : startTypes);
    }

    public double meanMs() {
        return Arrays.stream(responseMs).average().orElse(Double.NaN);
    }

    /** Type-7 quantile (linear interpolation), as the client and the plots compute it. */
    public double quantileMs(double q) {
        return Stats.percentile(responseMs, q);
    }

    public double coldShare() {
        long started = startTypes.getOrDefault(StartType.COLD, 0L) + startTypes.getOrDefault(StartType.IMAGE_CACHED, 0L);
        long all = startTypes.values().stream().mapToLong(Long::longValue).sum();
        return all == 0 ? Double.NaN : (double) started / all;
    }

    public double eventsPerSecond() {
        return wallNanos == 0 ? Double.NaN : events / (wallNanos / 1e9);
    }
}
