package faastestbed.sim;

import faastestbed.common.metrics.MetricsCsvReader;
import faastestbed.common.metrics.MetricsRecord;
import faastestbed.common.metrics.PoolCsv;
import faastestbed.common.metrics.PoolSample;
import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationStatus;
import faastestbed.common.model.Source;
import faastestbed.common.model.StartType;
import faastestbed.sim.calibration.Calibration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as ./simulate.sh runs it, from the project root (for workload.properties). */
class SimulatorMainTest {
    private static final Path ROOT = Path.of(System.getProperty("testbed.root", "..")).toAbsolutePath().normalize();
    /** A workload that builds at once, so that each bad input below is the only thing wrong. */
    private static final List<String> SMALL = List.of("--workload", "poisson", "--rate", "5", "--count", "10",
            "--functions", "noop", "--no-progress");

    @TempDir
    Path tmp;

    private record Outcome(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Outcome run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = SimulatorMain.run(args.toArray(String[]::new), o, e, ROOT);
        }
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aRegisteredFunctionTheWorkloadNeverCallsNeedsNoCalibration() throws Exception {
        Path cal = tmp.resolve("cal.csv");
        java.nio.file.Files.writeString(cal, "Function,Start Type,Overhead (ms),Pull (ms),Init (ms),Run (ms)\n"
                + "noop,warm,1,0,0,5\nnoop,image-cached,1,0,300,5\n");
        // One arrival, picked round-robin: noop. echo keeps its place in the function list but is never called.
        Outcome r = run(List.of("--mode", "dynamic", "--workload", "poisson", "--rate", "5", "--count", "1",
                "--functions", "noop,echo", "--calibration", cal.toString(), "--results", tmp.resolve("out").toString(),
                "--no-progress"));
        assertEquals(0, r.code, r.err);
        Outcome both = run(List.of("--mode", "dynamic", "--workload", "poisson", "--rate", "5", "--count", "2",
                "--functions", "noop,echo", "--calibration", cal.toString(), "--results", tmp.resolve("out2").toString(),
                "--no-progress"));
        assertEquals(2, both.code, "echo is called now and has no calibration");
        assertTrue(both.err.contains("'echo' has no calibration"), both.err);
    }

    @Test
    void helpListsEveryOption() {
        Outcome r = run(List.of("--help"));
        assertEquals(0, r.code, r.err);
        List<String> expected = new ArrayList<>(List.of("--nodes", "--node-cpus", "--node-memory", "--policy",
                "--keep-alive", "--mode", "--workload", "--rate", "--count", "--duration", "--seed",
                "--container-concurrency", "--max-containers", "--results", "--service", "--calibrate", "--help"));
        for (Field field : SimulatorMain.class.getDeclaredFields()) {
            Option o = field.getAnnotation(Option.class);
            if (o != null) {
                expected.addAll(Arrays.asList(o.names()));
            }
        }
        for (String option : expected) {
            assertTrue(r.out.contains(option + " ") || r.out.contains(option + "=") || r.out.contains(option + ","),
                    option + " missing from the help:\n" + r.out);
        }
        assertTrue(r.out.contains("Usage: simulate.sh"), r.out);
    }

    static Stream<List<String>> badInputs() {
        return Stream.of(
                List.of("--nodes", "abc"),
                List.of("--nodes", "0"),
                List.of("--node-cpus", "0"),
                List.of("--node-memory", "100"),
                List.of("--policy", "no-such-policy"),
                List.of("--mode", "dynamic", "--keep-alive", "no-such-keep-alive"),
                List.of("--mode", "dynamic", "--keep-alive", "fixed-ttl:soon"),
                List.of("--mode", "cold", "--keep-alive", "lru"),
                List.of("--service", "uniform:5"),
                List.of("--service", "constant:0"),
                List.of("--calibrate", "no/such/metrics.csv"),
                List.of("--calibration", "no/such/calibration.csv"),
                List.of("--start-images", "bogus"),
                List.of("--timeout", "forever"),
                List.of("--workload", "poisson", "--rate", "-1"),
                List.of("--no-such-option"));
    }

