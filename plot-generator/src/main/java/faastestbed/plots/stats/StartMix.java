package faastestbed.plots.stats;

import faastestbed.common.metrics.MetricsRecord;
import faastestbed.common.model.StartType;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * How the containers of a set of invocations started. Rows without a known start type (rejected before a
 * container was chosen) are counted apart and left out of every share, so they neither dilute nor inflate it.
 *
 * @param counts  rows per start type (every type present, zero when none)
 * @param unknown rows whose start type is not known
 */
public record StartMix(Map<StartType, Integer> counts, int unknown) {
    public StartMix {
        EnumMap<StartType, Integer> all = new EnumMap<>(StartType.class);
        for (StartType t : StartType.values()) {
            all.put(t, counts.getOrDefault(t, 0));
        }
        counts = Map.copyOf(all);
    }

    public static StartMix of(Collection<MetricsRecord> rows) {
        EnumMap<StartType, Integer> counts = new EnumMap<>(StartType.class);
        int unknown = 0;
        for (MetricsRecord r : rows) {
            StartType t = r.container().startType();
            if (t == null) {
                unknown++;
            } else {
                counts.merge(t, 1, Integer::sum);
            }
        }
        return new StartMix(counts, unknown);
    }

    public int count(StartType t) {
        return counts.get(t);
    }

    /** Rows with a known start type: the denominator of every share. */
    public int known() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Percentage of the known rows that started this way; empty when none is known. */
    public OptionalDouble percent(StartType t) {
        int known = known();
        return known == 0 ? OptionalDouble.empty() : OptionalDouble.of(100.0 * count(t) / known);
    }

    /**
     * Percentage of the known rows that waited for a container start (cold or image-cached): the cost side a
     * keep-alive policy trades against idle memory.
     */
    public OptionalDouble coldStartPercent() {
        int known = known();
        if (known == 0) {
            return OptionalDouble.empty();
        }
        int started = 0;
        for (StartType t : StartType.values()) {
            if (t.started()) {
                started += count(t);
            }
        }
        return OptionalDouble.of(100.0 * started / known);
    }
}
