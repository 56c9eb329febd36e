package faastestbed.plots.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
        // P(6 <= B < 15) = 1 - 2 P(B <= 5) for B ~ Binomial(20, 1/2); P(B <= 5) = (1+20+190+1140+4845+15504) / 2^20
        assertEquals(1 - 2 * 21700 / 1048576.0, r.coverage(), 1e-12);
    }

    @Test
    void smallBinomialCoverageIsExact() {
        // Binomial(3, 1/2): P(B <= 0) = 1/8, so at 50% the median interval of three values is [X(1), X(3)), coverage 3/4.
        ConfidenceIntervals.Ranks r = ConfidenceIntervals.quantileRanks(3, 0.5, 0.5).orElseThrow();
        assertEquals(1, r.lower());
        assertEquals(3, r.upper());
        assertEquals(0.75, r.coverage(), 1e-15);
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

    /** Half width / (s / sqrt(n)) is the two-sided t quantile with n - 1 degrees of freedom (textbook table values). */
    @ParameterizedTest
    @CsvSource({
            "2, 0.95, 12.706204736",
            "10, 0.95, 2.262157163",
            "30, 0.95, 2.045229642",
            "10, 0.90, 1.833112933",
            "10, 0.99, 3.249835542",
    })
    void meanIntervalHalfWidthIsTheStudentTQuantile(int n, double confidence, double t) {
        double[] v = IntStream.rangeClosed(1, n).mapToDouble(i -> i * i).toArray();
        Interval ci = ConfidenceIntervals.mean(v, confidence).orElseThrow();
        double standardError = Descriptive.sampleStdDev(v) / Math.sqrt(n);
        assertEquals(t, (ci.high() - ci.low()) / 2 / standardError, 1e-8);
        assertEquals(Descriptive.mean(v), (ci.high() + ci.low()) / 2, 1e-9);
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
