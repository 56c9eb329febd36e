package faastestbed.plots.stats;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DescriptiveTest {
    private static final double[] ONE_TO_100 = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();

    @Test
    void percentilesOfOneToHundredAreType7() {
        // Same values as R quantile(type = 7) and numpy.percentile.
        assertEquals(50.5, Descriptive.percentile(ONE_TO_100, 0.50), 1e-12);
        assertEquals(95.05, Descriptive.percentile(ONE_TO_100, 0.95), 1e-12);
        assertEquals(99.01, Descriptive.percentile(ONE_TO_100, 0.99), 1e-12);
        assertEquals(1, Descriptive.percentile(ONE_TO_100, 0), 0);
        assertEquals(100, Descriptive.percentile(ONE_TO_100, 1), 0);
    }

    @Test
    void percentilesOfSmallArrays() {
        double[] v = {4, 1, 3, 2};
        assertEquals(1.75, Descriptive.percentile(v, 0.25), 1e-12);
        assertEquals(2.5, Descriptive.percentile(v, 0.50), 1e-12);
        assertEquals(3.85, Descriptive.percentile(v, 0.95), 1e-12);
        assertEquals(7, Descriptive.percentile(new double[]{7}, 0.99), 0);
        assertArrayEquals(new double[]{4, 1, 3, 2}, v, "input must not be reordered");
    }

    @Test
    void meanAndSampleStandardDeviation() {
        double[] v = IntStream.rangeClosed(1, 10).asDoubleStream().toArray();
        assertEquals(5.5, Descriptive.mean(v), 1e-12);
        assertEquals(3.0276503540974917, Descriptive.sampleStdDev(v), 1e-12);
        assertTrue(Double.isNaN(Descriptive.sampleStdDev(new double[]{3})));
    }

    @Test
    void rejectsEmptyInputAndBadP() {
        assertThrows(IllegalArgumentException.class, () -> Descriptive.mean(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Descriptive.percentile(ONE_TO_100, 1.5));
    }
}
