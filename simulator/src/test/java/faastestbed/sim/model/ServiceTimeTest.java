package faastestbed.sim.model;

import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceTimeTest {

    @Test
    void parsesEveryForm() {
        assertEquals(new ServiceTime.Constant(100), ServiceTime.parse("constant:100"));
        assertEquals(new ServiceTime.Constant(1000), ServiceTime.parse("constant:1e3"));
        assertEquals(new ServiceTime.Constant(0.5), ServiceTime.parse("constant:0.5"));
        assertEquals(new ServiceTime.Exponential(250), ServiceTime.parse("exponential:250"));
        assertEquals(new ServiceTime.LogNormal(80, 0.5), ServiceTime.parse("lognormal:80:0.5"));
    }

    @Test
    void parsingIgnoresCaseAndSurroundingSpace() {
        assertEquals(new ServiceTime.Exponential(250), ServiceTime.parse("  Exponential:250 "));
        assertEquals(new ServiceTime.LogNormal(80, 1), ServiceTime.parse("LOGNORMAL:80:1"));
    }

    /** Malformed text gets the accepted forms, so the user sees what to type instead. */
    @ParameterizedTest
    @ValueSource(strings = {"uniform:5", "", "100", "constant", "constant:", "constant:1:2", "exponential",
            "exponential:1:2", "lognormal:80", "lognormal:80:0.5:1", "constant:abc", "exponential:1O0",
            "lognormal:x:0.5", "lognormal:80:y", "constant:NaN", "constant:Infinity"})
    void malformedTextNamesTheAcceptedForms(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServiceTime.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "' is not a service time"), e.getMessage());
        assertTrue(e.getMessage().contains("constant:MS") && e.getMessage().contains("exponential:MS")
                && e.getMessage().contains("lognormal:MEDIAN_MS:SIGMA"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"constant:0", "constant:-5", "exponential:0", "exponential:-1", "lognormal:0:1",
            "lognormal:-3:1", "lognormal:80:0", "lognormal:80:-0.5", "constant:1e999"})
    void zeroNegativeOrInfiniteValuesAreRefused(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServiceTime.parse(text));
        assertTrue(e.getMessage().contains("must be a positive number"), e.getMessage());
    }

    @Test
    void constructorsRefuseWhatParseRefuses() {
        assertThrows(IllegalArgumentException.class, () -> new ServiceTime.Constant(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new ServiceTime.Exponential(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new ServiceTime.LogNormal(10, Double.NaN));
    }

    @Test
    void meansFollowTheDistributions() {
        assertEquals(100, new ServiceTime.Constant(100).meanMs());
        assertEquals(250, new ServiceTime.Exponential(250).meanMs());
        assertEquals(80 * Math.exp(0.125), new ServiceTime.LogNormal(80, 0.5).meanMs(), 1e-9);
    }

    @Test
    void constantSamplerAlwaysGivesItsValue() {
        ServiceTime.Sampler s = new ServiceTime.Constant(42).sampler(RandomSource.L64_X128_MIX.create(1));
        for (int i = 0; i < 1000; i++) {
            assertEquals(42, s.sampleMs());
        }
    }

    @Test
    void exponentialSampleMeanConverges() {
        // 200 000 draws: standard error 0.22 % of the mean, so 1 % is over four of them.
        assertEquals(1, sampleMean(new ServiceTime.Exponential(100), 200_000) / 100, 0.01);
    }

    @Test
    void lognormalSampleMeanAndMedianConverge() {
        ServiceTime t = new ServiceTime.LogNormal(80, 0.5);
        double[] draws = draws(t, 200_000);
        assertEquals(1, Arrays.stream(draws).average().orElseThrow() / t.meanMs(), 0.01);
        Arrays.sort(draws);
        assertEquals(1, draws[draws.length / 2] / 80, 0.01);
    }

    @Test
    void samplesArePositive() {
        for (ServiceTime t : new ServiceTime[]{new ServiceTime.Exponential(1), new ServiceTime.LogNormal(1, 3)}) {
            assertTrue(Arrays.stream(draws(t, 100_000)).allMatch(v -> v >= 0), t.toString());
        }
    }

    @Test
    void theSameSeedGivesTheSameDraws() {
        ServiceTime t = new ServiceTime.LogNormal(80, 0.5);
        double[] a = draws(t, 1000);
        double[] b = draws(t, 1000);
        assertTrue(Arrays.equals(a, b));
        double[] other = new double[1000];
        ServiceTime.Sampler s = t.sampler(RandomSource.L64_X128_MIX.create(2));
        for (int i = 0; i < other.length; i++) {
            other[i] = s.sampleMs();
        }
        assertTrue(!Arrays.equals(a, other), "another seed gives other draws");
    }

    private static double sampleMean(ServiceTime t, int n) {
        return Arrays.stream(draws(t, n)).average().orElseThrow();
    }

    private static double[] draws(ServiceTime t, int n) {
        ServiceTime.Sampler s = t.sampler(RandomSource.L64_X128_MIX.create(1));
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = s.sampleMs();
        }
        return v;
    }
}
