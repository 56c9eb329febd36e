package faastestbed.gateway.metrics;

import faastestbed.common.metrics.MetricsColumn;
import faastestbed.common.metrics.MetricsCsvReader;
import faastestbed.common.metrics.MetricsRecord;
import faastestbed.common.metrics.Timings;
import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationStatus;
import faastestbed.common.model.StateCheck;
import io.quarkus.runtime.ShutdownEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsRecorderTest {
    @TempDir
    Path dir;

    private static MetricsRecord row(String id, double s, InvocationStatus status) {
        return new MetricsRecord("fib", status == InvocationStatus.REJECTED ? "" : "node1", 10.5, 20.25,
                "Round Robin - Warmed", s, Instant.parse("2026-01-02T03:04:05Z"), id, "run-1", "", "round-robin",
                ExecutionMode.WARMED, status, status == InvocationStatus.OK ? 0 : null, StateCheck.VERIFIED,
                new Timings(1, 2, -1, 40));
    }

    @Test
    void appendsFlushedRowsAndSummarises() throws Exception {
        Path file = dir.resolve("sub").resolve("metrics.csv");
        MetricsRecorder rec = new MetricsRecorder(file);
        assertEquals(file, rec.file());
        rec.record(row("a", 1.0, InvocationStatus.OK));
        rec.record(row("b", 3.0, InvocationStatus.OK));
        rec.record(row("c", 0.01, InvocationStatus.REJECTED));

        // flushed at once: readable before the recorder is closed
        List<MetricsRecord> read = MetricsCsvReader.read(file).records();
        assertEquals(List.of("a", "b", "c"), read.stream().map(MetricsRecord::invocationId).toList());
        assertEquals(InvocationStatus.REJECTED, read.get(2).status());

        MetricsSummary.Row r = rec.summary().rows().get(0);
        assertEquals(3, r.count());
        assertEquals(2, r.ok());
        assertEquals(1, r.failed());
        assertEquals(2.0, r.meanS(), 1e-9);

        // The table is rewritten off the request path, within about a second of new rows.
        Path table = dir.resolve("sub").resolve("metrics_table.txt");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.exists(table) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Files.readString(table).contains("Round Robin - Warmed"));
        rec.close(new ShutdownEvent());
        try (Stream<Path> files = Files.list(dir.resolve("sub"))) {
            assertEquals(List.of("metrics.csv", "metrics_table.txt"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary files left");
        }
    }

    @Test
    void keepsAndCountsEarlierRows() throws Exception {
        Path file = dir.resolve("metrics.csv");
        MetricsRecorder first = new MetricsRecorder(file);
        first.record(row("a", 1.0, InvocationStatus.OK));
        first.close(new ShutdownEvent());

        MetricsRecorder second = new MetricsRecorder(file);
        second.record(row("b", 2.0, InvocationStatus.OK));
        assertEquals(2, second.summary().rows().get(0).count());
        assertEquals(List.of("a", "b"), MetricsCsvReader.read(file).records().stream()
                .map(MetricsRecord::invocationId).toList());
        assertEquals(1, Files.readAllLines(file).stream().filter(l -> l.startsWith("Function,")).count(), "one header");
        second.close(new ShutdownEvent());
    }

    @Test
    void setsAsideAFileOfAnotherFormat() throws Exception {
        Path file = dir.resolve("metrics.csv");
        String seed003 = "Function,Node,CPU Usage %,RAM Usage %,Execution Mode,Execution Time (s)\n"
                + "fib,node1,10.0,20.0,Round Robin - Cold,1.5\n";
        Files.writeString(file, seed003);
        MetricsRecorder rec = new MetricsRecorder(file);
        assertEquals(0, rec.summary().rows().size());
        assertEquals(String.join(",", MetricsColumn.headings()), Files.readAllLines(file).get(0));
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> aside = files.filter(p -> p.getFileName().toString().matches("metrics\\.\\d+\\.csv")).toList();
            assertEquals(1, aside.size());
            assertEquals(seed003, Files.readString(aside.get(0)));
        }
        rec.close(new ShutdownEvent());
    }

    @Test
    void recentWalksBackFromTheNewestRowThroughTheFilter() throws Exception {
        MetricsRecorder rec = new MetricsRecorder(dir.resolve("metrics.csv"));
        for (int i = 0; i < 5; i++) {
            rec.record(row("r" + i, i, i % 2 == 0 ? InvocationStatus.OK : InvocationStatus.REJECTED));
        }
        assertEquals(List.of("r4", "r3", "r2"), rec.recent(3, r -> true).stream().map(MetricsRecord::invocationId).toList());
        assertEquals(List.of("r4", "r2", "r0"), rec.recent(10, r -> r.status() == InvocationStatus.OK).stream()
                .map(MetricsRecord::invocationId).toList());
        assertEquals(List.of(), rec.recent(10, r -> false));
        rec.close(new ShutdownEvent());
    }
}
