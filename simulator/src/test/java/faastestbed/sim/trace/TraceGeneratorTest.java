package faastestbed.sim.trace;

import faastestbed.client.config.ClientConfig;
import faastestbed.client.config.ConfigReader;
import faastestbed.client.workload.Arrival;
import faastestbed.client.workload.AzureTrace;
import faastestbed.client.workload.MinuteRange;
import faastestbed.client.workload.TraceFunction;
import faastestbed.client.workload.TraceReplay;
import faastestbed.common.model.StartType;
import faastestbed.sim.calibration.Calibration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceGeneratorTest {
    private static final int FUNCTIONS = TraceGenerator.DEFAULT_FUNCTIONS;
    private static final long TOTAL = TraceGenerator.DEFAULT_TOTAL;

    /** The study's default day, generated once for the tests that only read it. */
    private static TraceGenerator.Day day;

    @BeforeAll
    static void generateDefaultDay() {
        day = TraceGenerator.generate(FUNCTIONS, TOTAL, TraceGenerator.DEFAULT_SEED);
    }

    @Test
    void sameSeedWritesTheSameFileAndAnotherSeedAnotherOne(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        Path c = dir.resolve("c.csv");
        TraceGenerator.writeCsv(TraceGenerator.generate(120, 60_000, 7), a);
        TraceGenerator.writeCsv(TraceGenerator.generate(120, 60_000, 7), b);
        TraceGenerator.writeCsv(TraceGenerator.generate(120, 60_000, 8), c);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertFalse(Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)));
    }

    @Test
    void mainWritesTheSameFilesOnEveryRun(@TempDir Path dir) throws Exception {
        for (String run : List.of("1", "2")) {
            int code = new picocli.CommandLine(new TraceGenerator()).execute(dir.resolve("t" + run + ".csv").toString(),
                    "50", "5000", "3", "--properties", dir.resolve("w" + run + ".properties").toString(),
                    "--calibration", dir.resolve("c" + run + ".csv").toString());
            assertEquals(0, code);
        }
        assertArrayEquals(Files.readAllBytes(dir.resolve("t1.csv")), Files.readAllBytes(dir.resolve("t2.csv")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("c1.csv")), Files.readAllBytes(dir.resolve("c2.csv")));
        // The config names the trace by the path it was given, so only that line may differ.
        List<String> w1 = Files.readAllLines(dir.resolve("w1.properties"));
        List<String> w2 = Files.readAllLines(dir.resolve("w2.properties"));
        assertEquals(w1.size(), w2.size());
        for (int i = 0; i < w1.size(); i++) {
            if (!w1.get(i).contains("t1.csv")) {
                assertEquals(w1.get(i), w2.get(i));
            }
        }
    }

    @Test
    void theDayHoldsExactlyTheTotalOverEveryFunctionAndMinute() {
        assertEquals(FUNCTIONS, day.functions().size());
        assertEquals(TOTAL, day.functions().stream().mapToLong(TraceGenerator.Function::total).sum());
        for (TraceGenerator.Function f : day.functions()) {
            assertEquals(TraceGenerator.MINUTES, f.counts().length);
            assertTrue(f.total() >= 1, f + " is never invoked");
        }
        for (long total : new long[]{4_000, 123_457}) {
            TraceGenerator.Day small = TraceGenerator.generate(100, total, 11);
            assertEquals(total, small.functions().stream().mapToLong(TraceGenerator.Function::total).sum());
        }
    }

    @Test
    void popularityIsHeavilySkewed() {
        long[] totals = day.functions().stream().mapToLong(TraceGenerator.Function::total).sorted().toArray();
        int top = FUNCTIONS / 10;
        long topSum = Arrays.stream(totals, totals.length - top, totals.length).sum();
        assertTrue(topSum > 0.7 * TOTAL, "top 10 % hold " + 100.0 * topSum / TOTAL + " %");
        // Most functions are rare: a good share is invoked at most once an hour, most at most once a minute.
        long hourly = Arrays.stream(totals).filter(t -> t <= 24).count();
        long perMinute = Arrays.stream(totals).filter(t -> t <= TraceGenerator.MINUTES).count();
        assertTrue(hourly >= 0.25 * FUNCTIONS, hourly + " functions at most hourly");
        assertTrue(perMinute >= 0.7 * FUNCTIONS, perMinute + " functions at most once a minute");
        assertTrue(totals[totals.length - 1] <= Math.ceil(TraceGenerator.MAX_FUNCTION_SHARE * TOTAL));
    }

    @Test
    void skewHoldsForOtherSeeds() {
        for (long seed : new long[]{1, 2, 3}) {
            TraceGenerator.Day d = TraceGenerator.generate(FUNCTIONS, TOTAL, seed);
            long[] totals = d.functions().stream().mapToLong(TraceGenerator.Function::total).sorted().toArray();
            long topSum = Arrays.stream(totals, totals.length - FUNCTIONS / 10, totals.length).sum();
            assertTrue(topSum > 0.7 * TOTAL, "seed " + seed + ": top 10 % hold " + 100.0 * topSum / TOTAL + " %");
        }
    }

    @Test
    void timersArePeriodic() {
        List<TraceGenerator.Function> timers = day.functions().stream().filter(f -> f.trigger().equals("timer")).toList();
        assertTrue(timers.size() > FUNCTIONS / 10, timers.size() + " timers");
        for (TraceGenerator.Function f : timers) {
            int[] c = f.counts();
            int first = 0;
            while (c[first] == 0) {
                first++;
            }
            for (int m = 0; m < c.length; m++) {
                int expected = m >= first && (m - first) % f.periodMinutes() == 0 ? 1 : 0;
                assertEquals(expected, c[m], f.hash() + " every " + f.periodMinutes() + " min, minute " + (m + 1));
            }
        }
        long timerCalls = timers.stream().mapToLong(TraceGenerator.Function::total).sum();
        assertTrue(timerCalls <= TraceGenerator.TIMER_SHARE_MAX * TOTAL);
    }

    @Test
    void theDayHasADiurnalSwingAndBursts() {
        long[] hours = new long[24];
        for (TraceGenerator.Function f : day.functions()) {
            int[] c = f.counts();
            for (int m = 0; m < c.length; m++) {
                hours[m / 60] += c[m];
            }
        }
        long max = Arrays.stream(hours).max().orElseThrow();
        long min = Arrays.stream(hours).min().orElseThrow();
        assertTrue(max > 2 * min, "busiest hour " + max + ", quietest " + min);
        // A bursty function of some volume has minutes far above its mean minute.
        TraceGenerator.Function bursty = day.functions().stream().filter(TraceGenerator.Function::bursty)
                .filter(f -> f.total() > 5_000).findFirst().orElseThrow();
        int peak = Arrays.stream(bursty.counts()).max().orElseThrow();
        assertTrue(peak > 10.0 * bursty.total() / TraceGenerator.MINUTES, bursty + ": peak minute " + peak);
    }

    @Test
    void triggersFollowThePaper() {
        Map<String, Long> byTrigger = new java.util.TreeMap<>();
        day.functions().forEach(f -> byTrigger.merge(f.trigger(), 1L, Long::sum));
        assertTrue(byTrigger.get("http") > 0.4 * FUNCTIONS, byTrigger.toString());
        assertTrue(byTrigger.keySet().containsAll(List.of("http", "queue", "timer", "event", "orchestration")));
    }

    @Test
    void azureTraceReadsTheFileAndOneDayReplaysUnderTheLimit(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("day.csv");
        TraceGenerator.writeCsv(day, file);
        AzureTrace read = AzureTrace.read(file);
        assertEquals(TraceGenerator.MINUTES, read.minutes());
        assertEquals(FUNCTIONS, read.functions().size());
        assertEquals(TOTAL, read.total(read.allMinutes()));
        for (int i = 0; i < FUNCTIONS; i++) {
            TraceFunction row = read.functions().get(i);
            TraceGenerator.Function f = day.functions().get(i);
            assertEquals(f.hash(), row.hashFunction());
            assertEquals(f.trigger(), row.trigger());
            assertArrayEquals(f.counts(), row.counts());
        }
        assertTrue(TOTAL <= TraceReplay.MAX_ARRIVALS);
        List<Arrival> hour = TraceReplay.schedule(read, StudyWorkload.names(FUNCTIONS), new MinuteRange(601, 660), 1, 42);
        assertEquals(read.total(new MinuteRange(601, 660)), hour.size());
    }

    @Test
    void theConfigRegistersEveryFunctionAndTheMappingGivesEachItsOwnRow(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("day.csv");
        Path props = dir.resolve("study.properties");
        TraceGenerator.writeCsv(day, trace);
        StudyWorkload.writeProperties(day, trace.toString(), props);
        ClientConfig cfg = ConfigReader.resolve(ConfigReader.load(dir, props.toString()), dir, true, false, Instant.EPOCH);
        assertEquals(StudyWorkload.names(FUNCTIONS), cfg.functions());
        for (String name : cfg.functions()) {
            var spec = cfg.functionSpecs().get(name);
            assertTrue(Arrays.stream(TraceGenerator.MEMORY_MB).anyMatch(m -> m == spec.pool().memoryMb()), name);
            assertEquals("registry:5000/study-" + name + ":latest", spec.image());
        }
        // f0001 replays the busiest row; every name replays exactly one row.
        AzureTrace read = AzureTrace.read(trace);
        Map<TraceFunction, String> mapping = TraceReplay.mapping(read, cfg.functions());
        assertEquals(FUNCTIONS, mapping.values().stream().distinct().count());
        TraceFunction busiest = read.functions().stream()
                .max(java.util.Comparator.comparingLong(TraceFunction::total)).orElseThrow();
        assertEquals("f0001", mapping.get(busiest));
        Map<String, TraceGenerator.Function> byName = StudyWorkload.byName(day);
        mapping.forEach((row, name) -> assertEquals(row.hashFunction(), byName.get(name).hash()));
        mapping.forEach((row, name) -> assertEquals(byName.get(name).memoryMb(),
                cfg.functionSpecs().get(name).pool().memoryMb()));
    }

    @Test
    void theCalibrationGivesEveryFunctionFibNativesRows(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("calibration.csv");
        TraceGenerator.Day small = TraceGenerator.generate(20, 2_000, 5);
        StudyWorkload.writeCalibration(small, file);
        Calibration cal = Calibration.read(file);
        Calibration builtIn;
        try (var in = StudyWorkload.class.getResourceAsStream("/faastestbed/sim/default-calibration.csv")) {
            builtIn = Calibration.read(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8), "built-in");
        }
        for (String name : StudyWorkload.names(20)) {
            assertTrue(cal.knows(name), name);
            for (StartType t : List.of(StartType.COLD, StartType.IMAGE_CACHED, StartType.WARM)) {
                assertEquals(builtIn.rows("fib-native", t).orElseThrow(), cal.rows(name, t).orElseThrow(), name + " " + t);
            }
            assertEquals(1.0, cal.contention(name));
        }
    }

    @Test
    void refusesTooFewCallsPerFunction() {
        assertThrows(IllegalArgumentException.class, () -> TraceGenerator.generate(400, 3_999, 1));
        assertThrows(IllegalArgumentException.class, () -> TraceGenerator.generate(0, 1_000, 1));
    }
}
