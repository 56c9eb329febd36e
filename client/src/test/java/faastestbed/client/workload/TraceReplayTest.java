package faastestbed.client.workload;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceReplayTest {
    private static final List<String> FUNCTIONS = List.of("fib-python", "fib-native");
    private static final long MINUTE = 60_000_000_000L;

    /** Re-bins an uncompressed schedule into per-minute counts per trace function (keyed by HashFunction). */
    private static Map<String, int[]> perMinute(List<Arrival> arrivals, int minutes) {
        Map<String, int[]> counts = new HashMap<>();
        for (Arrival a : arrivals) {
            int minute = (int) (a.atNanos() / MINUTE);
            counts.computeIfAbsent(a.source(), k -> new int[minutes])[minute]++;
        }
        return counts;
    }

    private static void assertReproduces(AzureTrace trace, MinuteRange range, List<Arrival> arrivals) {
        Map<String, int[]> counts = perMinute(arrivals, range.length());
        long[] totals = new long[range.length()];
        for (TraceFunction f : trace.functions()) {
            int[] got = counts.getOrDefault(f.hashFunction(), new int[range.length()]);
            for (int m = range.from(); m <= range.to(); m++) {
                assertEquals(f.count(m), got[m - range.from()], f.hashFunction() + " minute " + m);
                totals[m - range.from()] += got[m - range.from()];
            }
        }
        for (int m = range.from(); m <= range.to(); m++) {
            assertEquals(trace.count(m), totals[m - range.from()], "total of minute " + m);
        }
        assertEquals(trace.total(range), arrivals.size());
    }

    @Test
    void smallTraceCountsAreReproducedExactly() throws Exception {
        AzureTrace trace = AzureTraceTest.small();
        List<Arrival> arrivals = TraceReplay.schedule(trace, FUNCTIONS, null, 1.0, 42);
        assertReproduces(trace, trace.allMinutes(), arrivals);
    }

    @Test
    void shippedSyntheticTraceCountsAreReproducedExactly() throws Exception {
        AzureTrace trace = AzureTrace.read(TestFiles.syntheticTrace());
        List<Arrival> arrivals = TraceReplay.schedule(trace, FUNCTIONS, null, 1.0, 42);
        assertReproduces(trace, trace.allMinutes(), arrivals);
        for (int i = 1; i < arrivals.size(); i++) {
            assertTrue(arrivals.get(i - 1).atNanos() <= arrivals.get(i).atNanos(), "sorted by time");
        }
    }

    @Test
    void busiestTraceFunctionsAreDealtRoundRobin() throws Exception {
        AzureTrace trace = AzureTraceTest.small(); // totals: f1 4, f2 3, f3 12
        Map<TraceFunction, String> mapping = TraceReplay.mapping(trace, FUNCTIONS);
        Map<String, String> byHash = new HashMap<>();
        mapping.forEach((f, fn) -> byHash.put(f.hashFunction(), fn));
        assertEquals(Map.of("f3", "fib-python", "f1", "fib-native", "f2", "fib-python"), byHash);
        for (Arrival a : TraceReplay.schedule(trace, FUNCTIONS, null, 1.0, 1)) {
            assertEquals(byHash.get(a.source()), a.function());
        }
    }

    @Test
    void compressionDividesEveryTime() throws Exception {
        AzureTrace trace = AzureTrace.read(TestFiles.syntheticTrace());
        List<Arrival> real = TraceReplay.schedule(trace, FUNCTIONS, null, 1.0, 42);
        List<Arrival> fast = TraceReplay.schedule(trace, FUNCTIONS, null, 60.0, 42);
        assertEquals(real.size(), fast.size());
        for (int i = 0; i < real.size(); i++) {
            assertEquals(Math.round(real.get(i).atNanos() / 60.0), fast.get(i).atNanos());
            assertEquals(real.get(i).function(), fast.get(i).function());
        }
        assertTrue(fast.get(fast.size() - 1).atSeconds() < 1440.0, "a day at 60x fits in 1440 s");
    }

    @Test
    void minuteRangeReplaysOnlyThoseMinutesFromTimeZero() throws Exception {
        AzureTrace trace = AzureTrace.read(TestFiles.syntheticTrace());
        MinuteRange range = MinuteRange.parse("31-35"); // the first queue burst
        List<Arrival> arrivals = TraceReplay.schedule(trace, FUNCTIONS, range, 1.0, 42);
        assertReproduces(trace, range, arrivals);
        assertTrue(arrivals.stream().allMatch(a -> a.atNanos() < 5 * MINUTE));
        assertTrue(arrivals.size() > 50);

        AzureTrace small = AzureTraceTest.small();
        assertEquals(15, TraceReplay.schedule(small, FUNCTIONS, new MinuteRange(3, 5), 1.0, 42).size()); // 1 + 2 + 12
        assertThrows(IllegalArgumentException.class, () -> TraceReplay.schedule(small, FUNCTIONS, new MinuteRange(4, 6), 1.0, 42));
    }

    @Test
    void seedDecidesTheOffsetsWithinMinutes() throws Exception {
        AzureTrace trace = AzureTrace.read(TestFiles.syntheticTrace());
        assertEquals(TraceReplay.schedule(trace, FUNCTIONS, null, 60, 42), TraceReplay.schedule(trace, FUNCTIONS, null, 60, 42));
        assertNotEquals(TraceReplay.schedule(trace, FUNCTIONS, null, 60, 42), TraceReplay.schedule(trace, FUNCTIONS, null, 60, 43));
    }

    @Test
    void minuteRangeParsing() {
        assertEquals(new MinuteRange(1, 60), MinuteRange.parse("1-60"));
        assertEquals(new MinuteRange(7, 7), MinuteRange.parse("7"));
        for (String bad : List.of("0-5", "5-1", "a-b", "", "1-")) {
            assertThrows(IllegalArgumentException.class, () -> MinuteRange.parse(bad), bad);
        }
    }

    @Test
    void singleFunctionGetsEverything() throws Exception {
        List<Arrival> arrivals = TraceReplay.schedule(AzureTraceTest.small(), List.of("only"), null, 1.0, 3);
        assertEquals(new ArrayList<>(List.of("only")), arrivals.stream().map(Arrival::function).distinct().toList());
    }
}