    @ParameterizedTest
    @MethodSource("badInputs")
    void badInputExitsTwoWithOneErrorLineAndWritesNothing(List<String> bad) {
        Path results = tmp.resolve("results");
        List<String> args = new ArrayList<>(SMALL);
        args.addAll(bad);
        args.addAll(List.of("--results", results.toString()));
        Outcome r = run(args);
        assertEquals(2, r.code, "exit code for " + bad + "\nout: " + r.out + "\nerr: " + r.err);
        List<String> errors = r.errLines().stream().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), r.err);
        assertTrue(r.errLines().get(0).startsWith("error: "), r.err);
        assertTrue(r.errLines().size() <= 2, "one error line (and a pointer to --help): " + r.err);
        assertFalse(r.err.contains("Exception") || r.err.contains("\tat "), r.err);
        assertFalse(Files.exists(results), "nothing written for " + bad);
    }

    @Test
    void errorMessagesSayWhatIsWrong() {
        Path results = tmp.resolve("results");
        assertError("'abc'", "--nodes", "abc", "--results", results.toString());
        assertError("--nodes must be at least 1", "--nodes", "0", "--results", results.toString());
        assertError("unknown policy 'no-such-policy'", "--policy", "no-such-policy", "--results", results.toString());
        assertError("no-such-keep-alive", "--mode", "dynamic", "--keep-alive", "no-such-keep-alive", "--results",
                results.toString());
        assertError("--keep-alive applies to", "--mode", "cold", "--keep-alive", "lru", "--results",
                results.toString());
        assertError("'uniform:5' is not a service time", "--service", "uniform:5", "--results", results.toString());
        assertError("--calibrate: no such file: no/such/metrics.csv", "--calibrate", "no/such/metrics.csv", "--results",
                results.toString());
        assertError("--start-images must be absent or cached, got 'bogus'", "--start-images", "bogus", "--results",
                results.toString());
    }

    private static void assertError(String expected, String... bad) {
        List<String> args = new ArrayList<>(SMALL);
        args.addAll(List.of(bad));
        Outcome r = run(args);
        assertEquals(2, r.code, r.err);
        assertTrue(r.errLines().get(0).contains(expected), "expected '" + expected + "' in: " + r.err);
    }

    @Test
    void aSmallRunWritesSimulatedRowsAndPoolSamples() throws Exception {
        Path results = tmp.resolve("out");
        Outcome r = run(List.of("--mode", "dynamic", "--workload", "poisson", "--rate", "5", "--count", "50",
                "--service", "constant:10", "--functions", "noop", "--no-progress", "--seed", "3", "--run-id", "sim-test",
                "--results", results.toString()));
        assertEquals(0, r.code, r.out + r.err);
        assertEquals("", r.err, "no progress line, no error");

        MetricsCsvReader.Result read = MetricsCsvReader.read(results.resolve("metrics.csv"));
        assertEquals(List.of(), read.problems());
        List<MetricsRecord> rows = read.records();
        assertEquals(50, rows.size());
        for (MetricsRecord row : rows) {
            assertEquals(Source.SIMULATED, row.source());
            assertEquals("noop", row.function());
            assertEquals(ExecutionMode.DYNAMIC, row.mode());
            assertEquals(InvocationStatus.OK, row.status());
            assertEquals("sim-test", row.runId());
            assertTrue(row.container().startType() != null);
            assertEquals("fixed-ttl", row.container().keepAlive());
        }
        assertTrue(rows.stream().anyMatch(x -> x.container().startType() == StartType.WARM), "containers are reused");
        assertEquals(50, rows.stream().map(MetricsRecord::invocationId).distinct().count());

        List<PoolSample> samples = new ArrayList<>();
        MetricsCsvReader.Result pool = PoolCsv.read(results.resolve(PoolCsv.FILE_NAME), samples);
        assertEquals(List.of(), pool.problems());
        assertFalse(samples.isEmpty(), "pool samples every second over about ten seconds");
        assertTrue(samples.stream().allMatch(s -> s.function().equals("noop") && s.runId().equals("sim-test")));

        assertTrue(r.out.contains("50 calls (50 ok, 0 refused)"), r.out);
    }

    @Test
    void theSameSeedWritesTheSameRows() throws Exception {
        List<List<MetricsRecord>> runs = new ArrayList<>();
        for (String dir : List.of("a", "b")) {
            Outcome r = run(List.of("--mode", "dynamic", "--workload", "poisson", "--rate", "20", "--count", "100",
                    "--functions", "noop,echo", "--service", "exponential:40", "--node-cpus", "0.5", "--no-progress",
                    "--seed", "9", "--run-id", "same", "--results", tmp.resolve(dir).toString()));
            assertEquals(0, r.code, r.err);
            runs.add(MetricsCsvReader.read(tmp.resolve(dir).resolve("metrics.csv")).records().stream()
                    .map(SimulatorMainTest::withoutTimestamp).toList());
        }
        assertEquals(runs.get(0), runs.get(1));
    }

    /** The timestamps count from the wall-clock start of the run; everything else is simulated. */
    private static MetricsRecord withoutTimestamp(MetricsRecord r) {
        return new MetricsRecord(r.function(), r.node(), r.cpuPercent(), r.ramPercent(), r.executionMode(),
                r.executionTimeS(), null, r.invocationId(), r.runId(), r.cell(), r.policy(), r.mode(), r.status(),
                r.exitCode(), r.stateCheck(), r.timings(), r.path(), r.functionMs(), r.payloadBytes(), r.outputBytes(),
                r.container(), r.source());
    }

    @Test
    void calibrateWritesTheCalibrationThatLaterRunsOfTheSameResultsUse() throws Exception {
        Path results = tmp.resolve("cal");
        Outcome r = run(List.of("--calibrate", "simulator/src/test/resources/validation/metrics.csv",
                "--results", results.toString()));
        assertEquals(0, r.code, r.err);
        Path file = results.resolve(Calibration.FILE_NAME);
        assertTrue(Files.isRegularFile(file), r.out);
        assertFalse(Files.exists(results.resolve("metrics.csv")), "calibrating simulates nothing");
        Calibration c = Calibration.read(file);
        for (String f : List.of("fib-python", "fib-native")) {
            assertTrue(c.knows(f), c.toString());
            for (StartType t : List.of(StartType.COLD, StartType.IMAGE_CACHED, StartType.WARM)) {
                assertTrue(c.rows(f, t).isPresent(), f + " " + t);
            }
        }
        assertTrue(r.out.contains("calibration written to"), r.out);

        Outcome sim = run(List.of("--mode", "warmed", "--workload", "sequential", "--cycles", "2", "--functions",
                "fib-python,fib-native", "--no-progress", "--results", results.toString()));
        assertEquals(0, sim.code, sim.err);
        assertTrue(sim.out.contains("calibration: " + file), sim.out);
        List<MetricsRecord> rows = MetricsCsvReader.read(results.resolve("metrics.csv")).records();
        assertEquals(4, rows.size());
        assertTrue(rows.stream().allMatch(x -> x.timings().runMs() > 0), "run times drawn from the calibration");
    }

    @Test
    void calibratingFromAFileWithoutUsableRowsIsBadInput() throws Exception {
        Path metrics = tmp.resolve("metrics.csv");
        Files.writeString(metrics, "Function,Node,CPU Usage %,RAM Usage %,Execution Mode,Execution Time (s)\n"
                + "f,node1,1,1,Round Robin - Cold,1.5\n");
        Outcome r = run(List.of("--calibrate", metrics.toString(), "--results", tmp.resolve("out").toString()));
        assertEquals(2, r.code, r.out + r.err);
        assertTrue(r.errLines().get(0).contains("no successful real invocations with a start type"), r.err);
        assertFalse(Files.exists(tmp.resolve("out")));
    }
}
