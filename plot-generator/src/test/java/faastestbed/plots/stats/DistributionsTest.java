package faastestbed.plots.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DistributionsTest {
    @Test
    void studentTQuantilesMatchTables() {
        assertEquals(12.706204736, Distributions.studentTQuantile(0.975, 1), 1e-6);
        assertEquals(2.262157163, Distributions.studentTQuantile(0.975, 9), 1e-8);
        assertEquals(2.045229642, Distributions.studentTQuantile(0.975, 29), 1e-8);
        assertEquals(1.959966, Distributions.studentTQuantile(0.975, 1_000_000), 1e-5);
        assertEquals(-2.262157163, Distributions.studentTQuantile(0.025, 9), 1e-8);
    }

    @Test
    void studentTCdfIsSymmetric() {
        assertEquals(0.5, Distributions.studentTCdf(0, 5), 1e-15);
        assertEquals(1, Distributions.studentTCdf(1.3, 7) + Distributions.studentTCdf(-1.3, 7), 1e-14);
    }

    @Test
    void binomialCdf() {
        double[] cdf = Distributions.binomialCdf(100, 0.5);
        assertEquals(0.017600100108852428, cdf[39], 1e-12);
        assertEquals(0.9823998998911476, cdf[60], 1e-12);
        assertEquals(1, cdf[100], 1e-12);
        double[] small = Distributions.binomialCdf(3, 0.5);
        assertEquals(0.125, small[0], 1e-15);
        assertEquals(0.5, small[1], 1e-15);
    }

    @Test
    void logGammaOfIntegersIsLogFactorial() {
        assertEquals(Math.log(24), Distributions.logGamma(5), 1e-12);
        assertEquals(0, Distributions.logGamma(1), 1e-13);
        assertEquals(Math.log(Math.sqrt(Math.PI)), Distributions.logGamma(0.5), 1e-13);
    }
}
