package faastestbed.plots.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BoxStatsTest {
    @Test
    void quartilesWhiskersAndOutliers() {
        // Sorted: 1 1.5 2 3 4 5 6 7 8 100. Type 7: Q1 = 2.25, median = 4.5, Q3 = 6.75; IQR 4.5, upper fence 13.5.
        BoxStats b = BoxStats.of(new double[]{100, 1, 2, 3, 4, 5, 6, 7, 8, 1.5});
        assertEquals(2.25, b.q1(), 1e-12);
        assertEquals(4.5, b.median(), 1e-12);
        assertEquals(6.75, b.q3(), 1e-12);
        assertEquals(1, b.lowWhisker(), 0);
        assertEquals(8, b.highWhisker(), 0);
        assertArrayEquals(new double[]{100}, b.outliers());
    }

    @Test
    void singleValue() {
        BoxStats b = BoxStats.of(new double[]{0.5});
        assertEquals(new BoxStats(0.5, 0.5, 0.5, 0.5, 0.5, new double[0]), b);
    }
}
