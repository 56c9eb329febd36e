package faastestbed.client.workload;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoissonArrivalsTest {
    private static final double RATE = 5.0;
    private static final int N = 2000;
    private static final List<String> FUNCTIONS = List.of("a", "b");

    private static List<Arrival> schedule(long seed) {
        return PoissonArrivals.generate(RATE, N, null, FUNCTIONS, FunctionPick.ROUND_ROBIN, seed);
    }

    private static double[] gaps(List<Arrival> arrivals) {
        double[] gaps = new double[arrivals.size()];
        double previous = 0;
        for (int i = 0; i < arrivals.size(); i++) {
            gaps[i] = arrivals.get(i).atSeconds() - previous;
            previous = arrivals.get(i).atSeconds();
        }
        return gaps;
    }

    @Test
    void interArrivalTimesAreExponentialWithMeanOneOverRate() {
        double[] gaps = gaps(schedule(42));
        assertEquals(N, gaps.length);
        double mean = java.util.Arrays.stream(gaps).average().orElseThrow();
        double variance = java.util.Arrays.stream(gaps).map(g -> (g - mean) * (g - mean)).sum() / (gaps.length - 1);
        double cv = Math.sqrt(variance) / mean;
        assertEquals(1 / RATE, mean, 0.05 / RATE, "mean inter-arrival within 5 % of 1/rate");
        assertTrue(cv > 0.9 && cv < 1.1, "an exponential has coefficient of variation 1, got " + cv);
        assertTrue(java.util.Arrays.stream(gaps).allMatch(g -> g >= 0), "times never go backwards");
    }

    @Test
    void countsPerSecondArePoissonDispersed() {
        List<Arrival> arrivals = schedule(42);
        int windows = (int) Math.floor(arrivals.get(arrivals.size() - 1).atSeconds()); // whole 1-s windows only
        int[] counts = new int[windows];
        for (Arrival a : arrivals) {
            int w = (int) Math.floor(a.atSeconds());
            if (w < windows) {
                counts[w]++;
            }
        }
        double mean = java.util.Arrays.stream(counts).average().orElseThrow();
        double variance = java.util.Arrays.stream(counts).mapToDouble(c -> (c - mean) * (c - mean)).sum() / (windows - 1);
        double dispersion = variance / mean;
        assertEquals(RATE, mean, 0.05 * RATE);
        assertTrue(dispersion > 0.8 && dispersion < 1.2, "Poisson counts have variance = mean, dispersion " + dispersion);
    }

    @Test
    void sameSeedSameScheduleDifferentSeedDifferent() {
        assertEquals(schedule(42), schedule(42));
        assertNotEquals(schedule(42), schedule(43));
    }

    @Test
    void durationBoundsTheScheduleWhenNoCountIsGiven() {
        List<Arrival> arrivals = PoissonArrivals.generate(RATE, null, 60.0, FUNCTIONS, FunctionPick.ROUND_ROBIN, 7);
        assertTrue(arrivals.stream().allMatch(a -> a.atSeconds() < 60.0));
        assertTrue(Math.abs(arrivals.size() - 300) < 60, "about rate x duration arrivals, got " + arrivals.size());
    }

    @Test
    void roundRobinAlternatesAndRandomPickKeepsTheSameTimes() {
        List<Arrival> rr = schedule(42);
        for (int i = 0; i < rr.size(); i++) {
            assertEquals(FUNCTIONS.get(i % 2), rr.get(i).function());
        }
        List<Arrival> random = PoissonArrivals.generate(RATE, N, null, FUNCTIONS, FunctionPick.RANDOM, 42);
        assertEquals(rr.stream().map(Arrival::atNanos).toList(), random.stream().map(Arrival::atNanos).toList(),
                "the pick must not move the arrival times");
        Map<String, Long> shares = random.stream().collect(Collectors.groupingBy(Arrival::function, Collectors.counting()));
        assertTrue(Math.abs(shares.get("a") - N / 2) < 150, "random pick is roughly even: " + shares);
        assertNotEquals(rr.stream().map(Arrival::function).toList(), random.stream().map(Arrival::function).toList());
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> PoissonArrivals.generate(0, 10, null, FUNCTIONS, FunctionPick.RANDOM, 1));
        assertThrows(IllegalArgumentException.class, () -> PoissonArrivals.generate(1, null, null, FUNCTIONS, FunctionPick.RANDOM, 1));
        assertThrows(IllegalArgumentException.class, () -> PoissonArrivals.generate(1, 10, null, List.of(), FunctionPick.RANDOM, 1));
    }
}
