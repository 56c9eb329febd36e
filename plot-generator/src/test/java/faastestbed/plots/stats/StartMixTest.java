package faastestbed.plots.stats;

import faastestbed.common.metrics.ContainerUse;
import faastestbed.common.metrics.MetricsRecord;
import faastestbed.common.metrics.Timings;
import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationPath;
import faastestbed.common.model.InvocationStatus;
import faastestbed.common.model.StartType;
import faastestbed.common.model.StateCheck;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static faastestbed.common.model.StartType.COLD;
import static faastestbed.common.model.StartType.IMAGE_CACHED;
import static faastestbed.common.model.StartType.PREWARMED;
import static faastestbed.common.model.StartType.WARM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartMixTest {
    private static MetricsRecord row(StartType t) {
        return new MetricsRecord("f", "n", 1, 1, "P - Dynamic [ttl] (handler)", 0.1, null, "", "r", "", "p",
                ExecutionMode.DYNAMIC, InvocationStatus.OK, 0, StateCheck.UNKNOWN, Timings.NONE, InvocationPath.HANDLER,
                Double.NaN, -1, -1, ContainerUse.of(t));
    }

    private static List<MetricsRecord> rows(StartType t, int n) {
        List<MetricsRecord> r = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            r.add(row(t));
        }
        return r;
    }

    @Test
    void threeColdOfTenIsThirtyPercentAndUnknownRowsAreLeftOut() {
        List<MetricsRecord> all = new ArrayList<>(rows(COLD, 3));
        all.addAll(rows(WARM, 5));
        all.addAll(rows(PREWARMED, 2));
        all.addAll(rows(null, 4));

        StartMix m = StartMix.of(all);

        assertEquals(10, m.known());
        assertEquals(4, m.unknown());
        assertEquals(30.0, m.percent(COLD).orElseThrow(), 1e-9);
        assertEquals(50.0, m.percent(WARM).orElseThrow(), 1e-9);
        assertEquals(0.0, m.percent(IMAGE_CACHED).orElseThrow(), 1e-9);
        assertEquals(30.0, m.coldStartPercent().orElseThrow(), 1e-9);
    }

    @Test
    void imageCachedCountsAsAColdStart() {
        List<MetricsRecord> all = new ArrayList<>(rows(COLD, 1));
        all.addAll(rows(IMAGE_CACHED, 1));
        all.addAll(rows(WARM, 2));
        assertEquals(50.0, StartMix.of(all).coldStartPercent().orElseThrow(), 1e-9);
    }

    @Test
    void noKnownStartTypeHasNoShares() {
        StartMix m = StartMix.of(rows(null, 3));
        assertEquals(0, m.known());
        assertTrue(m.coldStartPercent().isEmpty());
        assertTrue(m.percent(COLD).isEmpty());
        assertEquals(Map.of(COLD, 0, IMAGE_CACHED, 0, WARM, 0, PREWARMED, 0), StartMix.of(List.of()).counts());
    }
}
