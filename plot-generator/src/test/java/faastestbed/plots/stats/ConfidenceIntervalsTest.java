package faastestbed.plots.stats;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfidenceIntervalsTest {
    @Test
    void medianRanksForHundredAreFortyAndSixtyOne() {
        ConfidenceIntervals.Ranks r = ConfidenceIntervals.quantileRanks(100, 0.5, 0.95).orElseThrow();
        assertEquals(40, r.lower());
        assertEquals(61, r.upper());
        assertEquals(0.9647997997822952, r.coverage(), 1e-12);
    }

    @Test
    void medianRanksForTwentyAreSixAndFifteen() {
        ConfidenceIntervals.Ranks r = ConfidenceIntervals.quantileRanks(20, 0.5, 0.95).orElseThrow();
        assertEquals(6, r.lower());
        assertEquals(15, r.upper());
        assertTrue(r.coverage() >= 0.95);
    }

    @Test
    void tooFewValuesGiveNoInterval() {
        assertTrue(ConfidenceIntervals.quantileRanks(5, 0.5, 0.95).isEmpty());
        ConfidenceIntervals.Ranks six = ConfidenceIntervals.quantileRanks(6, 0.5, 0.95).orElseThrow();
        assertEquals(1, six.lower());
        assertEquals(6, six.upper());
        assertEquals(1 - 2 / 64.0, six.coverage(), 1e-12);
        assertTrue(ConfidenceIntervals.quantileRanks(71, 0.95, 0.95).isEmpty());
        assertEquals(72, ConfidenceIntervals.quantileRanks(72, 0.95, 0.95).orElseThrow().upper());
        assertTrue(ConfidenceIntervals.quantileRanks(367, 0.99, 0.95).isEmpty());
        assertEquals(368, ConfidenceIntervals.quantileRanks(368, 0.99, 0.95).orElseThrow().upper());
        assertTrue(ConfidenceIntervals.quantileRanks(1, 0.5, 0.95).isEmpty());
        assertTrue(ConfidenceIntervals.mean(new double[]{1}, 0.95).isEmpty());
    }

    @Test
    void quantileIntervalPicksTheOrderStatistics() {
        double[] sorted = IntStream.rangeClosed(1, 100).mapToDouble(i -> i * 10.0).toArray();
        assertEquals(new Interval(400, 610), ConfidenceIntervals.quantile(sorted, 0.5, 0.95).orElseThrow());
    }

    @Test
    void meanIntervalUsesStudentT() {
        double[] v = IntStream.rangeClosed(1, 10).asDoubleStream().toArray();
        // half width = t(0.975, 9) * s / sqrt(10) = 2.262157 * 3.027650 / 3.162278
        Interval ci = ConfidenceIntervals.mean(v, 0.95).orElseThrow();
        assertEquals(5.5 - 2.165850589668169, ci.low(), 1e-9);
        assertEquals(5.5 + 2.165850589668169, ci.high(), 1e-9);
    }

    @Test
    void latencyStatsTiesItTogether() {
        double[] v = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();
        LatencyStats s = LatencyStats.of(v);
        assertEquals(100, s.n());
        assertEquals(50.5, s.mean(), 1e-12);
        assertEquals(50.5, s.p50().value(), 1e-12);
        assertEquals(new Interval(40, 61), s.p50().ci().orElseThrow());
        assertEquals(95.05, s.p95().value(), 1e-12);
        assertTrue(s.p95().ci().isPresent());
        assertTrue(s.p99().ci().isEmpty(), "100 values are too few for a 95% interval of p99");
    }
}
