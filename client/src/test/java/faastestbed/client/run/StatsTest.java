package faastestbed.client.run;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatsTest {
    @Test
    void percentilesInterpolateLinearly() {
        double[] sorted = {1, 2, 3, 4};
        assertEquals(2.5, Stats.percentile(sorted, 0.5), 1e-12);
        assertEquals(3.85, Stats.percentile(sorted, 0.95), 1e-12); // position 2.85 → 3 + 0.85 x (4 - 3)
        assertEquals(1, Stats.percentile(sorted, 0), 1e-12);
        assertEquals(4, Stats.percentile(sorted, 1), 1e-12);
        assertEquals(7, Stats.percentile(new double[]{7}, 0.95), 1e-12);
    }

    @Test
    void ofSortsAndAverages() {
        Stats s = Stats.of(new double[]{10, 0, 5, 1, 4});
        assertEquals(5, s.n());
        assertEquals(4.0, s.mean(), 1e-12);
        assertEquals(4.0, s.p50(), 1e-12);
        assertEquals(9.0, s.p95(), 1e-12); // position 3.8 → 5 + 0.8 x 5
    }

    @Test
    void emptyIsNaN() {
        Stats s = Stats.of(new double[0]);
        assertEquals(0, s.n());
        assertTrue(Double.isNaN(s.mean()) && Double.isNaN(s.p50()) && Double.isNaN(s.p95()));
    }
}
