package faastestbed.common.metrics;

import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationStatus;
import faastestbed.common.model.StateCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsCsvRoundTripTest {

    static MetricsRecord sample(String function, double seconds) {
        return new MetricsRecord(function, "node1", 12.5, 40.25, "Round Robin - Cold", seconds,
                Instant.parse("2026-11-23T10:00:00Z"), "id-1", "run-1", "", "round-robin", ExecutionMode.COLD,
                InvocationStatus.OK, 0, StateCheck.VERIFIED, new Timings(1, 2, 3000, 850));
    }

    @Test
    void writesHeaderOnceAndReadsBackEveryField(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("results/metrics.csv");
        try (var w = new MetricsCsvWriter(csv)) {
            w.append(sample("fib-python", 3.25));
        }
        try (var w = new MetricsCsvWriter(csv)) {  // a gateway restart appends, never rewrites
            w.append(sample("fib-native, \"quoted\"", 1.5));
        }
        List<String> lines = Files.readAllLines(csv);
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).startsWith("Function,Node,CPU Usage %,RAM Usage %,Execution Mode,Execution Time (s),"));

        var result = MetricsCsvReader.read(csv);
        assertTrue(result.problems().isEmpty(), result.problems().toString());
        assertEquals(List.of(sample("fib-python", 3.25), sample("fib-native, \"quoted\"", 1.5)), result.records());
    }

    @Test
    void handlerRowsKeepPathInitFunctionTimeAndSizes(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("metrics.csv");
        MetricsRecord handler = new MetricsRecord("echo", "node2", 5, 30, "Round Robin - Warmed (handler)", 0.0042,
                Instant.parse("2026-11-25T10:00:00Z"), "id-2", "run-1", "c", "round-robin", ExecutionMode.WARMED,
                InvocationStatus.OK, 0, StateCheck.VERIFIED, new Timings(0, 1, -1, 3, 412, 27),
                faastestbed.common.model.InvocationPath.HANDLER, 0.018, 1024, 1024);
        try (var w = new MetricsCsvWriter(csv)) {
            w.append(handler);
        }
        var back = MetricsCsvReader.read(csv).records();
        assertEquals(List.of(handler), back);
        assertEquals(ExecutionMode.WARMED, ExecutionMode.fromLabel(handler.executionMode()).orElseThrow());
    }

    @Test
    void failureKindAndAttemptsRoundTripAndOlderFilesReadAsOneAttempt(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("metrics.csv");
        MetricsRecord retried = new MetricsRecord("echo", "node3", 5, 30, "Round Robin - Warmed", 0.3,
                Instant.parse("2026-11-26T10:00:00Z"), "id-3", "run-1", "", "round-robin", ExecutionMode.WARMED,
                InvocationStatus.FAILED, null, StateCheck.UNKNOWN, new Timings(0, -1, -1, -1),
                faastestbed.common.model.InvocationPath.EXEC, Double.NaN, 0, -1, ContainerUse.NONE,
                faastestbed.common.model.Source.REAL, faastestbed.common.model.Failure.PLATFORM, 2);
        try (var w = new MetricsCsvWriter(csv)) {
            w.append(retried);
            w.append(sample("fib", 1));
        }
        List<String> lines = Files.readAllLines(csv);
        assertTrue(lines.get(0).endsWith(",Source,Failure,Attempts"), lines.get(0));
        assertTrue(lines.get(1).endsWith(",real,platform,2"), lines.get(1));
        assertTrue(lines.get(2).endsWith(",real,,1"), lines.get(2));
        assertEquals(List.of(retried, sample("fib", 1)), MetricsCsvReader.read(csv).records());

        String old = """
                Function,Node,CPU Usage %,RAM Usage %,Execution Mode,Execution Time (s),Status
                echo,node1,1,2,Round Robin - Warmed,0.2,failed
                """;
        MetricsRecord r = MetricsCsvReader.read(Path.of("old.csv"), new StringReader(old)).records().get(0);
        assertEquals(faastestbed.common.model.Failure.NONE, r.failure());
        assertEquals(1, r.attempts());
        String bad = """
                Function,Node,CPU Usage %,RAM Usage %,Execution Mode,Execution Time (s),Failure,Attempts
                echo,node1,1,2,Round Robin - Warmed,0.2,gremlins,1
                echo,node1,1,2,Round Robin - Warmed,0.2,function,-1
                """;
        var result = MetricsCsvReader.read(Path.of("bad.csv"), new StringReader(bad));
        assertEquals(2, result.problems().size(), result.problems().toString());
        assertTrue(result.problems().get(0).toString().contains("unknown Failure: gremlins"), result.problems().toString());
    }

    @Test
    void labelsWithoutAPathColumnSayThePath() throws Exception {
        String old = """
                Function,Node,CPU Usage %,RAM Usage %,Execution Mode,Execution Time (s)
                echo,node1,1,2,Round Robin - Warmed (handler),0.004
                echo,node1,1,2,Round Robin - Warmed,0.2
                """;
        var rows = MetricsCsvReader.read(Path.of("old.csv"), new StringReader(old)).records();
        assertEquals(faastestbed.common.model.InvocationPath.HANDLER, rows.get(0).path());
        assertEquals(faastestbed.common.model.InvocationPath.EXEC, rows.get(1).path());
        assertEquals(ExecutionMode.WARMED, rows.get(0).mode());
    }

    @Test
    void readsSeed003SixColumnFiles() throws Exception {
        String seed = """
                Function,Node,CPU Usage %,RAM Usage %,Execution Mode,Execution Time (s)
                heavy,node2,3.1,20.5,Round Robin - Cold,31.2
                light,node1,0.0,18.0,Warmed,0.41
                """;
        var result = MetricsCsvReader.read(Path.of("seed.csv"), new StringReader(seed));
        assertEquals(2, result.records().size());
        MetricsRecord cold = result.records().get(0);
        assertEquals(ExecutionMode.COLD, cold.mode());
        assertEquals(InvocationStatus.OK, cold.status());
        assertNull(cold.timestamp());
        assertEquals(-1, cold.timings().pullMs());
        assertEquals(ExecutionMode.WARMED, result.records().get(1).mode());
    }

    @Test
    void reportsMalformedRowsWithLineNumbersAndKeepsTheRest() throws Exception {
        String text = """
                Function,Node,CPU Usage %,RAM Usage %,Execution Mode,Execution Time (s)
                a,node1,1,2,Cold,abc
                b,node1,1,2,Cold,1.0
                ,node1,1,2,Cold,1.0
                c,node1
                """;
        var result = MetricsCsvReader.read(Path.of("x.csv"), new StringReader(text));
        assertEquals(1, result.records().size());
        assertEquals(3, result.problems().size());
        assertTrue(result.problems().get(0).toString().contains("x.csv:2"), result.problems().toString());
        assertTrue(result.problems().get(0).reason().contains("Execution Time (s)"));
    }

    @Test
    void rejectsFilesThatAreNotMetrics(@TempDir Path dir) throws Exception {
        var e = assertThrows(MetricsFormatException.class,
                () -> MetricsCsvReader.read(Path.of("y.csv"), new StringReader("a,b,c\n1,2,3\n")));
        assertTrue(e.getMessage().contains("missing column"), e.getMessage());
        assertThrows(MetricsFormatException.class, () -> MetricsCsvReader.read(dir.resolve("absent.csv")));
    }

    @Test
    void setsAsideAFileWithAnotherHeaderInsteadOfMixingFormats(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("metrics.csv");
        String seed = "Function,Node,CPU Usage %,RAM Usage %,Execution Mode,Execution Time (s)\nheavy,n,1,2,Cold,3\n";
        Files.writeString(csv, seed);
        try (var w = new MetricsCsvWriter(csv)) {
            w.append(sample("f", 1));
            assertTrue(w.setAside().isPresent());
            assertEquals(seed, Files.readString(w.setAside().get()));
        }
        assertEquals(1, MetricsCsvReader.read(csv).records().size());
    }

    @Test
    void concurrentAppendsNeverInterleaveRows(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("metrics.csv");
        try (var w = new MetricsCsvWriter(csv)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            for (int i = 0; i < 800; i++) {
                int n = i;
                pool.submit(() -> w.append(sample("f" + n, n)));
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
        var result = MetricsCsvReader.read(csv);
        assertTrue(result.problems().isEmpty());
        assertEquals(800, result.records().size());
        assertFalse(Files.readString(csv).contains("\r"));
    }
}
